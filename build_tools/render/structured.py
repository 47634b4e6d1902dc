"""Structured data and citations for pages: schema.org JSON-LD blocks and "cite this" boxes; pure.

JSON-LD is serialized with `<`, `>` and `&` escaped as JSON unicode escapes, so no value can end
the script element or open markup, whatever a contributor wrote.
"""

from __future__ import annotations

import json
from typing import Any

from build_tools.link import Article
from build_tools.model import AnchoredClaim, ClaimRef, Speaker, UnnamedSpeaker
from build_tools.render.context import PageContext
from build_tools.render.markup import body_text, clip, pre_text
from build_tools.urls import article_source, claim_source, speaker_source, url_of
from build_tools.vocabulary import RATINGS

SITE_NAME = "Annotated News Archive"
"""The publisher named in structured data and citations."""


def json_ld(document: dict[str, Any]) -> str:
    """A `<script type="application/ld+json">` block that cannot break out of itself."""
    data = json.dumps(document, ensure_ascii=False, indent=None, sort_keys=False)
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{data}</script>'


def absolute(page: PageContext, source: str) -> str:
    """The permanent absolute URL of a source page (site-relative when no site URL is configured)."""
    base = (page.options.site_url or "/").rstrip("/") + "/"
    return base + url_of(source)


def _author(page: PageContext, speaker: str | UnnamedSpeaker | None, article: Article) -> dict[str, Any]:
    if isinstance(speaker, UnnamedSpeaker):
        return {"@type": "Person", "name": speaker.description}
    registered = page.archive.registries.speakers.get(speaker or "")
    if registered is None:
        outlet = page.archive.registries.outlets.get(article.outlet or "")
        return {"@type": "Organization", "name": outlet.name if outlet else "unknown outlet"}
    return _speaker_entity(page, registered)


def _speaker_entity(page: PageContext, speaker: Speaker) -> dict[str, Any]:
    entity: dict[str, Any] = {
        "@type": "Person" if speaker.type == "person" else "Organization",
        "name": speaker.name,
        "url": absolute(page, speaker_source(speaker.id)),
    }
    same_as = ([f"https://www.wikidata.org/wiki/{speaker.wikidata}"] if speaker.wikidata else []) + list(speaker.links)
    if same_as:
        entity["sameAs"] = same_as
    return entity


def _appearance(page: PageContext, ref: ClaimRef) -> dict[str, Any]:
    article = page.archive.article_of(ref)
    outlet = page.archive.registries.outlets.get(article.outlet or "")
    work: dict[str, Any] = {
        "@type": "NewsArticle",
        "url": absolute(page, article_source(ref.article_id)),
        "headline": article.title,
    }
    if article.published:
        work["datePublished"] = article.published
    if outlet:
        work["publisher"] = {"@type": "Organization", "name": outlet.name}
    return work


def claim_entity(page: PageContext, claim: AnchoredClaim) -> dict[str, Any]:
    """A schema.org `Claim`: its text, author, appearance and first appearance."""
    article = page.archive.article_of(claim.ref)
    entity: dict[str, Any] = {
        "@type": "Claim",
        "@id": absolute(page, claim_source(claim.ref)),
        "text": claim.quote,
        "author": _author(page, claim.spec.speaker, article),
        "appearance": _appearance(page, claim.ref),
    }
    statement = page.archive.statement_of.get(claim.ref)
    first = page.archive.statements[statement].members[0] if statement else claim.ref
    entity["firstAppearance"] = _appearance(page, first)
    if article.published:
        entity["datePublished"] = article.published[:10]
    return entity


def claim_review(page: PageContext, claim: AnchoredClaim) -> dict[str, Any] | None:
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
        "itemReviewed": claim_entity(page, claim),
    }


