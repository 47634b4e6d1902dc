"""The archive's search (Pagefind behind Material's header): queries, filters, quotes only, claim links.

Expected results are read from the frozen seed's annotations (`tests/fixtures/seed/`), so the tests follow the inputs.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
import yaml
from playwright.sync_api import Page

from tests.browser.test_reading import MEASURE, contrast, hex_of
from tests.conftest import SEED

RT = "rt-2017-08-02-false-from-start-to-finish"
ANNOTATIONS = {
    path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
    for path in sorted((SEED / "annotations" / "articles").glob("*.yml"))
}
RAW = {path.stem: path.read_text(encoding="utf-8") for path in sorted((SEED / "articles").glob("*.txt"))}
SPEAKERS = yaml.safe_load((SEED / "annotations" / "speakers.yml").read_text(encoding="utf-8"))


def claim_url(article_id: str, claim_id: str) -> str:
    return f"/articles/{article_id}/#claim-{claim_id}"


def article_url(article_id: str) -> str:
    return f"/articles/{article_id}/"


RESULTS_READY = r"""() => {
  const list = document.querySelector("[data-archive-search-results]");
  if ([...list.querySelectorAll("li")].some(li => li.hasAttribute("data-test-stale"))) return false;
  const state = list.dataset.state;
  return state === "done" || state === "partial" ? state : false;
}"""


def _mark_stale(page: Page) -> None:
    """Tag the results on screen, so the next wait sees only the results of the next search."""
    page.evaluate(
        "() => document.querySelectorAll('[data-archive-search-results] li')"
        ".forEach(li => li.setAttribute('data-test-stale', ''))"
    )


def _results(page: Page) -> list[dict]:
    """Wait for a search to finish, page through "More results", and return every result listed."""
    state = page.wait_for_function(RESULTS_READY, timeout=10_000).json_value()
    while state == "partial":
        page.locator(".archive-search__more").click()
        state = page.wait_for_function(RESULTS_READY, timeout=10_000).json_value()
    results = page.evaluate(
        """() => [...document.querySelectorAll("[data-archive-search-results] li")].map(li => ({
             href: new URL(li.querySelector("a").getAttribute("href"), location.href).pathname
                   + new URL(li.querySelector("a").getAttribute("href"), location.href).hash,
             type: li.querySelector(".archive-search__type")?.textContent.trim() ?? "",
             title: li.querySelector("h1")?.textContent.trim() ?? "" }))"""
    )
    meta = page.locator("[data-archive-search-meta]").text_content() or ""
    expected = "No matching results" if not results else f"{len(results)} result{'s' if len(results) != 1 else ''} "
    assert meta.startswith(expected), (meta, results)
    return results


def _open_search(page: Page, go: Callable, *, filters: bool = False) -> None:
    go(page, "/")
    page.keyboard.press("/")
    page.wait_for_function("document.getElementById('__search').checked")
    page.wait_for_function("document.activeElement.matches('[data-archive-search-query]')")
    assert page.locator("[data-archive-search-query]").is_visible()
    if filters:
        _open_filters(page)
        page.locator("[data-archive-search-query]").focus()


def _open_filters(page: Page) -> None:
    """Press the dialog's "Filters" button and wait for its menus."""
    page.locator("[data-archive-search-filters-toggle]").click()
    page.locator("select[data-archive-filter=speaker]").wait_for(state="visible", timeout=10_000)


def test_query_finds_the_claims_that_say_it(page: Page, go: Callable) -> None:
    word = "contempt"
    _open_search(page, go)
    page.keyboard.type(word)
    results = _results(page)
    pattern = re.compile(rf"\b{word}", re.IGNORECASE)
    expected_claims = {
        claim_url(article_id, claim["id"])
        for article_id, data in ANNOTATIONS.items()
        for claim in data["claims"]
        if pattern.search(claim["quote"]) or pattern.search(claim.get("summary", ""))
    }
    assert expected_claims, "the seed no longer has claims with this word"
    assert {url.split("#")[0] for url in expected_claims} == {article_url(RT)}
    claims = {r["href"] for r in results if r["type"] == "Claim"}
    assert claims == expected_claims, results
    assert all(r["href"].startswith(article_url(RT)) for r in results), f"results outside the RT article: {results}"
    speakers = {SPEAKERS[c["speaker"]]["name"] for c in ANNOTATIONS[RT]["claims"] if pattern.search(c["quote"])}
    for result in results:
        if result["type"] == "Claim":
            assert any(result["title"].startswith(name) for name in speakers), result


