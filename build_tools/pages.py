"""Page kinds: the one table of every kind of page the site has; the linked archive in, its pages, records and URLs out; pure.

Each kind is declared once, in `PAGE_KINDS`: its folder (paths come from `urls`), which pages it
has in an archive, how one is rendered (several pages for a paginated one), its search record,
whether its URLs are permalinks and which fragments of them are too, and which changed articles
affect which of its pages. Rendering (`render_site`), a preview's partial rebuild
(`affected_entities`) and stale-page removal, the search records, the permalink check
(`current_permalinks`) all loop over the table; no other module names a kind of page.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from build_tools import urls
from build_tools.export import data_files
from build_tools.link import Archive
from build_tools.model import ClaimRef
from build_tools.page_cache import PageCache
from build_tools.parallel import parallel_map
from build_tools.render.article import render_article, render_cleaning_log
from build_tools.render.context import Before, PageContext, RenderOptions, archive_names
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
from build_tools.render.pager import KEPT
from build_tools.render.redirects import moved_fragments, redirect_page
from build_tools.search import (
    SearchRecord,
    article_record,
    event_record,
    outlet_record,
    speaker_record,
)
from build_tools.store import collector_paused
from build_tools.write import FileContent

Render = Callable[[PageContext, str], Mapping[str, FileContent]]
"""The pages of one entry of a kind: source path to text, the first page at the kind's source of the id."""

HUB = "index"
"""The id of the one page of a hub kind (it lives at `<folder>/index.md`)."""


def _none(archive: Archive, key: str) -> Iterable[str]:
    del archive, key
    return ()


def _hub(archive: Archive) -> Iterable[str]:
    del archive
    return (HUB,)


@dataclass(frozen=True, slots=True)
class PageKind:
    """One kind of page: where its pages live, what they are made of, and what they depend on."""

    name: str
    """What one page of it is, for messages and the preview's bookkeeping ("speaker", "claims hub")."""
    folder: str
    """The site folder its pages live in (`urls.SPEAKERS`)."""
    entries: Callable[[Archive], Iterable[str]]
    """The ids of its pages in an archive (hubs have one, `HUB`)."""
    render: Render
    """Renders the pages of one id."""
    hub: bool = False
    """Whether it is a hub (one page, or a few, listing others), rendered again on every preview rebuild."""
    paginated: bool = False
    """Whether one id may give several pages (numbered pages, a page per year), replaced as a whole."""
    record: Callable[[Archive, str], SearchRecord] | None = None
    """Its search record, for kinds that are searched."""
    fragments: Callable[[Archive, str], Iterable[str]] = _none
    """Fragments of one of its pages that are permanent addresses too (`claim-<id>`).

    They depend on the entry alone (what `entries` maps the id to): `current_permalinks` reuses them while it is the same object.
    """
    shows: Callable[[Archive, str], Iterable[str]] = _none
    """The ids of its pages that show something of an article's own (its text, title, claims).

    A page showing a claim also shows the claims related to it (their speaker, outlet, date and
    quote) and its statement's other wordings, so a change of an article affects the pages that
    show any article of its neighbourhood (`neighbourhood`); see `PageKind.affected_by`.
    """
    shows_relations: bool = True
    """Whether its pages show claims' relations and statements (a tag's or an outlet's lists do not)."""
    in_preview: bool = True
    """Whether a preview rebuild renders it (the data downloads wait for the next full build)."""
    extra_files: Callable[[Archive, str], dict[str, FileContent]] = field(default=lambda _archive, _key: {})
    """Files published beside a page (an article's raw text)."""

    def affected_by(self, archive: Archive, article_id: str) -> set[str]:
        """The ids of its pages that a change of the article can change: those showing it or, if they show relations, an article of its neighbourhood."""
        if not self.shows_relations:
            return set(self.shows(archive, article_id))
        return {key for near in neighbourhood(archive, article_id) for key in self.shows(archive, near)}

    @property
    def permanent(self) -> bool:
        """Whether its URLs are permalinks: every entry kind's are, no hub's is."""
        return not self.hub

    def source(self, key: str) -> str:
        """Source path of the (first) page of `key`."""
        return urls.hub_source(self.folder) if self.hub else urls.entity_source(self.folder, key)

    def owner(self, source: str) -> str | None:
        """The id whose pages include `source`, when a page of this kind is at that source path."""
        folder, _, rest = source.partition("/")
        if folder != self.folder or not rest:
            return None
        if self.hub:
            owned = rest == "index.md" or (self.paginated and _numbered_or_named(rest, self.folder))
            return HUB if owned else None
        key = rest.split("/", 1)[0].removesuffix(".md")
        if key == HUB or (self.folder == urls.STATEMENTS and "--" not in key):
            return None  # A hub's page of the same folder, not an entry's.
        return key


