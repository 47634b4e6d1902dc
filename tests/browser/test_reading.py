"""Reading an article in the browser: highlights, claim cards, permalinks, phone width, dark mode.

Expectations come from the frozen seed's annotations (`tests/fixtures/seed/annotations/**.yml`), so the tests
follow the inputs.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable

import pytest
import yaml
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

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
    if found["firstId"] != f"claim-text-{cid}":
        problems.append(f"{cid}: first fragment has id {found['firstId']!r}, expected 'claim-text-{cid}'")
    if found["marker"] != f"#claim-{cid}":
        problems.append(f"{cid}: first fragment's marker links to {found['marker']!r}")
    if not found["visible"]:
        problems.append(f"{cid}: a fragment has an empty box")
    for style in found["styles"]:
        if style["bg"] in {"rgba(0, 0, 0, 0)", "transparent"} or "underline" not in style["line"]:
            problems.append(f"{cid}: fragment not highlighted (background {style['bg']}, line {style['line']})")
        if style["display"] == "none" or style["visibility"] != "visible":
            problems.append(f"{cid}: fragment hidden ({style})")
    if page.locator(f"section#claim-{cid}").count() != 1:
        problems.append(f"{cid}: no claim block section#claim-{cid} below the text")
    return problems


@pytest.mark.parametrize("article_id", [RT, TASS])
def test_every_claim_is_highlighted_at_its_quote(page: Page, go: Callable, article_id: str) -> None:
    go(page, f"/articles/{article_id}/")
    problems = [problem for claim in claims_of(article_id) for problem in _highlight_problems(page, claim)]
    assert not problems, "\n".join(problems)


def _card_visible(page: Page, cid: str) -> bool:
    return page.locator(f"#card-{cid}").is_visible()


def _hover_text_of(page: Page, cid: str) -> None:
    """Move the mouse over the highlighted words of a claim (the last line box, away from its marker)."""
    box = page.evaluate(
        """(id) => { const rects = [...document.getElementById("claim-text-" + id).getClientRects()];
                     const r = rects[rects.length - 1]; return {x: r.right - 8, y: r.top + r.height / 2}; }""",
        cid,
    )
    page.mouse.move(box["x"], box["y"])


def test_claim_card_opens_on_hover_and_closes_with_escape(page: Page, go: Callable) -> None:
    claim = next(c for c in claims_of(RT) if c["id"] == "nothing-but-contempt")
    cid = claim["id"]
    go(page, f"/articles/{RT}/")
    page.locator(f"#claim-text-{cid}").scroll_into_view_if_needed()
    assert not _card_visible(page, cid), "the card shows before any hover"

    _hover_text_of(page, cid)
    card = page.locator(f"#card-{cid}")
    card.wait_for(state="visible", timeout=2000)
    text = normalise(card.inner_text())
    assert speaker_name(claim) in text, text
    assert KIND_LABELS[claim["kind"]] in text, text
    assert normalise(claim["summary"]).rstrip(".") in text, text
    box = card.bounding_box()
    assert box is not None
    assert box["x"] >= 0, box
    assert box["x"] + box["width"] <= page.viewport_size["width"], box

    page.keyboard.press("Escape")
    card.wait_for(state="hidden", timeout=2000)

    # Leaving the text closes the card; coming back opens it again.
    page.mouse.move(5, 5)
    _hover_text_of(page, cid)
    card.wait_for(state="visible", timeout=2000)
    page.mouse.move(5, 5)
    card.wait_for(state="hidden", timeout=2000)


def test_claim_card_opens_on_keyboard_focus_and_closes_with_escape(page: Page, go: Callable) -> None:
    first, second = claims_of(RT)[0], claims_of(RT)[1]
    go(page, f"/articles/{RT}/")
    # Reach the first marker with the keyboard alone, as a keyboard user would.
    for _ in range(400):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('a.claim-marker')"):
            break
    else:
        pytest.fail("no a.claim-marker reached with Tab")
    marker = page.locator(f"#claim-text-{first['id']} > .claim-pin > a.claim-marker")
    assert page.evaluate("document.activeElement.getAttribute('href')") == f"#claim-{first['id']}", (
        "the first marker reached with Tab is not claim 1"
    )
    card_id = marker.get_attribute("aria-describedby")
    card = page.locator(f"#{card_id}")
    assert card.get_attribute("role") == "tooltip"
    assert card.is_visible(), "the card does not show when its marker has keyboard focus"
    assert speaker_name(first) in card.inner_text()
    assert marker.get_attribute("aria-label"), "the marker has no accessible name"

    page.keyboard.press("Escape")
    card.wait_for(state="hidden", timeout=2000)
    assert page.evaluate("document.activeElement.getAttribute('href')") == f"#claim-{first['id']}", (
        "Escape moved the focus away from the marker"
    )

    for _ in range(20):  # past the speaker links between the two claims
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('a.claim-marker')"):
            break
    assert page.evaluate("document.activeElement.getAttribute('href')") == f"#claim-{second['id']}"
    assert _card_visible(page, second["id"]), "the next marker's card does not show on focus"
    assert not card.is_visible()


TARGET_STATE = """(id) => {
  const section = document.getElementById("claim-" + id);
  const r = section.getBoundingClientRect();
  const header = document.querySelector(".md-header").getBoundingClientRect();
  const marks = [...document.querySelectorAll(".article-text mark.claim")].filter(m => m.dataset.claim === id);
  const others = [...document.querySelectorAll(".article-text mark.claim.is-targeted")].filter(m => m.dataset.claim !== id);
  return {
    top: r.top, bottom: r.bottom, headerBottom: header.bottom, viewport: window.innerHeight,
    target: section.matches(":target"),
    sectionOutline: getComputedStyle(section).outlineStyle,
    marked: marks.length > 0 && marks.every(m => m.classList.contains("is-targeted")),
    markOutline: marks.map(m => getComputedStyle(m).outlineStyle),
    others: others.map(m => m.dataset.claim),
  };
}"""


TARGET_SETTLED = f"""(id) => {{
  // The fragment is the claim's, the page has scrolled to it and the site's `hashchange` handler (a task
  // queued after the hash changes) has moved the highlight: what `_assert_targeted` then checks.
  const s = ({TARGET_STATE})(id);
  return s.target && s.marked && s.others.length === 0 && s.headerBottom - 1 <= s.top && s.top < s.viewport;
}}"""


def _assert_targeted(page: Page, cid: str) -> None:
    with contextlib.suppress(PlaywrightTimeoutError):  # the assertions below then say what is wrong
        page.wait_for_function(TARGET_SETTLED, arg=cid)
    state = page.evaluate(TARGET_STATE, cid)
    assert state["target"], f"section#claim-{cid} is not :target"
    assert state["headerBottom"] - 1 <= state["top"] < state["viewport"], (
        f"section#claim-{cid} not scrolled into view below the header: {state}"
    )
    assert state["sectionOutline"] != "none", f"the targeted claim block is not marked: {state}"
    assert state["marked"], f"the highlights of {cid} lack .is-targeted: {state}"
    assert all(style != "none" for style in state["markOutline"]), f"targeted highlights not outlined: {state}"
    assert not state["others"], f"other claims still marked as targeted: {state['others']}"


def test_claim_permalink_scrolls_to_and_marks_the_claim(page: Page, go: Callable) -> None:
    far = claims_of(RT)[-2]["id"]  # near the end of a long page, so scrolling is real
    go(page, f"/articles/{RT}/#claim-{far}")
    page.wait_for_function(
        "(id) => document.getElementById('claim-' + id).getBoundingClientRect().top < innerHeight", arg=far
    )
    assert page.evaluate("window.scrollY") > 0
    _assert_targeted(page, far)

    # Following a marker in the text moves the target (hashchange, same page).
    first = claims_of(RT)[0]["id"]
    page.locator(f"#claim-text-{first} > .claim-pin > a.claim-marker").click()
    page.wait_for_function("(id) => location.hash === '#claim-' + id", arg=first)
    _assert_targeted(page, first)


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


@pytest.mark.parametrize("article_id", [RT, TASS])
def test_phone_width_claim_cards_fit_the_screen(open_page: Callable[..., Page], go: Callable, article_id: str) -> None:
    page = open_page(viewport=PHONE)
    go(page, f"/articles/{article_id}/")
    outside = []
    for claim in claims_of(article_id):
        marker = page.locator(f"#claim-text-{claim['id']} > .claim-pin > a.claim-marker")
        marker.focus()
        card = page.locator(f"#card-{claim['id']}")
        assert card.is_visible(), f"{claim['id']}: card hidden on focus at phone width"
        box = page.evaluate(
            "(id) => { const r = document.getElementById('card-' + id).getBoundingClientRect();"
            " return [Math.round(r.left), Math.round(r.right)]; }",
            claim["id"],
        )
        if box[0] < 0 or box[1] > PHONE["width"]:
            outside.append(f"#card-{claim['id']}: {box[0]}..{box[1]}px")
    assert not outside, (
        f"claim cards cut off at {PHONE['width']}px (the page does not scroll sideways, so the rest is unreadable):\n  "
        + "\n  ".join(outside)
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
    link = page.locator(".md-sidebar--primary .md-nav__link", has_text="Claims").first
    link.wait_for(state="visible", timeout=2000)
    _assert_inside_when_settled(page, ".md-sidebar--primary .md-nav__link >> text=Claims")
    page.locator("label.md-overlay[for='__drawer']").click(position={"x": PHONE["width"] - 10, "y": 400})
    page.wait_for_function("!document.getElementById('__drawer').checked")

    page.locator("label.md-header__button[for='__search']").click()
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
    assert (
        page.locator(".claim-card").first.evaluate("el => getComputedStyle(el).backgroundColor") != "rgb(255, 255, 255)"
    )

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
    blocks = page.evaluate(
        """() => Object.fromEntries(["direct", "indirect", "assertion"].map(kind => {
             const el = document.createElement("section"); el.className = "claim-block claim-block--" + kind;
             document.querySelector(".md-content__inner").append(el);
             const style = getComputedStyle(el).borderLeftStyle; el.remove(); return [kind, style]; }))"""
    )
    assert len(set(blocks.values())) == 3, f"claim blocks differ only by colour: {blocks}"
    # The legend names each kind in words, next to a sample of its highlight.
    legend = normalise(page.locator(".claim-legend").inner_text())
    for kind in {c["kind"] for c in claims_of(RT)}:
        assert KIND_LABELS[kind] in legend, legend
