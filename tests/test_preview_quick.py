"""A preview shows an edit by rendering only the changed pages through the theme of its last build: the same bytes as a full build."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from tests.conftest import seed_checkout

pytestmark = pytest.mark.site

SERVE_URL = "http://127.0.0.1:8000/archive/"


class FakeServer:
    """What the plugin's `on_serve` uses of MkDocs' live-reload server."""

    def __init__(self, builder: Callable[[], None]) -> None:
        self.builder = builder
        self.watched: list[str] = []
        self.server_address = ("127.0.0.1", 8000)

    def watch(self, path: str) -> None:
        self.watched.append(path)

    def set_app(self, app: Any) -> None:
        self.app = app

    def serve_request(self, environ: Any, start_response: Any) -> Any:
        del environ, start_response


def _config(root: Path, site: Path) -> MkDocsConfig:
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    config.plugins["archive"].config.search = False
    config.site_url = SERVE_URL
    return config


def _site(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _edit_summary(root: Path) -> None:
    path = next((root / "annotations" / "articles").glob("*.yml"))
    text = path.read_text(encoding="utf-8")
    edited = re.sub(r"(    summary: ).*", r"\1Edited for the quick rebuild.", text, count=1)
    assert edited != text
    path.write_text(edited, encoding="utf-8")


def test_a_quick_rebuild_writes_what_a_full_build_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    root = seed_checkout(tmp_path / "repo")
    served = tmp_path / "served"
    config = _config(root, served)
    config.plugins.on_startup(command="serve", dirty=True)
    build(config, serve_url=SERVE_URL, dirty=True)
    full_builds: list[int] = []
    server = config.plugins.on_serve(FakeServer(lambda: full_builds.append(1)), config=config, builder=lambda: None)

    _edit_summary(root)
    server.builder()
    assert full_builds == [], "the edit needed a full build"

    fresh_root = seed_checkout(tmp_path / "fresh")
    _edit_summary(fresh_root)
    fresh = tmp_path / "fresh-site"
    fresh_config = _config(fresh_root, fresh)
    fresh_config.plugins.on_startup(command="serve", dirty=True)
    build(fresh_config, serve_url=SERVE_URL, dirty=True)
    quick, full = _site(served), _site(fresh)
    assert quick.keys() == full.keys()
    assert [name for name in full if quick[name] != full[name]] == []
    assert any(b"Edited for the quick rebuild." in content for content in quick.values())


def test_a_change_of_the_site_configuration_takes_a_full_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    root = seed_checkout(tmp_path / "repo")
    config = _config(root, tmp_path / "served")
    config.plugins.on_startup(command="serve", dirty=True)
    build(config, serve_url=SERVE_URL, dirty=True)
    full_builds: list[int] = []
    server = config.plugins.on_serve(FakeServer(lambda: full_builds.append(1)), config=config, builder=lambda: None)
    about = root / "docs" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    server.builder()
    assert full_builds == [1]
