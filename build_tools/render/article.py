"""The article page: an `Article` and the archive in, Markdown front matter over finished HTML out.

The page puts the text first: the headline, a one-line byline, the article's relations, then the
text with its claims highlighted and, beside it on wide screens (below it on phones), one short
note per claim whose detail opens on demand. A claim's permanent address, `#claim-<id>`, is its
highlighted words; its note is `#note-<id>`. The raw file and the cleaning log are published
beside the page (`urls.raw_source`, `urls.cleaning_source`) and loaded when a reader asks.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime

from build_tools.link import Article, Link
from build_tools.model import AnchoredClaim, ClaimRef, ExternalSource, Review
from build_tools.render.context import (
    PageContext,
    event_source,
    outlet_source,
    statement_source,
    tag_source,
)
from build_tools.render.highlight import Highlight, find_mentions, render_text
from build_tools.render.markup import (
    attr,
    body_text,
    clip,
    external_link,
    front_matter,
    href,
    html_list,
    page_text,
    paragraph,
    relative_url,
    text,
)
from build_tools.render.redirects import fragment_aliases, moved_fragments
from build_tools.render.structured import article_structured_data, cite_box
from build_tools.urls import article_source, claim_source, cleaning_source, raw_source, url_of
from build_tools.vocabulary import KIND_LABELS, RATINGS

THEME_FAVICON = "assets/images/favicon.png"
"""Material's favicon, which every page of the site names; the standalone log page names it too."""

SEPARATOR = ' <span class="article-sep" aria-hidden="true">·</span> '
"""Between the items of a byline."""

LEDE_MINIMUM = 60
"""A first paragraph shorter than this (a standfirst, a dateline) is followed by the next in the description."""


def render_article(page: PageContext, article: Article) -> str:
    """The Markdown of one article page."""
    return page_text(
        [
            front_matter(title=article.title, description=description(page, article), hide=("toc",)),
            _headline(page, article),
            _byline(page, article),
            _related(page, article),
            _not_annotated(page, article),
            _reading(page, article),
            _about(page, article),
            _sources(page, article),
            article_structured_data(page, article),
        ]
    )


# --------------------------------------------------------------------------------------------
# What a link preview and a search engine show
# --------------------------------------------------------------------------------------------


def description(page: PageContext, article: Article) -> str:
    """The page's description: the article's lede, else its claims' summaries, else its outlet and date."""
    clean = article.clean
    lede = ""
    for start, end in clean.body_paragraphs:
        lede = f"{lede} {clean.text[start:end]}".strip()
        if len(lede) >= LEDE_MINIMUM:
            break
    if lede:
        return _first_sentences(lede)
    summaries = " ".join(c.spec.summary for c in article.claims)
    if summaries:
        return summaries
    outlet = page.archive.registries.outlets.get(article.outlet or "")
    return f"{outlet.name if outlet else 'An article'}, {human_date(article.published) if article.published else 'undated'}."


def _first_sentences(lede: str, limit: int = 160) -> str:
    """As many whole sentences of the lede as fit in a description, or the lede as it is (clipped later)."""
    flat = " ".join(lede.split())
    if len(flat) <= limit:
        return flat
    ends = [m.end() for m in re.finditer(r"[.!?][”’\"']?(?=\s)", flat) if LEDE_MINIMUM <= m.end() <= limit]
    if ends:
        return flat[: ends[-1]]
    return flat[: flat.rfind(" ", 0, limit - 1)].rstrip(" ,;:") + "…"


# --------------------------------------------------------------------------------------------
# Above the text: headline, byline, relations
# --------------------------------------------------------------------------------------------


def _in_headline(article: Article, claim: AnchoredClaim) -> bool:
    headline = article.clean.headline
    return headline is not None and headline.start <= claim.span.start < headline.end


