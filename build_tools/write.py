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
    written = []
    unchanged = 0
    base = str(folder)
    for relative, content in pages.items():
        # Checked on the path as a string: at 40,000 pages, making each a Path costs more than the check.
        if known is not None and known.get(relative) == content and os.path.isfile(f"{base}/{relative}"):  # noqa: PTH113
            unchanged += 1
            continue
        path = folder / relative
        data = content.encode("utf-8") if isinstance(content, str) else content
        if path.is_file() and path.read_bytes() == data:
            unchanged += 1
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_bytes(data)
        temporary.replace(path)
        written.append(relative)
    if known is None:
        stale = sorted(
            relative
            for path in folder.rglob("*")
            if (relative := path.relative_to(folder).as_posix()) not in pages and path.is_file()
        )
    else:
        stale = sorted(relative for relative in known if relative not in pages and (folder / relative).is_file())
    for relative in stale:
        (folder / relative).unlink()
    folders = folder.rglob("*") if known is None else {(folder / r).parent for r in stale}
    for path in sorted(folders, reverse=True):
        if path.is_dir() and path != folder and not any(path.iterdir()):
            path.rmdir()
    return WriteReport(tuple(written), tuple(stale), unchanged)
