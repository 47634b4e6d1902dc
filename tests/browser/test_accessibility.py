"""Accessibility audit with axe-core (from the npm registry, injected into the page) of every page type of both sites.

Both palettes (light and dark) are audited, with the search dialog closed and open; a violation of
impact serious or critical fails the test, and every violation found is printed with its rule,
impact, elements and help (`tests/browsing.py`). Page types come from the seed's site and the event
archive's (`site_page_type`, see `conftest.py`).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page

from tests.browsing import READY, audit_accessibility, describe

OPEN_SEARCH = """() => !document.querySelector(".archive-search").inert
  && document.activeElement.matches("[data-archive-search-query]")"""
"""The search dialog is open and its field has the focus."""


@pytest.mark.parametrize("search", ["closed", "open"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violations(
    open_site_page: Callable[..., Page], site_page_type: tuple[str, str, str], scheme: str, search: str
) -> None:
    site, name, path = site_page_type
    page = open_site_page(site, color_scheme=scheme)
    response = page.goto(path, wait_until="load")
    assert response is not None, path
    assert response.status == 200, path
    page.wait_for_function(READY)
    palette = page.evaluate('document.body.getAttribute("data-md-color-scheme")')
    assert palette == ("slate" if scheme == "dark" else "default"), palette
    if search == "open":
        page.keyboard.press("/")
        page.wait_for_function(OPEN_SEARCH)
        # Audited with its filter menus open (they are built once their values have loaded).
        page.locator("[data-archive-search-filters-toggle]").click()
        page.locator("select[data-archive-filter]").first.wait_for(state="visible")
    label = f"{site} {name} ({path}, {scheme}, search {search})"
    failing = audit_accessibility(page, label)
    assert not failing, f"{label}:\n" + "\n".join(describe(v) for v in failing)
