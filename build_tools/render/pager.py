"""Pagination of hub pages: long lists split into numbered pages, so no page grows with the archive."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from build_tools.link import Archive
from build_tools.model import ClaimRef
from build_tools.render.context import PageContext

PAGE_SIZE = 100
"""Items per hub page."""

KEPT = "\x00kept: the page as the previous render wrote it"
"""What a partial render gives for a page it did not render again (`paginated`); never written."""

T = TypeVar("T")

Item = ClaimRef | str | tuple[ClaimRef, ...]
"""What a paginated list shows, as far as an edit can change it: a claim, an article (its id), or a statement (its claims)."""


def chunks(items: Sequence[T], size: int = PAGE_SIZE) -> list[Sequence[T]]:
    """The items in pages of `size` (at least one page, possibly empty)."""
    return [items[i : i + size] for i in range(0, len(items), size)] or [items[:0]]


def page_source(base: str, number: int) -> str:
    """Source path of page `number` of a paginated page whose first page is `base` (`outlets/x.md`)."""
    if number == 1:
        return base
    stem = base.removesuffix(".md").removesuffix("/index")
    return f"{stem}/{number}.md"


def pager(page: PageContext, base: str, count: int, current: int) -> str:
    """A line of links to the other pages ("Pages: 1 · 2 · 3"); empty when there is one page."""
    if count <= 1:
        return ""
    links = [
        f'<strong aria-current="page">{number}</strong>'
        if number == current
        else page.link(str(number), page_source(base, number))
        for number in range(1, count + 1)
    ]
    return '<nav class="pager" aria-label="Pages">Pages: ' + " · ".join(links) + "</nav>"


def page_count(*lists: Sequence[object]) -> int:
    """How many pages the longest of the lists fills (one at least)."""
    return max((len(chunks(items)) for items in lists), default=1)


def on_page(items: Sequence[T], number: int) -> Sequence[T]:
    """The items shown on page `number`."""
    return items[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]


def paginated(
    page: PageContext,
    count: int,
    render_page: Callable[[PageContext, int, str], str],
    lists: Callable[[Archive], Sequence[Sequence[Item]]] | None = None,
) -> dict[str, str]:
    """The pages of a paginated page: `render_page(here, number, nav)` for each of its `count` pages.

    `here` is bound to the page's own source path (`page_source`) and `nav` is its pager line.

    In a preview's partial render (`page.before`), a page after the first is `KEPT` when it cannot
    have changed: `lists` (the claims and article ids the pages list, in order, in an archive)
    are the same before and after the edit, so every page shows the same items under the same
    pager, and none of the items it shows belongs to an article the edit touched. The first page
    is always rendered again (it counts and charts the whole list).
    """
    base = page.source
    before = page.before
    now = touched = None
    if before is not None and lists is not None:
        now = lists(page.archive)
        touched = before.touched if lists(before.archive) == now else None
    pages = {}
    for number in range(1, count + 1):
        here = page.sibling(page_source(base, number))
        if touched is not None and now is not None and number > 1 and not _touched(now, number, touched):
            pages[here.source] = KEPT
            continue
        pages[here.source] = render_page(here, number, pager(here, base, count, number))
    return pages


def _touched(lists: Sequence[Sequence[Item]], number: int, articles: frozenset[str]) -> bool:
    """Whether page `number` of the lists shows an item (a claim, an article id, a statement's claims) of one of the articles."""
    for items in lists:
        for item in on_page(items, number):
            if isinstance(item, ClaimRef):
                if item.article_id in articles:
                    return True
            elif isinstance(item, str):
                if item in articles:
                    return True
            elif any(ref.article_id in articles for ref in item):
                return True
    return False