def _headline(page: PageContext, article: Article) -> str:
    """The headline as printed, with its claims highlighted when claims quote it; else the title.

    `data-in-text` marks a heading that shows the words of the article's own headline line, which
    are part of its clean text (claims may quote them): the page's "Suggest a claim" counts them.
    """
    headline = article.clean.headline
    quoted = [h for h, c in zip(_highlights(page, article), article.claims, strict=True) if _in_headline(article, c)]
    if headline is None:
        return f'<h1 class="article-headline">{text(article.title)}</h1>'
    if not quoted:
        printed = article.clean.text[headline.start : headline.end] == article.title
        marker = " data-in-text" if printed else ""
        return f'<h1 class="article-headline"{marker}>{text(article.title)}</h1>'
    html = render_text(article.clean.text, [(headline.start, headline.end)], quoted, [])
    return f'<h1 class="article-headline" data-in-text>{html.removeprefix("<p>").removesuffix("</p>")}</h1>'


def human_date(published: str) -> str:
    """An ISO date or datetime as readers write it: `2 August 2017`, `2 August 2017, 19:09`, `…, 19:09 UTC+03:00`."""
    try:
        if len(published) <= 10:
            day = date.fromisoformat(published)
            return f"{day.day} {day:%B %Y}"
        moment = datetime.fromisoformat(published)
    except ValueError:
        return published
    return f"{moment.day} {moment:%B %Y}, {moment:%H:%M}{_zone(moment)}"


def _zone(moment: datetime) -> str:
    offset = moment.utcoffset()
    if offset is None:
        return ""
    minutes = int(offset.total_seconds()) // 60
    if not minutes:
        return " UTC"
    sign = "+" if minutes > 0 else "-"
    return f" UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _time(published: str) -> str:
    return f'<time datetime="{attr(published)}">{text(human_date(published))}</time>'


def _byline(page: PageContext, article: Article) -> str:
    """Outlet, date, dateline, event and the links to the original that exist, on one line."""
    archive = page.archive
    items = [page.outlet_link(article.outlet)]
    items.append(_time(article.published) if article.published else "date unknown")
    if article.clean.dateline:
        items.append(text(article.clean.dateline))
    if article.event and article.event in archive.registries.events:
        items.append(page.link(archive.registries.events[article.event].title, event_source(article.event)))
    items += _originals(article)
    return f'<p class="article-byline">{SEPARATOR.join(items)}</p>'


def _originals(article: Article) -> list[str]:
    """Links to the article where it was published and to its archived copy, those that were recorded."""
    meta = article.meta_value
    return [
        external_link(label, meta[key])
        for key, label in (("url", "original"), ("archived_url", "archived copy"))
        if href(meta[key])
    ]


def _related(page: PageContext, article: Article) -> str:
    """What the page holds below the text and the articles it relates to, reachable from the top."""
    items = []
    if article.claims:
        count = len(article.claims)
        items.append(f'<a href="#claims">{count} claim{"s" if count != 1 else ""}</a>')
    if _notes_paragraphs(article):
        items.append('<a href="#notes">Editor’s notes</a>')
    items += [
        f"{text(link.wording.capitalize())}: {_reference_target(page, link)}"
        for link in page.archive.article_links.get(article.id, [])
    ]
    if not _originals(article):
        items.append('<span class="article-related__quiet">no link to the original recorded</span>')
    return html_list(items, "article-related")


def _reference_target(page: PageContext, link: Link) -> str:
    other = link.other
    if isinstance(other, ExternalSource):
        return _external(page, other)
    if isinstance(other, ClaimRef):
        return _claim_link(page, other)
    target = page.archive.articles[other]
    outlet = page.archive.registries.outlets.get(target.outlet or "")
    return f"{page.link(clip(target.title, 60), article_source(other))} ({text(outlet.name) if outlet else 'unknown outlet'})"


def _external(page: PageContext, source: ExternalSource) -> str:
    """A document outside the archive: its title (linked where an http(s) URL is known), its outlet (linked to its page), its date."""
    details = []
    if source.outlet and source.outlet in page.archive.registries.outlets:
        details.append(page.link(page.archive.registries.outlets[source.outlet].name, outlet_source(source.outlet)))
    if source.published and human_date(source.published) not in source.title and source.published not in source.title:
        details.append(text(human_date(source.published)))
    if not href(source.url):
        details.append("not in this archive")
    label = external_link(source.title, source.url)
    return f"{label} ({', '.join(details)})" if details else label


