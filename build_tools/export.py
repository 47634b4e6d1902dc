"""Export: the linked archive in, the downloadable data files out (JSON, CSV, W3C Web Annotations, data package); pure.

Positions are in Unicode code points over each article's clean text (as published in
`archive.json`), with UTF-16 code units alongside for JavaScript users. File order and
formatting are fixed, so the same archive always gives byte-identical files.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from build_tools.jsontext import compact_json
from build_tools.link import Archive, Article, Link
from build_tools.model import AnchoredClaim, ClaimRef, ExternalSource, Span, UnnamedSpeaker
from build_tools.urls import article_source, claim_url, raw_source, speaker_source, url_of
from build_tools.write import FileContent

DATA_LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 (annotations and metadata)",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
"""The licence of the annotations. Article texts remain their publishers' and are included for research."""

TEXT_NOTICE = (
    "Article texts are quoted from their publishers for research and verification; "
    "their copyright remains with the publishers. Annotations and metadata are CC BY 4.0."
)


COMPRESSION_LEVEL = 4
"""gzip level of the downloads. At 1,000 benchmark articles (40 MB of downloads) level 4 made them
5.96x smaller in 0.27 s, level 6 6.44x in 0.64 s, level 1 5.39x in 0.18 s."""


@dataclass(frozen=True, slots=True)
class DataFile:
    """One downloadable file."""

    name: str
    """File name under `data/`, without the `.gz` of a compressed download."""
    content: str
    """The file's text."""
    media_type: str
    """Its media type."""
    description: str
    """What it holds, for the data page and the data package."""
    compressed: bool = True
    """Published gzip-compressed, as `<name>.gz` (every download but the data package that describes them)."""

    @property
    def path(self) -> str:
        """The published file's name under `data/`."""
        return self.name + ".gz" if self.compressed else self.name

    def published(self) -> FileContent:
        """The published file's content: the text, or its gzip (no time stamp: the same text, the same bytes)."""
        data = self.content.encode("utf-8")
        return gzip.compress(data, compresslevel=COMPRESSION_LEVEL, mtime=0) if self.compressed else self.content


def _absolute(site_url: str, path: str) -> str:
    return site_url.rstrip("/") + "/" + path


def _speaker_id(speaker: str | UnnamedSpeaker | None) -> str:
    return speaker if isinstance(speaker, str) else ""


def utf16_offset(text: str, offset: int) -> int:
    """The UTF-16 code unit offset of code point `offset` (JavaScript string indices)."""
    prefix = text[:offset]
    if prefix.isascii():
        return offset
    return len(prefix.encode("utf-16-le")) // 2


def _link_json(link: Link) -> dict[str, Any]:
    other = link.other
    if isinstance(other, ClaimRef):
        target: Any = str(other)
    elif isinstance(other, ExternalSource):
        target = {
            k: v
            for k, v in (
                ("title", other.title),
                ("url", other.url),
                ("outlet", other.outlet),
                ("published", other.published),
            )
            if v
        }
    else:
        target = other
    return {
        "type": link.type,
        "direction": "inverse" if link.inverse else "written",
        "wording": link.wording,
        "target": target,
    }


def raw_span(archive: Archive, claim: AnchoredClaim) -> Span:
    """Where the claim's words are in the raw file, in code points."""
    return claim.raw_span or archive.article_of(claim.ref).clean.offsets.span_to_raw(claim.span)


def _claim_json(archive: Archive, claim: AnchoredClaim, site_url: str) -> dict[str, Any]:
    spec = claim.spec
    text = archive.article_of(claim.ref).clean.text
    raw = raw_span(archive, claim)
    unnamed = spec.speaker if isinstance(spec.speaker, UnnamedSpeaker) else None
    return {
        "id": str(claim.ref),
        "article": claim.ref.article_id,
        "url": _absolute(site_url, claim_url(claim.ref.article_id, spec.id)),
        "quote": claim.quote,
        "text": text[claim.span.start : claim.span.end],
        "start": claim.span.start,
        "end": claim.span.end,
        "raw_start": raw.start,
        "raw_end": raw.end,
        "speaker": _speaker_id(spec.speaker) or None,
        "speaker_name": archive.registries.speaker_name(spec.speaker),
        "unnamed_speaker": {"description": unnamed.description, "affiliation": unnamed.affiliation}
        if unnamed
        else None,
        "cue": spec.cue,
        "kind": spec.kind.value,
        "summary": spec.summary,
        "tags": list(spec.tags),
        "review": {
            "rating": spec.review.rating,
            "explanation": spec.review.explanation,
            "sources": list(spec.review.sources),
        }
        if spec.review
        else None,
        "statement": archive.statement_of.get(claim.ref),
        "relations": [_link_json(link) for link in archive.claim_links.get(claim.ref, [])],
        "anchoring": {"method": claim.method, "score": claim.score}
        | ({"written_quote": spec.quote} if spec.quote != claim.quote else {}),
    }


