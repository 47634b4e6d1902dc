"""Write: rendered pages in, files on disk out; touches only files whose content changed.

Unchanged files keep their modification time, so MkDocs' live preview and any other watcher see
only real changes; pages whose source disappeared are deleted, so no stale page survives.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
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


def write_pages(
    folder: Path, pages: Mapping[str, FileContent], known: Mapping[str, FileContent] | None = None
) -> WriteReport:
    """Make `folder` hold exactly `pages` (path relative to `folder` to text).

    Args:
        folder: Where the pages go.
        pages: Every page, by relative path (text is written as UTF-8).
        known: What this process wrote into `folder` last time, if it did (a preview rebuild):
            pages equal to it are not read back from disk, and only pages it had can be stale.

    """
    folder.mkdir(parents=True, exist_ok=True)
    # Without a record of the last write, what is on disk is listed once, up front: a page not
    # among it is new (no read back, no stat), and what is left of it afterwards is stale.
    files, folders = _listing(folder) if known is None else (None, set())
    made = set(folders)
    written = []
    unchanged = 0
    base = str(folder)
    for relative, content in pages.items():
        # Paths as strings: at 40,000 pages, making each a Path costs more than the write's checks.
        target = f"{base}/{relative}"
        if known is not None and known.get(relative) == content and os.path.isfile(target):  # noqa: PTH113
            unchanged += 1
            continue
        data = content.encode("utf-8") if isinstance(content, str) else content
        on_disk = relative in files if files is not None else os.path.isfile(target)  # noqa: PTH113
        if on_disk and Path(target).read_bytes() == data:
            unchanged += 1
            continue
        parent = relative.rpartition("/")[0]
        if parent and parent not in made:
            os.makedirs(f"{base}/{parent}", exist_ok=True)  # noqa: PTH103
            made.update(_ancestors(parent))
        temporary = f"{base}/{parent + '/' if parent else ''}.{relative.rpartition('/')[2]}.tmp"
        with open(temporary, "wb") as handle:  # noqa: PTH123
            handle.write(data)
        os.replace(temporary, target)  # noqa: PTH105
        written.append(relative)
    if files is not None:
        stale = sorted(files - pages.keys())
    else:
        stale = sorted(relative for relative in known or {} if relative not in pages and (folder / relative).is_file())
    for relative in stale:
        (folder / relative).unlink()
    emptied = folders if known is None else {r.rpartition("/")[0] for r in stale}
    for relative in sorted(emptied - {""}, reverse=True):
        path = folder / relative
        if path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return WriteReport(tuple(written), tuple(stale), unchanged)


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
