"""The pipeline in order: repository in, linked archive and every diagnostic out; the top-level orchestration.

load -> validate -> clean -> anchor -> link. Validation of the registries comes first because the
cleaner runs the outlets' rules; each article (its raw text and annotation file) is then loaded,
validated, cleaned and anchored on its own, on every core, with the result cached by the content
of its inputs, so an unchanged article is never parsed twice. Cross-article checks and linking
follow. Nothing is written but the cache: rendering and writing are separate steps.

One mistake, one message: a stage does not run on what an earlier stage found broken. Quotes are
anchored only where the clean text's inputs (the outlets' rules, the article's own `article:` and
`cleaning:` blocks) have no problem; a claim that names something unknown is anchored but not
linked; a published URL is not reported missing when its source had errors this run.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from build_tools.anchor import anchor_claims
from build_tools.clean import clean_article
from build_tools.diagnostics import Diagnostic, Diagnostics, Stage
from build_tools.link import Archive, Article, link_archive
from build_tools.load import (
    REGISTRIES,
    RawArticle,
    YamlDocument,
    annotation_paths,
    article_paths,
    load_article,
    load_site_files,
    load_yaml,
)
from build_tools.model import AnchoredClaim, Annotation, CleanArticle, Registries
from build_tools.permalinks import (
    Unsettled,
    check_permalinks,
    claim_url,
    current_permalinks,
    page_url,
    read_redirects,
)
from build_tools.validate import (
    CheckedAnnotation,
    CheckedRegistries,
    check_claim_targets,
    validate_annotation,
    validate_registries,
)

CACHE_FOLDER = Path("build") / "cache" / "articles"
"""Where prepared articles are cached, relative to the repository root."""

PARALLEL_THRESHOLD = 200
"""Below this many articles, starting worker processes costs more than it saves."""


@dataclass(frozen=True, slots=True)
class PipelineResult:
    """The archive, if the inputs allowed one, and every problem found."""

    archive: Archive | None
    """The linked archive; `None` when there were errors."""
    diagnostics: Diagnostics
    """Every problem, errors and warnings."""
    inputs: dict[str, str] = field(default_factory=dict)
    """A digest of each article's inputs (and, under "", of the registries): what changed since a build."""


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
    """The cleaned text."""
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


@dataclass(frozen=True, slots=True)
class _Context:
    """What every worker needs; inherited by forked workers rather than sent to them."""

    root: Path
    registries: CheckedRegistries
    article_ids: frozenset[str]
    raw_paths: dict[str, Path]
    annotation_paths: dict[str, Path]
    fingerprint: str
    ids_digest: bytes
    cache: Path | None


_CONTEXT: _Context | None = None

_MEMORY: dict[tuple[str, str], PreparedArticle] = {}
"""The articles prepared by the last cached run in this process, by root and key (for preview rebuilds)."""


def run_pipeline(
    root: Path, *, permalinks: bool = True, workers: int | None = None, cache: bool = True
) -> PipelineResult:
    """Read and check everything under `root`; link the archive if there are no errors.

    Args:
        root: The repository root.
        permalinks: Whether to check that every published URL still exists (an import that
            restores claims runs without it, since it is about to fix what is missing).
        workers: Processes for the per-article stages (default: one per core).
        cache: Whether to reuse and store prepared articles under `build/cache/`.

    """
    diagnostics = Diagnostics()
    sources = load_site_files(root, diagnostics)
    registries = validate_registries(sources, diagnostics)
    refused_raw: set[str] = set()
    refused_yaml: set[str] = set()
    raw_paths = article_paths(root, diagnostics, refused_raw)
    yaml_paths = annotation_paths(root, diagnostics, refused_yaml)
    article_ids = frozenset(raw_paths) | refused_raw
    context = _Context(
        root=root,
        registries=registries,
        article_ids=article_ids,
        raw_paths=raw_paths,
        annotation_paths=yaml_paths,
        fingerprint=_fingerprint(sources.registries.values()),
        ids_digest=hashlib.sha256("\n".join(sorted(article_ids)).encode()).digest(),
        cache=root / CACHE_FOLDER if cache else None,
    )
    prepared = _prepare_all(context, sorted(set(raw_paths) | set(yaml_paths)), workers)
    articles = []
    checked = {a: CheckedAnnotation(a, f"annotations/articles/{a}.yml") for a in refused_yaml}
    for item in prepared:
        diagnostics.extend(item.diagnostics)
        if item.checked is not None:
            checked[item.article_id] = item.checked
        if item.raw is not None and item.clean is not None:
            articles.append(_article(item, registries.registries))
    check_claim_targets(checked, article_ids, diagnostics)
    with diagnostics.in_stage(Stage.LINK):
        archive = link_archive(registries.registries, articles, diagnostics)
    with diagnostics.in_stage(Stage.SCHEMA):
        archive.redirects = read_redirects(sources.redirects, diagnostics)
    if permalinks:
        unsettled = _unsettled(prepared, checked, refused_raw, registries, errors=bool(diagnostics.errors))
        with diagnostics.in_stage(Stage.PERMALINK):
            check_permalinks(
                sources.published_urls, archive.redirects, current_permalinks(archive), diagnostics, unsettled
            )
    inputs = {item.article_id: item.key for item in prepared}
    inputs[""] = context.fingerprint + (sources.redirects.digest if sources.redirects else "")
    return PipelineResult(None if diagnostics.errors else archive, diagnostics, inputs)


