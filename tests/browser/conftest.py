"""Browser fixtures: the frozen seed's built site on a local server, Debian's Chromium driven by Playwright.

The browser, its contexts and pages come from `tests/browsing.py` (shared with the live archive's
checks in `tests/content/`); every request a page makes is checked at teardown for other hosts.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browsing import (  # noqa: F401 - fixtures, found by pytest in this module's namespace
    fixture_browser,
    fixture_contexts,
    fixture_go,
    fixture_open_page,
    fixture_page,
)
from tests.sitecheck import serve

RT = "rt-2017-08-02-false-from-start-to-finish"
TASS = "tass-2017-08-02-secret-graves"

PAGE_TYPES: dict[str, str] = {
    "home": "/",
    "article-rt": f"/articles/{RT}/",
    "article-tass": f"/articles/{TASS}/",
    "speaker": "/speakers/igor-konashenkov/",
    "outlet": "/outlets/rt/",
    "event": "/events/reuters-syria-casualties-2017/",
    "statement": f"/statements/{RT}--no-secret-burials/",
    "tag": "/tags/media-criticism/",
    "claims": "/claims/",
    "timeline": "/timeline/",
    "timeline-year": "/timeline/2017/",
    "articles-hub": "/articles/",
    "contributing": "/contributing/",
    "data": "/data/",
}
"""One page of each type the seed's site has, by a short name used in test ids and screenshot names."""


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Any test asking for `page_type` runs once per page type, as (name, path)."""
    if "page_type" in metafunc.fixturenames:
        metafunc.parametrize("page_type", list(PAGE_TYPES.items()), ids=list(PAGE_TYPES))


@pytest.fixture(name="server_url", scope="session")
def fixture_server_url(seed_site: Path) -> Iterator[str]:
    """The built seed site served on a free 127.0.0.1 port, as `http://127.0.0.1:<port>`."""
    with serve(seed_site) as url:
        yield url
