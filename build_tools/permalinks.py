"""Permalinks: the linked archive and the list of published URLs in, redirects and problems out; reads no files.

Every article, claim, speaker, outlet, event and statement URL depends only on its id. Once
published, a URL must keep working: removing or renaming one fails the build unless
`redirects.yml` says where it went, and redirected pages get a small page pointing there.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from build_tools.diagnostics import Diagnostics, Origin
from build_tools.link import Archive
from build_tools.load import PERMALINKS_FILE, REDIRECTS_FILE, YamlDocument, YamlMap, YamlRefused
from build_tools.schema import INVALID, Checking, Text
from build_tools.urls import url_of

_URL_TEXT = Text(
    pattern=r"[a-z0-9][a-z0-9-]*/([a-z0-9][a-z0-9-]*/)?(#[a-z0-9][a-z0-9-]*)?",
    expected="a site URL such as articles/new-id/ or articles/new-id/#claim-new-id",
    max_length=500,
)


def current_permalinks(archive: Archive) -> set[str]:
    """Every permanent URL the archive publishes now (site-relative)."""
    urls = set()
    for article in archive.articles.values():
        urls.add(url_of(f"articles/{article.id}.md"))
        urls.update(url_of(f"articles/{article.id}.md#claim-{c.ref.claim_id}") for c in article.claims)
    registries = archive.registries
    urls.update(url_of(f"speakers/{i}.md") for i in registries.speakers)
    urls.update(url_of(f"outlets/{i}.md") for i in registries.outlets)
    urls.update(url_of(f"events/{i}.md") for i in registries.events)
    urls.update(url_of(f"tags/{i}.md") for i in registries.tags)
    urls.update(url_of(f"statements/{i}.md") for i in archive.statements)
    return urls


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


def claim_url(article_id: str, claim_id: str) -> str:
    """The site URL of a claim."""
    return url_of(f"articles/{article_id}.md#claim-{claim_id}")


def page_url(kind: str, page_id: str) -> str:
    """The site URL of a page of one kind (`articles`, `speakers`, ...)."""
    return url_of(f"{kind}/{page_id}.md")


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
            redirects[old] = (str(new), root.key_origins[old])
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


def moved_fragments(redirects: Mapping[str, tuple[str, Origin]], page_url: str) -> dict[str, str]:
    """Claim fragments of `page_url` that now live on another page: `#claim-old` -> new site URL."""
    moves = {}
    for old, (new, _) in sorted(redirects.items()):
        old_page, _, old_fragment = old.partition("#")
        if old_fragment and old_page == page_url and new.partition("#")[0] != page_url:
            moves[f"#{old_fragment}"] = new
    return moves


def redirect_page(from_url: str, to_url: str, moves: Mapping[str, str] | None = None) -> str:
    """A static page at `from_url` that sends readers (and the fragment they asked for) to `to_url`.

    Fragments listed in `moves` (claims that went elsewhere) are sent to their own new address.
    """
    up = "../" * from_url.split("#", maxsplit=1)[0].strip("/").count("/") + "../"
    target = up + to_url
    relative_moves = {fragment: up + url for fragment, url in (moves or {}).items()}
    safe = html.escape(target, quote=True)
    script = (
        f"var moves = {_script_json(relative_moves)};"
        f" location.replace(moves[location.hash] || {_script_json(target)} + location.hash);"
    )
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Moved</title>\n'
        f'<link rel="canonical" href="{safe}">\n<meta http-equiv="refresh" content="0; url={safe}">\n'
        f"<script>{script}</script>\n</head>\n"
        f'<body>\n<p>This page has moved to <a href="{safe}">{safe}</a>.</p>\n</body>\n</html>\n'
    )


def _script_json(value: object) -> str:
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def fragment_aliases(redirects: Mapping[str, tuple[str, Origin]], page_url: str) -> dict[str, list[str]]:
    """Old claim fragments of one page that now point to claims of the same page: new id -> old ids."""
    aliases: dict[str, list[str]] = {}
    for old, (new, _) in sorted(redirects.items()):
        old_page, _, old_fragment = old.partition("#")
        new_page, _, new_fragment = new.partition("#")
        if old_fragment and new_fragment and old_page == new_page == page_url:
            aliases.setdefault(new_fragment, []).append(old_fragment)
    return aliases
