"""Open data on /data/: archive.json, the CSV files, the W3C Web Annotations and the data package.

The frozen seed archive is built with `mkdocs build --strict` (the `seed_site` fixture) and its downloads
are read back: every position must select the claim's text in the clean text, every CSV must match
`archive.json` and the data package, and the package must validate (Frictionless).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import shutil
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from build_tools.export import annotations_jsonld, archive_json, data_files
from build_tools.pipeline import PipelineResult, run_pipeline
from tests.conftest import REPO, SEED, TINY_FILES, write_tree
from tests.sitecheck import download_text

SITE_URL = re.search(r"^site_url:\s*(\S+)", (REPO / "mkdocs.yml").read_text(encoding="utf-8"), re.MULTILINE).group(1)
SITE_URL = SITE_URL.rstrip("/") + "/"
# The downloads as published: each compressed but the data package that describes them.
DOWNLOADS = (
    "archive.json.gz",
    "claims.csv.gz",
    "speakers.csv.gz",
    "articles.csv.gz",
    "claims.bib.gz",
    "annotations.jsonld.gz",
    "datapackage.json",
)
CSV_FILES = ("claims.csv", "speakers.csv", "articles.csv")

SEED_ANNOTATIONS: dict[str, dict] = {
    path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
    for path in sorted((SEED / "annotations" / "articles").glob("*.yml"))
}
SEED_CLAIM_IDS = sorted(f"{a}#{c['id']}" for a, data in SEED_ANNOTATIONS.items() for c in data["claims"])
SEED_SPEAKERS: dict[str, dict] = yaml.safe_load((SEED / "annotations" / "speakers.yml").read_text(encoding="utf-8"))


@cache
def _read(site: Path, name: str) -> str:
    return download_text(site, name)


def archive_data(site: Path) -> dict[str, Any]:
    return json.loads(_read(site, "archive.json"))


def csv_rows(site: Path, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(_read(site, name), newline="")))


def annotation_items(site: Path) -> list[dict[str, Any]]:
    document = json.loads(_read(site, "annotations.jsonld"))
    assert document["type"] == "AnnotationCollection"
    return document["first"]["items"]


def texts(site: Path) -> dict[str, str]:
    """Clean text of each article, by the article's page URL."""
    return {a["url"]: a["text"] for a in archive_data(site)["articles"]}


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


# --------------------------------------------------------------------------------------------
# The files exist and the /data/ page offers them
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", DOWNLOADS)
def test_download_is_built_and_linked_from_the_data_page(seed_site: Path, name: str) -> None:
    path = seed_site / "data" / name
    assert path.is_file(), f"site/data/{name} was not built"
    assert path.stat().st_size > 0
    page = (seed_site / "data" / "index.html").read_text(encoding="utf-8")
    assert f'href="{name}"' in page, f"/data/ does not link to {name}"


# --------------------------------------------------------------------------------------------
# archive.json
# --------------------------------------------------------------------------------------------


def test_archive_json_holds_the_whole_seed(seed_site: Path) -> None:
    data = archive_data(seed_site)
    assert len(data["articles"]) == 2
    assert len(data["claims"]) == 31
    assert sorted(a["id"] for a in data["articles"]) == sorted(SEED_ANNOTATIONS)
    assert [c["id"] for c in data["claims"]] == SEED_CLAIM_IDS
    assert sorted(s["id"] for s in data["speakers"]) == sorted(SEED_SPEAKERS)
    for article in data["articles"]:
        written = [c["id"] for c in SEED_ANNOTATIONS[article["id"]]["claims"]]
        assert sorted(article["claims"]) == sorted(f"{article['id']}#{c}" for c in written)
        assert article["url"] == f"{SITE_URL}articles/{article['id']}/"
        assert article["text"].strip(), article["id"]
    reuters = next(s for s in data["speakers"] if s["id"] == "reuters")
    assert reuters["wikidata"] == "Q130879"


