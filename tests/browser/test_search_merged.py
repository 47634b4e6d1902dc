"""A search over an index split by period finds what the same archive's single index finds.

The benchmark generator's 30-article archive (2000 to 2004) is built twice, once with
`search_index_mb: 0.09` (six indexes, merged by the search page) and once whole; the same queries
and filters, typed into the search dialog of each, list the same results.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.test_search import _mark_stale, _open_search, _results
from tests.browsing import Contexts
from tests.sitecheck import serve
from tests.test_search_periods import PERIODS, build, split_archive

DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(name="sites", scope="module")
def fixture_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    split = split_archive(tmp_path_factory.mktemp("split-site"), limit=0.09)
    whole = split_archive(tmp_path_factory.mktemp("whole-site"), limit=None)
    build(split)
    build(whole)
    assert len(json.loads((split / "site" / "pagefind" / PERIODS).read_text(encoding="utf-8"))["merge"]) == 5
    return {"split": split, "whole": whole}


@pytest.fixture(name="pages", scope="module")
def fixture_pages(browser: Browser, sites: dict[str, Path]) -> Iterator[dict[str, Page]]:
    with serve(sites["split"] / "site") as split_url, serve(sites["whole"] / "site") as whole_url:
        contexts = {"split": Contexts(browser, split_url), "whole": Contexts(browser, whole_url)}
        yield {name: c.get(DESKTOP, "light").new_page() for name, c in contexts.items()}
        for c in contexts.values():
            c.close()


def query_words(root: Path) -> list[str]:
    """Three words of the archive's texts found in articles of at least three years but not in most
    articles; and two-word queries: the first of them with the word most often beside it, and with a
    word of one year only."""
    years: dict[str, set[str]] = {}
    counts: Counter[str] = Counter()
    texts = [
        (re.search(r"-(\d{4})-\d\d-\d\d-", path.name).group(1), set(re.findall(r"[a-z]{5,}", path.read_text().lower())))  # type: ignore[union-attr]
        for path in sorted((root / "articles").glob("*.txt"))
    ]
    for year, words in texts:
        counts.update(words)
        for word in words:
            years.setdefault(word, set()).add(year)
    chosen = [w for w in sorted(counts, key=lambda w: (-len(years[w]), counts[w], w)) if counts[w] < len(texts) / 2]
    first = chosen[0]
    beside = Counter(
        w for _, words in texts if first in words for w in words if w != first and counts[w] < len(texts) / 2
    )
    # A word of one year only beside a word of many: the other years' indexes lack it, and must not
    # leave it out of the query (Pagefind leaves out a word its index lacks).
    once = sorted(w for w in beside if len(years[w]) == 1)
    assert once, "no word of one year only beside the first word"
    return [*chosen[:3], f"{first} {min(beside, key=lambda w: (-beside[w], w))}", f"{first} {once[0]}"]


def results_of(page: Page, go: Callable, query: str) -> set[tuple[str, str]]:
    _open_search(page, go)
    _mark_stale(page)
    page.locator("[data-archive-search-query]").fill(query)
    return {(r["href"], r["type"]) for r in _results(page)}


def test_the_merged_indexes_find_what_one_index_finds(
    sites: dict[str, Path], pages: dict[str, Page], go: Callable
) -> None:
    for query in query_words(sites["whole"]):
        found = {name: results_of(page, go, query) for name, page in pages.items()}
        assert found["whole"], f"'{query}' finds nothing"
        years = {m.group(1) for href, _ in found["whole"] if (m := re.search(r"-(\d{4})-\d\d-\d\d-", href))}
        if " " not in query:
            assert len(years) >= 3, (query, years)
        assert found["split"] == found["whole"], query


def test_a_year_filter_narrows_the_merged_indexes_as_it_narrows_one(pages: dict[str, Page], go: Callable) -> None:
    found = {}
    for name, page in pages.items():
        _open_search(page, go, filters=True)
        _mark_stale(page)
        page.locator("select[data-archive-filter=year]").select_option("2001")
        found[name] = {(r["href"], r["type"]) for r in _results(page)}
    assert found["whole"]
    assert all("-2001-" in href for href, kind in found["whole"] if href.startswith("/articles/")), found["whole"]
    assert found["split"] == found["whole"]
