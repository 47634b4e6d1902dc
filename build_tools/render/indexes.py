"""Hub pages that list many things: articles, speakers, outlets, events, tags, statements, claims, timeline, home summary."""

from __future__ import annotations

from collections import Counter

from build_tools.model import RATINGS
from build_tools.render.article import KIND_LABELS
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
from build_tools.render.markup import RAW_HTML_END, RAW_HTML_START, clip, text
from build_tools.render.pager import PAGE_SIZE, chunks, page_source, pager

LATEST = 50
"""Articles listed on the articles hub; the rest are reached by year, outlet, event, tag or speaker."""


def render_articles_index(page: PageContext) -> str:
    """The newest articles, and the ways to reach all the others."""
    archive = page.archive
    rows = ["| Date | Outlet | Article | Claims |", "|---|---|---|---|"]
    for article in list(archive.articles.values())[:LATEST]:
        claims = str(len(article.claims)) if article.annotation else "not yet annotated"
        rows.append(
            f"| {text(article.date or 'undated')} | {page.outlet_link(article.outlet)} | {page.article_link(article.id)} | {claims} |"
        )
    years = sorted((y for y in archive.index.articles_by_year if y), reverse=True)
    by_year = " · ".join(
        f"{page.link(year, f'timeline/{year}.md')} ({len(archive.index.articles_by_year[year])})" for year in years
    )
    return (
        f"# Articles\n\n{len(archive.articles)} articles. The newest are below; every article is listed by year "
        f"in the [timeline](../timeline/index.md), and on its [outlet](../outlets/index.md), "
        f"[event](../events/index.md) and [tag](../tags/index.md) pages.\n\n"
        + (f"By year: {by_year}\n\n" if by_year else "")
        + "\n".join(rows)
        + "\n"
    )


def render_speakers_index(page: PageContext) -> str:
    """Every speaker with their number of claims."""
    counts = {s: len(r) for s, r in page.archive.claims_by_speaker().items()}
    speakers = sorted(page.archive.registries.speakers.values(), key=lambda s: (-counts.get(s.id, 0), s.name))
    rows = ["| Speaker | Type | Claims |", "|---|---|---|"]
    rows += [f"| {page.link(s.name, speaker_source(s.id))} | {s.type} | {counts.get(s.id, 0)} |" for s in speakers]
    return "# Speakers\n\nEveryone claims are attributed to, most quoted first.\n\n" + "\n".join(rows) + "\n"


def render_outlets_index(page: PageContext) -> str:
    """Every outlet with its number of articles."""
    counts = Counter(a.outlet for a in page.archive.articles.values())
    rows = ["| Outlet | Country | Articles |", "|---|---|---|"]
    rows += [
        f"| {page.link(o.name, outlet_source(o.id))} | {text(o.country or '')} | {counts.get(o.id, 0)} |"
        for o in sorted(page.archive.registries.outlets.values(), key=lambda o: o.name)
    ]
    return "# Outlets\n\n" + "\n".join(rows) + "\n"


def render_events_index(page: PageContext) -> str:
    """Every event, newest first."""
    counts = Counter(a.event for a in page.archive.articles.values())
    events = sorted(page.archive.registries.events.values(), key=lambda e: (e.date, e.id), reverse=True)
    rows = ["| Date | Event | Articles |", "|---|---|---|"]
    rows += [f"| {text(e.date)} | {page.link(e.title, event_source(e.id))} | {counts.get(e.id, 0)} |" for e in events]
    return "# Events\n\n" + "\n".join(rows) + "\n"


def render_tags_index(page: PageContext) -> str:
    """The controlled vocabulary with usage counts."""
    archive = page.archive
    claim_counts = Counter(t for c in archive.claims.values() for t in c.spec.tags)
    article_counts = Counter(t for a in archive.articles.values() for t in a.tags)
    rows = ["| Tag | Description | Articles | Claims |", "|---|---|---|---|"]
    rows += [
        f"| {page.link(t.title, tag_source(t.id))} | {text(t.description)} | {article_counts.get(t.id, 0)} | {claim_counts.get(t.id, 0)} |"
        for t in sorted(archive.registries.tags.values(), key=lambda t: t.title)
    ]
    return "# Tags\n\n" + "\n".join(rows) + "\n"


