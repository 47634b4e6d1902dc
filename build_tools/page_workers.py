"""MkDocs' page work, converting each page and putting it through the theme, on both cores.

MkDocs converts its pages one after another in one process, then renders them through the theme
one after another. When it has gathered the files and the navigation (MkDocs' `on_nav` event),
`PageWorker.start` forks a worker process that takes a share of the generated pages: it converts
them with MkDocs' own `_populate_page`, says what this process needs to know of them (their
titles, the anchors they have and the anchors they link to, for MkDocs' check of anchor links),
then renders and writes them with MkDocs' own `_build_page`, exactly as MkDocs would. In this
process, MkDocs reads those pages as empty (`PageWorker.stand_in`) and gives them an empty
template (`ELSEWHERE`), so it skips them, and converts and renders the rest. The share leaves
this process as much to do, counting the files MkDocs copies in it (`STATIC_COST`). What the
worker says of its pages is taken in just after MkDocs renders its last page, before it checks
the anchor links (`PageWorker.learn`); `finish` waits for the worker (at `on_post_build`, before
the search index is moved in) and fails the build with the worker's own message if it failed.
The output is byte-identical (`tests/test_speedups.py`); a preview, whose server runs threads
(`parallel.fork_is_safe`), and a `--dirty` build render in one process.
"""

from __future__ import annotations

import gc
import logging
import os
import pickle
import shutil
import sys
import tempfile
import traceback
from collections.abc import Sequence
from pathlib import Path

from jinja2 import ChoiceLoader, DictLoader, Environment, TemplateNotFound
from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from build_tools.parallel import PARALLEL_THRESHOLD, fork_is_safe

STATIC_COST = 0.1
"""What MkDocs' copy of one static file costs this process, in pages converted and put through the theme.

After `on_env` MkDocs copies every file that is not a page (at benchmark size two per article:
the raw text and the cleaning log) before it renders its pages, all in this process: at 10,000
articles 5.2 s for 20,100 files (0.26 ms a file) against 0.57 ms a page to convert and 2.2 ms to
put through the theme (sampled with py-spy, both cores at work), so the worker takes more of the pages.
"""

ELSEWHERE = "archive-elsewhere.html"
"""The empty template MkDocs renders the worker's pages with (added to the theme's): it skips empty output."""

log = logging.getLogger("mkdocs.plugins.archive")


class _SkippedElsewhere(logging.Filter):
    """Drops MkDocs' "Page skipped" notice for the pages the worker writes."""

    def __init__(self, sources: set[str]) -> None:
        super().__init__()
        self.sources = sources

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not (message.startswith("Page skipped: '") and message.split("'")[1] in self.sources)


