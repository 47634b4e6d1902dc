"""Render: the linked `Archive` in, Markdown pages out (source path to text); pure, writes nothing.

Escaping happens here and only here (`render.markup`). Writing the pages to disk is the job of
`build_tools.write`.
"""

from __future__ import annotations

from build_tools.export import data_files
from build_tools.link import Archive
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
from build_tools.render.entities import render_event, render_outlet, render_speaker, render_statement, render_tag
from build_tools.render.data import render_data_page
from build_tools.render.feeds import articles_feed, claims_feed
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

__all__ = ["FIELD_REFERENCE_MARKER", "HOME_MARKER", "RenderOptions", "render_home", "render_site"]


def render_site(archive: Archive, options: RenderOptions) -> dict[str, str]:
    """Every generated page, by source path (relative to the generated docs folder)."""
    pages: dict[str, str] = {}
    names = archive_names(archive)

    def page(source: str) -> PageContext:
        return PageContext(archive, source, options, names)

    for article in archive.articles.values():
        source = article_source(article.id)
        pages[source] = render_article(page(source), article)
    for speaker in archive.registries.speakers.values():
        pages.update(render_speaker(page(speaker_source(speaker.id)), speaker))
    for outlet in archive.registries.outlets.values():
        pages.update(render_outlet(page(outlet_source(outlet.id)), outlet))
    for event in archive.registries.events.values():
        source = event_source(event.id)
        pages[source] = render_event(page(source), event)
    for tag in archive.registries.tags.values():
        pages.update(render_tag(page(tag_source(tag.id)), tag))
    for statement in archive.statements.values():
        source = statement_source(statement.id)
        pages[source] = render_statement(page(source), statement)
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
    pages.update(render_statements_index(page("statements/index.md")))
    pages.update(render_timeline(page("timeline/index.md")))
    pages["feeds/articles.xml"] = articles_feed(page("index.md"))
    pages["feeds/claims.xml"] = claims_feed(page("index.md"))
    downloads = data_files(archive, options.site_url or "/")
    pages["data/index.md"] = render_data_page(page("data/index.md"), downloads)
    for download in downloads:
        pages[f"data/{download.name}"] = download.content
    for old, (new, _) in archive.redirects.items():
        if "#" not in old:
            moves = moved_fragments(archive.redirects, old)
            pages[f"{old.rstrip('/')}/index.html"] = redirect_page(old, new, moves)
    return dict(sorted(pages.items()))


def render_home(archive: Archive, options: RenderOptions) -> str:
    """The generated part of the home page (links relative to `index.md`)."""
    return render_home_summary(PageContext(archive, "index.md", options))
