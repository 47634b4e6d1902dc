"""Anchor stage: claims and clean text in, each quote's span out, or a message saying why not."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from build_tools.anchor import anchor_claims, normalize
from build_tools.diagnostics import Diagnostics, Origin
from build_tools.model import AnchoredClaim, ClaimSpec, CleanArticle, OffsetMap, Span

ORIGIN = Origin("x.yml", 3, 5)
"""Where every test claim's quote is written."""


def article(text: str) -> CleanArticle:
    """A clean article `a` whose paragraphs are separated by blank lines."""
    paragraphs = []
    start = 0
    for paragraph in text.split("\n\n"):
        paragraphs.append((start, start + len(paragraph)))
        start += len(paragraph) + 2
    return CleanArticle("a", text, tuple(paragraphs), OffsetMap(()), (), None, None, None, None, ())


def anchor(text: str, quote: str, **fields: str) -> tuple[AnchoredClaim | None, list[str]]:
    """Anchor one claim `c` in `text`: the anchored claim (or None) and every diagnostic as printed."""
    diagnostics = Diagnostics()
    claims = anchor_claims(article(text), [ClaimSpec(ORIGIN, id="c", quote=quote, **fields)], diagnostics)  # type: ignore[arg-type]
    return (claims[0] if claims else None), [str(d) for d in diagnostics.sorted()]


def found(text: str, claim: AnchoredClaim | None) -> str:
    """The text the claim was anchored to."""
    assert claim is not None
    return text[claim.span.start : claim.span.end]


def test_exact_match() -> None:
    text = "The minister said talks had failed.\n\nNobody was surprised."
    claim, problems = anchor(text, "talks had failed")
    assert not problems
    assert claim is not None
    assert (claim.span, claim.method, claim.score) == (Span(18, 34), "exact", 100.0)
    assert str(claim.ref) == "a#c"


@pytest.mark.parametrize(
    ("text", "quote", "expected"),
    [
        ("She said: \u201cIt\u2019s over.\u201d", "\u201cIt's over.\"", "\u201cIt\u2019s over.\u201d"),
        ('She said: "It\'s over."', "\u201cIt\u2019s over.\u201d", '"It\'s over."'),
        ("A well\u2013known fact \u2014 sadly.", "well-known fact - sadly", "well\u2013known fact \u2014 sadly"),
        ("A well-known fact - sadly.", "well\u2014known fact \u2013 sadly", "well-known fact - sadly"),
        ("He said the talks\nhad failed today.", "the talks had failed", "the talks\nhad failed"),
        ("He said the talks had failed today.", "the talks\n  had failed", "the talks had failed"),
        ("THE TALKS HAD FAILED, he said.", "The talks had failed", "THE TALKS HAD FAILED"),
        ("He waited\u2026 and left.", "waited... and left", "waited\u2026 and left"),
    ],
)
def test_normalized_match_covers_the_original_text(text: str, quote: str, expected: str) -> None:
    claim, problems = anchor(text, quote)
    assert not problems
    assert claim is not None
    assert claim.method == "normalized"
    assert found(text, claim) == expected


def test_approximate_match_is_a_warning_with_the_text_found() -> None:
    text = "The minister said that the budget would never include any cuts to pensions at all."
    claim, problems = anchor(text, "the budget would never include any cut to pensions")
    assert problems == [
        (
            "x.yml:3:5: warning: quote matched approximately (99% similar); the article reads: "
            "'the budget would never include any cuts to pensions' ('cut' is 'cuts'); "
            "copy it exactly to silence this warning"
        )
    ]
    assert claim is not None
    assert claim.method == "approximate"
    assert found(text, claim) == "the budget would never include any cuts to pensions"
    assert 90 <= claim.score < 100


def test_quote_not_in_the_text_is_an_error_with_the_closest_text() -> None:
    text = "The minister said that the budget would never include any cuts to pensions at all.\n\nThe end."
    claim, problems = anchor(text, "the government will raise taxes on everyone")
    assert claim is None
    assert problems == [
        (
            "x.yml:3:5: error: quote not found in the article; the closest text (49% similar, "
            "paragraph 1: '…The minister said that [the budget would never include any cuts to pensions] at all.…') "
            "differs: 'government will raise taxes on everyone' is 'budget would never include any cuts to pensions'"
        )
    ]


def test_quote_in_an_empty_article() -> None:
    claim, problems = anchor("", "anything at all")
    assert claim is None
    assert problems == ["x.yml:3:5: error: quote not found: the article text is empty"]


AMBIGUOUS = "Roe said the deal is off. Later Doe said the deal is off again."


def test_ambiguous_quote_lists_the_places_and_suggests_a_prefix() -> None:
    claim, problems = anchor(AMBIGUOUS, "the deal is off")
    assert claim is None
    assert problems == [
        (
            "x.yml:3:5: error: ambiguous quote: it matches 2 places: "
            "(1) paragraph 1: '…Roe said [the deal is off]. Later Doe said the deal is o…'; "
            "(2) paragraph 1: '…e deal is off. Later Doe said [the deal is off] again.…'; "
            'add prefix: "Roe said" to pick match 1'
        )
    ]


