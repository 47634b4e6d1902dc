"""Speed-ups (both cores, caches, theme fragments rendered once) must not change a single byte of the results."""

from __future__ import annotations

import dataclasses
import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from build_tools import page_workers, pages, pipeline
from build_tools.diagnostics import Diagnostics
from build_tools.pages import current_permalinks
from build_tools.pipeline import PreparedArticle, run_pipeline
from tests.conftest import REPO, SEED, seed_checkout


def test_articles_prepared_on_two_cores_equal_those_prepared_on_one(
    monkeypatch: pytest.MonkeyPatch, seed_root: Path
) -> None:
    one = run_pipeline(seed_root, workers=1, cache=False)
    monkeypatch.setattr(pipeline, "PARALLEL_THRESHOLD", 1)
    two = run_pipeline(seed_root, workers=2, cache=False)
    assert one.archive is not None
    assert two.archive is not None
    assert [str(d) for d in one.diagnostics.sorted()] == [str(d) for d in two.diagnostics.sorted()]
    assert one.inputs == two.inputs
    assert one.archive.articles == two.archive.articles


RENDER_ON_CORES = """
import hashlib, json, sys
from pathlib import Path
from build_tools import parallel
from build_tools.pages import render_site
from build_tools.pipeline import run_pipeline
from build_tools.render.context import RenderOptions

cores = int(sys.argv[2])
parallel.os.cpu_count = lambda: cores
parallel.PARALLEL_THRESHOLD = 1
assert parallel.fork_is_safe(), "a fresh interpreter runs no other thread"
archive = run_pipeline(Path(sys.argv[1]), cache=False).archive
options = RenderOptions(edit_url="https://example.org/edit/{path}", site_url="https://example.org/")
pages = render_site(archive, options)
print(json.dumps({k: hashlib.sha256(v.encode() if isinstance(v, str) else v).hexdigest() for k, v in pages.items()}))
"""


def test_pages_rendered_on_two_cores_equal_those_rendered_on_one(seed_root: Path) -> None:
    """Both renders run in fresh interpreters, where forking workers is safe (no other thread runs)."""
    runs = []
    for cores in (1, 2):
        completed = subprocess.run(
            [sys.executable, "-c", RENDER_ON_CORES, str(seed_root), str(cores)],
            capture_output=True,
            text=True,
            check=True,
            cwd=REPO,
        )
        runs.append(json.loads(completed.stdout))
    one, two = runs
    assert one == two
    assert any(source.startswith("statements/") for source in two)


def test_a_second_run_in_the_same_process_reuses_the_prepared_articles(tmp_path: Path) -> None:
    root = seed_checkout(tmp_path)
    first = run_pipeline(root)
    second = run_pipeline(root)
    assert first.archive is not None
    assert second.archive is not None
    assert first.inputs == second.inputs
    # Unchanged inputs: the very same prepared objects, not parsed again.
    for article_id, article in first.archive.articles.items():
        assert second.archive.articles[article_id].clean is article.clean


def test_a_second_run_reuses_assembled_articles_and_their_permalinks_only_while_unchanged(tmp_path: Path) -> None:
    root = seed_checkout(tmp_path)
    first = run_pipeline(root)
    assert first.archive is not None
    before = current_permalinks(first.archive)
    article_id, article = next((a, x) for a, x in first.archive.articles.items() if len(x.claims) > 1)
    # The same article again is the same object; one with a claim less is not, and loses that claim's address.
    assert run_pipeline(root).archive.articles[article_id] is article  # type: ignore[union-attr]
    shorter = dataclasses.replace(article, claims=article.claims[1:])
    edited = dataclasses.replace(first.archive, articles={**first.archive.articles, article_id: shorter})
    dropped = f"articles/{article_id}/#claim-{article.claims[0].ref.claim_id}"
    assert dropped in before
    assert current_permalinks(edited) == before - {dropped}
    assert current_permalinks(first.archive) == before
    pages._FRAGMENT_URLS.clear()  # What a first call sees.
    assert current_permalinks(edited) == before - {dropped}


