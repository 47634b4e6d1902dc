"""Write: rendered pages in, files on disk out; touches only files whose content changed.

Unchanged files keep their modification time, so MkDocs' live preview and any other watcher see
only real changes; pages whose source disappeared are deleted, so no stale page survives.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

FileContent = str | bytes
"""A generated file's content: text (a page, written as UTF-8), or bytes (a compressed download)."""


@dataclass(frozen=True, slots=True)
class WriteReport:
    """What a write changed."""

    written: tuple[str, ...]
    """Pages created or rewritten."""
    removed: tuple[str, ...]
    """Stale pages deleted."""
    unchanged: int
    """Pages left as they were."""
    folders: Mapping[str, int] = field(default_factory=dict)
    """Folders (relative, `""` for the top) with the modification time they had when this write left them, where it is settled.

    The next write, given these, takes a folder whose time is still the same to hold every page
    it held (deleting or adding a file changes a folder's time), without a look at each page.
    """


SETTLED_NS = 2_000_000_000
"""How old a folder's modification time must be to be trusted: a change within the same clock tick keeps the time."""


def write_pages(
    folder: Path,
    pages: Mapping[str, FileContent],
    known: Mapping[str, FileContent] | None = None,
    folders: Mapping[str, int] | None = None,
) -> WriteReport:
    """Make `folder` hold exactly `pages` (path relative to `folder` to text).

    Args:
        folder: Where the pages go.
        pages: Every page, by relative path (text is written as UTF-8).
        known: What this process wrote into `folder` last time, if it did (a preview rebuild):
            pages equal to it are not read back from disk, and only pages it had can be stale.
        folders: With `known`, that write's `WriteReport.folders`: a page equal to what it wrote,
            in a folder whose modification time is the same, is taken to be on disk unlooked.

    """
    folder.mkdir(parents=True, exist_ok=True)
    # Without a record of the last write, what is on disk is listed once, up front: a page not
    # among it is new (no read back, no stat), and what is left of it afterwards is stale.
    files, made = _listing(folder) if known is None else (None, set())
    listed = set(made)
    written = []
    unchanged = 0
    base = str(folder)
    last = _LastWrite(base, known or {}, folders or {})
    for relative, content in pages.items():
        # Paths as strings: at 40,000 pages, making each a Path costs more than the write's checks.
        target = f"{base}/{relative}"
        parent = relative.rpartition("/")[0]
        if known is not None and last.holds(relative, parent, content):
            unchanged += 1
            continue
        data = content.encode("utf-8") if isinstance(content, str) else content
        on_disk = relative in files if files is not None else os.path.isfile(target)  # noqa: PTH113
        if on_disk and Path(target).read_bytes() == data:
            unchanged += 1
            continue
        if parent and parent not in made:
            os.makedirs(f"{base}/{parent}", exist_ok=True)  # noqa: PTH103
            made.update(_ancestors(parent))
        if on_disk:
            # Replaced whole, never seen half-written by a server reading it meanwhile.
            temporary = f"{base}/{parent + '/' if parent else ''}.{relative.rpartition('/')[2]}.tmp"
            with open(temporary, "wb") as handle:  # noqa: PTH123
                handle.write(data)
            os.replace(temporary, target)  # noqa: PTH105
        else:
            # A new file: nothing reads it until this write is done, and one cut short by a crash
            # differs from its page, so the next write replaces it.
            with open(target, "wb") as handle:  # noqa: PTH123
                handle.write(data)
        written.append(relative)
    if files is not None:
        stale = sorted(files - pages.keys())
    else:
        stale = sorted(relative for relative in known or {} if relative not in pages and (folder / relative).is_file())
    for relative in stale:
        (folder / relative).unlink()
    emptied = listed if known is None else {r.rpartition("/")[0] for r in stale}
    for relative in sorted(emptied - {""}, reverse=True):
        path = folder / relative
        if path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    # The folders this write changed have a new time; the others keep the one just read, if settled.
    touched = {r.rpartition("/")[0] for r in (*written, *stale)}
    settled = time.time_ns() - SETTLED_NS
    kept = {p: t for p, t in last.stamps.items() if t is not None and t < settled and p not in touched}
    return WriteReport(tuple(written), tuple(stale), unchanged, kept)


class _LastWrite:
    """What the last write left on disk: its pages, and its folders' times (`WriteReport.folders`)."""

    def __init__(self, base: str, pages: Mapping[str, FileContent], folders: Mapping[str, int]) -> None:
        self.base = base
        self.pages = pages
        self.folders = folders
        self.stamps: dict[str, int | None] = {}
        """The time of each folder looked at, as this write found it."""
        self.listed: dict[str, set[str]] = {}
        """The files of each folder whose time changed since the last write, listed once."""

    def holds(self, relative: str, parent: str, content: FileContent) -> bool:
        """Whether the page is on disk with this content: written so last time, and still there."""
        # Read at the folder's first page, before this write can have changed anything in it.
        if parent not in self.stamps:
            self.stamps[parent] = _stamp(f"{self.base}/{parent}")
        if self.pages.get(relative) != content:
            return False
        stamp = self.stamps[parent]
        if stamp is not None and self.folders.get(parent) == stamp:
            return True  # No file was added to or removed from its folder since.
        if stamp is None:
            return False
        # A folder the last write changed (its time is not settled yet): listed once, not a look at
        # each page; at 10,000 articles that is 10,000 `stat` calls for the articles' folder.
        if parent not in self.listed:
            self.listed[parent] = _files_in(f"{self.base}/{parent}")
        return relative.rpartition("/")[2] in self.listed[parent]


def _stamp(path: str) -> int | None:
    """A folder's modification time, `None` when it is not there."""
    try:
        return os.stat(path).st_mtime_ns  # noqa: PTH116
    except OSError:
        return None


def _files_in(path: str) -> set[str]:
    """The names of the files in one folder (not in its subfolders); empty when it is not there."""
    try:
        with os.scandir(path) as entries:
            return {entry.name for entry in entries if entry.is_file()}
    except OSError:
        return set()


def _listing(folder: Path) -> tuple[set[str], set[str]]:
    """Every file and every folder under `folder`, as paths relative to it (`/`-separated)."""
    files: set[str] = set()
    folders: set[str] = set()
    base = str(folder)
    for directory, _subfolders, names in os.walk(base):
        relative = os.path.relpath(directory, base).replace(os.sep, "/")
        prefix = "" if relative == "." else relative + "/"
        if prefix:
            folders.add(relative)
        files.update(prefix + name for name in names)
    return files, folders


def _ancestors(relative: str) -> list[str]:
    """`a/b/c` and the folders above it: `a/b/c`, `a/b`, `a`."""
    parts = relative.split("/")
    return ["/".join(parts[:end]) for end in range(len(parts), 0, -1)]
