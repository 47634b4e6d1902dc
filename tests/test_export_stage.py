"""Export stage: a linked archive in, the downloads out (`export.data_files`), read back on the tiny archive.

No site is built: the files are the strings `data_files` returns. Every position must select the
claim's words (in the clean text and in the raw file), the CSV files must hold one row per claim,
speaker and article under the declared headers, the W3C collection one annotation per claim with
both targets, and the data package must describe exactly these files. The seed site's downloads
are checked end to end, with Frictionless, in `test_data.py`.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path
from typing import Any

import pytest

from build_tools.export import ARTICLE_FIELDS, CLAIM_FIELDS, SPEAKER_FIELDS, DataFile, data_files
from build_tools.link import Archive
from build_tools.pipeline import run_pipeline
from tests.conftest import TINY_FILES, write_tree

SITE = "https://example.org/archive/"
DOWNLOADS = ("archive.json", "claims.csv", "speakers.csv", "articles.csv", "annotations.jsonld")
"""The downloads tested here (there may be more); the data package describing them all comes last."""
PACKAGE = "datapackage.json"
CSV_FIELDS = {"claims.csv": CLAIM_FIELDS, "speakers.csv": SPEAKER_FIELDS, "articles.csv": ARTICLE_FIELDS}


@pytest.fixture(name="downloads", scope="module")
def fixture_downloads(tiny_linked_once: Archive) -> dict[str, DataFile]:
    """The tiny archive's downloads, by file name."""
    return {file.name: file for file in data_files(tiny_linked_once, SITE)}


def document(downloads: dict[str, DataFile], name: str) -> Any:
    return json.loads(downloads[name].content)


def rows(downloads: dict[str, DataFile], name: str) -> tuple[list[str], list[dict[str, str]]]:
    """A CSV file's header and rows."""
    reader = csv.DictReader(io.StringIO(downloads[name].content))
    return list(reader.fieldnames or []), list(reader)


def test_every_download_once_the_package_last(downloads: dict[str, DataFile], tiny_linked_once: Archive) -> None:
    names = [file.name for file in data_files(tiny_linked_once, SITE)]
    assert len(names) == len(set(names))
    assert set(DOWNLOADS) <= set(names)
    assert names[-1] == PACKAGE
    assert all(file.content.endswith("\n") for file in downloads.values())


def test_a_second_call_gives_the_same_bytes(tiny_linked_once: Archive, tiny_archive: Path) -> None:
    first = data_files(tiny_linked_once, SITE)
    assert data_files(tiny_linked_once, SITE) == first
    again = run_pipeline(tiny_archive).archive  # the same files, linked again
    assert again is not None
    assert [f.content for f in data_files(again, SITE)] == [f.content for f in first]


def test_downloads_are_published_compressed_and_unpack_to_their_text(downloads: dict[str, DataFile]) -> None:
    for name, file in downloads.items():
        published = file.published()
        if name == PACKAGE:  # Read first, by people and tools: plain.
            assert (file.path, published) == (PACKAGE, file.content)
            continue
        assert file.path == f"{name}.gz"
        assert isinstance(published, bytes)
        assert gzip.decompress(published).decode("utf-8") == file.content
        assert published == file.published(), f"{name}: the same text compressed twice gave different bytes"
        package = {r["path"]: r for r in document(downloads, PACKAGE)["resources"]}
        assert package[file.path]["compression"] == "gz"


# --------------------------------------------------------------------------------------------
# archive.json
# --------------------------------------------------------------------------------------------


def test_archive_json_holds_every_article_claim_and_registry_entry(
    downloads: dict[str, DataFile], tiny_linked_once: Archive
) -> None:
    data = document(downloads, "archive.json")
    registries = tiny_linked_once.registries
    assert [a["id"] for a in data["articles"]] == sorted(tiny_linked_once.articles)
    assert [c["id"] for c in data["claims"]] == sorted(str(ref) for ref in tiny_linked_once.claims)
    assert [s["id"] for s in data["speakers"]] == sorted(registries.speakers)
    assert [o["id"] for o in data["outlets"]] == sorted(registries.outlets)
    assert [e["id"] for e in data["events"]] == sorted(registries.events)
    assert [t["id"] for t in data["tags"]] == sorted(registries.tags)
    assert data["statements"] == [
        {
            "id": "daily-2020-01-01-budget--no-pension-cuts",
            "members": ["daily-2020-01-01-budget#no-pension-cuts", "herald-2020-01-02-budget#no-cuts"],
        }
    ]
    for article in data["articles"]:
        assert article["text"] == tiny_linked_once.articles[article["id"]].clean.text
        assert article["raw_url"] == f"{SITE}articles/{article['id']}/raw.txt"
        assert article["claims"] == [str(c.ref) for c in tiny_linked_once.articles[article["id"]].claims]


def test_clean_and_raw_positions_select_the_claims_words(
    downloads: dict[str, DataFile], tiny_linked_once: Archive
) -> None:
    data = document(downloads, "archive.json")
    texts = {a["id"]: a["text"] for a in data["articles"]}
    raw = {a: article.raw.text for a, article in tiny_linked_once.articles.items()}
    for claim in data["claims"]:
        words = claim["quote"]
        assert texts[claim["article"]][claim["start"] : claim["end"]] == claim["text"] == words, claim["id"]
        # The tiny archive's raw files hold each claim's words unchanged (no line joined, no character replaced).
        assert raw[claim["article"]][claim["raw_start"] : claim["raw_end"]] == words, claim["id"]
        assert claim["url"] == f"{SITE}articles/{claim['article']}/#claim-{claim['id'].partition('#')[2]}"
    fantasy = next(c for c in data["claims"] if c["id"] == "daily-2020-01-01-budget#fantasy")
    assert fantasy["relations"] == [
        {
            "type": "contradicts",
            "direction": "written",
            "wording": "contradicts",
            "target": "daily-2020-01-01-budget#no-pension-cuts",
        }
    ]


