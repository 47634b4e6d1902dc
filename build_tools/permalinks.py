"""Permalinks: the linked archive and the list of published URLs in, redirects and problems out; reads no files.

Every article, claim, speaker, outlet, event and statement URL depends only on its id. Once
published, a URL must keep working: removing or renaming one fails the build unless
`redirects.yml` says where it went, and redirected pages get a small page pointing there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from build_tools.diagnostics import Diagnostics, Origin
from build_tools.load import PERMALINKS_FILE, REDIRECTS_FILE, REGISTRIES, YamlDocument, YamlMap, YamlRefused
from build_tools.pages import current_permalinks
from build_tools.schema import INVALID, Checking, Text
from build_tools.urls import claim_url, entity_source, url_of
from build_tools.validate import CheckedAnnotation, CheckedRegistries

__all__ = [
    "Unsettled",
    "check_permalinks",
    "claim_url",
    "current_permalinks",
    "page_url",
    "read_redirects",
    "unsettled_urls",
    "updated_permalinks",
]

_URL_TEXT = Text(
    pattern=r"[a-z0-9][a-z0-9-]*/([a-z0-9][a-z0-9-]*/)?(#[a-z0-9][a-z0-9-]*)?",
    expected="a site URL such as articles/new-id/ or articles/new-id/#claim-new-id",
    max_length=500,
)


@dataclass(frozen=True, slots=True)
class Unsettled:
    """URLs whose source had errors this run: they are neither reported missing nor required to exist.

    A page that is missing because its file could not be read, or its claim has a problem, is
    not a page that disappeared: the error that keeps it out is reported instead.
    """

    urls: frozenset[str] = frozenset()
    """Single URLs: claims and registry entries that are declared but have problems (or no place in the text)."""
    prefixes: tuple[str, ...] = ()
    """Whole families: everything an unreadable file would publish (`articles/x/`, `articles/x/#`, `speakers/`)."""
    statements: bool = False
    """Whether statement URLs are unsettled: they come from the relations of every article."""

    def covers(self, url: str) -> bool:
        """Whether `url` depends on a source that had errors."""
        if self.statements and url.startswith("statements/"):
            return True
        return url in self.urls or url.startswith(self.prefixes)


def unsettled_urls(
    unreadable_articles: Iterable[str],
    annotations: Mapping[str, CheckedAnnotation],
    registries: CheckedRegistries,
    *,
    errors: bool,
) -> Unsettled:
    """The URLs whose source had errors this run: what an unreadable file, or a broken record, would publish.

    Args:
        unreadable_articles: Ids of raw articles whose file exists but could not be read.
        annotations: Every annotation file, validated (an unreadable one knows none of its claims).
        registries: The registries, validated.
        errors: Whether any error was found this run.

    """
    urls: set[str] = set()
    prefixes = [page_url("articles", article_id) for article_id in unreadable_articles]
    for article_id, annotation in annotations.items():
        if not annotation.claims_known:
            prefixes.append(page_url("articles", article_id) + "#")
        if errors:
            # A declared claim that is not in the archive has a problem (its own, or its quote's);
            # without errors, every declared claim is in the archive.
            urls.update(claim_url(article_id, claim_id) for claim_id in annotation.known_claims)
    for registry in REGISTRIES:
        if registry in registries.unreadable:
            prefixes.append(f"{registry}/")
        urls.update(page_url(registry, entry_id) for entry_id in registries.invalid.get(registry, ()))
    # Statements come from the relations of every article: any error may have removed or renamed one.
    return Unsettled(frozenset(urls), tuple(prefixes), statements=errors)


def page_url(kind: str, page_id: str) -> str:
    """The site URL of a page of one kind (`articles`, `speakers`, ...)."""
    return url_of(entity_source(kind, page_id))


def read_redirects(document: YamlDocument | None, diagnostics: Diagnostics) -> dict[str, tuple[str, Origin]]:
    """The `old-url: new-url` pairs of `redirects.yml`, with where each was written."""
    if document is None or document.root is None:
        return {}
    root = document.root
    if isinstance(root, YamlRefused):
        return {}  # Load reported why.
    if not isinstance(root, YamlMap):
        diagnostics.error(root.origin, "expected a mapping of old URLs to new URLs")
        return {}
    redirects = {}
    checking = Checking(diagnostics)
    for old, node in root.entries.items():
        new = _URL_TEXT.check(node, checking)
        if new is not INVALID:
            redirects[old] = (new, root.key_origins[old])
    return redirects


def check_permalinks(
    published: Iterable[tuple[str, int]],
    redirects: Mapping[str, tuple[str, Origin]],
    current: set[str],
    diagnostics: Diagnostics,
    unsettled: Unsettled | None = None,
) -> None:
    """A published URL that would disappear without a redirect is an error; so is a redirect to nowhere.

    Args:
        published: Every URL ever published, with its line in the permalinks file.
        redirects: Where renamed or removed URLs point.
        current: Every URL the site publishes now.
        diagnostics: Where problems are recorded.
        unsettled: URLs whose source had errors this run (not reported, whichever way).

    """
    unsettled = unsettled or Unsettled()
    for url, line in published:
        if url in current or url in redirects or unsettled.covers(url):
            continue
        diagnostics.error(
            Origin(PERMALINKS_FILE, line),
            f"published URL '{url}' would disappear; add a redirect for it to {REDIRECTS_FILE} "
            f"('{url}: <new-url>'), or restore what it showed",
        )
    for old, (new, origin) in redirects.items():
        if new not in current and not unsettled.covers(new):
            diagnostics.error(origin, f"redirect of '{old}' points to '{new}', which the site does not publish")


def updated_permalinks(published: Iterable[tuple[str, int]], current: set[str]) -> str:
    """The permalinks file with today's URLs added (none is ever removed)."""
    urls = sorted({url for url, _ in published} | current)
    header = "# Every URL this site has published. Maintained by `archive permalinks --update`; never remove a line.\n"
    return header + "".join(f"{url}\n" for url in urls)
