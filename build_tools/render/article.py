"""The article page: an `Article` and the archive in, Markdown headings over finished HTML out."""

from __future__ import annotations

import json

from build_tools.link import Article, Link
from build_tools.model import AnchoredClaim, ClaimRef, ExternalSource, Review
from build_tools.render.context import (
    PageContext,
    event_source,
    statement_source,
    tag_source,
)
from build_tools.render.highlight import Highlight, Mention, find_mentions, render_text
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
    pre_text,
    relative_url,
    text,
)
from build_tools.render.redirects import fragment_aliases, moved_fragments
from build_tools.render.structured import absolute, article_structured_data, cite_box, claim_bibtex
from build_tools.urls import article_source, claim_source, url_of
from build_tools.vocabulary import KIND_LABELS, RATINGS


def render_article(page: PageContext, article: Article) -> str:
    """The Markdown of one article page."""
    return page_text(
        [
            *_title(page, article),
            _metadata(page, article),
            _not_annotated(page, article),
            _legend(article),
            _body(page, article),
            *_claims(page, article),
            *_references(page, article),
            *_notes(article),
            _cleaning(article),
            cite_box(page, article),
            _edit(page, article),
            article_structured_data(page, article),
        ]
    )


def _in_headline(article: Article, claim: AnchoredClaim) -> bool:
    headline = article.clean.headline
    return headline is not None and headline.start <= claim.span.start < headline.end


def _title(page: PageContext, article: Article) -> list[str]:
    """The page title: plain, or the headline as printed with its claims highlighted when claims quote it."""
    headline = article.clean.headline
    if headline is None or not any(_in_headline(article, c) for c in article.claims):
        return [f"# {text(article.title)}"]
    highlights = [
        h for h, c in zip(_highlights(page, article), article.claims, strict=True) if _in_headline(article, c)
    ]
    html = render_text(article.clean.text, [(headline.start, headline.end)], highlights, [])
    return [
        front_matter(title=article.title),
        f'<h1 class="article-headline">{html.removeprefix("<p>").removesuffix("</p>")}</h1>',
    ]


def _metadata(page: PageContext, article: Article) -> str:
    archive = page.archive
    meta = article.meta_value
    rows = [f"<strong>Outlet:</strong> {page.outlet_link(article.outlet)}"]
    rows.append(f"<strong>Published:</strong> {text(article.published) if article.published else 'date unknown'}")
    if article.clean.dateline:
        rows.append(f"<strong>Dateline:</strong> {text(article.clean.dateline)}")
    if article.event and article.event in archive.registries.events:
        rows.append(
            f"<strong>Event:</strong> {page.link(archive.registries.events[article.event].title, event_source(article.event))}"
        )
    if article.tags:
        rows.append(
            "<strong>Tags:</strong> "
            + ", ".join(page.link(archive.registries.tags[t].title, tag_source(t)) for t in article.tags)
        )
    original = external_link("original article", meta["url"]) if href(meta["url"]) else "not recorded"
    archived = external_link("archived copy", meta["archived_url"]) if href(meta["archived_url"]) else "none recorded"
    rows.append(f"<strong>Original:</strong> {original} · <strong>Archived:</strong> {archived}")
    if article.claims:
        rows.append(f"<strong>Claims:</strong> {len(article.claims)} annotated")
    return html_list(rows, "article-meta")


def _not_annotated(page: PageContext, article: Article) -> str:
    if article.annotation is not None:
        return ""
    return (
        '<div class="admonition note"><p class="admonition-title">Not yet annotated</p>'
        "<p>This article is published as scraped and cleaned, but nobody has annotated its claims yet. "
        f'See the <a href="{page.url("contributing.md")}">contributor guide</a> to add them.</p></div>'
    )


def _legend(article: Article) -> str:
    if not article.claims:
        return ""
    kinds = sorted({c.spec.kind.value for c in article.claims}, key=list(KIND_LABELS).index)
    items = "".join(
        f'<span class="claim-legend__item"><mark class="claim claim--{k}">{KIND_LABELS[k]}</mark></span> '
        for k in kinds
    )
    return (
        f'<p class="claim-legend" aria-label="Highlight legend">Highlighted claims: {items}'
        "— hover over or tab to a numbered marker to see who said it.</p>"
    )


