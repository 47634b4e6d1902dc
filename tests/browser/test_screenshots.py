"""Screenshots of each page type at desktop and phone width, saved for people to look at.

Written to test-results/screenshots/<page type>-<width>.png (git-ignored), plus an article with a
claim card open and an article in the dark palette.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
RT = "rt-2017-08-02-false-from-start-to-finish"


@pytest.fixture(name="screenshots", scope="module")
def fixture_screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def _save(page: Page, path: Path) -> None:
    page.screenshot(path=str(path), full_page=True, animations="disabled")
    assert path.stat().st_size > 5_000, f"{path} looks empty"


def test_screenshot_of_each_page_type(
    open_page: Callable[..., Page], go: Callable, page_type: tuple[str, str], screenshots: Path
) -> None:
    name, url = page_type
    for viewport in (DESKTOP, PHONE):
        page = open_page(viewport=viewport)
        go(page, url)
        _save(page, screenshots / f"{name}-{viewport['width']}.png")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_screenshot_of_an_open_claim_card(
    open_page: Callable[..., Page], go: Callable, viewport: dict[str, int], screenshots: Path
) -> None:
    page = open_page(viewport=viewport)
    go(page, f"/articles/{RT}/")
    marker = page.locator("#claim-text-nothing-but-contempt > .claim-pin > a.claim-marker")
    marker.evaluate("el => { el.scrollIntoView({block: 'center'}); el.focus({preventScroll: true}); }")
    page.locator("#card-nothing-but-contempt").wait_for(state="visible")
    page.screenshot(path=str(screenshots / f"article-card-{viewport['width']}.png"), animations="disabled")


def test_screenshot_of_the_dark_palette(open_page: Callable[..., Page], go: Callable, screenshots: Path) -> None:
    for name, url in (("article-rt", f"/articles/{RT}/"), ("event", "/events/reuters-syria-casualties-2017/")):
        page = open_page(viewport=DESKTOP, color_scheme="dark")
        go(page, url)
        _save(page, screenshots / f"{name}-dark-{DESKTOP['width']}.png")
