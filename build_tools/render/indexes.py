"""Hub pages that list many things: articles, speakers, outlets, events, tags, statements, claims, timeline, home summary."""

from __future__ import annotations

from collections import Counter

from build_tools.render.context import (
    PageContext,
    claim_source,
    event_source,
    outlet_source,
    speaker_source,
    statement_source,
    tag_source,
)
from build_tools.render.entities import claims_over_time
from build_tools.render.markup import clip, html_list, html_table, page_text, paragraph, raw_block, text
from build_tools.render.pager import PAGE_SIZE, chunks, page_source, pager
from build_tools.urls import EVENTS, OUTLETS, TAGS, TIMELINE, hub_source, timeline_source
from build_tools.vocabulary import KIND_LABELS, RATINGS

LATEST = 50
"""Articles listed on the articles hub; the rest are reached by year, outlet, event, tag or speaker."""


def render_articles_index(page: PageContext) -> str:
    """The newest articles, and the ways to reach all the others."""
    archive = page.archive
    rows = []
    for article in list(archive.articles.values())[:LATEST]:
        claims = str(len(article.claims)) if article.annotation else "not yet annotated"
        rows.append(
            [text(article.date or "undated"), page.outlet_link(article.outlet), page.article_link(article.id), claims]
        )
    years = sorted((y for y in archive.index.articles_by_year if y), reverse=True)
    by_year = " · ".join(
        f"{page.link(year, timeline_source(year))} ({len(archive.index.articles_by_year[year])})" for year in years
    )
    intro = (
        f"{len(archive.articles)} articles. The newest are below; every article is listed by year "
        f"in the {page.link('timeline', hub_source(TIMELINE))}, and on its {page.link('outlet', hub_source(OUTLETS))}, "
        f"{page.link('event', hub_source(EVENTS))} and {page.link('tag', hub_source(TAGS))} pages."
    )
    return page_text(
        [
            "# Articles",
            paragraph(intro),
            paragraph(f"By year: {by_year}") if by_year else "",
            html_table(["Date", "Outlet", "Article", "Claims"], rows),
        ]
    )


def render_speakers_index(page: PageContext) -> str:
    """Every speaker with their number of claims."""
    counts = {s: len(r) for s, r in page.archive.claims_by_speaker().items()}
    speakers = sorted(page.archive.registries.speakers.values(), key=lambda s: (-counts.get(s.id, 0), s.name))
    rows = [[page.link(s.name, speaker_source(s.id)), s.type, str(counts.get(s.id, 0))] for s in speakers]
    return page_text(
        [
            "# Speakers",
            paragraph("Everyone claims are attributed to, most quoted first."),
            html_table(["Speaker", "Type", "Claims"], rows),
        ]
    )


def render_outlets_index(page: PageContext) -> str:
    """Every outlet with its number of articles."""
    counts = Counter(a.outlet for a in page.archive.articles.values())
    rows = [
        [page.link(o.name, outlet_source(o.id)), text(o.country or ""), str(counts.get(o.id, 0))]
        for o in sorted(page.archive.registries.outlets.values(), key=lambda o: o.name)
    ]
    return page_text(["# Outlets", html_table(["Outlet", "Country", "Articles"], rows)])


def render_events_index(page: PageContext) -> str:
    """Every event, newest first."""
    counts = Counter(a.event for a in page.archive.articles.values())
    events = sorted(page.archive.registries.events.values(), key=lambda e: (e.date, e.id), reverse=True)
    rows = [[text(e.date), page.link(e.title, event_source(e.id)), str(counts.get(e.id, 0))] for e in events]
    return page_text(["# Events", html_table(["Date", "Event", "Articles"], rows)])


def render_tags_index(page: PageContext) -> str:
    """The controlled vocabulary with usage counts."""
    archive = page.archive
    claim_counts = Counter(t for c in archive.claims.values() for t in c.spec.tags)
    article_counts = Counter(t for a in archive.articles.values() for t in a.tags)
    rows = [
        [
            page.link(t.title, tag_source(t.id)),
            text(t.description),
            str(article_counts.get(t.id, 0)),
            str(claim_counts.get(t.id, 0)),
        ]
        for t in sorted(archive.registries.tags.values(), key=lambda t: t.title)
    ]
    return page_text(["# Tags", html_table(["Tag", "Description", "Articles", "Claims"], rows)])


def render_statements_index(page: PageContext) -> dict[str, str]:
    """Every statement reported more than once, paginated."""
    archive = page.archive
    statements = list(archive.statements.values())
    pages = chunks(statements)
    result = {}
    for number, here_statements in enumerate(pages, start=1):
        here = page.sibling(page_source(page.source, number))
        rows = []
        for statement in here_statements:
            first = archive.claims[statement.members[0]]
            outlets = sorted({archive.article_of(m).outlet or "?" for m in statement.members})
            names = ", ".join(
                archive.registries.outlets[o].name if o in archive.registries.outlets else o for o in outlets
            )
            rows.append(
                [
                    here.speaker_link(first.spec.speaker),
                    here.link(f"“{clip(first.quote, 100)}”", statement_source(statement.id)),
                    str(len(statement.members)),
                    text(names),
                ]
            )
        nav = pager(here, page.source, len(pages), number)
        intro = f"{len(statements)} statements were reported by more than one article, in different wordings."
        title = "# Statements" + (f": page {number}" if number > 1 else "")
        table = html_table(["Speaker", "Statement", "Appearances", "Outlets"], rows)
        result[here.source] = page_text([title, paragraph(intro), nav, table, nav])
    return result


