"""Render stage, highlighting: clean text and claim spans in, well-nested HTML with claims marked out."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools.render.highlight import Highlight, Mention, find_mentions, name_index, render_text
from tests.htmltree import Node, nesting_problems, parse


def is_pin(node: Node) -> bool:
    """Whether the element is a claim's marker and card (`span.claim-pin`), which are not the claim's words."""
    return node.matches("span", "claim-pin")


def checked_tree(html: str) -> Node:
    """The rendered HTML as a tree, after checking that it is well nested and every claim pin sits directly in its mark."""
    problems = nesting_problems(html)
    assert not problems, problems
    tree = parse(html)
    for pin in tree.find_all("span", cls="claim-pin"):
        assert pin.parent is not None, pin
        assert pin.parent.tag == "mark", f"a claim pin must sit directly inside its mark, not in {pin.parent}"
    return tree


def fragments(tree: Node, key: str) -> list[Node]:
    """A claim's marks, in document order."""
    return tree.find_all("mark", data_claim=key)


def claim_text(tree: Node, key: str) -> str:
    """A claim's text: everything inside its marks except markers and cards."""
    return "".join(mark.text(skip=is_pin) for mark in fragments(tree, key))


def has_pin(mark: Node) -> bool:
    """Whether the claim's marker and card sit directly in this mark."""
    return any(isinstance(child, Node) and is_pin(child) for child in mark.children)


def claim_ids(key: str) -> set[str]:
    """The ids the words of a claim may carry: its own permanent id, or the id of the words beside its block."""
    return {f"claim-{key}", f"claim-text-{key}"}


def mention_links(tree: Node) -> list[tuple[str, str]]:
    """(href, text) of every mention link."""
    return [(a.get("href"), a.text()) for a in tree.find_all("a", cls="mention")]


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
    return Highlight(start, start + len(quote), key, "direct", number, label=f"Claim {number}")


def expected_text(text: str, highlight: Highlight) -> str:
    """The claimed text as rendered: paragraph separators are not inside any paragraph."""
    return "".join(text[max(start, highlight.start) : min(end, highlight.end)] for start, end in paragraphs_of(text))


def render(text: str, highlights: list[Highlight], found: list[Mention] | None = None) -> tuple[str, Node]:
    html = render_text(text, paragraphs_of(text), highlights, found or [])
    return html, checked_tree(html)


def assert_claims_rendered(text: str, highlights: list[Highlight], tree: Node) -> None:
    """Each claim's fragments spell its text; exactly one fragment, the first, carries the id and the marker."""
    for highlight in highlights:
        key = highlight.key
        assert claim_text(tree, key) == expected_text(text, highlight), key
        marks = fragments(tree, key)
        with_id = [mark for mark in marks if mark.get("id") in claim_ids(key)]
        assert len(with_id) == 1, key
        assert [mark for mark in marks if has_pin(mark)] == with_id, key
        assert marks[0] is with_id[0], key
        assert all("claim--cont" in mark.classes for mark in marks[1:]), key


TEXT = (
    "The minister said: We will not sign a budget that cuts pensions, and we mean it.\n\n"
    "Jane Roe added that talks had failed. John Doe called it a fantasy."
)


def test_nested_claims() -> None:
    outer = claim(TEXT, "outer", "We will not sign a budget that cuts pensions, and we mean it", 1)
    inner = claim(TEXT, "inner", "a budget that cuts pensions", 2)
    html, tree = render(TEXT, [outer, inner])
    assert_claims_rendered(TEXT, [outer, inner], tree)
    assert len(fragments(tree, "outer")) == 1
    assert len(fragments(tree, "inner")) == 1
    assert html.count("<p>") == 2


def test_crossing_claims_are_split_into_fragments() -> None:
    first = claim(TEXT, "first", "We will not sign a budget", 1)
    second = claim(TEXT, "second", "a budget that cuts pensions", 2)
    _, tree = render(TEXT, [first, second])
    assert_claims_rendered(TEXT, [first, second], tree)
    assert len(fragments(tree, "second")) == 2


def test_claim_spanning_two_paragraphs() -> None:
    start = TEXT.index("and we mean it")
    end = TEXT.index(" John Doe")
    across = Highlight(start, end, "across", "indirect", 1, label="Claim 1")
    inside = claim(TEXT, "inside", "talks had failed", 2)
    _, tree = render(TEXT, [across, inside])
    assert_claims_rendered(TEXT, [across, inside], tree)
    assert len(fragments(tree, "across")) == 2


def test_same_span_and_same_start_claims() -> None:
    whole = claim(TEXT, "whole", "talks had failed", 1)
    twin = claim(TEXT, "twin", "talks had failed", 2)
    head = claim(TEXT, "head", "talks had", 3)
    tail = claim(TEXT, "tail", "had failed", 4)
    _, tree = render(TEXT, [whole, twin, head, tail])
    assert_claims_rendered(TEXT, [whole, twin, head, tail], tree)


JANE = ("../../speakers/jane-roe/", "Jane Roe")
JOHN = ("../../speakers/john-doe/", "John Doe")
NAMES = {"Jane Roe": JANE, "John Doe": JOHN}


def test_mentions_inside_claims_are_linked() -> None:
    said = claim(TEXT, "said", "Jane Roe added that talks had failed", 1)
    mentions = find_mentions(TEXT, name_index(NAMES), lambda target: target)
    _, tree = render(TEXT, [said], mentions)
    assert_claims_rendered(TEXT, [said], tree)
    assert mention_links(tree) == [JANE, JOHN]


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
    _, tree = render(TEXT, [crossing], find_mentions(TEXT, name_index(NAMES), lambda target: target))
    assert_claims_rendered(TEXT, [crossing], tree)
    assert mention_links(tree) == linked


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
    _, tree = render(TEXT, highlights, find_mentions(TEXT, name_index(NAMES), lambda target: target))
    assert_claims_rendered(TEXT, highlights, tree)


def test_text_is_escaped() -> None:
    text = 'He wrote <script>alert("x")</script> & left.\n\nR&D <b>bold</b> claim.'
    hostile = claim(text, "hostile", '<script>alert("x")</script> & left', 1)
    second = claim(text, "second", "R&D <b>bold</b>", 2)
    html, tree = render(text, [hostile, second])
    assert "<script>" not in html
    assert "<b>bold</b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; left" in html
    assert "R&amp;D &lt;b&gt;bold&lt;/b&gt;" in html
    assert_claims_rendered(text, [hostile, second], tree)


def test_the_words_carry_the_permanent_id_and_the_marker_leads_to_the_note() -> None:
    said = claim(TEXT, "said", "talks had failed", 3)
    renamed = Highlight(said.start, said.end, "said", "direct", 3, label="Claim 3: Jane Roe", aliases=("claim-old",))
    _, tree = render(TEXT, [renamed])
    (first,) = fragments(tree, "said")
    assert first.get("id") == "claim-said"
    # An old address of the renamed claim lands on the same words.
    assert [span.get("id") for span in first.find_all("span", cls="claim-alias")] == ["claim-old"]
    (marker,) = first.find_all("a", cls="claim-marker")
    assert marker.get("href") == "#note-said"
    assert marker.get("aria-label") == "Claim 3: Jane Roe"
    assert marker.text() == "3"


def test_line_break_inside_a_paragraph_becomes_br() -> None:
    text = "First line\nsecond line"
    both = claim(text, "both", "line\nsecond", 1)
    html, tree = render(text, [both])
    assert "<br>\n" in html
    assert_claims_rendered(text, [both], tree)


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
