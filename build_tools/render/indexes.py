"""Hub pages that list many things: articles, speakers, outlets, events, tags, statements, claims, timeline, home summary.

Each thing is listed once: the claims on the claims hub (filterable), the articles by date on the
timeline. Lists with long text are cards (`listing`), short tables stack on phones.
"""

from __future__ import annotations

from collections import Counter

from build_tools.link import Archive
from build_tools.model import ClaimRef
from build_tools.render.context import (
    PageContext,
    date_html,
    date_words,
    event_source,
    outlet_source,
    speaker_source,
    tag_source,
)
from build_tools.render.entities import claims_over_time, page_head, statement_item
from build_tools.render.listing import article_list, claim_item, item_list, stacked_table
from build_tools.render.markup import page_text, paragraph, raw_block, text
from build_tools.render.pager import on_page, page_count, paginated
from build_tools.urls import EVENTS, OUTLETS, TAGS, TIMELINE, hub_source, timeline_source

LATEST = 50
"""Articles listed on the articles hub; the rest are reached by year, outlet, event, tag or speaker."""
NEWEST_CLAIMS = 50
"""Claims the claims hub lists before any filter is chosen (filters reach every other claim)."""


def render_articles_index(page: PageContext) -> str:
    """The newest articles, and the ways to reach all the others."""
    archive = page.archive
    years = sorted((y for y in archive.index.articles_by_year if y), reverse=True)
    by_year = " · ".join(
        f"{page.link(year, timeline_source(year))} ({len(archive.index.articles_by_year[year])})" for year in years
    )
    intro = (
        f"{len(archive.articles)} articles. The newest are below; every article is listed by date "
        f"in the {page.link('timeline', hub_source(TIMELINE))}, and on its {page.link('outlet', hub_source(OUTLETS))}, "
        f"{page.link('event', hub_source(EVENTS))} and {page.link('tag', hub_source(TAGS))} pages."
    )
    return page_text(
        [
            page_head(
                "Articles",
                f"The newest of the archive's {len(archive.articles)} articles, and where to find every other.",
            ),
            "# Articles",
            paragraph(intro),
            paragraph(f"By year: {by_year}") if by_year else "",
            article_list(page, list(archive.articles)[:LATEST]),
        ]
    )


def render_speakers_index(page: PageContext) -> str:
    """Every speaker with their number of claims."""
    counts = {s: len(r) for s, r in page.archive.claims_by_speaker().items()}
    speakers = sorted(page.archive.registries.speakers.values(), key=lambda s: (-counts.get(s.id, 0), s.name))
    rows = [[page.link(s.name, speaker_source(s.id)), s.type, str(counts.get(s.id, 0))] for s in speakers]
    return page_text(
        [
            page_head(
                "Speakers", f"The {len(speakers)} people and organizations the archive's claims are attributed to."
            ),
            "# Speakers",
            paragraph("Everyone claims are attributed to, most quoted first."),
            stacked_table(["Speaker", "Type", "Claims"], rows),
        ]
    )


def render_outlets_index(page: PageContext) -> str:
    """Every outlet with its number of articles."""
    counts = Counter(a.outlet for a in page.archive.articles.values())
    outlets = sorted(page.archive.registries.outlets.values(), key=lambda o: o.name)
    rows = [[page.link(o.name, outlet_source(o.id)), text(o.country or ""), str(counts.get(o.id, 0))] for o in outlets]
    return page_text(
        [
            page_head("Outlets", f"The {len(outlets)} news outlets whose articles the archive holds or refers to."),
            "# Outlets",
            stacked_table(["Outlet", "Country", "Articles"], rows),
        ]
    )


def render_events_index(page: PageContext) -> str:
    """Every event, newest first."""
    counts = Counter(a.event for a in page.archive.articles.values())
    events = sorted(page.archive.registries.events.values(), key=lambda e: (e.date, e.id), reverse=True)
    rows = [[date_html(e.date), page.link(e.title, event_source(e.id)), str(counts.get(e.id, 0))] for e in events]
    return page_text(
        [
            page_head("Events", f"The {len(events)} events the archive follows, newest first, with their coverage."),
            "# Events",
            stacked_table(["Date", "Event", "Articles"], rows),
        ]
    )


def render_tags_index(page: PageContext) -> str:
    """The controlled vocabulary with usage counts."""
    archive = page.archive
    # The hub lookups list a claim or article once per tag it names: the same counts as counting them.
    claim_counts = {t: len(refs) for t, refs in archive.index.claims_by_tag.items()}
    article_counts = {t: len(ids) for t, ids in archive.index.articles_by_tag.items()}
    tags = sorted(archive.registries.tags.values(), key=lambda t: t.title)
    described = any(t.description for t in tags)  # a column of empty cells says nothing
    rows = [
        [
            page.link(t.title, tag_source(t.id)),
            *([text(t.description)] if described else []),
            str(article_counts.get(t.id, 0)),
            str(claim_counts.get(t.id, 0)),
        ]
        for t in tags
    ]
    return page_text(
        [
            page_head("Tags", "The archive's topics, each with its articles and claims."),
            "# Tags",
            stacked_table(["Tag", *(["Description"] if described else []), "Articles", "Claims"], rows),
        ]
    )


