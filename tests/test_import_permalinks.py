"""`archive import` of W3C Web Annotations (Hypothesis exports too), and permalinks that never break.

Everything runs on copies of the frozen seed (`seed_checkout`): the round trip exports the seed's claims as
Web Annotations, removes the RT article's claims and imports them back; the permalink tests delete
or rename what the site has published and check that only a redirect lets the build through.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import posixpath
import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from build_tools import cli
from build_tools.export import annotations_jsonld
from build_tools.permalinks import current_permalinks
from build_tools.pipeline import PipelineResult, run_pipeline
from build_tools.webannotation import import_annotations
from tests.conftest import REPO, SEED, seed_checkout

RT = "rt-2017-08-02-false-from-start-to-finish"
TASS = "tass-2017-08-02-secret-graves"
SITE_URL = re.search(r"^site_url:\s*(\S+)", (REPO / "mkdocs.yml").read_text(encoding="utf-8"), re.MULTILINE).group(1)
SITE_URL = SITE_URL.rstrip("/") + "/"


def run_cli(*args: str) -> tuple[int, str, str]:
    """Exit status, stdout and stderr of `archive ARGS`."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(list(args))
    return status, out.getvalue(), err.getvalue()


def annotation_path(root: Path, article_id: str) -> Path:
    return root / "annotations" / "articles" / f"{article_id}.yml"


def claim_facts(root: Path, article_id: str) -> dict[str, tuple[Any, ...]]:
    """What a claim is, by id: quote, span, speaker, kind, summary, tags."""
    result = run_pipeline(root)
    assert result.archive is not None, [str(d) for d in result.diagnostics.errors]
    return {
        c.ref.claim_id: (
            c.spec.quote,
            (c.span.start, c.span.end),
            c.spec.speaker,
            c.spec.kind,
            c.spec.summary,
            tuple(c.spec.tags),
        )
        for c in result.archive.articles[article_id].claims
    }


def published_line(root: Path, url: str) -> int:
    lines = (root / "permalinks.txt").read_text(encoding="utf-8").splitlines()
    return lines.index(url) + 1


def disappear_message(root: Path, url: str) -> str:
    """The exact message of build_tools/permalinks.py for a published URL without a redirect."""
    return (
        f"permalinks.txt:{published_line(root, url)}:1: error: published URL '{url}' would disappear; "
        f"add a redirect for it to redirects.yml ('{url}: <new-url>'), or restore what it showed"
    )


# --------------------------------------------------------------------------------------------
# Round trip: export the seed's claims as Web Annotations, remove RT's, import them back
# --------------------------------------------------------------------------------------------


def _strip_rt_claims(root: Path) -> None:
    """Remove every claim of the RT article, and the TASS relations that point at them."""
    rt = annotation_path(root, RT)
    text = rt.read_text(encoding="utf-8")
    start, end = text.index("\nclaims:\n"), text.index("\nreferences:")
    rt.write_text(text[:start] + "\nclaims: []\n" + text[end:], encoding="utf-8")
    tass = annotation_path(root, TASS)
    data = yaml.safe_load(tass.read_text(encoding="utf-8"))
    for claim in data["claims"]:
        kept = [
            r
            for r in claim.get("relations", [])
            if not any(isinstance(v, str) and v.startswith(f"{RT}#") for v in r.values())
        ]
        if kept:
            claim["relations"] = kept
        else:
            claim.pop("relations", None)
    tass.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100_000), encoding="utf-8")


