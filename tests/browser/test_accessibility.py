"""Accessibility audit with axe-core (from the npm registry, injected into the page) of every page type.

Both palettes (light and dark) are audited; a violation of impact serious or critical fails the test,
and every violation found is printed with its rule, impact, elements and help (`tests/browsing.py`).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page

from tests.browsing import audit_accessibility, describe


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violations(
    open_page: Callable[..., Page], go: Callable, page_type: tuple[str, str], scheme: str
) -> None:
    name, path = page_type
    page = open_page(color_scheme=scheme)
    go(page, path)
    palette = page.evaluate('document.body.getAttribute("data-md-color-scheme")')
    assert palette == ("slate" if scheme == "dark" else "default"), palette
    failing = audit_accessibility(page, f"{name} ({path}, {scheme})")
    assert not failing, f"{name} ({path}), {scheme} palette:\n" + "\n".join(describe(v) for v in failing)
