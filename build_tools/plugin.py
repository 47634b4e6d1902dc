"""The thin MkDocs adapter: MkDocs' events wired to the package, nothing else.

Before a build, `site.generate` checks and renders the archive and writes the generated pages;
the events below add those pages to MkDocs' files, fill the hand-written home page, keep finished
HTML away from Markdown conversion (`markup.set_aside_html`), convert every page with one Markdown
instance (`converter`), make titles plain text, let the theme reuse navigation fragments
(`fragments`), put the generated pages through the theme on both cores (`page_workers`), and run
the search index alongside. In a preview the last generation is kept, so an edit renders only the pages it affects, and a failed check shows
its errors in the browser (`preview`) instead of stalling the server.
"""

from __future__ import annotations

import dataclasses
import logging
import secrets
import time
from collections.abc import Callable
from contextlib import ExitStack
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

from build_tools.annotate_endpoint import AnnotateEndpoint
from build_tools.converter import SharedConverter
from build_tools.diagnostics import Severity, format_text
from build_tools.fragments import ThemeFragments, compact
from build_tools.page_workers import PageWorker
from build_tools.pages import search_records
from build_tools.parallel import WorkerLostError
from build_tools.preview import PROBLEMS, BuiltSite, site_inputs
from build_tools.preview import install as install_preview
from build_tools.render import HOME_MARKER
from build_tools.render.context import RenderOptions
from build_tools.render.markup import plain_title, put_back_html, set_aside_html
from build_tools.search import SHARD_MB, SearchIndex, hand_written_records
from build_tools.site import Failure, Generation, build_date, generate, release
from build_tools.timings import record_timing
from build_tools.urls import HOME
from build_tools.watch import use_native_watcher
from build_tools.write import FileContent

log = logging.getLogger("mkdocs.plugins.archive")


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
    search_index_mb = c.Type((int, float), default=SHARD_MB)
    """Most megabytes of search documents in one index; a larger archive is indexed one period at a time (`plan_shards`)."""


