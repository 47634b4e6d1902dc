"""Link stage: anchored articles in, one cross-linked archive out, with its consistency checks."""

from __future__ import annotations

import dataclasses
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from build_tools.diagnostics import Diagnostics, Origin
from build_tools.link import Archive, Link, Statement, assemble_article, link_archive
from build_tools.model import ArticleMeta, ClaimRef, Outlet
from build_tools.pipeline import PreparedArticle, run_pipeline

DAILY = "daily-2020-01-01-budget"
HERALD = "herald-2020-01-02-budget"
DAILY_YML = f"annotations/articles/{DAILY}.yml"
HERALD_YML = f"annotations/articles/{HERALD}.yml"

NO_PENSION_CUTS = ClaimRef(DAILY, "no-pension-cuts")
FANTASY = ClaimRef(DAILY, "fantasy")
NO_CUTS = ClaimRef(HERALD, "no-cuts")

DAILY_CLAIMS = textwrap.dedent(
    """\
    claims:
      - id: no-pension-cuts
        quote: We will not sign a budget that cuts pensions,
        speaker: jane-roe
        kind: direct
        summary: The minister rules out a budget that cuts pensions.
        relations:
          - same-as: herald-2020-01-02-budget#no-cuts
      - id: fantasy
        quote: a fantasy — nothing more
        speaker: john-doe
        kind: direct
        summary: The opposition leader dismisses the minister's claim.
        relations:
    """
)
"""The daily's claims, up to the relations of `fantasy`; each test appends them from line 15."""

HERALD_CLAIM = textwrap.dedent(
    """\
    article:
      published: "2020-01-02"
    claims:
      - id: no-cuts
        quote: We will not sign a budget that cuts pensions.
        speaker: {speaker}
        kind: direct
        summary: The minister rules out a budget that cuts pensions.
    """
)
"""The herald's claim; a test may append its relations from line 9."""


def problems_after(edit: Callable[[str, str], Path], files: dict[str, str]) -> list[str]:
    """Write `files` into the tiny archive, run the pipeline, and return every diagnostic as printed."""
    root = None
    for relative, content in files.items():
        root = edit(relative, content)
    assert root is not None
    return [str(d) for d in run_pipeline(root).diagnostics.sorted()]


def test_contradicts_appears_on_both_claims(tiny_linked: Archive) -> None:
    assert Link("contradicts", "contradicts", NO_PENSION_CUTS, inverse=False) in tiny_linked.claim_links[FANTASY]
    assert Link("contradicted by", "contradicts", FANTASY, inverse=True) in tiny_linked.claim_links[NO_PENSION_CUTS]


def test_same_as_appears_on_both_claims(tiny_linked: Archive) -> None:
    assert tiny_linked.claim_links[NO_PENSION_CUTS][0] == Link("same statement as", "same-as", NO_CUTS, inverse=False)
    assert tiny_linked.claim_links[NO_CUTS] == [Link("same statement as", "same-as", NO_PENSION_CUTS, inverse=True)]


def test_same_as_cluster_is_a_statement_ordered_by_date(tiny_linked: Archive) -> None:
    statement = Statement("daily-2020-01-01-budget--no-pension-cuts", (NO_PENSION_CUTS, NO_CUTS))
    assert tiny_linked.statements == {statement.id: statement}
    assert tiny_linked.statement_of == {NO_PENSION_CUTS: statement.id, NO_CUTS: statement.id}


def test_statement_id_comes_from_the_earliest_appearance(edit_archive: Callable[[str, str], Path]) -> None:
    # The relation is written on the later article; the statement is still named after the first.
    daily = DAILY_CLAIMS.replace("    relations:\n      - same-as: herald-2020-01-02-budget#no-cuts\n", "")
    edit_archive(DAILY_YML, daily + "      - contradicts: daily-2020-01-01-budget#no-pension-cuts\n")
    herald = HERALD_CLAIM.format(speaker="jane-roe")
    root = edit_archive(
        HERALD_YML, herald + "    relations:\n      - same-as: daily-2020-01-01-budget#no-pension-cuts\n"
    )
    result = run_pipeline(root)
    assert result.archive is not None, [str(d) for d in result.diagnostics.errors]
    assert list(result.archive.statements.values()) == [
        Statement("daily-2020-01-01-budget--no-pension-cuts", (NO_PENSION_CUTS, NO_CUTS))
    ]


def test_same_event_reference_appears_on_both_articles(tiny_linked: Archive) -> None:
    assert tiny_linked.article_links[DAILY] == [Link("same event", "same-event", HERALD, inverse=False)]
    assert tiny_linked.article_links[HERALD] == [Link("same event", "same-event", DAILY, inverse=True)]


def test_articles_are_newest_first(tiny_linked: Archive) -> None:
    assert list(tiny_linked.articles) == [HERALD, DAILY, "herald-2020-01-03-unannotated"]


def test_external_sources_are_collected(edit_archive: Callable[[str, str], Path]) -> None:
    root = edit_archive(
        HERALD_YML,
        HERALD_CLAIM.format(speaker="jane-roe")
        + "    relations:\n"
        + '      - refutes: {url: "https://example.org/cuts", title: Report on pension cuts}\n'
        + "references:\n"
        + '  - cites: {url: "https://example.org/plan", title: Budget plan}\n',
    )
    result = run_pipeline(root)
    archive = result.archive
    assert archive is not None, [str(d) for d in result.diagnostics.errors]
    assert set(archive.externals) == {"https://example.org/cuts", "https://example.org/plan"}
    assert archive.externals["https://example.org/cuts"].title == "Report on pension cuts"
    assert archive.external_links["https://example.org/cuts"] == [
        (Link("refuted by", "refutes", NO_CUTS, inverse=True), NO_CUTS)
    ]
    assert archive.external_links["https://example.org/plan"] == [
        (Link("cited by", "cites", HERALD, inverse=True), HERALD)
    ]
    assert (
        Link("refutes", "refutes", archive.externals["https://example.org/cuts"], inverse=False)
        in (archive.claim_links[NO_CUTS])
    )


