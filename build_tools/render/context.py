"""How pages link to each other: rendering helpers bound to one page.

Generated pages are finished HTML under Markdown headings (see `markup.page_text`), so links
between them are relative URLs computed here from `build_tools.urls`, which knows where every
page lives; the build's tests follow every link of the built site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from build_tools.link import Archive
from build_tools.model import ClaimRef, ExternalSource, UnnamedSpeaker
from build_tools.render.highlight import NameIndex, name_index
from build_tools.render.markup import attr, clip, external_link, relative_url, text
from build_tools.urls import (
    article_source,
    claim_source,
    event_source,
    outlet_source,
    speaker_source,
    statement_source,
    tag_source,
    url_of,
)

__all__ = [
    "PageContext",
    "RenderOptions",
    "article_source",
    "claim_source",
    "date_html",
    "date_range_html",
    "date_words",
    "event_source",
    "outlet_source",
    "speaker_source",
    "statement_source",
    "tag_source",
    "url_of",
]


MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def date_words(value: str | None) -> str:
    """An ISO date (or the date part of a datetime) as people write it: "2 August 2017", "March 2024", "undated"."""
    match = _ISO_DATE.match(value or "")
    if not match:
        return "undated"
    year, month, day = match.groups()
    if month is None or not 1 <= int(month) <= 12:
        return year
    if day is None:
        return f"{MONTHS[int(month) - 1]} {year}"
    return f"{int(day)} {MONTHS[int(month) - 1]} {year}"


def date_html(value: str | None) -> str:
    """A date for people with its machine form beside it: `<time datetime="2017-08-02">2 August 2017</time>`."""
    match = _ISO_DATE.match(value or "")
    if not match:
        return "undated"
    return f'<time datetime="{attr(match.group())}">{date_words(value)}</time>'


def date_range_html(start: str, end: str | None) -> str:
    """A period for people ("4 March 2024" to "9 March 2024", a dash between), each end a `<time>`; one date without an end."""
    if not end or end == start:
        return date_html(start)
    return f"{date_html(start)} – {date_html(end)}"


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """Settings that shape links out of the generated pages."""

    edit_url: str | None = None
    """Template for "edit these annotations", with `{path}` for the repository path."""
    site_url: str | None = None
    """The published site's address, for permanent links."""


@dataclass(frozen=True, slots=True)
class Before:
    """What a preview's partial render knows of the render before it, to keep the pages an edit cannot have changed."""

    archive: Archive
    """The archive the previous pages were rendered from (same registries and settings)."""
    touched: frozenset[str]
    """The articles whose change can show on a page: the changed articles' neighbourhoods, in both archives."""


@dataclass(frozen=True, slots=True)
class PageContext:
    """Rendering helpers bound to one page of the archive."""

    archive: Archive
    """The archive being rendered."""
    source: str
    """This page's source path."""
    options: RenderOptions
    """Site-wide settings."""
    names: NameIndex = field(default_factory=lambda: NameIndex(None, {}))
    """Registered names, compiled once per render, for linking mentions in article texts."""
    before: Before | None = None
    """In a preview's partial render, the render before it (see `pager.paginated`)."""

    def sibling(self, source: str) -> PageContext:
        """The same helpers bound to another page."""
        return PageContext(self.archive, source, self.options, self.names, self.before)

    def url(self, target_source: str) -> str:
        """A relative URL to another page (given by its source path)."""
        return relative_url(url_of(self.source), url_of(target_source))

    def link(self, label: str, target_source: str) -> str:
        """An HTML link to another page, with an escaped label."""
        return f'<a href="{self.url(target_source)}">{text(label)}</a>'

    def speaker_name(self, speaker: str | UnnamedSpeaker | None) -> str:
        """Plain name of a claim's speaker ("the outlet" for its own voice)."""
        return self.archive.registries.speaker_name(speaker) or "the outlet"

    def speaker_link(self, speaker: str | UnnamedSpeaker | None) -> str:
        """A link to the speaker's page, or the escaped description of an unnamed source."""
        if isinstance(speaker, UnnamedSpeaker):
            label = f"{text(speaker.description)} (unnamed)"
            if speaker.affiliation and speaker.affiliation in self.archive.registries.speakers:
                org = self.archive.registries.speakers[speaker.affiliation].name
                label += ", " + self.link(org, speaker_source(speaker.affiliation))
            return label
        if speaker is None or speaker not in self.archive.registries.speakers:
            return "the outlet (its own voice)"
        return self.link(self.speaker_name(speaker), speaker_source(speaker))

    def outlet_link(self, outlet_id: str | None) -> str:
        """A link to an outlet's page, or 'unknown outlet'."""
        if outlet_id is None or outlet_id not in self.archive.registries.outlets:
            return "unknown outlet"
        return self.link(self.archive.registries.outlets[outlet_id].name, outlet_source(outlet_id))

    def article_link(self, article_id: str) -> str:
        """A link to an article page, labelled with its title."""
        return self.link(self.archive.articles[article_id].title, article_source(article_id))

    def claim_label(self, ref: ClaimRef, limit: int = 90) -> str:
        """A short plain description of a claim: speaker, outlet, quote."""
        claim = self.archive.claims[ref]
        article = self.archive.article_of(ref)
        outlet = self.archive.registries.outlets.get(article.outlet or "")
        where = f"{outlet.name if outlet else 'unknown outlet'}, {date_words(article.date)}"
        return f"{self.speaker_name(claim.spec.speaker)} ({where}): “{clip(claim.quote, limit)}”"

    def claim_link(self, ref: ClaimRef, *, limit: int = 90) -> str:
        """A link to a claim on its article page."""
        return self.link(self.claim_label(ref, limit), claim_source(ref))

    def external(self, source: ExternalSource) -> str:
        """An external source: its title (linked where an http(s) URL is known), its outlet (linked to the outlet's page) and date."""
        details = []
        if source.outlet in self.archive.registries.outlets:
            details.append(self.outlet_link(source.outlet))
        if source.published:
            details.append(date_html(source.published))
        details.append("outside this archive")
        return f"{external_link(source.title, source.url)} ({', '.join(details)})"

    def edit_link(self, path: str) -> str | None:
        """The address that opens a repository file for editing, if the site knows its repository."""
        if not self.options.edit_url:
            return None
        return self.options.edit_url.replace("{path}", path)


def archive_names(archive: Archive) -> NameIndex:
    """Every speaker's and outlet's name and aliases, pointing at their pages (speakers win ties)."""
    names: dict[str, tuple[str, str]] = {}
    for outlet in archive.registries.outlets.values():
        for name in (outlet.name, *outlet.aliases):
            names[name] = (outlet_source(outlet.id), f"Outlet: {outlet.name}")
    for speaker in archive.registries.speakers.values():
        for name in (speaker.name, *speaker.aliases):
            names[name] = (speaker_source(speaker.id), f"Speaker: {speaker.name}")
    return name_index(names)
