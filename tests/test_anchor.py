"""Anchor stage: claims and clean text in, each quote's span out, or a message saying why not."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from build_tools.anchor import allowed_edits, anchor_claims, normalize
from build_tools.clean import clean_article
from build_tools.diagnostics import Diagnostics, Origin
from build_tools.load import RawArticle
from build_tools.model import (
    AnchoredClaim,
    ClaimKind,
    ClaimSpec,
    CleanArticle,
    CleaningRules,
    LineRule,
    OffsetMap,
    Outlet,
    Span,
)

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


def claim(quote: str, claim_id: str = "c", **fields: str) -> ClaimSpec:
    """A claim written at ORIGIN; `kind` is given by its value (`indirect`), the rest as written."""
    kind = ClaimKind(fields.pop("kind", "direct"))
    return ClaimSpec(ORIGIN, id=claim_id, quote=quote, kind=kind, **fields)  # type: ignore[arg-type]


def anchor(text: str | CleanArticle, quote: str, **fields: str) -> tuple[AnchoredClaim | None, list[str]]:
    """Anchor one claim `c` in `text`: the anchored claim (or None) and every diagnostic as printed."""
    diagnostics = Diagnostics()
    clean = article(text) if isinstance(text, str) else text
    claims = anchor_claims(clean, [claim(quote, **fields)], diagnostics)
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
    assert claim.quote == "talks had failed"
    assert str(claim.ref) == "a#c"


@pytest.mark.parametrize(
    ("text", "quote", "expected"),
    [
        ("He said the talks\nhad failed today.", "the talks had failed", "the talks\nhad failed"),
        ("He said the talks had failed today.", "the talks\n  had failed", "the talks had failed"),
        ("He said the talks\u00a0had failed today.", "the talks had failed", "the talks\u00a0had failed"),
    ],
)
def test_a_match_that_differs_only_in_spacing_is_silent(text: str, quote: str, expected: str) -> None:
    claim, problems = anchor(text, quote)
    assert not problems
    assert claim is not None
    assert claim.method == "normalized"
    assert found(text, claim) == expected


@pytest.mark.parametrize(
    ("text", "quote", "expected", "ignored"),
    [
        (
            "She said: \u201cIt\u2019s over.\u201d",
            "\u201cIt's over.\"",
            "\u201cIt\u2019s over.\u201d",
            "quote marks, dashes or invisible characters",
        ),
        (
            'She said: "It\'s over."',
            "\u201cIt\u2019s over.\u201d",
            '"It\'s over."',
            "quote marks, dashes or invisible characters",
        ),
        (
            "A well\u2013known fact \u2014 sadly.",
            "well-known fact - sadly",
            "well\u2013known fact \u2014 sadly",
            "quote marks, dashes or invisible characters",
        ),
        ("THE TALKS HAD FAILED, he said.", "The talks had failed", "THE TALKS HAD FAILED", "differences of case"),
        (
            "He waited\u2026 and left.",
            "waited... and left",
            "waited\u2026 and left",
            "quote marks, dashes or invisible characters",
        ),
        ("It\u2019S OVER, he said.", "It's over", "It\u2019S OVER", "quote marks, dashes and case"),
        (
            "The gov\u00adern\u00adment said no.",
            "government said no",
            "gov\u00adern\u00adment said no",
            "quote marks, dashes or invisible characters",
        ),
    ],
)
def test_a_normalized_match_is_a_warning_with_the_article_words(
    text: str, quote: str, expected: str, ignored: str
) -> None:
    claim, problems = anchor(text, quote)
    assert problems == [
        (
            f"x.yml:3:5: warning: quote matches the article only when {ignored} are ignored; the article reads: "
            f"'{expected}'; copy it exactly to silence this warning"
        )
    ]
    assert claim is not None
    assert (claim.method, found(text, claim), claim.quote) == ("normalized", expected, expected)


PENSIONS = "The minister said that the budget would never include any cuts to pensions at all."


def test_approximate_match_of_a_paraphrase_is_a_warning_and_shows_the_article_words() -> None:
    claim, problems = anchor(PENSIONS, "the budget would never include any cut to pensions", kind="indirect")
    assert problems == [
        (
            "x.yml:3:5: warning: quote matched approximately (98% similar); the site shows the article's words: "
            "'the budget would never include any cuts to pensions' ('cut' is 'cuts'); "
            "copy them exactly to silence this warning"
        )
    ]
    assert claim is not None
    assert claim.method == "approximate"
    assert found(PENSIONS, claim) == claim.quote == "the budget would never include any cuts to pensions"
    assert claim.spec.quote == "the budget would never include any cut to pensions"
    assert 90 <= claim.score < 100


def test_approximate_match_of_a_direct_quote_is_an_error() -> None:
    claim, problems = anchor(PENSIONS, "the budget would never include any cut to pensions")
    assert claim is None
    assert problems == [
        (
            "x.yml:3:5: error: direct quote differs from the article (98% similar, paragraph 1: '…The minister said "
            "that [the budget would never include any cuts to pensions] at all.…'): 'cut' is 'cuts'; a direct "
            "quotation must be the article's exact words: copy 'the budget would never include any cuts to pensions' "
            "(or use kind: indirect for a paraphrase)"
        )
    ]


def test_a_changed_word_in_a_direct_quote_is_one_error() -> None:
    claim, problems = anchor("It will rain tomorrow in the north, she said.", "It will sleet tomorrow in the north")
    assert claim is None
    assert problems == [
        (
            "x.yml:3:5: error: quote not found in the article; the closest text (86% similar, paragraph 1: "
            "'…[It will rain tomorrow in the north], she said.…') differs: 'sleet' is 'rain'"
        )
    ]


@pytest.mark.parametrize(
    ("length", "edits"),
    [(5, 0), (11, 0), (12, 1), (25, 1), (26, 2), (40, 3), (53, 3), (100, 7), (1000, 71), (5000, 357)],
)
def test_allowed_edits_grow_with_the_quote(length: int, edits: int) -> None:
    assert allowed_edits(length) == edits


def test_a_two_word_quote_must_match_exactly_or_after_normalization() -> None:
    claim, problems = anchor("Budget cuts ahead, the minister warned.", "Budgte cuts", kind="indirect")
    assert claim is None
    assert problems == [
        (
            "x.yml:3:5: error: quote not found in the article; the closest text (82% similar, paragraph 1: "
            "'…[Budget cuts] ahead, the minister warned.…') differs: 'Budgte' is 'Budget'"
        )
    ]


@pytest.mark.parametrize(
    "quote",
    [
        "budget would never include any cut to pension",
        "e budget would never include any cut to pensions",
        "the budget would never include any cuts to pensionz",
        "budget would neve include any cuts to pensions",
    ],
)
def test_approximate_boundaries_land_on_the_article_words(quote: str) -> None:
    claim, _ = anchor(PENSIONS, quote, kind="indirect")
    assert claim is not None
    words = found(PENSIONS, claim)
    start, end = claim.span
    assert not PENSIONS[start - 1].isalnum(), words
    assert PENSIONS[start].isalnum(), words
    assert PENSIONS[end - 1].isalnum(), words
    assert not PENSIONS[end].isalnum(), words


def test_quote_not_in_the_text_is_an_error_with_the_closest_text() -> None:
    text = PENSIONS + "\n\nThe end."
    claim, problems = anchor(text, "the government will raise taxes on everyone")
    assert claim is None
    assert problems == [
        (
            "x.yml:3:5: error: quote not found in the article; the closest text (29% similar, "
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
        "He said the deal is off. Later he said the deal is off again.",
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


@pytest.mark.parametrize(
    ("prefix", "suffix", "picked"),
    [
        ("Later Doe said ", None, 2),
        ("ter Doe said ", None, 2),  # cut mid-word at its far end, as a W3C selector may be
        ("Roe said", None, 1),  # one letter tells "Roe said" from "Doe said"
        ("Roe said ", " again", 2),  # the sides disagree: the suffix fits exactly, the prefix by all but one letter
        ("oe said ", None, None),  # fits both places
        (None, ". Later Doe said the deal is o", 1),  # 32 characters ending mid-word
        (None, " again.", 2),
    ],
)
def test_context_may_have_any_length_and_cut_words(prefix: str | None, suffix: str | None, picked: int | None) -> None:
    fields = {k: v for k, v in (("prefix", prefix), ("suffix", suffix)) if v is not None}
    claim, problems = anchor(AMBIGUOUS, "the deal is off", **fields)
    starts = [m.start() for m in re.finditer("the deal is off", AMBIGUOUS)]
    if picked is None:
        assert claim is None
        assert len(problems) == 1
        assert problems[0].startswith(
            "x.yml:3:5: error: ambiguous quote: its prefix/suffix does not tell 2 places apart"
        )
    else:
        assert not problems
        assert claim is not None
        assert claim.span.start == starts[picked - 1]


def test_context_that_fits_both_places_equally_is_ambiguous() -> None:
    claim, problems = anchor(AMBIGUOUS, "the deal is off", prefix="oe said ")
    assert claim is None
    assert problems == [
        (
            "x.yml:3:5: error: ambiguous quote: its prefix/suffix does not tell 2 places apart (context fits 100%, 100%): "
            "(1) paragraph 1: '…Roe said [the deal is off]. Later Doe said the deal is o…'; "
            "(2) paragraph 1: '…e deal is off. Later Doe said [the deal is off] again.…'; "
            'add prefix: "Roe said" to pick match 1'
        )
    ]


def test_context_scores_a_unique_match_instead_of_rejecting_it() -> None:
    claim, problems = anchor(
        AMBIGUOUS, "Later Doe said", prefix="Advertisement. Roe said the deal is on.", suffix="xyz"
    )
    assert claim is not None
    assert found(AMBIGUOUS, claim) == "Later Doe said"
    assert len(problems) == 1
    assert problems[0].startswith("x.yml:3:5: warning: quote found, but its prefix/suffix no longer fits (")
    assert problems[0].endswith(
        "the text there reads …Roe said the deal is off. [Later Doe said] the deal is off again.…; update the prefix/suffix to match"
    )


def test_context_after_a_noise_line_still_chooses() -> None:
    text = "The finance minister said on Monday:\n\nAdvertisement\n\nthe deal is off.\n\nHer rival answered:\n\nthe deal is off."
    claim, problems = anchor(text, "the deal is off", prefix="The finance minister said on Monday:")
    assert not problems or problems[0].startswith(
        "x.yml:3:5: warning: quote found, but its prefix/suffix no longer fits"
    )
    assert claim is not None
    assert claim.span.start == text.index("the deal is off")


PRINTED_TWICE = "Roe: the deal is off for good now.\n\nLater, in Paris, Doe repeated: the deal is of for good now."


def test_a_passage_printed_twice_with_one_copy_changed_is_not_given_the_other_copy() -> None:
    # The claim was written on the second copy; a re-scrape changed one letter there. The first copy
    # still reads exactly like the quote, but the context says the claim belongs to the second.
    claim, problems = anchor(
        PRINTED_TWICE, "the deal is off for good now", prefix="in Paris, Doe repeated: ", kind="indirect"
    )
    assert claim is not None
    assert claim.span.start == PRINTED_TWICE.rindex("the deal")
    assert claim.quote == "the deal is of for good now"
    assert len(problems) == 1
    assert problems[0].startswith("x.yml:3:5: warning: quote matched approximately")


def test_a_direct_quote_printed_twice_with_its_copy_changed_is_an_error_naming_that_copy() -> None:
    claim, problems = anchor(PRINTED_TWICE, "the deal is off for good now", prefix="in Paris, Doe repeated: ")
    assert claim is None
    assert len(problems) == 1
    assert problems[0].startswith("x.yml:3:5: error: direct quote differs from the article (96% similar, paragraph 2:")


def test_without_context_the_unchanged_copy_is_the_only_match() -> None:
    claim, problems = anchor(PRINTED_TWICE, "the deal is off for good now")
    assert claim is not None
    assert claim.span.start == PRINTED_TWICE.index("the deal")
    assert not problems


def test_approximate_match_with_context_that_does_not_fit_is_refused() -> None:
    text = "Doe said the budget would never include any cuts to pensions at all."
    claim, problems = anchor(
        text, "the budget would never include any cut to pensions", kind="indirect", prefix="The opposition claimed "
    )
    assert claim is None
    assert len(problems) == 1
    assert "does not have the given prefix/suffix around it" in problems[0]


def test_two_claims_with_different_quotes_on_one_place_are_an_error() -> None:
    text = "The minister said that talks had failed.\n\nNobody was surprised."
    diagnostics = Diagnostics()
    claims = anchor_claims(
        article(text),
        [claim("talks had failed", "a"), claim("Talks had failed", "b", kind="indirect")],
        diagnostics,
    )
    assert [c.ref.claim_id for c in claims] == ["a"]
    assert [str(d) for d in diagnostics.errors] == [
        (
            "x.yml:3:5: error: claim 'b' lands on the same words as claim 'a' (line 3): paragraph 1: "
            "'…The minister said that [talks had failed].…'; two claims with different quotes or contexts cannot share "
            "one place: check the quote and its prefix/suffix"
        )
    ]


def test_two_claims_with_the_same_quote_and_context_may_share_a_place() -> None:
    diagnostics = Diagnostics()
    claims = anchor_claims(
        article("Talks had failed, both said."),
        [claim("Talks had failed", "a"), claim("Talks had failed", "b")],
        diagnostics,
    )
    assert [c.ref.claim_id for c in claims] == ["a", "b"]
    assert not diagnostics.items


NOISY = "WIRE\nTalks collapse\n\nShare this story\nThe minister said talks had failed.\n\nSign up for our newsletter\n"
OUTLETS = Origin("annotations/outlets.yml", 7, 9)


def _wire(**rules: tuple[LineRule, ...]) -> dict[str, Outlet]:
    detect = (LineRule(OUTLETS, pattern="^WIRE$"),)
    drop = (LineRule(OUTLETS, pattern="^WIRE$"), LineRule(OUTLETS, pattern="^Share this", reason="share buttons"))
    return {"wire": Outlet(OUTLETS, id="wire", cleaning=CleaningRules(detect=detect, drop_lines=drop, **rules))}  # type: ignore[arg-type]


def _clean(text: str, **rules: tuple[LineRule, ...]) -> CleanArticle:
    return clean_article(RawArticle("a", "articles/a.txt", text, "0" * 64), _wire(**rules), None, Diagnostics())


def test_a_quote_in_text_the_cleaner_removed_names_the_rule_and_how_to_keep_the_line() -> None:
    claim, problems = anchor(_clean(NOISY), "Share this story", kind="assertion")
    assert claim is None
    assert problems == [
        (
            "x.yml:3:5: error: quote is in text the cleaner removed: line 4 of the raw article ('Share this story'), "
            "removed as noise: share buttons by the rule at annotations/outlets.yml:7:9; to keep it, add under "
            "'cleaning:' in this file: keep_lines: ['^Share\\ this\\ story$']"
        )
    ]


def test_context_that_runs_into_removed_lines_fits_the_raw_text() -> None:
    clean = _clean(NOISY + "\nLater the minister said talks had failed again.\n")
    claim, problems = anchor(clean, "talks had failed", prefix="Share this story\nThe minister said ")
    assert not problems
    assert claim is not None
    assert claim.span.start == clean.text.index("talks had failed")
    assert claim.raw_span is not None
    assert clean.raw_text[claim.raw_span.start : claim.raw_span.end] == "talks had failed"


def test_a_long_quote_with_edits_anchors_exactly_with_bounded_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pathological case: 5,000 characters with edits in 30,000 (the old window search took 100 s).

    Work is pinned, not time: the alignments made must cover the text a bounded number of times.
    """
    import random  # noqa: PLC0415 - only this test needs it

    from build_tools import anchor as stage  # noqa: PLC0415

    chooser = random.Random(7)
    vocabulary = [
        "".join(chooser.choice("abcdefghijklmnop") for _ in range(chooser.randint(2, 9))) for _ in range(3000)
    ]
    text = " ".join(chooser.choice(vocabulary) for _ in range(6000))[:30000]
    start = text.index(" ", 10000) + 1
    end = text.index(" ", 15000)
    quote = text[start:end]
    edited = quote[:100] + "XYZ" + quote[103:2500] + "Q" + quote[2501:]
    compared: list[int] = []
    real = stage.fuzz.partial_ratio_alignment

    def counting(needle: str, haystack: str, **options: object) -> object:
        compared.append(len(haystack))
        return real(needle, haystack, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(stage.fuzz, "partial_ratio_alignment", counting)
    claim, problems = anchor(text, edited, kind="indirect")
    assert claim is not None
    assert claim.span == Span(start, end)
    assert len(problems) == 1
    assert len(compared) <= 8
    assert sum(compared) <= 2 * len(text)


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
    assert len(problems) == 1
    assert problems[0].startswith("x.yml:3:5: warning: quote matches the article only when")
    assert claim is not None
    assert (claim.span, claim.method) == (Span(start, end), "normalized")


@st.composite
def _repeated_quote_with_context(draw: st.DrawFn) -> tuple[str, str, str, str, int]:
    """A text in which a quote appears twice, and a W3C-style context of one occurrence (any length, cut anywhere)."""
    words = st.text(alphabet="abcdefgh", min_size=1, max_size=7)
    left = draw(st.lists(words, min_size=3, max_size=12).map(" ".join))
    middle = draw(st.lists(words, min_size=3, max_size=12).map(" ".join))
    right = draw(st.lists(words, min_size=3, max_size=12).map(" ".join))
    quote = "QQ " + draw(st.lists(words, min_size=1, max_size=4).map(" ".join)) + " QQ"
    text = f"{left} {quote} {middle} {quote} {right}"
    occurrence = draw(st.sampled_from([0, 1]))
    start = [m.start() for m in re.finditer(re.escape(quote), text)][occurrence]
    end = start + len(quote)
    size = draw(st.integers(1, 40))
    prefix = text[max(0, start - size) : start]
    suffix = text[end : end + draw(st.integers(1, 40))]
    return text, quote, prefix, suffix, start


@given(_repeated_quote_with_context())
def test_property_context_cut_anywhere_picks_the_right_copy_or_says_it_cannot(
    case: tuple[str, str, str, str, int],
) -> None:
    text, quote, prefix, suffix, start = case
    assume(text.count(quote) == 2)
    claim, problems = anchor(text, quote, prefix=prefix, suffix=suffix)
    if claim is None:
        # Context identical around both copies cannot tell them apart; that is the only excuse.
        other = next(m.start() for m in re.finditer(re.escape(quote), text) if m.start() != start)
        assert text[max(0, other - len(prefix)) : other].endswith(prefix[-8:]) or text[other + len(quote) :].startswith(
            suffix[:8]
        )
        assert problems[0].startswith("x.yml:3:5: error: ambiguous quote")
    else:
        assert claim.span.start == start, problems
