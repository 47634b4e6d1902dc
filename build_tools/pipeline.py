"""The pipeline in order: repository in, linked archive and every diagnostic out; the top-level orchestration.

load -> validate -> clean -> anchor -> link. Validation comes before cleaning here because the
cleaner runs the outlets' rules, which must be checked first; the result is the same as the
specification's order. Nothing is written: rendering and writing are separate steps.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from build_tools.anchor import anchor_claims
from build_tools.clean import clean_article
from build_tools.diagnostics import Diagnostics
from build_tools.link import Archive, Article, link_archive
from build_tools.load import RawArticle, load_sources
from build_tools.model import Annotation, CleanArticle
from build_tools.permalinks import check_permalinks, current_permalinks, read_redirects
from build_tools.validate import Validated, validate


@dataclass(frozen=True, slots=True)
class PipelineResult:
    """The archive, if the inputs allowed one, and every problem found."""

    archive: Archive | None
    """The linked archive; `None` when there were errors."""
    diagnostics: Diagnostics
    """Every problem, errors and warnings."""


def run_pipeline(root: Path, *, permalinks: bool = True) -> PipelineResult:
    """Read and check everything under `root`; link the archive if there are no errors.

    Args:
        root: The repository root.
        permalinks: Whether to check that every published URL still exists (an import that
            restores claims runs without it, since it is about to fix what is missing).
    """
    diagnostics = Diagnostics()
    sources = load_sources(root, diagnostics)
    validated = validate(sources, diagnostics)
    articles = [
        _prepare_article(raw, validated, validated.annotations.get(article_id), diagnostics)
        for article_id, raw in sources.articles.items()
    ]
    archive = link_archive(validated.registries, articles, diagnostics)
    archive.redirects = read_redirects(sources.redirects, diagnostics)
    if permalinks:
        check_permalinks(sources.published_urls, archive.redirects, current_permalinks(archive), diagnostics)
    return PipelineResult(None if diagnostics.errors else archive, diagnostics)


def _prepare_article(
    raw: RawArticle, validated: Validated, annotation: Annotation | None, diagnostics: Diagnostics
) -> Article:
    outlets = validated.registries.outlets
    clean = clean_article(raw, outlets, annotation, diagnostics)
    claims = anchor_claims(clean, annotation.claims, diagnostics) if annotation else []
    claims.sort(key=lambda c: (c.span.start, -c.span.end))
    meta = annotation.meta if annotation else None
    if annotation is not None:
        _check_detected(raw, clean, annotation, diagnostics)
    return Article(
        id=raw.article_id,
        raw=raw,
        clean=clean,
        annotation=annotation,
        title=(meta.title if meta and meta.title else None) or clean.title or raw.article_id,
        outlet=clean.outlet if clean.outlet in outlets else None,
        published=(meta.published if meta and meta.published else None) or clean.published,
        claims=tuple(claims),
    )


def _check_detected(raw: RawArticle, clean: CleanArticle, annotation: Annotation, diagnostics: Diagnostics) -> None:
    """An annotated article needs an outlet and a date, written or detected."""
    origin = annotation.meta.origin if annotation.meta else annotation.origin
    if clean.outlet is None:
        diagnostics.error(
            origin,
            f"outlet of {raw.path} was not detected; add 'outlet:' under 'article:'",
        )
    meta = annotation.meta
    if not (meta and meta.published) and clean.published is None:
        diagnostics.warning(
            origin, f"publication date of {raw.path} was not detected; add 'published:' under 'article:'"
        )

