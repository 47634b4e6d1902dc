"""The site checks (`tests/sitecheck.py`) find what they are for, on a hand-written site of a few files.

The content checks of the live archive rest on them: a check that cannot fail would pass any archive.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import write_tree
from tests.sitecheck import crawl, external_loads, serve

PAGES = {
    "index.html": '<a href="a/">A</a> <a href="a/#here">here</a> <link rel="stylesheet" href="style.css">',
    "a/index.html": '<h1 id="here">A</h1> <a href="../">home</a>',
    "style.css": "body { color: black; }",
}


@pytest.fixture(name="hand_site")
def fixture_hand_site(tmp_path: Path) -> Path:
    write_tree(tmp_path, PAGES)
    return tmp_path


def test_a_sound_site_has_nothing_to_report(hand_site: Path) -> None:
    with serve(hand_site) as url:
        found = crawl(url, hand_site)
    assert sorted(found.pages) == [f"{url}/", f"{url}/a/"]
    assert found.broken == []
    assert found.missing_fragments == []
    assert found.orphans == []
    assert external_loads(hand_site) == []


def test_crawl_reports_broken_links_missing_fragments_and_orphans(hand_site: Path) -> None:
    write_tree(
        hand_site,
        {
            "index.html": '<a href="a/#nowhere">A</a> <img src="missing.png" alt="">',
            "orphan/index.html": "<h1>Nobody links here</h1>",
        },
    )
    with serve(hand_site) as url:
        found = crawl(url, hand_site)
    assert found.broken == [f"{url}/missing.png -> HTTP 404, linked from: {url}/"]
    assert found.missing_fragments == [f"{url}/ links to {url}/a/#nowhere: no element with that id"]
    assert found.orphans == ["/orphan/"]


def test_a_folder_without_an_index_is_a_broken_link(hand_site: Path) -> None:
    # A static host answers 404 there; a directory listing would hide the broken link.
    (hand_site / "empty").mkdir()
    write_tree(hand_site, {"a/index.html": '<h1 id="here">A</h1> <a href="../empty/">empty</a>'})
    with serve(hand_site) as url:
        found = crawl(url, hand_site)
    assert found.broken == [f"{url}/empty/ -> HTTP 404, linked from: {url}/a/"]


def test_external_loads_are_found_in_elements_and_style_sheets(hand_site: Path) -> None:
    write_tree(
        hand_site,
        {
            "index.html": (
                '<script src="https://cdn.example.org/x.js"></script>'
                '<link rel="stylesheet" href="//fonts.example.org/css">'
                "<style>@import url('https://fonts.example.org/a.css');</style>"
                '<a href="https://example.org/">a link loads nothing</a>'
                '<link rel="canonical" href="https://example.org/">'
            ),
        },
    )
    assert external_loads(hand_site) == [
        "index.html: <script> https://cdn.example.org/x.js",
        "index.html: <link> //fonts.example.org/css",
        "index.html: <style> loads from another host",
    ]
