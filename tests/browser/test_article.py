"""The article page in the browser: text first, claims one step from their words, cards that stay on screen.

On the frozen seed (the RT and TASS articles) and on the event archive (`tests/eventarchive.py`), whose
claims contradict each other, refute an outside report with an address, carry reviews and come from
unnamed sources. What a page must show is read from the archive's own `data/archive.json`, so the tests
follow the inputs. Every wait is on a condition (a card in place, a box that no longer moves), never on time.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from tests.browsing import DESKTOP, PHONE, RT, TASS, audit_accessibility, describe, goto, settled_box
from tests.sitecheck import download_text

WIDTHS = {
    1280: DESKTOP,
    768: {"width": 768, "height": 1024},
    390: PHONE,
    320: {"width": 320, "height": 640},
}
"""The widths every card must fit, with a height typical of each."""

EVENT_ARTICLES = ["north-courier-2024-03-04-strike-1", "wire-2024-03-06-strike-3"]
ARTICLES = [("seed", RT), ("seed", TASS)] + [("event", a) for a in EVENT_ARTICLES]
"""(site, article id) of the articles tested: both seed articles and two of the event archive's."""


def article_path(article_id: str, fragment: str = "") -> str:
    return f"/articles/{article_id}/" + (f"#{fragment}" if fragment else "")


@pytest.fixture(name="archive_data", scope="module")
def fixture_archive_data(seed_site: Path, event_site: Path) -> dict[str, dict]:
    """Each site's `data/archive.json`, by site name."""
    return {
        name: json.loads(download_text(site, "archive.json"))
        for name, site in (("seed", seed_site), ("event", event_site))
    }


def claims_of(data: dict[str, dict], site: str, article_id: str) -> list[dict]:
    """The article's claims as exported, in the order of the page."""
    article = next(a for a in data[site]["articles"] if a["id"] == article_id)
    claims = {c["id"]: c for c in data[site]["claims"]}
    return [claims[ref] for ref in article["claims"]]


def claim_id(claim: dict) -> str:
    return claim["id"].partition("#")[2]


def open_article(
    open_site_page: Callable[..., Page], site: str, path: str, viewport: dict[str, int], scheme: str = "light"
) -> Page:
    page = open_site_page(site, viewport=viewport, color_scheme=scheme)
    goto(page, path)
    page.wait_for_function("() => document.querySelector('.article-layout.is-interactive')")
    return page


# --------------------------------------------------------------------------------------------
# Where the card is, and whether its words are in view
# --------------------------------------------------------------------------------------------

CARD_STATE = """(id) => {
  const mark = document.getElementById("claim-" + id);
  const card = document.querySelector(".claim-popover");
  const header = document.querySelector(".md-header").getBoundingClientRect();
  const words = [...document.querySelectorAll("mark.claim")].filter(m => m.dataset.claim === id)
    .flatMap(m => [...m.getClientRects()]).filter(r => r.width > 0 && r.height > 0);
  const box = r => r && {left: r.left, right: r.right, top: r.top, bottom: r.bottom};
  const marker = mark && mark.querySelector(":scope > .claim-pin > a.claim-marker");
  return {
    open: !!card && !!mark && mark.querySelector(":scope > .claim-pin > .claim-popover") === card,
    expanded: marker ? marker.getAttribute("aria-expanded") : null,
    card: box(card && card.getBoundingClientRect()),
    words: words.map(box),
    header: header.bottom, width: document.documentElement.clientWidth, height: innerHeight,
    scrollWidth: document.documentElement.scrollWidth,
    cards: document.querySelectorAll(".claim-popover").length,
  };
}"""

IN_VIEW = f"""(id) => {{
  // The card of the claim is open, inside the viewport below the header, and some of its words are in view.
  const s = ({CARD_STATE})(id);
  if (!s.open || !s.card) return false;
  const inside = s.card.left >= -0.5 && s.card.right <= s.width + 0.5 && s.card.top >= s.header - 0.5 && s.card.bottom <= s.height + 0.5;
  const seen = s.words.some(w => w.bottom > s.header && w.top < s.height && w.right > 0 && w.left < s.width);
  return inside && seen;
}}"""