def _article_json(archive: Archive, article: Article, site_url: str) -> dict[str, Any]:
    meta = article.meta_value
    return {
        "id": article.id,
        "url": _absolute(site_url, url_of(article_source(article.id))),
        "title": article.title,
        "outlet": article.outlet,
        "published": article.published,
        "dateline": article.clean.dateline,
        "language": meta["language"],
        "event": article.event,
        "tags": list(article.tags),
        "original_url": meta["url"],
        "archived_url": meta["archived_url"],
        "annotated": article.annotation is not None,
        "notes": article.annotation.notes if article.annotation else "",
        "raw_sha256": article.raw.digest,
        "raw_url": _absolute(site_url, raw_source(article.id)),
        "text": article.clean.text,
        "headline": {"start": article.clean.headline.start, "end": article.clean.headline.end}
        if article.clean.headline
        else None,
        "claims": [str(c.ref) for c in article.claims],
        "references": [_link_json(link) for link in archive.article_links.get(article.id, [])],
        "read_more": list(article.clean.read_more),
        "cleaning_log": [
            {
                "raw_line": e.raw_line,
                "raw_start": e.start,
                "raw_end": e.end,
                "removed": e.removed,
                "reason": e.reason,
                "text": e.text,
            }
            for e in article.clean.log
        ],
    }


def archive_json(archive: Archive, site_url: str) -> str:
    """Everything: articles with clean text, claims, speakers, outlets, events, tags, statements."""
    registries = archive.registries
    document = {
        "name": "annotated-news-archive",
        "license": DATA_LICENSE,
        "notice": TEXT_NOTICE,
        "positions": "start/end are Unicode code point offsets into the article's 'text'",
        "articles": [
            _article_json(archive, a, site_url) for a in sorted(archive.articles.values(), key=lambda a: a.id)
        ],
        "claims": [_claim_json(archive, archive.claims[r], site_url) for r in sorted(archive.claims, key=str)],
        "speakers": [
            {
                "id": s.id,
                "name": s.name,
                "type": s.type,
                "aliases": list(s.aliases),
                "description": s.description,
                "roles": [
                    {"title": r.title, "organization": r.organization, "from": r.start, "to": r.end} for r in s.roles
                ],
                "wikidata": s.wikidata,
                "links": list(s.links),
            }
            for s in sorted(registries.speakers.values(), key=lambda s: s.id)
        ],
        "outlets": [
            {
                "id": o.id,
                "name": o.name,
                "url": o.url,
                "country": o.country,
                "language": o.language,
                "owner": o.owner,
                "description": o.description,
                "wikidata": o.wikidata,
            }
            for o in sorted(registries.outlets.values(), key=lambda o: o.id)
        ],
        "events": [
            {
                "id": e.id,
                "title": e.title,
                "date": e.date,
                "end_date": e.end_date,
                "description": e.description,
                "tags": list(e.tags),
            }
            for e in sorted(registries.events.values(), key=lambda e: e.id)
        ],
        "tags": [
            {"id": t.id, "title": t.title, "description": t.description}
            for t in sorted(registries.tags.values(), key=lambda t: t.id)
        ],
        "statements": [{"id": s.id, "members": [str(m) for m in s.members]} for s in archive.statements.values()],
    }
    return compact_json(document) + "\n"


