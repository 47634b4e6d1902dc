"""Browser fixtures: the built seed site on a local server, Debian's Chromium driven by Playwright.

Every page a test opens records each request it makes; a test fails at teardown when any request
went to a host other than the local server (the published site must load nothing from elsewhere).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright
from playwright.sync_api import Error as PlaywrightError

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Any host but the local server fails to resolve at once: a foreign request is recorded (and fails
    # the test) without waiting on the network, and without intercepting every request of the site.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO / "test-results" / "screenshots"

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

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
"""One page of each type the site generates, by a short name used in test ids and screenshot names."""


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Any test asking for `page_type` runs once per page type, as (name, path)."""
    if "page_type" in metafunc.fixturenames:
        metafunc.parametrize("page_type", list(PAGE_TYPES.items()), ids=list(PAGE_TYPES))


# --------------------------------------------------------------------------------------------
# The local server
# --------------------------------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files like a static host: no directory listings, module and WebAssembly types, no log."""

    extensions_map = {  # noqa: RUF012 - the base class declares it as a class attribute
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
        ".svg": "image/svg+xml",
    }

    def list_directory(self, path: str | Path) -> None:  # type: ignore[override]  # noqa: ARG002
        # A static host answers 404 for a folder without index.html; a listing would hide a broken link.
        self.send_error(404, "No index.html here")

    def end_headers(self) -> None:
        # Assets may be cached for the run (pages share browser contexts); pages are always revalidated.
        if not self.path.split("?")[0].endswith(("/", ".html")):
            self.send_header("Cache-Control", "max-age=3600")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@pytest.fixture(name="server_url", scope="session")
def fixture_server_url(seed_site: Path) -> Iterator[str]:
    """The built seed site served on a free 127.0.0.1 port, as `http://127.0.0.1:<port>`."""
    handler = functools.partial(_QuietHandler, directory=str(seed_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="seed-site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# --------------------------------------------------------------------------------------------
# The browser
# --------------------------------------------------------------------------------------------


@pytest.fixture(name="browser", scope="session")
def fixture_browser(playwright_driver: Playwright) -> Iterator[Browser]:
    """Debian's Chromium (Playwright's own browser download is not reachable here)."""
    browser = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        yield browser
    finally:
        browser.close()


@dataclass
class Contexts:
    """Browser contexts shared by the whole run, one per (viewport, colour scheme), so the site's assets
    stay in the HTTP cache; each records the requests of all its pages into `requests`."""

    browser: Browser
    base_url: str
    requests: list[str] = field(default_factory=list)
    shared: dict[tuple[int, int, str], BrowserContext] = field(default_factory=dict)

    def new(self, viewport: dict[str, int], color_scheme: str) -> BrowserContext:
        context = self.browser.new_context(
            base_url=self.base_url,
            viewport=viewport,
            color_scheme=color_scheme,  # type: ignore[arg-type]
            service_workers="block",
        )
        context.set_default_timeout(10_000)
        context.on("request", lambda request: self.requests.append(request.url))
        return context

    def get(self, viewport: dict[str, int], color_scheme: str) -> BrowserContext:
        key = (viewport["width"], viewport["height"], color_scheme)
        if key not in self.shared:
            self.shared[key] = self.new(viewport, color_scheme)
        return self.shared[key]

    def is_local(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in {"data", "blob", "about"}:
            return True
        return f"{parts.scheme}://{parts.netloc}" == self.base_url

    def close(self) -> None:
        for context in self.shared.values():
            context.close()


@pytest.fixture(name="contexts", scope="session")
def fixture_contexts(browser: Browser, server_url: str) -> Iterator[Contexts]:
    contexts = Contexts(browser, server_url)
    yield contexts
    contexts.close()


@pytest.fixture(name="open_page")
def fixture_open_page(contexts: Contexts) -> Iterator[Callable[..., Page]]:
    """`open_page(viewport=DESKTOP, color_scheme="light", isolated_context=False)`: a new page.

    Pages share a context per viewport and scheme unless `isolated_context` (for tests that change stored
    state, such as the palette choice). Every request any of them makes is checked at teardown.
    """
    pages: list[Page] = []
    isolated: list[BrowserContext] = []
    contexts.requests.clear()

    def open_page(
        viewport: dict[str, int] | None = None, color_scheme: str = "light", isolated_context: bool = False
    ) -> Page:
        if isolated_context:
            context = contexts.new(viewport or DESKTOP, color_scheme)
            isolated.append(context)
        else:
            context = contexts.get(viewport or DESKTOP, color_scheme)
        page = context.new_page()
        pages.append(page)
        return page

    yield open_page
    for page in pages:
        if not page.is_closed():
            with contextlib.suppress(PlaywrightError):  # a crashed page: the test has failed already
                page.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
            page.close()
    for context in isolated:
        context.close()
    foreign = sorted({url for url in contexts.requests if not contexts.is_local(url)})
    if foreign:
        pytest.fail("requests to hosts other than the local server:\n  " + "\n  ".join(foreign), pytrace=False)


@pytest.fixture(name="page")
def fixture_page(open_page: Callable[..., Page]) -> Page:
    """A desktop-size page (1280x900, light palette) whose requests are checked at teardown."""
    return open_page()


READY = """() => document.body.hasAttribute("data-md-color-scheme") && !!window.document$
  && [...document.querySelectorAll(".md-typeset table:not([class])")].every(t => t.closest(".md-typeset__scrollwrap"))"""
"""Material has run: palette applied, content components mounted (plain tables wrapped in scroll areas)."""


def goto(page: Page, path: str) -> None:
    """Open `path` on the local server and wait until Material's scripts have set the page up."""
    response = page.goto(path, wait_until="load")
    assert response is not None, path
    assert response.status == 200, f"{path}: HTTP {response.status}"
    page.wait_for_function(READY)


@pytest.fixture(name="go")
def fixture_go() -> Callable[[Page, str], None]:
    """`go(page, path)`: open a page of the site and wait for it to be ready."""
    return goto
