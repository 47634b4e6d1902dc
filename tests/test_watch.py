"""The preview's watcher: MkDocs' live-reload server told of edits by the operating system, never of reads."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.livereload import LiveReloadServer
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers.polling import PollingObserver

from build_tools import watch
from build_tools.watch import ChangesObserver, use_native_watcher

pytestmark = pytest.mark.skipif(
    issubclass(ChangesObserver, PollingObserver), reason="no native observer on this platform"
)

WAIT = 30
"""Longest wait for an event, in seconds: a cap that fails the test, not a pause."""


class Recorder(FileSystemEventHandler):
    """Every event, and a signal when one names `until`."""

    def __init__(self, until: Path) -> None:
        self.until = str(until)
        self.events: list[FileSystemEvent] = []
        self.seen = threading.Event()

    def on_any_event(self, event: FileSystemEvent) -> None:
        self.events.append(event)
        if event.src_path == self.until and not event.is_directory:
            self.seen.set()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "annotations").mkdir()
    (tmp_path / "annotations" / "read.yml").write_text("a: 1\n", encoding="utf-8")
    (tmp_path / "annotations" / "edited.yml").write_text("a: 1\n", encoding="utf-8")
    return tmp_path / "annotations"


@pytest.fixture
def server(folder: Path) -> Iterator[tuple[LiveReloadServer, threading.Event]]:
    built = threading.Event()
    live = LiveReloadServer(builder=built.set, host="127.0.0.1", port=0, root=str(folder.parent))
    live.watch(str(folder))
    yield live, built
    live.shutdown(wait=live.observer.is_alive())


def test_reading_a_watched_file_is_no_change(folder: Path) -> None:
    recorder = Recorder(folder / "edited.yml")
    observer = ChangesObserver()
    observer.schedule(recorder, str(folder), recursive=True)
    observer.start()
    try:
        (folder / "read.yml").read_text(encoding="utf-8")
        (folder / "edited.yml").write_text("a: 2\n", encoding="utf-8")
        assert recorder.seen.wait(WAIT), "the edit was never reported"
    finally:
        observer.stop()
        observer.join()
    # Events arrive in the order they happened: the read came first, and none of it got through.
    assert not [e for e in recorder.events if str(e.src_path).endswith("read.yml")], recorder.events
    assert {e.event_type for e in recorder.events} <= {"modified", "closed", "created"}


def test_the_server_watches_natively_and_rebuilds_on_an_edit(
    folder: Path, server: tuple[LiveReloadServer, threading.Event]
) -> None:
    live, built = server
    assert live.build_delay == 0.1
    assert use_native_watcher(live)
    assert type(live.observer) is ChangesObserver
    assert live.build_delay == watch.QUIET_S, "told at once, the server need not wait as long for quiet"
    assert live._watched_paths == {str(folder): 1}
    started = threading.Event()
    start = live.observer.start

    def start_and_tell() -> None:
        start()
        started.set()

    live.observer.start = start_and_tell
    threading.Thread(target=live.serve, daemon=True).start()
    assert started.wait(WAIT), "the server never started its observer"
    (folder / "edited.yml").write_text("a: 3\n", encoding="utf-8")
    assert built.wait(WAIT), "the server never rebuilt after the edit"


def test_polling_stays_when_the_native_observer_cannot_watch(
    folder: Path,
    server: tuple[LiveReloadServer, threading.Event],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    live, _ = server

    def refuse(self: ChangesObserver) -> None:
        raise OSError(28, "inotify watch limit reached")

    monkeypatch.setattr(watch.ChangesObserver, "start", refuse)
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.archive"):
        assert not use_native_watcher(live)
    assert type(live.observer) is PollingObserver
    assert live._watched_paths == {str(folder): 1}
    assert live.build_delay == 0.1
    assert "watching by polling (" in caplog.text
    assert "watch limit" in caplog.text


def test_a_server_it_does_not_know_is_left_alone() -> None:
    class Other:
        observer = None

    assert not use_native_watcher(Other())