def _not_annotated(page: PageContext, article: Article) -> str:
    if article.annotation is not None:
        return ""
    return (
        '<div class="admonition note"><p class="admonition-title">Not yet annotated</p>'
        "<p>This article is published as scraped and cleaned, but nobody has annotated its claims yet. "
        f'See the <a href="{page.url("contributing.md")}">contributor guide</a> to add them.</p></div>'
    )


# --------------------------------------------------------------------------------------------
# The text and its claims
# --------------------------------------------------------------------------------------------


def _reading(page: PageContext, article: Article) -> str:
    """The text (and the editor's notes) with the claims' notes beside it on wide screens, below it on phones."""
    main = f'<div class="article-main">\n{_body(page, article)}\n{_notes(article)}</div>'
    notes = _claim_notes(page, article)
    kind = "article-layout" if article.claims else "article-layout article-layout--plain"
    return f'<div class="{kind}"><div class="article-columns">\n{main}\n{notes}\n</div></div>'


def _highlights(page: PageContext, article: Article) -> list[Highlight]:
    aliases = fragment_aliases(page.archive.redirects, url_of(article_source(article.id)))
    return [
        Highlight(
            c.span.start,
            c.span.end,
            c.ref.claim_id,
            c.spec.kind.value,
            number,
            f"Claim {number}: {page.speaker_name(c.spec.speaker)}, {KIND_LABELS[c.spec.kind.value]}",
            page.speaker_name(c.spec.speaker),
            tuple(aliases.get(f"claim-{c.ref.claim_id}", ())),
        )
        for number, c in enumerate(article.claims, start=1)
    ]


def _body(page: PageContext, article: Article) -> str:
    highlights = [
        h for h, c in zip(_highlights(page, article), article.claims, strict=True) if not _in_headline(article, c)
    ]
    mentions = [
        m for m in find_mentions(article.clean.text, page.names, page.url) if m.start >= article.clean.body_start
    ]
    html = render_text(article.clean.text, article.clean.body_paragraphs, highlights, mentions)
    language = article.meta_value["language"]
    lang = f' lang="{attr(language)}"' if language else ""
    return f'<div class="article-text"{lang}>\n{html}\n</div>'


def _notes_paragraphs(article: Article) -> list[str]:
    if article.annotation is None or not article.annotation.notes:
        return []
    return [p for p in article.annotation.notes.split("\n\n") if p.strip()]


def _notes(article: Article) -> str:
    paragraphs = _notes_paragraphs(article)
    if not paragraphs:
        return ""
    body = "".join(paragraph(text(p)) for p in paragraphs)
    return (
        '<section class="article-notes" id="notes" aria-labelledby="notes-title">'
        f'<h2 id="notes-title">Editor’s notes</h2>{body}</section>\n'
    )


def _legend(article: Article) -> str:
    kinds = sorted({c.spec.kind.value for c in article.claims}, key=list(KIND_LABELS).index)
    items = " ".join(f'<mark class="claim claim--{k}">{KIND_LABELS[k]}</mark>' for k in kinds)
    return (
        f'<p class="claim-legend">{items}<span class="claim-legend__how"> Select a highlight or its number '
        "for who said it, its relations and its citation.</span></p>"
    )


def _claim_notes(page: PageContext, article: Article) -> str:
    moved = _moved_claims(page, article)
    if not article.claims:
        return moved
    notes = "\n".join(_claim_note(page, claim, number) for number, claim in enumerate(article.claims, start=1))
    return (
        '<section class="claim-notes" id="claims" aria-labelledby="claims-title">'
        f'<h2 id="claims-title">Claims <span class="claim-notes__count">({len(article.claims)})</span></h2>'
        f'{_legend(article)}{moved}\n<ol class="claim-notes__list">\n{notes}\n</ol></section>'
    )


