"""The live archive (the repository's own `articles/`, `annotations/`, `permalinks.txt`) built and served.

These fixtures feed the content checks (`make check-content`): rules that hold for any valid
content, so they pin no article, claim or count. A plain `pytest` leaves this folder out (see
`pytest_ignore_collect` in `tests/conftest.py`); `pytest tests/content` runs it.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browsing import (  # noqa: F401 - fixtures, found by pytest in this module's namespace
    fixture_browser,
    fixture_contexts,
    fixture_go,
    fixture_open_page,
    fixture_page,
)
from tests.content.live import run_archive
from tests.sitecheck import download_text, serve


@pytest.fixture(name="live_build", scope="session")
def fixture_live_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    """`archive build` (MkDocs in strict mode, search index included) of the live archive into a temporary folder.

    The repository's own `site/` is left as it was; `build/` (generated pages, prepared-article cache)
    is shared with `make site`, as it would be.
    """
    site = tmp_path_factory.mktemp("live") / "site"
    return run_archive("build", "--site-dir", str(site)), site


@pytest.fixture(name="live_site", scope="session")
def fixture_live_site(live_build: tuple[subprocess.CompletedProcess[str], Path]) -> Path:
    """The built live site; without one, the checks of the site are skipped (the build's own test fails)."""
    completed, site = live_build
    if completed.returncode != 0:
        pytest.skip("`archive build` failed, so there is no site to check: see test_strict_build_succeeds")
    return site


@pytest.fixture(name="live_data", scope="session")
def fixture_live_data(live_site: Path) -> dict:
    """The built site's `data/archive.json`: every article, claim, speaker, outlet, event, tag and statement."""
    return json.loads(download_text(live_site, "archive.json"))


@pytest.fixture(name="server_url", scope="session")
def fixture_server_url(live_site: Path) -> Iterator[str]:
    """The built live site served on a free 127.0.0.1 port, as `http://127.0.0.1:<port>`."""
    with serve(live_site) as url:
        yield url
