"""Structured data and citations for pages: schema.org JSON-LD blocks and "cite this" boxes; pure.

JSON-LD is serialized with `<`, `>` and `&` escaped as JSON unicode escapes, so no value can end
the script element or open markup, whatever a contributor wrote.
"""

from __future__ import annotations

from typing import Any

from build_tools.export import bibtex_escape
from build_tools.jsontext import compact_json
from build_tools.link import Article
from build_tools.model import AnchoredClaim, Speaker, UnnamedSpeaker
from build_tools.render.context import PageContext
from build_tools.render.markup import attr, body_text, clip, pre_text
from build_tools.urls import article_source, claim_source, data_source, outlet_source, speaker_source, url_of
from build_tools.vocabulary import RATINGS

SITE_NAME = "Annotated News Archive"
"""The publisher named in structured data and citations."""


def json_ld(document: dict[str, Any]) -> str:
    """A `<script type="application/ld+json">` block that cannot break out of itself."""
    data = compact_json(document)
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{data}</script>'


def absolute(page: PageContext, source: str) -> str:
    """The permanent absolute URL of a source page (site-relative when no site URL is configured)."""
    base = (page.options.site_url or "/").rstrip("/") + "/"
    return base + url_of(source)


def _speaker_entity(page: PageContext, speaker: Speaker) -> dict[str, Any]:
    entity: dict[str, Any] = {
        "@type": "Person" if speaker.type == "person" else "Organization",
        "@id": absolute(page, speaker_source(speaker.id)),
        "name": speaker.name,
        "url": absolute(page, speaker_source(speaker.id)),
    }
    same_as = ([f"https://www.wikidata.org/wiki/{speaker.wikidata}"] if speaker.wikidata else []) + list(speaker.links)
    if same_as:
        entity["sameAs"] = same_as
    return entity


class _Graph:
    """The nodes of one page's JSON-LD, each once: later mentions of a node are `{"@id": ...}` references."""

    def __init__(self) -> None:
        self.nodes: dict[str, dict[str, Any]] = {}
        self.anonymous: list[dict[str, Any]] = []

    def ref(self, node: dict[str, Any]) -> dict[str, Any]:
        """A reference to `node`, which is added the first time (a node without an `@id` stays inline)."""
        ident = node.get("@id")
        if ident is None:
            return node
        self.nodes.setdefault(ident, node)
        return {"@id": ident}

    def add(self, node: dict[str, Any]) -> None:
        """A top-level node with no other node pointing at it (a review)."""
        self.anonymous.append(node)

    def document(self) -> dict[str, Any]:
        return {"@context": "https://schema.org", "@graph": [*self.nodes.values(), *self.anonymous]}


def _author(page: PageContext, speaker: str | UnnamedSpeaker | None, article: Article) -> dict[str, Any]:
    if isinstance(speaker, UnnamedSpeaker):
        return {"@type": "Person", "name": speaker.description}
    registered = page.archive.registries.speakers.get(speaker or "")
    if registered is not None:
        return _speaker_entity(page, registered)
    outlet = page.archive.registries.outlets.get(article.outlet or "")
    if outlet is None:
        return {"@type": "Organization", "name": "unknown outlet"}
    return _outlet_entity(page, outlet.id)


def _outlet_entity(page: PageContext, outlet_id: str) -> dict[str, Any]:
    outlet = page.archive.registries.outlets[outlet_id]
    entity: dict[str, Any] = {
        "@type": "Organization",
        "@id": absolute(page, outlet_source(outlet.id)),
        "name": outlet.name,
    }
    if outlet.url:
        entity["url"] = outlet.url
    return entity


def _news_article(page: PageContext, article: Article, graph: _Graph) -> dict[str, Any]:
    """The `NewsArticle` node of an article: on its own page with its sources, elsewhere its headline, date and publisher."""
    url = absolute(page, article_source(article.id))
    news: dict[str, Any] = {"@type": "NewsArticle", "@id": url, "url": url, "headline": article.title}
    if article.published:
        news["datePublished"] = article.published
    if article.outlet in page.archive.registries.outlets:
        news["publisher"] = graph.ref(_outlet_entity(page, article.outlet or ""))
    if page.source != article_source(article.id):
        return news
    meta = article.meta_value
    if meta["url"]:
        news["isBasedOn"] = meta["url"]
    if meta["archived_url"]:
        news["archivedAt"] = meta["archived_url"]
    if meta["language"]:
        news["inLanguage"] = meta["language"]
    return news