def _numbered_or_named(rest: str, folder: str) -> bool:
    """Whether `rest` is a further page of a hub: numbered (`2.md`), or any page of a folder that only a hub has."""
    return rest.removesuffix(".md").isdigit() or folder in (urls.TIMELINE, urls.FEEDS, urls.DATA)


# --------------------------------------------------------------------------------------------
# What each kind is made of
# --------------------------------------------------------------------------------------------


def _article_pages(page: PageContext, key: str) -> Mapping[str, FileContent]:
    return {page.source: render_article(page, page.archive.articles[key])}


def _raw_file(archive: Archive, key: str) -> dict[str, FileContent]:
    """The raw file as scraped and its cleaning log, beside the article page (which loads them on request)."""
    article = archive.articles[key]
    return {urls.raw_source(key): article.raw.text, urls.cleaning_source(key): render_cleaning_log(article)}


def _claim_fragments(archive: Archive, key: str) -> Iterable[str]:
    return (f"claim-{claim.ref.claim_id}" for claim in archive.articles[key].claims)


def neighbourhood(archive: Archive, article_id: str) -> set[str]:
    """The article, those it references or is referenced by, and those holding claims related to its claims or statements.

    What a page shows of one of them can show something of the article: a relation's other
    end is printed with its speaker, outlet, date and quote, a statement with every wording.
    """
    article = archive.articles[article_id]
    found = {article_id}
    found.update(link.other for link in archive.article_links.get(article_id, []) if isinstance(link.other, str))
    for claim in article.claims:
        for link in archive.claim_links.get(claim.ref, []):
            if isinstance(link.other, ClaimRef):
                found.add(link.other.article_id)
    for statement in _statements_shown(archive, article_id):
        found.update(member.article_id for member in archive.statements[statement].members)
    return found


def _article_shown(archive: Archive, article_id: str) -> set[str]:
    del archive
    return {article_id}


def _statements_shown(archive: Archive, article_id: str) -> set[str]:
    claims = archive.articles[article_id].claims
    return {archive.statement_of[c.ref] for c in claims if c.ref in archive.statement_of}


def _speakers_shown(archive: Archive, article_id: str) -> set[str]:
    found = set()
    for claim in archive.articles[article_id].claims:
        speaker = claim.spec.speaker
        found.add(speaker if isinstance(speaker, str) else getattr(speaker, "affiliation", None) or "")
    return found


def _tags_shown(archive: Archive, article_id: str) -> set[str]:
    article = archive.articles[article_id]
    return set(article.tags).union(*(claim.spec.tags for claim in article.claims))


def _outlet_shown(archive: Archive, article_id: str) -> set[str]:
    return {archive.articles[article_id].outlet or ""}


def _event_shown(archive: Archive, article_id: str) -> set[str]:
    return {archive.articles[article_id].event or ""}


def _speaker_pages(page: PageContext, key: str) -> Mapping[str, FileContent]:
    return render_speaker(page, page.archive.registries.speakers[key])


def _outlet_pages(page: PageContext, key: str) -> Mapping[str, FileContent]:
    return render_outlet(page, page.archive.registries.outlets[key])


