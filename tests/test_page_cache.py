"""The page cache is never stale: after any edit, a build that takes pages from it equals one that renders everything.

The archive is a small one from the benchmark's generator (30 articles in 5 events, statements of
several appearances, relations across articles), so that an edit reaches pages of other articles.
"""

from __future__ import annotations

import gc
import re
import shutil
from pathlib import Path

import pytest

from build_tools.page_cache import PAGE_CACHE_FOLDER, PageCache
from build_tools.pages import page_digests
from build_tools.pipeline import run_pipeline
from build_tools.render.context import RenderOptions
from build_tools.site import Failure, Generation, generate
from build_tools.store import collector_paused
from tests.conftest import bench_generate

OPTIONS = RenderOptions(edit_url="https://example.org/edit/{path}", site_url="https://example.org/archive/")


@pytest.fixture(name="bench_archive", scope="module")
def fixture_bench_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 30-article synthetic archive with a warm cache (articles and pages), never edited."""
    root = tmp_path_factory.mktemp("bench-archive")
    bench_generate(root, 30)
    assert isinstance(generate(root, root / "build" / "generated", OPTIONS), Generation)
    return root


def _copy(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("generated"))
    return target


def _annotation(root: Path, number: int) -> Path:
    return sorted((root / "annotations" / "articles").glob("*.yml"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))[
        number
    ]


def _shorten_a_quote(root: Path) -> None:
    """The first claim of an article that others repeat quotes one word less."""
    path = _annotation(root, 2)
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r'(quote: ".*?) \S+"', r'\1"', text, count=1), encoding="utf-8")


def _add_a_relation(root: Path) -> None:
    """A claim of a late article contradicts a claim of the first article (same event: 0 and 25)."""
    first = _annotation(root, 0)
    target_claim = re.search(r"- id: (\S+)", first.read_text(encoding="utf-8"))
    assert target_claim is not None
    path = _annotation(root, 25)
    text = path.read_text(encoding="utf-8")
    relation = f"    relations:\n      - contradicts: {first.stem}#{target_claim.group(1)}\n"
    edited = re.sub(r"(    tags: \[[^\]]*\]\n)(?!    relations:)", lambda m: m.group(1) + relation, text, count=1)
    assert edited != text
    path.write_text(edited, encoding="utf-8")


def _remove_a_relation(root: Path) -> None:
    """The first same-as written is removed: a statement loses an appearance, or splits."""
    for path in sorted((root / "annotations" / "articles").glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        edited = re.sub(r"    relations:\n      - same-as: \S+\n", "", text, count=1)
        if edited != text:
            path.write_text(edited, encoding="utf-8")
            return
    pytest.fail("the archive has no same-as relation")


def _rename_a_speaker(root: Path) -> None:
    path = root / "annotations" / "speakers.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  description: Synthetic speaker number 3.", "  description: Renamed."), "utf-8")


def _retitle_an_article(root: Path) -> None:
    """An article others relate to gets a written headline, which their pages print."""
    path = _annotation(root, 5)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("article:\n", "article:\n  title: A headline written by hand\n", 1), "utf-8")


EDITS = {
    "quote": _shorten_a_quote,
    "relation added": _add_a_relation,
    "relation removed": _remove_a_relation,
    "registry": _rename_a_speaker,
    "title": _retitle_an_article,
}


@pytest.mark.parametrize("edit", EDITS)
def test_a_build_from_the_page_cache_equals_a_build_without_it(
    bench_archive: Path, tmp_path: Path, edit: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _copy(bench_archive, tmp_path / "cached")
    EDITS[edit](root)
    renders = []
    original = PageCache.put
    monkeypatch.setattr(
        PageCache, "put", lambda self, digest, pages: (renders.append(digest), original(self, digest, pages))
    )
    cached = generate(root, root / "build" / "generated", OPTIONS)
    monkeypatch.undo()
    plain_root = _copy(bench_archive, tmp_path / "plain")
    shutil.rmtree(plain_root / "build")
    EDITS[edit](plain_root)
    plain = generate(plain_root, plain_root / "build" / "generated", OPTIONS, cache=False)
    assert isinstance(cached, Generation), cached.diagnostics if isinstance(cached, Failure) else ""
    assert isinstance(plain, Generation)
    assert cached.pages.keys() == plain.pages.keys()
    differing = [source for source in plain.pages if cached.pages[source] != plain.pages[source]]
    assert differing == []
    # The cache did its work: most pages came from it.
    entries = len(page_digests(cached.archive, cached.inputs, OPTIONS))
    assert 0 < len(renders) < entries / 2 or edit == "registry"


@pytest.mark.parametrize("edit", EDITS)
def test_a_preview_rebuild_equals_a_full_render(bench_archive: Path, tmp_path: Path, edit: str) -> None:
    root = _copy(bench_archive, tmp_path / "preview")
    folder = root / "build" / "generated"
    first = generate(root, folder, OPTIONS)
    assert isinstance(first, Generation)
    EDITS[edit](root)
    rebuilt = generate(root, folder, OPTIONS, previous=first)
    full = generate(root, root / "build" / "full", OPTIONS, cache=False)
    assert isinstance(rebuilt, Generation)
    assert isinstance(full, Generation)
    downloads = {s for s in full.pages if s.startswith("data/")}
    assert {s: v for s, v in rebuilt.pages.items() if s not in downloads} == {
        s: v for s, v in full.pages.items() if s not in downloads
    }


def test_an_unchanged_archive_renders_nothing_and_the_cache_keeps_only_what_it_needs(
    bench_archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _copy(bench_archive, tmp_path / "warm")
    folder = root / PAGE_CACHE_FOLDER
    stray = folder / "ab" / "ab-not-needed.pickle"
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(b"")
    monkeypatch.setattr(PageCache, "put", lambda *_: pytest.fail("a page was rendered again"))
    again = generate(root, root / "build" / "generated", OPTIONS)
    assert isinstance(again, Generation)
    kept = {p.stem for p in folder.glob("*/*.pickle")}
    assert kept == set(page_digests(again.archive, again.inputs, OPTIONS).values())


def test_each_page_digest_changes_with_the_articles_that_affect_it(bench_archive: Path) -> None:
    result = run_pipeline(bench_archive)
    assert result.archive is not None
    digests = page_digests(result.archive, result.inputs, OPTIONS)
    edited_article = next(iter(result.archive.articles))
    changed = page_digests(result.archive, {**result.inputs, edited_article: "edited"}, OPTIONS)
    moved = {page for page in digests if digests[page] != changed[page]}
    from build_tools.pages import KINDS, affected_entities  # noqa: PLC0415

    affected = {
        (kind, key) for kind, keys in affected_entities(result.archive, [edited_article]).items() for key in keys
    }
    hubs = {page for page in digests if KINDS[page[0]].hub}
    assert moved == affected | hubs


def test_the_collector_is_off_during_a_bulk_load_and_as_it_was_after() -> None:
    was = gc.isenabled()
    try:
        for before in (True, False):
            (gc.enable if before else gc.disable)()
            with collector_paused():
                assert not gc.isenabled()
            assert gc.isenabled() is before
            with pytest.raises(KeyError), collector_paused():
                raise KeyError  # A failed load gives the collector back too.
            assert gc.isenabled() is before
    finally:
        (gc.enable if was else gc.disable)()