def render_statements_index(page: PageContext) -> dict[str, str]:
    """Every statement reported more than once, paginated (in a preview, only the pages an edit can change)."""
    statements = list(page.archive.statements.values())
    description = (
        f"The {len(statements)} statements reported by more than one article, each with its wordings side by side."
    )

    def one(here: PageContext, number: int, nav: str) -> str:
        intro = f"{len(statements)} statements were reported by more than one article, in different wordings."
        title = "Statements" + (f": page {number}" if number > 1 else "")
        listing = item_list(statement_item(here, s) for s in on_page(statements, number))
        return page_text([page_head(title, description), f"# {title}", paragraph(intro), nav, listing, nav])

    # A statement's card shows its members only: it can change only with one of their articles.
    return paginated(page, page_count(statements), one, lambda a: ([s.members for s in a.statements.values()],))


def newest_claims(archive: Archive, count: int) -> list[ClaimRef]:
    """The `count` last claims by `Archive.claim_sort_key`, last first, taken from the newest articles only."""
    articles = sorted(archive.articles.values(), key=lambda a: (a.date or "9999", a.id), reverse=True)
    refs: list[ClaimRef] = []
    for article in articles:
        if len(refs) >= count:
            break
        refs += [c.ref for c in sorted(article.claims, key=lambda c: c.span.start, reverse=True)]
    return refs[:count]


def render_claims_index(page: PageContext) -> str:
    """The one list of claims: the newest as built, any others by speaker, outlet, year, tag, kind and rating.

    Filtering runs on the search index (its filters are exact facets) in the reader's browser, and
    the chosen filters are kept in the address (`?speaker=…`), so the page stays the same size
    however many claims the archive holds; without JavaScript the newest claims are listed.
    """
    archive = page.archive
    refs = newest_claims(archive, NEWEST_CLAIMS)
    total = len(archive.claims)
    intro = (
        f"The archive holds {total} claims. Choose any combination of filters to list the matching claims; "
        "each links to its place in the article, and the address of the list keeps the filters, so it can be "
        "shared. Every speaker's, outlet's and tag's page lists its claims too."
    )
    shown = "All" if len(refs) == total else f"The newest {len(refs)} of the"
    browser = (
        f'<div class="claims-browser" data-claims-browser data-claims-total="{total}">'
        '<form class="claims-filter" aria-label="Filter claims" data-claims-filters></form>'
        f'<p class="claims-filter__count" aria-live="polite" data-claims-meta>{shown} {total} claims, newest first.</p>'
        '<ol class="claim-list" data-claims-results>' + "".join(claim_item(page, ref) for ref in refs) + "</ol></div>"
    )
    return page_text(
        [
            page_head(
                "Claims",
                f"Every one of the archive's {total} claims, filterable by speaker, outlet, year, tag, kind and rating.",
            ),
            "# Claims",
            paragraph(intro),
            browser,
        ]
    )


def render_timeline(page: PageContext) -> dict[str, str]:
    """Years with their number of articles, and a page per year (paginated) listing its articles by date."""
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
        result.update(_timeline_year(page.sibling(source), year, label))
    result[page.source] = page_text(
        [
            page_head("Timeline", "Every article of the archive by date, a page per year."),
            "# Timeline",
            paragraph("Every article by date, a page per year."),
            stacked_table(["Year", "Articles", "Claims"], rows),
        ]
    )
    return result


def _timeline_year(page: PageContext, year: str, label: str) -> dict[str, str]:
    archive = page.archive

    def ordered(linked: Archive) -> list[str]:
        ids = linked.index.articles_by_year.get(year, [])
        return sorted(ids, key=lambda a: (linked.articles[a].published or "", a))

    article_ids = ordered(archive)
    described = (
        f"The archive's {len(article_ids)} articles of {label}, by date."
        if label != "undated"
        else "The archive's undated articles."
    )

    def one(here: PageContext, number: int, nav: str) -> str:
        title = label + (f": page {number}" if number > 1 else "")
        parts = [page_head(title, described), f"# {text(title)}", nav]
        by_day: dict[str | None, list[str]] = {}
        for article_id in on_page(article_ids, number):
            by_day.setdefault(archive.articles[article_id].date, []).append(article_id)
        for day, ids in by_day.items():
            parts += [f"## {_day_heading(day)}", article_list(here, ids)]
        parts.append(nav)
        return page_text(parts)

    return paginated(page, page_count(article_ids), one, lambda linked: (ordered(linked),))


def _day_heading(day: str | None) -> str:
    """A day as a Markdown heading's text, for people (the heading's anchor follows it)."""
    return text(date_words(day))


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
        f"- {date_html(a.date)}: {page.article_link(a.id)} ({page.outlet_link(a.outlet)})"
        for a in list(archive.articles.values())[:10]
    ]
    events = sorted(archive.registries.events.values(), key=lambda e: e.date, reverse=True)[:10]
    event_items = [f"- {date_html(e.date)}: {page.link(e.title, event_source(e.id))}" for e in events]
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