def test_claims_in_archive_json_carry_their_annotation(seed_site: Path) -> None:
    written = {f"{a}#{c['id']}": c for a, data in SEED_ANNOTATIONS.items() for c in data["claims"]}
    for claim in archive_data(seed_site)["claims"]:
        source = written[claim["id"]]
        assert claim["quote"] == source["quote"], claim["id"]
        assert claim["kind"] == source["kind"], claim["id"]
        assert claim["summary"] == source["summary"], claim["id"]
        assert claim["tags"] == source.get("tags", []), claim["id"]
        speaker = source.get("speaker")
        if isinstance(speaker, str):
            assert claim["speaker"] == speaker
            assert claim["speaker_name"] == SEED_SPEAKERS[speaker]["name"]
        else:
            assert claim["speaker"] is None
            assert claim["unnamed_speaker"]["description"] == speaker["unnamed"]
        article_id, _, claim_id = claim["id"].partition("#")
        assert claim["url"] == f"{SITE_URL}articles/{article_id}/#claim-{claim_id}"


def test_claim_positions_select_the_claim_text(seed_site: Path) -> None:
    data = archive_data(seed_site)
    articles = {a["id"]: a for a in data["articles"]}
    for claim in data["claims"]:
        text = articles[claim["article"]]["text"]
        start, end = claim["start"], claim["end"]
        assert 0 <= start < end <= len(text), claim["id"]
        assert text[start:end] == claim["text"], claim["id"]
        if claim["anchoring"]["method"] == "exact":
            assert text[start:end] == claim["quote"], claim["id"]


# --------------------------------------------------------------------------------------------
# annotations.jsonld: W3C Web Annotations
# --------------------------------------------------------------------------------------------


def test_annotations_jsonld_is_a_collection_of_every_claim(seed_site: Path) -> None:
    document = json.loads(_read(seed_site, "annotations.jsonld"))
    assert "http://www.w3.org/ns/anno.jsonld" in document["@context"]
    assert document["type"] == "AnnotationCollection"
    items = document["first"]["items"]
    assert document["total"] == len(items) == 31
    expected = [f"{SITE_URL}articles/{c.replace('#', '/#claim-')}" for c in SEED_CLAIM_IDS]
    assert sorted(item["id"] for item in items) == sorted(expected)
    assert all(item["type"] == "Annotation" for item in items)


def test_every_annotation_has_quote_and_position_selectors_over_the_clean_text(seed_site: Path) -> None:
    by_url = texts(seed_site)
    for item in annotation_items(seed_site):
        name = item["id"]
        target = item["target"][0]
        text = by_url[target["source"]]
        assert name.startswith(target["source"] + "#claim-")
        selectors = {s["type"]: s for s in target["selector"]}
        assert set(selectors) == {"TextQuoteSelector", "TextPositionSelector"}, name
        quote, position = selectors["TextQuoteSelector"], selectors["TextPositionSelector"]
        start, end = position["start"], position["end"]
        assert 0 <= start < end <= len(text), name
        assert quote["exact"] == text[start:end], name
        prefix, suffix = quote["prefix"], quote["suffix"]
        assert text[:start].endswith(prefix), name
        assert text[end:].startswith(suffix), name
        assert prefix or start == 0, f"{name}: empty prefix inside the text"
        assert suffix or end == len(text), f"{name}: empty suffix inside the text"


def test_annotation_positions_agree_with_archive_json(seed_site: Path) -> None:
    claims = {c["url"]: c for c in archive_data(seed_site)["claims"]}
    for item in annotation_items(seed_site):
        claim = claims[item["id"]]
        position = next(s for s in item["target"][0]["selector"] if s["type"] == "TextPositionSelector")
        assert (position["start"], position["end"]) == (claim["start"], claim["end"]), item["id"]


def test_utf16_offsets_are_javascript_string_indices(seed_site: Path) -> None:
    by_url = texts(seed_site)
    for item in annotation_items(seed_site):
        text = by_url[item["target"][0]["source"]]
        position = next(s for s in item["target"][0]["selector"] if s["type"] == "TextPositionSelector")
        utf16 = item["target"][0]["archive:utf16"]
        assert utf16["start"] == utf16_units(text[: position["start"]]), item["id"]
        assert utf16["end"] == utf16_units(text[: position["end"]]), item["id"]


