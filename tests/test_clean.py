"""Clean stage: raw text and outlet rules in, the text readers see out, with its log and offset map."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from build_tools.clean import clean_article
from build_tools.diagnostics import Diagnostics, Origin
from build_tools.link import Archive
from build_tools.load import RawArticle
from build_tools.model import Annotation, ArticleMeta, CleanArticle, CleaningRules, LineRule, Outlet, TimestampRule
from build_tools.pipeline import PipelineResult

RT = "rt-2017-08-02-false-from-start-to-finish"
TASS = "tass-2017-08-02-secret-graves"
DAILY = "daily-2020-01-01-budget"
HERALD = "herald-2020-01-02-budget"


@pytest.fixture(name="seed_archive")
def fixture_seed_archive(seed_result: PipelineResult) -> Archive:
    """The seed archive, linked (the seed must build)."""
    assert seed_result.archive is not None, [str(d) for d in seed_result.diagnostics.errors]
    return seed_result.archive


def clean_raw(text: str, outlet: Outlet | None = None) -> tuple[CleanArticle, RawArticle]:
    """Clean `text` as the article `x`, with `outlet`'s rules if given, else no rules at all."""
    raw = RawArticle("x", "articles/x.txt", text, "0" * 64)
    outlets = {outlet.id: outlet} if outlet else {}
    return clean_article(raw, outlets, None, Diagnostics()), raw


def assert_offsets_map_back(clean: CleanArticle, raw_text: str) -> None:
    """Every segment copies raw text exactly; everything outside the segments is a separator."""
    covered: set[int] = set()
    previous_end = 0
    for clean_start, raw_start, length in clean.offsets.segments:
        assert clean_start >= previous_end, "segments must be sorted and not overlap"
        piece = clean.text[clean_start : clean_start + length]
        assert piece == raw_text[raw_start : raw_start + length], (clean_start, raw_start, length)
        covered.update(range(clean_start, clean_start + length))
        previous_end = clean_start + length
    uncovered = {clean.text[i] for i in range(len(clean.text)) if i not in covered}
    assert uncovered <= {"\n", " "}, uncovered


# The seed archive ----------------------------------------------------------------------------


def test_rt_noise_lines_are_logged_with_their_reasons(seed_archive: Archive) -> None:
    clean = seed_archive.articles[RT].clean
    assert [(entry.raw_line, entry.reason) for entry in clean.log] == [
        (1, "noise: share and player icon names"),
        (2, "publication time (shown in the article's metadata)"),
        (4, "title detected: line 4, repeated"),
        (6, "repeated headline"),
        (22, "read-more link (kept as a reference)"),
        (40, "read-more link (kept as a reference)"),
        (44, "trailer: podcast player residue (this line and all after it)"),
    ]
    assert clean.log[1].text == "2 Aug, 2017 19:09"
    assert "icon bookmark" not in clean.text
    assert "READ MORE" not in clean.text
    assert "Podcasts" not in clean.text


def test_rt_headline_timestamp_and_read_more(seed_archive: Archive) -> None:
    clean = seed_archive.articles[RT].clean
    assert clean.title == (
        "'False from start to finish': Russian defense ministry slams Reuters report on military casualties"
    )
    # The headline is text the outlet printed: it stays in the text, once, marked as the headline.
    assert clean.headline is not None
    assert clean.text[clean.headline.start : clean.headline.end] == clean.title
    assert clean.text.count(clean.title) == 1
    assert clean.published == "2017-08-02T19:09"
    assert clean.outlet == "rt"
    assert clean.read_more == (
        "'We’re bad day away from Russians asking, ‘Why are you still in Syria?’ – top US commander",
        "US special operations chief confirms end of CIA support for anti-Assad forces in Syria",
    )
    assert clean.text[clean.body_start :].startswith("A Reuters report which claims the Russian death toll")


def test_tass_breadcrumb_headline_and_dateline(seed_archive: Archive) -> None:
    clean = seed_archive.articles[TASS].clean
    assert [(entry.raw_line, entry.text, entry.reason) for entry in clean.log] == [
        (1, "All news", "noise: breadcrumb"),
        (
            3,
            "Defense Ministry refutes allegations of secret Russian soldiers graves in Syria as rumors",
            "title detected: line 3, the first line that reads like one",
        ),
    ]
    assert clean.log[0].rule is not None
    assert clean.log[0].rule.path == "annotations/outlets.yml"
    assert clean.text.startswith(clean.title or "-")
    assert clean.outlet == "tass"
    assert clean.dateline == "Moscow"