def _event_pages(page: PageContext, key: str) -> Mapping[str, FileContent]:
    return {page.source: render_event(page, page.archive.registries.events[key])}


def _statement_pages(page: PageContext, key: str) -> Mapping[str, FileContent]:
    return {page.source: render_statement(page, page.archive.statements[key])}


def _tag_pages(page: PageContext, key: str) -> Mapping[str, FileContent]:
    return render_tag(page, page.archive.registries.tags[key])


def _single(render: Callable[[PageContext], str | Mapping[str, FileContent]]) -> Render:
    """A hub renderer: its pages, the first at the hub's source."""

    def pages(page: PageContext, key: str) -> Mapping[str, FileContent]:
        del key
        rendered = render(page)
        return {page.source: rendered} if isinstance(rendered, str) else rendered

    return pages


def _feeds(page: PageContext, key: str) -> dict[str, FileContent]:
    del key
    home = page.sibling(urls.HOME)
    return {urls.feed_source("articles"): articles_feed(home), urls.feed_source("claims"): claims_feed(home)}


def _data(page: PageContext, key: str) -> dict[str, FileContent]:
    del key
    downloads = [
        (download, download.published()) for download in data_files(page.archive, page.options.site_url or "/")
    ]
    files: dict[str, FileContent] = {urls.data_source(download.path): content for download, content in downloads}
    files[page.source] = render_data_page(page, downloads)
    return files


PAGE_KINDS: tuple[PageKind, ...] = (
    PageKind(
        "article",
        urls.ARTICLES,
        lambda a: a.articles,
        _article_pages,
        record=article_record,
        fragments=_claim_fragments,
        shows=_article_shown,
        extra_files=_raw_file,
    ),
    PageKind(
        "speaker",
        urls.SPEAKERS,
        lambda a: a.registries.speakers,
        _speaker_pages,
        paginated=True,
        record=speaker_record,
        shows=_speakers_shown,
    ),
    PageKind(
        "outlet",
        urls.OUTLETS,
        lambda a: a.registries.outlets,
        _outlet_pages,
        paginated=True,
        record=outlet_record,
        shows=_outlet_shown,
        shows_relations=False,
    ),
    PageKind(
        "event",
        urls.EVENTS,
        lambda a: a.registries.events,
        _event_pages,
        record=event_record,
        shows=_event_shown,
    ),
    PageKind(
        "statement",
        urls.STATEMENTS,
        lambda a: a.statements,
        _statement_pages,
        shows=_statements_shown,
    ),
    PageKind(
        "tag",
        urls.TAGS,
        lambda a: a.registries.tags,
        _tag_pages,
        paginated=True,
        shows=_tags_shown,
        shows_relations=False,
    ),
    PageKind("articles hub", urls.ARTICLES, _hub, _single(render_articles_index), hub=True),
    PageKind("speakers hub", urls.SPEAKERS, _hub, _single(render_speakers_index), hub=True),
    PageKind("outlets hub", urls.OUTLETS, _hub, _single(render_outlets_index), hub=True),
    PageKind("events hub", urls.EVENTS, _hub, _single(render_events_index), hub=True),
    PageKind("tags hub", urls.TAGS, _hub, _single(render_tags_index), hub=True),
    PageKind("claims hub", urls.CLAIMS, _hub, _single(render_claims_index), hub=True),
    PageKind("statements hub", urls.STATEMENTS, _hub, _single(render_statements_index), hub=True, paginated=True),
    PageKind("timeline", urls.TIMELINE, _hub, _single(render_timeline), hub=True, paginated=True),
    PageKind("feeds", urls.FEEDS, _hub, _feeds, hub=True, paginated=True),
    PageKind("data", urls.DATA, _hub, _data, hub=True, paginated=True, in_preview=False),
)
"""Every kind of page the archive generates, entries first, then hubs."""