def test_utf16_offsets_count_astral_characters_twice(tmp_path: Path) -> None:
    # The seed has no character outside the BMP, so code points and UTF-16 units agree there:
    # an emoji before a claim is where they must differ.
    files = dict(TINY_FILES)
    files["articles/herald-2020-01-02-budget.txt"] = (
        "Minister: no pension cuts\n\n"
        "HERALD - \U0001f642\U0001f642 Jane Roe insisted: \u201cWe will not sign a budget that cuts pensions.\u201d\n\n"
        "Doe disagreed.\n"
    )
    write_tree(tmp_path, files)
    result = run_pipeline(tmp_path)
    assert result.archive is not None, [str(d) for d in result.diagnostics.errors]
    document = json.loads(annotations_jsonld(result.archive, "https://example.org/archive/"))
    item = next(i for i in document["first"]["items"] if i["id"].endswith("herald-2020-01-02-budget/#claim-no-cuts"))
    text = result.archive.articles["herald-2020-01-02-budget"].clean.text
    position = next(s for s in item["target"][0]["selector"] if s["type"] == "TextPositionSelector")
    start, end = position["start"], position["end"]
    assert text[start:end] == "We will not sign a budget that cuts pensions."
    assert item["target"][0]["archive:utf16"] == {"start": utf16_units(text[:start]), "end": utf16_units(text[:end])}
    assert item["target"][0]["archive:utf16"]["start"] == start + 2
    # archive.json keeps code points, the unit its documentation states.
    claim = next(c for c in json.loads(archive_json(result.archive, "/"))["claims"] if c["id"].endswith("#no-cuts"))
    assert (claim["start"], claim["end"]) == (start, end)


# --------------------------------------------------------------------------------------------
# CSV files
# --------------------------------------------------------------------------------------------


def test_claims_csv_matches_archive_json(seed_site: Path) -> None:
    data = archive_data(seed_site)
    articles = {a["id"]: a for a in data["articles"]}
    rows = csv_rows(seed_site, "claims.csv")
    assert len(rows) == len(data["claims"]) == 31
    for row, claim in zip(rows, data["claims"], strict=True):
        assert row["id"] == claim["id"]
        assert row["article_id"] == claim["article"]
        assert row["url"] == claim["url"]
        assert row["published"] == articles[claim["article"]]["published"]
        assert row["outlet_id"] == articles[claim["article"]]["outlet"]
        assert row["speaker_id"] == (claim["speaker"] or "")
        expected_name = claim["speaker_name"] or ""
        assert row["speaker_name"] == expected_name, claim["id"]
        assert row["kind"] == claim["kind"]
        assert row["cue"] == (claim["cue"] or "")
        assert row["quote"] == claim["quote"]
        assert (int(row["start"]), int(row["end"])) == (claim["start"], claim["end"])
        assert row["summary"] == claim["summary"]
        assert (row["tags"].split(";") if row["tags"] else []) == claim["tags"]
        assert row["rating"] == (claim["review"]["rating"] if claim["review"] else "")
        assert row["statement_id"] == (claim["statement"] or "")


def test_speakers_csv_matches_archive_json(seed_site: Path) -> None:
    data = archive_data(seed_site)
    rows = csv_rows(seed_site, "speakers.csv")
    assert [r["id"] for r in rows] == [s["id"] for s in data["speakers"]]
    counts: dict[str, int] = {}
    for claim in data["claims"]:
        if claim["speaker"]:
            counts[claim["speaker"]] = counts.get(claim["speaker"], 0) + 1
    for row, speaker in zip(rows, data["speakers"], strict=True):
        assert row["name"] == speaker["name"]
        assert row["type"] == speaker["type"]
        assert row["aliases"] == ";".join(speaker["aliases"])
        assert row["wikidata"] == (speaker["wikidata"] or "")
        assert int(row["claims"]) == counts.get(speaker["id"], 0), speaker["id"]
    assert sum(int(r["claims"]) for r in rows) == sum(counts.values())


def test_articles_csv_matches_archive_json(seed_site: Path) -> None:
    data = archive_data(seed_site)
    rows = csv_rows(seed_site, "articles.csv")
    assert len(rows) == len(data["articles"]) == 2
    for row, article in zip(rows, data["articles"], strict=True):
        assert row["id"] == article["id"]
        assert row["url"] == article["url"]
        assert row["title"] == article["title"]
        assert row["outlet_id"] == article["outlet"]
        assert row["published"] == article["published"]
        assert int(row["claims"]) == len(article["claims"])
        assert row["annotated"] == "true"
        assert row["tags"] == ";".join(article["tags"])


# --------------------------------------------------------------------------------------------
# datapackage.json
# --------------------------------------------------------------------------------------------


