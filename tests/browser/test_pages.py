"""Every page of both sites in Chromium: no failed request, nothing wider than a phone, pictures that earn their place.

Runs on the frozen seed's site and on the event archive's (`tests/eventarchive.py`: one event at size).
Waits are on conditions (the page's own state), never on time.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.conftest import EVENT_PAGE_TYPES, PAGE_TYPES
from tests.browser.test_reading import MEASURE, OVERFLOW, contrast, hex_of

NARROWEST = {"width": 320, "height": 640}
WIDTHS = [{"width": 1280, "height": 900}, {"width": 768, "height": 1024}, {"width": 390, "height": 844}, NARROWEST]

READY = """() => !document.getElementById("__config") || (document.body.hasAttribute("data-md-color-scheme") && !!window.document$
  && [...document.querySelectorAll("[data-claims-results]")].every(l => l.dataset.state === "done"))"""
"""Material has run, and a claims list (the claims hub's) has finished loading its filters and results (pages
without the theme, such as the redirects left at old addresses, are ready when loaded)."""


def _pages_of(site: Path) -> list[str]:
    """Every HTML page of a built site, as a URL path (the search index's files aside)."""
    found = []
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        if relative.startswith("pagefind/"):
            continue
        found.append("/" + relative.removesuffix("index.html"))
    return found


def _open(page: Page, path: str) -> None:
    response = page.goto(path, wait_until="load")
    assert response is not None, path
    assert response.status == 200, f"{path}: HTTP {response.status}"
    try:
        page.wait_for_function(READY)
    except PlaywrightTimeoutError:
        pytest.fail(f"{path} did not get ready: {page.url}", pytrace=False)


@pytest.mark.parametrize("site", ["seed", "event"])
def test_no_request_fails_on_any_page(
    open_site_page: Callable[..., Page], site_dirs: dict[str, Path], site: str
) -> None:
    """Every page, in Chromium, recording every response: none answers 400 or more, none fails, no console error."""
    page = open_site_page(site)
    failures: list[str] = []
    here = {"path": ""}
    page.on(
        "response", lambda r: failures.append(f"{here['path']}: HTTP {r.status} {r.url}") if r.status >= 400 else None
    )
    # A request the next navigation cuts short (net::ERR_ABORTED) did not fail: the reader left the page.
    page.on(
        "requestfailed",
        lambda r: (
            failures.append(f"{here['path']}: failed {r.url} ({r.failure})")
            if "ABORTED" not in (r.failure or "")
            else None
        ),
    )
    page.on(
        "console",
        lambda m: failures.append(f"{here['path']}: console {m.type}: {m.text}") if m.type == "error" else None,
    )
    paths = _pages_of(site_dirs[site])
    assert len(paths) > 20, paths
    for path in paths:
        if path == "/404.html":
            continue  # answers 200 from a static server, and is shown for every missing page
        here["path"] = path
        _open(page, path)
    # The search loads its index and filters on first use: that is part of every page too.
    here["path"] = "search on /"
    _open(page, "/")
    page.keyboard.press("/")
    page.keyboard.type("strike" if site == "event" else "Reuters")
    page.wait_for_function(
        "['done', 'partial'].includes(document.querySelector('[data-archive-search-results]').dataset.state)"
    )
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("viewport", [NARROWEST], ids=["320"])
def test_no_page_type_overflows_at_320(
    open_site_page: Callable[..., Page], site_page_type: tuple[str, str, str], viewport: dict[str, int]
) -> None:
    site, name, path = site_page_type
    page = open_site_page(site, viewport=viewport)
    _open(page, path)
    result = page.evaluate(OVERFLOW)
    assert result["scrollWidth"] <= result["viewport"], f"{site} {name}: the page scrolls sideways: {result}"
    assert not result["overflowing"], (
        f"{site} {name} ({path}) at {viewport['width']}px: elements leave the viewport outside a scrollable region:\n  "
        + "\n  ".join(result["overflowing"][:15])
    )


GRAPH_STATE = """() => {
  const svg = document.querySelector("svg.relation-graph");
  if (!svg) return null;
  const column = svg.closest(".md-content__inner").getBoundingClientRect();
  const box = svg.getBoundingClientRect();
  const scale = box.width / svg.viewBox.baseVal.width;
  const clipped = [];
  let smallest = Infinity;
  for (const node of svg.querySelectorAll("g.node")) {
    const rect = node.querySelector("rect").getBBox();
    for (const text of node.querySelectorAll("text")) {
      const t = text.getBBox();
      if (t.x < rect.x - 0.5 || t.y < rect.y - 0.5 || t.x + t.width > rect.x + rect.width + 0.5 || t.y + t.height > rect.y + rect.height + 0.5)
        clipped.push(text.textContent.slice(0, 60));
      smallest = Math.min(smallest, parseFloat(getComputedStyle(text).fontSize) * scale);
    }
  }
  const outside = [...svg.querySelectorAll("g.node, path.edge")].filter(el => {
    const r = el.getBoundingClientRect();
    return r.left < box.left - 1 || r.right > box.right + 1;
  }).length;
  return {nodes: svg.querySelectorAll("g.node").length, edges: svg.querySelectorAll("path.edge").length,
          left: box.left, right: box.right, columnLeft: column.left, columnRight: column.right,
          viewport: document.documentElement.clientWidth, clipped, smallest, outside};
}"""


@pytest.mark.parametrize("viewport", WIDTHS, ids=[str(v["width"]) for v in WIDTHS])
@pytest.mark.parametrize(
    ("site", "path"),
    [("event", EVENT_PAGE_TYPES["event"]), ("seed", PAGE_TYPES["event"]), ("seed", PAGE_TYPES["statement"])],
)
def test_relation_graph_fits_its_column_with_readable_labels(
    open_site_page: Callable[..., Page], site: str, path: str, viewport: dict[str, int]
) -> None:
    page = open_site_page(site, viewport=viewport)
    _open(page, path)
    state = page.evaluate(GRAPH_STATE)
    assert state is not None, f"{path}: no relation graph"
    assert state["nodes"] >= 3, state
    assert state["edges"] >= 2, state
    assert state["columnLeft"] - 1 <= state["left"], f"the graph leaves its column at {viewport['width']}px: {state}"
    assert state["right"] <= state["columnRight"] + 1, f"the graph leaves its column at {viewport['width']}px: {state}"
    assert state["right"] <= state["viewport"], state
    assert not state["outside"], f"{state['outside']} nodes or lines drawn outside the graph: {state}"
    assert not state["clipped"], f"labels that overflow their box: {state['clipped']}"
    assert state["smallest"] >= 10, f"labels drawn at {state['smallest']:.1f}px at {viewport['width']}px"


def test_event_graph_stands_for_every_related_claim(open_site_page: Callable[..., Page]) -> None:
    # The event archive's 48 claims with relations are drawn as statements (each cluster once), lone
    # claims and outside sources: fewer boxes than claims, every statement of the event among them.
    page = open_site_page("event")
    _open(page, EVENT_PAGE_TYPES["event"])
    links = page.evaluate(
        """() => [...document.querySelectorAll("svg.relation-graph g.node a")].map(a => a.getAttribute("href"))"""
    )
    listed = page.evaluate(
        """() => [...document.querySelectorAll("h3 a[href*='/statements/']")].map(a => a.getAttribute("href"))"""
    )
    statements = {href for href in links if "/statements/" in href}
    assert len(listed) == 12, listed
    assert statements <= set(listed), statements - set(listed)
    assert len(statements) >= 10, links
    assert len(links) < 48, f"{len(links)} boxes for 48 related claims: the statements are not drawn once each"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_relation_lines_have_contrast(open_site_page: Callable[..., Page], scheme: str) -> None:
    page = open_site_page("event", color_scheme=scheme)
    _open(page, EVENT_PAGE_TYPES["event"])
    lines = page.evaluate(
        """() => [...new Set([...document.querySelectorAll("svg.relation-graph path.edge")]
                   .map(p => p.getAttribute("class") + "|" + getComputedStyle(p).stroke))]"""
    )
    background = page.evaluate(MEASURE, ".md-content")[0]["background"]
    problems = []
    for line in lines:
        css, stroke = line.split("|")
        rgb = [int(v) for v in stroke.removeprefix("rgb(").removesuffix(")").split(",")[:3]]
        ratio = contrast(rgb, background)
        if ratio < 3:
            problems.append(f"{css}: {hex_of(rgb)} on {hex_of(background)} = {ratio:.2f}:1")
    assert lines, "no relation lines"
    assert not problems, f"{scheme}: relation lines under 3:1:\n  " + "\n  ".join(problems)


CHART_COLOURS = """() => Object.fromEntries([...document.querySelectorAll("svg.chart rect[data-series]")]
  .map(r => [r.dataset.series, getComputedStyle(r).fill]))"""


def test_outlet_colours_are_the_same_on_every_page(open_site_page: Callable[..., Page]) -> None:
    page = open_site_page("event")
    seen: dict[str, dict[str, str]] = {}
    for path in ("/", EVENT_PAGE_TYPES["event"], EVENT_PAGE_TYPES["speaker"], "/speakers/tomas-okonkwo/"):
        _open(page, path)
        colours = page.evaluate(CHART_COLOURS)
        assert colours, f"{path}: no chart"
        assert len(set(colours.values())) == len(colours), f"{path}: two outlets share a colour: {colours}"
        for outlet, colour in colours.items():
            seen.setdefault(outlet, {})[path] = colour
    changing = {outlet: by_page for outlet, by_page in seen.items() if len(set(by_page.values())) > 1}
    assert not changing, f"outlet colours differ between pages: {changing}"
    assert len(seen) == 4, seen


def test_charts_only_where_there_is_something_to_show(open_site_page: Callable[..., Page]) -> None:
    # The seed's articles are all of one day (one bar); the event archive's cover five days.
    seed = open_site_page("seed")
    for path in ("/", PAGE_TYPES["speaker"], PAGE_TYPES["outlet"], PAGE_TYPES["event"]):
        _open(seed, path)
        assert seed.locator("svg.chart").count() == 0, f"seed {path}: a chart of a single day"
    event = open_site_page("event")
    for path in ("/", EVENT_PAGE_TYPES["event"]):
        _open(event, path)
        bars = event.evaluate(
            "() => new Set([...document.querySelectorAll('svg.chart rect')].map(r => r.getAttribute('x'))).size"
        )
        assert bars >= 3, f"event {path}: {bars} bars"
    # An outlet's chart counts one thing: its articles, one series.
    _open(event, "/outlets/north-courier/")
    assert event.locator("svg.chart").count() == 0, "two dates of one outlet drawn as a chart"
