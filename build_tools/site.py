"""Generation: the repository in, the generated pages on disk and what the build needs of them out; the step before every build.

Runs the pipeline, renders the pages (in a preview, only those an edit can have changed since the
previous generation), writes the files that changed, and prepares what MkDocs needs besides: the
home page's generated summary, the date builds stamp into pages, the search records. The MkDocs
plugin calls `generate` before each build and keeps the result for the next preview rebuild; it
holds no logic of its own.
"""

from __future__ import annotations

import ctypes
import gc
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from build_tools.diagnostics import Diagnostic
from build_tools.jsontext import compact_json
from build_tools.link import Archive
from build_tools.page_cache import PAGE_CACHE_FOLDER, PageCache
from build_tools.pages import affected_entities, forget_renders, page_digests, render_home, render_site
from build_tools.pipeline import PipelineResult, forget_runs, run_pipeline
from build_tools.render.context import RenderOptions
from build_tools.search import SEARCH_FILTERS, FilterCounts, article_filter_counts, search_filters
from build_tools.store import collector_paused
from build_tools.write import FileContent, WriteReport, write_pages


@dataclass(frozen=True, slots=True)
class Generation:
    """One successful generation: the archive, the pages written, and what the next preview rebuild compares with."""

    archive: Archive
    """The linked archive."""
    inputs: dict[str, str]
    """A digest of each article's inputs (and, under "", of the registries)."""
    pages: dict[str, FileContent]
    """Every generated page and file, by source path, as written."""
    options: RenderOptions
    """The settings the pages were rendered with."""
    home: str
    """The generated part of the home page."""
    report: WriteReport
    """What the write changed on disk."""
    changed: frozenset[str] | None
    """The articles whose inputs changed since the previous generation, when only their pages were rendered again."""
    warnings: tuple[Diagnostic, ...] = ()
    """The problems that did not stop it."""
    filter_counts: Mapping[str, FilterCounts] = field(default_factory=dict)
    """Each article's claims counted per search filter value (`article_filter_counts`), for the next preview rebuild."""

    @property
    def build_date(self) -> int:
        """When builds of these inputs say they were made (seconds since 1970): the newest publication date."""
        newest = max((a.date for a in self.archive.articles.values() if a.date), default="2000-01-01")
        return int(datetime.fromisoformat(newest).replace(tzinfo=UTC).timestamp())


@dataclass(frozen=True, slots=True)
class Failure:
    """A generation the archive's inputs did not allow: their problems."""

    diagnostics: list[Diagnostic]
    """Every problem, sorted, errors among them."""


def generate(
    root: Path, folder: Path, options: RenderOptions, previous: Generation | None = None, *, cache: bool = True
) -> Generation | Failure:
    """Check and render the archive under `root` and write its pages into `folder`.

    Args:
        root: The repository root.
        folder: Where the generated pages go (never under `docs/`).
        options: Site-wide settings of the pages.
        previous: The last generation of a preview, whose pages are still on disk: only the pages
            the changed articles can affect are rendered again, and unchanged pages are not read back.
        cache: Whether to reuse and store prepared articles and rendered pages under `build/cache/`.

    """
    # Generation makes millions of objects and leaves almost no garbage in cycles: the collector,
    # which walks all objects made so far each time their number grows by a quarter, cost 12% of a
    # cold generation of 10,000 articles (46.8 s against 40.9 s; the same peak memory, 2.2 GB).
    with collector_paused():
        return _generate(root, folder, options, previous, cache=cache)


def _generate(
    root: Path, folder: Path, options: RenderOptions, previous: Generation | None, *, cache: bool
) -> Generation | Failure:
    result = run_pipeline(root, cache=cache, previous=previous.archive if previous else None)
    if result.archive is None:
        return Failure(result.diagnostics.sorted())
    pages_cache = PageCache(root / PAGE_CACHE_FOLDER) if cache else None
    pages, changed = _render(result, options, previous, pages_cache)
    # The search page's filter menus (small; the index's own filter files grow with the archive).
    counts = _filter_counts(result, previous)
    # The menus count nothing but `counts`: the same counts, the same file.
    pages[SEARCH_FILTERS] = (
        previous.pages[SEARCH_FILTERS]
        if previous is not None and previous.filter_counts == counts
        else compact_json(search_filters(result.archive, counts))
    )
    report = write_pages(folder, pages, *((previous.pages, previous.report.folders) if previous else ()))
    home = render_home(result.archive, options)
    warnings = tuple(result.diagnostics.sorted())
    return Generation(result.archive, result.inputs, pages, options, home, report, changed, warnings, counts)


def _filter_counts(result: PipelineResult, previous: Generation | None) -> dict[str, FilterCounts]:
    """Each article's search filter counts: kept from the previous generation where its inputs and the registries are unchanged."""
    archive = result.archive
    assert archive is not None
    same_registries = previous is not None and previous.inputs.get("") == result.inputs.get("")
    kept = previous.filter_counts if previous is not None and same_registries else {}
    old_inputs = previous.inputs if previous is not None else {}
    return {
        article_id: kept[article_id]
        if article_id in kept and old_inputs.get(article_id) == result.inputs.get(article_id)
        else article_filter_counts(archive, article)
        for article_id, article in archive.articles.items()
    }


def _render(
    result: PipelineResult, options: RenderOptions, previous: Generation | None, cache: PageCache | None
) -> tuple[dict[str, FileContent], frozenset[str] | None]:
    """All pages; after a previous generation with the same registries and settings, only those the changes affect.

    A full render takes from the page cache every page whose dependencies are unchanged, then
    removes from it what no page of this archive needs. A preview's partial render renders only
    what changed anyway, and leaves the cache alone (digesting every page would cost more).
    """
    archive = result.archive
    assert archive is not None
    if previous is None or previous.inputs.get("") != result.inputs.get("") or previous.options != options:
        if cache is None:
            return render_site(archive, options), None
        digests = page_digests(archive, result.inputs, options)
        pages = render_site(archive, options, cache=cache, digests=digests)
        cache.prune(digests.values())
        return pages, None
    changed = frozenset(
        a for a in set(previous.inputs) | set(result.inputs) if previous.inputs.get(a) != result.inputs.get(a)
    )
    affected = affected_entities(archive, changed)
    for kind, ids in affected_entities(previous.archive, changed).items():
        affected[kind] |= ids
    return render_site(archive, options, affected, previous.pages, before=previous.archive, changed=changed), changed


def release() -> None:
    """Give back the memory a generation leaves in this process, once nothing is generated again in it (a build's).

    Call it when the last `Generation` is dropped too. After generating 10,000 benchmark articles
    the process held 2.2 GB, 1.9 GB with everything dropped, 0.4 GB once the C allocator gave its
    free memory back to the system (glibc's `malloc_trim`): memory the system then keeps the
    generated pages in while MkDocs reads them back. At 50,000 articles, with the archive kept,
    reading them back from disk took 37 s of MkDocs' 300 in this process (10,000: 0.6 s).
    """
    forget_runs()
    forget_renders()
    gc.collect()
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (AttributeError, OSError, TypeError):  # Not glibc: its allocator keeps what it keeps.
        return
    trim(0)


@contextmanager
def build_date(seconds: int) -> Iterator[None]:
    """Builds in this block stamp `seconds` into pages (SOURCE_DATE_EPOCH), unless the environment fixes a date already.

    Same inputs, same bytes: the dates MkDocs writes (the sitemap's) come from the archive, not the clock.
    """
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(seconds)
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)
