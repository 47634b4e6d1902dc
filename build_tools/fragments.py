"""Theme fragments: the navigation and tabs of pages outside the navigation, rendered once per folder instead of once per page.

A page outside the navigation (every article, speaker, statement page) marks nothing in the
navigation as current, so the theme's navigation and tabs differ between such pages only by
their relative links, which are the same for pages in the same folder. The theme template asks
for them through `archive_cached` (see `overrides/main.html`); `tests/test_speedups.py` checks
that the site is byte-identical without the cache.

The theme's partials are indented templates: its navigation is 40% blank space (7.6 KB of
every page, 4.4 KB without it). `compact` takes out what a browser ignores; the archive plugin
applies it to every page as it leaves the theme (`on_post_page`).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable

# Elements whose blank space a reader sees: preformatted text, and what Material styles `pre-wrap`
# (inline code and keys); scripts and styles, whose text is not HTML at all. The pages' markup is
# the theme's, Markdown's and ours, all lower case.
_KEEPS_BLANKS = re.compile(r"<(pre|code|kbd|samp|textarea|script|style)[\s>]")
# Blank space after a line break (HTML's blank space only: a no-break space is a character).
_AFTER_LINE_BREAK = re.compile(r"\n[ \t\r\n\f]+")


def compact(html: str) -> str:
    """`html` with the blank space after each line break taken out: the same page for a browser.

    Outside the elements above (and elements styled `white-space: pre`, which the theme's chrome
    and the archive's pages have none of), a browser shows a run of blank space as one space or
    none, so the run's length is never seen; inside them, up to their closing tag, everything is
    kept. The theme's templates indent every line: this is 4% of the benchmark site's HTML.
    """
    parts = []
    last = 0
    while (kept := _KEEPS_BLANKS.search(html, last)) is not None:
        parts.append(_AFTER_LINE_BREAK.sub("\n", html[last : kept.start()]))
        close = html.find(f"</{kept.group(1)}", kept.end())
        end = len(html) if close < 0 else close
        parts.append(html[kept.start() : end])
        last = end
    parts.append(_AFTER_LINE_BREAK.sub("\n", html[last:]))
    return "".join(parts)


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