def _mentions(page: PageContext, article: Article) -> list[Mention]:
    return find_mentions(article.clean.text, page.names, page.url)


def _card(page: PageContext, claim: AnchoredClaim) -> str:
    spec = claim.spec
    lines = [
        f'<span class="claim-card__speaker">{text(page.speaker_name(spec.speaker))}</span>',
        f'<span class="claim-card__kind">{KIND_LABELS[spec.kind.value]}</span>',
        f'<span class="claim-card__summary">{text(spec.summary)}</span>',
    ]
    if spec.review:
        lines.append(f'<span class="claim-card__rating">Rated: {RATINGS[spec.review.rating]}</span>')
    lines.extend(
        f'<span class="claim-card__relation">{text(_link_plain(page, link))}</span>'
        for link in page.archive.claim_links.get(claim.ref, [])
    )
    return "".join(lines)


def _link_plain(page: PageContext, link: Link) -> str:
    other = link.other
    if isinstance(other, ClaimRef):
        return f"{link.wording}: {page.claim_label(other, 60)}"
    if isinstance(other, ExternalSource):
        return f"{link.wording}: {other.title}"
    return f"{link.wording}: {page.archive.articles[other].title}"


def _highlights(page: PageContext, article: Article) -> list[Highlight]:
    return [
        Highlight(
            c.span.start,
            c.span.end,
            c.ref.claim_id,
            c.spec.kind.value,
            number,
            _card(page, c),
            f"Claim {number}: {page.speaker_name(c.spec.speaker)}, {KIND_LABELS[c.spec.kind.value]}",
            page.speaker_name(c.spec.speaker),
        )
        for number, c in enumerate(article.claims, start=1)
    ]


def _body(page: PageContext, article: Article) -> str:
    highlights = [
        h for h, c in zip(_highlights(page, article), article.claims, strict=True) if not _in_headline(article, c)
    ]
    body = article.clean.body_paragraphs
    mentions = [m for m in _mentions(page, article) if m.start >= article.clean.body_start]
    html = render_text(article.clean.text, body, highlights, mentions)
    language = article.meta_value["language"]
    lang = f' lang="{attr(language)}"' if language else ""
    return f'<div class="article-text"{lang}>\n{html}\n</div>'


def _moved_claims(page: PageContext, article: Article) -> str:
    """Claims that moved to another page: archive.js sends their old addresses there."""
    moves = moved_fragments(page.archive.redirects, url_of(article_source(article.id)))
    if not moves:
        return ""
    relative = {fragment: relative_url(url_of(page.source), url) for fragment, url in moves.items()}
    return f'<div hidden data-claim-moves="{attr(json.dumps(relative))}"></div>'


def _claims(page: PageContext, article: Article) -> list[str]:
    if not article.claims:
        return [_moved_claims(page, article)]
    blocks = [f"## Claims ({len(article.claims)})", _moved_claims(page, article)]
    blocks += [_claim_block(page, claim, number) for number, claim in enumerate(article.claims, start=1)]
    return blocks