@pytest.mark.parametrize("article_id", [RT, TASS])
def test_seed_offsets_map_back_to_the_raw_text(seed_archive: Archive, article_id: str) -> None:
    article = seed_archive.articles[article_id]
    assert_offsets_map_back(article.clean, article.raw.text)


# The tiny archive ----------------------------------------------------------------------------


def test_tiny_cleaning_log(tiny_linked: Archive) -> None:
    clean = tiny_linked.articles[DAILY].clean
    assert [(entry.raw_line, entry.display_text, entry.reason) for entry in clean.log] == [
        (1, "Home | World | Share", "noise: navigation"),
        (2, "Budget talks collapse", "title detected: line 2, repeated"),
        (4, "Budget talks collapse", "repeated headline"),
        (5, "1 Jan, 2020 10:30", "publication time (shown in the article's metadata)"),
        (11, "READ MORE: Pensions explained", "read-more link (kept as a reference)"),
        (15, "Newsletter / Sign up today", "trailer: newsletter box (this line and all after it)"),
    ]
    raw = tiny_linked.articles[DAILY].raw.text
    for entry in clean.log:
        if entry.removed:
            assert raw[entry.start : entry.end] == entry.text


def test_tiny_detected_metadata(tiny_linked: Archive) -> None:
    clean = tiny_linked.articles[DAILY].clean
    assert (clean.title, clean.published, clean.dateline, clean.outlet, clean.read_more) == (
        "Budget talks collapse",
        "2020-01-01T10:30",
        "London",
        "daily",
        ("Pensions explained",),
    )


def test_tiny_clean_text_and_paragraphs(tiny_linked: Archive) -> None:
    clean = tiny_linked.articles[DAILY].clean
    paragraphs = [clean.text[start:end] for start, end in clean.paragraphs]
    assert paragraphs == [
        "Budget talks collapse",
        "LONDON, January 1. The finance minister, Jane Roe, said talks had failed.",
        '"We will not sign a budget that cuts pensions," Roe said on Monday.',
        "The opposition leader John Doe called the claim 'a fantasy — nothing more'.",
    ]
    assert clean.text == "\n\n".join(paragraphs)


def test_trailer_removes_everything_after_it(tiny_linked: Archive) -> None:
    clean = tiny_linked.articles[DAILY].clean
    assert "Newsletter" not in clean.text
    assert "Sign up today" not in clean.text


def test_without_rules_nothing_goes(tiny_linked: Archive) -> None:
    clean = tiny_linked.articles[HERALD].clean
    assert clean.title == "Minister: no pension cuts"
    assert clean.outlet == "herald"
    assert clean.dateline is None
    assert clean.published is None
    assert clean.text == (
        "Minister: no pension cuts\n\n"
        "HERALD - Jane Roe insisted: \u201cWe will not sign a budget that cuts pensions.\u201d\n\nDoe disagreed."
    )
    assert clean.headline == (0, len("Minister: no pension cuts"))


@pytest.mark.parametrize("article_id", [DAILY, HERALD, "herald-2020-01-03-unannotated"])
def test_tiny_offsets_map_back_to_the_raw_text(tiny_linked: Archive, article_id: str) -> None:
    article = tiny_linked.articles[article_id]
    assert_offsets_map_back(article.clean, article.raw.text)


# Rules built directly ------------------------------------------------------------------------

OUTLETS_YML = Origin("annotations/outlets.yml", 1, 1)


def rule(pattern: str, reason: str = "") -> LineRule:
    """A line rule as if written in `outlets.yml`."""
    return LineRule(OUTLETS_YML, pattern=pattern, reason=reason)


def wire(**rules: object) -> Outlet:
    """An outlet `wire`, detected by a line `WIRE`, with the given cleaning rules."""
    return Outlet(OUTLETS_YML, id="wire", cleaning=CleaningRules(detect=(rule("^WIRE$"),), **rules))  # type: ignore[arg-type]


def test_timestamp_that_does_not_fit_its_format_is_a_warning() -> None:
    outlet = wire(
        drop_lines=(rule("^WIRE$"),),
        timestamp=TimestampRule(OUTLETS_YML, pattern=r"^\d+ \w+$", format="%d %B"),
    )
    raw = RawArticle("x", "articles/x.txt", "WIRE\nHeadline\n99 Smarch\nBody.\n", "0" * 64)
    diagnostics = Diagnostics()
    clean = clean_article(raw, {"wire": outlet}, None, diagnostics)
    assert [str(d) for d in diagnostics.items] == [
        "articles/x.txt:3:1: warning: timestamp line does not fit format '%d %B'"
    ]
    assert clean.published is None
    assert clean.text == "Headline\nBody."