def test_speaker_filter_alone_lists_that_speakers_claims_and_articles(page: Page, go: Callable) -> None:
    speaker = "dmitry-peskov"
    name = SPEAKERS[speaker]["name"]
    _open_search(page, go, filters=True)
    page.select_option("select[data-archive-filter=speaker]", name)
    results = _results(page)
    expected = {
        claim_url(article_id, claim["id"])
        for article_id, data in ANNOTATIONS.items()
        for claim in data["claims"]
        if claim["speaker"] == speaker
    } | {
        article_url(article_id)
        for article_id, data in ANNOTATIONS.items()
        if any(claim["speaker"] == speaker for claim in data["claims"])
    }
    assert {r["href"] for r in results} == expected, results
    assert article_url(RT) in expected


def test_quotes_only_keeps_claims(page: Page, go: Callable) -> None:
    _open_search(page, go)
    page.keyboard.type("Reuters")
    everything = _results(page)
    assert {r["type"] for r in everything} > {"Claim"}, f"expected more than claims without the filter: {everything}"
    _mark_stale(page)
    page.get_by_label("Quotes only").check()
    quotes = _results(page)
    assert quotes, "no results with Quotes only"
    assert all(r["type"] == "Claim" for r in quotes), [r for r in quotes if r["type"] != "Claim"]
    assert all("#claim-" in r["href"] for r in quotes), quotes
    assert {r["href"] for r in everything if r["type"] == "Claim"} <= {r["href"] for r in quotes}


def test_filters_combine(page: Page, go: Callable) -> None:
    _open_search(page, go, filters=True)
    page.select_option("select[data-archive-filter=outlet]", "TASS")
    _results(page)
    _mark_stale(page)
    page.select_option("select[data-archive-filter=kind]", "direct quote")
    results = _results(page)
    expected = {
        claim_url(article_id, claim["id"])
        for article_id, data in ANNOTATIONS.items()
        for claim in data["claims"]
        if data["article"]["outlet"] == "tass" and claim["kind"] == "direct"
    }
    assert {r["href"] for r in results if r["type"] == "Claim"} == expected, results


def test_claim_result_opens_the_article_at_the_claim(page: Page, go: Callable) -> None:
    _open_search(page, go)
    page.keyboard.type("contempt")
    results = _results(page)
    target = claim_url(RT, "nothing-but-contempt")
    assert target in {r["href"] for r in results}
    link = (
        page.locator("[data-archive-search-results] li a")
        .filter(has=page.locator("h1"))
        .nth([r["href"] for r in results].index(target))
    )
    link.click()
    page.wait_for_url(f"**{target}")
    page.wait_for_function("document.querySelector('#claim-nothing-but-contempt').matches(':target')")
    state = page.evaluate(
        """() => ({
          inView: (r => r.top >= 0 && r.top < innerHeight)(document.getElementById("claim-nothing-but-contempt").getBoundingClientRect()),
          marked: [...document.querySelectorAll('.article-text mark.claim[data-claim="nothing-but-contempt"]')]
                  .every(m => m.classList.contains("is-targeted")),
        })"""
    )
    assert state == {"inView": True, "marked": True}, state


def _same_as(article_id: str, claim_id: str) -> set[str]:
    """The claims the seed's `same-as` relations put in one statement with this one (itself included), as URLs."""
    target = f"{article_id}#{claim_id}"
    linked = {
        claim_url(other, claim["id"])
        for other, data in ANNOTATIONS.items()
        for claim in data["claims"]
        if any(relation.get("same-as") == target for relation in claim.get("relations", []))
    }
    return {claim_url(article_id, claim_id), *linked}


