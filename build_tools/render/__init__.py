"""Render: the linked `Archive` in, Markdown pages out (source path to text); pure, writes nothing.

Escaping happens here and only here (`render.markup`). Writing the pages to disk is the job of
`build_tools.write`.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable
from dataclasses import dataclass

from build_tools.export import data_files, raw_source
from build_tools.link import Archive
from build_tools.model import ClaimRef
from build_tools.permalinks import moved_fragments, redirect_page
from build_tools.render.article import render_article
from build_tools.render.context import (
    PageContext,
    RenderOptions,
    archive_names,
    article_source,
    event_source,
    outlet_source,
    speaker_source,
    statement_source,
    tag_source,
)
from build_tools.render.data import render_data_page
from build_tools.render.entities import render_event, render_outlet, render_speaker, render_statement, render_tag
from build_tools.render.feeds import articles_feed, claims_feed
from build_tools.render.highlight import NameIndex
from build_tools.render.indexes import (
    render_articles_index,
    render_claims_index,
    render_events_index,
    render_home_summary,
    render_outlets_index,
    render_speakers_index,
    render_statements_index,
    render_tags_index,
    render_timeline,
)

HOME_MARKER = "<!-- archive:home-summary -->"
"""Where the hand-written home page receives the generated summary."""

FIELD_REFERENCE_MARKER = "<!-- archive:field-reference -->"
"""Where the contributor guide receives the field reference generated from the file formats."""

__all__ = ["FIELD_REFERENCE_MARKER", "HOME_MARKER", "RenderOptions", "affected_entities", "render_home", "render_site"]


def render_site(
    archive: Archive,
    options: RenderOptions,
    affected: dict[str, set[str]] | None = None,
    previous: dict[str, str] | None = None,
) -> dict[str, str]:
    """Every generated page, by source path (relative to the generated docs folder).

    Args:
        archive: The linked archive.
        options: Site-wide settings.
        affected: For a preview rebuild, the entities whose pages can have changed since
            `previous` was rendered (see `affected_entities`): only those pages and the hubs are
            rendered again; the data downloads are left as they were until a full build.
        previous: The pages of the previous render, when `affected` is given.

    """
    job = _Job(archive, options, archive_names(archive))
    page = job.page

    if affected is None or previous is None:
        affected = None
        pages: dict[str, str] = {}
    else:
        pages = {k: v for k, v in previous.items() if not _stale(k, archive)}

    def wanted(kind: str, key: str) -> bool:
        return affected is None or key in affected[kind]

    jobs = [("articles", a) for a in archive.articles if wanted("articles", a)]
    jobs += [("statements", s) for s in archive.statements if wanted("statements", s)]
    jobs += [(kind, key) for kind, entries in _registry_kinds(archive) for key in entries if wanted(kind, key)]
    if affected is None:
        jobs.append(("data", ""))
    for (kind, key), rendered in _render_many(job, jobs):
        if kind in PAGINATED:
            _replace(pages, SOURCES[kind](key), rendered)
        else:
            pages.update(rendered)
    indexes = {
        "articles/index.md": render_articles_index,
        "speakers/index.md": render_speakers_index,
        "outlets/index.md": render_outlets_index,
        "events/index.md": render_events_index,
        "tags/index.md": render_tags_index,
        "claims/index.md": render_claims_index,
    }
    for source, render in indexes.items():
        pages[source] = render(page(source))
    _replace(pages, "statements/index.md", render_statements_index(page("statements/index.md")))
    _replace(pages, "timeline/index.md", render_timeline(page("timeline/index.md")))
    pages["feeds/articles.xml"] = articles_feed(page("index.md"))
    pages["feeds/claims.xml"] = claims_feed(page("index.md"))
    for old, (new, _) in archive.redirects.items():
        if "#" not in old:
            moves = moved_fragments(archive.redirects, old)
            pages[f"{old.rstrip('/')}/index.html"] = redirect_page(old, new, moves)
    return dict(sorted(pages.items()))


PARALLEL_THRESHOLD = 200
"""From this many pages to render, they are rendered on every core."""

SOURCES = {
    "articles": article_source,
    "statements": statement_source,
    "speakers": speaker_source,
    "outlets": outlet_source,
    "events": event_source,
    "tags": tag_source,
}
"""Where each kind of entity's (first) page comes from."""

PAGINATED = {"speakers", "outlets", "tags"}
"""Kinds whose pages are split into numbered pages (which a preview render replaces as a whole)."""


def _registry_kinds(archive: Archive) -> list[tuple[str, Iterable[str]]]:
    registries = archive.registries
    return [
        ("speakers", registries.speakers),
        ("outlets", registries.outlets),
        ("events", registries.events),
        ("tags", registries.tags),
    ]