KINDS = {kind.name: kind for kind in PAGE_KINDS}
"""The kinds by name."""


# --------------------------------------------------------------------------------------------
# What loops over the table
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Job:
    """What rendering any page needs; inherited by forked workers."""

    archive: Archive
    options: RenderOptions
    names: NameIndex
    cache: PageCache | None = None
    """Where rendered pages are stored by digest, if they are."""
    digests: Mapping[tuple[str, str], str] = field(default_factory=dict)
    """The digest of each page's dependencies, by (kind name, id) (see `page_digests`)."""
    before: Before | None = None
    """In a preview's partial render, the render before it: pages it shows unchanged are kept."""

    def page(self, source: str) -> PageContext:
        """The rendering helpers bound to one page."""
        return PageContext(self.archive, source, self.options, self.names, self.before)


def _render_one(job: _Job, item: tuple[str, str]) -> tuple[tuple[str, str], dict[str, FileContent]]:
    kind_name, key = item
    kind = KINDS[kind_name]
    pages = {**kind.render(job.page(kind.source(key)), key), **kind.extra_files(job.archive, key)}
    if job.cache is not None and item in job.digests:
        assert KEPT not in pages.values(), "a kept page is only a partial render's"
        job.cache.put(job.digests[item], pages)
    return item, pages


Affected = dict[str, set[str]]
"""Ids of the pages a change affects, by kind name."""


def affected_entities(archive: Archive, changed: Iterable[str]) -> Affected:
    """The pages of each kind that show something of the changed articles, in this archive.

    A preview rebuild takes the union of this for the archive before and after the change, so
    that a relation removed by the change also disappears from the page it pointed at.
    """
    present = [a for a in changed if a in archive.articles]
    return {kind.name: {key for a in present for key in kind.affected_by(archive, a)} for kind in PAGE_KINDS}


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def page_digests(archive: Archive, inputs: Mapping[str, str], options: RenderOptions) -> dict[tuple[str, str], str]:
    """The digest of everything each page's content depends on, by (kind name, id): the key of the page cache.

    Every page depends on the registries, the redirects and this code (all in `inputs[""]`) and
    on the render options. An entry's page depends besides on the inputs of the articles whose
    change can change it, in this archive: the `PageKind.affected_by` relation inverted (the
    set itself is part of the digest, so an article that stops affecting a page changes it too).
    A hub lists the whole archive: its digest is the archive's.

    Args:
        archive: The linked archive.
        inputs: A digest of each article's inputs, and under "" of what every article depends on (`PipelineResult.inputs`).
        options: The settings the pages are rendered with.

    """
    common = _digest("pages", inputs.get("", ""), repr(options))
    whole = _digest(common, *(f"{a}={inputs.get(a, '')}" for a in sorted(archive.articles)))
    entries = [kind for kind in PAGE_KINDS if not kind.hub]
    shown = {a: [(kind, tuple(kind.shows(archive, a))) for kind in entries] for a in archive.articles}
    depends: dict[tuple[str, str], set[str]] = defaultdict(set)
    for article_id in archive.articles:
        near = neighbourhood(archive, article_id)
        for other in near:
            for kind, keys in shown[other]:
                if kind.shows_relations or other == article_id:
                    for key in keys:
                        depends[(kind.name, key)].add(article_id)
    digests = {}
    for kind in PAGE_KINDS:
        for key in kind.entries(archive):
            if kind.hub:
                digests[(kind.name, key)] = _digest(whole, kind.name)
            else:
                readers = sorted(depends.get((kind.name, key), ()))
                digests[(kind.name, key)] = _digest(
                    common, kind.name, key, *(f"{a}={inputs.get(a, '')}" for a in readers)
                )
    return digests


