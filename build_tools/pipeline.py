"""The pipeline in order: repository in, linked archive and every diagnostic out; orchestration only.

load -> validate -> clean -> anchor -> link, the one path by which every command and test reads
the archive. The registries are loaded and validated first (`load_inputs`), because the cleaner
runs the outlets' rules; each article (its raw text and annotation file) is then loaded,
validated, cleaned and anchored on its own (`prepare_articles`), on every core, with the result
cached by the content of its inputs, so an unchanged article is never parsed twice.
Cross-article checks, linking (with the redirects, read before) and the permalink check follow.
Nothing is written but the cache: rendering and writing are separate steps.

One mistake, one message: a stage does not run on what an earlier stage found broken. Quotes are
anchored only where the clean text's inputs (the outlets' rules, the article's own `article:` and
`cleaning:` blocks) have no problem; a claim that names something unknown is anchored but not
linked; a published URL is not reported missing when its source had errors this run.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from build_tools.anchor import anchor_claims
from build_tools.clean import clean_article
from build_tools.diagnostics import Diagnostic, Diagnostics, Stage
from build_tools.link import Archive, Article, assemble_article, link_archive
from build_tools.load import (
    ArticleFiles,
    RawArticle,
    SiteFiles,
    YamlDocument,
    find_article_files,
    load_article,
    load_site_files,
    load_yaml,
)
from build_tools.model import (
    AnchoredClaim,
    Annotation,
    ArticleMeta,
    ClaimSpec,
    CleanArticle,
    CleaningRules,
    ExternalSource,
    LogEntry,
    OffsetMap,
    Reference,
    Relation,
    UnnamedSpeaker,
)
from build_tools.parallel import parallel_map
from build_tools.permalinks import check_permalinks, current_permalinks, read_redirects, unsettled_urls
from build_tools.store import DigestStore, collector_paused, quick_state
from build_tools.validate import (
    CheckedAnnotation,
    CheckedRegistries,
    check_claim_targets,
    check_detected,
    check_registries,
    validate_annotation,
)

CACHE_FOLDER = Path("build") / "cache" / "articles"
"""Where prepared articles are cached, relative to the repository root."""

PARALLEL_THRESHOLD = 200
"""Below this many articles to prepare, starting worker processes costs more than it saves."""


@dataclass(frozen=True, slots=True)
class PipelineResult:
    """The archive, if the inputs allowed one, and every problem found."""

    archive: Archive | None
    """The linked archive; `None` when there were errors."""
    diagnostics: Diagnostics
    """Every problem, errors and warnings."""
    inputs: dict[str, str] = field(default_factory=dict)
    """A digest of each article's inputs (and, under "", of the registries): what changed since a build."""
    published_urls: tuple[tuple[str, int], ...] = ()
    """Every URL ever published (`permalinks.txt`), with its line number."""


@dataclass(frozen=True, slots=True)
class Inputs:
    """What every article depends on: the site files read, the registries validated, the article files found."""

    root: Path
    """The repository root."""
    files: SiteFiles
    """The registry files, the published URLs and the redirects, as read."""
    registries: CheckedRegistries
    """The registries, validated."""
    articles: ArticleFiles
    """Where each article's files are: which article ids exist."""
    fingerprint: str
    """Digest of what every article's preparation depends on besides its own files: registries and this code."""


def load_inputs(root: Path, diagnostics: Diagnostics) -> Inputs:
    """Load and validate the registries and find every article's files: the start of every run.

    `archive new` needs no more than this (the registries, the ids in use, the published URLs).
    """
    files = load_site_files(root, diagnostics)
    registries = check_registries(files.registries, diagnostics)
    articles = find_article_files(root, diagnostics)
    return Inputs(root, files, registries, articles, _fingerprint(files.registries.values()))