def render_statements_index(page: PageContext) -> dict[str, str]:
    """Every statement reported more than once, paginated."""
    archive = page.archive
    statements = list(archive.statements.values())
    pages = chunks(statements)
    result = {}
    for number, here_statements in enumerate(pages, start=1):
        here = page.sibling(page_source(page.source, number))
        rows = ["| Speaker | Statement | Appearances | Outlets |", "|---|---|---|---|"]
        for statement in here_statements:
            first = archive.claims[statement.members[0]]
            outlets = sorted({archive.article_of(m).outlet or "?" for m in statement.members})
            names = ", ".join(
                archive.registries.outlets[o].name if o in archive.registries.outlets else o for o in outlets
            )
            rows.append(
                f"| {here.speaker_link(first.spec.speaker)} | {here.link(f'“{clip(first.spec.quote, 100)}”', statement_source(statement.id))} "
                f"| {len(statement.members)} | {text(names)} |"
            )
        nav = pager(here, page.source, len(pages), number)
        intro = f"{len(statements)} statements were reported by more than one article, in different wordings."
        title = "# Statements" + (f": page {number}" if number > 1 else "")
        result[here.source] = "\n\n".join(x for x in (title, intro, nav, "\n".join(rows), nav) if x) + "\n"
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
            f"<tr><td>{text(article.date or 'undated')}</td><td>{page.outlet_link(article.outlet, html=True)}</td>"
            f"<td>{page.speaker_link(claim.spec.speaker, html=True)}</td><td>{KIND_LABELS[claim.spec.kind.value]}</td>"
            f"<td>{page.html_link('“' + clip(claim.spec.quote, 140) + '”', claim_source(ref))}</td><td>{rating}</td></tr>"
        )
    return (
        "# Claims\n\n"
        f"The archive holds {len(archive.claims)} claims. Choose any combination of filters to list the matching "
        "claims; each links to its place in the article. Every speaker's, outlet's and tag's page lists its claims too.\n\n"
        '<div class="claims-browser" data-claims-browser>'
        '<form class="claims-filter" aria-label="Filter claims" data-claims-filters></form>'
        '<p class="claims-filter__count" aria-live="polite" data-claims-meta></p>'
        '<ol class="claims-results" data-claims-results></ol></div>\n\n'
        "## Newest claims\n\n" + RAW_HTML_START + "\n"
        '<table class="claims-table">\n<thead><tr><th scope="col">Date</th><th scope="col">Outlet</th>'
        '<th scope="col">Speaker</th><th scope="col">Kind</th><th scope="col">Claim</th><th scope="col">Rating</th></tr></thead>\n'
        "<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>\n" + RAW_HTML_END + "\n"
    )


def render_timeline(page: PageContext) -> dict[str, str]:
    """Years with their number of articles, and a page per year (paginated) listing articles and claims."""
    archive = page.archive
    years = sorted(archive.index.articles_by_year, reverse=True)
    lines = ["# Timeline\n\nEvery article by date, with the claims it reports."]
    rows = ["| Year | Articles | Claims |", "|---|---|---|"]
    result: dict[str, str] = {}
    for year in years:
        ids = archive.index.articles_by_year[year]
        label = year or "undated"
        source = f"timeline/{year or 'undated'}.md"
        claims = sum(len(archive.articles[a].claims) for a in ids)
        rows.append(f"| {page.link(label, source)} | {len(ids)} | {claims} |")
        result.update(_timeline_year(page.sibling(source), label, ids))
    lines.append("\n".join(rows))
    result[page.source] = "\n\n".join(lines) + "\n"
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
        if nav:
            parts.append(nav)
        day = None
        for article_id in ids_here:
            article = archive.articles[article_id]
            if article.date != day:
                day = article.date
                parts.append(f"## {text(day or 'undated')}")
            claims = "\n".join(f"    - {here.claim_link(c.ref, limit=80)}" for c in article.claims)
            parts.append(
                f"- {here.article_link(article_id)} ({here.outlet_link(article.outlet)}), {len(article.claims)} claims"
                + (f"\n{claims}" if claims else "")
            )
        if nav:
            parts.append(nav)
        result[here.source] = "\n\n".join(parts) + "\n"
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
        parts += ["## Claims over time", chart]
    parts += ["## Latest articles", "\n".join(latest) or "None yet."]
    parts += ["## Events", "\n".join(event_items) or "None yet."]
    parts += ["## Most-quoted speakers", "\n".join(speaker_items) or "None yet."]
    return "\n\n".join(parts)