def _moved_claims(page: PageContext, article: Article) -> str:
    """Claims that moved to another page: the article script sends their old addresses there."""
    moves = moved_fragments(page.archive.redirects, url_of(article_source(article.id)))
    if not moves:
        return ""
    relative = {fragment: relative_url(url_of(page.source), url) for fragment, url in moves.items()}
    return f'<div hidden data-claim-moves="{attr(json.dumps(relative))}"></div>'


def _claim_note(page: PageContext, claim: AnchoredClaim, number: int) -> str:
    """One claim's note: who, what kind, its summary; its detail (relations, review, tags) on demand."""
    spec = claim.spec
    kind = spec.kind.value
    rating = (
        f' <span class="claim-note__rating">Rated {RATINGS[spec.review.rating].lower()}</span>' if spec.review else ""
    )
    head = (
        f'<p class="claim-note__head"><a class="claim-marker claim-marker--{kind}" href="#claim-{spec.id}" '
        f'aria-label="Claim {number}, in the text">{number}</a> '
        f'<span class="claim-note__speaker">{page.speaker_link(spec.speaker)}</span> '
        f'<span class="claim-note__kind">{KIND_LABELS[kind]}</span>{rating}</p>'
    )
    facts = _facts(page, claim)
    relations = len(page.archive.claim_links.get(claim.ref, []))
    label = f"Details: {relations} relation{'s' if relations != 1 else ''}" if relations else "Details"
    detail = f'<details class="claim-note__detail"><summary>{label}</summary>{html_list(facts, "claim-note__facts")}</details>'
    return (
        f'<li class="claim-note claim-note--{kind}" id="note-{spec.id}" data-claim="{spec.id}">{head}'
        f'<p class="claim-note__summary">{text(spec.summary)}</p>{detail}</li>'
    )


def _facts(page: PageContext, claim: AnchoredClaim) -> list[str]:
    """The detail of a claim: attribution, statement and its other wordings, relations, review, tags."""
    spec = claim.spec
    archive = page.archive
    facts = [f"Attribution: “{text(spec.cue)}”"] if spec.cue else []
    statement = archive.statement_of.get(claim.ref)
    if statement:
        facts.append(_statement(page, claim.ref, statement))
    facts += [
        f"{text(link.wording.capitalize())}: {_reference_target(page, link)}"
        for link in archive.claim_links.get(claim.ref, [])
        if link.type != "same-as"
    ]
    if spec.review:
        facts.append(_review(spec.review))
    if spec.tags:
        facts.append(
            "Tags: " + ", ".join(page.link(archive.registries.tags[t].title, tag_source(t)) for t in spec.tags)
        )
    if claim.method != "exact":
        facts.append(f"Anchored: {claim.method} match ({claim.score:.0f}%)")
    return facts


def _statement(page: PageContext, ref: ClaimRef, statement: str) -> str:
    """The statement a claim is one wording of: the other wordings, each linked to its words, and the statement's page."""
    members = page.archive.statements[statement].members
    others = html_list(_wording(page, other) for other in members if other != ref)
    compare = page.link(f"all {len(members)} wordings compared", statement_source(statement))
    return f"Same statement as ({compare}):{others}"


def _wording(page: PageContext, ref: ClaimRef) -> str:
    """Another article's wording of a statement: its outlet and date, linked to its words, and the words."""
    claim = page.archive.claims[ref]
    article = page.archive.article_of(ref)
    outlet = page.archive.registries.outlets.get(article.outlet or "")
    where = outlet.name if outlet else "unknown outlet"
    if article.published:
        where += ", " + human_date(article.date)
    return f"{page.link(where, claim_source(ref))}: <q>{text(clip(claim.quote, 140))}</q>"


def _claim_link(page: PageContext, ref: ClaimRef) -> str:
    """A related claim: who said it, where and when, its words (linked to them)."""
    claim = page.archive.claims[ref]
    article = page.archive.article_of(ref)
    outlet = page.archive.registries.outlets.get(article.outlet or "")
    where = ", ".join(x for x in (outlet.name if outlet else "", human_date(article.date) if article.date else "") if x)
    label = f"{page.speaker_name(claim.spec.speaker)} ({where or 'unknown outlet'}): “{clip(claim.quote, 90)}”"
    return page.link(label, claim_source(ref))


