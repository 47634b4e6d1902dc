"""Page cache: rendered pages in, by the digest of everything they depend on, and back out; files under `build/cache/pages/`.

Content-addressed (`store.DigestStore`): an entry's name is the digest of its page's dependencies
(see `pages.page_digests`), so an entry is never stale, only unused; a build removes the entries no
page of the current archive needs, as the article cache does. The workflows keep the folder
between runs, so a build of an unchanged archive renders nothing.
"""

from __future__ import annotations

from pathlib import Path

from build_tools.store import DigestStore
from build_tools.write import FileContent

PAGE_CACHE_FOLDER = Path("build") / "cache" / "pages"
"""Where rendered pages are cached, relative to the repository root."""


class PageCache(DigestStore[dict[str, FileContent]]):
    """Rendered pages (source path to text, for one entry of a page kind) stored by digest."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder, dict)