class _Warnings(logging.Handler):
    """Counts the warnings a worker logs, so that a strict build fails on them as on MkDocs' own."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        del record
        self.count += 1


class PageWorker:
    """A forked process converting and writing a share of the generated pages, for one build."""

    def __init__(self) -> None:
        self.pid: int | None = None
        self.reader: int | None = None
        self.ready: int | None = None
        self.spool: str | None = None
        self.filter: _SkippedElsewhere | None = None
        self.files: Files | None = None
        self.share: dict[str, File] = {}
        """The worker's pages by source path (in this process; empty in the worker)."""
        self.last: str | None = None
        """The source path of the last page MkDocs renders: after it, MkDocs checks the anchor links."""

    def start(
        self,
        config: MkDocsConfig,
        files: Files,
        nav: Navigation,
        generated: set[str],
        *,
        statics: int = 0,
        threshold: int = PARALLEL_THRESHOLD,
    ) -> int:
        """Fork the worker for its share of the generated pages, when there are enough and it is safe; the pages it took.

        Called when MkDocs has gathered the files and the navigation, before it reads any page.
        The worker takes no page of the navigation: every page shows the navigation's titles,
        so both processes read those.

        Args:
            config: The build's configuration.
            files: Every file of the build.
            nav: The site navigation.
            generated: The source paths of the generated pages (the worker takes only those).
            statics: How many files MkDocs copies in this process before rendering (see `STATIC_COST`).
            threshold: The fewest generated pages worth a worker.

        """
        documents = files.documentation_pages()
        in_nav = {page.file.src_uri for page in nav.pages}
        candidates = [f for f in documents if f.src_uri in generated and f.src_uri not in in_nav]
        share = _share(candidates, len(documents) - len(candidates) + STATIC_COST * statics)
        if (os.cpu_count() or 1) < 2 or len(candidates) < threshold or not share or not fork_is_safe():
            return 0
        spool = tempfile.mkdtemp(prefix="archive-pages-")
        sys.stdout.flush()
        sys.stderr.flush()
        reader, writer = os.pipe()
        ready, said_ready = os.pipe()
        # Until the worker is done, neither process collects the objects made so far: a collection
        # touches every object, which would copy the shared memory into both (`_done`).
        gc.freeze()
        pid = os.fork()
        if pid == 0:  # The worker: its share, then leave without running the rest of MkDocs.
            os.close(reader)
            os.close(ready)
            self.share, self.last = {}, None
            facts = f"{spool}/facts.pickle"
            os._exit(_work(config, files, nav, share, facts=facts, ready=said_ready, writer=writer))
        os.close(writer)
        os.close(said_ready)
        self.pid, self.reader, self.ready, self.spool, self.files = pid, reader, ready, spool, files
        self.share = {file.src_uri: file for file in share}
        self.last = documents[-1].src_uri
        self.filter = _SkippedElsewhere(set(self.share))
        logging.getLogger("mkdocs.commands.build").addFilter(self.filter)
        return len(share)

    def elsewhere(self, page: Page) -> bool:
        """Whether the worker converts and writes this page (never true in the worker)."""
        return page.file.src_uri in self.share

    def stand_in(self, page: Page) -> None:
        """Make MkDocs read the worker's page in this process as an empty page with an empty template: it skips it."""

        def read_source(config: MkDocsConfig) -> None:
            del config
            page.markdown, page.meta = "", {"template": ELSEWHERE}

        def render(config: MkDocsConfig, files: Files) -> None:
            del config, files
            page.content, page.toc = "", get_toc([])

        # The one page's own, shadowing the class's, as `SharedConverter.attach` does.
        page.read_source = read_source  # type: ignore[method-assign]
        page.render = render  # type: ignore[method-assign]

    def prepare(self, env: Environment) -> None:
        """Give the theme the empty template the worker's pages are rendered with here."""
        if self.pid is None:
            return
        try:
            env.get_template(ELSEWHERE)
        except TemplateNotFound:
            env.loader = ChoiceLoader([DictLoader({ELSEWHERE: ""}), *([env.loader] if env.loader else [])])

    def learn(self) -> None:
        """Take in what the worker says of its pages once it has converted them: their titles and anchors.

        Raises:
            PluginError: when the worker stopped before it could say.

        """
        if self.ready is None or self.spool is None or self.files is None:
            return
        ready, self.ready = self.ready, None
        with os.fdopen(ready, "rb") as said:
            if said.read() != b"ready":
                self.finish()  # Raises with the worker's own message.
                raise PluginError("the page worker failed: it stopped without a word")
        with Path(self.spool, "facts.pickle").open("rb") as facts:
            known: list[_Facts] = pickle.load(facts)  # noqa: S301 - written by our own worker just now
        for source, title, anchors, links in known:
            page = self.share[source].page
            assert page is not None
            page.title = title
            page.present_anchor_ids = anchors
            page.links_to_anchors = None if links is None else {self._file(to): found for to, found in links.items()}

    def _file(self, source: str) -> File:
        assert self.files is not None
        file = self.files.get_file_from_path(source)
        assert file is not None, f"the worker's page links to {source}, which this build does not have"
        return file

    def finish(self) -> None:
        """Wait for the worker; raise with what it said if it failed or warned in a strict build.

        Raises:
            PluginError: when the worker failed.

        """
        if self.pid is None or self.reader is None:
            return
        pid, reader, self.pid, self.reader = self.pid, self.reader, None, None
        with os.fdopen(reader, "rb") as said:
            report = said.read().decode("utf-8", "replace")
        _, status = os.waitpid(pid, 0)
        self._done()
        if os.waitstatus_to_exitcode(status) != 0 or not report.startswith("ok"):
            raise PluginError(f"the page worker failed:\n{report or 'it stopped without a word'}")
        warnings = int(report.split()[1])
        if warnings:
            log.warning("archive: the page worker logged %d warnings (above)", warnings)

    def abort(self) -> None:
        """Stop the worker (the build failed elsewhere)."""
        if self.pid is not None:
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
        if self.reader is not None:
            os.close(self.reader)
        self.pid = self.reader = None
        self._done()

    def _done(self) -> None:
        """What both ways of ending leave behind: the collector, the log filter, the spool, the worker's pages."""
        gc.unfreeze()
        if self.filter is not None:
            logging.getLogger("mkdocs.commands.build").removeFilter(self.filter)
            self.filter = None
        if self.spool is not None:
            shutil.rmtree(self.spool, ignore_errors=True)
            self.spool = None
        if self.ready is not None:
            os.close(self.ready)
            self.ready = None
        self.share, self.last, self.files = {}, None, None


