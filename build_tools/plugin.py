"""The thin MkDocs adapter: runs the pipeline before a build, writes the generated pages, adds them to the site.

All the archive's logic lives in the pipeline modules; this file only wires MkDocs events to them,
so that `mkdocs build` and `mkdocs serve` work from the repository root and the generated Markdown
could be handed to another generator unchanged.
"""

from __future__ import annotations

import html
import json
import logging
import os
import posixpath
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import markdown
from jinja2 import Environment
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from build_tools.diagnostics import Severity, format_text
from build_tools.formats import field_reference
from build_tools.link import Archive
from build_tools.pipeline import PipelineResult, run_pipeline
from build_tools.preview import PROBLEMS
from build_tools.preview import install as install_preview
from build_tools.render import (
    FIELD_REFERENCE_MARKER,
    HOME_MARKER,
    RenderOptions,
    affected_entities,
    render_home,
    render_site,
)
from build_tools.render.markup import RAW_HTML_END, RAW_HTML_START
from build_tools.search import (
    HAND_WRITTEN_PAGES,
    SEARCH_FILTERS,
    SearchIndex,
    SearchRecord,
    hand_written_record,
    search_filters,
    search_records,
)
from build_tools.write import write_pages

log = logging.getLogger("mkdocs.plugins.archive")

_RAW_BLOCK = re.compile(re.escape(RAW_HTML_START) + r"\n(.*?)\n" + re.escape(RAW_HTML_END), re.DOTALL)

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)

_TITLE_LOOKALIKES = str.maketrans({"<": "‹", ">": "›", "&": "＆", '"': "”", "'": "’"})


def plain_title(title: str) -> str:
    """A page title as plain text: entities decoded, tags dropped, markup characters replaced by lookalikes."""
    text = re.sub(r"<[^>]*>", "", html.unescape(title))
    return " ".join(text.split()).translate(_TITLE_LOOKALIKES)


@dataclass(frozen=True, slots=True)
class _PreviewState:
    """The previous preview build: MkDocs makes a new plugin for every rebuild, so it lives here."""

    archive: Archive
    inputs: dict[str, str]
    pages: dict[str, str]
    options: RenderOptions
    home: str = ""


_PREVIEW: dict[str, _PreviewState] = {}


def _record_timing(phase: str, seconds: float, items: int, written: int) -> None:
    """Append a phase's duration to the file named by ARCHIVE_TIMINGS (used by the benchmark)."""
    target = os.environ.get("ARCHIVE_TIMINGS")
    if target:
        with Path(target).open("a", encoding="utf-8") as handle:
            handle.write(json.dumps({"phase": phase, "seconds": seconds, "items": items, "written": written}) + "\n")


class ArchivePluginConfig(Config):  # type: ignore[no-untyped-call]  # MkDocs' Config.__init_subclass__ is unannotated
    """Options of the `archive` plugin in `mkdocs.yml`."""

    root = c.Type(str, default=".")
    """Repository root holding `articles/` and `annotations/`, relative to `mkdocs.yml`."""
    generated_dir = c.Type(str, default="build/generated")
    """Where generated Markdown is written (never under `docs/`), relative to `mkdocs.yml`."""
    edit_url = c.Optional(c.Type(str))
    """Template of the "edit these annotations" link, with `{path}` for the repository path."""
    search = c.Type(bool, default=True)
    """Whether to write the Pagefind search index after the build."""
    search_dir = c.Type(str, default="build/search")
    """Where the search documents and the index are prepared (never under `docs/`), relative to `mkdocs.yml`."""