@dataclass(frozen=True, slots=True)
class PreparedArticle:
    """One article after load, validate, clean and anchor: what the cache holds."""

    article_id: str
    """The article id."""
    raw: RawArticle | None
    """The raw text, if the file exists and could be read."""
    raw_unreadable: bool
    """Whether the raw file exists but could not be read (its errors are recorded)."""
    checked: CheckedAnnotation | None
    """The validated annotation file, if there is one."""
    clean: CleanArticle | None
    """The cleaned text (whenever the raw text could be read)."""
    claims: tuple[AnchoredClaim, ...]
    """Anchored claims in text order."""
    diagnostics: tuple[Diagnostic, ...]
    """Problems found in this article's files."""
    key: str = ""
    """Digest of everything this preparation depends on."""

    @property
    def annotation(self) -> Annotation | None:
        """The annotation file's usable content, if any."""
        return self.checked.annotation if self.checked else None


STORED_KINDS: tuple[type, ...] = (
    PreparedArticle,
    RawArticle,
    CheckedAnnotation,
    Annotation,
    ArticleMeta,
    CleaningRules,
    ClaimSpec,
    Relation,
    ExternalSource,
    Reference,
    UnnamedSpeaker,
    CleanArticle,
    LogEntry,
    OffsetMap,
    AnchoredClaim,
    Diagnostic,
)
"""Every dataclass a prepared article holds (the cache reads back hundreds of thousands of them)."""
quick_state(*STORED_KINDS)


def run_pipeline(
    root: Path,
    *,
    permalinks: bool = True,
    workers: int | None = None,
    cache: bool = True,
    previous: Archive | None = None,
) -> PipelineResult:
    """Read and check everything under `root`; link the archive if there are no errors.

    Args:
        root: The repository root.
        permalinks: Whether to check that every published URL still exists (an import that
            restores claims runs without it, since it is about to fix what is missing).
        workers: Processes for the per-article stages (default: one per core).
        cache: Whether to reuse and store prepared articles under `build/cache/`.
        previous: The archive of the last run on the same repository (a preview's): linking
            redoes only what the changed articles reach (`link_archive`).

    """
    diagnostics = Diagnostics()
    inputs = load_inputs(root, diagnostics)
    prepared = prepare_articles(inputs, workers=workers, cache=cache)
    for item in prepared:
        diagnostics.extend(item.diagnostics)
    annotations = _annotations(inputs.articles, prepared)
    check_claim_targets(annotations, inputs.articles.article_ids, diagnostics)
    with diagnostics.in_stage(Stage.SCHEMA):
        redirects = read_redirects(inputs.files.redirects, diagnostics)
    with diagnostics.in_stage(Stage.LINK):
        articles = _assembled(inputs, prepared)
        archive = link_archive(inputs.registries.registries, articles, redirects, diagnostics, previous)
    if permalinks:
        unreadable = inputs.articles.unreadable_raw | {item.article_id for item in prepared if item.raw_unreadable}
        unsettled = unsettled_urls(unreadable, annotations, inputs.registries, errors=bool(diagnostics.errors))
        with diagnostics.in_stage(Stage.PERMALINK):
            check_permalinks(
                inputs.files.published_urls, archive.redirects, current_permalinks(archive), diagnostics, unsettled
            )
    digests = {item.article_id: item.key for item in prepared}
    digests[""] = inputs.fingerprint + (inputs.files.redirects.digest if inputs.files.redirects else "")
    return PipelineResult(None if diagnostics.errors else archive, diagnostics, digests, inputs.files.published_urls)


def _annotations(articles: ArticleFiles, prepared: Iterable[PreparedArticle]) -> dict[str, CheckedAnnotation]:
    """Every annotation file, validated; one that could not be read knows none of its claims."""
    annotations = {a: CheckedAnnotation(a, f"annotations/articles/{a}.yml") for a in articles.unreadable_annotations}
    annotations.update((item.article_id, item.checked) for item in prepared if item.checked is not None)
    return annotations


