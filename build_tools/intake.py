"""Intake: a raw scrape, the archive's inputs and the command line's choices in, the plan of what `archive new` writes out.

The plan is made before anything is written: the id, the two files, and the earlier copy of the
same article they replace. An earlier copy is replaced only when it is still exactly what
`archive new` wrote (the raw file byte-identical to the scrape, the stub unchanged since: its
digest line says so) and it is not yet published; a file a contributor edited is never touched.
It reads the files it must compare; writing is left to the command line.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from build_tools.clean import clean_article
from build_tools.detect import ArticleMetadata, Detected, detect_metadata
from build_tools.diagnostics import Diagnostics, Origin, did_you_mean
from build_tools.load import ARTICLE_ID, ArticleFiles, RawArticle
from build_tools.model import Annotation, ArticleMeta, CleanArticle, Registries
from build_tools.stub import StubMetadata, article_id_for, is_untouched_stub, render_stub
from build_tools.suggest import Suggestions, suggest_claims

if TYPE_CHECKING:
    from build_tools.pipeline import Inputs

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})")


class IntakeError(Exception):
    """`archive new` cannot go on; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class NewArticleOptions:
    """What the command line says about the new article; each given value overrides detection."""

    article_id: str | None = None
    """The id to use instead of the generated one (`--id`)."""
    title: str | None = None
    """The headline (`--title`)."""
    outlet: str | None = None
    """The outlet id (`--outlet`)."""
    published: str | None = None
    """The publication date (`--published`)."""
    url: str | None = None
    """The original address (`--url`): its host tells the outlet, its path often the date."""
    force: bool = False
    """Write again over this article's own untouched stub (`--force`)."""


@dataclass(frozen=True, slots=True)
class NewArticlePlan:
    """What `archive new` is about to write, and remove."""

    article_id: str
    """The new article's id."""
    article_path: str
    """Repository-relative path of the raw article to write."""
    stub_path: str
    """Repository-relative path of the annotation stub to write."""
    stub: str
    """The stub's text."""
    suggestions: Suggestions
    """The suggested claims it holds."""
    replaced: tuple[str, ...]
    """Repository-relative paths of an earlier untouched copy, removed once the new files are written."""


def plan_new_article(root: Path, inputs: Inputs, raw: RawArticle, options: NewArticleOptions) -> NewArticlePlan:
    """Decide the id, the stub and the files to replace for a new raw article.

    Args:
        root: The repository root.
        inputs: The archive's validated registries, its article files and its published URLs (`load_inputs`).
        raw: The scrape, decoded (its `article_id` is a placeholder, its digest that of the bytes to copy).
        options: The command line's choices.

    Raises:
        IntakeError: when an option is invalid or a file in the way cannot be replaced.

    """
    registries = inputs.registries.registries
    _check_options(options, registries)
    earlier = _earlier_copy(inputs.articles, raw.digest)
    first = clean_article(raw, registries.outlets, None, Diagnostics())
    detected = detect_metadata(raw.text, registries.outlets, options.url, first.outlet)
    metadata = _with_options(detected, options)
    taken = inputs.articles.in_use - ({earlier} if earlier else set())
    outlet, published, title = (
        metadata.outlet.value if metadata.outlet else None,
        metadata.published.value if metadata.published else None,
        metadata.title.value if metadata.title else None,
    )
    # `--force` alone writes the stub again under the id it has (one given with --id stays); new metadata
    # options (a corrected title, outlet, date or address) give the id they make.
    retitled = any(value is not None for value in (options.title, options.outlet, options.published, options.url))
    kept = earlier if options.force and options.article_id is None and not retitled else None
    article_id = options.article_id or kept or article_id_for(outlet, published, title, taken)
    published_urls = {url for url, _ in inputs.files.published_urls}
    replaced = _replaced_files(root, published_urls, earlier, article_id, options)
    clean = _clean_as_built(raw, article_id, registries, outlet, title)
    suggestions = suggest_claims(clean.text, registries.speakers)
    # What the build detects by itself once the stub names the outlet: a value equal to it stays a comment.
    detected_by_build = clean_article(raw, registries.outlets, _annotation(outlet, None), Diagnostics())
    stub_metadata = StubMetadata(
        metadata.title,
        metadata.published,
        metadata.outlet,
        options.url,
        build_title=detected_by_build.title,
        build_published=detected_by_build.published,
    )
    return NewArticlePlan(
        article_id,
        f"articles/{article_id}.txt",
        f"annotations/articles/{article_id}.yml",
        render_stub(article_id, stub_metadata, suggestions),
        suggestions,
        replaced,
    )