def test_suggested_prefix_resolves_the_ambiguity() -> None:
    claim, problems = anchor(AMBIGUOUS, "the deal is off", prefix="Roe said")
    assert not problems
    assert claim is not None
    assert (claim.span, claim.method) == (Span(9, 24), "exact")


@pytest.mark.parametrize(
    "text",
    [
        # The prefix may differ only in case: matching ignores case, so the suggestion must too.
        "He said the deal is off. Later he said the deal is off again.",
        # "he said" is the end of "she said": a prefix must end on a word boundary.
        "He said the deal is off. Later she said the deal is off again.",
    ],
)
def test_suggested_prefix_always_resolves_the_ambiguity(text: str) -> None:
    _, problems = anchor(text, "the deal is off")
    assert len(problems) == 1
    assert problems[0].startswith("x.yml:3:5: error: ambiguous quote: it matches 2 places:")
    advice = problems[0].split('add prefix: "', 1)[1]
    prefix, picked = advice.split('" to pick match ')
    claim, problems = anchor(text, "the deal is off", prefix=prefix)
    assert not problems
    assert claim is not None
    starts = [m.start() for m in re.finditer("the deal is off", text)]
    start = starts[int(picked) - 1]
    assert claim.span == Span(start, start + len("the deal is off"))


def test_suffix_selects_the_match() -> None:
    claim, problems = anchor(AMBIGUOUS, "the deal is off", suffix="again")
    assert not problems
    assert claim is not None
    second = AMBIGUOUS.rindex("the deal")
    assert claim.span == Span(second, second + len("the deal is off"))


def test_prefix_that_fits_no_match_is_an_error() -> None:
    claim, problems = anchor(AMBIGUOUS, "the deal is off", prefix="Ann said")
    assert claim is None
    assert problems == [
        (
            "x.yml:3:5: error: quote found, but not with the given prefix/suffix; it appears at "
            "paragraph 1: '…Roe said [the deal is off]. Later Doe said the deal is o…'; "
            "paragraph 1: '…e deal is off. Later Doe said [the deal is off] again.…'"
        )
    ]


def test_cue_is_anchored_nearest_the_quote() -> None:
    text = "Talks failed, Roe said. Nobody doubted it.\n\n\u201cTalks failed,\u201d Roe said later."
    claim, problems = anchor(text, "\u201cTalks failed,\u201d", cue="Roe said")
    assert not problems
    assert claim is not None
    assert claim.cue_span == Span(text.rindex("Roe said"), text.rindex("Roe said") + len("Roe said"))


def test_cue_prefers_a_whole_word() -> None:
    text = "The unsaid rule: \u201cno cuts\u201d, Roe said."
    claim, problems = anchor(text, "no cuts", cue="said")
    assert not problems
    assert claim is not None
    assert claim.cue_span == Span(text.rindex("said"), len(text) - 1)


def test_cue_not_in_the_text_is_a_warning() -> None:
    claim, problems = anchor("Roe said talks had failed.", "talks had failed", cue="insisted")
    assert problems == ["x.yml:3:5: warning: cue 'insisted' not found in the article"]
    assert claim is not None
    assert claim.cue_span is None


# Properties ----------------------------------------------------------------------------------

_TEXT = st.text(alphabet="abcdeXY '\"-.\n", min_size=8, max_size=120)


def _occurrences(haystack: str, needle: str) -> int:
    return sum(1 for i in range(len(haystack)) if haystack.startswith(needle, i))


@st.composite
def _text_and_quote(draw: st.DrawFn) -> tuple[str, int, int]:
    text = draw(_TEXT)
    start = draw(st.integers(0, len(text) - 8))
    end = draw(st.integers(start + 8, len(text)))
    return text, start, end


@given(_text_and_quote())
def test_property_a_unique_substring_is_found_exactly(case: tuple[str, int, int]) -> None:
    text, start, end = case
    quote = text[start:end]
    assume(quote.strip())
    assume(_occurrences(text, quote) == 1)
    claim, problems = anchor(text, quote)
    assert not problems
    assert claim is not None
    assert (claim.span, claim.method) == (Span(start, end), "exact")


_CURLY = str.maketrans({"'": "\u2019", '"': "\u201c", "-": "\u2013"})


@given(_text_and_quote())
def test_property_curly_quotes_and_dashes_find_the_same_span(case: tuple[str, int, int]) -> None:
    text, start, end = case
    quote = text[start:end]
    # Normalized matching drops whitespace around a quote by design; keep the ends on text.
    assume(quote.strip() == quote)
    assume(any(mark in quote for mark in "'\"-"))
    curly = quote.translate(_CURLY)
    # Folding (case, whitespace runs, quote marks) must not create a second place for the quote.
    assume(_occurrences(normalize(text).text, normalize(curly).text) == 1)
    claim, problems = anchor(text, curly)
    assert not problems
    assert claim is not None
    assert (claim.span, claim.method) == (Span(start, end), "normalized")
