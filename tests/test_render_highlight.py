"""Render stage, highlighting: clean text and claim spans in, well-nested HTML with claims marked out."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools.render.highlight import Highlight, Mention, find_mentions, name_index, render_text

VOID = {"br"}


@dataclass
class Fragment:
    """One `<mark>` of a claim as found in the HTML."""

    attrs: dict[str, str | None]
    """Its attributes."""
    has_pin: bool = False
    """Whether its marker and card (`span.claim-pin`) sit directly in it."""


@dataclass
class Parsed:
    """What the checker found in rendered HTML."""

    texts: dict[str, str] = field(default_factory=lambda: defaultdict(str))
    """Each claim's text: everything inside its marks except markers and cards."""
    fragments: dict[str, list[Fragment]] = field(default_factory=lambda: defaultdict(list))
    """Each claim's marks, in order."""
    mentions: list[tuple[str, str]] = field(default_factory=list)
    """(href, text) of every mention link."""


class _Checker(HTMLParser):
    """Fails on any end tag that does not close the innermost open element; collects claim texts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.result = Parsed()
        self.mention: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in VOID:
            return
        if tag == "span" and values.get("class") == "claim-pin":
            key = self.stack[-1][1]["data-claim"] if self.stack and self.stack[-1][0] == "mark" else None
            assert key is not None, "a claim pin must sit directly inside its mark"
            self.result.fragments[key][-1].has_pin = True
        if tag == "mark":
            self.result.fragments[str(values["data-claim"])].append(Fragment(values))
        if tag == "a" and values.get("class") == "mention":
            self.mention = [str(values["href"])]
        self.stack.append((tag, values))

    def handle_endtag(self, tag: str) -> None:
        assert tag not in VOID
        assert self.stack, f"</{tag}> closes nothing"
        open_tag, values = self.stack.pop()
        assert open_tag == tag, f"</{tag}> closes <{open_tag}>"
        if tag == "a" and values.get("class") == "mention" and self.mention is not None:
            self.result.mentions.append((self.mention[0], "".join(self.mention[1:])))
            self.mention = None

    def handle_data(self, data: str) -> None:
        if any(tag == "span" and values.get("class") == "claim-pin" for tag, values in self.stack):
            return
        for tag, values in self.stack:
            if tag == "mark":
                self.result.texts[str(values["data-claim"])] += data
        if self.mention is not None:
            self.mention.append(data)


def parse(html: str) -> Parsed:
    """Check that `html` is well nested and return what it holds."""
    checker = _Checker()
    checker.feed(html)
    checker.close()
    assert not checker.stack, f"unclosed: {checker.stack}"
    return checker.result


def paragraphs_of(text: str) -> list[tuple[int, int]]:
    """(start, end) of the blank-line separated paragraphs of `text`."""
    spans = []
    start = 0
    for paragraph in text.split("\n\n"):
        spans.append((start, start + len(paragraph)))
        start += len(paragraph) + 2
    return spans


def claim(text: str, key: str, quote: str, number: int = 1, occurrence: int = 0) -> Highlight:
    """A highlight of `quote` (its `occurrence`-th appearance) in `text`."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    return Highlight(start, start + len(quote), key, "direct", number, f"<b>card {key}</b>", f"Claim {number}")


def expected_text(text: str, highlight: Highlight) -> str:
    """The claimed text as rendered: paragraph separators are not inside any paragraph."""
    return "".join(text[max(start, highlight.start) : min(end, highlight.end)] for start, end in paragraphs_of(text))


def render(text: str, highlights: list[Highlight], mentions: list[Mention] | None = None) -> tuple[str, Parsed]:
    html = render_text(text, paragraphs_of(text), highlights, mentions or [])
    return html, parse(html)


def assert_claims_rendered(text: str, highlights: list[Highlight], parsed: Parsed) -> None:
    """Each claim's fragments spell its text; exactly one fragment carries the id and the marker."""
    for highlight in highlights:
        key = highlight.key
        assert parsed.texts[key] == expected_text(text, highlight), key
        fragments = parsed.fragments[key]
        with_id = [f for f in fragments if f.attrs.get("id") == f"claim-text-{key}"]
        assert len(with_id) == 1, key
        assert [f for f in fragments if f.has_pin] == with_id, key
        assert fragments[0] is with_id[0], key
        assert all("claim--cont" in str(f.attrs["class"]) for f in fragments[1:]), key


TEXT = (
    "The minister said: We will not sign a budget that cuts pensions, and we mean it.\n\n"
    "Jane Roe added that talks had failed. John Doe called it a fantasy."
)


def test_nested_claims() -> None:
    outer = claim(TEXT, "outer", "We will not sign a budget that cuts pensions, and we mean it", 1)
    inner = claim(TEXT, "inner", "a budget that cuts pensions", 2)
    html, parsed = render(TEXT, [outer, inner])
    assert_claims_rendered(TEXT, [outer, inner], parsed)
    assert len(parsed.fragments["outer"]) == 1
    assert len(parsed.fragments["inner"]) == 1
    assert html.count("<p>") == 2