@dataclass(frozen=True, slots=True)
class _Job:
    """What rendering an entity's pages needs; inherited by forked workers."""

    archive: Archive
    options: RenderOptions
    names: NameIndex

    def render(self, item: tuple[str, str]) -> tuple[tuple[str, str], dict[str, str]]:
        """The pages of one entity (or, for `("data", "")`, the data page and downloads)."""
        kind, key = item
        archive = self.archive
        if kind == "data":
            downloads = data_files(archive, self.options.site_url or "/")
            files = {f"data/{download.name}": download.content for download in downloads}
            files["data/index.md"] = render_data_page(self.page("data/index.md"), downloads)
            return item, files
        source = SOURCES[kind](key)
        here = self.page(source)
        registries = archive.registries
        pages: dict[str, str]
        match kind:
            case "articles":
                article = archive.articles[key]
                pages = {source: render_article(here, article), raw_source(key): article.raw.text}
            case "statements":
                pages = {source: render_statement(here, archive.statements[key])}
            case "speakers":
                pages = render_speaker(here, registries.speakers[key])
            case "outlets":
                pages = render_outlet(here, registries.outlets[key])
            case "events":
                pages = {source: render_event(here, registries.events[key])}
            case _:
                pages = render_tag(here, registries.tags[key])
        return item, pages

    def page(self, source: str) -> PageContext:
        """The rendering helpers bound to one page."""
        return PageContext(self.archive, source, self.options, self.names)


_JOB: _Job | None = None


def _render_forked(items: list[tuple[str, str]]) -> list[tuple[tuple[str, str], dict[str, str]]]:
    assert _JOB is not None
    return [_JOB.render(item) for item in items]


def _render_many(job: _Job, items: list[tuple[str, str]]) -> list[tuple[tuple[str, str], dict[str, str]]]:
    """The pages of many entities, in the order given: on every core when there are many."""
    global _JOB  # noqa: PLW0603 - forked workers inherit the archive instead of unpickling it
    count = os.cpu_count() or 1
    if count <= 1 or len(items) < PARALLEL_THRESHOLD or "fork" not in multiprocessing.get_all_start_methods():
        return [job.render(item) for item in items]
    # Interleaved slices balance the workers; the order is restored below.
    parts = count * 4
    slices = [items[start::parts] for start in range(parts)]
    _JOB = job
    try:
        with multiprocessing.get_context("fork").Pool(count) as pool:
            done = pool.map(_render_forked, slices)
    finally:
        _JOB = None
    return [done[position % parts][position // parts] for position in range(len(items))]


def _replace(pages: dict[str, str], base: str, rendered: dict[str, str]) -> None:
    """Put a paginated page's pages in place of its previous ones (there may now be fewer)."""
    folder = base.removesuffix(".md").removesuffix("/index") + "/"
    for key in [k for k in pages if k.startswith(folder) and k.removeprefix(folder).removesuffix(".md").isdigit()]:
        del pages[key]
    pages.update(rendered)


def _stale(source: str, archive: Archive) -> bool:
    """Whether a previously rendered page shows something the archive no longer has."""
    kind, _, rest = source.partition("/")
    name = rest.removesuffix(".md")
    registries = {
        "speakers": archive.registries.speakers,
        "outlets": archive.registries.outlets,
        "events": archive.registries.events,
        "tags": archive.registries.tags,
    }
    if kind == "articles" and "/" not in name and name != "index":
        return name not in archive.articles
    if kind == "articles" and name.endswith("/raw.txt"):
        return name.removesuffix("/raw.txt") not in archive.articles
    if kind == "statements" and "--" in name:
        return name not in archive.statements
    if kind in registries and "/" not in name and name != "index":
        return name not in registries[kind]
    return source.endswith("/index.html")  # Redirect pages are always made again.


def affected_entities(archive: Archive, changed: set[str]) -> dict[str, set[str]]:
    """The entities whose pages show something of the changed articles, in this archive.

    A preview rebuild takes the union of this for the archive before and after the change, so
    that a relation removed by the change also disappears from the page it pointed at.
    """
    affected: dict[str, set[str]] = {
        k: set() for k in ("articles", "speakers", "outlets", "events", "tags", "statements")
    }
    present = [a for a in changed if a in archive.articles]
    affected["articles"].update(present)
    for article_id in present:
        article = archive.articles[article_id]
        affected["outlets"].add(article.outlet or "")
        affected["events"].add(article.event or "")
        affected["tags"].update(article.tags)
        for link in archive.article_links.get(article_id, []):
            if isinstance(link.other, str):
                affected["articles"].add(link.other)
        for claim in article.claims:
            speaker = claim.spec.speaker
            affected["speakers"].add(
                speaker if isinstance(speaker, str) else getattr(speaker, "affiliation", None) or ""
            )
            affected["tags"].update(claim.spec.tags)
            if claim.ref in archive.statement_of:
                affected["statements"].add(archive.statement_of[claim.ref])
            for link in archive.claim_links.get(claim.ref, []):
                if isinstance(link.other, ClaimRef):
                    affected["articles"].add(link.other.article_id)
    for statement_id in list(affected["statements"]):
        affected["articles"].update(m.article_id for m in archive.statements[statement_id].members)
    return affected


def render_home(archive: Archive, options: RenderOptions) -> str:
    """The generated part of the home page (links relative to `index.md`)."""
    return render_home_summary(PageContext(archive, "index.md", options))