CLAIM_FIELDS = (
    ("id", "string", "Global claim id, <article-id>#<claim-id>"),
    ("article_id", "string", "Article id"),
    ("url", "string", "Permanent URL of the claim"),
    ("published", "string", "Publication date or datetime of the article"),
    ("outlet_id", "string", "Outlet id"),
    ("speaker_id", "string", "Registered speaker id (empty for unnamed sources and assertions)"),
    ("speaker_name", "string", "Speaker name, or the description of an unnamed source"),
    ("kind", "string", "direct, indirect or assertion"),
    ("cue", "string", "Attribution words in the text"),
    ("quote", "string", "The article's words the claim covers"),
    ("start", "integer", "Start offset in the clean text (Unicode code points)"),
    ("end", "integer", "End offset in the clean text (Unicode code points, exclusive)"),
    ("raw_start", "integer", "Start offset in the raw article file, articles/<id>/raw.txt (Unicode code points)"),
    ("raw_end", "integer", "End offset in the raw article file (Unicode code points, exclusive)"),
    ("summary", "string", "One-sentence summary"),
    ("tags", "string", "Tag ids separated by semicolons"),
    ("rating", "string", "Review rating, empty when not reviewed"),
    ("statement_id", "string", "Statement (same-as cluster) id, empty when reported once"),
)
SPEAKER_FIELDS = (
    ("id", "string", "Speaker id"),
    ("name", "string", "Name"),
    ("type", "string", "person or organization"),
    ("aliases", "string", "Other names, separated by semicolons"),
    ("description", "string", "One-sentence description"),
    ("wikidata", "string", "Wikidata Q-id, where known"),
    ("claims", "integer", "Number of claims in the archive"),
)
ARTICLE_FIELDS = (
    ("id", "string", "Article id (permanent)"),
    ("url", "string", "Permanent URL of the article page"),
    ("title", "string", "Headline"),
    ("outlet_id", "string", "Outlet id"),
    ("published", "string", "Publication date or datetime"),
    ("dateline", "string", "Dateline place"),
    ("language", "string", "Language code"),
    ("event_id", "string", "Event id"),
    ("tags", "string", "Tag ids separated by semicolons"),
    ("claims", "integer", "Number of annotated claims"),
    ("original_url", "string", "Original address"),
    ("archived_url", "string", "Archived copy"),
    ("annotated", "boolean", "Whether the article has an annotation file"),
)


def _csv(fields: Iterable[tuple[str, str, str]], rows: Iterable[dict[str, Any]]) -> str:
    names = [name for name, _, _ in fields]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=names, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {k: ("true" if v is True else "false" if v is False else "" if v is None else v) for k, v in row.items()}
        )
    return buffer.getvalue()


def claims_csv(archive: Archive, site_url: str) -> str:
    """One row per claim."""
    rows = []
    for ref in sorted(archive.claims, key=str):
        claim = archive.claims[ref]
        article = archive.article_of(ref)
        spec = claim.spec
        rows.append(
            {
                "id": str(ref),
                "article_id": ref.article_id,
                "url": _absolute(site_url, claim_url(ref.article_id, ref.claim_id)),
                "published": article.published,
                "outlet_id": article.outlet,
                "speaker_id": _speaker_id(spec.speaker),
                "speaker_name": archive.registries.speaker_name(spec.speaker) or "",
                "kind": spec.kind.value,
                "cue": spec.cue,
                "quote": claim.quote,
                "start": claim.span.start,
                "end": claim.span.end,
                "raw_start": raw_span(archive, claim).start,
                "raw_end": raw_span(archive, claim).end,
                "summary": spec.summary,
                "tags": ";".join(spec.tags),
                "rating": spec.review.rating if spec.review else "",
                "statement_id": archive.statement_of.get(ref, ""),
            }
        )
    return _csv(CLAIM_FIELDS, rows)


def speakers_csv(archive: Archive) -> str:
    """One row per registered speaker."""
    counts = {s: len(r) for s, r in archive.claims_by_speaker().items()}
    rows = [
        {
            "id": s.id,
            "name": s.name,
            "type": s.type,
            "aliases": ";".join(s.aliases),
            "description": s.description,
            "wikidata": s.wikidata,
            "claims": counts.get(s.id, 0),
        }
        for s in sorted(archive.registries.speakers.values(), key=lambda s: s.id)
    ]
    return _csv(SPEAKER_FIELDS, rows)