def test_every_dataclass_a_prepared_article_holds_reads_back_quickly_and_equal(seed_root: Path) -> None:
    prepared = pipeline.prepare_articles(pipeline.load_inputs(seed_root, Diagnostics()), workers=1, cache=False)
    found: set[type] = set()
    todo: list[object] = list(prepared)
    while todo:
        value = todo.pop()
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            found.add(type(value))
            state = [getattr(value, f.name) for f in dataclasses.fields(value)]
            # Stored as `dataclasses` stores a slots dataclass: its values in field order, in a list.
            assert value.__getstate__() == state  # type: ignore[attr-defined]
            todo += state
        elif isinstance(value, (list, tuple, set, frozenset)):
            todo += list(value)
        elif isinstance(value, dict):
            todo += [*value.keys(), *value.values()]
    assert found <= set(pipeline.STORED_KINDS), found - set(pipeline.STORED_KINDS)
    assert PreparedArticle in found
    for item in prepared:
        assert pickle.loads(pickle.dumps(item)) == item


def _built(root: Path, site_dir: Path) -> dict[str, bytes]:
    from mkdocs.commands.build import build  # noqa: PLC0415
    from mkdocs.config import load_config  # noqa: PLC0415

    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir))
    config.plugins["archive"].config.search = False
    # As `mkdocs build` does: MkDocs keeps one instance of a plugin with `on_startup` across loads,
    # and an earlier test's preview may have left it serving.
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    return {p.relative_to(site_dir).as_posix(): p.read_bytes() for p in site_dir.rglob("*") if p.is_file()}


@pytest.mark.site
def test_a_build_keeps_nothing_of_its_generation_but_the_pages_paths_and_the_home_summary(tmp_path: Path) -> None:
    from mkdocs.commands.build import build  # noqa: PLC0415
    from mkdocs.config import load_config  # noqa: PLC0415

    root = seed_checkout(tmp_path / "repo")
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins["archive"].config.search = False
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    plugin = config.plugins["archive"]
    assert plugin.generation is None, "the build kept the archive after generating"
    assert (pipeline._MEMORY, pipeline._ASSEMBLED, pages._FRAGMENT_URLS) == ({}, {}, {})
    assert plugin.pages, "the build forgot its pages' paths"
    assert set(plugin.pages.values()) == {""}
    # The home page still shows the generated summary: a link to each article of the seed.
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    for article in (root / "articles").glob("*.txt"):
        assert f'href="articles/{article.stem}/"' in home


@pytest.mark.site
def test_navigation_rendered_once_per_folder_equals_navigation_rendered_for_every_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from build_tools import plugin  # noqa: PLC0415

    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    root = seed_checkout(tmp_path / "repo")
    cached = _built(root, tmp_path / "cached")
    # Every page renders its own navigation: what the cache saves is only the rendering.
    monkeypatch.setattr(plugin.ThemeFragments, "get", lambda _self, _name, _source, _url, render: render())
    every_page = _built(root, tmp_path / "every-page")
    assert cached.keys() == every_page.keys()
    assert [name for name in cached if cached[name] != every_page[name]] == []
    assert any(name.startswith("statements/") for name in cached)


