"""Render: the linked `Archive` in, Markdown pages out (source path to text); pure, writes nothing.

Escaping happens here and only here (`render.markup`). Writing the pages to disk is the job of
`build_tools.write`.
"""

from __future__ import annotations

import multiprocessing
import os
from dataclasses import dataclass

from build_tools.export import data_files
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


def render_site(  # noqa: C901, PLR0912 - one visible pass per page kind; split up, the order of the pages would be hidden
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
    names = archive_names(archive)

    def page(source: str) -> PageContext:
        return PageContext(archive, source, options, names)

    if affected is None or previous is None:
        affected = None
        pages: dict[str, str] = {}
    else:
        pages = {k: v for k, v in previous.items() if not _stale(k, archive)}

    def wanted(kind: str, key: str) -> bool:
        return affected is None or key in affected[kind]

    jobs = [("articles", a) for a in archive.articles if wanted("articles", a)]
    jobs += [("statements", s) for s in archive.statements if wanted("statements", s)]
    pages.update(_render_many(_Job(archive, options, names), jobs))
    for speaker in archive.registries.speakers.values():
        if wanted("speakers", speaker.id):
            _replace(pages, speaker_source(speaker.id), render_speaker(page(speaker_source(speaker.id)), speaker))
    for outlet in archive.registries.outlets.values():
        if wanted("outlets", outlet.id):
            _replace(pages, outlet_source(outlet.id), render_outlet(page(outlet_source(outlet.id)), outlet))
    for event in archive.registries.events.values():
        if wanted("events", event.id):
            pages[event_source(event.id)] = render_event(page(event_source(event.id)), event)
    for tag in archive.registries.tags.values():
        if wanted("tags", tag.id):
            _replace(pages, tag_source(tag.id), render_tag(page(tag_source(tag.id)), tag))
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
    if affected is None:
        downloads = data_files(archive, options.site_url or "/")
        pages["data/index.md"] = render_data_page(page("data/index.md"), downloads)
        for download in downloads:
            pages[f"data/{download.name}"] = download.content
    for old, (new, _) in archive.redirects.items():
        if "#" not in old:
            moves = moved_fragments(archive.redirects, old)
            pages[f"{old.rstrip('/')}/index.html"] = redirect_page(old, new, moves)
    return dict(sorted(pages.items()))


PARALLEL_THRESHOLD = 200
"""From this many article and statement pages, they are rendered on every core."""


@dataclass(frozen=True, slots=True)
class _Job:
    """What rendering an article or statement page needs; inherited by forked workers."""

    archive: Archive
    options: RenderOptions
    names: NameIndex

    def render(self, item: tuple[str, str]) -> tuple[str, str]:
        kind, key = item
        if kind == "articles":
            source = article_source(key)
            return source, render_article(
                PageContext(self.archive, source, self.options, self.names), self.archive.articles[key]
            )
        source = statement_source(key)
        return source, render_statement(
            PageContext(self.archive, source, self.options, self.names), self.archive.statements[key]
        )


_JOB: _Job | None = None


def _render_forked(items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    assert _JOB is not None
    return [_JOB.render(item) for item in items]


def _render_many(job: _Job, items: list[tuple[str, str]]) -> dict[str, str]:
    """The article and statement pages, the heaviest to render: on every core when there are many."""
    global _JOB  # noqa: PLW0603 - forked workers inherit the archive instead of unpickling it
    count = os.cpu_count() or 1
    if count <= 1 or len(items) < PARALLEL_THRESHOLD or "fork" not in multiprocessing.get_all_start_methods():
        return dict(job.render(item) for item in items)
    # Interleaved slices balance the workers: statements cost more than articles.
    slices = [items[start :: count * 4] for start in range(count * 4)]
    _JOB = job
    try:
        with multiprocessing.get_context("fork").Pool(count) as pool:
            return dict(pair for rendered in pool.map(_render_forked, slices) for pair in rendered)
    finally:
        _JOB = None


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
