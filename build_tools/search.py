"""Search: the linked archive in, search records out (pure); and a writer that turns them into a Pagefind index.

Records are made from the archive's data rather than scraped from the built HTML, so each claim
is a result of its own (opening the article at the claim), every record carries exact filters
(speaker, outlet, year, tag, kind, rating, type), and indexing never parses the site's pages.
Pagefind splits the index into fragments, so a reader downloads only what a query needs.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from build_tools.link import Archive, Article
from build_tools.model import RATINGS, AnchoredClaim, UnnamedSpeaker
from build_tools.render.article import KIND_LABELS
from build_tools.urls import url_of
from build_tools.render.markup import clip

log = logging.getLogger(__name__)

HAND_WRITTEN_PAGES = ("index.html", "about/index.html", "methodology/index.html", "contributing/index.html")
"""Built pages of `docs/` that are indexed as HTML (the rest of the site is indexed from data)."""

EXCLUDED_SELECTORS = (".md-header", ".md-tabs", ".md-sidebar", ".md-footer", ".headerlink", ".md-skip")
"""Theme chrome left out of the hand-written pages' index."""


@dataclass(frozen=True, slots=True)
class SearchRecord:
    """One search result."""

    url: str
    """Site-relative URL, with a fragment for claims."""
    title: str
    """What the result list shows."""
    content: str
    """The text searched."""
    filters: dict[str, list[str]] = field(default_factory=dict)
    """Facets the reader can narrow by."""
    meta: dict[str, str] = field(default_factory=dict)
    """Extra fields shown with the result."""


def _speaker_name(archive: Archive, speaker: str | UnnamedSpeaker | None) -> str:
    if isinstance(speaker, UnnamedSpeaker):
        return "Unnamed sources"
    if speaker is None:
        return "The outlet"
    registered = archive.registries.speakers.get(speaker)
    return registered.name if registered else speaker


def _common(archive: Archive, article: Article) -> tuple[dict[str, list[str]], dict[str, str]]:
    outlet = archive.registries.outlets.get(article.outlet or "")
    filters: dict[str, list[str]] = {}
    meta: dict[str, str] = {}
    if outlet:
        filters["outlet"] = [outlet.name]
        meta["outlet"] = outlet.name
    if article.date:
        filters["year"] = [article.date[:4]]
        meta["date"] = article.date
    return filters, meta


def _claim_record(archive: Archive, article: Article, claim: AnchoredClaim) -> SearchRecord:
    spec = claim.spec
    speaker = _speaker_name(archive, spec.speaker)
    filters, meta = _common(archive, article)
    filters |= {
        "type": ["Claim"],
        "speaker": [speaker],
        "kind": [KIND_LABELS[spec.kind.value]],
        "rating": [RATINGS[spec.review.rating] if spec.review else "Not reviewed"],
    }
    if spec.tags:
        filters["tag"] = [archive.registries.tags[t].title for t in spec.tags]
    url = url_of(f"articles/{article.id}.md#claim-{spec.id}")
    content = f"{spec.quote}\n{spec.summary}\n{speaker}" + (f" {spec.cue}" if spec.cue else "")
    return SearchRecord(url, f"{speaker}: “{clip(spec.quote, 100)}”", content, filters, meta)


def _article_record(archive: Archive, article: Article) -> SearchRecord:
    filters, meta = _common(archive, article)
    filters["type"] = ["Article"]
    speakers = sorted({_speaker_name(archive, c.spec.speaker) for c in article.claims})
    if speakers:
        filters["speaker"] = speakers
    tags = sorted({archive.registries.tags[t].title for t in article.tags})
    if tags:
        filters["tag"] = tags
    if article.claims:
        filters["kind"] = sorted({KIND_LABELS[c.spec.kind.value] for c in article.claims})
        filters["rating"] = sorted(
            {RATINGS[c.spec.review.rating] if c.spec.review else "Not reviewed" for c in article.claims}
        )
    return SearchRecord(url_of(f"articles/{article.id}.md"), article.title, f"{article.title}\n{article.clean.text}", filters, meta)


def search_records(archive: Archive) -> list[SearchRecord]:
    """Every article, claim, speaker, outlet, event and statement as a search record."""
    records: list[SearchRecord] = []
    for article in archive.articles.values():
        records.append(_article_record(archive, article))
        records += [_claim_record(archive, article, claim) for claim in article.claims]
    for speaker in archive.registries.speakers.values():
        roles = " ".join(r.title for r in speaker.roles)
        content = " ".join((speaker.name, *speaker.aliases, speaker.description, roles))
        records.append(SearchRecord(url_of(f"speakers/{speaker.id}.md"), speaker.name, content, {"type": ["Speaker"]}))
    for outlet in archive.registries.outlets.values():
        content = " ".join((outlet.name, *outlet.aliases, outlet.description, outlet.owner or ""))
        records.append(SearchRecord(url_of(f"outlets/{outlet.id}.md"), outlet.name, content, {"type": ["Outlet"]}))
    for event in archive.registries.events.values():
        content = f"{event.title}\n{event.description}"
        records.append(SearchRecord(url_of(f"events/{event.id}.md"), event.title, content, {"type": ["Event"]}, {"date": event.date}))
    for statement in archive.statements.values():
        first = archive.claims[statement.members[0]]
        wordings = "\n".join(archive.claims[m].spec.quote for m in statement.members)
        speaker = _speaker_name(archive, first.spec.speaker)
        title = f"Statement: {speaker}: “{clip(first.spec.quote, 90)}”"
        records.append(SearchRecord(url_of(f"statements/{statement.id}.md"), title, wordings, {"type": ["Statement"]}))
    return records


def write_search_index(site_dir: Path, records: Iterable[SearchRecord], language: str = "en") -> None:
    """Index the records and the hand-written pages with Pagefind into `site_dir/pagefind/`."""
    asyncio.run(_index(site_dir, list(records), language))


async def _index(site_dir: Path, records: list[SearchRecord], language: str) -> None:
    # Imported here: only builds that write a search index need the Pagefind binary.
    from pagefind.index import IndexConfig, PagefindIndex  # noqa: PLC0415

    config = IndexConfig(
        force_language=language,
        exclude_selectors=list(EXCLUDED_SELECTORS),
        output_path=str(site_dir / "pagefind"),
    )
    async with PagefindIndex(config=config) as index:
        for record in records:
            await index.add_custom_record(
                url="/" + record.url,
                content=record.content,
                language=language,
                meta={"title": record.title, **record.meta},
                filters=record.filters,
            )
        for page in HAND_WRITTEN_PAGES:
            path = site_dir / page
            if path.is_file():
                url = "/" + page.removesuffix("index.html")
                html = path.read_text(encoding="utf-8")
                await index.add_html_file(content=html, url=url)
    log.info("search: indexed %d records and the hand-written pages", len(records))