def render_site(
    archive: Archive,
    options: RenderOptions,
    affected: Affected | None = None,
    previous: dict[str, FileContent] | None = None,
    *,
    cache: PageCache | None = None,
    digests: Mapping[tuple[str, str], str] | None = None,
    before: Archive | None = None,
    changed: Collection[str] = (),
) -> dict[str, FileContent]:
    """Every generated page and file, by source path (relative to the generated docs folder).

    Args:
        archive: The linked archive.
        options: Site-wide settings.
        affected: For a preview rebuild, the pages that can have changed since `previous` was
            rendered (see `affected_entities`): only those and the hubs are rendered again, and
            kinds not `in_preview` are left as they were until a full build.
        previous: The pages of the previous render, when `affected` is given.
        cache: Where pages rendered before are found by digest, and new ones stored.
        digests: The digest of each page's dependencies (`page_digests`), with `cache`.
        before: In a partial render, the archive `previous` was rendered from (same registries
            and settings): the further pages of a paginated entry that show nothing of the
            `changed` articles' neighbourhoods are kept from `previous` (`pager.paginated`).
        changed: With `before`, the articles whose inputs changed.

    """
    partial = affected is not None and previous is not None
    stored = cache if digests is not None else None
    kept = _before(before, archive, changed) if partial and before is not None else None
    job = _Job(archive, options, archive_names(archive), stored, digests or {}, kept)
    present = {kind.name: set(kind.entries(archive)) for kind in PAGE_KINDS if not kind.hub}
    owners = _ownership(previous or {}) if partial else {}
    pages = {k: v for k, v in (previous or {}).items() if not _stale(k, owners[k], present)} if partial else {}
    owned = _owners(pages, owners) if partial else {}
    work = [
        (kind.name, key)
        for kind in PAGE_KINDS
        if not partial or kind.in_preview
        for key in kind.entries(archive)
        if not partial or kind.hub or key in (affected or {}).get(kind.name, set())
    ]
    done: list[tuple[tuple[str, str], dict[str, FileContent]]] = []
    missing = work
    if stored is not None:
        with collector_paused():
            found = {item: stored.get(job.digests[item]) for item in work}
        done = [(item, hit) for item, hit in found.items() if hit is not None]
        missing = [item for item, hit in found.items() if hit is None]
    # The hubs first: each lists the whole archive, and the data downloads alone are a third of a
    # cold render (14 s of 42 at 10,000 articles). First in the list, they fall in the first of
    # the interleaved slices, which the worker takes first while this process works from the
    # back; taken last, one of them could leave the other process with nothing more to do.
    missing = sorted(missing, key=lambda item: not KINDS[item[0]].hub)
    done += parallel_map(_render_one, job, missing)
    for (kind_name, key), rendered in done:
        for source in owned.get((kind_name, key), ()):
            pages.pop(source, None)  # A paginated entry may now have fewer pages.
        pages.update({s: (previous or {})[s] if text == KEPT else text for s, text in rendered.items()})
    pages.update(_redirect_pages(archive))
    return dict(sorted(pages.items()))


def _before(before: Archive, archive: Archive, changed: Collection[str]) -> Before:
    """The previous render's archive, with the articles whose change can show on a page (see `neighbourhood`)."""
    touched: set[str] = set()
    for linked in (before, archive):
        for article_id in changed:
            if article_id in linked.articles:
                touched |= neighbourhood(linked, article_id)
    return Before(before, frozenset(touched))


def _kinds_by_folder() -> dict[str, list[PageKind]]:
    """The kinds by the site folder their pages live in (a kind's `owner` looks at that folder only)."""
    by_folder: dict[str, list[PageKind]] = defaultdict(list)
    for kind in PAGE_KINDS:
        by_folder[kind.folder].append(kind)
    return by_folder


_Owners = tuple[tuple[PageKind, str], ...]
"""The kinds that have a page at a source path, each with the id whose page it is (`PageKind.owner`), in `PAGE_KINDS` order."""

_OWNERSHIP: dict[str, _Owners] = {}
"""`_ownership` of the last partial render's pages: a preview's next edit has nearly the same ones."""


