"""The preview (`archive serve`) tells a contributor what is wrong: errors in place of the page, then the page again.

A real `archive serve` runs on a copy of the tiny archive. Breaking an annotation file turns the
open page into the list of errors (file:line:col, message, the offending line) without a reload by
hand; fixing it brings the page back. No request waits on the failed build.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.browsing import fixture_browser, previewing  # noqa: F401 - a fixture, found by pytest in this module's namespace
from tests.conftest import REPO, SITE_FILES, TINY_FILES, copy_into, write_tree

DAILY_YML = "annotations/articles/daily-2020-01-01-budget.yml"
ARTICLE = "articles/daily-2020-01-01-budget/"

pytestmark = pytest.mark.browser


@pytest.fixture(name="preview", scope="module")
def fixture_preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The tiny archive previewed with `archive serve`: (its root, the base URL of the site)."""
    root = tmp_path_factory.mktemp("preview")
    write_tree(root, TINY_FILES)
    copy_into(root, REPO, SITE_FILES)
    with previewing(root) as url:
        yield root, url


def test_a_broken_file_shows_its_errors_in_the_open_page_and_the_page_returns_when_fixed(
    preview: tuple[Path, str], browser: Browser
) -> None:
    root, base = preview
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(base + ARTICLE, wait_until="load")
        page.locator(".article-text").wait_for()
        good = (root / DAILY_YML).read_text(encoding="utf-8")
        broken = good.replace("    speaker: jane-roe\n", "    speaker: jane-roe\n      cue: said\n", 1)
        (root / DAILY_YML).write_text(broken, encoding="utf-8")
        errors = page.locator("#archive-preview-errors")
        errors.wait_for(timeout=90_000)
        listed = errors.inner_text()
        assert f"{DAILY_YML}:" in listed
        assert "error" in listed
        assert "cue: said" in listed  # the offending line is quoted
        # A request meanwhile is answered at once (with the errors), never left waiting on the build.
        with pytest.raises(urllib.error.HTTPError) as answer:
            urllib.request.urlopen(base + "speakers/jane-roe/", timeout=10)
        assert answer.value.code == 500
        assert b"archive-preview-errors" in answer.value.read()
        (root / DAILY_YML).write_text(good, encoding="utf-8")
        page.locator(".article-text").wait_for(timeout=90_000)
        assert page.locator("#archive-preview-errors").count() == 0
    finally:
        context.close()
