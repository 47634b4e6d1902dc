"""Import: W3C Web Annotations (Hypothesis exports included) in, claims for matching articles out; reads no files.

Each annotation's target is matched to an article (by the archive's own page URL, or the
article's original or archived URL); its TextQuoteSelector becomes a claim's quote, anchored with
the same rules as hand-written annotations. What the annotation says about speaker, kind,
summary and tags is kept where it can be read; the rest is left for a contributor to fill in.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from build_tools.anchor import anchor_claims, shortest_context
from build_tools.annotate import ClaimFields, Placed, claim_entry, with_claims_added
from build_tools.diagnostics import Diagnostics, Origin
from build_tools.link import Archive, Article
from build_tools.model import ClaimKind, ClaimSpec, UnnamedSpeaker
from build_tools.stub import slugify

_ARTICLE_URL = re.compile(r"/articles/(?P<id>[a-z0-9][a-z0-9-]*)/?(?:index\.html)?(?:#claim-(?P<claim>[a-z0-9-]+))?$")
_SPEAKER_URL = re.compile(r"/speakers/(?P<id>[a-z0-9][a-z0-9-]*)/?$")


@dataclass(frozen=True, slots=True)
class ImportedClaim:
    """A claim read from an annotation, ready to be written into an annotation file."""

    article_id: str
    """The article it belongs to."""
    claim_id: str
    """Its id (from the annotation's own id where it carries one)."""
    quote: str
    """The exact text."""
    prefix: str | None
    """Words before it, when the quote appears more than once and they tell the places apart."""
    suffix: str | None
    """Words after it, when a prefix cannot tell the places apart."""
    speaker: str | UnnamedSpeaker | None
    """Registered speaker id or unnamed source, when the annotation names one."""
    kind: str
    """Claim kind (direct unless the annotation classifies it)."""
    summary: str
    """The annotation's comment, or empty (to fill in)."""
    tags: tuple[str, ...]
    """Tags the archive knows."""


@dataclass(slots=True)
class ImportReport:
    """What an import found."""

    claims: list[ImportedClaim] = field(default_factory=list)
    """Claims anchored in their articles."""
    unmatched: list[str] = field(default_factory=list)
    """Why each annotation that could not be used was skipped."""
    skipped: list[str] = field(default_factory=list)
    """Annotations already in the archive."""
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    """Anchoring problems (warnings for approximate matches)."""


def iter_annotations(document: Any) -> Iterator[dict[str, Any]]:
    """Every annotation object in a document: one annotation, a list, a collection or page, a Hypothesis export."""
    if isinstance(document, list):
        for item in document:
            yield from iter_annotations(item)
    elif isinstance(document, dict):
        if "rows" in document:  # Hypothesis API search results.
            yield from iter_annotations(document["rows"])
        elif document.get("type") == "AnnotationCollection":
            yield from iter_annotations(document.get("first", {}))
        elif document.get("type") == "AnnotationPage":
            yield from iter_annotations(document.get("items", []))
            if isinstance(document.get("next"), dict):
                yield from iter_annotations(document["next"])
        elif "target" in document or "uri" in document:
            yield document


def _targets(annotation: dict[str, Any]) -> list[dict[str, Any]]:
    target = annotation.get("target")
    if isinstance(target, str):
        return [{"source": target}]
    if isinstance(target, dict):
        return [target]
    if isinstance(target, list):
        return [t if isinstance(t, dict) else {"source": str(t)} for t in target]
    return [{"source": annotation.get("uri", "")}]


def _selectors(target: dict[str, Any]) -> dict[str, dict[str, Any]]:
    selectors = target.get("selector", [])
    if isinstance(selectors, dict):
        selectors = [selectors]
    return {s.get("type", ""): s for s in selectors if isinstance(s, dict)}


def _bodies(annotation: dict[str, Any]) -> list[dict[str, Any]]:
    body = annotation.get("body", [])
    bodies = body if isinstance(body, list) else [body]
    return [b for b in bodies if isinstance(b, dict)]


def _article_for(archive: Archive, source: str) -> Article | None:
    match = _ARTICLE_URL.search(source.split("?", maxsplit=1)[0])
    if match and match.group("id") in archive.articles:
        return archive.articles[match.group("id")]
    for article in archive.articles.values():
        meta = article.meta_value
        if source and source in (meta["url"], meta["archived_url"]):
            return article
    return None


def _readings(
    archive: Archive, annotation: dict[str, Any]
) -> tuple[str | UnnamedSpeaker | None, str, str, tuple[str, ...]]:
    """Speaker, kind, summary and tags from the bodies (W3C) or text and tags (Hypothesis)."""
    speaker: str | UnnamedSpeaker | None = None
    kind, summary, tags = ClaimKind.DIRECT.value, "", []
    for body in _bodies(annotation):
        purpose, value = body.get("purpose"), body.get("value", "")
        if purpose == "describing" and isinstance(value, str):
            summary = value
        elif purpose == "classifying" and value in {k.value for k in ClaimKind}:
            kind = value
        elif purpose == "tagging" and isinstance(value, str):
            tags.append(value)
        elif purpose == "identifying" and (match := _SPEAKER_URL.search(str(body.get("source", "")))):
            speaker = match.group("id") if match.group("id") in archive.registries.speakers else None
        elif purpose == "identifying" and isinstance(value, str) and value.strip():
            # An unnamed source, as the archive's own export writes it.
            affiliation = _SPEAKER_URL.search(str(body.get("archive:affiliation", "")))
            known = (
                affiliation.group("id")
                if affiliation and affiliation.group("id") in archive.registries.speakers
                else None
            )
            speaker = UnnamedSpeaker(" ".join(value.split()), known)
    if isinstance(annotation.get("text"), str) and not summary:
        summary = annotation["text"]
    tags += [t for t in annotation.get("tags", []) if isinstance(t, str)]
    known = tuple(dict.fromkeys(t for t in tags if t in archive.registries.tags))
    return speaker, kind, " ".join(summary.split()), known


def import_annotations(archive: Archive, document: Any, label: str) -> ImportReport:
    """Match every annotation of `document` to an article and anchor its quote there."""
    report = ImportReport()
    taken: dict[str, set[str]] = {a: {c.ref.claim_id for c in art.claims} for a, art in archive.articles.items()}
    for number, annotation in enumerate(iter_annotations(document), start=1):
        name = str(annotation.get("id") or f"annotation {number}")
        target = next((t for t in _targets(annotation) if "TextQuoteSelector" in _selectors(t)), None)
        if target is None:
            report.unmatched.append(f"{name}: no TextQuoteSelector")
            continue
        source = str(target.get("source") or annotation.get("uri") or "")
        article = _article_for(archive, source)
        if article is None:
            report.unmatched.append(f"{name}: no article of the archive has the address {source!r}")
            continue
        _import_one(
            archive, article, annotation, target, name=name, label=label, number=number, taken=taken, report=report
        )
    return report


def _import_one(
    archive: Archive,
    article: Article,
    annotation: dict[str, Any],
    target: dict[str, Any],
    *,
    name: str,
    label: str,
    number: int,
    taken: dict[str, set[str]],
    report: ImportReport,
) -> None:
    quote_selector = _selectors(target)["TextQuoteSelector"]
    exact = str(quote_selector.get("exact", ""))
    # Context is used as the selector gives it: any length, cut anywhere (Hypothesis cuts at 32 characters).
    prefix = str(quote_selector.get("prefix") or "") or None
    suffix = str(quote_selector.get("suffix") or "") or None
    origin = Origin(label, number)
    spec = ClaimSpec(origin, id="imported", quote=exact, prefix=prefix, suffix=suffix, summary="-")
    anchored = anchor_claims(article.clean, [spec], report.diagnostics)
    if not exact.strip() or not anchored:
        report.unmatched.append(f"{name}: quote not found in {article.id}")
        return
    span = anchored[0].span
    if any(c.span == span for c in article.claims):
        report.skipped.append(f"{name}: already annotated in {article.id}")
        return
    own = _ARTICLE_URL.search(str(annotation.get("id", "")))
    claim_id = own.group("claim") if own and own.group("claim") else slugify(exact, 5) or f"imported-{number}"
    base, suffix_number = claim_id, 2
    while claim_id in taken[article.id]:
        claim_id, suffix_number = f"{base}-{suffix_number}", suffix_number + 1
    taken[article.id].add(claim_id)
    quote = article.clean.text[span.start : span.end]
    written_prefix, written_suffix = shortest_context(article.clean, span)
    speaker, kind, summary, tags = _readings(archive, annotation)
    report.claims.append(
        ImportedClaim(article.id, claim_id, quote, written_prefix, written_suffix, speaker, kind, summary, tags)
    )


def claims_yaml(claims: list[ImportedClaim], indent: str = "  ") -> str:
    """YAML list entries for imported claims (JSON-quoted strings); unknown speakers are left to fill in."""
    lines = []
    inner = indent + "  "
    for claim in claims:
        lines += [f"{indent}- id: {claim.claim_id}", f"{inner}quote: {json.dumps(claim.quote, ensure_ascii=False)}"]
        if claim.prefix:
            lines.append(f"{inner}prefix: {json.dumps(claim.prefix, ensure_ascii=False)}")
        if claim.suffix:
            lines.append(f"{inner}suffix: {json.dumps(claim.suffix, ensure_ascii=False)}")
        if isinstance(claim.speaker, UnnamedSpeaker):
            affiliation = f", affiliation: {claim.speaker.affiliation}" if claim.speaker.affiliation else ""
            lines.append(
                f"{inner}speaker: {{unnamed: {json.dumps(claim.speaker.description, ensure_ascii=False)}{affiliation}}}"
            )
        elif claim.speaker:
            lines.append(f"{inner}speaker: {claim.speaker}")
        else:
            lines.append(f"{inner}# speaker: to fill in (an id from annotations/speakers.yml)")
        lines += [f"{inner}kind: {claim.kind}", f"{inner}summary: {json.dumps(claim.summary, ensure_ascii=False)}"]
        if claim.tags:
            lines.append(f"{inner}tags: [{', '.join(claim.tags)}]")
    return "\n".join(lines) + "\n"


def add_claims_to_file(existing: str | None, claims: list[ImportedClaim]) -> str:
    """An annotation file's text with the claims added at the end of its `claims:` list.

    Written by the same writer as `archive claim add` (`annotate.with_claims_added`): the file keeps
    its comments and layout, and only the new claims' lines are added.
    """
    entries = []
    for claim in claims:
        fields = ClaimFields(speaker=claim.speaker, kind=claim.kind, summary=claim.summary, tags=claim.tags)
        entries.append(claim_entry(claim.claim_id, Placed(claim.quote, claim.prefix, claim.suffix), fields))
    return with_claims_added(existing, entries, claims[0].article_id if claims else "")