def _claim_block(page: PageContext, claim: AnchoredClaim, number: int) -> str:
    spec = claim.spec
    archive = page.archive
    kind = spec.kind.value
    aliases = fragment_aliases(archive.redirects, url_of(article_source(claim.ref.article_id))).get(
        f"claim-{spec.id}", []
    )
    # Old addresses of a renamed claim land here too.
    anchors = "".join(f'<span id="{old}" class="claim-alias"></span>' for old in aliases)
    facts = [f"<strong>Speaker:</strong> {page.speaker_link(spec.speaker)}"]
    if spec.cue:
        facts.append(f"<strong>Attribution:</strong> “{text(spec.cue)}”")
    facts.append(f"<strong>Summary:</strong> {text(spec.summary)}")
    if spec.tags:
        facts.append(
            "<strong>Tags:</strong> "
            + ", ".join(page.link(archive.registries.tags[t].title, tag_source(t)) for t in spec.tags)
        )
    if claim.method != "exact":
        facts.append(f"<strong>Anchored:</strong> {claim.method} match ({claim.score:.0f}%)")
    if spec.review:
        facts.append(_review(spec.review))
    statement = archive.statement_of.get(claim.ref)
    if statement:
        count = len(archive.statements[statement].members)
        facts.append(
            "<strong>Statement:</strong> "
            + page.link(f"one statement, {count} appearances", statement_source(statement))
        )
    facts.extend(
        f"<strong>{text(link.wording.capitalize())}:</strong> {_link_target(page, link)}"
        for link in archive.claim_links.get(claim.ref, [])
    )
    facts.append(f"<strong>Cite:</strong> {text(_claim_citation(page, claim))}")
    return (
        f'<section class="claim-block claim-block--{kind}" id="claim-{spec.id}">{anchors}\n'
        f'<p class="claim-block__title"><a class="claim-block__number" href="#claim-{spec.id}" '
        f'title="Permalink to this claim">{number}</a> <strong>{text(page.speaker_name(spec.speaker))}</strong> '
        f'<span class="claim-block__kind">{KIND_LABELS[kind]}</span></p>\n'
        f"<blockquote><p>{text(claim.quote)}</p></blockquote>\n"
        f"{html_list(facts)}\n{claim_bibtex(page, claim)}\n</section>"
    )


def _claim_citation(page: PageContext, claim: AnchoredClaim) -> str:
    article = page.archive.article_of(claim.ref)
    outlet = page.archive.registries.outlets.get(article.outlet or "")
    url = absolute(page, claim_source(claim.ref))
    who = page.speaker_name(claim.spec.speaker)
    return f"{who}, quoted by {outlet.name if outlet else 'unknown outlet'} ({article.date or 'n.d.'}), Annotated News Archive, {url}"


def _review(review: Review) -> str:
    sources = html_list(external_link(clip(source, 80), source) for source in review.sources)
    return f"<strong>Review:</strong> {RATINGS[review.rating]} — {text(review.explanation)}{sources}"


def _link_target(page: PageContext, link: Link) -> str:
    other = link.other
    if isinstance(other, ClaimRef):
        return page.claim_link(other)
    if isinstance(other, ExternalSource):
        return page.external(other)
    return page.article_link(other)


def _references(page: PageContext, article: Article) -> list[str]:
    items = [
        f"{text(link.wording.capitalize())}: {_link_target(page, link)}"
        for link in page.archive.article_links.get(article.id, [])
    ]
    items += [
        f"Read more: “{text(title)}” (a link in the original article; not in this archive)"
        for title in article.clean.read_more
    ]
    if not items:
        return []
    return ["## References", html_list(items)]


def _notes(article: Article) -> list[str]:
    if article.annotation is None or not article.annotation.notes:
        return []
    return ["## Notes", *(paragraph(text(p)) for p in article.annotation.notes.split("\n\n") if p.strip())]


def _cleaning(article: Article) -> str:
    rows = "\n".join(
        f"<tr><td>{entry.raw_line}</td><td>{body_text(entry.reason)}</td><td>{body_text(clip(entry.display_text, 160))}</td></tr>"
        for entry in article.clean.log
    )
    return (
        '<details class="cleaning-log">\n<summary>Cleaning log: what was removed from the raw text, and why</summary>\n'
        '<table>\n<thead><tr><th scope="col">Raw line</th><th scope="col">Reason</th><th scope="col">Text</th></tr></thead>\n'
        f"<tbody>\n{rows}\n</tbody>\n</table>\n</details>\n"
        '<details class="raw-text">\n<summary>Raw text, exactly as scraped</summary>\n'
        f'<pre class="raw-text__content">{pre_text(article.raw.text)}</pre>\n</details>'
    )


def _edit(page: PageContext, article: Article) -> str:
    path = f"annotations/articles/{article.id}.yml"
    url = page.edit_link(path)
    if url is None or href(url) is None:
        # The path is built from a validated id, so it needs no escaping.
        return f"<p><em>Annotations: <code>{path}</code> in the repository.</em></p>"
    label = "Edit these annotations" if article.annotation else "Annotate this article"
    return f'<p class="edit-annotations">{external_link(label, url)} — <code>{body_text(path)}</code></p>'