def _package(site: Path) -> dict[str, Any]:
    return json.loads(_read(site, "datapackage.json"))


def test_datapackage_describes_every_file(seed_site: Path) -> None:
    package = _package(seed_site)
    assert package["name"] == "annotated-news-archive"
    assert package["licenses"], "the data package states no licence"
    paths = [r["path"] for r in package["resources"]]
    assert sorted(paths) == sorted(n for n in DOWNLOADS if n != "datapackage.json")
    for resource in package["resources"]:
        assert (seed_site / "data" / resource["path"]).is_file(), resource["path"]
        assert resource["name"], resource["path"]
        assert resource.get("description"), resource["path"]
    tabular = {r["path"] for r in package["resources"] if "schema" in r}
    assert tabular == {f"{name}.gz" for name in CSV_FILES}
    compressed = {r["path"] for r in package["resources"] if r.get("compression") == "gz"}
    assert compressed == set(paths), "a compressed download is not recorded as compressed"


# Types a Frictionless table schema may declare here, with how a CSV cell of that type reads.
_CELL = {
    "string": lambda _: True,
    "integer": lambda v: re.fullmatch(r"[+-]?\d+", v) is not None,
    "boolean": lambda v: v in {"true", "false", "True", "False", "TRUE", "FALSE", "1", "0"},
    "number": lambda v: re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", v) is not None,
}


@pytest.mark.parametrize("name", CSV_FILES)
def test_csv_matches_its_schema(seed_site: Path, name: str) -> None:
    # The checks Frictionless makes, written out: header, types per field, primary key unique.
    resource = next(r for r in _package(seed_site)["resources"] if r["path"] == f"{name}.gz")
    schema = resource["schema"]
    fields = [f["name"] for f in schema["fields"]]
    reader = csv.reader(io.StringIO(_read(seed_site, name), newline=""))
    header = next(reader)
    assert header == fields, f"{name}: header does not match the schema's fields"
    rows = list(reader)
    assert rows, f"{name} has no rows"
    keys = []
    for number, row in enumerate(rows, start=2):
        assert len(row) == len(fields), f"{name}:{number}: {len(row)} cells for {len(fields)} fields"
        for field, value in zip(schema["fields"], row, strict=True):
            assert field["type"] in _CELL, f"{name}: unexpected type {field['type']}"
            if value:
                assert _CELL[field["type"]](value), f"{name}:{number}: {field['name']}={value!r} is not {field['type']}"
        keys.append(tuple(row[fields.index(k)] for k in schema["primaryKey"]))
    assert len(set(keys)) == len(keys), f"{name}: primary key {schema['primaryKey']} is not unique"


# Frictionless (5.21) leaves a compressed resource's file open for the garbage collector to close.
@pytest.mark.filterwarnings("ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning")
def test_datapackage_validates_with_frictionless(seed_site: Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(seed_site / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])
    rows = {task.name: task.stats.get("rows") for task in report.tasks}
    assert rows["claims-csv"] == 31
    assert rows["articles-csv"] == 2


# Frictionless (5.21) leaves a compressed resource's file open for the garbage collector to close.
@pytest.mark.filterwarnings("ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning")
def test_frictionless_check_catches_a_broken_csv(seed_site: Path, tmp_path: Path) -> None:
    # The validation above must be able to fail: a non-integer offset and a duplicated key are errors.
    frictionless = pytest.importorskip("frictionless")
    data = tmp_path / "data"
    shutil.copytree(seed_site / "data", data)
    lines = download_text(data.parent, "claims.csv").splitlines(keepends=True)
    rows = list(csv.reader(lines[1:2]))
    rows[0][10] = "ten"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    broken = lines[0] + buffer.getvalue() + "".join(lines[1:])
    (data / "claims.csv.gz").write_bytes(gzip.compress(broken.encode("utf-8")))
    report = frictionless.validate(str(data / "datapackage.json"))
    assert not report.valid
    types = {error[0] for error in report.flatten(["type"])}
    assert "type-error" in types
    assert "primary-key" in types


def test_data_files_are_the_same_from_the_pipeline(seed_site: Path, seed_result: PipelineResult) -> None:
    # The built downloads are exactly what the export produces for the seed: nothing is lost on the way.
    assert seed_result.archive is not None
    for file in data_files(seed_result.archive, SITE_URL):
        assert _read(seed_site, file.name) == file.content, file.name
