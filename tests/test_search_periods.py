"""The search index split by period: which pages go in which index, and a split site's build.

An archive larger than `search_index_mb` megabytes of documents is indexed one period at a time, so the build's
memory is that of the largest period; the search page merges the indexes (checked in a browser by
`tests/browser/test_search_merged.py`). The site tests build the benchmark generator's 30-article
archive (five years) with a small limit.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
from pathlib import Path

import pytest

from build_tools.search import PERIODS, VOCABULARY_URL, SearchRecord, plan_shards
from tests.conftest import REPO, bench_generate, mkdocs_build


def record(url: str, date: str | None = None) -> SearchRecord:
    return SearchRecord(url, url, "text", period=date or "")


def dated(count: int, date: str, prefix: str) -> list[SearchRecord]:
    return [record(f"{prefix}-{i}/", date) for i in range(count)]


def folders(records: list[SearchRecord], limit: int) -> dict[str, list[str]]:
    return {shard.folder: sorted(r.url for r in shard.records) for shard in plan_shards(records, limit)}


def test_an_archive_within_the_limit_has_one_index() -> None:
    records = [*dated(3, "2001-02-03", "a"), record("speakers/x/")]
    shards = plan_shards(records, limit=4)
    assert [s.folder for s in shards] == [""]
    assert list(shards[0].records) == records


def test_periods_are_packed_newest_first_and_the_undated_pages_stay_in_the_main_index() -> None:
    records = [
        record("speakers/x/"),
        record("statements/y/"),
        *dated(2, "2003-05-01", "c"),
        *dated(3, "2002-01-09", "b"),
        *dated(2, "2001-12-31", "a1"),
        *dated(1, "2000-07-04", "a0"),
    ]
    shards = folders(records, limit=5)
    assert list(shards) == ["", "periods/2001_2002/", "periods/2000/"]
    assert shards[""] == ["c-0/", "c-1/", "speakers/x/", "statements/y/"]
    assert shards["periods/2001_2002/"] == ["a1-0/", "a1-1/", "b-0/", "b-1/", "b-2/"]
    assert shards["periods/2000/"] == ["a0-0/"]
    # Every page in exactly one index.
    assert sorted(u for urls in shards.values() for u in urls) == sorted(r.url for r in records)


def test_a_year_above_the_limit_is_split_by_month_and_a_month_above_it_is_an_index_of_its_own() -> None:
    records = dated(2, "2010-03-01", "mar") + dated(7, "2010-02-11", "feb") + dated(1, "2010-01-20", "jan")
    shards = folders(records, limit=4)
    assert list(shards) == ["", "periods/2010-02/", "periods/2010-01/"]
    assert shards[""] == ["mar-0/", "mar-1/"]
    assert len(shards["periods/2010-02/"]) == 7  # one month: larger than the limit, not split
    assert shards["periods/2010-01/"] == ["jan-0/"]


def test_a_date_that_is_not_one_leaves_the_page_in_the_main_index() -> None:
    records = [*dated(3, "2004-01-01", "d"), record("odd/", "sometime")]
    assert folders(records, limit=3)[""] == ["odd/"]


def test_a_limit_below_one_page_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        plan_shards([record("a/")], limit=0)


def test_sizes_decide_where_a_period_goes() -> None:
    records = [record("speakers/x/"), *dated(1, "2003-01-01", "big"), *dated(3, "2002-01-01", "small")]
    sizes = {"speakers/x/": 1, "big-0/": 9, "small-0/": 1, "small-1/": 1, "small-2/": 1}
    shards = plan_shards(records, limit=10, size=lambda r: sizes[r.url])
    assert [(s.folder, len(s.records)) for s in shards] == [("", 2), ("periods/2002/", 3)]


# --------------------------------------------------------------------------------------------
# A split site, built with MkDocs
# --------------------------------------------------------------------------------------------


def split_archive(root: Path, limit: float | None) -> Path:
    """The generator's 30-article archive (2000 to 2004) with the site's files; `limit` sets `search_index_mb`.

    Each year's documents are 65 to 85 KB, the undated ones (speakers, outlets, pages) more than 20 KB.
    """
    bench_generate(root, 30)
    for name in ("docs", "overrides"):
        shutil.copytree(REPO / name, root / name)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    option = "      generated_dir: build/generated\n"
    assert option in config
    if limit is not None:
        config = config.replace(option, f"{option}      search_index_mb: {limit}\n")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root


def build(root: Path) -> str:
    return mkdocs_build(root)


def indexed(bundle: Path) -> set[str]:
    """The URLs of the pages in one Pagefind index (its fragments)."""
    return {
        json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd") :])["url"]
        for path in (bundle / "fragment").glob("*.pf_fragment")
    }


def hashes(bundle: Path) -> dict[str, str]:
    """The hash of each page of one Pagefind index (its fragment's name), by URL."""
    return {
        json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd") :])["url"]: path.stem
        for path in (bundle / "fragment").glob("*.pf_fragment")
    }


@pytest.fixture(name="split_site", scope="module")
def fixture_split_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = split_archive(tmp_path_factory.mktemp("split"), limit=0.09)
    return root, build(root)


@pytest.mark.site
def test_a_split_site_lists_its_indexes_and_holds_every_page_once(split_site: tuple[Path, str], tmp_path: Path) -> None:
    root, said = split_site
    bundle = root / "site" / "pagefind"
    split = json.loads((bundle / PERIODS).read_text(encoding="utf-8"))
    periods = split["merge"]
    assert periods == [f"periods/{year}/" for year in range(2004, 1999, -1)]
    assert "archive: search indexed" in said
    assert "in 6 indexes (6 built, 0 unchanged)" in said
    parts = [indexed(bundle)] + [indexed(bundle / folder) for folder in periods]
    # Each index has its vocabulary page (the archive's words its pages lack), hidden from results.
    assert len(split["hidden"]) == 6
    for folder, part in zip(["", *periods], parts, strict=True):
        assert f"/{VOCABULARY_URL}" in part
        assert hashes(bundle / folder)[f"/{VOCABULARY_URL}"] in split["hidden"]
        part.discard(f"/{VOCABULARY_URL}")
    for folder in periods:
        # A merged index carries its data only: the main index's script and WebAssembly search it.
        assert sorted(p.name for p in (bundle / folder).iterdir() if not p.name.endswith(".pf_meta")) == [
            "filter",
            "fragment",
            "index",
            "pagefind-entry.json",
        ]
    every = [url for part in parts for url in part]
    assert len(every) == len(set(every)), "a page is in two indexes"
    # The same archive in one index holds the same pages.
    single = split_archive(tmp_path / "single", limit=None)
    build(single)
    whole = indexed(single / "site" / "pagefind")
    assert json.loads((single / "site" / "pagefind" / PERIODS).read_text(encoding="utf-8")) == {
        "merge": [],
        "hidden": [],
    }
    assert set(every) == whole
    # Each period holds its year's articles, events and statements (by first appearance); the main
    # index the rest (speakers, outlets, pages).
    for year, part in zip(range(2004, 1999, -1), parts[1:], strict=True):
        articles = {url for url in part if url.startswith("/articles/")}
        assert articles, (year, part)
        assert all(f"-{year}-" in url for url in articles), (year, part)
        assert all(url.startswith(("/articles/", "/events/", "/statements/")) for url in part), part
    assert not any(url.startswith(("/articles/", "/events/", "/statements/")) for url in parts[0]), parts[0]


def _add_to_a_summary(root: Path, year: int, words: str) -> None:
    annotation = min((root / "annotations" / "articles").glob(f"*-{year}-*.yml"))
    text = annotation.read_text(encoding="utf-8")
    summary = next(line for line in text.splitlines() if line.strip().startswith("summary:"))
    annotation.write_text(text.replace(summary, f"{summary.rstrip()} {words}", 1), encoding="utf-8")


def _inodes(bundle: Path) -> dict[str, int]:
    return {folder: (bundle / folder / "pagefind-entry.json").stat().st_ino for folder in ("periods/2003/", "")}


@pytest.mark.site
def test_an_edit_indexes_again_only_the_period_it_touches_unless_it_brings_a_new_word(
    split_site: tuple[Path, str],
) -> None:
    root, _ = split_site
    bundle = root / "site" / "pagefind"
    before = _inodes(bundle)
    # Words the 2001 period already has: only its index changes.
    annotation = min((root / "annotations" / "articles").glob("*-2001-*.yml")).read_text(encoding="utf-8")
    quote = next(line for line in annotation.splitlines() if line.strip().startswith("quote:"))
    _add_to_a_summary(root, 2001, " ".join(re.findall(r"\b[a-z]+\b", quote.split(":", 1)[1], re.IGNORECASE)[:3]))
    assert "in 6 indexes (1 built, 5 unchanged)" in build(root)
    assert _inodes(bundle) == before, "an untouched index was written again"
    # A word new to the archive goes into every other index's vocabulary page: all are built again.
    _add_to_a_summary(root, 2001, "Zanzibarian")
    assert "in 6 indexes (6 built, 0 unchanged)" in build(root)
    fragments = [
        json.loads(gzip.decompress(p.read_bytes())[len(b"pagefind_dcd") :])
        for p in (bundle / "periods/2001/fragment").glob("*.pf_fragment")
    ]
    assert any("Zanzibarian" in f["content"] for f in fragments if f["url"].startswith("/articles/"))