def test_a_claim_result_links_to_the_statement_it_is_a_wording_of(page: Page, go: Callable) -> None:
    wordings = _same_as(RT, "no-secret-burials")
    assert len(wordings) == 2, "the seed no longer reports this statement twice"
    lonely = claim_url(RT, "nothing-but-contempt")
    assert _same_as(RT, "nothing-but-contempt") == {lonely}
    _open_search(page, go)
    page.keyboard.type("burials")
    results = _results(page)
    target = claim_url(RT, "no-secret-burials")
    assert target in {r["href"] for r in results}, results
    links = page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll("[data-archive-search-results] li")]
             .map(li => {
               const url = new URL(li.querySelector("a").getAttribute("href"), location.href);
               return [url.pathname + url.hash, li.querySelector(".archive-search__statement a")?.textContent ?? null];
             }))"""
    )
    assert links[target] == "all 2 wordings compared", links
    page.locator("[data-archive-search-results] li").filter(has=page.locator(f'a[href$="{target}"]')).locator(
        ".archive-search__statement a"
    ).click()
    page.wait_for_url("**/statements/*/")
    compared = page.evaluate(
        """() => [...document.querySelectorAll("article a[href*='#claim-']")]
             .map(a => new URL(a.getAttribute("href"), location.href))
             .map(url => url.pathname + url.hash)"""
    )
    assert wordings <= set(compared), compared
    # A claim that is no statement's wording has no such link.
    _open_search(page, go)
    page.keyboard.type("contempt")
    _results(page)
    alone = page.locator("[data-archive-search-results] li").filter(has=page.locator(f'a[href$="{lonely}"]'))
    assert alone.count() == 1
    assert alone.locator(".archive-search__statement").count() == 0


def test_claims_page_lists_the_claims_that_fit_every_filter(page: Page, go: Callable) -> None:
    go(page, "/claims/")
    page.locator("select[data-claims-filter=speaker]").wait_for(state="attached", timeout=10_000)
    page.wait_for_function("document.querySelector('[data-claims-results]').dataset.state === 'done'")
    everything = page.locator("[data-claims-results] li").count()
    assert everything == sum(len(data["claims"]) for data in ANNOTATIONS.values())
    page.select_option("select[data-claims-filter=speaker]", SPEAKERS["dmitry-peskov"]["name"])
    page.select_option("select[data-claims-filter=kind]", "direct quote")
    page.wait_for_function("document.querySelector('[data-claims-results]').dataset.state === 'done'")
    listed = page.evaluate(
        """() => [...document.querySelectorAll("[data-claims-results] li a")]
                 .map(a => new URL(a.getAttribute("href"), location.href).hash)"""
    )
    expected = {
        f"#claim-{claim['id']}"
        for data in ANNOTATIONS.values()
        for claim in data["claims"]
        if claim["speaker"] == "dmitry-peskov" and claim["kind"] == "direct"
    }
    assert expected, "the seed no longer has direct quotes of Peskov"
    assert set(listed) == expected, listed
    assert page.locator("[data-claims-meta]").text_content() == f"{len(expected)} matching claims"


# --------------------------------------------------------------------------------------------
# The dialog and the keyboard (WAI-ARIA dialog pattern)
# --------------------------------------------------------------------------------------------

DIALOG = """() => ({
  open: !document.querySelector(".archive-search").inert,
  checked: document.getElementById("__search").checked,
  inside: document.querySelector(".archive-search").contains(document.activeElement),
  active: document.activeElement.outerHTML.slice(0, 120),
})"""


def test_tabbing_through_the_page_never_opens_the_search(page: Page, go: Callable) -> None:
    go(page, f"/articles/{RT}/")
    for _ in range(40):
        page.keyboard.press("Tab")
        state = page.evaluate(DIALOG)
        assert not state["open"], f"Tab opened the search dialog at {state['active']}"
        assert not state["checked"], f"Tab opened the search dialog at {state['active']}"
        assert not state["inside"], f"Tab reached the closed dialog: {state['active']}"


def test_slash_opens_the_dialog_focus_stays_inside_and_escape_gives_it_back(page: Page, go: Callable) -> None:
    go(page, "/claims/")
    page.locator("select[data-claims-filter=speaker]").wait_for(state="attached")
    page.locator("select[data-claims-filter=speaker]").focus()
    page.keyboard.press("Escape")  # nothing to close
    page.locator("h1").first.evaluate("el => { el.tabIndex = -1; el.focus(); }")
    before = page.evaluate("document.activeElement.outerHTML.slice(0, 80)")
    page.keyboard.press("/")
    page.wait_for_function("document.activeElement.matches('[data-archive-search-query]')")
    assert page.evaluate(DIALOG)["open"]
    _open_filters(page)
    for key in ["Tab"] * 25 + ["Shift+Tab"] * 25:
        page.keyboard.press(key)
        state = page.evaluate(DIALOG)
        assert state["open"], f"{key} closed the dialog"
        assert state["inside"], f"{key} left the open dialog for {state['active']}"
    page.keyboard.press("Escape")
    state = page.evaluate(DIALOG)
    assert not state["open"], state
    assert not state["checked"], state
    assert page.evaluate("document.activeElement.outerHTML.slice(0, 80)") == before, (
        "Escape did not give the focus back"
    )


def test_the_header_button_opens_the_dialog_and_gets_the_focus_back(page: Page, go: Callable) -> None:
    go(page, "/")
    button = page.locator("[data-archive-search-open]")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.matches('[data-archive-search-query]')")
    page.keyboard.type("x")  # typing a slash or a letter in the field stays in the field
    assert page.locator("[data-archive-search-query]").input_value() == "x"
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.matches('[data-archive-search-open]')"), page.evaluate(DIALOG)
    # A click on the dimmed page (the theme's overlay) closes it too.
    button.click()
    page.wait_for_function("document.activeElement.matches('[data-archive-search-query]')")
    page.locator(".md-search__overlay").click(position={"x": 5, "y": 300}, force=True)
    page.wait_for_function("document.querySelector('.archive-search').inert")
    assert page.evaluate("document.activeElement.matches('[data-archive-search-open]')")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_match_highlight_has_contrast(open_page: Callable[..., Page], go: Callable, scheme: str) -> None:
    page = open_page(color_scheme=scheme)
    _open_search(page, go)
    page.keyboard.type("contempt")
    _results(page)
    marks = page.evaluate(MEASURE, "[data-archive-search-results] mark")
    assert marks, "no highlighted match"
    low = [
        f"{hex_of(m['text'])} on {hex_of(m['background'])}" for m in marks if contrast(m["text"], m["background"]) < 4.5
    ]
    assert not low, f"{scheme}: match highlights under 4.5:1: {low}"


# --------------------------------------------------------------------------------------------
# The claims hub: filters kept in the address
# --------------------------------------------------------------------------------------------

CLAIMS_DONE = "document.querySelector('[data-claims-results]').dataset.state === 'done'"


def _claims_state(page: Page) -> dict:
    page.wait_for_function(CLAIMS_DONE)
    return page.evaluate(
        """() => ({
          search: location.search,
          chosen: Object.fromEntries([...document.querySelectorAll("select[data-claims-filter]")].map(s => [s.name, s.value])),
          listed: [...document.querySelectorAll("[data-claims-results] li a.claim-item__quote")]
                  .map(a => new URL(a.getAttribute("href"), location.href).hash).sort(),
        })"""
    )


def test_claims_filters_round_trip_through_the_address(page: Page, go: Callable) -> None:
    peskov = SPEAKERS["dmitry-peskov"]["name"]
    go(page, "/claims/")
    everything = _claims_state(page)
    assert len(everything["listed"]) == sum(len(data["claims"]) for data in ANNOTATIONS.values())
    page.select_option("select[data-claims-filter=speaker]", peskov)
    page.wait_for_function("location.search.includes('speaker=')")
    by_speaker = _claims_state(page)
    page.select_option("select[data-claims-filter=kind]", "direct quote")
    page.wait_for_function("location.search.includes('kind=')")
    both = _claims_state(page)
    expected = sorted(
        f"#claim-{c['id']}"
        for data in ANNOTATIONS.values()
        for c in data["claims"]
        if c["speaker"] == "dmitry-peskov" and c["kind"] == "direct"
    )
    assert both["listed"] == expected, both
    assert both["chosen"]["speaker"] == peskov, both
    assert both["chosen"]["kind"] == "direct quote", both
    # The address alone restores the list: reload, and open it in a new page.
    page.reload()
    assert _claims_state(page) == both
    other = page.context.new_page()
    try:
        other.goto(page.url)
        assert _claims_state(other) == both
    finally:
        other.close()
    # Back and forward walk through the choices.
    page.go_back()
    page.wait_for_function("!location.search.includes('kind=')")
    assert _claims_state(page) == by_speaker
    page.go_back()
    page.wait_for_function("location.search === ''")
    assert _claims_state(page)["listed"] == everything["listed"]
    page.go_forward()
    page.wait_for_function("location.search.includes('speaker=')")
    assert _claims_state(page) == by_speaker


def test_a_filter_with_one_value_is_not_offered(page: Page, go: Callable) -> None:
    ratings = {c.get("review", {}).get("rating") for data in ANNOTATIONS.values() for c in data["claims"]}
    go(page, "/claims/")
    page.wait_for_function(CLAIMS_DONE)
    offered = page.evaluate("() => [...document.querySelectorAll('select[data-claims-filter]')].map(s => s.name)")
    assert "speaker" in offered
    assert ("rating" in offered) == (len(ratings) > 1), (offered, ratings)
    # Every count in the menus counts claims.
    labels = page.evaluate(
        "() => [...document.querySelectorAll('select[data-claims-filter=outlet] option')].slice(1).map(o => o.textContent)"
    )
    by_outlet = {"TASS": 0, "RT": 0}
    for data in ANNOTATIONS.values():
        by_outlet[{"tass": "TASS", "rt": "RT"}[data["article"]["outlet"]]] += len(data["claims"])
    assert sorted(labels) == sorted(f"{name} ({count})" for name, count in by_outlet.items()), labels


def test_filter_menus_load_when_asked_for_and_narrow_nothing_once_closed(page: Page, go: Callable) -> None:
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    _open_search(page, go)
    page.keyboard.type("contempt")
    everything = _results(page)
    assert everything
    assert not [url for url in fetched if url.endswith("/search/filters.json")], "a plain query fetched the menus"
    toggle = page.locator("[data-archive-search-filters-toggle]")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert page.locator("select[data-archive-filter]").count() == 0
    _open_filters(page)
    assert toggle.get_attribute("aria-expanded") == "true"
    assert [url for url in fetched if url.endswith("/search/filters.json")], "the menus came from elsewhere"
    _mark_stale(page)
    page.select_option("select[data-archive-filter=outlet]", "TASS")
    assert _results(page) == [], "no TASS page has the word"
    # Closed, the menus are hidden and their choice cleared: the query lists everything again.
    _mark_stale(page)
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "false"
    page.locator("select[data-archive-filter=outlet]").wait_for(state="hidden")
    assert _results(page) == everything
    assert page.locator("select[data-archive-filter=outlet]").input_value() == ""


@pytest.mark.parametrize("word", ["paraphrase", "reviewed"])
def test_a_facets_label_is_not_searched_as_words(page: Page, go: Callable, word: str) -> None:
    """Pagefind searches metadata: the facets ("paraphrase", "Not reviewed") must travel where no query sees them."""
    kinds = {c["kind"] for data in ANNOTATIONS.values() for c in data["claims"]}
    assert "indirect" in kinds, "the seed no longer has a paraphrase"
    assert not any(word in text.lower() for text in RAW.values()), f"the seed's text now says {word!r}"
    said = [c for data in ANNOTATIONS.values() for c in data["claims"] if word in yaml.safe_dump(c).lower()]
    assert not said, f"an annotation now says {word!r}"
    _open_search(page, go)
    page.keyboard.type(word)
    found = [r for r in _results(page) if r["href"].startswith("/articles/")]
    assert found == [], found
