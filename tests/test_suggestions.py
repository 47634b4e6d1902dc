"""Suggested relations: likely `same-as` statements and contradicted figures, and `archive check --suggest`.

The seed's TASS and RT articles report nine statements of the Defense Ministry in two wordings:
with those links removed, each TASS claim's counterpart should be among its top 3 suggestions
(8 of 9 at least: "The new information follows this line hand-in-glove" shares no content word
with RT's "... is no exception to this trend").
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

from build_tools import cli
from build_tools.link import Archive
from build_tools.model import ClaimRef
from build_tools.pipeline import PipelineResult, run_pipeline
from build_tools.suggestions import Draft, SuggestionIndex, content_words, figures, suggestion_notes
from tests.conftest import seed_checkout

RT = "rt-2017-08-02-false-from-start-to-finish"
TASS = "tass-2017-08-02-secret-graves"
SAME_AS = re.compile(rf"\n      - same-as: {RT}#(?P<claim>[a-z0-9-]+)")


@pytest.fixture(name="unlinked", scope="module")
def fixture_unlinked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Archive, list[tuple[str, str]]]:
    """A copy of the seed without its nine same-as links, linked; and the pairs removed (TASS id, RT id)."""
    root = seed_checkout(tmp_path_factory.mktemp("unlinked") / "repo")
    path = root / "annotations" / "articles" / f"{TASS}.yml"
    text = path.read_text(encoding="utf-8")
    pairs = []
    for block in text.split("\n  - id: ")[1:]:
        match = SAME_AS.search(block)
        if match:
            pairs.append((block.split("\n", 1)[0], match.group("claim")))
    path.write_text(SAME_AS.sub("", text), encoding="utf-8")
    # Without the links their statements' pages are gone: the list of published URLs would ask for redirects.
    (root / "permalinks.txt").unlink()
    archive = run_pipeline(root).archive
    assert archive is not None
    return root, archive, pairs


def test_seed_counterparts_are_in_the_top_3(unlinked: tuple[Path, Archive, list[tuple[str, str]]]) -> None:
    _, archive, pairs = unlinked
    assert len(pairs) == 9
    index = SuggestionIndex(archive)
    found = [
        (tass, rt)
        for tass, rt in pairs
        if ClaimRef(RT, rt) in [s.target for s in index.for_claim(ClaimRef(TASS, tass)).same_as]
    ]
    back = [
        (tass, rt)
        for tass, rt in pairs
        if ClaimRef(TASS, tass) in [s.target for s in index.for_claim(ClaimRef(RT, rt)).same_as]
    ]
    assert len(found) >= 8, sorted(set(pairs) - set(found))
    assert len(back) >= 8, sorted(set(pairs) - set(back))


def test_seed_notes_point_at_the_claims_ids(unlinked: tuple[Path, Archive, list[tuple[str, str]]]) -> None:
    _, archive, pairs = unlinked
    notes = suggestion_notes(SuggestionIndex(archive))
    suggested = {(n.origin.path, n.origin.line): n.message for n in notes}
    origin = archive.claims[ClaimRef(TASS, "no-secret-graves")].spec.origin_of("id")
    assert suggested[origin.path, origin.line] == (
        f"likely the same statement as {RT}#no-secret-burials (related speaker: igor-konashenkov speaks for "
        f"russian-defense-ministry, 67% of words shared, 0 days apart); add '- same-as: {RT}#no-secret-burials' "
        "under relations"
    )
    assert str(notes[0]).startswith(f"{notes[0].origin}: note: ")
    # Each true pair but the one without shared words is noted, on the TASS claim (the later article by id).
    noted = {(n.origin.line, m.group(1)) for n in notes if (m := re.search(rf"as {RT}#([a-z0-9-]+) ", n.message))}
    lines = {tass: archive.claims[ClaimRef(TASS, tass)].spec.origin_of("id").line for tass, _ in pairs}
    assert sum((lines[tass], rt) in noted for tass, rt in pairs) == 8
    assert len(notes) <= 10


def test_claims_already_related_are_not_suggested(seed_result: PipelineResult) -> None:
    archive = seed_result.archive
    index = SuggestionIndex(archive)
    suggested = [s.target for s in index.for_claim(ClaimRef(TASS, "no-secret-graves")).same_as]
    assert ClaimRef(RT, "no-secret-burials") not in suggested
    figures_claim = index.for_claim(ClaimRef(RT, "official-figures"))
    assert ClaimRef(RT, "reuters-death-toll-40") not in [s.target for s in figures_claim.contradicts]


def test_a_draft_is_matched_to_other_articles_only(seed_result: PipelineResult) -> None:
    archive = seed_result.archive
    index = SuggestionIndex(archive)
    quote = "there are no, and never were any alleged secret burials of Russian servicemen, who died in Syria"
    draft = Draft(quote, RT, "russian-defense-ministry", "2017-08-02")
    targets = [s.target for s in index.for_draft(draft).same_as]
    assert targets[0] == ClaimRef(TASS, "no-secret-graves")
    assert all(t.article_id != RT for t in targets)


def test_a_draft_giving_other_figures_is_a_contradiction_candidate(seed_result: PipelineResult) -> None:
    archive = seed_result.archive
    index = SuggestionIndex(archive)
    draft = Draft("The ministry says 34 Russian servicemen have been killed in Syria", TASS, None, "2017-08-03")
    found = {s.target: s for s in index.for_draft(draft).contradicts}
    toll = found[ClaimRef(RT, "reuters-death-toll-40")]
    assert toll.reason.startswith("34 against 40, both about deaths, ")
    assert toll.reason.endswith(", 1 day apart")
    assert ClaimRef(RT, "official-figures") not in found  # The same figure: no contradiction.


def test_figures_leave_years_out_and_keep_units() -> None:
    official = figures("34 Russian servicemen had been killed in Syria since 2015, including 11 soldiers this year")
    assert official is not None
    assert official.values == {(34.0, ""), (11.0, "")}
    assert {"deaths", "people"} <= official.kinds
    ratio = figures("the death toll was four times higher than officially released data")
    assert ratio is not None
    assert ratio.values == {(4.0, "times")}
    assert official.contradicts(ratio) is None  # A ratio is not a count.
    assert figures("in early 2017, when not a single aircraft approached") is None
    assert figures("one should be guided by this data") is None


def test_content_words_fold_case_marks_and_inflections() -> None:
    assert content_words("Russia’s ‘secret’ graves were alleged") == ["russia", "secret", "grave", "alleg"]
    assert content_words("The graves") == content_words("the GRAVE")


def run_cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(list(args))
    return status, out.getvalue(), err.getvalue()


def test_check_suggest_prints_notes_after_the_check(unlinked: tuple[Path, Archive, list[tuple[str, str]]]) -> None:
    root, _, _ = unlinked
    plain_status, plain, _ = run_cli("--root", str(root), "check")
    status, out, _ = run_cli("--root", str(root), "check", "--suggest")
    assert status == plain_status
    assert out.startswith(plain)  # The check's own output is unchanged.
    notes = out[len(plain) :].splitlines()
    assert notes[-1] == f"{len(notes) - 1} suggestions"
    assert all(": note: likely the same statement as " in line for line in notes[:-1])
    assert "note" not in plain


def test_check_suggest_says_why_there_is_nothing_while_the_archive_has_errors(tmp_path: Path) -> None:
    root = seed_checkout(tmp_path / "repo")
    (root / "annotations" / "speakers.yml").write_text("broken: [\n", encoding="utf-8")
    status, _, err = run_cli("--root", str(root), "check", "--suggest")
    assert status == 1
    assert err == "suggestions: none while the archive has errors\n"


def test_check_suggest_for_one_article_and_for_github(unlinked: tuple[Path, Archive, list[tuple[str, str]]]) -> None:
    root, _, _ = unlinked
    _, out, _ = run_cli("--root", str(root), "check", "--suggest", RT)
    notes = [line for line in out.splitlines() if ": note: " in line]
    assert notes
    assert all(line.startswith(f"annotations/articles/{RT}.yml:") for line in notes)
    status, out, _ = run_cli("--root", str(root), "check", "--format", "github", "--suggest", RT)
    assert status == 0
    assert f"::notice file=annotations/articles/{RT}.yml,line=" in out