def test_supports_and_contradicts_the_same_claim_is_an_error(edit_archive: Callable[[str, str], Path]) -> None:
    problems = problems_after(
        edit_archive,
        {
            DAILY_YML: DAILY_CLAIMS
            + "      - supports: daily-2020-01-01-budget#no-pension-cuts\n"
            + "      - contradicts: daily-2020-01-01-budget#no-pension-cuts\n"
        },
    )
    assert problems == [
        # Reported at the `supports` relation, the one that conflicts with a contradiction.
        f"{DAILY_YML}:15:9: error: claim both supports and contradicts 'daily-2020-01-01-budget#no-pension-cuts'"
    ]


def test_supports_one_way_and_contradicts_the_other_is_an_error(edit_archive: Callable[[str, str], Path]) -> None:
    # `contradicts` is symmetric: written on the other claim, it holds for this one too.
    problems = problems_after(
        edit_archive,
        {
            DAILY_YML: DAILY_CLAIMS.replace(
                "      - same-as: herald-2020-01-02-budget#no-cuts\n",
                "      - same-as: herald-2020-01-02-budget#no-cuts\n"
                "      - contradicts: daily-2020-01-01-budget#fantasy\n",
            )
            + "      - supports: daily-2020-01-01-budget#no-pension-cuts\n"
        },
    )
    assert problems == [
        f"{DAILY_YML}:16:9: error: claim both supports and contradicts 'daily-2020-01-01-budget#no-pension-cuts'"
    ]


def test_contradicts_within_one_statement_is_an_error(edit_archive: Callable[[str, str], Path]) -> None:
    problems = problems_after(
        edit_archive,
        {
            HERALD_YML: HERALD_CLAIM.format(speaker="jane-roe")
            + "    relations:\n      - contradicts: daily-2020-01-01-budget#no-pension-cuts\n"
        },
    )
    assert problems == [
        (
            f"{HERALD_YML}:10:9: error: 'daily-2020-01-01-budget#no-pension-cuts' is the same statement (same-as); "
            "a statement cannot contradict itself"
        )
    ]


def test_same_as_between_different_speakers_is_a_warning(edit_archive: Callable[[str, str], Path]) -> None:
    problems = problems_after(edit_archive, {HERALD_YML: HERALD_CLAIM.format(speaker="john-doe")})
    assert problems == [
        (
            f"{DAILY_YML}:19:9: warning: same-as links claims of different speakers ('jane-roe' and 'john-doe'); "
            "check the attribution"
        )
    ]


def test_same_as_with_the_speakers_organization_is_fine(edit_archive: Callable[[str, str], Path]) -> None:
    # Jane Roe speaks for the finance ministry (her role), so the ministry's claim may be hers.
    problems = problems_after(edit_archive, {HERALD_YML: HERALD_CLAIM.format(speaker="finance-ministry")})
    assert problems == []


def _assembled(
    item: PreparedArticle, meta: ArticleMeta | None, outlets: tuple[str, ...]
) -> tuple[str, str | None, str | None]:
    """Title, outlet and date of a prepared article assembled with `meta` as its `article:` block."""
    assert item.raw is not None
    assert item.clean is not None
    assert item.annotation is not None
    annotation = dataclasses.replace(item.annotation, meta=meta)
    article = assemble_article(
        item.raw,
        item.clean,
        annotation,
        claims=item.claims,
        outlets={o: Outlet(Origin("annotations/outlets.yml"), id=o) for o in outlets},
    )
    return article.title, article.outlet, article.published


def test_what_was_written_wins_over_what_was_detected(tiny_prepared: dict[str, PreparedArticle]) -> None:
    daily = tiny_prepared[DAILY]
    written = ArticleMeta(Origin(DAILY_YML), title="Written headline", published="2020-02-02")
    assert _assembled(daily, None, ("daily",)) == ("Budget talks collapse", "daily", "2020-01-01T10:30")
    assert _assembled(daily, written, ("daily",)) == ("Written headline", "daily", "2020-02-02")


def test_only_a_registered_outlet_is_shown(tiny_prepared: dict[str, PreparedArticle]) -> None:
    assert _assembled(tiny_prepared[DAILY], None, ("herald",))[1] is None


def test_claims_that_name_something_unknown_are_left_out(tiny_prepared: dict[str, PreparedArticle]) -> None:
    daily = tiny_prepared[DAILY]
    assert daily.raw is not None
    assert daily.clean is not None
    article = assemble_article(
        daily.raw, daily.clean, daily.annotation, claims=daily.claims, outlets={}, unlinked={"fantasy"}
    )
    assert [c.ref.claim_id for c in article.claims] == ["talks-failed", "no-pension-cuts"]


def test_the_archive_is_complete_and_frozen_when_linking_returns(tiny_linked: Archive) -> None:
    redirects = {"articles/old-id/": ("articles/daily-2020-01-01-budget/", Origin("redirects.yml", 1, 1))}
    archive = link_archive(tiny_linked.registries, tiny_linked.articles.values(), redirects, Diagnostics())
    assert archive.redirects == redirects
    assert archive.index.articles_by_event["budget-2020"] == [DAILY, HERALD]
    assert list(archive.statements) == list(tiny_linked.statements)
    with pytest.raises(dataclasses.FrozenInstanceError):
        archive.redirects = {}  # type: ignore[misc]