def articles_csv(archive: Archive, site_url: str) -> str:
    """One row per article."""
    rows = []
    for article in sorted(archive.articles.values(), key=lambda a: a.id):
        meta = article.meta_value
        rows.append(
            {
                "id": article.id,
                "url": _absolute(site_url, url_of(article_source(article.id))),
                "title": article.title,
                "outlet_id": article.outlet,
                "published": article.published,
                "dateline": article.clean.dateline,
                "language": meta["language"],
                "event_id": article.event,
                "tags": ";".join(article.tags),
                "claims": len(article.claims),
                "original_url": meta["url"],
                "archived_url": meta["archived_url"],
                "annotated": article.annotation is not None,
            }
        )
    return _csv(ARTICLE_FIELDS, rows)


ANNOTATION_CONTEXT = "http://www.w3.org/ns/anno.jsonld"


_TEX_SPECIALS = str.maketrans(
    {
        **{c: "\\" + c for c in "{}&%$#_"},
        "\\": "\\textbackslash{}",
        "~": "\\textasciitilde{}",
        "^": "\\textasciicircum{}",
    }
)


def bibtex_escape(value: str) -> str:
    """Text as BibTeX field content: the characters TeX treats specially, escaped, on one line."""
    return " ".join(value.split()).translate(_TEX_SPECIALS)