def _review(review: Review) -> str:
    sources = html_list(external_link(clip(source, 80), source) for source in review.sources)
    return f"Review: <strong>{RATINGS[review.rating]}</strong>. {text(review.explanation)}{sources}"


# --------------------------------------------------------------------------------------------
# Below: about the article, its sources and how to cite it
# --------------------------------------------------------------------------------------------


def _about(page: PageContext, article: Article) -> str:
    archive = page.archive
    items = [
        f"Read more: “{text(title)}” (a link in the original article; not in this archive)"
        for title in article.clean.read_more
    ]
    if article.tags:
        items.append(
            "Tags: " + ", ".join(page.link(archive.registries.tags[t].title, tag_source(t)) for t in article.tags)
        )
    items.append(_edit(page, article))
    return (
        '<section class="article-about" id="about" aria-labelledby="about-title">'
        f'<h2 id="about-title">About this article</h2>{html_list(items)}</section>'
    )


def _edit(page: PageContext, article: Article) -> str:
    path = f"annotations/articles/{article.id}.yml"
    url = page.edit_link(path)
    if url is None or href(url) is None:
        # The path is built from a validated id, so it needs no escaping.
        return f"Annotations: <code>{path}</code> in the repository."
    label = "Edit these annotations" if article.annotation else "Annotate this article"
    return f'<span class="edit-annotations">{external_link(label, url)}: <code>{body_text(path)}</code></span>'


def _sources(page: PageContext, article: Article) -> str:
    raw = page.url(raw_source(article.id))
    log = page.url(cleaning_source(article.id))
    removed = len(article.clean.log)
    return (
        '<section class="article-sources" id="sources" aria-labelledby="sources-title">'
        '<h2 id="sources-title">Sources and citation</h2>\n'
        f"{cite_box(page, article)}\n"
        f'<details class="raw-text" data-fetch="{raw}"><summary>Raw text, exactly as scraped</summary>'
        f'<p class="article-fetch"><a href="{raw}">Open the raw file</a> (plain text, as received).</p>'
        '<pre class="raw-text__content" tabindex="0" aria-label="Raw text" hidden></pre></details>\n'
        f'<details class="cleaning-log" data-fetch="{log}"><summary>Cleaning log: what was removed from the raw text, '
        f"and why ({removed} entr{'ies' if removed != 1 else 'y'})</summary>"
        f'<p class="article-fetch"><a href="{log}">Open the cleaning log</a>.</p>'
        '<div class="cleaning-log__content" hidden></div></details></section>'
    )


def render_cleaning_log(article: Article) -> str:
    """The cleaning log of an article as a small page of its own, published beside the article page.

    The article page loads its table when a reader opens the log; without scripts it is linked.
    """
    rows = (
        "\n".join(
            f"<tr><td>{entry.raw_line}</td><td>{body_text(entry.reason)}</td><td>{body_text(clip(entry.display_text, 160))}</td></tr>"
            for entry in article.clean.log
        )
        or '<tr><td colspan="3">Nothing was removed.</td></tr>'
    )
    here = url_of(cleaning_source(article.id))
    back = relative_url(here, url_of(article_source(article.id)))
    raw = relative_url(here, url_of(raw_source(article.id)))
    icon = relative_url(here, THEME_FAVICON)
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="robots" content="noindex">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<link rel="icon" href="{icon}">\n'
        f"<title>Cleaning log: {body_text(article.title)}</title>\n</head>\n<body>\n"
        f'<p>What was removed from the <a href="{raw}">raw text</a> of <a href="{back}">{body_text(article.title)}</a>, '
        "and why. Raw lines count from 1.</p>\n"
        '<table class="cleaning-log__table">\n<thead><tr><th scope="col">Raw line</th><th scope="col">Reason</th>'
        f'<th scope="col">Text</th></tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>\n</body>\n</html>\n'
    )
