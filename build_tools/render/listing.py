"""Lists that read on any screen: claims, articles and statements as cards, and tables that stack on phones; pure.

A table with a column of long text (a quote, a title) squeezes that column on a phone until it is
cut off; these lists give each item the full width instead, with its details on a line below. A
table whose cells are short (counts, years) stays a table, and on narrow screens each row becomes
a small card whose cells carry their column's name (`stacked_table`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from build_tools.model import ClaimRef
from build_tools.render.context import PageContext, article_source, claim_source, date_html
from build_tools.render.markup import attr
from build_tools.vocabulary import KIND_LABELS, RATINGS


def item(title_html: str, details: Iterable[str], css: str = "item") -> str:
    """One card: a title (already-safe HTML) and its details, joined by middle dots."""
    shown = [d for d in details if d]
    meta = f'<p class="{css}__meta">{" · ".join(shown)}</p>' if shown else ""
    return f'<li class="{css}"><p class="{css}__title">{title_html}</p>{meta}</li>'


def item_list(items: Iterable[str], css: str = "item-list") -> str:
    """A list of cards (see `item`); empty when there are none."""
    body = "".join(items)
    return f'<ul class="{css}">{body}</ul>' if body else ""


def claim_item(page: PageContext, ref: ClaimRef, *, speaker: bool = True, outlet: bool = True) -> str:
    """A claim as a card: its quote linked to its place, then who said it, where, when, what kind, the verdict."""
    archive = page.archive
    claim = archive.claims[ref]
    article = archive.article_of(ref)
    review = claim.spec.review
    details = [
        page.speaker_link(claim.spec.speaker) if speaker else "",
        page.outlet_link(article.outlet) if outlet else "",
        date_html(article.date),
        KIND_LABELS[claim.spec.kind.value],
        f"rated {RATINGS[review.rating]}" if review else "",
    ]
    quote = page.link(f"“{claim.quote}”", claim_source(ref)).replace("<a ", '<a class="claim-item__quote" ', 1)
    shown = " · ".join(d for d in details if d)
    return f'<li class="claim-item">{quote}<p class="claim-item__meta">{shown}</p></li>'


def claim_list(page: PageContext, refs: Iterable[ClaimRef], *, speaker: bool = True, outlet: bool = True) -> str:
    """Claims as cards (see `claim_item`), in the order given; empty when there are none."""
    body = "".join(claim_item(page, ref, speaker=speaker, outlet=outlet) for ref in refs)
    return f'<ol class="claim-list">{body}</ol>' if body else ""


def article_item(page: PageContext, article_id: str, *, outlet: bool = True) -> str:
    """An article as a card: its title linked, then outlet, date and number of claims."""
    article = page.archive.articles[article_id]
    count = len(article.claims)
    claims = f"{count} claim{'s' if count != 1 else ''}" if article.annotation else "not yet annotated"
    details = [page.outlet_link(article.outlet) if outlet else "", date_html(article.date), claims]
    return item(page.link(article.title, article_source(article_id)), details)


def article_list(page: PageContext, article_ids: Iterable[str], *, outlet: bool = True) -> str:
    """Articles as cards (see `article_item`)."""
    return item_list(article_item(page, a, outlet=outlet) for a in article_ids)


def stacked_table(header: Sequence[str], rows: Iterable[Sequence[str]], css: str = "") -> str:
    """A table of short cells that becomes one card per row on narrow screens (cells labelled by their column)."""
    head = "".join(f'<th scope="col">{cell}</th>' for cell in header)
    labels = [attr(h) for h in header]
    body = "\n".join(
        "<tr>"
        + "".join(f'<td data-label="{label}">{cell}</td>' for label, cell in zip(labels, row, strict=True))
        + "</tr>"
        for row in rows
    )
    classes = f"stacked-table {css}".strip()
    return f'<table class="{classes}">\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>'