def render_claims_index(page: PageContext) -> str:
    """Claims, filterable by speaker, outlet, year, tag, kind and rating over the whole archive.

    Filtering runs on the search index (its filters are exact facets), so the page stays the same
    size however many claims the archive holds; the newest claims are listed for readers without
    JavaScript.
    """
    archive = page.archive
    refs = sorted(archive.claims, key=archive.claim_sort_key, reverse=True)[:PAGE_SIZE]
    rows = []
    for ref in refs:
        claim = archive.claims[ref]
        article = archive.article_of(ref)
        rating = RATINGS[claim.spec.review.rating] if claim.spec.review else "—"
        rows.append(
            [
                text(article.date or "undated"),
                page.outlet_link(article.outlet),
                page.speaker_link(claim.spec.speaker),
                KIND_LABELS[claim.spec.kind.value],
                page.link("“" + clip(claim.quote, 140) + "”", claim_source(ref)),
                rating,
            ]
        )
    intro = (
        f"The archive holds {len(archive.claims)} claims. Choose any combination of filters to list the matching "
        "claims; each links to its place in the article. Every speaker's, outlet's and tag's page lists its claims too."
    )
    browser = (
        '<div class="claims-browser" data-claims-browser>'
        '<form class="claims-filter" aria-label="Filter claims" data-claims-filters></form>'
        '<p class="claims-filter__count" aria-live="polite" data-claims-meta></p>'
        '<ol class="claims-results" data-claims-results></ol></div>'
    )
    header = ["Date", "Outlet", "Speaker", "Kind", "Claim", "Rating"]
    return page_text(
        ["# Claims", paragraph(intro), browser, "## Newest claims", html_table(header, rows, "claims-table")]
    )


def render_timeline(page: PageContext) -> dict[str, str]:
    """Years with their number of articles, and a page per year (paginated) listing articles and claims."""
    archive = page.archive
    years = sorted(archive.index.articles_by_year, reverse=True)
    rows = []
    result: dict[str, str] = {}
    for year in years:
        ids = archive.index.articles_by_year[year]
        label = year or "undated"
        source = timeline_source(year)
        claims = sum(len(archive.articles[a].claims) for a in ids)
        rows.append([page.link(label, source), str(len(ids)), str(claims)])
        result.update(_timeline_year(page.sibling(source), label, ids))
    result[page.source] = page_text(
        [
            "# Timeline",
            paragraph("Every article by date, with the claims it reports."),
            html_table(["Year", "Articles", "Claims"], rows),
        ]
    )
    return result


def _timeline_year(page: PageContext, label: str, article_ids: list[str]) -> dict[str, str]:
    archive = page.archive
    ordered = sorted(article_ids, key=lambda a: (archive.articles[a].published or "", a))
    pages = chunks(ordered)
    result = {}
    for number, ids_here in enumerate(pages, start=1):
        here = page.sibling(page_source(page.source, number))
        parts = [f"# {text(label)}" + (f": page {number}" if number > 1 else "")]
        nav = pager(here, page.source, len(pages), number)
        parts.append(nav)
        by_day: dict[str | None, list[str]] = {}
        for article_id in ids_here:
            article = archive.articles[article_id]
            claims = html_list(here.claim_link(c.ref, limit=80) for c in article.claims)
            by_day.setdefault(article.date, []).append(
                f"{here.article_link(article_id)} ({here.outlet_link(article.outlet)}), "
                f"{len(article.claims)} claims{claims}"
            )
        for day, items in by_day.items():
            parts += [f"## {text(day or 'undated')}", html_list(items)]
        parts.append(nav)
        result[here.source] = page_text(parts)
    return result


def render_home_summary(page: PageContext) -> str:
    """Counts, latest articles, events and most-quoted speakers, for the hand-written home page."""
    archive = page.archive
    annotated = sum(1 for a in archive.articles.values() if a.annotation)
    counts = (
        f"The archive holds **{len(archive.articles)}** articles ({annotated} annotated) from "
        f"**{len(archive.registries.outlets)}** outlets, with **{len(archive.claims)}** claims by "
        f"**{len(archive.registries.speakers)}** speakers, and **{len(archive.statements)}** statements "
        "reported by more than one outlet."
    )
    latest = [
        f"- {text(a.date or 'undated')}: {page.article_link(a.id)} ({page.outlet_link(a.outlet)})"
        for a in list(archive.articles.values())[:10]
    ]
    events = sorted(archive.registries.events.values(), key=lambda e: e.date, reverse=True)[:10]
    event_items = [f"- {text(e.date)}: {page.link(e.title, event_source(e.id))}" for e in events]
    quoted = sorted(archive.claims_by_speaker().items(), key=lambda x: (-len(x[1]), x[0]))[:10]
    speaker_items = [f"- {page.speaker_link(s)}: {len(refs)} claims" for s, refs in quoted]
    chart = claims_over_time(page, list(archive.claims), "Claims over time, by outlet", "chart-home")
    parts = [counts]
    if chart:
        # The home page is hand-written Markdown: the chart goes in as a raw block of its own.
        parts += ["## Claims over time", raw_block(chart)]
    parts += ["## Latest articles", "\n".join(latest) or "None yet."]
    parts += ["## Events", "\n".join(event_items) or "None yet."]
    parts += ["## Most-quoted speakers", "\n".join(speaker_items) or "None yet."]
    return "\n\n".join(parts)
