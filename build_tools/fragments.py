"""Theme fragments: the navigation and tabs of pages outside the navigation, rendered once per folder instead of once per page.

A page outside the navigation (every article, speaker, statement page) marks nothing in the
navigation as current, so the theme's navigation and tabs differ between such pages only by
their relative links, which are the same for pages in the same folder. The theme template asks
for them through `archive_cached` (see `overrides/main.html`); `tests/test_speedups.py` checks
that the site is byte-identical without the cache.

The theme's partials are indented templates: its navigation is 40% blank space (7.6 KB of
every page, 4.4 KB without it). `compact` takes out what a browser ignores, once per folder.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable

_BLANK = re.compile(r"[ \t\r\f]*\n\s*")
"""A run of blank space holding a line break."""
_KEEPS_BLANKS = re.compile(r"<(?:pre|textarea|script|style)\b", re.IGNORECASE)
"""Elements whose blank space is their content."""


def compact(html: str) -> str:
    """`html` with each run of blank space holding a line break made one line break: the same page for a browser.

    Outside `pre`, `textarea`, `script` and `style` (and elements styled `white-space: pre`, which
    the theme's navigation has none of), a browser shows any run of blank space as one space or
    none, so the run's length is never seen. A fragment with one of those elements is left whole.
    """
    if _KEEPS_BLANKS.search(html):
        return html
    return _BLANK.sub("\n", html)


class ThemeFragments:
    """Fragments rendered once per (name, folder) for pages outside the navigation, for one build."""

    def __init__(self, navigation_sources: Iterable[str] = ()) -> None:
        self.navigation = set(navigation_sources)
        self.rendered: dict[tuple[str, str], str] = {}

    def get(self, name: str, source: str | None, url: str, render: Callable[[], str]) -> str:
        """The fragment `name` for the page at `source` (`url`), `compact`: cached unless the page is in the navigation."""
        if source is None or source in self.navigation:
            return compact(render())
        key = (name, posixpath.dirname(url.rstrip("/")))
        if key not in self.rendered:
            self.rendered[key] = compact(render())
        return self.rendered[key]