def article_structured_data(page: PageContext, article: Article) -> str:
    """JSON-LD for an article page: the `NewsArticle`, its claims, and reviews of reviewed claims."""
    meta = article.meta_value
    news: dict[str, Any] = {
        "@type": "NewsArticle",
        "@id": absolute(page, article_source(article.id)),
        "url": absolute(page, article_source(article.id)),
        "headline": article.title,
    }
    outlet = page.archive.registries.outlets.get(article.outlet or "")
    if outlet:
        news["publisher"] = {
            "@type": "Organization",
            "name": outlet.name,
            **({"url": outlet.url} if outlet.url else {}),
        }
    if article.published:
        news["datePublished"] = article.published
    if meta["url"]:
        news["isBasedOn"] = meta["url"]
    if meta["archived_url"]:
        news["archivedAt"] = meta["archived_url"]
    if meta["language"]:
        news["inLanguage"] = meta["language"]
    graph: list[dict[str, Any]] = [news]
    graph += [claim_entity(page, c) for c in article.claims]
    graph += [r for c in article.claims if (r := claim_review(page, c)) is not None]
    return json_ld({"@context": "https://schema.org", "@graph": graph})


def speaker_structured_data(page: PageContext, speaker: Speaker) -> str:
    """JSON-LD for a speaker page: a `Person` or `Organization`, with `sameAs` to Wikidata."""
    entity = _speaker_entity(page, speaker)
    if speaker.description:
        entity["description"] = speaker.description
    return json_ld({"@context": "https://schema.org", **entity})


def _bibtex_escape(value: str) -> str:
    return "".join("\\" + c if c in "{}&%$#_~^\\" else c for c in value)


def cite_box(page: PageContext, article: Article) -> str:
    """A "cite this" box with a plain-text and a BibTeX citation of the article page."""
    url = absolute(page, article_source(article.id))
    outlet = page.archive.registries.outlets.get(article.outlet or "")
    outlet_name = outlet.name if outlet else "unknown outlet"
    date = article.published[:10] if article.published else "n.d."
    plain = f"{outlet_name} ({date}). {article.title}. {SITE_NAME}. {url}"
    key = "archive:" + article.id
    bibtex = (
        f"@misc{{{key},\n  title        = {{{_bibtex_escape(article.title)}}},\n"
        f"  author       = {{{{{_bibtex_escape(outlet_name)}}}}},\n  year         = {{{date[:4]}}},\n"
        f"  howpublished = {{\\url{{{url}}}}},\n  note         = {{Annotated in the {SITE_NAME}}}\n}}"
    )
    return (
        '<details class="cite-this">\n<summary>Cite this article</summary>\n'
        f"<p>Permanent address: <code>{body_text(url)}</code></p>\n"
        f'<pre class="cite-this__plain">{pre_text(plain)}</pre>\n'
        f'<pre class="cite-this__bibtex">{pre_text(bibtex)}</pre>\n'
        "<p>Cite a single claim with its own address: the article's address followed by <code>#claim-</code> and the "
        "claim's id, as given by each claim's number below the text.</p>\n</details>"
    )


def claim_bibtex(page: PageContext, claim: AnchoredClaim) -> str:
    """A collapsed BibTeX citation of one claim, with its permanent URL."""
    article = page.archive.article_of(claim.ref)
    url = absolute(page, claim_source(claim.ref))
    outlet = page.archive.registries.outlets.get(article.outlet or "")
    date = article.published[:10] if article.published else "n.d."
    speaker = page.speaker_name(claim.spec.speaker)
    bibtex = (
        f"@misc{{archive:{article.id}:{claim.ref.claim_id},\n"
        f"  title        = {{{_bibtex_escape(clip(claim.quote, 120))}}},\n"
        f"  author       = {{{{{_bibtex_escape(speaker)}}}}},\n  year         = {{{date[:4]}}},\n"
        f"  howpublished = {{\\url{{{url}}}}},\n"
        f"  note         = {{Quoted by {_bibtex_escape(outlet.name if outlet else 'unknown outlet')}, {date}; {SITE_NAME}}}\n}}"
    )
    return f'<details class="claim-cite"><summary>BibTeX</summary><pre>{pre_text(bibtex)}</pre></details>'