def _ownership(pages: Iterable[str]) -> dict[str, _Owners]:
    """Every source path's owners; those of the last call taken from it, as they depend on the path alone.

    A preview edit at 10,000 articles looks at the owners of some 40,000 pages twice (`_stale`,
    `_owners`); parsing each path again took some 50 ms of the edit's 0.8 s generation.
    """
    by_folder = _kinds_by_folder()
    known = {}
    for source in pages:
        found = _OWNERSHIP.get(source)
        if found is None:
            kinds = by_folder.get(source.partition("/")[0], ())
            found = tuple((kind, key) for kind in kinds if (key := kind.owner(source)) is not None)
        known[source] = found
    _OWNERSHIP.clear()
    _OWNERSHIP.update(known)
    return known


def _owners(pages: Iterable[str], owners: Mapping[str, _Owners]) -> dict[tuple[str, str], list[str]]:
    """The pages of paginated kinds by (kind name, id): what a new render of that id replaces.

    `owners`: each page's owners (`_ownership`).
    """
    owned: dict[tuple[str, str], list[str]] = defaultdict(list)
    for source in pages:
        for kind, key in owners[source]:
            if kind.paginated:
                owned[(kind.name, key)].append(source)
    return owned


def _stale(source: str, owners: _Owners, present: dict[str, set[str]]) -> bool:
    """Whether a previously rendered page shows an entry the archive no longer has (`present`: ids by kind).

    `owners`: the page's owners (`_ownership`).
    """
    if source.endswith("/index.html"):
        return True  # Redirect pages are always made again.
    for kind, key in owners:
        if not kind.hub:
            return key not in present[kind.name]
    return False


def _redirect_pages(archive: Archive) -> Iterator[tuple[str, str]]:
    for old, (new, _) in archive.redirects.items():
        if "#" not in old:
            moves = moved_fragments(archive.redirects, old)
            yield f"{old.rstrip('/')}/index.html", redirect_page(old, new, moves)


def render_home(archive: Archive, options: RenderOptions) -> str:
    """The generated part of the hand-written home page (links relative to it)."""
    return render_home_summary(PageContext(archive, urls.HOME, options))


def current_permalinks(archive: Archive) -> set[str]:
    """Every permanent URL the archive publishes now (site-relative): entry pages and their fragments.

    The fragments of an entry the last call saw, the same object (a preview's unchanged article),
    are taken from that call: at 10,000 articles they are 100,000 addresses.
    """
    found = set()
    seen: dict[tuple[str, str], tuple[object, tuple[str, ...]]] = {}
    for kind in PAGE_KINDS:
        if not kind.permanent:
            continue
        entries = kind.entries(archive)
        for key in entries:
            url = urls.url_of(kind.source(key))
            found.add(url)
            if kind.fragments is _none:
                continue
            entry = entries[key] if isinstance(entries, Mapping) else None
            known = _FRAGMENT_URLS.get((kind.name, key))
            if entry is not None and known is not None and known[0] is entry:
                addresses = known[1]
            else:
                addresses = tuple(f"{url}#{fragment}" for fragment in kind.fragments(archive, key))
            found.update(addresses)
            if entry is not None:
                seen[(kind.name, key)] = (entry, addresses)
    _FRAGMENT_URLS.clear()
    _FRAGMENT_URLS.update(seen)
    return found


_FRAGMENT_URLS: dict[tuple[str, str], tuple[object, tuple[str, ...]]] = {}
"""The fragment addresses of each entry in the last `current_permalinks`, with the entry they were made from."""


def forget_renders() -> None:
    """Drop what this process keeps of its last render for the next one (a preview's): the entries' addresses, the pages' owners."""
    _FRAGMENT_URLS.clear()
    _OWNERSHIP.clear()


def search_records(archive: Archive) -> list[SearchRecord]:
    """The search record of every page of every searched kind."""
    return [
        kind.record(archive, key) for kind in PAGE_KINDS if kind.record is not None for key in kind.entries(archive)
    ]
