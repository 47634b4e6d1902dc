"""Atom feeds of articles and claims: the linked archive in, feed XML out; pure.

Entries are ordered by publication date, newest first; the feed's own `updated` is the newest
entry's date, so the same archive always gives the same feed.
"""

from __future__ import annotations

from collections import defaultdict
from xml.sax.saxutils import escape, quoteattr

from build_tools.link import Archive, Article
from build_tools.model import ClaimRef
from build_tools.render.context import PageContext
from build_tools.render.markup import clip
from build_tools.render.structured import SITE_NAME, absolute
from build_tools.urls import HOME, article_source, claim_source, feed_source

FEED_SIZE = 50
"""Entries per feed."""


def _timestamp(published: str | None) -> str:
    # Outlets often give a local time without an offset: the date alone is what can be stated.
    return f"{(published or '1970-01-01')[:10]}T00:00:00Z"


def _feed(page: PageContext, name: str, title: str, entries: list[str], newest: str | None) -> str:
    self_url = absolute(page, HOME) + feed_source(name)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f"  <title>{escape(f'{SITE_NAME}: {title}')}</title>\n"
        f"  <id>{escape(self_url)}</id>\n"
        f'  <link rel="self" href={quoteattr(self_url)}/>\n'
        f"  <link href={quoteattr(absolute(page, 'index.md'))}/>\n"
        f"  <updated>{_timestamp(newest)}</updated>\n" + "".join(entries) + "</feed>\n"
    )


def _entry(entry_id: str, title: str, updated: str | None, author: str, summary: str) -> str:
    return (
        "  <entry>\n"
        f"    <id>{escape(entry_id)}</id>\n"
        f"    <title>{escape(title)}</title>\n"
        f"    <link href={quoteattr(entry_id)}/>\n"
        f"    <updated>{_timestamp(updated)}</updated>\n"
        f"    <author><name>{escape(author)}</name></author>\n"
        f"    <summary>{escape(summary)}</summary>\n"
        "  </entry>\n"
    )


def _newest_articles(page: PageContext) -> list[Article]:
    articles = sorted(page.archive.articles.values(), key=lambda a: (a.published or "", a.id), reverse=True)
    return articles[:FEED_SIZE]


def articles_feed(page: PageContext) -> str:
    """The newest articles."""
    articles = _newest_articles(page)
    entries = []
    for article in articles:
        outlet = page.archive.registries.outlets.get(article.outlet or "")
        summary = f"{len(article.claims)} annotated claims. " + clip(
            article.clean.text[article.clean.body_start :], 300
        )
        entries.append(
            _entry(
                absolute(page, article_source(article.id)),
                article.title,
                article.published,
                outlet.name if outlet else "unknown outlet",
                summary,
            )
        )
    return _feed(page, "articles", "new articles", entries, articles[0].published if articles else None)


def claims_feed(page: PageContext) -> str:
    """The newest claims."""
    archive = page.archive
    refs = _newest_claims(archive, FEED_SIZE)
    entries = []
    for ref in refs:
        claim = archive.claims[ref]
        article = archive.article_of(ref)
        entries.append(
            _entry(
                absolute(page, claim_source(ref)),
                f"{page.speaker_name(claim.spec.speaker)}: “{clip(claim.quote, 100)}”",
                article.published,
                page.speaker_name(claim.spec.speaker),
                claim.spec.summary,
            )
        )
    newest = archive.article_of(refs[0]).published if refs else None
    return _feed(page, "claims", "new claims", entries, newest)


def _newest_claims(archive: Archive, size: int) -> list[ClaimRef]:
    """The `size` newest claims, newest first: by their article's publication, then reference, descending.

    Only the claims of the newest publication dates are sorted (every claim of a date in them,
    so that ties fall exactly as in a sort of all claims): the archive holds a hundred thousand.
    """
    by_published: dict[str, list[Article]] = defaultdict(list)
    for article in archive.articles.values():
        if article.claims:
            by_published[article.published or ""].append(article)
    candidates: list[ClaimRef] = []
    for published in sorted(by_published, reverse=True):
        candidates += (claim.ref for article in by_published[published] for claim in article.claims)
        if len(candidates) >= size:
            break
    candidates.sort(key=lambda r: (archive.article_of(r).published or "", str(r)), reverse=True)
    return candidates[:size]