def test_repeated_line_and_rule_without_reason() -> None:
    clean, raw = clean_raw(
        "WIRE\nThe headline here\n\nSame line.\nSame line.\n\nEnd.\n", wire(drop_lines=(rule("^WIRE$"),))
    )
    assert [(entry.raw_line, entry.reason) for entry in clean.log] == [
        (1, "noise: matches a cleaning rule"),
        (2, "title detected: line 2, the first line that reads like one"),
        (5, "repeated line"),
    ]
    assert clean.text == "The headline here\n\nSame line.\n\nEnd."
    assert_offsets_map_back(clean, raw.text)


def test_trailer_without_reason_logs_all_it_removed() -> None:
    outlet = wire(drop_lines=(rule("^WIRE$"),), trailer=(rule("^---$"),))
    clean, _ = clean_raw("WIRE\nThe big headline\n\nBody.\n\n---\nShare\n\nFollow us\n", outlet)
    assert clean.text == "The big headline\n\nBody."
    assert clean.log[-1].display_text == "--- / Share / Follow us"
    assert clean.log[-1].text == "---\nShare\n\nFollow us\n"
    assert clean.log[-1].reason == "trailer: end of article (this line and all after it)"


def test_whitespace_is_collapsed_and_crlf_read_as_lf() -> None:
    clean, raw = clean_raw("The big headline\r\n\r\n  Two   spaces  \r\nnext line\r\n\r\n\r\nLast.\r\n")
    assert clean.text == "The big headline\n\nTwo spaces\nnext line\n\nLast."
    assert [clean.text[s:e] for s, e in clean.body_paragraphs] == ["Two spaces\nnext line", "Last."]
    assert_offsets_map_back(clean, raw.text)


@pytest.mark.parametrize("space", ["\t", "\u00a0", "\t "])
def test_tab_or_no_break_space_keeps_the_offset_map_exact(space: str) -> None:
    clean, raw = clean_raw(f"The big headline\n\nword{space}word\n")
    assert clean.text == "The big headline\n\nword word"
    assert_offsets_map_back(clean, raw.text)


# Properties ----------------------------------------------------------------------------------

_WORDS = st.text(alphabet="abcXYZ.,'\"é", min_size=1, max_size=6)
_SPACES = st.sampled_from([" ", "  ", "\t", " \t ", "\u00a0", "   "])
_BLANK = st.sampled_from(["", " ", "\t", "  \t "])
_TEXT_LINE = st.lists(st.tuples(_SPACES | st.just(""), _WORDS), min_size=1, max_size=5).map(
    lambda parts: "".join(space + word for space, word in parts)
)
_LINE = _BLANK | _TEXT_LINE | st.tuples(_TEXT_LINE, _SPACES).map("".join)
_RAW = st.tuples(st.lists(_LINE, min_size=1, max_size=12), st.sampled_from(["\n", "\r\n"])).map(
    lambda pair: pair[1].join(pair[0])
)


@given(_RAW)
def test_property_cleaning_keeps_offsets_and_tidy_paragraphs(text: str) -> None:
    clean, _ = clean_raw(text)
    assert_offsets_map_back(clean, text)
    for start, end in clean.paragraphs:
        paragraph = clean.text[start:end]
        assert paragraph, "empty paragraph"
        assert paragraph == paragraph.strip(), repr(paragraph)


# The headline ---------------------------------------------------------------------------------

CNN_LIKE = (
    "(WIRE) -- The Pennsylvania official was just talking about the weather when the power went out.\n"
    "\n"
    "\u201cWe were in the dark for hours,\u201d she said.\n"
)


def test_a_scrape_without_a_headline_keeps_its_first_paragraph() -> None:
    clean, raw = clean_raw(CNN_LIKE)
    assert clean.headline is None
    assert clean.title is None
    assert clean.text.startswith("(WIRE) -- The Pennsylvania official")
    assert [(e.raw_line, e.reason, e.removed) for e in clean.log] == [
        (1, "no headline detected: line 1 reads as body text (ends like a sentence or a label)", False)
    ]
    assert_offsets_map_back(clean, raw.text)


