"""One page of each kind the live site has, opened in Chromium: accessible (axe-core), nothing loaded from elsewhere.

The page is chosen from the built site's `data/archive.json` (the article with the most claims, the
speaker quoted most, ...), so the check follows the content; a kind the content does not have (no
event yet, say) is skipped. Any request to a host other than the local server fails the test at
teardown (`tests/browsing.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.browsing import audit_accessibility, describe
from tests.content.live import PAGE_KINDS, page_of_kind


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_page_is_accessible_and_loads_nothing_from_elsewhere(
    open_page: Callable[..., Page], go: Callable, live_site: Path, live_data: dict[str, Any], kind: str
) -> None:
    url = page_of_kind(kind, live_site, live_data)
    if url is None:
        pytest.skip(f"the archive has no {kind} page yet")
    assert (live_site / url / "index.html").is_file(), f"the site has no page at /{url}"
    page = open_page()
    go(page, f"/{url}")
    failing = audit_accessibility(page, f"{kind} (/{url})")
    assert not failing, f"{kind} (/{url}):\n" + "\n".join(describe(v) for v in failing)