def click_marker(page: Page, cid: str) -> None:
    """Click a claim's number, brought to the middle of the screen first (the sticky header covers the top)."""
    marker = page.locator(f"#claim-{cid} > .claim-pin > a.claim-marker")
    marker.evaluate("el => el.scrollIntoView({block: 'center'})")
    marker.click()


def words_point(page: Page, cid: str) -> tuple[float, float]:
    """A point on a claim's words away from its number: near the end of their last line."""
    point = page.evaluate(
        """(id) => { const marks = [...document.querySelectorAll("mark.claim")].filter(m => m.dataset.claim === id);
             const rects = [...marks[marks.length - 1].getClientRects()].filter(r => r.width > 0);
             const r = rects[rects.length - 1]; return [r.right - 4, r.top + r.height / 2]; }""",
        cid,
    )
    return point[0], point[1]


def card_problems(page: Page, cid: str) -> list[str]:
    """Why the claim's card is not where it must be (none when it is)."""
    page.wait_for_function(f"(id) => ({CARD_STATE})(id).open", arg=cid)
    settled_box(page, ".claim-popover")
    with_timeout = page.evaluate(IN_VIEW, cid)
    state = page.evaluate(CARD_STATE, cid)
    problems = []
    if not with_timeout:
        problems.append(f"{cid}: card or words out of view: {state}")
    if state["expanded"] != "true":
        problems.append(f"{cid}: the marker does not say its card is open (aria-expanded={state['expanded']!r})")
    if state["cards"] != 1:
        problems.append(f"{cid}: {state['cards']} cards open")
    if state["scrollWidth"] > state["width"]:
        problems.append(
            f"{cid}: the page scrolls sideways with the card open ({state['scrollWidth']} > {state['width']})"
        )
    return problems