@pytest.fixture(name="round_trip", scope="module")
def fixture_round_trip(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The seed copy before and after: RT's claims exported, removed, and imported back."""
    root = seed_checkout(tmp_path_factory.mktemp("round-trip") / "repo")
    before = claim_facts(root, RT)
    original = run_pipeline(root).archive
    assert original is not None
    # As the data page publishes it: compressed.
    export = root.parent / "annotations.jsonld.gz"
    export.write_bytes(gzip.compress(annotations_jsonld(original, SITE_URL).encode("utf-8")))
    tass_before = annotation_path(root, TASS).read_text(encoding="utf-8")
    _strip_rt_claims(root)
    # With RT's claims gone, their published URLs would disappear, and `archive import` (like every
    # command) refuses an archive with errors: the list of published URLs is put back afterwards.
    published = (root / "permalinks.txt").read_text(encoding="utf-8")
    (root / "permalinks.txt").unlink()
    assert claim_facts_or_none(root, RT) == {}
    status, out, err = run_cli("--root", str(root), "import", str(export))
    after = claim_facts(root, RT)
    imported_yaml = annotation_path(root, RT).read_text(encoding="utf-8")
    annotation_path(root, TASS).write_text(tass_before, encoding="utf-8")
    (root / "permalinks.txt").write_text(published, encoding="utf-8")
    return {
        "root": root,
        "export": export,
        "before": before,
        "after": after,
        "status": status,
        "out": out,
        "err": err,
        "yaml": imported_yaml,
    }


def claim_facts_or_none(root: Path, article_id: str) -> dict[str, tuple[Any, ...]] | None:
    result = run_pipeline(root)
    if result.archive is None:
        return None
    return {c.ref.claim_id: c.spec.quote for c in result.archive.articles[article_id].claims}


def test_round_trip_import_reports_what_it_did(round_trip: dict[str, Any]) -> None:
    assert round_trip["status"] == 0, round_trip["err"]
    out = round_trip["out"]
    assert f"annotations/articles/{RT}.yml: added 20 claims" in out
    assert "20 imported, 11 already present, 0 not matched" in out
    assert f"skipped: {SITE_URL}articles/{TASS}/#claim-no-secret-graves: already annotated in {TASS}" in out
    assert "not imported" not in out


def test_round_trip_restores_every_claim_id(round_trip: dict[str, Any]) -> None:
    assert len(round_trip["before"]) == 20
    assert sorted(round_trip["after"]) == sorted(round_trip["before"])


@pytest.mark.parametrize(("field", "index"), [("quote", 0), ("span", 1), ("kind", 3), ("summary", 4), ("tags", 5)])
def test_round_trip_restores_claim_field(round_trip: dict[str, Any], field: str, index: int) -> None:
    before, after = round_trip["before"], round_trip["after"]
    differences = {
        claim_id: (facts[index], after.get(claim_id, (None,) * 6)[index])
        for claim_id, facts in before.items()
        if facts[index] != after.get(claim_id, (None,) * 6)[index]
    }
    assert not differences, f"{field} changed in the round trip (before, after): {differences}"


def test_round_trip_restores_registered_speakers(round_trip: dict[str, Any]) -> None:
    before, after = round_trip["before"], round_trip["after"]
    registered = {c: f[2] for c, f in before.items() if isinstance(f[2], str)}
    assert len(registered) == 19
    assert {c: after[c][2] for c in registered} == registered


def test_round_trip_keeps_unnamed_speakers(round_trip: dict[str, Any]) -> None:
    # RT's 'private-security-firms' is said by "anonymous sources cited by Reuters" (an unnamed speaker,
    # affiliation reuters): exported and imported back, it must be the same claim, not one without speaker.
    before, after = round_trip["before"], round_trip["after"]
    unnamed = {c: f[2] for c, f in before.items() if not isinstance(f[2], str)}
    assert list(unnamed) == ["private-security-firms"]
    assert {c: after[c][2] for c in unnamed} == unnamed


def test_round_tripped_archive_passes_the_check(round_trip: dict[str, Any]) -> None:
    # TASS's relations and the list of published URLs restored, the re-imported archive is complete again.
    status, out, _ = run_cli("--root", str(round_trip["root"]), "check")
    assert status == 0, out
    assert ": error:" not in out


def test_round_trip_import_writes_valid_yaml(round_trip: dict[str, Any]) -> None:
    data = yaml.safe_load(round_trip["yaml"])
    assert [c["id"] for c in data["claims"]] == sorted(round_trip["before"])
    assert data["references"], "the article's references were lost by the import"
    assert data["notes"].startswith("RT renders")


def test_importing_the_same_annotations_again_adds_nothing(round_trip: dict[str, Any], tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(round_trip["root"], root)
    files = {p: p.read_bytes() for p in (root / "annotations").rglob("*.yml")}
    status, out, _ = run_cli("--root", str(root), "import", str(round_trip["export"]))
    assert status == 0
    assert "0 imported, 31 already present, 0 not matched" in out
    assert {p: p.read_bytes() for p in (root / "annotations").rglob("*.yml")} == files


def test_the_plain_export_imports_as_the_compressed_one_does(round_trip: dict[str, Any], tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(round_trip["root"], root)
    plain = tmp_path / "annotations.jsonld"
    plain.write_bytes(gzip.decompress(round_trip["export"].read_bytes()))
    status, out, _ = run_cli("--root", str(root), "import", str(plain))
    assert status == 0
    assert "0 imported, 31 already present, 0 not matched" in out


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (lambda data: data[: len(data) // 2], "the compressed file is cut short"),
        (lambda data: data[:10] + bytes(40), "invalid"),
        (lambda _data: gzip.compress(b"\xff\xfe not text"), "utf-8"),
        (lambda _data: gzip.compress(b"{not json"), "Expecting property name"),
    ],
    ids=["truncated", "corrupt", "not-utf8", "not-json"],
)
def test_an_unreadable_compressed_export_is_one_clear_error(
    round_trip: dict[str, Any], tmp_path: Path, content: Any, reason: str
) -> None:
    bad = tmp_path / "annotations.jsonld.gz"
    bad.write_bytes(content(round_trip["export"].read_bytes()))
    status, out, err = run_cli("--root", str(round_trip["root"]), "import", str(bad))
    assert status == 1
    assert not out
    assert err.startswith(f"{bad}: error: cannot read annotations: "), err
    assert reason in err, err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err


# --------------------------------------------------------------------------------------------
# Hypothesis exports
# --------------------------------------------------------------------------------------------

# The TASS article says this sentence twice (lead and body): the selector's context picks the second.
REPEATED = "The Russian Defense Ministry thus commented on a Reuters report on the alleged Russian fatalities in Syria"
UNKNOWN_URL = "https://example.org/news/2017/08/02/unrelated-story"
NOT_IN_TEXT = "Reuters admitted that its report had been entirely fabricated"


def hypothesis_export() -> list[dict[str, Any]]:
    """What Hypothesis exports for three annotations of the site's pages (one of another site)."""
    tass_url = f"{SITE_URL}articles/{TASS}/"

    def annotation(ident: str, source: str, exact: str, *, prefix: str, suffix: str, text: str) -> dict[str, Any]:
        return {
            "id": ident,
            "created": "2024-05-01T10:00:00.000000+00:00",
            "user": "acct:reader@hypothes.is",
            "uri": source,
            "text": text,
            "tags": ["media-criticism", "not-a-tag-of-the-archive"],
            "group": "__world__",
            "target": [
                {
                    "source": source,
                    "selector": [
                        {
                            "type": "RangeSelector",
                            "startContainer": "/main[1]/p[4]",
                            "startOffset": 0,
                            "endContainer": "/main[1]/p[4]",
                            "endOffset": 104,
                        },
                        {"type": "TextPositionSelector", "start": 1000, "end": 1104},
                        {"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix},
                    ],
                }
            ],
        }

    return [
        annotation(
            "hyp-repeated",
            tass_url,
            REPEATED,
            prefix='m beginning to end," he noted.\n\n',
            suffix=". According to Konashenk",
            text="The ministry   presents its comment\non the Reuters report.",
        ),
        annotation(
            "hyp-unknown-url",
            UNKNOWN_URL,
            "no alleged ‘secret’ graves",
            prefix="There have been ",
            suffix=" of Russian",
            text="Another site.",
        ),
        annotation("hyp-not-in-text", tass_url, NOT_IN_TEXT, prefix="", suffix="", text="Not in the article."),
    ]


@pytest.fixture(name="hypothesis_import")
def fixture_hypothesis_import(tmp_path: Path) -> dict[str, Any]:
    root = seed_checkout(tmp_path / "repo")
    export = tmp_path / "hypothesis.json"
    export.write_text(json.dumps(hypothesis_export(), ensure_ascii=False, indent=1), encoding="utf-8")
    before = annotation_path(root, TASS).read_text(encoding="utf-8")
    status, out, err = run_cli("--root", str(root), "import", str(export))
    return {"root": root, "export": export, "status": status, "out": out, "err": err, "before": before}


def _new_claims(hypothesis_import: dict[str, Any]) -> list[dict[str, Any]]:
    old = {c["id"] for c in yaml.safe_load(hypothesis_import["before"])["claims"]}
    data = yaml.safe_load(annotation_path(hypothesis_import["root"], TASS).read_text(encoding="utf-8"))
    return [c for c in data["claims"] if c["id"] not in old]


def test_hypothesis_export_is_imported_into_the_matching_article(hypothesis_import: dict[str, Any]) -> None:
    assert hypothesis_import["status"] == 0, hypothesis_import["err"]
    assert f"annotations/articles/{TASS}.yml: added 1 claims" in hypothesis_import["out"]
    (claim,) = _new_claims(hypothesis_import)
    assert claim["quote"] == REPEATED
    assert "speaker" not in claim
    assert claim["kind"] == "direct"
    assert claim["summary"] == "The ministry presents its comment on the Reuters report."
    assert claim["tags"] == ["media-criticism"]
    # The quote appears twice: the claim gets the shortest context that picks the annotated place
    # (here the full stop after it, which only the second appearance has).
    assert (claim.get("prefix"), claim.get("suffix")) == (None, "."), claim
    text = annotation_path(hypothesis_import["root"], TASS).read_text(encoding="utf-8")
    assert "# speaker: to fill in" in text
    # Everything the TASS file said before is still there, unchanged.
    assert text.startswith(hypothesis_import["before"].rstrip("\n").split("\nreferences:")[0])


def test_hypothesis_claim_is_anchored_where_it_was_annotated(hypothesis_import: dict[str, Any]) -> None:
    (claim,) = _new_claims(hypothesis_import)
    result = run_pipeline(hypothesis_import["root"])
    assert result.archive is not None, [str(d) for d in result.diagnostics.errors]
    article = result.archive.articles[TASS]
    anchored = next(c for c in article.claims if c.ref.claim_id == claim["id"])
    text = article.clean.text
    second = text.index(REPEATED, text.index(REPEATED) + 1)
    assert (anchored.span.start, anchored.span.end) == (second, second + len(REPEATED))
    assert anchored.method == "exact"


def test_check_warns_that_the_imported_claim_has_no_speaker(hypothesis_import: dict[str, Any]) -> None:
    (claim,) = _new_claims(hypothesis_import)
    status, out, _ = run_cli("--root", str(hypothesis_import["root"]), "check")
    assert status == 0, out
    warning = re.search(
        rf"^annotations/articles/{TASS}\.yml:\d+:\d+: warning: claim '{claim['id']}' has no speaker; .*$",
        out,
        re.MULTILINE,
    )
    assert warning, out


def test_unmatched_annotations_are_reported_not_imported(hypothesis_import: dict[str, Any]) -> None:
    out = hypothesis_import["out"]
    assert f"not imported: hyp-unknown-url: no article of the archive has the address '{UNKNOWN_URL}'" in out
    assert f"not imported: hyp-not-in-text: quote not found in {TASS}" in out
    assert "1 imported, 0 already present, 2 not matched" in out
    file = annotation_path(hypothesis_import["root"], TASS).read_text(encoding="utf-8")
    assert NOT_IN_TEXT not in file
    assert len(_new_claims(hypothesis_import)) == 1


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    root = seed_checkout(tmp_path / "repo")
    export = tmp_path / "hypothesis.json"
    export.write_text(json.dumps(hypothesis_export()), encoding="utf-8")
    files = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    status, out, _ = run_cli("--root", str(root), "import", str(export), "--dry-run")
    assert status == 0
    assert f"annotations/articles/{TASS}.yml: would add 1 claims" in out
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == files


@pytest.mark.parametrize("shape", ["list", "search-api", "single"])
def test_every_hypothesis_shape_is_read(shape: str, seed_result: PipelineResult) -> None:
    archive = seed_result.archive
    assert archive is not None
    rows = hypothesis_export()[:1]
    document: Any = {"list": rows, "search-api": {"total": 1, "rows": rows}, "single": rows[0]}[shape]
    report = import_annotations(archive, document, "hypothesis.json")
    assert [(c.article_id, c.quote) for c in report.claims] == [(TASS, REPEATED)]
    assert report.unmatched == []


def test_annotation_by_original_url_matches_its_article(tmp_path: Path) -> None:
    # An annotation made on the outlet's own page (the article's `url:`) belongs to that article too.
    root = seed_checkout(tmp_path / "repo")
    tass = annotation_path(root, TASS)
    original = "https://tass.com/defense/958157"
    tass.write_text(
        tass.read_text(encoding="utf-8").replace("  outlet: tass\n", f"  outlet: tass\n  url: {original}\n"),
        encoding="utf-8",
    )
    archive = run_pipeline(root).archive
    assert archive is not None
    row = hypothesis_export()[0]
    row["uri"] = row["target"][0]["source"] = original
    report = import_annotations(archive, [row], "hypothesis.json")
    assert [c.article_id for c in report.claims] == [TASS]


# --------------------------------------------------------------------------------------------
# Permalinks
# --------------------------------------------------------------------------------------------


def test_seed_permalinks_list_is_up_to_date(seed_result: PipelineResult) -> None:
    published = {
        line.strip()
        for line in (SEED / "permalinks.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    archive = seed_result.archive
    assert archive is not None
    assert current_permalinks(archive) <= published, sorted(current_permalinks(archive) - published)


def test_urls_depend_only_on_ids(seed_result: PipelineResult) -> None:
    archive = seed_result.archive
    assert archive is not None
    for url in current_permalinks(archive):
        page, _, fragment = url.partition("#")
        section, ident, rest = page.split("/")
        assert rest == ""
        assert section in {"articles", "speakers", "outlets", "events", "tags", "statements"}, url
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", ident), url
        assert fragment == "" or re.fullmatch(r"claim-[a-z0-9][a-z0-9-]*", fragment), url
    assert f"articles/{TASS}/#claim-no-secret-graves" in current_permalinks(archive)


def test_permalinks_update_adds_new_urls_and_removes_none(hypothesis_import: dict[str, Any]) -> None:
    root = hypothesis_import["root"]
    (claim,) = _new_claims(hypothesis_import)
    before = (root / "permalinks.txt").read_text(encoding="utf-8").splitlines()
    status, out, _ = run_cli("--root", str(root), "permalinks")
    assert status == 0
    assert "1 not yet in permalinks.txt" in out
    status, out, _ = run_cli("--root", str(root), "permalinks", "--update")
    assert status == 0
    after = (root / "permalinks.txt").read_text(encoding="utf-8").splitlines()
    assert set(before) <= set(after)
    assert set(after) - set(before) == {f"articles/{TASS}/#claim-{claim['id']}"}


def _remove_tass(root: Path) -> None:
    """Delete the TASS article and what points at it from the RT file (its `same-event` reference)."""
    (root / "articles" / f"{TASS}.txt").unlink()
    annotation_path(root, TASS).unlink()
    rt = annotation_path(root, RT)
    text = rt.read_text(encoding="utf-8")
    assert f"  - same-event: {TASS}\n" in text
    rt.write_text(text.replace(f"  - same-event: {TASS}\n", ""), encoding="utf-8")
    assert TASS not in rt.read_text(encoding="utf-8")


@pytest.fixture(name="without_tass")
def fixture_without_tass(tmp_path: Path) -> Path:
    root = seed_checkout(tmp_path / "repo")
    _remove_tass(root)
    return root


def _published(root: Path) -> list[str]:
    return [
        line.strip()
        for line in (root / "permalinks.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


def _tass_redirects(root: Path) -> dict[str, str]:
    """Where each URL that disappears with the TASS article goes: the same statement in RT, or RT's page."""
    counterpart = {}
    for claim in yaml.safe_load((SEED / "annotations" / "articles" / f"{TASS}.yml").read_text(encoding="utf-8"))[
        "claims"
    ]:
        for relation in claim.get("relations", []):
            target = relation.get("same-as")
            if isinstance(target, str) and target.startswith(f"{RT}#"):
                counterpart[claim["id"]] = target.partition("#")[2]
    redirects = {}
    for url in _published(root):
        if url == f"articles/{TASS}/":
            redirects[url] = f"articles/{RT}/"
        elif url.startswith(f"articles/{TASS}/#claim-"):
            claim_id = url.partition("#claim-")[2]
            redirects[url] = (
                f"articles/{RT}/#claim-{counterpart[claim_id]}" if claim_id in counterpart else f"articles/{RT}/"
            )
        elif url.startswith(f"statements/{RT}--"):
            redirects[url] = f"articles/{RT}/#claim-{url.removeprefix(f'statements/{RT}--').rstrip('/')}"
    return redirects


def _write_redirects(root: Path, redirects: dict[str, str]) -> None:
    lines = ["# Where removed or renamed URLs went."]
    lines += [f"{json.dumps(old)}: {json.dumps(new)}" for old, new in redirects.items()]
    (root / "redirects.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_removing_an_article_fails_the_check_naming_its_url(without_tass: Path) -> None:
    status, out, _ = run_cli("--root", str(without_tass), "check")
    assert status == 1
    lines = out.splitlines()
    assert disappear_message(without_tass, f"articles/{TASS}/") in lines
    assert disappear_message(without_tass, f"articles/{TASS}/#claim-no-secret-graves") in lines
    # Every error is a published URL that would disappear: one per TASS page, claim and dissolved statement.
    errors = [line for line in lines if ": error: " in line]
    gone = set(_tass_redirects(without_tass))
    assert len(gone) == 1 + 11 + 9
    assert sorted(errors) == sorted(disappear_message(without_tass, url) for url in gone)


def test_removing_an_article_fails_the_build_and_keeps_no_site(
    without_tass: Path, caplog: pytest.LogCaptureFixture
) -> None:
    status, _, err = run_cli("--root", str(without_tass), "build")
    assert status == 1
    assert "build failed" in err
    output = err + caplog.text
    assert f"published URL 'articles/{TASS}/' would disappear" in output
    assert not (without_tass / "site").exists()


def test_redirect_to_a_url_the_site_does_not_publish_is_an_error(without_tass: Path) -> None:
    redirects = _tass_redirects(without_tass)
    assert next(iter(redirects)) == f"articles/{TASS}/"  # line 2 of redirects.yml, after the comment
    redirects[f"articles/{TASS}/"] = "articles/no-such-article/"
    _write_redirects(without_tass, redirects)
    status, out, _ = run_cli("--root", str(without_tass), "check")
    assert status == 1
    assert (
        f"redirects.yml:2:1: error: redirect of 'articles/{TASS}/' points to 'articles/no-such-article/', "
        "which the site does not publish"
    ) in out.splitlines()
    assert len([line for line in out.splitlines() if ": error: " in line]) == 1, out


def test_redirect_to_another_host_is_an_error(without_tass: Path) -> None:
    redirects = _tass_redirects(without_tass)
    redirects[f"articles/{TASS}/"] = "https://evil.example/phishing/"
    _write_redirects(without_tass, redirects)
    status, out, _ = run_cli("--root", str(without_tass), "check")
    assert status == 1
    assert re.search(r"^redirects\.yml:\d+:\d+: error: .*a site URL such as articles/new-id/", out, re.MULTILINE), out


RENAMED_FROM, RENAMED_TO = "questionable-sources", "questionable-credibility"


def _rename_rt_claim(root: Path) -> None:
    rt = annotation_path(root, RT)
    text = rt.read_text(encoding="utf-8")
    assert f"  - id: {RENAMED_FROM}\n" in text
    assert f"#{RENAMED_FROM}" not in text  # no relation names it: the rename is the only change
    rt.write_text(text.replace(f"  - id: {RENAMED_FROM}\n", f"  - id: {RENAMED_TO}\n"), encoding="utf-8")


def test_renaming_a_claim_fails_without_a_redirect(tmp_path: Path) -> None:
    root = seed_checkout(tmp_path / "repo")
    _rename_rt_claim(root)
    status, out, _ = run_cli("--root", str(root), "check")
    assert status == 1
    errors = [line for line in out.splitlines() if ": error: " in line]
    assert errors == [disappear_message(root, f"articles/{RT}/#claim-{RENAMED_FROM}")]


@pytest.fixture(name="redirected", scope="module")
def fixture_redirected(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The seed without TASS and with one RT claim renamed, every old URL redirected, checked and built."""
    root = seed_checkout(tmp_path_factory.mktemp("redirected") / "repo")
    _remove_tass(root)
    _rename_rt_claim(root)
    redirects = _tass_redirects(root)
    redirects[f"articles/{RT}/#claim-{RENAMED_FROM}"] = f"articles/{RT}/#claim-{RENAMED_TO}"
    _write_redirects(root, redirects)
    check = run_cli("--root", str(root), "check")
    build = run_cli("--root", str(root), "build")
    return {"root": root, "site": root / "site", "redirects": redirects, "check": check, "build": build}


def test_redirects_let_the_check_and_build_pass(redirected: dict[str, Any]) -> None:
    status, out, _ = redirected["check"]
    assert status == 0, out
    status, _, err = redirected["build"]
    assert status == 0, err


def _redirect_target(page: Path) -> str:
    """The URL a redirect page sends to (meta refresh), checked against its canonical link."""
    text = page.read_text(encoding="utf-8")
    refresh = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)"', text)
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', text)
    assert refresh, text
    assert canonical, text
    assert refresh.group(1) == canonical.group(1)
    return refresh.group(1)


def _resolve(from_url: str, target: str) -> str:
    """Site-relative URL that a link `target` on the page at `from_url` leads to."""
    base = urlsplit(SITE_URL).path
    resolved = posixpath.normpath(posixpath.join(base + from_url, target.partition("#")[0]))
    return resolved.removeprefix(base) + "/"


def test_removed_article_gets_a_redirect_page(redirected: dict[str, Any]) -> None:
    page = redirected["site"] / "articles" / TASS / "index.html"
    assert page.is_file()
    target = _redirect_target(page)
    assert _resolve(f"articles/{TASS}/", target) == f"articles/{RT}/"
    assert (redirected["site"] / "articles" / RT / "index.html").is_file()


def test_dissolved_statements_get_redirect_pages(redirected: dict[str, Any]) -> None:
    statements = {old: new for old, new in redirected["redirects"].items() if old.startswith("statements/")}
    assert len(statements) == 9
    for old, new in statements.items():
        page = redirected["site"] / old / "index.html"
        assert page.is_file(), old
        assert _resolve(old, _redirect_target(page)) == new.partition("#")[0], old
        # The fragment the redirect names is kept: the page sends readers to the claim, not just the article.
        assert "#" + new.partition("#")[2] in page.read_text(encoding="utf-8"), old


def test_renamed_claim_keeps_its_old_anchor(redirected: dict[str, Any]) -> None:
    page = (redirected["site"] / "articles" / RT / "index.html").read_text(encoding="utf-8")
    assert f'id="claim-{RENAMED_TO}"' in page
    assert f'id="claim-{RENAMED_FROM}"' in page


def test_redirected_claim_fragments_reach_their_new_claim(redirected: dict[str, Any]) -> None:
    # articles/tass…/#claim-no-secret-graves was redirected to articles/rt…/#claim-no-secret-burials: a reader
    # following the old address must land on that claim, not at the top of the RT page (or on an RT claim that
    # happens to share the old id). Either the redirect page maps the fragment, or the RT page carries the
    # old id as an anchor.
    site = redirected["site"]
    redirect = (site / "articles" / TASS / "index.html").read_text(encoding="utf-8")
    rt = (site / "articles" / RT / "index.html").read_text(encoding="utf-8")
    moved = {
        old.partition("#")[2]: new.partition("#")[2]
        for old, new in redirected["redirects"].items()
        if old.startswith(f"articles/{TASS}/#") and "#" in new and old.partition("#")[2] != new.partition("#")[2]
    }
    assert moved["claim-no-secret-graves"] == "claim-no-secret-burials"
    lost = [
        f"#{old} -> #{new}"
        for old, new in sorted(moved.items())
        if not (re.search(rf"{re.escape(old)}\W[^\n]*{re.escape(new)}", redirect) or f'id="{old}"' in rt)
    ]
    assert not lost, f"redirected fragments that land nowhere: {lost}"
