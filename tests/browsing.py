"""Driving Debian's Chromium with Playwright over a served site: fixtures shared by `tests/browser/` and `tests/content/`.

Each conftest that imports these fixtures provides `server_url` (a built site on a local server, see
`tests.sitecheck.serve`). Every page a test opens records each request it makes; a test fails at
teardown when any request went to a host other than the local server (the published site must load
nothing from elsewhere). Also the axe-core audit both suites run.
"""

from __future__ import annotations

import contextlib
import queue
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright
from playwright.sync_api import Error as PlaywrightError

REPO = Path(__file__).resolve().parent.parent
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

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


# --------------------------------------------------------------------------------------------
# The frozen seed's site: one page of each type
# --------------------------------------------------------------------------------------------

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
"""One page of each type the seed's site has, by a short name (test ids, screenshot names): `tests/browser/` and `tests/screenshots.py`."""


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


# --------------------------------------------------------------------------------------------
# Waiting for motion to end
# --------------------------------------------------------------------------------------------

SETTLED_BOX = """(el) => new Promise(resolve => {
  // Every CSS transition or animation that can move or show `el` runs on it or on an ancestor
  // (a sliding drawer, the search dialog's translateX): reading the box flushes styles, so each one
  // has started (a transition in its delay is listed too); wait until the finite ones have finished,
  // then until the box is the same in two animation frames in a row.
  el.getBoundingClientRect();
  const moving = [];
  for (let e = el; e; e = e.parentElement)
    for (const a of e.getAnimations())
      if (a.effect && a.effect.getComputedTiming().endTime !== Infinity) moving.push(a.finished.catch(() => null));
  const box = () => { const r = el.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top,
    bottom: r.bottom, width: innerWidth, height: innerHeight}; };
  const same = (a, b) => ["left", "right", "top", "bottom"].every(k => a[k] === b[k]);
  Promise.all(moving).then(() => {
    let last = box();
    const tick = () => { const now = box(); if (same(now, last)) resolve(now); else { last = now; requestAnimationFrame(tick); } };
    requestAnimationFrame(tick);
  });
})"""
"""The element's box once nothing moves it any more, with the viewport's size: `{left, right, top, bottom, width, height}`."""


def settled_box(page: Page, selector: str) -> dict[str, float]:
    """The box of the first element matching `selector` once its transitions have ended (no fixed delay)."""
    return page.locator(selector).first.evaluate(SETTLED_BOX)


# --------------------------------------------------------------------------------------------
# Accessibility: the axe-core audit
# --------------------------------------------------------------------------------------------

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = {"serious", "critical"}

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary})),
  }));
}"""


def describe(violation: dict, limit: int = 8) -> str:
    """A violation as a few readable lines: rule, impact, help, and the first `limit` elements."""
    lines = [f"[{violation['impact']}] {violation['id']}: {violation['help']} ({len(violation['nodes'])} elements)"]
    for node in violation["nodes"][:limit]:
        summary = " ".join((node["summary"] or "").split())
        lines.append(f"    {node['target']}  -- {summary[:260]}")
    if len(violation["nodes"]) > limit:
        lines.append(f"    ... and {len(violation['nodes']) - limit} more")
    return "\n".join(lines)


def audit_accessibility(page: Page, label: str) -> list[dict]:
    """Run axe-core on the open page; print every violation, return those of serious or critical impact."""
    assert AXE.is_file(), f"{AXE} missing: run `npm ci` (make test does)"
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(RUN_AXE, AXE_TAGS)
    for violation in violations:
        print(f"{label}: {describe(violation, limit=len(violation['nodes']))}")
    return [v for v in violations if v["impact"] in FAILING_IMPACTS]


# --------------------------------------------------------------------------------------------
# The preview: a real `archive serve`
# --------------------------------------------------------------------------------------------

PREVIEW_STARTUP = 120.0
"""Seconds the first build of the preview may take on a machine whose cores are busy."""


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_serving(process: subprocess.Popen[str]) -> None:
    """Read the server's log until it says it is serving (the first build is done); keep draining it after."""
    assert process.stdout is not None
    lines: queue.Queue[str] = queue.Queue()
    log = process.stdout
    threading.Thread(target=lambda: [lines.put(line) for line in log] + [lines.put("")], daemon=True).start()
    deadline = time.monotonic() + PREVIEW_STARTUP
    seen: list[str] = []
    while (left := deadline - time.monotonic()) > 0:
        try:
            line = lines.get(timeout=left)
        except queue.Empty:
            break
        if not line:
            pytest.fail("archive serve exited:\n" + "".join(seen[-20:]))
        seen.append(line)
        if "Serving on http://" in line:
            return
    pytest.fail(f"archive serve was not serving within {PREVIEW_STARTUP:.0f} s:\n" + "".join(seen[-20:]))


@contextlib.contextmanager
def previewing(root: Path) -> Iterator[str]:
    """`archive serve` on 127.0.0.1 over `root`, until the block ends: the base URL of the site."""
    port = free_port()
    archive = Path(sys.executable).with_name("archive")
    process = subprocess.Popen(
        [str(archive), "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_until_serving(process)
        yield f"http://127.0.0.1:{port}/archive/"
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()
