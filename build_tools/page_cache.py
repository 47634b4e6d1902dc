"""Page cache: rendered pages in, by the digest of everything they depend on, and back out; files under `build/cache/pages/`.

Content-addressed: an entry's name is the digest of its page's dependencies (see
`pages.page_digests`), so an entry is never stale, only unused; a build removes the entries no
page of the current archive needs, as the article cache does. The workflows keep the folder
between runs, so a build of an unchanged archive renders nothing.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterable
from pathlib import Path

PAGE_CACHE_FOLDER = Path("build") / "cache" / "pages"
"""Where rendered pages are cached, relative to the repository root."""


class PageCache:
    """Rendered pages (source path to text, for one entry of a page kind) stored by digest."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, digest: str) -> Path:
        return self.folder / digest[:2] / f"{digest}.pickle"

    def get(self, digest: str) -> dict[str, str] | None:
        """The pages stored under `digest`, or None when there are none (or they cannot be read)."""
        try:
            # The cache is written only by this program, under the repository's own build folder.
            value = pickle.loads(self._path(digest).read_bytes())  # noqa: S301
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            return None
        return value if isinstance(value, dict) else None

    def put(self, digest: str, pages: dict[str, str]) -> None:
        """Store `pages` under `digest` (a cache that cannot be written only costs time)."""
        path = self._path(digest)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_bytes(pickle.dumps(pages, protocol=pickle.HIGHEST_PROTOCOL))
            temporary.replace(path)
        except OSError:
            return

    def prune(self, keep: Iterable[str]) -> int:
        """Remove every entry whose digest is not in `keep`; how many were removed."""
        if not self.folder.is_dir():
            return 0
        wanted = set(keep)
        removed = 0
        for bucket in os.scandir(self.folder):
            if not bucket.is_dir():
                continue
            for entry in os.scandir(bucket.path):
                if entry.name.removesuffix(".pickle") not in wanted:
                    Path(entry.path).unlink(missing_ok=True)
                    removed += 1
        return removed