def _assembled(inputs: Inputs, prepared: Iterable[PreparedArticle]) -> list[Article]:
    """The articles whose text could be read, as the site shows them.

    An article assembled by the last run in this process from the same prepared article (the
    same key: its files, the registries, this code) is that run's (a preview's unchanged ones).
    """
    root = str(inputs.root)
    assembled = {}
    for item in prepared:
        if item.raw is None or item.clean is None:
            continue
        article = _ASSEMBLED.get((root, item.key))
        if article is None:
            article = assemble_article(
                item.raw,
                item.clean,
                item.annotation,
                claims=item.claims,
                outlets=inputs.registries.registries.outlets,
                unlinked=item.checked.unlinked_claims if item.checked else (),
            )
        assembled[(root, item.key)] = article
    _ASSEMBLED.clear()
    _ASSEMBLED.update(assembled)
    return list(assembled.values())


_ASSEMBLED: dict[tuple[str, str], Article] = {}
"""The articles assembled by the last run in this process, by root and prepared article's key."""


# --------------------------------------------------------------------------------------------
# Preparing articles: each on its own, cached, on every core
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Work:
    """What every preparation needs; inherited by forked workers rather than sent to them."""

    inputs: Inputs
    """The registries and where the article files are."""
    ids_digest: bytes
    """Digest of the article ids: whether an annotation's raw article exists is part of its check."""
    cache: DigestStore[PreparedArticle] | None
    """Where prepared articles are cached, if they are."""


_MEMORY: dict[tuple[str, str], PreparedArticle] = {}
"""The articles prepared by the last cached run in this process, by root and key (for preview rebuilds)."""


def forget_runs() -> None:
    """Drop what this process keeps of its last run for the next one (a preview's): the prepared and assembled articles, the file digests."""
    _MEMORY.clear()
    _ASSEMBLED.clear()
    _FILE_DIGESTS.clear()


def prepare_articles(inputs: Inputs, *, workers: int | None = None, cache: bool = True) -> list[PreparedArticle]:
    """Every article prepared, by id: unchanged ones from the cache, the others on every core.

    Args:
        inputs: What `load_inputs` found.
        workers: Processes to use (default: one per core).
        cache: Whether to reuse and store prepared articles under `build/cache/`.

    """
    article_ids = inputs.articles.to_prepare
    ids_digest = hashlib.sha256("\n".join(sorted(inputs.articles.article_ids)).encode()).digest()
    work = _Work(inputs, ids_digest, DigestStore(inputs.root / CACHE_FOLDER, PreparedArticle) if cache else None)
    keys = {article_id: _key(work, article_id) for article_id in article_ids}
    with collector_paused():
        done = {
            article_id: cached
            for article_id in article_ids
            if (cached := _remembered(work, keys[article_id]) or _stored(work, keys[article_id]))
        }
    missing = [(article_id, keys[article_id]) for article_id in article_ids if article_id not in done]
    prepared = parallel_map(_prepare, work, missing, workers=workers, threshold=PARALLEL_THRESHOLD)
    done.update((item.article_id, item) for item in prepared)
    if work.cache is not None:
        work.cache.prune(keys.values())
    if work.cache is not None:
        # The next run in this process (a preview rebuild) takes unchanged articles from memory.
        _MEMORY.clear()
        _MEMORY.update(((str(inputs.root), item.key), item) for item in done.values())
    return [done[article_id] for article_id in article_ids]


def _stored(work: _Work, key: str) -> PreparedArticle | None:
    """The article prepared under `key` by an earlier run, if the cache holds it."""
    return work.cache.get(key) if work.cache is not None else None


def _prepare(work: _Work, item: tuple[str, str]) -> PreparedArticle:
    """Prepare one article and cache the result."""
    article_id, key = item
    prepared = _prepare_article(work.inputs, article_id, key)
    if work.cache is not None:
        work.cache.put(key, prepared)
    return prepared