def test_the_cache_keeps_what_the_inputs_need_and_nothing_else(tmp_path: Path) -> None:
    import shutil  # noqa: PLC0415

    for name in ("articles", "annotations"):
        shutil.copytree(SEED / name, tmp_path / name)
    first = run_pipeline(tmp_path)
    folder = tmp_path / pipeline.CACHE_FOLDER
    kept = {p.stem for p in folder.glob("*/*.pickle")}
    assert kept == {key for article_id, key in first.inputs.items() if article_id}
    annotation = next((tmp_path / "annotations" / "articles").glob("*.yml"))
    annotation.write_text(annotation.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    second = run_pipeline(tmp_path)
    now = {p.stem for p in folder.glob("*/*.pickle")}
    assert now == {key for article_id, key in second.inputs.items() if article_id}
    assert len(now - kept) == 1
    assert len(kept - now) == 1


def test_compacting_a_theme_fragment_keeps_every_word_and_every_space_a_browser_shows() -> None:
    from build_tools.fragments import compact  # noqa: PLC0415

    nav = '<nav class="md-nav">\n  <ul>\n    \n    <li><a href="../">\n        <span>\n    Home\n  </span></a></li>\n  </ul>\n</nav>'
    assert (
        compact(nav) == '<nav class="md-nav">\n<ul>\n<li><a href="../">\n<span>\nHome\n</span></a></li>\n</ul>\n</nav>'
    )
    # Runs without a line break (the space between two words) are left alone.
    assert compact("<a>Browse  the   archive</a>") == "<a>Browse  the   archive</a>"
    # Inside an element whose blank space a reader sees (or that is not HTML), everything is kept.
    for element in ("pre", "code", "kbd", "samp", "textarea", "script", "style"):
        kept = f"<div>\n    <{element} class=x>a\n    b</{element}>\n    <p>\n  c</p></div>"
        assert compact(kept) == f"<div>\n<{element} class=x>a\n    b</{element}>\n<p>\nc</p></div>"
    # Nested: the outer element keeps everything up to its own closing tag.
    nested = "<pre><code>a\n    b</code>\n    c</pre>\n    d"
    assert compact(nested) == "<pre><code>a\n    b</code>\n    c</pre>\nd"
    # A no-break space is a character, not blank space; an element named like one that keeps is not one.
    assert compact("<p>a\n\u00a0 b</p>\n  <preview>\n  x</preview>") == "<p>a\n\u00a0 b</p>\n<preview>\nx</preview>"


@pytest.mark.site
def test_one_markdown_converter_for_every_page_gives_the_site_mkdocs_own_converters_give(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from build_tools.converter import SharedConverter  # noqa: PLC0415

    # The pinned MkDocs renders pages as the copy in `converter` does; after an upgrade, compare its
    # `Page.render` with the copy, then update `COPIED_RENDER`.
    assert SharedConverter.applies(), "MkDocs' Page.render changed: check build_tools/converter.py against it"
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    root = seed_checkout(tmp_path / "repo")
    converted = []
    original = SharedConverter.render
    monkeypatch.setattr(
        SharedConverter, "render", lambda self, page, *a: (converted.append(page), original(self, page, *a))
    )
    shared = _built(root, tmp_path / "shared")
    sources = {page.file.src_uri for page in converted}
    assert "index.md" in sources
    assert any(source.startswith("articles/") for source in sources), sources
    monkeypatch.setattr(SharedConverter, "applies", staticmethod(lambda: False))
    own = _built(root, tmp_path / "own")
    assert shared.keys() == own.keys()
    assert [name for name in shared if shared[name] != own[name]] == []


BUILD_WITH_WORKER = """
import json, logging, sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from build_tools import page_workers

root, site, (mode, _, check) = Path(sys.argv[1]), sys.argv[2], sys.argv[3].partition("+")
start = page_workers.PageWorker.start
taken = []
def start_always(self, *args, **kwargs):
    taken.append(start(self, *args, threshold=0) if mode != "none" else 0)
    return taken[-1]
page_workers.PageWorker.start = start_always
if mode == "broken":
    def broken(*args, **kwargs):
        raise RuntimeError("the theme broke in the worker")
    page_workers._build_page = broken  # the worker's; MkDocs' own stays
if mode == "unreadable":
    def unreadable(*args, **kwargs):
        raise RuntimeError("the conversion broke in the worker")
    page_workers._populate_page = unreadable  # the worker's; MkDocs' own stays
if mode == "all":
    page_workers._share = lambda candidates, besides: list(candidates)
errors, warnings = [], []
class Errors(logging.Handler):
    def emit(self, record):
        if record.levelno >= logging.ERROR:
            errors.append(record.getMessage())
        elif record.levelno >= logging.WARNING:
            warnings.append(record.getMessage())
logging.getLogger("mkdocs").addHandler(Errors())
config = load_config(str(root / "mkdocs.yml"), site_dir=site)
config.plugins["archive"].config.search = False
if check == "anchors":
    config.validation.links.anchors = logging.WARNING
config.plugins.on_startup(command="build", dirty=False)
try:
    build(config)
    aborted = False
except Abort:
    aborted = True
print(json.dumps({"taken": taken, "aborted": aborted, "errors": errors, "warnings": warnings}))
"""
"""Builds the site at argv[1] into argv[2] in a process of its own (a test process runs threads, and
no worker forks beside threads): with the page worker taking its share of any number of pages
("worker"), or every generated page out of the navigation ("all"), without it ("none"), or with a
worker that fails putting pages through the theme ("broken") or converting them ("unreadable");
"+anchors" makes a link to a missing anchor a warning."""


def _build_in_a_process(root: Path, site: Path, mode: str) -> dict[str, object]:
    completed = subprocess.run(
        [sys.executable, "-c", BUILD_WITH_WORKER, str(root), str(site), mode],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    result: dict[str, object] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.mark.site
def test_pages_written_by_the_page_worker_equal_pages_mkdocs_writes_itself(tmp_path: Path) -> None:
    root = seed_checkout(tmp_path / "repo")
    worker = _build_in_a_process(root, tmp_path / "two", "worker")
    assert not worker["aborted"]
    assert isinstance(worker["taken"], list)
    assert worker["taken"][0] > 10, "the worker wrote no page"
    alone = _build_in_a_process(root, tmp_path / "one", "none")
    assert not alone["aborted"]
    one, two = _files(tmp_path / "one"), _files(tmp_path / "two")
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []


ANCHOR_LINKS = "[His roles](speakers/dmitry-peskov.md#roles), [nothing](speakers/dmitry-peskov.md#no-such-part).\n"
"""A hand-written page linking to an anchor a generated page has, and to one it does not have."""


@pytest.mark.site
def test_links_to_anchors_of_the_page_workers_pages_are_checked_as_mkdocs_checks_them(tmp_path: Path) -> None:
    root = seed_checkout(tmp_path / "repo")
    (root / "docs" / "anchor-links.md").write_text(ANCHOR_LINKS, encoding="utf-8")
    worker = _build_in_a_process(root, tmp_path / "two", "all+anchors")
    assert isinstance(worker["taken"], list)
    assert worker["taken"][0] > 10, "the worker wrote no page"
    alone = _build_in_a_process(root, tmp_path / "one", "none+anchors")
    # The speaker's page is the worker's: this process knows its anchors all the same.
    assert worker["warnings"] == alone["warnings"]
    missing = [m for m in alone["warnings"] if "anchor-links.md" in m]  # type: ignore[attr-defined]
    assert len(missing) == 1, alone["warnings"]
    assert "#no-such-part" in missing[0], missing
    assert not worker["aborted"]


@pytest.mark.site
@pytest.mark.parametrize(("mode", "said"), [("broken", "the theme broke"), ("unreadable", "the conversion broke")])
def test_a_failing_page_worker_fails_the_build_with_its_own_message(tmp_path: Path, mode: str, said: str) -> None:
    root = seed_checkout(tmp_path / "repo")
    broken = _build_in_a_process(root, tmp_path / "broken", mode)
    assert isinstance(broken["taken"], list)
    assert broken["taken"][0] > 0
    assert broken["aborted"]
    errors = broken["errors"]
    assert isinstance(errors, list)
    assert any("the page worker failed" in m and f"{said} in the worker" in m for m in errors), errors


def test_a_file_digest_is_read_again_whenever_the_file_may_have_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hashlib  # noqa: PLC0415
    import os  # noqa: PLC0415

    path = tmp_path / "article.txt"
    reads: list[Path] = []
    read_bytes = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: (reads.append(self), read_bytes(self))[1])
    hour_ago = 1_700_000_000_000_000_000

    path.write_bytes(b"first words")
    os.utime(path, ns=(hour_ago, hour_ago))
    assert pipeline.file_digest(path) == hashlib.sha256(b"first words").digest()
    assert pipeline.file_digest(path) == hashlib.sha256(b"first words").digest()
    assert len(reads) == 1, "an unchanged, settled file was read again"

    path.write_bytes(b"other words")  # same size, a new modification time
    assert pipeline.file_digest(path) == hashlib.sha256(b"other words").digest()
    # Written just now: within the same clock tick it could change again unseen, so it is not kept.
    path.write_bytes(b"third words")
    assert pipeline.file_digest(path) == hashlib.sha256(b"third words").digest()
    assert len(reads) == 3


def test_an_articles_folder_is_listed_again_whenever_its_entries_may_have_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from build_tools import load  # noqa: PLC0415
    from build_tools.diagnostics import Diagnostics  # noqa: PLC0415

    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "daily-2020-01-01-one.txt").write_text("One\n", encoding="utf-8")
    (folder / "Bad Name.txt").write_text("Two\n", encoding="utf-8")
    listings: list[str] = []
    scandir = os.scandir
    monkeypatch.setattr(os, "scandir", lambda path: (listings.append(str(path)), scandir(path))[1])
    monkeypatch.setattr(load, "LISTING_SETTLED_NS", 0)  # every change counts as settled, at first

    def found() -> tuple[list[str], list[str]]:
        diagnostics = Diagnostics()
        files = load.find_article_files(tmp_path, diagnostics)
        return sorted(files.raw), [d.message for d in diagnostics.items]

    first = found()
    assert first[0] == ["daily-2020-01-01-one"]
    assert len(first[1]) == 1, "the bad name is reported"
    listed = len(listings)
    assert found() == first, "the problems of the folder are reported again from memory"
    assert len(listings) == listed, "an unchanged, settled folder was listed again"

    (folder / "daily-2020-01-02-two.txt").write_text("Two\n", encoding="utf-8")
    assert found()[0] == ["daily-2020-01-01-one", "daily-2020-01-02-two"]
    # A file removed and the folder's time set back to the listed one: its change time still tells.
    listed_at = folder.stat()
    (folder / "daily-2020-01-02-two.txt").unlink()
    os.utime(folder, ns=(listed_at.st_atime_ns, listed_at.st_mtime_ns))
    assert folder.stat().st_mtime_ns == listed_at.st_mtime_ns
    assert found()[0] == ["daily-2020-01-01-one"]

    # Changed within the settling time: a further change within the clock's step would not show.
    monkeypatch.setattr(load, "LISTING_SETTLED_NS", 10**18)
    (folder / "daily-2020-01-03-three.txt").write_text("Three\n", encoding="utf-8")
    listed = len(listings)
    assert found()[0] == ["daily-2020-01-01-one", "daily-2020-01-03-three"]
    assert found()[0] == ["daily-2020-01-01-one", "daily-2020-01-03-three"]
    assert len(listings) == listed + 2

    monkeypatch.setattr(load, "LISTING_SETTLED_NS", 0)
    (folder / "link-2020-01-04-four.txt").symlink_to(folder / "daily-2020-01-01-one.txt")
    listed = len(listings)
    assert "link-2020-01-04-four" in found()[0]
    found()
    assert len(listings) == listed + 2, "a folder with links is listed every time"


@pytest.mark.parametrize(
    ("total", "besides", "expected"), [(10, 0, 5), (10, 4, 7), (10, 100, 10), (1, 0, 0), (0, 3, 0)]
)
def test_the_page_worker_takes_a_share_that_leaves_this_process_as_much_work(
    total: int, besides: float, expected: int
) -> None:
    candidates = [f"page-{i}" for i in range(total)]
    share = page_workers._share(candidates, besides)  # type: ignore[arg-type]  # only counted and picked
    assert len(share) == expected
    assert share == sorted(set(share), key=candidates.index), "each page once, in MkDocs' order"
    if expected and expected < total:
        # Spread evenly: no run of the worker's pages longer than its share asks for.
        taken = [c in share for c in candidates]
        longest = max(len(run) for run in "".join("x" if t else " " for t in taken).split())
        assert longest <= -(-expected // (total - expected))
