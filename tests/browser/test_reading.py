"""Reading an article in the browser: highlights, phone width, dark mode, contrast.

Expectations come from the frozen seed's annotations (`tests/fixtures/seed/annotations/**.yml`), so the tests
follow the inputs. The claim cards, permalinks and the article's layout are tested in `test_article.py`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
import yaml
from playwright.sync_api import Page

from tests.browsing import settled_box
from tests.conftest import SEED

RT = "rt-2017-08-02-false-from-start-to-finish"
TASS = "tass-2017-08-02-secret-graves"
ANNOTATIONS = {
    path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
    for path in sorted((SEED / "annotations" / "articles").glob("*.yml"))
}
SPEAKERS = yaml.safe_load((SEED / "annotations" / "speakers.yml").read_text(encoding="utf-8"))
PHONE = {"width": 390, "height": 844}
KIND_LABELS = {"direct": "direct quote", "indirect": "paraphrase", "assertion": "assertion"}


def claims_of(article_id: str) -> list[dict]:
    return ANNOTATIONS[article_id]["claims"]


def speaker_name(claim: dict) -> str:
    speaker = claim["speaker"]
    return SPEAKERS[speaker]["name"] if isinstance(speaker, str) else speaker["unnamed"]


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


CLAIM_TEXT = """(id) => {
  const marks = [...document.querySelectorAll(".article-text mark.claim")].filter(m => m.dataset.claim === id);
  if (!marks.length) return null;
  const range = document.createRange();
  range.setStartBefore(marks[0]);
  range.setEndAfter(marks[marks.length - 1]);
  const copy = range.cloneContents();
  copy.querySelectorAll(".claim-pin").forEach(pin => pin.remove());
  const first = marks[0];
  return {
    text: copy.textContent,
    fragments: marks.length,
    firstId: first.id,
    marker: first.querySelector(":scope > .claim-pin > a.claim-marker")?.getAttribute("href") ?? null,
    visible: marks.every(m => { const r = m.getBoundingClientRect(); return r.width > 0 && r.height > 0; }),
    styles: marks.map(m => { const s = getComputedStyle(m);
      return {bg: s.backgroundColor, line: s.textDecorationLine, display: s.display, visibility: s.visibility}; }),
  };
}"""


def _highlight_problems(page: Page, claim: dict) -> list[str]:
    cid = claim["id"]
    found = page.evaluate(CLAIM_TEXT, cid)
    if found is None:
        return [f"{cid}: no mark.claim[data-claim={cid!r}] in .article-text"]
    problems = []
    if normalise(found["text"]) != normalise(claim["quote"]):
        problems.append(f"{cid}: highlighted {normalise(found['text'])!r}, quote is {normalise(claim['quote'])!r}")
    if found["firstId"] != f"claim-{cid}":
        problems.append(f"{cid}: first fragment has id {found['firstId']!r}, expected 'claim-{cid}' (the permalink)")
    if found["marker"] != f"#note-{cid}":
        problems.append(f"{cid}: first fragment's marker links to {found['marker']!r}, expected its note")
    if not found["visible"]:
        problems.append(f"{cid}: a fragment has an empty box")
    for style in found["styles"]:
        if style["bg"] in {"rgba(0, 0, 0, 0)", "transparent"} or "underline" not in style["line"]:
            problems.append(f"{cid}: fragment not highlighted (background {style['bg']}, line {style['line']})")
        if style["display"] == "none" or style["visibility"] != "visible":
            problems.append(f"{cid}: fragment hidden ({style})")
    if page.locator(f"li#note-{cid}.claim-note").count() != 1:
        problems.append(f"{cid}: no claim note li#note-{cid} beside or below the text")
    return problems


@pytest.mark.parametrize("article_id", [RT, TASS])
def test_every_claim_is_highlighted_at_its_quote(page: Page, go: Callable, article_id: str) -> None:
    go(page, f"/articles/{article_id}/")
    problems = [problem for claim in claims_of(article_id) for problem in _highlight_problems(page, claim)]
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------------------------
# Phone width
# --------------------------------------------------------------------------------------------

OVERFLOW = """() => {
  const vw = document.documentElement.clientWidth;
  const scrollsInside = el => {
    for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
      const s = getComputedStyle(e);
      if ((s.overflowX === "auto" || s.overflowX === "scroll") && e.getBoundingClientRect().right <= vw + 1) return true;
      if (e.matches(".md-sidebar, .md-search")) return true;  // off-canvas drawer and closed search dialog
    }
    return false;
  };
  const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + [...el.classList].map(c => "." + c).join("");
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === "hidden") continue;
    if ((r.right > vw + 1 || (r.left < -1 && r.right > 0)) && !scrollsInside(el)) {
      out.push(`${name(el.parentElement)} > ${name(el)}: ${Math.round(r.left)}..${Math.round(r.right)}px`);
    }
  }
  return {viewport: vw, scrollWidth: document.documentElement.scrollWidth, overflowing: out};
}"""


def test_phone_width_has_no_horizontal_overflow(
    open_page: Callable[..., Page], go: Callable, page_type: tuple[str, str]
) -> None:
    name, path = page_type
    page = open_page(viewport=PHONE)
    go(page, path)
    result = page.evaluate(OVERFLOW)
    assert result["scrollWidth"] <= result["viewport"], f"{name}: the page scrolls sideways: {result}"
    assert not result["overflowing"], (
        f"{name} ({path}) at {PHONE['width']}px: elements leave the viewport outside a scrollable region:\n  "
        + "\n  ".join(result["overflowing"][:15])
    )


def _assert_inside_when_settled(page: Page, selector: str) -> None:
    # Measured once the panel's opening transition has ended: Material's search dialog waits 150 ms,
    # then slides in from translateX(5%), so a box taken earlier lies 5% of the screen to the right.
    box = settled_box(page, selector)
    assert box["left"] >= -0.5, f"{selector}: {box}"
    assert box["right"] <= box["width"] + 0.5, f"{selector}: {box}"


def test_phone_width_menu_and_search_open(open_page: Callable[..., Page], go: Callable) -> None:
    page = open_page(viewport=PHONE)
    go(page, f"/articles/{RT}/")
    page.locator("label.md-header__button[for='__drawer']").click()
    # The tabs are grouped, and the menu lists the pages of the section the page is in
    # (`navigation.prune`): from an article, "Browse" opens the section's first page, the articles
    # list, whose menu holds "Claims".
    page.locator(".md-sidebar--primary a.md-nav__link", has_text="Browse").first.click()
    page.wait_for_url("**/articles/")
    page.locator("label.md-header__button[for='__drawer']").click()
    link = page.locator(".md-sidebar--primary .md-nav__link", has_text="Claims").first
    link.wait_for(state="visible", timeout=2000)
    _assert_inside_when_settled(page, ".md-sidebar--primary .md-nav__link >> text=Claims")
    page.locator("label.md-overlay[for='__drawer']").click(position={"x": PHONE["width"] - 10, "y": 400})
    page.wait_for_function("!document.getElementById('__drawer').checked")

    page.locator("[data-archive-search-open]").click()
    page.locator("[data-archive-search-query]").wait_for(state="visible", timeout=2000)
    _assert_inside_when_settled(page, "[data-archive-search-query]")


# --------------------------------------------------------------------------------------------
# Dark mode, contrast, distinguishable without colour
# --------------------------------------------------------------------------------------------

# Colours composited on a canvas: any CSS colour syntax, semi-transparent layers over what lies beneath.
MEASURE = """(selector) => {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext("2d", {willReadFrequently: true});
  const paint = (colors) => {
    ctx.globalCompositeOperation = "copy"; ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, 1, 1);
    ctx.globalCompositeOperation = "source-over";
    for (const c of colors) { ctx.fillStyle = "#fff"; ctx.fillStyle = c; ctx.fillRect(0, 0, 1, 1); }
    return [...ctx.getImageData(0, 0, 1, 1).data.slice(0, 3)];
  };
  const layers = el => { const out = []; for (let e = el; e; e = e.parentElement) out.unshift(getComputedStyle(e).backgroundColor); return out; };
  return [...document.querySelectorAll(selector)].map(el => {
    const s = getComputedStyle(el);
    const under = layers(el.parentElement);
    const bg = layers(el);
    return {
      claim: el.dataset.claim || null, cls: el.className,
      text: paint([...bg, s.color]), background: paint(bg), beneath: paint(under),
      line: paint([...bg, s.textDecorationColor]),
      lineStyle: s.textDecorationStyle, lineKind: s.textDecorationLine,
    };
  });
}"""

SAMPLES = """(kinds) => {
  const host = document.querySelector(".article-text");
  const p = document.createElement("p");
  p.id = "test-kind-samples";
  for (const kind of kinds) {
    const mark = document.createElement("mark");
    mark.className = "claim claim--" + kind;
    mark.dataset.sample = kind;
    mark.textContent = "sample " + kind + " claim";
    p.append(mark, " ");
  }
  host.append(p);
}"""


def luminance(rgb: list[int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: list[int], b: list[int]) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def hex_of(rgb: list[int]) -> str:
    return "#" + "".join(f"{v:02x}" for v in rgb)


def test_dark_mode_follows_the_system_and_toggles(open_page: Callable[..., Page], go: Callable) -> None:
    page = open_page(color_scheme="dark", isolated_context=True)  # the toggle stores the choice
    go(page, f"/articles/{RT}/")
    assert page.evaluate('document.body.getAttribute("data-md-color-scheme")') == "slate"
    colours = page.evaluate(MEASURE, ".article-text")[0]
    assert luminance(colours["background"]) < 0.05, f"dark palette background is light: {hex_of(colours['background'])}"
    assert contrast(colours["text"], colours["background"]) >= 4.5, colours
    page.locator(".article-text .claim-pin > a.claim-marker").first.click()
    card = page.locator(".claim-popover")
    card.wait_for(state="visible")
    background = page.evaluate(MEASURE, ".claim-popover")[0]["background"]
    assert luminance(background) < 0.05, f"the claim card stays light in the dark palette: {hex_of(background)}"

    page.locator("label.md-header__button[for='__palette_0']").click()
    page.wait_for_function('document.body.getAttribute("data-md-color-scheme") === "default"')
    colours = page.evaluate(MEASURE, ".article-text")[0]
    assert luminance(colours["background"]) > 0.8, f"light palette background is dark: {hex_of(colours['background'])}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_highlights_have_sufficient_contrast(open_page: Callable[..., Page], go: Callable, scheme: str) -> None:
    page = open_page(color_scheme=scheme)
    go(page, f"/articles/{RT}/")
    expected = "slate" if scheme == "dark" else "default"
    assert page.evaluate('document.body.getAttribute("data-md-color-scheme")') == expected
    page.evaluate(SAMPLES, list(KIND_LABELS))
    problems = []
    for sample in page.evaluate(MEASURE, "mark[data-sample]"):
        text_ratio = contrast(sample["text"], sample["background"])
        if text_ratio < 4.5:
            problems.append(
                f"{sample['cls']}: text {hex_of(sample['text'])} on {hex_of(sample['background'])} = {text_ratio:.2f}:1 (< 4.5)"
            )
        line_ratio = contrast(sample["line"], sample["background"])
        if line_ratio < 3:
            problems.append(
                f"{sample['cls']}: underline {hex_of(sample['line'])} on {hex_of(sample['background'])}"
                f" = {line_ratio:.2f}:1 (< 3, the line is what tells kinds apart without colour)"
            )
    # The highlights actually on the page, nested ones included (their backgrounds stack).
    for mark in page.evaluate(MEASURE, ".article-text mark.claim[data-claim]"):
        ratio = contrast(mark["text"], mark["background"])
        if ratio < 4.5:
            problems.append(
                f"mark[data-claim={mark['claim']}]: text {hex_of(mark['text'])} on {hex_of(mark['background'])} = {ratio:.2f}:1"
            )
    # Text inside highlights keeps its own colour (speaker links): it must read on the highlight too.
    for link in page.evaluate(MEASURE, ".article-text mark.claim a:not(.claim-marker)"):
        ratio = contrast(link["text"], link["background"])
        if ratio < 4.5:
            problems.append(
                f"link inside a highlight ({link['cls']}): {hex_of(link['text'])} on {hex_of(link['background'])}"
                f" = {ratio:.2f}:1"
            )
    assert not problems, f"{scheme} palette:\n  " + "\n  ".join(dict.fromkeys(problems))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_claim_kinds_differ_without_colour(open_page: Callable[..., Page], go: Callable, scheme: str) -> None:
    page = open_page(color_scheme=scheme)
    go(page, f"/articles/{RT}/")
    page.evaluate(SAMPLES, list(KIND_LABELS))
    samples = page.evaluate(MEASURE, "mark[data-sample]")
    styles = {s["cls"].split("--")[-1]: s["lineStyle"] for s in samples}
    assert all("underline" in s["lineKind"] for s in samples), samples
    assert styles == {"direct": "solid", "indirect": "dashed", "assertion": "dotted"}, styles
    notes = page.evaluate(
        """() => Object.fromEntries(["direct", "indirect", "assertion"].map(kind => {
             const el = document.createElement("li"); el.className = "claim-note claim-note--" + kind;
             document.querySelector(".claim-notes__list").append(el);
             const style = getComputedStyle(el).borderLeftStyle; el.remove(); return [kind, style]; }))"""
    )
    assert len(set(notes.values())) == 3, f"claim notes differ only by colour: {notes}"
    # The legend names each kind in words, next to a sample of its highlight.
    legend = normalise(page.locator(".claim-legend").inner_text())
    for kind in {c["kind"] for c in claims_of(RT)}:
        assert KIND_LABELS[kind] in legend, legend