class ArchivePlugin(BasePlugin[ArchivePluginConfig]):  # type: ignore[no-untyped-call]  # MkDocs' Config.__init_subclass__ is unannotated
    """Generates the archive's pages from articles and annotations on every build.

    Defining `on_startup` makes MkDocs keep this one instance for every rebuild of a preview, so
    the last generation lives here.
    """

    def __init__(self) -> None:
        self.serving = False
        self.dirty = False
        self.generation: Generation | None = None
        self.pages: dict[str, FileContent] = {}
        self.home = ""
        """The generated part of the home page."""
        self.search: SearchIndex | None = None
        self.search_started = 0.0
        self.indexed_once = False
        self.dates = ExitStack()
        self.stashed: dict[str, list[str]] = {}
        self.fragments = ThemeFragments()
        self.nav: Navigation | None = None
        self.built: BuiltSite | None = None
        self.converter: SharedConverter | None = None
        self.worker = PageWorker()
        # Placeholders for set-aside HTML; random, so no text in an annotation can imitate one.
        self.nonce = f"ARCHIVEHTML{secrets.token_hex(8)}X"

    def _path(self, config: MkDocsConfig, value: str) -> Path:
        return (Path(config.config_file_path).parent / value).resolve()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.dirty = dirty

    def _options(self, config: MkDocsConfig) -> RenderOptions:
        return RenderOptions(edit_url=self.config.edit_url, site_url=config.site_url)

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # Runs before MkDocs empties site_dir: a failed check leaves the previous site intact.
        started = time.perf_counter()
        self.built = None
        self.converter = SharedConverter(config) if SharedConverter.applies() else None
        root = self._path(config, self.config.root)
        previous = self.generation if self.serving else None
        try:
            outcome = generate(root, self._path(config, self.config.generated_dir), self._options(config), previous)
        except WorkerLostError as exc:
            raise PluginError(f"the archive could not be generated: {exc}") from exc
        if isinstance(outcome, Failure):
            self._failed(root, outcome)
            return
        self._generated(outcome)
        record_timing("generation", time.perf_counter() - started, len(self.pages), len(outcome.report.written))
        if self.config.search and not (self.serving and self.indexed_once):
            self._start_search(config, outcome)
        if not self.serving:
            # A build generates once: what follows needs the pages' paths and the home page's summary only.
            self.generation = None
            del outcome
            release()

    def _failed(self, root: Path, failure: Failure) -> None:
        """Without a preview, the build fails; in one, the last pages stay and the errors show on every page.

        Raising in a preview would leave MkDocs' server stalling every request until a build succeeds.
        """
        if not self.serving:
            raise PluginError("the archive's inputs have errors:\n" + format_text(failure.diagnostics))
        PROBLEMS.record(root, failure.diagnostics)
        errors = sum(1 for d in failure.diagnostics if d.severity is Severity.ERROR)
        log.warning("archive: %d errors; the preview shows them on every page until they are fixed", errors)
        for diagnostic in failure.diagnostics:
            log.info("%s", diagnostic)

    def _generated(self, generation: Generation) -> None:
        for diagnostic in generation.warnings:
            log.info("%s", diagnostic)
        PROBLEMS.clear()
        if not self.serving:
            # Written, and MkDocs reads them from disk: a build needs their paths only (the texts
            # of 50,000 articles' pages are some 4 GiB).
            generation = dataclasses.replace(generation, pages=dict.fromkeys(generation.pages, ""))
        self.generation = generation
        self.pages = generation.pages
        self.home = generation.home
        self.dates.close()
        self.dates.enter_context(build_date(generation.build_date))
        report = generation.report
        if generation.changed is not None:
            log.info("archive: %d articles changed; pages they affect rendered again", len(generation.changed))
        log.info(
            "archive: %d pages generated (%d written, %d removed, %d unchanged)",
            len(self.pages),
            len(report.written),
            len(report.removed),
            report.unchanged,
        )

    def _start_search(self, config: MkDocsConfig, generation: Generation) -> None:
        # Pagefind indexes the records while MkDocs renders; the index is moved in by on_post_build.
        def convert(text: str) -> str:
            return markdown.Markdown(
                extensions=config.markdown_extensions, extension_configs=config.mdx_configs
            ).convert(text)

        filled = {HOME_MARKER: generation.home}
        records = search_records(generation.archive) + hand_written_records(Path(config.docs_dir), convert, filled)
        self.search_started = time.perf_counter()
        try:
            self.search = SearchIndex(
                records, self._path(config, self.config.search_dir), limit_mb=self.config.search_index_mb
            )
        except (OSError, RuntimeError, ValueError) as exc:
            raise PluginError(f"the search index could not be started: {exc}") from exc

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        folder = self._path(config, self.config.generated_dir)
        for source in self.pages:
            if files.get_file_from_path(source) is not None:
                raise PluginError(f"docs/{source} would hide a generated page; remove it from docs/")
            files.append(File.generated(config, source, abs_src_path=str(folder / source)))
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.fragments = ThemeFragments(page.file.src_uri for page in nav.pages)
        self.nav = nav
        if not self.serving and not self.dirty:
            # Everything is gathered: a forked worker converts its share of the generated pages and puts them through the theme.
            statics = sum(1 for file in files if not file.is_documentation_page())
            self.worker.start(config, files, nav, set(self.pages), statics=statics)
        return nav

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        env.globals["archive_cached"] = self._cached
        if self.serving and self.nav is not None:
            # Everything is gathered; kept for the quick rebuild of the next edit.
            self.built = BuiltSite(config, files, self.nav, env, site_inputs(config))
        else:
            self.worker.prepare(env)
        return env

    def _cached(self, name: str, page: Page | None, caller: Callable[[], str]) -> str:
        return self.fragments.get(name, page.file.src_uri if page else None, page.url if page else "", caller)

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        if self.worker.elsewhere(page):
            self.worker.stand_in(page)
        elif self.converter is not None:
            self.converter.attach(page)
        return page

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        markdown, self.stashed[page.file.src_uri] = set_aside_html(markdown, self.nonce)
        if page.file.src_uri == HOME:
            return markdown.replace(HOME_MARKER, self.home)
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.title:
            page.title = plain_title(page.title)
        return put_back_html(html, self.stashed.pop(page.file.src_uri, []), self.nonce)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if page.file.src_uri == self.worker.last:
            # MkDocs checks the anchor links next, those of the worker's pages and to them too.
            self.worker.learn()
        # The theme indents every line of every page: the blank space after line breaks is 4% of
        # the site's HTML (measured on the 1,000-article benchmark), and shows as nothing.
        return compact(output)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.worker.finish()
        # The build date was fixed for this build only: the next build in the process takes its own inputs'.
        self.dates.close()
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
        record_timing("search", finished - self.search_started, search.count, 0)
        record_timing("search-wait", finished - waited, search.count, 0)
        self.indexed_once = True

    def on_build_error(self, *, error: Exception) -> None:
        self.worker.abort()
        self.built = None
        self.dates.close()
        if self.search is not None:
            self.search.abort()
            self.search = None

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Callable[[], None]) -> Any:
        root = self._path(config, self.config.root)
        host, port = server.server_address[:2]
        try:
            endpoint = AnnotateEndpoint(
                root, str(host), int(port), lambda: self.generation.archive if self.generation is not None else None
            )
        except ValueError as exc:  # Bound to an address others can reach: no write endpoint at all.
            log.warning("archive: %s", exc)
            endpoint = None
        install_preview(server, endpoint=endpoint)
        for folder in ("articles", "annotations"):
            if (root / folder).is_dir():
                server.watch(str(root / folder))
        # MkDocs polls every watched file twice a second: at 10,000 articles, 20,000 files.
        use_native_watcher(server)
        full_build: Callable[[], None] = server.builder

        def rebuild() -> None:
            if not self._quick_rebuild():
                full_build()

        # The server calls its builder after every change it sees; an edit of the archive alone
        # is shown by rendering only the pages it changed (see `BuiltSite`).
        server.builder = rebuild
        return server

    def _quick_rebuild(self) -> bool:
        """Show an edit of the archive by rendering only the pages it changed; False when a full build is needed."""
        built, previous = self.built, self.generation
        if built is None or previous is None or not built.current():
            return False
        started = time.perf_counter()
        config = built.config
        root = self._path(config, self.config.root)
        try:
            outcome = generate(root, self._path(config, self.config.generated_dir), self._options(config), previous)
        except WorkerLostError as exc:
            raise PluginError(f"the archive could not be generated: {exc}") from exc
        if isinstance(outcome, Failure):
            self._failed(root, outcome)
            return True
        self._generated(outcome)
        try:
            if outcome.pages.keys() != previous.pages.keys() or outcome.build_date != previous.build_date:
                return False  # Pages added or removed: MkDocs gathers the files and navigation again.
            changed = list(outcome.report.written)
            if outcome.home != previous.home:
                changed.append(HOME)
            if not built.rebuild(changed):
                return False
        finally:
            self.dates.close()
        record_timing("generation", time.perf_counter() - started, len(self.pages), len(outcome.report.written))
        log.info("archive: %d pages shown again without a full build", len(changed))
        return True
