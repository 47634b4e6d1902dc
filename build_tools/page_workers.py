"""MkDocs' last step, putting each page through the theme and writing it, on both cores.

MkDocs renders its pages one after another in one process; at benchmark size, after the
Markdown conversion, the theme's templates are the other half of its time. When every page is
converted (MkDocs' `on_env` event), `PageWorker.start` forks a worker process that inherits
the converted pages, the navigation and the theme, and renders and writes its share of the
generated pages with MkDocs' own `_build_page`, exactly as MkDocs would (the share leaves this
process as much to do, counting the files MkDocs copies in it: `STATIC_COST`); MkDocs, in this process, gives
those pages an empty template (`ELSEWHERE`), so it skips them, and renders the rest. `finish`
waits for the worker (at `on_post_build`, before the search index is moved in) and fails the
build with the worker's own message if it failed. The output is byte-identical
(`tests/test_speedups.py`); a preview, whose server runs threads (`parallel.fork_is_safe`),
renders in one process.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import traceback
from collections.abc import Sequence

from jinja2 import ChoiceLoader, DictLoader, Environment, TemplateNotFound
from mkdocs.commands.build import _build_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.structure.nav import Navigation

from build_tools.parallel import PARALLEL_THRESHOLD, fork_is_safe

STATIC_COST = 0.2
"""What MkDocs' copy of one static file costs this process, in pages put through the theme.

After `on_env` MkDocs copies every file that is not a page (at benchmark size two per article:
the raw text and the cleaning log) before it renders its pages, all in this process: at 10,000
articles 5.2 to 6.2 s for 20,100 files, 0.3 ms a file against 1.3 to 1.6 ms a page through the
theme (both processes at work), so the worker takes more of the pages.
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
    """A forked process writing a share of the generated pages through the theme, for one build."""

    def __init__(self) -> None:
        self.pid: int | None = None
        self.reader: int | None = None
        self.filter: _SkippedElsewhere | None = None

    def start(
        self,
        config: MkDocsConfig,
        documents: Sequence[File],
        nav: Navigation,
        env: Environment,
        generated: set[str],
        *,
        statics: int = 0,
        threshold: int = PARALLEL_THRESHOLD,
    ) -> int:
        """Fork the worker for its share of the generated pages, when there are enough and it is safe; the pages it took.

        Args:
            config: The build's configuration.
            documents: Every page MkDocs builds (`files.documentation_pages()`), as it passes them to the theme.
            nav: The site navigation.
            env: The theme's template environment, after every plugin's `on_env`.
            generated: The source paths of the generated pages (the worker takes only those).
            statics: How many files MkDocs copies in this process before rendering (see `STATIC_COST`).
            threshold: The fewest generated pages worth a worker.

        """
        candidates = [f for f in documents if f.src_uri in generated and f.page is not None]
        share = _share(candidates, len(documents) - len(candidates) + STATIC_COST * statics)
        if (os.cpu_count() or 1) < 2 or len(candidates) < threshold or not fork_is_safe():
            return 0
        try:
            env.get_template(ELSEWHERE)
        except TemplateNotFound:
            env.loader = ChoiceLoader([DictLoader({ELSEWHERE: ""}), *([env.loader] if env.loader else [])])
        sys.stdout.flush()
        sys.stderr.flush()
        reader, writer = os.pipe()
        # Until the worker is done, neither process collects the objects made so far: a collection
        # touches every object, which would copy the shared memory into both (`_stop_filtering`).
        gc.freeze()
        pid = os.fork()
        if pid == 0:  # The worker: render its share, say how it went, and leave without running the rest of MkDocs.
            os.close(reader)
            os._exit(_work(config, documents, nav, env, share=share, writer=writer))
        os.close(writer)
        self.pid, self.reader = pid, reader
        for file in share:
            assert file.page is not None
            file.page.meta["template"] = ELSEWHERE
        self.filter = _SkippedElsewhere({f.src_uri for f in share})
        logging.getLogger("mkdocs.commands.build").addFilter(self.filter)
        return len(share)

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
        self._stop_filtering()
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
        self._stop_filtering()

    def _stop_filtering(self) -> None:
        gc.unfreeze()
        if self.filter is not None:
            logging.getLogger("mkdocs.commands.build").removeFilter(self.filter)
            self.filter = None


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
    documents: Sequence[File],
    nav: Navigation,
    env: Environment,
    *,
    share: list[File],
    writer: int,
) -> int:
    """The worker's whole life: MkDocs' `_build_page` for each of its pages; "ok <warnings>" or the error on `writer`."""
    warnings = _Warnings()
    logging.getLogger("mkdocs").addHandler(warnings)
    try:
        for file in share:
            assert file.page is not None
            _build_page(file.page, config, documents, nav, env, excluded=False)
    except BaseException:  # noqa: BLE001 - everything goes back to the build, which fails with it
        os.write(writer, traceback.format_exc().encode("utf-8", "replace"))
        return 1
    os.write(writer, f"ok {warnings.count}".encode())
    return 0