def _claim_entity(page: PageContext, claim: AnchoredClaim, graph: _Graph) -> dict[str, Any]:
    """A schema.org `Claim`: its text, author, appearance and first appearance (the statement's earliest wording)."""
    archive = page.archive
    article = archive.article_of(claim.ref)
    statement = archive.statement_of.get(claim.ref)
    first = archive.statements[statement].members[0] if statement else claim.ref
    entity: dict[str, Any] = {
        "@type": "Claim",
        "@id": absolute(page, claim_source(claim.ref)),
        "text": claim.quote,
        "author": graph.ref(_author(page, claim.spec.speaker, article)),
        "appearance": graph.ref(_news_article(page, article, graph)),
        "firstAppearance": graph.ref(_news_article(page, archive.article_of(first), graph)),
    }
    if article.published:
        entity["datePublished"] = article.published[:10]
    return entity


def _claim_review(page: PageContext, claim: AnchoredClaim, item: dict[str, Any]) -> dict[str, Any] | None:
    """A schema.org `ClaimReview` for a reviewed claim (Google's required fields), else None."""
    review = claim.spec.review
    if review is None:
        return None
    return {
        "@type": "ClaimReview",
        "url": absolute(page, claim_source(claim.ref)),
        "claimReviewed": clip(claim.quote, 74),
        "author": {"@type": "Organization", "name": SITE_NAME, "url": absolute(page, "index.md")},
        "reviewRating": {"@type": "Rating", "alternateName": RATINGS[review.rating]},
        "reviewBody": review.explanation,
        "itemReviewed": item,
    }


def article_structured_data(page: PageContext, article: Article) -> str:
    """JSON-LD for an article page: the `NewsArticle`, its claims, and reviews of reviewed claims.

    Every person, organization and article appears once, as a node of the graph; claims refer to
    them by `@id`, so the block grows with the claims' words, not with their speakers' details.
    """
    graph = _Graph()
    graph.ref(_news_article(page, article, graph))
    for claim in article.claims:
        item = graph.ref(_claim_entity(page, claim, graph))
        review = _claim_review(page, claim, item)
        if review is not None:
            graph.add(review)
    return json_ld(graph.document())


def speaker_structured_data(page: PageContext, speaker: Speaker) -> str:
    """JSON-LD for a speaker page: a `Person` or `Organization`, with `sameAs` to Wikidata."""
    entity = _speaker_entity(page, speaker)
    if speaker.description:
        entity["description"] = speaker.description
    return json_ld({"@context": "https://schema.org", **entity})


def cite_box(page: PageContext, article: Article) -> str:
    """The article's one "cite this" box: its permanent address, a plain-text and a BibTeX citation.

    Its `data-` attributes give the article script what a claim's citation needs (asked for claim by
    claim); the BibTeX of every claim is a download, `data/claims.bib.gz`.
    """
    url = absolute(page, article_source(article.id))
    outlet = page.archive.registries.outlets.get(article.outlet or "")
    outlet_name = outlet.name if outlet else "unknown outlet"
    date = article.published[:10] if article.published else "n.d."
    plain = f"{outlet_name} ({date}). {article.title}. {SITE_NAME}. {url}"
    key = "archive:" + article.id
    bibtex = (
        f"@misc{{{key},\n  title        = {{{bibtex_escape(article.title)}}},\n"
        f"  author       = {{{{{bibtex_escape(outlet_name)}}}}},\n  year         = {{{date[:4]}}},\n"
        f"  howpublished = {{\\url{{{url}}}}},\n  note         = {{Annotated in the {SITE_NAME}}}\n}}"
    )
    claims = page.url(data_source("claims.bib.gz"))
    return (
        f'<details class="cite-this" data-cite-url="{attr(url)}" data-cite-outlet="{attr(outlet_name)}" '
        f'data-cite-date="{date}" data-cite-site="{SITE_NAME}">\n<summary>Cite this article</summary>\n'
        f"<p>Permanent address: <code>{body_text(url)}</code></p>\n"
        f'<pre class="cite-this__plain">{pre_text(plain)}</pre>\n'
        f'<pre class="cite-this__bibtex">{pre_text(bibtex)}</pre>\n'
        "<p>A single claim has its own address: the article's address followed by <code>#claim-</code> and the "
        f"claim's id (each claim's card cites it). Every claim in BibTeX: <a href=\"{claims}\">claims.bib.gz</a> (compressed).</p>\n</details>"
    )