_Facts = tuple[str, str | None, set[str] | None, dict[str, dict[str, str]] | None]
"""What this process needs of a worker's page: its source path, title, anchors, and the anchors it links to by target path."""


def _share(candidates: Sequence[File], besides: float) -> list[File]:
    """The worker's pages, spread evenly over `candidates`: as many as leave this process as much work, `besides` counted.

    `besides` is what this process does that the worker does not, in pages (the other pages, the
    copies); the worker takes at least every other candidate.
    """
    total = len(candidates)
    count = min(max(round((total + besides) / 2), total // 2), total)
    if count == 0:
        return []
    # The i-th candidate is the worker's when it moves the running count of the share up by one.
    return [file for i, file in enumerate(candidates) if (i + 1) * count // total > i * count // total]


def _work(
    config: MkDocsConfig,
    files: Files,
    nav: Navigation,
    share: list[File],
    *,
    facts: str,
    ready: int,
    writer: int,
) -> int:
    """The worker's whole life: its pages converted, what the build needs of them said, then each put through the theme.

    "ok <warnings>" or the error goes on `writer`; "ready" on `ready` once `facts` is written.
    """
    warnings = _Warnings()
    logging.getLogger("mkdocs").addHandler(warnings)
    try:
        for file in share:
            if file.page is None:  # A page out of the navigation, as MkDocs makes it before reading it.
                Page(None, file, config)
            assert file.page is not None
            _populate_page(file.page, config, files)
        with Path(facts).open("wb") as out:
            pickle.dump([_facts_of(file) for file in share], out, protocol=pickle.HIGHEST_PROTOCOL)
        os.write(ready, b"ready")
        os.close(ready)
        # The theme as MkDocs makes it after reading every page, with every plugin's `on_env`.
        env = config.plugins.on_env(config.theme.get_env(), config=config, files=files)
        documents = files.documentation_pages()
        for file in share:
            assert file.page is not None
            _build_page(file.page, config, documents, nav, env, excluded=False)
    except BaseException:  # noqa: BLE001 - everything goes back to the build, which fails with it
        os.write(writer, traceback.format_exc().encode("utf-8", "replace"))
        return 1
    os.write(writer, f"ok {warnings.count}".encode())
    return 0


def _facts_of(file: File) -> _Facts:
    page = file.page
    assert page is not None
    links = page.links_to_anchors
    return (
        file.src_uri,
        page.title,
        page.present_anchor_ids,
        None if links is None else {to.src_uri: found for to, found in links.items()},
    )
