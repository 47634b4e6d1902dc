"""Theme fragments: the navigation and tabs of pages outside the navigation, rendered once per folder instead of once per page.

A page outside the navigation (every article, speaker, statement page) marks nothing in the
navigation as current, so the theme's navigation and tabs differ between such pages only by
their relative links, which are the same for pages in the same folder. The theme template asks
for them through `archive_cached` (see `overrides/main.html`); `tests/test_speedups.py` checks
that the site is byte-identical without the cache.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable


class ThemeFragments:
    """Fragments rendered once per (name, folder) for pages outside the navigation, for one build."""

    def __init__(self, navigation_sources: Iterable[str] = ()) -> None:
        self.navigation = set(navigation_sources)
        self.rendered: dict[tuple[str, str], str] = {}

    def get(self, name: str, source: str | None, url: str, render: Callable[[], str]) -> str:
        """The fragment `name` for the page at `source` (`url`): cached unless the page is in the navigation."""
        if source is None or source in self.navigation:
            return render()
        key = (name, posixpath.dirname(url.rstrip("/")))
        if key not in self.rendered:
            self.rendered[key] = render()
        return self.rendered[key]