class ArchivePlugin(BasePlugin[ArchivePluginConfig]):  # type: ignore[no-untyped-call]  # MkDocs' Config.__init_subclass__ is unannotated
    """Generates the archive's pages from articles and annotations on every build."""

    def __init__(self) -> None:
        self.pages: dict[str, str] = {}
        self.home = ""
        self.search: SearchIndex | None = None
        self.search_started = 0.0
        self.serving = False
        self.indexed_once = False
        self.restore_epoch = False
        self.written = 0
        self.stashed: dict[str, list[str]] = {}
        self.nav_pages: set[str] = set()
        self.fragments: dict[tuple[str, str], str] = {}
        # Placeholders for set-aside HTML; random, so no text in an annotation can imitate one.
        self.nonce = f"ARCHIVEHTML{secrets.token_hex(8)}X"

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def _path(self, config: MkDocsConfig, value: str) -> Path:
        return (Path(config.config_file_path).parent / value).resolve()

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # Runs before MkDocs empties site_dir: a failed check leaves the previous site intact.
        started = time.perf_counter()
        self._generate(config)
        _record_timing("generation", time.perf_counter() - started, len(self.pages), self.written)

    def _generate(self, config: MkDocsConfig) -> None:
        root = self._path(config, self.config.root)
        result = run_pipeline(root)
        for diagnostic in result.diagnostics.sorted():
            if diagnostic.severity is Severity.WARNING:
                log.info("%s", diagnostic)
        if result.archive is None:
            if self.serving:
                self._show_errors(root, result)
                return
            raise PluginError("the archive's inputs have errors:\n" + format_text(result.diagnostics.sorted()))
        if self.serving:
            PROBLEMS.clear()
        # Same inputs, same bytes: dates MkDocs stamps into pages (sitemap) come from the archive's
        # newest publication date instead of the clock, unless the environment already fixes them.
        newest = max((a.date for a in result.archive.articles.values() if a.date), default="2000-01-01")
        epoch = int(datetime.fromisoformat(newest).replace(tzinfo=UTC).timestamp())
        self.restore_epoch = "SOURCE_DATE_EPOCH" not in os.environ
        os.environ.setdefault("SOURCE_DATE_EPOCH", str(epoch))
        options = RenderOptions(edit_url=self.config.edit_url, site_url=config.site_url)
        # In a preview, the pages written last time are in memory: unchanged ones are not read back.
        written_before = _PREVIEW["state"].pages if self.serving and "state" in _PREVIEW else None
        self.pages = self._render(result, options)
        # The search page's filter menus (small; the index's own filter files grow with the archive).
        self.pages[SEARCH_FILTERS] = json.dumps(
            search_filters(result.archive), ensure_ascii=False, separators=(",", ":")
        )
        self.home = render_home(result.archive, options)
        if self.serving and "state" in _PREVIEW:
            _PREVIEW["state"] = replace(_PREVIEW["state"], home=self.home)
        report = write_pages(self._path(config, self.config.generated_dir), self.pages, written_before)
        self.written = len(report.written)
        log.info(
            "archive: %d pages generated (%d written, %d removed, %d unchanged)",
            len(self.pages),
            len(report.written),
            len(report.removed),
            report.unchanged,
        )
        if self.config.search and not (self.serving and self.indexed_once):
            # Pagefind indexes the records while MkDocs renders; the index is moved in by on_post_build.
            self.search_started = time.perf_counter()
            records = search_records(result.archive) + self._hand_written_records(config)
            try:
                self.search = SearchIndex(records, self._path(config, self.config.search_dir))
            except (OSError, RuntimeError) as exc:
                raise PluginError(f"the search index could not be started: {exc}") from exc

    def _show_errors(self, root: Path, result: PipelineResult) -> None:
        """In a preview, a failed check keeps the last good pages and shows the errors on every page instead.

        Raising would leave MkDocs' server stalling every request until a build succeeds.
        """
        diagnostics = result.diagnostics.sorted()
        PROBLEMS.record(root, diagnostics)
        previous = _PREVIEW.get("state")
        self.pages = dict(previous.pages) if previous else {}
        self.home = previous.home if previous else ""
        errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
        log.warning("archive: %d errors; the preview shows them on every page until they are fixed", errors)
        for diagnostic in diagnostics:
            log.info("%s", diagnostic)

    def _hand_written_records(self, config: MkDocsConfig) -> list[SearchRecord]:
        """The searchable pages of `docs/`, converted from Markdown as the site converts them."""
        records = []
        for source, url in HAND_WRITTEN_PAGES.items():
            path = Path(config.docs_dir) / source
            if not path.is_file():
                continue
            text = path.read_text(encoding="utf-8-sig")
            text = text.replace(HOME_MARKER, self.home).replace(FIELD_REFERENCE_MARKER, field_reference())
            converter = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
            records.append(hand_written_record(url, converter.convert(_FRONT_MATTER.sub("", text))))
        return records

    def _render(self, result: PipelineResult, options: RenderOptions) -> dict[str, str]:
        """All pages; in a preview, only those the changed articles can affect, when that is safe."""
        archive = result.archive
        assert archive is not None
        previous = _PREVIEW.get("state") if self.serving else None
        pages = None
        if previous is not None and previous.inputs.get("") == result.inputs.get("") and previous.options == options:
            changed = {
                a for a in set(previous.inputs) | set(result.inputs) if previous.inputs.get(a) != result.inputs.get(a)
            }
            affected = affected_entities(archive, changed)
            for kind, ids in affected_entities(previous.archive, changed).items():
                affected[kind] |= ids
            pages = render_site(archive, options, affected, previous.pages)
            log.info("archive: %d articles changed; pages they affect rendered again", len(changed))
        if pages is None:
            pages = render_site(archive, options)
        if self.serving:
            _PREVIEW["state"] = _PreviewState(archive, result.inputs, pages, options)
        return pages

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav_pages = {page.file.src_uri for page in nav.pages}
        self.fragments = {}
        return nav

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        env.globals["archive_cached"] = self._cached
        return env

    def _cached(self, name: str, page: Page | None, caller: Callable[[], str]) -> str:
        """A theme fragment (navigation, tabs) rendered once for all pages outside the navigation at one depth.

        Such a page marks nothing in the navigation as current, so the fragment differs between
        them only by its relative links, which are the same for pages in the same folder.
        """
        if page is None or page.file.src_uri in self.nav_pages:
            return caller()
        key = (name, posixpath.dirname(page.url.rstrip("/")))
        if key not in self.fragments:
            self.fragments[key] = caller()
        return self.fragments[key]

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        folder = self._path(config, self.config.generated_dir)
        for source in self.pages:
            if files.get_file_from_path(source) is not None:
                raise PluginError(f"docs/{source} would hide a generated page; remove it from docs/")
            files.append(File.generated(config, source, abs_src_path=str(folder / source)))
        return files

    def _set_aside_html(self, markdown: str, page: Page) -> str:
        """Take finished HTML blocks out of the Markdown, to be put back after conversion.

        Python-Markdown would otherwise re-parse every tag of an article's text with its HTML
        parser, which is most of the cost of building an article page.
        """
        blocks: list[str] = []

        def stash(match: re.Match[str]) -> str:
            blocks.append(match.group(1))
            return f"\n\n{self.nonce}{len(blocks) - 1}\n\n"

        self.stashed[page.file.src_uri] = blocks
        return _RAW_BLOCK.sub(stash, markdown)

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        markdown = self._set_aside_html(markdown, page)
        if page.file.src_uri == "index.md":
            return markdown.replace(HOME_MARKER, self.home)
        if page.file.src_uri == "contributing.md":
            return markdown.replace(FIELD_REFERENCE_MARKER, field_reference())
        return markdown

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.restore_epoch:
            # Set for this build only: the next build in the same process takes its own inputs' date.
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        if self.search is None:
            if self.serving and self.indexed_once:
                # Re-indexing on every preview rebuild would slow the preview down; the first index stays.
                log.info("archive: search index kept from the first preview build")
            return
        search, self.search = self.search, None
        waited = time.perf_counter()
        try:
            search.finish(Path(config.site_dir))
        except (OSError, ValueError, RuntimeError) as exc:
            raise PluginError(f"the search index could not be written: {exc}") from exc
        finished = time.perf_counter()
        _record_timing("search", finished - self.search_started, search.count, 0)
        _record_timing("search-wait", finished - waited, search.count, 0)
        self.indexed_once = True

    def on_build_error(self, *, error: Exception) -> None:
        if self.search is not None:
            self.search.abort()
            self.search = None

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        # Themes print titles unescaped (Material even unescapes entities with `striptags`), and a
        # title can come from a contributor's headline: make it plain text that cannot form markup.
        if page.title:
            page.title = plain_title(page.title)
        blocks = self.stashed.pop(page.file.src_uri, [])
        for number, block in enumerate(blocks):
            html = html.replace(f"<p>{self.nonce}{number}</p>", block, 1)
        return html

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        install_preview(server)
        root = self._path(config, self.config.root)
        for folder in ("articles", "annotations"):
            if (root / folder).is_dir():
                server.watch(str(root / folder))
        return server
