"""Browser fixtures: the frozen seed's built site and the event archive's on local servers, Debian's Chromium driven by Playwright.

The browser, its contexts and pages come from `tests/browsing.py` (shared with the live archive's
checks in `tests/content/`); every request a page makes is checked at teardown for other hosts.
The event archive (`tests/eventarchive.py`: one event at size, 54 claims, 4 outlets) is built once
per run for the tests of pages at scale; `open_site_page("event", ...)` opens a page of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.browsing import (  # noqa: F401 - fixtures, found by pytest in this module's namespace
    DESKTOP,
    PAGE_TYPES,
    Contexts,
    fixture_browser,
    fixture_contexts,
    fixture_go,
    fixture_open_page,
    fixture_page,
)
from tests.conftest import mkdocs_build
from tests.eventarchive import EVENT, write_event_archive
from tests.sitecheck import serve

EVENT_PAGE_TYPES: dict[str, str] = {
    "home": "/",
    "article": "/articles/north-courier-2024-03-04-strike-1/",
    "speaker": "/speakers/port-authority/",
    "outlet": "/outlets/coastal-daily-observer-and-evening-gazette/",
    "event": f"/events/{EVENT}/",
    "statement": "/statements/north-courier-2024-03-04-strike-1--s1/",
    "tag": "/tags/labour/",
    "claims": "/claims/",
    "timeline": "/timeline/",
    "timeline-year": "/timeline/2024/",
    "articles-hub": "/articles/",
}
"""One page of each type of the event archive's site (`tests/eventarchive.py`)."""

SITE_PAGE_TYPES = [("seed", name, path) for name, path in PAGE_TYPES.items()] + [
    ("event", name, path) for name, path in EVENT_PAGE_TYPES.items()
]
"""(site, page type, path) of every page type of both sites."""


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test asking for `page_type` runs once per page type of the seed, as (name, path); one asking for
    `site_page_type`, once per page type of both sites, as (site, name, path)."""
    if "page_type" in metafunc.fixturenames:
        metafunc.parametrize("page_type", list(PAGE_TYPES.items()), ids=list(PAGE_TYPES))
    if "site_page_type" in metafunc.fixturenames:
        metafunc.parametrize("site_page_type", SITE_PAGE_TYPES, ids=[f"{s}-{n}" for s, n, _ in SITE_PAGE_TYPES])


@pytest.fixture(name="event_site", scope="session")
def fixture_event_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The event archive built with `mkdocs build --strict` (search index included), as a user would."""
    root = write_event_archive(tmp_path_factory.mktemp("event-archive"))
    site = root / "site"
    mkdocs_build(root, site)
    return site


@pytest.fixture(name="event_url", scope="session")
def fixture_event_url(event_site: Path) -> Iterator[str]:
    """The built event archive served on a free 127.0.0.1 port."""
    with serve(event_site) as url:
        yield url


@pytest.fixture(name="event_contexts", scope="session")
def fixture_event_contexts(browser: Browser, event_url: str) -> Iterator[Contexts]:
    contexts = Contexts(browser, event_url)
    yield contexts
    contexts.close()


@pytest.fixture(name="site_dirs")
def fixture_site_dirs(seed_site: Path, event_site: Path) -> dict[str, Path]:
    """The built folder of each site, by name."""
    return {"seed": seed_site, "event": event_site}


@pytest.fixture(name="open_site_page")
def fixture_open_site_page(open_page: Callable[..., Page], event_contexts: Contexts) -> Iterator[Callable[..., Page]]:
    """`open_site_page(site, viewport=DESKTOP, color_scheme="light")`: a new page of the seed's site or the event archive's.

    Requests of both are checked at teardown for other hosts.
    """
    pages: list[Page] = []
    event_contexts.requests.clear()

    def open_site_page(site: str, viewport: dict[str, int] | None = None, color_scheme: str = "light") -> Page:
        if site == "seed":
            return open_page(viewport=viewport, color_scheme=color_scheme)
        page = event_contexts.get(viewport or DESKTOP, color_scheme).new_page()
        pages.append(page)
        return page

    yield open_site_page
    for page in pages:
        page.close()
    foreign = sorted({url for url in event_contexts.requests if not event_contexts.is_local(url)})
    if foreign:
        pytest.fail("requests to hosts other than the local server:\n  " + "\n  ".join(foreign), pytrace=False)


@pytest.fixture(name="server_url", scope="session")
def fixture_server_url(seed_site: Path) -> Iterator[str]:
    """The built seed site served on a free 127.0.0.1 port, as `http://127.0.0.1:<port>`."""
    with serve(seed_site) as url:
        yield url
