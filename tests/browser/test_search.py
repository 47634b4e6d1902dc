"""The archive's search (Pagefind behind Material's header): queries, filters, quotes only, claim links.

Expected results are read from the seed annotations, so the tests follow the inputs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import yaml
from playwright.sync_api import Page

REPO = Path(__file__).resolve().parents[2]
RT = "rt-2017-08-02-false-from-start-to-finish"
ANNOTATIONS = {
    path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
    for path in sorted((REPO / "annotations" / "articles").glob("*.yml"))
}
RAW = {path.stem: path.read_text(encoding="utf-8") for path in sorted((REPO / "articles").glob("*.txt"))}
SPEAKERS = yaml.safe_load((REPO / "annotations" / "speakers.yml").read_text(encoding="utf-8"))


def claim_url(article_id: str, claim_id: str) -> str:
    return f"/articles/{article_id}/#claim-{claim_id}"


def article_url(article_id: str) -> str:
    return f"/articles/{article_id}/"


RESULTS_READY = r"""() => {
  const meta = document.querySelector("[data-archive-search-meta]").textContent.trim();
  const match = /^(\d+) matching results?$/.exec(meta) || (/^No matching results$/.test(meta) ? [meta, "0"] : null);
  if (!match) return false;
  const items = document.querySelectorAll("[data-archive-search-results] li");
  if ([...items].some(li => li.hasAttribute("data-test-stale"))) return false;
  return items.length === Math.min(Number(match[1]), 10) ? Number(match[1]) : false;
}"""


def _mark_stale(page: Page) -> None:
    """Tag the results on screen, so the next wait sees only the results of the next search."""
    page.evaluate(
        "() => document.querySelectorAll('[data-archive-search-results] li')"
        ".forEach(li => li.setAttribute('data-test-stale', ''))"
    )


def _results(page: Page) -> list[dict]:
    """Wait for a search to finish, page through "More results", and return every result."""
    total = page.wait_for_function(RESULTS_READY, timeout=10_000).json_value()
    more = page.locator(".archive-search__more")
    while page.locator("[data-archive-search-results] li").count() < total and more.count():
        more.click()
        page.wait_for_timeout(100)
    results = page.evaluate(
        """() => [...document.querySelectorAll("[data-archive-search-results] li")].map(li => ({
             href: new URL(li.querySelector("a").getAttribute("href"), location.href).pathname
                   + new URL(li.querySelector("a").getAttribute("href"), location.href).hash,
             type: li.querySelector(".archive-search__type")?.textContent.trim() ?? "",
             title: li.querySelector("h1")?.textContent.trim() ?? "" }))"""
    )
    assert len(results) == total, f"meta says {total} results, {len(results)} listed"
    return results


def _open_search(page: Page, go: Callable) -> None:
    go(page, "/")
    page.keyboard.press("/")
    page.wait_for_function("document.getElementById('__search').checked")
    page.wait_for_function("document.activeElement.matches('[data-archive-search-query]')")
    assert page.locator("[data-archive-search-query]").is_visible()
    # Filters are built once the index has loaded.
    page.locator("select[data-archive-filter=speaker]").wait_for(state="attached", timeout=10_000)


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
    _open_search(page, go)
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
    _open_search(page, go)
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