def _check_options(options: NewArticleOptions, registries: Registries) -> None:
    if options.article_id is not None and not ARTICLE_ID.fullmatch(options.article_id):
        raise IntakeError(
            f"error: '{options.article_id}' is not a valid article id (lowercase letters, digits, hyphens)"
        )
    if options.outlet is not None and options.outlet not in registries.outlets:
        hint = did_you_mean(options.outlet, registries.outlets)
        raise IntakeError(f"error: --outlet '{options.outlet}' is not an outlet id of annotations/outlets.yml{hint}")
    if options.published is not None and not _is_iso(options.published):
        raise IntakeError(
            f"error: --published '{options.published}': expected an ISO 8601 date (YYYY-MM-DD) or datetime with offset"
        )
    if options.url is not None:
        parts = urlsplit(options.url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise IntakeError(f"error: --url '{options.url}': expected an http or https address")
    if options.title is not None and not options.title.strip():
        raise IntakeError("error: --title is empty")


def _is_iso(value: str) -> bool:
    try:
        if _DATE.fullmatch(value):
            dt.date.fromisoformat(value)
            return True
        if _DATETIME.fullmatch(value):
            dt.datetime.fromisoformat(value)
            return True
    except ValueError:
        return False
    return False


def _with_options(detected: ArticleMetadata, options: NewArticleOptions) -> ArticleMetadata:
    def given(value: str | None, option: str, found: Detected | None) -> Detected | None:
        return Detected(value.strip(), f"given with {option}") if value is not None else found

    return ArticleMetadata(
        title=given(options.title, "--title", detected.title),
        published=given(options.published, "--published", detected.published),
        outlet=given(options.outlet, "--outlet", detected.outlet),
    )


def _earlier_copy(articles: ArticleFiles, digest: str) -> str | None:
    """The id of an article already in the archive with exactly these bytes (its raw file's digest)."""
    return next(
        (
            article_id
            for article_id, path in articles.raw.items()
            if hashlib.sha256(path.read_bytes()).hexdigest() == digest
        ),
        None,
    )


def _replaced_files(
    root: Path, published: Collection[str], earlier: str | None, article_id: str, options: NewArticleOptions
) -> tuple[str, ...]:
    """The earlier copy's files that the new ones replace; raises when something in the way must stay."""
    if earlier is not None:
        _check_replaceable(root, published, earlier, article_id, options)
    for path in (f"articles/{article_id}.txt", f"annotations/articles/{article_id}.yml"):
        if article_id != earlier and (root / path).exists():
            raise IntakeError(f"{path}: error: already exists; nothing was written (choose another id with --id)")
    if earlier is None or earlier == article_id:
        return ()
    return (f"articles/{earlier}.txt", f"annotations/articles/{earlier}.yml")


def _check_replaceable(
    root: Path, published: Collection[str], earlier: str, article_id: str, options: NewArticleOptions
) -> None:
    article_path = f"articles/{earlier}.txt"
    stub_path = f"annotations/articles/{earlier}.yml"
    asked = options.force or (options.article_id is not None and options.article_id != earlier)
    if not asked:
        raise IntakeError(
            f"error: this article is already in the archive as {article_path}; nothing was written "
            f"(run again with --id NEW-ID to rename it, or --force to write its stub again)"
        )
    stub = root / stub_path
    if not stub.is_file():
        raise IntakeError(
            f"{article_path}: error: this article is already in the archive, without the stub `archive new` "
            f"writes; nothing was written (add {stub_path} by hand, or remove {article_path} to start over)"
        )
    if not is_untouched_stub(stub.read_text(encoding="utf-8", errors="replace")):
        action = "rename both files yourself" if article_id != earlier else "edit it"
        raise IntakeError(
            f"{stub_path}: error: changed since `archive new` wrote it; nothing was written, so that no work is "
            f"lost ({action}, or delete {stub_path} and {article_path} to start over)"
        )
    if article_id != earlier and f"articles/{earlier}/" in published:
        raise IntakeError(
            f"{article_path}: error: articles/{earlier}/ is published (permalinks.txt), so its id is permanent; "
            "nothing was written"
        )


def _annotation(outlet: str | None, title: str | None) -> Annotation | None:
    if outlet is None and title is None:
        return None
    origin = Origin("new")
    return Annotation(origin, meta=ArticleMeta(origin, title=title, outlet=outlet))


def _clean_as_built(
    raw: RawArticle, article_id: str, registries: Registries, outlet: str | None, title: str | None
) -> CleanArticle:
    """The clean text the build will make once the stub names this outlet and title."""
    renamed = RawArticle(article_id, raw.path, raw.text, raw.digest)
    return clean_article(renamed, registries.outlets, _annotation(outlet, title), Diagnostics())