def _prepare_article(inputs: Inputs, article_id: str, key: str) -> PreparedArticle:
    """Load, validate, clean and anchor one article, without the cache."""
    diagnostics = Diagnostics()
    raw_path = inputs.articles.raw.get(article_id)
    yaml_path = inputs.articles.annotations.get(article_id)
    raw = load_article(inputs.root, raw_path, diagnostics) if raw_path else None
    checked = None
    if yaml_path is not None:
        document = load_yaml(inputs.root, yaml_path, diagnostics)
        checked = validate_annotation(article_id, document, inputs.registries, inputs.articles.article_ids, diagnostics)
    clean = None
    claims: list[AnchoredClaim] = []
    if raw is not None:
        with diagnostics.in_stage(Stage.TEXT):
            annotation = checked.annotation if checked else None
            clean = clean_article(raw, inputs.registries.registries.outlets, annotation, diagnostics)
            claims = _anchored(raw, clean, checked, inputs.registries, diagnostics)
    return PreparedArticle(
        article_id,
        raw,
        raw_path is not None and raw is None,
        checked,
        clean,
        tuple(claims),
        tuple(diagnostics.items),
        key,
    )


def _anchored(
    raw: RawArticle,
    clean: CleanArticle,
    checked: CheckedAnnotation | None,
    registries: CheckedRegistries,
    diagnostics: Diagnostics,
) -> list[AnchoredClaim]:
    """The article's claims anchored in text order, and its detections checked, if its clean text is settled.

    Quotes are looked for only in a text whose rules were all read: in another text they would be
    reported missing or ambiguous for a mistake already reported.
    """
    annotation = checked.annotation if checked else None
    if annotation is None or checked is None or not (registries.cleaning_settled and checked.text_settled):
        return []
    claims = anchor_claims(clean, annotation.claims, diagnostics)
    claims.sort(key=lambda c: (c.span.start, -c.span.end))
    if not diagnostics.errors:  # A bad written value is its own error; "not detected" would repeat it.
        check_detected(raw.path, clean, annotation, diagnostics)
    return claims


def _fingerprint(registry_files: Iterable[YamlDocument]) -> str:
    """What every article's preparation depends on besides its own files: registries and this code."""
    digest = hashlib.sha256()
    for document in sorted(registry_files, key=lambda d: d.path):
        digest.update(document.path.encode() + document.digest.encode())
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _remembered(work: _Work, key: str) -> PreparedArticle | None:
    return _MEMORY.get((str(work.inputs.root), key)) if work.cache is not None else None


_FILE_DIGESTS: dict[Path, tuple[tuple[int, int, int], bytes]] = {}
"""The digest of each article file read in this process, with the (mtime, size, inode) it was read at."""

SETTLED_NS = 2_000_000_000
"""How old a file's modification time must be for its digest to be kept: a write within the same
clock tick as an earlier one would leave the time unchanged, so a file written in the last two
seconds is always read again (as git does for its index)."""


def file_digest(path: Path) -> bytes:
    """The SHA-256 of a file's bytes; read again only when its modification time, size or inode changed.

    A preview rebuild digests every article's files to find the changed ones; at 10,000 articles
    reading 20,000 files was a fifth of an edit's generation, and a `stat` is all an unchanged file needs.
    """
    status = path.stat()
    stamp = (status.st_mtime_ns, status.st_size, status.st_ino)
    known = _FILE_DIGESTS.get(path)
    if known is not None and known[0] == stamp:
        return known[1]
    digest = hashlib.sha256(path.read_bytes()).digest()
    if time.time_ns() - status.st_mtime_ns > SETTLED_NS:
        _FILE_DIGESTS[path] = (stamp, digest)
    return digest


def _key(work: _Work, article_id: str) -> str:
    """Digest of everything an article's preparation depends on: its files, the registries, this code."""
    raw_path = work.inputs.articles.raw.get(article_id)
    yaml_path = work.inputs.articles.annotations.get(article_id)
    empty = hashlib.sha256(b"").digest()
    return hashlib.sha256(
        b"\0".join(
            [
                article_id.encode(),
                work.inputs.fingerprint.encode(),
                work.ids_digest,
                file_digest(raw_path) if raw_path else empty,
                file_digest(yaml_path) if yaml_path else empty,
                b"raw" if raw_path else b"",
                b"yaml" if yaml_path else b"",
            ]
        )
    ).hexdigest()
