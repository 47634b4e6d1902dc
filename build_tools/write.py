"""Write: rendered pages in, files on disk out; touches only files whose content changed.

Unchanged files keep their modification time, so MkDocs' live preview and any other watcher see
only real changes; pages whose source disappeared are deleted, so no stale page survives.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class WriteReport:
    """What a write changed."""

    written: tuple[str, ...]
    """Pages created or rewritten."""
    removed: tuple[str, ...]
    """Stale pages deleted."""
    unchanged: int
    """Pages left as they were."""


def write_pages(folder: Path, pages: dict[str, str]) -> WriteReport:
    """Make `folder` hold exactly `pages` (path relative to `folder` to text)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    unchanged = 0
    for relative, content in pages.items():
        path = folder / relative
        data = content.encode("utf-8")
        if path.is_file() and path.read_bytes() == data:
            unchanged += 1
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_bytes(data)
        temporary.replace(path)
        written.append(relative)
    removed = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_file() and relative not in pages:
            path.unlink()
            removed.append(relative)
    for path in sorted(folder.rglob("*"), reverse=True):
        if path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return WriteReport(tuple(written), tuple(removed), unchanged)