def _unsettled(
    prepared: Iterable[PreparedArticle],
    checked: dict[str, CheckedAnnotation],
    refused_raw: Iterable[str],
    registries: CheckedRegistries,
    *,
    errors: bool,
) -> Unsettled:
    """The URLs whose source had errors this run: what an unreadable file, or a broken record, would publish."""
    urls: set[str] = set()
    prefixes = [page_url("articles", a) for a in refused_raw]
    prefixes += [page_url("articles", item.article_id) for item in prepared if item.raw_unreadable]
    for article_id, annotation in checked.items():
        if not annotation.claims_known:
            prefixes.append(page_url("articles", article_id) + "#")
        # A declared claim that is not in the archive has a problem (its own, or its quote's).
        urls.update(claim_url(article_id, claim_id) for claim_id in annotation.known_claims)
    for registry in REGISTRIES:
        if registry in registries.unreadable:
            prefixes.append(f"{registry}/")
        urls.update(page_url(registry, entry_id) for entry_id in registries.invalid.get(registry, ()))
    # Statements come from the relations of every article: any error may have removed or renamed one.
    return Unsettled(frozenset(urls), tuple(prefixes), statements=errors)


def _fingerprint(registry_files: Iterable[YamlDocument]) -> str:
    """What every article's preparation depends on besides its own files: registries and this code."""
    digest = hashlib.sha256()
    for document in sorted(registry_files, key=lambda d: d.path):
        digest.update(document.path.encode() + document.digest.encode())
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _prepare_all(context: _Context, article_ids: list[str], workers: int | None) -> list[PreparedArticle]:
    """Every article prepared: unchanged ones from the cache, the others on every core."""
    global _CONTEXT  # noqa: PLW0603 - forked workers inherit the context instead of unpickling it
    keys = {article_id: _key(context, article_id) for article_id in article_ids}
    done = {
        article_id: cached
        for article_id in article_ids
        if (cached := _remembered(context, keys[article_id]) or _read_cache(context.cache, keys[article_id]))
    }
    missing = [(article_id, keys[article_id]) for article_id in article_ids if article_id not in done]
    _CONTEXT = context
    try:
        count = workers if workers is not None else (os.cpu_count() or 1)
        if count <= 1 or len(missing) < PARALLEL_THRESHOLD or "fork" not in multiprocessing.get_all_start_methods():
            prepared = [_prepare(item) for item in missing]
        else:
            with multiprocessing.get_context("fork").Pool(count) as pool:
                prepared = pool.map(_prepare, missing, chunksize=max(1, len(missing) // (count * 8)))
    finally:
        _CONTEXT = None
    done.update((item.article_id, item) for item in prepared)
    _prune_cache(context.cache, set(keys.values()))
    if context.cache is not None:
        # The next run in this process (a preview rebuild) takes unchanged articles from memory.
        _MEMORY.clear()
        _MEMORY.update(((str(context.root), item.key), item) for item in done.values())
    return [done[article_id] for article_id in article_ids]


def _prune_cache(folder: Path | None, keep: set[str]) -> None:
    """Remove cached articles that no current input needs (edited or deleted since)."""
    if folder is None or not folder.is_dir():
        return
    for path in folder.glob("*/*.pickle"):
        if path.stem not in keep:
            path.unlink(missing_ok=True)


def _remembered(context: _Context, key: str) -> PreparedArticle | None:
    return _MEMORY.get((str(context.root), key)) if context.cache is not None else None


def _key(context: _Context, article_id: str) -> str:
    """Digest of everything an article's preparation depends on: its files, the registries, this code."""
    raw_path = context.raw_paths.get(article_id)
    yaml_path = context.annotation_paths.get(article_id)
    raw_bytes = raw_path.read_bytes() if raw_path else b""
    yaml_bytes = yaml_path.read_bytes() if yaml_path else b""
    return hashlib.sha256(
        b"\0".join(
            [
                article_id.encode(),
                context.fingerprint.encode(),
                context.ids_digest,
                hashlib.sha256(raw_bytes).digest(),
                hashlib.sha256(yaml_bytes).digest(),
                b"raw" if raw_path else b"",
                b"yaml" if yaml_path else b"",
            ]
        )
    ).hexdigest()


def _prepare(item: tuple[str, str]) -> PreparedArticle:
    """Load, validate, clean and anchor one article, and cache the result."""
    article_id, key = item
    context = _CONTEXT
    assert context is not None
    prepared = _prepare_uncached(
        context, article_id, context.raw_paths.get(article_id), context.annotation_paths.get(article_id), key
    )
    _write_cache(context.cache, key, prepared)
    return prepared


def _prepare_uncached(
    context: _Context, article_id: str, raw_path: Path | None, yaml_path: Path | None, key: str
) -> PreparedArticle:
    diagnostics = Diagnostics()
    raw = load_article(context.root, raw_path, diagnostics) if raw_path else None
    checked = None
    if yaml_path is not None:
        document = load_yaml(context.root, yaml_path, diagnostics)
        checked = validate_annotation(article_id, document, context.registries, context.article_ids, diagnostics)
    annotation = checked.annotation if checked else None
    clean = None
    claims: list[AnchoredClaim] = []
    if raw is not None:
        with diagnostics.in_stage(Stage.TEXT):
            clean = clean_article(raw, context.registries.registries.outlets, annotation, diagnostics)
            # Quotes are looked for only in a text whose rules were all read: in another text they
            # would be reported missing or ambiguous for a mistake already reported.
            settled = context.registries.cleaning_settled and checked is not None and checked.text_settled
            if annotation is not None and settled:
                claims = anchor_claims(clean, annotation.claims, diagnostics)
                claims.sort(key=lambda c: (c.span.start, -c.span.end))
                if not diagnostics.errors:  # A bad written value is its own error; "not detected" would repeat it.
                    _check_detected(raw, clean, annotation, diagnostics)
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


def _read_cache(folder: Path | None, key: str) -> PreparedArticle | None:
    if folder is None:
        return None
    path = folder / key[:2] / f"{key}.pickle"
    try:
        # The cache is written only by this program, under the repository's own build folder.
        value = pickle.loads(path.read_bytes())  # noqa: S301
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return None
    return value if isinstance(value, PreparedArticle) else None


def _write_cache(folder: Path | None, key: str, prepared: PreparedArticle) -> None:
    if folder is None:
        return
    path = folder / key[:2] / f"{key}.pickle"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(pickle.dumps(prepared, protocol=pickle.HIGHEST_PROTOCOL))
        temporary.replace(path)
    except OSError:
        return  # A cache that cannot be written only costs time.


def _article(item: PreparedArticle, registries: Registries) -> Article:
    assert item.raw is not None
    assert item.clean is not None
    meta = item.annotation.meta if item.annotation else None
    unlinked = item.checked.unlinked_claims if item.checked else frozenset()
    return Article(
        id=item.article_id,
        raw=item.raw,
        clean=item.clean,
        annotation=item.annotation,
        title=(meta.title if meta and meta.title else None) or item.clean.title or item.article_id,
        outlet=item.clean.outlet if item.clean.outlet in registries.outlets else None,
        published=(meta.published if meta and meta.published else None) or item.clean.published,
        claims=tuple(c for c in item.claims if c.ref.claim_id not in unlinked),
    )


def _check_detected(raw: RawArticle, clean: CleanArticle, annotation: Annotation, diagnostics: Diagnostics) -> None:
    """An annotated article needs an outlet and a date, written or detected."""
    origin = annotation.meta.origin if annotation.meta else annotation.origin
    if clean.outlet is None:
        diagnostics.error(origin, f"outlet of {raw.path} was not detected; add 'outlet:' under 'article:'")
    meta = annotation.meta
    if not (meta and meta.published) and clean.published is None:
        diagnostics.warning(
            origin, f"publication date of {raw.path} was not detected; add 'published:' under 'article:'"
        )
