"""The preview's watcher: the operating system's change notifications instead of MkDocs' polling.

MkDocs' live-reload server polls every watched file twice a second. At 10,000 articles that is
20,000 files of `articles/` and `annotations/` statted in Python every half second: a quarter
of a second of waiting on average before an edit is seen, and a thread taking the interpreter
from the generation while it runs. `use_native_watcher` swaps the server's observer, before it
starts, for watchdog's native one (inotify on Linux, FSEvents on macOS, ReadDirectoryChangesW
on Windows), which is told of a change as it happens.

A native observer also reports files being opened and closed after reading, which the polling
one never did; MkDocs rebuilds on any file event, so the generation reading an article would
start the next rebuild. Only events that change a file are let through (`CHANGES`).

The server waits for a quiet moment after the first event before it builds (`build_delay`,
0.1 s), so that a burst of events makes one build. Told at once, as a native observer tells, a
save is its few events within milliseconds (written, closed after writing), so the wait is
shortened to `QUIET_S`.

When the native observer cannot watch the folders (no inotify, or its watch limit reached), or
the server is not the one this module knows, polling stays, with a warning for the first case.
"""

from __future__ import annotations

import logging
from typing import Any

from watchdog import events
from watchdog.observers import Observer
from watchdog.observers.api import ObservedWatch
from watchdog.observers.polling import PollingObserver

log = logging.getLogger("mkdocs.plugins.archive")

CHANGES: list[type[events.FileSystemEvent]] = [
    events.FileCreatedEvent,
    events.FileModifiedEvent,
    events.FileDeletedEvent,
    events.FileMovedEvent,
    events.FileClosedEvent,
    events.DirCreatedEvent,
    events.DirDeletedEvent,
    events.DirMovedEvent,
]
"""The events that change what a watched folder holds (not opening, reading, closing after reading, attributes)."""


QUIET_S = 0.05
"""Seconds without an event after which a natively watched server builds (MkDocs waits 0.1 s, made for polling)."""


class ChangesObserver(Observer):  # type: ignore[misc,valid-type]  # watchdog picks the platform's class at import
    """The platform's native observer, passing on only the events that change a file (`CHANGES`)."""

    def schedule(
        self,
        event_handler: events.FileSystemEventHandler,
        path: str,
        *,
        recursive: bool = False,
        event_filter: list[type[events.FileSystemEvent]] | None = None,
        follow_symlink: bool = False,
    ) -> ObservedWatch:
        return super().schedule(  # type: ignore[no-any-return]
            event_handler,
            path,
            recursive=recursive,
            event_filter=event_filter if event_filter is not None else CHANGES,
            follow_symlink=follow_symlink,
        )


def native_watcher_works(paths: dict[str, int]) -> bool:
    """Whether a native observer can watch every path: tried once, then stopped (so none of its watches are kept)."""
    trial = ChangesObserver()
    try:
        for path in paths:
            trial.schedule(events.FileSystemEventHandler(), path, recursive=True)
        trial.start()
    except OSError as exc:
        log.warning("archive: watching by polling (%s); edits show a little later", exc)
        return False
    finally:
        if trial.is_alive():
            trial.stop()
            trial.join()
    return True


def use_native_watcher(server: Any) -> bool:
    """Move the watches of a live-reload server that has not started yet onto a native observer; True when done.

    The server's `watch` and `unwatch` move them (so each is made exactly as the server makes it);
    which paths are watched is read from the server's `_watched_paths`, the one private name this
    relies on (MkDocs 1.6 and ProperDocs alike); without it, or with an observer that is not
    MkDocs' polling one, nothing changes.
    """
    watched = getattr(server, "_watched_paths", None)
    observer = getattr(server, "observer", None)
    if not isinstance(watched, dict) or type(observer) is not PollingObserver or observer.is_alive():
        return False
    if issubclass(ChangesObserver, PollingObserver):
        return False  # No native observer on this platform: polling is all there is.
    if not native_watcher_works(watched):
        return False
    counts = dict(watched)
    for path, count in counts.items():
        for _ in range(count):
            server.unwatch(path)
    server.observer = ChangesObserver()
    for path, count in counts.items():
        for _ in range(count):
            server.watch(path)
    if isinstance(getattr(server, "build_delay", None), float):
        server.build_delay = min(server.build_delay, QUIET_S)
    return True