@pytest.mark.parametrize(
    ("first_line", "objection"),
    [
        ("The minister resigned.", "ends like a sentence or a label"),
        ("and then it rained,", "ends like a sentence or a label"),
        ("Breaking", "too short"),
        ("said the minister on Monday", "does not start with a capital"),
        ("Friday, January 4, 2019", "a date line"),
        ("By Jane Roe, staff reporter", "a byline"),
    ],
)
def test_a_first_line_that_reads_as_body_text_stays_body_text(first_line: str, objection: str) -> None:
    clean, _ = clean_raw(f"{first_line}\n\nMore text follows here.\n")
    assert clean.headline is None
    assert clean.text.startswith(first_line)
    assert clean.log[-1].reason == f"no headline detected: line 1 reads as body text ({objection})"


def test_a_first_line_running_on_into_the_next_is_not_a_headline() -> None:
    clean, _ = clean_raw("Talks collapse in the capital\nafter a long night.\n\nMore.\n")
    assert clean.headline is None
    assert clean.text.startswith("Talks collapse in the capital\nafter a long night.")


def _annotated(title: str) -> Annotation:
    return Annotation(
        Origin("annotations/articles/x.yml"), meta=ArticleMeta(Origin("annotations/articles/x.yml"), title=title)
    )


def test_a_written_title_marks_the_line_that_matches_it_after_normalisation() -> None:
    raw = RawArticle(
        "x", "articles/x.txt", "Kicker\n\n\u2018Talks   COLLAPSE\u2019 \u2013 minister\n\nBody text.\n", "0" * 64
    )
    clean = clean_article(raw, {}, _annotated("'Talks collapse' - minister"), Diagnostics())
    assert clean.headline is not None
    assert clean.text[clean.headline.start : clean.headline.end] == "\u2018Talks COLLAPSE\u2019 \u2013 minister"
    assert clean.text.startswith("Kicker\n\n")
    assert clean.title is None  # the written title wins; nothing was detected
    assert clean.log[-1].reason == "title written in the annotation file; line 3 is its headline"


def test_a_written_title_that_matches_no_line_leaves_every_line_in_the_body() -> None:
    raw = RawArticle("x", "articles/x.txt", "Talks collapse\n\nBody text.\n", "0" * 64)
    clean = clean_article(raw, {}, _annotated("Something else entirely"), Diagnostics())
    assert clean.headline is None
    assert clean.text == "Talks collapse\n\nBody text."
    assert "no line of the text matches it" in clean.log[-1].reason


def test_only_copies_of_the_headline_are_removed_as_repeats() -> None:
    clean, raw = clean_raw(
        "Budget talks collapse\nBudget talks collapse\n\nBUDGET TALKS COLLAPSE\n\nBudget talks collapse again\n\nEnd.\n"
    )
    assert clean.text == "Budget talks collapse\n\nBudget talks collapse again\n\nEnd."
    assert [(e.raw_line, e.reason) for e in clean.log if e.removed] == [
        (2, "repeated headline"),
        (4, "repeated headline"),
    ]
    assert_offsets_map_back(clean, raw.text)


def test_keep_lines_overrules_every_rule() -> None:
    outlet = wire(drop_lines=(rule("^WIRE$"), rule("^Photo:", "caption")), trailer=(rule("^Related$"),))
    raw = RawArticle(
        "x",
        "articles/x.txt",
        "WIRE\nThe big headline\n\nPhoto: the minister\n\nBody.\n\nRelated\nPhoto: keep me too\n",
        "0" * 64,
    )
    keep = CleaningRules(keep_lines=(rule("^Photo: (the minister|keep me too)$"),))
    annotation = Annotation(Origin("annotations/articles/x.yml"), cleaning=keep)
    clean = clean_article(raw, {"wire": outlet}, annotation, Diagnostics())
    assert clean.text == "The big headline\n\nPhoto: the minister\n\nBody.\n\nPhoto: keep me too"
    assert_offsets_map_back(clean, raw.text)


@given(_RAW)
def test_property_no_text_is_lost_silently(text: str) -> None:
    """Every character of the raw text is in the clean text, in a logged removal, or whitespace."""
    clean, _ = clean_raw(text)
    covered = set()
    for _, raw_start, length in clean.offsets.segments:
        covered.update(range(raw_start, raw_start + length))
    for entry in clean.log:
        covered.update(range(entry.start, entry.end))
    assert all(i in covered or text[i].isspace() for i in range(len(text)))
