"""MkDocs' last step, putting each page through the theme and writing it, on both cores.

MkDocs renders its pages one after another in one process; at benchmark size, after the
Markdown conversion, the theme's templates are the other half of its time. When every page is
converted (MkDocs' `on_env` event), `PageWorker.start` forks a worker process that inherits
the converted pages, the navigation and the theme, and renders and writes every other generated
page with MkDocs' own `_build_page`, exactly as MkDocs would; MkDocs, in this process, gives
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
        threshold: int = PARALLEL_THRESHOLD,
    ) -> int:
        """Fork the worker for every other generated page, when there are enough and it is safe; the pages it took.

        Args:
            config: The build's configuration.
            documents: Every page MkDocs builds (`files.documentation_pages()`), as it passes them to the theme.
            nav: The site navigation.
            env: The theme's template environment, after every plugin's `on_env`.
            generated: The source paths of the generated pages (the worker takes only those).
            threshold: The fewest generated pages worth a worker.

        """
        share = [f for f in documents if f.src_uri in generated and f.page is not None][1::2]
        if (os.cpu_count() or 1) < 2 or len(share) * 2 < threshold or not fork_is_safe():
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
