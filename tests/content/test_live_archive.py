"""The live archive passes `archive check`, builds strictly, and its site's links all lead somewhere on it.

Rules that hold for any valid content: no article, claim or count is pinned, so adding, editing or
removing articles never breaks them unless the result is broken. Also checked: every annotation
file satisfies its JSON Schema (what contributors' editors check as they type), and the published
data package validates.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml

from build_tools.formats import json_schemas
from tests.content.live import LIVE, run_archive
from tests.sitecheck import crawl, external_loads


def test_archive_check_finds_no_error() -> None:
    completed = run_archive("check")
    assert completed.returncode == 0, f"`archive check` found errors:\n{completed.stdout}{completed.stderr}"


REGISTRIES = ("speakers", "outlets", "events", "tags")


def annotation_files() -> list[tuple[str, str]]:
    """(schema name, repository-relative path) of every annotation and registry file of the live archive."""
    files = [
        ("annotation", f"annotations/articles/{p.name}")
        for p in sorted((LIVE / "annotations" / "articles").glob("*.yml"))
    ]
    files += [
        (name, f"annotations/{name}.yml") for name in REGISTRIES if (LIVE / "annotations" / f"{name}.yml").is_file()
    ]
    return files


@pytest.mark.parametrize(("schema", "path"), annotation_files(), ids=[path for _, path in annotation_files()])
def test_annotation_file_satisfies_its_json_schema(schema: str, path: str) -> None:
    document = yaml.load((LIVE / path).read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # all scalars as text
    jsonschema.validate(document, json_schemas()[schema])


def test_strict_build_succeeds(live_build: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    completed, site = live_build
    assert completed.returncode == 0, f"`archive build` failed:\n{completed.stdout}{completed.stderr}"
    assert (site / "index.html").is_file()


def test_every_article_has_its_page(live_site: Path) -> None:
    # Every raw article is published, annotated or not (the article row of the page-kind table in docs/architecture.md).
    missing = [
        f"articles/{raw.stem}/"
        for raw in sorted((LIVE / "articles").glob("*.txt"))
        if not (live_site / "articles" / raw.stem / "index.html").is_file()
    ]
    assert not missing, f"articles without a page: {missing}"


def test_every_link_and_fragment_resolves(server_url: str, live_site: Path) -> None:
    found = crawl(server_url, live_site)
    print(found.summary())
    assert found.pages, "the crawl reached no page"
    assert not found.broken, "broken internal links:\n  " + "\n  ".join(found.broken)
    assert not found.missing_fragments, "links to missing anchors:\n  " + "\n  ".join(found.missing_fragments)
    assert not found.orphans, "pages of the site that no link reaches from the home page:\n  " + "\n  ".join(
        found.orphans
    )


def test_nothing_is_loaded_from_another_host(live_site: Path) -> None:
    external = external_loads(live_site)
    assert not external, "resources loaded from other hosts:\n  " + "\n  ".join(external)


# Frictionless (5.21) leaves a compressed resource's file open for the garbage collector to close.
@pytest.mark.filterwarnings("ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning")
def test_data_package_validates(live_site: Path) -> None:
    import frictionless  # noqa: PLC0415 - slow to import, and only this check needs it

    report = frictionless.validate(str(live_site / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])