def _bibtex_title(quote: str, limit: int = 120) -> str:
    flat = " ".join(quote.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def claims_bibtex(archive: Archive, site_url: str) -> str:
    """Every claim as a BibTeX `@misc` entry (key `archive:<article-id>:<claim-id>`), with its permanent address."""
    entries = []
    for ref in sorted(archive.claims, key=str):
        claim = archive.claims[ref]
        article = archive.article_of(ref)
        outlet = archive.registries.outlets.get(article.outlet or "")
        speaker = archive.registries.speaker_name(claim.spec.speaker) or (outlet.name if outlet else "unknown outlet")
        url = _absolute(site_url, claim_url(ref.article_id, ref.claim_id))
        date = article.date or "n.d."
        entries.append(
            f"@misc{{archive:{ref.article_id}:{ref.claim_id},\n"
            f"  title        = {{{bibtex_escape(_bibtex_title(claim.quote))}}},\n"
            f"  author       = {{{{{bibtex_escape(speaker)}}}}},\n"
            f"  year         = {{{date[:4]}}},\n"
            f"  url          = {{{url}}},\n"
            f"  howpublished = {{\\url{{{url.replace('#', chr(92) + '#')}}}}},\n"
            f"  note         = {{Quoted by {bibtex_escape(outlet.name if outlet else 'unknown outlet')}, {date}, "
            f"in ``{bibtex_escape(article.title)}''; Annotated News Archive}}\n}}\n"
        )
    return "\n".join(entries)


def _quote_selectors(text: str, span: Span) -> list[dict[str, Any]]:
    start, end = span
    return [
        {
            "type": "TextQuoteSelector",
            "exact": text[start:end],
            "prefix": text[max(0, start - 32) : start],
            "suffix": text[end : end + 32],
        },
        {"type": "TextPositionSelector", "start": start, "end": end},
    ]


def web_annotation(archive: Archive, claim: AnchoredClaim, site_url: str) -> dict[str, Any]:
    """One claim as a W3C Web Annotation.

    Two targets name the same words: the article page, with quote and position selectors over
    the clean text, and the raw file as scraped (`raw_source`), with selectors over the raw text.
    """
    spec = claim.spec
    article = archive.article_of(claim.ref)
    text = article.clean.text
    start, end = claim.span.start, claim.span.end
    body: list[dict[str, Any]] = [
        {"type": "TextualBody", "purpose": "describing", "value": spec.summary, "format": "text/plain"},
        {"type": "TextualBody", "purpose": "classifying", "value": spec.kind.value},
    ]
    if isinstance(spec.speaker, str):
        body.append(
            {
                "type": "SpecificResource",
                "purpose": "identifying",
                "source": _absolute(site_url, url_of(speaker_source(spec.speaker))),
            }
        )
    elif isinstance(spec.speaker, UnnamedSpeaker):
        unnamed: dict[str, Any] = {"type": "TextualBody", "purpose": "identifying", "value": spec.speaker.description}
        if spec.speaker.affiliation:
            unnamed["archive:affiliation"] = _absolute(site_url, url_of(speaker_source(spec.speaker.affiliation)))
        body.append(unnamed)
    body += [{"type": "TextualBody", "purpose": "tagging", "value": tag} for tag in spec.tags]
    return {
        "id": _absolute(site_url, claim_url(claim.ref.article_id, spec.id)),
        "type": "Annotation",
        "motivation": "describing",
        "body": body,
        "target": [
            {
                "source": _absolute(site_url, url_of(article_source(claim.ref.article_id))),
                "selector": _quote_selectors(text, claim.span),
                "archive:utf16": {"start": utf16_offset(text, start), "end": utf16_offset(text, end)},
            },
            {
                "source": _absolute(site_url, raw_source(article.id)),
                "format": "text/plain",
                "selector": _quote_selectors(article.raw.text, raw_span(archive, claim)),
            },
        ],
    }


def annotations_jsonld(archive: Archive, site_url: str) -> str:
    """Every claim as a W3C Web Annotation, in one annotation collection."""
    items = [web_annotation(archive, archive.claims[r], site_url) for r in sorted(archive.claims, key=str)]
    document = {
        "@context": [
            ANNOTATION_CONTEXT,
            {"archive": _absolute(site_url, "data/#"), "archive:utf16": {"@type": "@json"}},
        ],
        "id": _absolute(site_url, "data/annotations.jsonld"),
        "type": "AnnotationCollection",
        "label": "Claims of the Annotated News Archive",
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }
    return compact_json(document) + "\n"


def _schema(fields: Iterable[tuple[str, str, str]]) -> dict[str, Any]:
    return {"fields": [{"name": n, "type": t, "description": d} for n, t, d in fields], "primaryKey": ["id"]}


def data_files(archive: Archive, site_url: str) -> list[DataFile]:
    """Every download, the data package describing them last."""
    files = [
        DataFile(
            "archive.json",
            archive_json(archive, site_url),
            "application/json",
            "Everything: articles with their clean text and metadata, claims, speakers, outlets, events, tags, "
            "statements and relations.",
        ),
        DataFile("claims.csv", claims_csv(archive, site_url), "text/csv", "One row per claim."),
        DataFile("speakers.csv", speakers_csv(archive), "text/csv", "One row per speaker."),
        DataFile("articles.csv", articles_csv(archive, site_url), "text/csv", "One row per article."),
        DataFile(
            "claims.bib",
            claims_bibtex(archive, site_url),
            "application/x-bibtex",
            "Every claim as a BibTeX entry (key archive:<article-id>:<claim-id>) with its permanent address.",
        ),
        DataFile(
            "annotations.jsonld",
            annotations_jsonld(archive, site_url),
            "application/ld+json",
            "Every claim as a W3C Web Annotation with two targets: the article page (TextQuoteSelector and "
            "TextPositionSelector in Unicode code points over the clean text; UTF-16 offsets in archive:utf16) and "
            "the raw file as scraped, articles/<id>/raw.txt (the same selectors over the raw text).",
        ),
    ]
    schemas = {"claims.csv": CLAIM_FIELDS, "speakers.csv": SPEAKER_FIELDS, "articles.csv": ARTICLE_FIELDS}
    resources = []
    for file in files:
        resource: dict[str, Any] = {
            "name": file.name.replace(".", "-"),
            "path": file.path,
            "mediatype": file.media_type,
            "description": file.description,
            "encoding": "utf-8",
        }
        if file.compressed:
            resource["compression"] = "gz"
        if file.name in schemas:
            resource |= {"profile": "tabular-data-resource", "format": "csv", "schema": _schema(schemas[file.name])}
        else:
            resource["format"] = file.name.rsplit(".", 1)[1]
        resources.append(resource)
    package = {
        "profile": "data-package",
        "name": "annotated-news-archive",
        "title": "Annotated News Archive",
        "description": "News articles with their claims attributed to speakers and cross-referenced. " + TEXT_NOTICE,
        "homepage": site_url,
        "licenses": [DATA_LICENSE],
        "resources": resources,
    }
    files.append(
        DataFile(
            "datapackage.json",
            json.dumps(package, ensure_ascii=False, indent=1) + "\n",
            "application/json",
            "The Frictionless data package describing every file above.",
            compressed=False,
        )
    )
    return files