def test_crossing_claims_are_split_into_fragments() -> None:
    first = claim(TEXT, "first", "We will not sign a budget", 1)
    second = claim(TEXT, "second", "a budget that cuts pensions", 2)
    _, parsed = render(TEXT, [first, second])
    assert_claims_rendered(TEXT, [first, second], parsed)
    assert len(parsed.fragments["second"]) == 2


def test_claim_spanning_two_paragraphs() -> None:
    start = TEXT.index("and we mean it")
    end = TEXT.index(" John Doe")
    across = Highlight(start, end, "across", "indirect", 1, "card", "Claim 1")
    inside = claim(TEXT, "inside", "talks had failed", 2)
    _, parsed = render(TEXT, [across, inside])
    assert_claims_rendered(TEXT, [across, inside], parsed)
    assert len(parsed.fragments["across"]) == 2


def test_same_span_and_same_start_claims() -> None:
    whole = claim(TEXT, "whole", "talks had failed", 1)
    twin = claim(TEXT, "twin", "talks had failed", 2)
    head = claim(TEXT, "head", "talks had", 3)
    tail = claim(TEXT, "tail", "had failed", 4)
    _, parsed = render(TEXT, [whole, twin, head, tail])
    assert_claims_rendered(TEXT, [whole, twin, head, tail], parsed)


JANE = ("../../speakers/jane-roe/", "Jane Roe")
JOHN = ("../../speakers/john-doe/", "John Doe")
NAMES = {"Jane Roe": JANE, "John Doe": JOHN}


def test_mentions_inside_claims_are_linked() -> None:
    said = claim(TEXT, "said", "Jane Roe added that talks had failed", 1)
    mentions = find_mentions(TEXT, name_index(NAMES), lambda target: target)
    _, parsed = render(TEXT, [said], mentions)
    assert_claims_rendered(TEXT, [said], parsed)
    assert parsed.mentions == [JANE, JOHN]


@pytest.mark.parametrize(
    ("quote", "linked"),
    [
        ("Roe added that talks", [JOHN]),  # "Jane Roe" crosses the claim's start.
        ("talks had failed. John", [JANE]),  # "John Doe" crosses the claim's end.
        ("Roe", [JOHN]),  # The claim sits inside "Jane Roe".
        ("Jane Roe added", [JANE, JOHN]),  # Edges meet: no crossing.
    ],
)
def test_mention_crossing_a_claim_edge_is_not_linked(quote: str, linked: list[tuple[str, str]]) -> None:
    crossing = claim(TEXT, "crossing", quote, 1)
    _, parsed = render(TEXT, [crossing], find_mentions(TEXT, name_index(NAMES), lambda target: target))
    assert_claims_rendered(TEXT, [crossing], parsed)
    assert parsed.mentions == linked


def test_many_overlapping_claims_and_mentions() -> None:
    quotes = [
        "We will not sign a budget that cuts pensions, and we mean it",
        "not sign a budget",
        "budget that cuts pensions, and we mean it.\n\nJane Roe added",
        "cuts pensions",
        "Roe added that talks had failed. John",
        "talks had failed",
        "Doe called it a fantasy",
    ]
    highlights = [claim(TEXT, f"c{n}", quote, n) for n, quote in enumerate(quotes, start=1)]
    _, parsed = render(TEXT, highlights, find_mentions(TEXT, name_index(NAMES), lambda target: target))
    assert_claims_rendered(TEXT, highlights, parsed)


def test_text_is_escaped() -> None:
    text = 'He wrote <script>alert("x")</script> & left.\n\nR&D <b>bold</b> claim.'
    hostile = claim(text, "hostile", '<script>alert("x")</script> & left', 1)
    second = claim(text, "second", "R&D <b>bold</b>", 2)
    html, parsed = render(text, [hostile, second])
    assert "<script>" not in html
    assert "<b>bold</b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; left" in html
    assert "R&amp;D &lt;b&gt;bold&lt;/b&gt;" in html
    assert_claims_rendered(text, [hostile, second], parsed)


def test_line_break_inside_a_paragraph_becomes_br() -> None:
    text = "First line\nsecond line"
    both = claim(text, "both", "line\nsecond", 1)
    html, parsed = render(text, [both])
    assert "<br>\n" in html
    assert_claims_rendered(text, [both], parsed)


@settings(max_examples=200, deadline=None)
@given(
    names=st.sets(
        st.text(alphabet="AaBb .", min_size=1, max_size=6).map(str.strip).filter(bool), min_size=1, max_size=8
    ),
    text=st.text(alphabet="AaBb .\n", max_size=80),
)
def test_names_are_found_where_a_longest_first_alternation_finds_them(names: set[str], text: str) -> None:
    index = name_index({name: ("speakers/x.md", name) for name in names})
    alternation = "|".join(re.escape(n) for n in sorted(names, key=lambda n: (-len(n), n)))
    plain = re.compile(rf"(?<![\w])(?:{alternation})(?![\w])")
    assert index.pattern is not None
    assert [(m.start(), m.group()) for m in index.pattern.finditer(text)] == [
        (m.start(), m.group()) for m in plain.finditer(text)
    ]
