"""The preview (`archive serve`) tells a contributor what is wrong: errors in place of the page, then the page again.

A real `archive serve` runs on a copy of the tiny archive. Breaking an annotation file turns the
open page into the list of errors (file:line:col, message, the offending line) without a reload by
hand; fixing it brings the page back. No request waits on the failed build.
"""

from __future__ import annotations

import queue
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.browsing import fixture_browser  # noqa: F401 - a fixture, found by pytest in this module's namespace
from tests.conftest import REPO, SITE_FILES, TINY_FILES, copy_into, write_tree

DAILY_YML = "annotations/articles/daily-2020-01-01-budget.yml"
ARTICLE = "articles/daily-2020-01-01-budget/"
STARTUP = 120.0
"""Seconds the first build of the preview may take on a machine whose cores are busy."""

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_serving(process: subprocess.Popen[str]) -> None:
    """Read the server's log until it says it is serving (the first build is done); keep draining it after."""
    assert process.stdout is not None
    lines: queue.Queue[str] = queue.Queue()
    log = process.stdout
    threading.Thread(target=lambda: [lines.put(line) for line in log] + [lines.put("")], daemon=True).start()
    deadline = time.monotonic() + STARTUP
    seen: list[str] = []
    while (left := deadline - time.monotonic()) > 0:
        try:
            line = lines.get(timeout=left)
        except queue.Empty:
            break
        if not line:
            pytest.fail("archive serve exited:\n" + "".join(seen[-20:]))
        seen.append(line)
        if "Serving on http://" in line:
            return
    pytest.fail(f"archive serve was not serving within {STARTUP:.0f} s:\n" + "".join(seen[-20:]))


@pytest.fixture(name="preview", scope="module")
def fixture_preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The tiny archive previewed with `archive serve`: (its root, the base URL of the site)."""
    root = tmp_path_factory.mktemp("preview")
    write_tree(root, TINY_FILES)
    copy_into(root, REPO, SITE_FILES)
    port = _free_port()
    archive = Path(sys.executable).with_name("archive")
    process = subprocess.Popen(
        [str(archive), "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        _wait_until_serving(process)
        yield root, f"http://127.0.0.1:{port}/archive/"
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()


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