# --------------------------------------------------------------------------------------------
# The CSV files
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(CSV_FIELDS))
def test_csv_has_its_declared_header_and_one_row_per_entry(
    name: str, downloads: dict[str, DataFile], tiny_linked_once: Archive
) -> None:
    header, found = rows(downloads, name)
    assert header == [field for field, _, _ in CSV_FIELDS[name]]
    expected = {
        "claims.csv": sorted(str(ref) for ref in tiny_linked_once.claims),
        "speakers.csv": sorted(tiny_linked_once.registries.speakers),
        "articles.csv": sorted(tiny_linked_once.articles),
    }[name]
    assert [row["id"] for row in found] == expected


def test_csv_rows_agree_with_archive_json(downloads: dict[str, DataFile]) -> None:
    claims = {c["id"]: c for c in document(downloads, "archive.json")["claims"]}
    _, claim_rows = rows(downloads, "claims.csv")
    for row in claim_rows:
        claim = claims[row["id"]]
        for column in ("quote", "start", "end", "raw_start", "raw_end", "kind", "summary"):
            assert row[column] == str(claim[column]), (row["id"], column)
    _, speaker_rows = rows(downloads, "speakers.csv")
    assert {row["id"]: row["claims"] for row in speaker_rows} == {
        "finance-ministry": "0",
        "jane-roe": "3",
        "john-doe": "1",
    }
    _, article_rows = rows(downloads, "articles.csv")
    assert {row["id"]: (row["claims"], row["annotated"]) for row in article_rows} == {
        "daily-2020-01-01-budget": ("3", "true"),
        "herald-2020-01-02-budget": ("1", "true"),
        "herald-2020-01-03-unannotated": ("0", "false"),
    }


# --------------------------------------------------------------------------------------------
# The W3C Web Annotation collection
# --------------------------------------------------------------------------------------------


def selectors(target: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {selector["type"]: selector for selector in target["selector"]}


def test_each_claim_is_an_annotation_whose_targets_select_its_words(
    downloads: dict[str, DataFile], tiny_linked_once: Archive
) -> None:
    collection = document(downloads, "annotations.jsonld")
    claims = {c["url"]: c for c in document(downloads, "archive.json")["claims"]}
    items = collection["first"]["items"]
    assert collection["type"] == "AnnotationCollection"
    assert collection["total"] == len(items) == len(claims) == 4
    assert sorted(item["id"] for item in items) == sorted(claims)
    for item in items:
        claim = claims[item["id"]]
        article = tiny_linked_once.articles[claim["article"]]
        page, raw_file = item["target"]
        assert page["source"] == f"{SITE}articles/{article.id}/"
        quote, position = selectors(page)["TextQuoteSelector"], selectors(page)["TextPositionSelector"]
        assert quote["exact"] == claim["quote"]
        assert (position["start"], position["end"]) == (claim["start"], claim["end"])
        text = article.clean.text
        assert text[: position["start"]].endswith(quote["prefix"])
        assert text[position["end"] :].startswith(quote["suffix"])
        assert raw_file["source"] == f"{SITE}articles/{article.id}/raw.txt"
        raw = selectors(raw_file)
        assert raw["TextQuoteSelector"]["exact"] == claim["quote"]
        span = raw["TextPositionSelector"]
        assert article.raw.text[span["start"] : span["end"]] == claim["quote"]
        assert (span["start"], span["end"]) == (claim["raw_start"], claim["raw_end"])
        speakers = [b["source"] for b in item["body"] if b.get("purpose") == "identifying"]
        assert speakers == [f"{SITE}speakers/{claim['speaker']}/"]


# --------------------------------------------------------------------------------------------
# The data package
# --------------------------------------------------------------------------------------------


def test_the_data_package_describes_exactly_the_other_files(downloads: dict[str, DataFile]) -> None:
    package = document(downloads, PACKAGE)
    resources = package["resources"]
    assert [r["path"] for r in resources] == [file.path for file in downloads.values()][:-1]
    by_path = {file.path: file for file in downloads.values()}
    for resource in resources:
        file = by_path[resource["path"]]
        assert resource["mediatype"] == file.media_type
        assert resource["description"] == file.description
        if file.name in CSV_FIELDS:
            header, _ = rows(downloads, file.name)
            assert [f["name"] for f in resource["schema"]["fields"]] == header
            assert resource["schema"]["primaryKey"] == ["id"]
    assert package["homepage"] == SITE
    assert package["licenses"][0]["name"] == "CC-BY-4.0"


def test_an_archive_without_claims_exports_empty_files(tmp_path: Path) -> None:
    write_tree(tmp_path, {k: v for k, v in TINY_FILES.items() if "/articles/" not in k})
    archive = run_pipeline(tmp_path).archive
    assert archive is not None
    files = {file.name: file for file in data_files(archive, SITE)}
    assert list(files)[-1] == PACKAGE
    assert set(DOWNLOADS) <= set(files)
    assert json.loads(files["annotations.jsonld"].content)["total"] == 0
    header, found = rows(files, "claims.csv")
    assert header == [field for field, _, _ in CLAIM_FIELDS]
    assert found == []