# --------------------------------------------------------------------------------------------
# Claims one step from the words
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize(("site", "article_id"), ARTICLES, ids=[a for _, a in ARTICLES])
def test_claim_permalink_lands_on_the_words_with_the_card_open(
    open_site_page: Callable[..., Page], archive_data: dict, site: str, article_id: str, width: int
) -> None:
    claims = claims_of(archive_data, site, article_id)
    problems = []
    for claim in (claims[0], claims[len(claims) // 2], claims[-1]):
        cid = claim_id(claim)
        page = open_site_page(site, viewport=WIDTHS[width])
        goto(page, article_path(article_id, f"claim-{cid}"))
        page.wait_for_function(IN_VIEW, arg=cid)
        problems += card_problems(page, cid)
        text = page.locator(".claim-popover").inner_text()
        assert " ".join(claim["summary"].split()) in " ".join(text.split()), f"{cid}: the card lacks the summary"
        page.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize(("site", "article_id"), ARTICLES, ids=[a for _, a in ARTICLES])
def test_every_card_fits_the_viewport(
    open_site_page: Callable[..., Page], archive_data: dict, site: str, article_id: str, width: int
) -> None:
    page = open_article(open_site_page, site, article_path(article_id), WIDTHS[width])
    problems = []
    for claim in claims_of(archive_data, site, article_id):
        cid = claim_id(claim)
        page.keyboard.press("Escape")  # an open card may cover the next marker, as it would a reader's finger
        click_marker(page, cid)
        problems += card_problems(page, cid)
    assert not problems, f"{article_id} at {width} px:\n" + "\n".join(problems)


OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const inScroller = el => { for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
    const s = getComputedStyle(e); if (s.overflowX === "auto" || s.overflowX === "scroll" || e.matches(".md-sidebar, .md-search")) return true; }
    return false; };
  const name = el => el.tagName.toLowerCase() + [...el.classList].map(c => "." + c).join("");
  const out = [...document.querySelectorAll(".md-content *")].filter(el => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && (r.right > width + 1 || r.left < -1) && !inScroller(el);
  }).map(el => `${name(el)}: ${Math.round(el.getBoundingClientRect().left)}..${Math.round(el.getBoundingClientRect().right)}`);
  return {scrollWidth: document.documentElement.scrollWidth, width, out};
}"""


@pytest.mark.parametrize(("site", "article_id"), ARTICLES, ids=[a for _, a in ARTICLES])
def test_no_horizontal_overflow_at_320(open_site_page: Callable[..., Page], site: str, article_id: str) -> None:
    page = open_article(open_site_page, site, article_path(article_id), WIDTHS[320])
    for details in page.locator(".article-sources details").all():
        details.locator("summary").click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('details[data-fetch]')].every(d => d.dataset.state === 'loaded')"
    )
    result = page.evaluate(OVERFLOW)
    assert result["scrollWidth"] <= result["width"], result
    assert not result["out"], "\n".join(result["out"][:15])


def test_a_note_leads_to_the_words_and_back(open_site_page: Callable[..., Page], archive_data: dict) -> None:
    claim = claims_of(archive_data, "seed", RT)[-3]
    cid = claim_id(claim)
    page = open_article(open_site_page, "seed", article_path(RT), PHONE)
    # Without the script the marker leads to the note; the note's number leads back to the words.
    assert page.locator(f"#claim-{cid} > .claim-pin > a.claim-marker").get_attribute("href") == f"#note-{cid}"
    page.locator(f"#note-{cid} .claim-note__head a.claim-marker").click()
    page.wait_for_function("(id) => location.hash === '#claim-' + id", arg=cid)
    page.wait_for_function(IN_VIEW, arg=cid)
    assert not card_problems(page, cid)


def test_on_wide_screens_each_note_sits_at_the_height_of_its_words(
    open_site_page: Callable[..., Page], archive_data: dict
) -> None:
    page = open_article(open_site_page, "seed", article_path(RT), DESKTOP)
    rows = page.evaluate(
        """() => [...document.querySelectorAll(".claim-note")].map(note => {
             const mark = document.getElementById("claim-" + note.dataset.claim);
             return {id: note.dataset.claim, inText: !!mark.closest(".article-text"), note: note.getBoundingClientRect().toJSON(),
                     mark: mark.getBoundingClientRect().toJSON(), text: document.querySelector(".article-text").getBoundingClientRect().toJSON()};
           })"""
    )
    assert len(rows) == len(claims_of(archive_data, "seed", RT))
    for before, after in itertools.pairwise(rows):
        assert before["note"]["bottom"] <= after["note"]["top"], f"{before['id']} overlaps {after['id']}"
    for row in rows:
        assert row["note"]["left"] >= row["text"]["right"], f"{row['id']}: the note is not beside the text"
        if row["inText"]:
            assert row["note"]["top"] >= row["mark"]["top"] - 10, f"{row['id']}: the note sits above its words: {row}"
    # The first note of the text sits level with its words, not merely below them.
    first = next(row for row in rows if row["inText"])
    assert abs(first["note"]["top"] - first["mark"]["top"]) < 80, first
    # Selecting a note opens the card at the words.
    last = rows[-1]["id"]
    page.locator(f"#note-{last} .claim-note__summary").click()
    page.wait_for_function(IN_VIEW, arg=last)


# --------------------------------------------------------------------------------------------
# Opening and closing: keyboard, pointer, touch
# --------------------------------------------------------------------------------------------


def _focused(page: Page) -> dict:
    return page.evaluate(
        """() => { const a = document.activeElement; const card = document.querySelector(".claim-popover");
             return {marker: a.matches(".claim-pin > a.claim-marker") ? a.closest("mark").dataset.claim : null,
                     inCard: !!card && card.contains(a), text: a.textContent}; }"""
    )


def test_cards_open_and_close_by_keyboard(open_site_page: Callable[..., Page], archive_data: dict) -> None:
    first, second = (claim_id(c) for c in claims_of(archive_data, "seed", RT)[:2])
    page = open_article(open_site_page, "seed", article_path(RT), DESKTOP)
    for _ in range(400):  # the first marker, reached with Tab as a keyboard user would
        page.keyboard.press("Tab")
        if _focused(page)["marker"]:
            break
    else:
        pytest.fail("no claim marker reached with Tab")
    assert _focused(page)["marker"] == first
    marker = page.locator(f"#claim-{first} > .claim-pin > a.claim-marker")
    assert marker.get_attribute("aria-expanded") == "false"
    assert marker.get_attribute("aria-label"), "the marker has no accessible name"

    page.keyboard.press("Enter")
    assert not card_problems(page, first)
    assert _focused(page)["marker"] == first, "opening the card moved the focus"
    page.keyboard.press("Tab")
    assert _focused(page)["inCard"], "Tab from the marker does not go into its card"
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.querySelector('.claim-popover')")
    assert _focused(page)["marker"] == first, "Escape did not return the focus to the marker"
    assert marker.get_attribute("aria-expanded") == "false"

    page.keyboard.press(" ")  # the marker is a button: Space opens it too
    assert not card_problems(page, first)
    for _ in range(40):  # Tab through the card and out of it: the card closes behind
        page.keyboard.press("Tab")
        if not _focused(page)["inCard"]:
            break
    page.wait_for_function("() => !document.querySelector('.claim-popover')")
    for _ in range(20):
        if _focused(page)["marker"]:
            break
        page.keyboard.press("Tab")
    assert _focused(page)["marker"] == second
    page.keyboard.press("Enter")
    assert not card_problems(page, second)


def test_cards_open_and_close_by_pointer(open_site_page: Callable[..., Page], archive_data: dict) -> None:
    claims = [claim_id(c) for c in claims_of(archive_data, "seed", TASS)]
    page = open_article(open_site_page, "seed", article_path(TASS), DESKTOP)
    page.locator(f"#claim-{claims[1]}").evaluate("el => el.scrollIntoView({block: 'center'})")
    page.mouse.click(*words_point(page, claims[1]))  # the words, away from the marker
    assert not card_problems(page, claims[1])
    click_marker(page, claims[3])  # another claim: the card moves
    assert not card_problems(page, claims[3])
    page.locator("#notes-title").click()  # anywhere else closes it
    page.wait_for_function("() => !document.querySelector('.claim-popover')")
    click_marker(page, claims[3])
    assert not card_problems(page, claims[3])
    page.locator(".claim-popover__close").click()
    page.wait_for_function("() => !document.querySelector('.claim-popover')")


@pytest.fixture(name="touch_page")
def fixture_touch_page(browser: Browser, server_url: str) -> Iterator[Page]:
    """A phone-size page with a touchscreen; its requests are checked for other hosts at teardown."""
    context: BrowserContext = browser.new_context(
        base_url=server_url, viewport=PHONE, has_touch=True, is_mobile=True, service_workers="block"
    )
    context.set_default_timeout(10_000)
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    yield context.new_page()
    context.close()
    foreign = [url for url in requests if urlsplit(url).hostname not in {"127.0.0.1", None, ""}]
    assert not foreign, foreign


def _tap(page: Page, selector: str) -> None:
    box = settled_box(page, selector)
    page.touchscreen.tap((box["left"] + box["right"]) / 2, (box["top"] + box["bottom"]) / 2)


def test_cards_open_and_close_by_touch(touch_page: Page, archive_data: dict) -> None:
    page = touch_page
    claims = [claim_id(c) for c in claims_of(archive_data, "seed", RT)]
    goto(page, article_path(RT))
    page.wait_for_function("() => document.querySelector('.article-layout.is-interactive')")
    marker = f"#claim-{claims[2]} > .claim-pin > a.claim-marker"
    page.locator(marker).scroll_into_view_if_needed()
    _tap(page, marker)
    assert not card_problems(page, claims[2])
    # The card belongs to the page: it scrolls with the words, it does not float over what follows.
    before = page.evaluate(CARD_STATE, claims[2])
    page.evaluate("() => window.scrollBy(0, 120)")
    page.wait_for_function("(y) => Math.abs(scrollY - y) >= 100", arg=page.evaluate("scrollY") - 120)
    after = page.evaluate(CARD_STATE, claims[2])
    assert round(after["card"]["top"] - after["words"][-1]["bottom"]) == round(
        before["card"]["top"] - before["words"][-1]["bottom"]
    )
    # A tap on the page outside the card closes it.
    page.locator("#notes-title").evaluate("el => el.scrollIntoView({block: 'center'})")
    _tap(page, "#notes-title")
    page.wait_for_function("() => !document.querySelector('.claim-popover')")
    # A tap on highlighted words opens their card.
    page.locator(f"#claim-{claims[0]}").evaluate("el => el.scrollIntoView({block: 'center'})")
    page.touchscreen.tap(*words_point(page, claims[0]))
    assert not card_problems(page, claims[0])


# --------------------------------------------------------------------------------------------
# What a card holds
# --------------------------------------------------------------------------------------------


def _card_links(page: Page) -> list[str]:
    return page.evaluate("() => [...document.querySelectorAll('.claim-popover a')].map(a => a.href)")


def test_card_links_to_the_speaker_the_statement_and_its_other_wordings(
    open_site_page: Callable[..., Page], archive_data: dict, server_url: str
) -> None:
    data = archive_data["seed"]
    claim = next(c for c in claims_of(archive_data, "seed", TASS) if c["statement"] and c["speaker"])
    cid = claim_id(claim)
    statement = next(s for s in data["statements"] if s["id"] == claim["statement"])
    others = [c for c in data["claims"] if c["id"] in statement["members"] and c["id"] != claim["id"]]
    page = open_article(open_site_page, "seed", article_path(TASS, f"claim-{cid}"), DESKTOP)
    page.wait_for_function(IN_VIEW, arg=cid)
    links = _card_links(page)
    assert f"{server_url}/speakers/{claim['speaker']}/" in links
    assert f"{server_url}/statements/{claim['statement']}/" in links
    card = " ".join(page.locator(".claim-popover").inner_text().split())
    for other in others:
        other_article, _, other_claim = other["id"].partition("#")
        assert f"{server_url}/articles/{other_article}/#claim-{other_claim}" in links
        assert " ".join(other["quote"].split())[:60] in card, "the card does not give the other wording"
    # Following the other wording lands on its words, on its page, with its card open.
    other_article, _, other_claim = others[0]["id"].partition("#")
    page.locator(f'.claim-popover a[href$="/{other_article}/#claim-{other_claim}"]').click()
    page.wait_for_url(f"**/articles/{other_article}/#claim-{other_claim}")
    page.wait_for_function(IN_VIEW, arg=other_claim)


def test_card_links_related_claims_and_external_sources(
    open_site_page: Callable[..., Page], archive_data: dict
) -> None:
    article_id = EVENT_ARTICLES[1]
    claims = claims_of(archive_data, "event", article_id)
    related = next(
        c for c in claims if any(isinstance(r["target"], str) and r["type"] == "contradicts" for r in c["relations"])
    )
    external = next(
        c for c in claims if any(isinstance(r["target"], dict) and r["target"].get("url") for r in c["relations"])
    )
    reviewed = next(c for c in claims if c["review"])
    page = open_site_page("event", viewport=DESKTOP)
    goto(page, article_path(article_id, f"claim-{claim_id(related)}"))
    page.wait_for_function(IN_VIEW, arg=claim_id(related))
    target = next(r["target"] for r in related["relations"] if r["type"] == "contradicts")
    assert any(link.endswith(f"/articles/{target.replace('#', '/#claim-')}") for link in _card_links(page)), (
        _card_links(page)
    )
    page.keyboard.press("Escape")
    click_marker(page, claim_id(external))
    page.wait_for_function(IN_VIEW, arg=claim_id(external))
    url = next(r["target"]["url"] for r in external["relations"] if isinstance(r["target"], dict))
    assert url in _card_links(page)
    page.keyboard.press("Escape")
    click_marker(page, claim_id(reviewed))
    page.wait_for_function(IN_VIEW, arg=claim_id(reviewed))
    assert reviewed["review"]["explanation"] in page.locator(".claim-popover").inner_text()


def test_a_claim_is_cited_on_request(open_site_page: Callable[..., Page], archive_data: dict) -> None:
    claim = claims_of(archive_data, "seed", RT)[4]
    cid = claim_id(claim)
    page = open_article(open_site_page, "seed", article_path(RT), DESKTOP)
    assert "#claim-" not in page.locator(".claim-notes").inner_text(), "claim citations are carried by every page view"
    click_marker(page, cid)
    page.wait_for_function(IN_VIEW, arg=cid)
    page.locator(".claim-popover [data-cite]").click()
    citation = page.locator(".claim-popover__cite")
    citation.wait_for(state="visible")
    text = citation.inner_text()
    assert claim["url"] in text
    assert (claim["speaker_name"] or "") in text
    page.wait_for_function(IN_VIEW, arg=cid)


# --------------------------------------------------------------------------------------------
# The raw text and the cleaning log: loaded when asked for
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("article_id", [RT, TASS])
def test_raw_text_and_cleaning_log_load_on_request(
    open_site_page: Callable[..., Page], seed_site: Path, article_id: str
) -> None:
    page = open_site_page("seed", viewport=PHONE)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(urlsplit(request.url).path))
    goto(page, article_path(article_id))
    raw_path, log_path = f"/articles/{article_id}/raw.txt", f"/articles/{article_id}/cleaning.html"
    assert raw_path not in requested
    assert log_path not in requested

    page.locator("details.raw-text > summary").click()
    raw = page.locator("details.raw-text pre")
    raw.wait_for(state="visible")
    expected = (seed_site / "articles" / article_id / "raw.txt").read_text(encoding="utf-8")
    assert raw.evaluate("el => el.textContent") == expected
    assert raw_path in requested
    assert log_path not in requested

    page.locator("details.cleaning-log > summary").click()
    rows = page.locator("details.cleaning-log table tbody tr")
    rows.first.wait_for(state="visible")
    assert log_path in requested
    count = int(page.locator("details.cleaning-log > summary").inner_text().rsplit("(", 1)[1].split()[0])
    assert rows.count() == count
    # Without the script, a plain link leads to each file.
    assert page.locator(f'details.raw-text a[href$="{article_id}/raw.txt"]').count() == 1
    assert page.locator(f'details.cleaning-log a[href$="{article_id}/cleaning.html"]').count() == 1


# --------------------------------------------------------------------------------------------
# Accessibility, both palettes, with a card open
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("site", "article_id"), ARTICLES[:2] + ARTICLES[3:], ids=[RT, TASS, EVENT_ARTICLES[1]])
def test_article_page_has_no_serious_accessibility_violations(
    open_site_page: Callable[..., Page], archive_data: dict, site: str, article_id: str, scheme: str
) -> None:
    cid = claim_id(claims_of(archive_data, site, article_id)[1])
    page = open_article(open_site_page, site, article_path(article_id, f"claim-{cid}"), DESKTOP, scheme)
    page.wait_for_function(IN_VIEW, arg=cid)
    page.locator("details.raw-text > summary").click()
    page.locator("details.raw-text pre").wait_for(state="visible")
    failing = audit_accessibility(page, f"{article_id} ({scheme}, card open)")
    assert not failing, "\n".join(describe(v) for v in failing)


# --------------------------------------------------------------------------------------------
# Without scripts
# --------------------------------------------------------------------------------------------


def test_without_scripts_every_part_is_reachable(browser: Browser, server_url: str, archive_data: dict) -> None:
    claim = claims_of(archive_data, "seed", TASS)[4]
    cid = claim_id(claim)
    context = browser.new_context(base_url=server_url, viewport=PHONE, java_script_enabled=False)
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        page.goto(article_path(TASS, f"claim-{cid}"), wait_until="load")
        # The address lands on the words; the number leads to the note, the note's detail opens, and leads back.
        page.wait_for_function("(id) => document.getElementById('claim-' + id).matches(':target')", arg=cid)
        page.locator(f"#claim-{cid} > .claim-pin > a.claim-marker").click()
        page.wait_for_function("(id) => location.hash === '#note-' + id", arg=cid)
        page.locator(f"#note-{cid} details > summary").click()
        assert page.locator(f"#note-{cid} .claim-note__facts").is_visible()
        # The raw file and the cleaning log are plain links.
        page.locator("details.raw-text > summary").click()
        page.locator("details.raw-text a", has_text="Open the raw file").click()
        page.wait_for_url(f"**/articles/{TASS}/raw.txt")
    finally:
        context.close()
