"""Hub pages that list many things: articles, speakers, outlets, events, tags, statements, claims, timeline, home summary."""

from __future__ import annotations

from collections import Counter, defaultdict

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
from build_tools.render.markup import attr, clip, text


def render_articles_index(page: PageContext) -> str:
    """Every article, newest first."""
    rows = ["| Date | Outlet | Article | Claims |", "|---|---|---|---|"]
    for article in page.archive.articles.values():
        claims = str(len(article.claims)) if article.annotation else "not yet annotated"
        rows.append(
            f"| {text(article.date or 'undated')} | {page.outlet_link(article.outlet)} | {page.article_link(article.id)} | {claims} |"
        )
    return f"# Articles\n\n{len(page.archive.articles)} articles, newest first.\n\n" + "\n".join(rows) + "\n"


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


def render_statements_index(page: PageContext) -> str:
    """Every statement reported more than once."""
    archive = page.archive
    rows = ["| Speaker | Statement | Appearances | Outlets |", "|---|---|---|---|"]
    for statement in archive.statements.values():
        first = archive.claims[statement.members[0]]
        outlets = sorted({archive.article_of(m).outlet or "?" for m in statement.members})
        names = ", ".join(archive.registries.outlets[o].name if o in archive.registries.outlets else o for o in outlets)
        rows.append(
            f"| {page.speaker_link(first.spec.speaker)} | {page.link(f'“{clip(first.spec.quote, 100)}”', statement_source(statement.id))} "
            f"| {len(statement.members)} | {text(names)} |"
        )
    intro = "Each statement below was reported by more than one article, in different wordings."
    return f"# Statements\n\n{intro}\n\n" + "\n".join(rows) + "\n"


def _options(values: dict[str, str]) -> str:
    return "".join(
        f'<option value="{attr(v)}">{text(label)}</option>' for v, label in sorted(values.items(), key=lambda x: x[1])
    )


def render_claims_index(page: PageContext) -> str:
    """Every claim in one table that readers filter by speaker, outlet, date, kind, tag and rating."""
    archive = page.archive
    refs = sorted(archive.claims, key=archive.claim_sort_key)
    speakers: dict[str, str] = {}
    outlets: dict[str, str] = {}
    years: dict[str, str] = {}
    tags: dict[str, str] = {}
    rows = []
    for ref in refs:
        claim = archive.claims[ref]
        article = archive.article_of(ref)
        speaker_key = archive.speaker_of(ref) or "unnamed"
        speakers[speaker_key] = page.speaker_name(claim.spec.speaker) if speaker_key != "unnamed" else "Unnamed sources"
        if article.outlet:
            outlets[article.outlet] = archive.registries.outlets[article.outlet].name
        year = article.date[:4]
        if year:
            years[year] = year
        for tag in claim.spec.tags:
            tags[tag] = archive.registries.tags[tag].title
        rating = claim.spec.review.rating if claim.spec.review else "none"
        data = (
            f'data-speaker="{attr(speaker_key)}" data-outlet="{attr(article.outlet or "")}" data-year="{attr(year)}" '
            f'data-kind="{claim.spec.kind.value}" data-tags="{attr(" ".join(claim.spec.tags))}" data-rating="{rating}"'
        )
        rows.append(
            f"<tr {data}><td>{text(article.date or 'undated')}</td><td>{page.outlet_link(article.outlet, html=True)}</td>"
            f"<td>{page.speaker_link(claim.spec.speaker, html=True)}</td><td>{KIND_LABELS[claim.spec.kind.value]}</td>"
            f"<td>{page.html_link('“' + clip(claim.spec.quote, 140) + '”', claim_source(ref))}</td>"
            f"<td>{RATINGS.get(rating, '—')}</td></tr>"
        )
    filters = [
        ("speaker", "Speaker", speakers),
        ("outlet", "Outlet", outlets),
        ("year", "Year", years),
        ("kind", "Kind", {k: v for k, v in KIND_LABELS.items()}),
        ("tags", "Tag", tags),
        ("rating", "Rating", {**RATINGS, "none": "Not reviewed"}),
    ]
    controls = "".join(
        f'<label>{label} <select data-filter="{key}"><option value="">all</option>{_options(values)}</select></label> '
        for key, label, values in filters
    )
    return (
        "# Claims\n\n"
        f"Every claim in the archive ({len(refs)}), by date. Narrow the list with the filters; "
        "each claim links to its place in the article.\n\n"
        f'<form class="claims-filter" aria-label="Filter claims">{controls}'
        '<output class="claims-filter__count" aria-live="polite"></output></form>\n\n'
        '<table class="claims-table">\n<thead><tr><th scope="col">Date</th><th scope="col">Outlet</th>'
        '<th scope="col">Speaker</th><th scope="col">Kind</th><th scope="col">Claim</th><th scope="col">Rating</th></tr></thead>\n'
        "<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>\n"
    )


def render_timeline(page: PageContext) -> str:
    """Articles and their claims by date."""
    archive = page.archive
    by_date: dict[str, list[str]] = defaultdict(list)
    for article in sorted(archive.articles.values(), key=lambda a: (a.published or "", a.id)):
        by_date[article.date or "undated"].append(article.id)
    parts = ["# Timeline\n\nEvery article by date, with the claims it reports."]
    for day in sorted(by_date, reverse=True):
        lines = [f"## {text(day)}"]
        for article_id in by_date[day]:
            article = archive.articles[article_id]
            lines.append(
                f"- {page.article_link(article_id)} ({page.outlet_link(article.outlet)}), {len(article.claims)} claims"
            )
            lines += [f"    - {page.claim_link(c.ref, limit=80)}" for c in article.claims]
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


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
    parts = [counts, "## Latest articles", "\n".join(latest) or "None yet."]
    parts += ["## Events", "\n".join(event_items) or "None yet."]
    parts += ["## Most-quoted speakers", "\n".join(speaker_items) or "None yet."]
    return "\n\n".join(parts)
