"""Search: the linked archive in, search documents out (pure); and an indexer that turns them into a Pagefind index.

Documents are made from the archive's data rather than scraped from the built pages: small HTML
files carrying exact filters (speaker, outlet, year, tag, kind, rating, type) and metadata, one per
article, speaker, outlet, event and hand-written page. An article's claims are sections of its
document, so a matching claim is a result of its own that opens the article at the claim; each
claim's facets, and the statement it is a wording of, travel with its section in an element's id,
which Pagefind keeps and does not search (`_carrier`). Statements have no index page of their
own: every search downloads the index's list of pages, and every wording of a statement is
already a claim of an article.
Pagefind's command line indexes the folder of documents on both cores, while MkDocs renders the
site; it splits the index into fragments, so a reader downloads only what a query needs.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cbor2

from build_tools.jsontext import compact_json
from build_tools.link import Archive, Article
from build_tools.model import AnchoredClaim, Span, UnnamedSpeaker
from build_tools.render.markup import attr, body_text
from build_tools.urls import article_source, event_source, outlet_source, speaker_source, statement_source, url_of
from build_tools.vocabulary import KIND_LABELS, RATINGS
from build_tools.write import write_pages

log = logging.getLogger("mkdocs.plugins.archive.search")

SEARCH_FILTERS = "search/filters.json"
"""Where the site publishes every filter's values, for the search page's menus."""

HAND_WRITTEN_PAGES = {
    "index.md": "",
    "about.md": "about/",
    "methodology.md": "methodology/",
    "contributing.md": "contributing/",
    "architecture.md": "architecture/",
}
"""Pages of `docs/` that are searchable, with their URLs (the rest of the site is indexed from data)."""


@dataclass(frozen=True, slots=True)
class SearchRecord:
    """One search result: a page of the site, as the index sees it."""

    url: str
    """Site-relative URL."""
    title: str
    """What the result list shows."""
    content: str
    """The text searched (plain text), before any sections."""
    filters: dict[str, list[str]] = field(default_factory=dict)
    """Facets the reader can narrow by."""
    meta: dict[str, str] = field(default_factory=dict)
    """Extra fields shown with the result."""
    sections: tuple[tuple[str, str, str], ...] = ()
    """Parts with an anchor of their own, as (anchor, heading, text): an article's claims."""
    carried: dict[str, str] = field(default_factory=dict)
    """Data each section carries to the result list without being searched, by anchor (a claim's facets, JSON)."""
    body: str | None = None
    """Finished HTML to index instead of `content` (a hand-written page converted from Markdown)."""
    period: str = ""
    """The date (`YYYY-MM-DD`) that puts the record in a period's index when the index is split; not indexed."""

    def document(self) -> str:
        """The record as the HTML document Pagefind indexes."""
        tags = [
            f'<span data-pagefind-filter="{name}:{attr(value)}"></span>'
            for name, values in self.filters.items()
            for value in values
        ]
        # Metadata is read from element text, so values may hold any character (JSON included).
        tags += [f'<span data-pagefind-meta="{name}">{body_text(value)}</span>' for name, value in self.meta.items()]
        if self.body is not None:
            text = self.body
        else:
            text = "".join(f"<p>{body_text(p)}</p>" for p in self.content.split("\n") if p.strip())
        sections = "".join(
            f'<h2 id="{attr(anchor)}">{body_text(heading)}</h2>{_carrier(self.carried.get(anchor))}<p>{body_text(words)}</p>'
            for anchor, heading, words in self.sections
        )
        return (
            f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{body_text(self.title)}</title></head>'
            f"<body><div data-pagefind-ignore>{''.join(tags)}</div>"
            f'<h1 data-pagefind-meta="title">{body_text(self.title)}</h1>{text}{sections}</body></html>'
        )


CARRIER_PREFIX = "carried-"
"""How the id of an empty element that carries a section's data begins (the rest is the data, percent-encoded)."""


_CARRIER_SAFE = ":,[]{}"
"""JSON's punctuation, left as it is in a carrier's id (it needs no escaping in an attribute)."""


def _carrier(data: str | None) -> str:
    """An empty element whose id holds `data`: Pagefind lists it among the page's anchors, and searches none of it.

    Since Pagefind 1.5 every metadata field is searched, so data a result needs but no query may
    match (a claim's kind, rating, tags, statement) cannot be metadata: "direct quote" would find
    every article with a direct quote. An element's id is kept, as it is, in the result's list of
    anchors, and is not indexed. Percent-encoded, it holds no space (Pagefind splits its text on
    spaces) and no character that needs escaping in an attribute.
    """
    if data is None:
        return ""
    return f'<span id="{CARRIER_PREFIX}{urllib.parse.quote(data, safe=_CARRIER_SAFE)}"></span>'


def carried_data(document_id: str) -> str | None:
    """The data a carrier element's id holds (`_carrier`), or None for any other id."""
    if not document_id.startswith(CARRIER_PREFIX):
        return None
    return urllib.parse.unquote(document_id[len(CARRIER_PREFIX) :])


def _speaker_facet(archive: Archive, speaker: str | UnnamedSpeaker | None) -> str:
    """The speaker filter's value of a claim: the speaker's name; unnamed sources share one value, so do outlets' voices."""
    if isinstance(speaker, UnnamedSpeaker):
        return "Unnamed sources"
    return archive.registries.speaker_name(speaker) or "The outlet"


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


def _claim_facets(archive: Archive, claim: AnchoredClaim) -> dict[str, list[str]]:
    """What a claim can be narrowed by, beyond its article's outlet and year."""
    spec = claim.spec
    return {
        "speaker": [_speaker_facet(archive, spec.speaker)],
        "kind": [KIND_LABELS[spec.kind.value]],
        "rating": [RATINGS[spec.review.rating] if spec.review else "Not reviewed"],
        "tag": [archive.registries.tags[t].title for t in spec.tags],
    }


def article_record(archive: Archive, article_id: str) -> SearchRecord:
    """An article and its claims as one record: an HTML document whose claims are sections of their own.

    Each claim is a heading with the claim's anchor, so Pagefind returns it as a sub-result that
    opens the article at the claim. One record per article (not one per claim) keeps the index's
    page list, which every search downloads, to the number of articles. The filters are the
    union over the claims; each claim's own facets travel with its section (`SearchRecord.carried`),
    with which the search page narrows the claims it shows, and so does the page of the statement
    a claim is a wording of, with the number of its wordings (`_statement_meta`).
    """
    article = archive.articles[article_id]
    filters, meta = _common(archive, article)
    facets = {claim.ref.claim_id: _claim_facets(archive, claim) for claim in article.claims}
    filters["type"] = ["Article", "Claim"] if article.claims else ["Article"]
    for name in ("speaker", "kind", "rating", "tag"):
        values = {v for f in facets.values() for v in f[name]}
        if name == "tag":
            values |= {archive.registries.tags[t].title for t in article.tags}
        if values:
            filters[name] = sorted(values)
    sections = []
    carried = {}
    for claim in article.claims:
        spec = claim.spec
        speaker = facets[claim.ref.claim_id]["speaker"][0]
        # Each word once: the heading is the quote (the results list shows it, as the sub-result's
        # title), the text under it the speaker, the cue and the summary.
        cue = f" ({spec.cue})" if spec.cue else ""
        anchor = f"claim-{spec.id}"
        sections.append((anchor, claim.quote, f"{speaker}{cue} {spec.summary}"))
        own = {name: values for name, values in facets[claim.ref.claim_id].items() if values}
        carried[anchor] = compact_json({"id": spec.id, **own, **_statement_meta(archive, claim)})
    return SearchRecord(
        url_of(article_source(article.id)),
        article.title,
        outside_claims(article.clean.text, [claim.span for claim in article.claims]),
        filters,
        meta,
        tuple(sections),
        carried,
        period=article.date or "",
    )


def outside_claims(text: str, spans: Iterable[Span]) -> str:
    """The text without the words its claims quote (each claim's section holds them), its paragraphs kept.

    Each word is indexed once: a quote left in the article's text as well as in its claim's
    section would double its words in the index (Pagefind stores every position of every word),
    in the index's chunks and in the result's fragment, which every query downloads. The article
    still matches every word it has, through its sections. Inside a quote only its line breaks
    are kept, so no paragraph runs into the next.
    """
    pieces = []
    cursor = 0
    for start, end in sorted(spans):
        if end <= cursor:
            continue
        cut = max(start, cursor)
        pieces += [text[cursor:cut], " ", "\n" * text.count("\n", cut, end)]
        cursor = end
    pieces.append(text[cursor:])
    return "\n".join(" ".join(line.split()) for line in "".join(pieces).split("\n"))


FILTER_NAMES = ("speaker", "outlet", "year", "tag", "kind", "rating")
"""The search page's filters, in the order of its menus."""

FilterCounts = dict[str, Counter[str]]
"""Claims per value of each filter."""


def article_filter_counts(archive: Archive, article: Article) -> FilterCounts:
    """The claims of one article counted by the value of each filter: its share of `search_filters`.

    Depends on the article and the registries only (names of speakers, outlets and tags), so a
    preview can keep it for every article whose inputs did not change.
    """
    counts: FilterCounts = {name: Counter() for name in FILTER_NAMES}
    filters, _ = _common(archive, article)
    for claim in article.claims:
        for name in ("outlet", "year"):
            counts[name].update(filters.get(name, []))
        for name, values in _claim_facets(archive, claim).items():
            counts[name].update(values)
    return counts


def search_filters(
    archive: Archive, per_article: Mapping[str, FilterCounts] | None = None
) -> dict[str, list[list[str | int]]]:
    """Every value of every filter with its number of claims, leaving out filters with one value.

    Every count is of claims (an outlet's or a year's too: the claims of its articles), so the
    menus count one thing. A filter with a single value narrows nothing and is not offered. The
    search page builds its filter menus from this small file rather than from the index's filter
    files, which grow with the archive and which a plain query never needs.

    Args:
        archive: The linked archive.
        per_article: `article_filter_counts` of each article, where known (the rest are counted).

    """
    known = per_article or {}
    counts: FilterCounts = {name: Counter() for name in FILTER_NAMES}
    for article_id, article in archive.articles.items():
        share = known.get(article_id) or article_filter_counts(archive, article)
        for name in FILTER_NAMES:
            counts[name].update(share[name])
    return {
        name: [[value, count[value]] for value in sorted(count)] for name, count in counts.items() if len(count) > 1
    }


def speaker_record(archive: Archive, speaker_id: str) -> SearchRecord:
    """A speaker: names, description and roles."""
    speaker = archive.registries.speakers[speaker_id]
    roles = " ".join(r.title for r in speaker.roles)
    content = " ".join((speaker.name, *speaker.aliases, speaker.description, roles))
    return SearchRecord(url_of(speaker_source(speaker.id)), speaker.name, content, {"type": ["Speaker"]})


def outlet_record(archive: Archive, outlet_id: str) -> SearchRecord:
    """An outlet: names, description and owner."""
    outlet = archive.registries.outlets[outlet_id]
    content = " ".join((outlet.name, *outlet.aliases, outlet.description, outlet.owner or ""))
    return SearchRecord(url_of(outlet_source(outlet.id)), outlet.name, content, {"type": ["Outlet"]})


def event_record(archive: Archive, event_id: str) -> SearchRecord:
    """An event: title and description, with its date."""
    event = archive.registries.events[event_id]
    content = f"{event.title}\n{event.description}"
    return SearchRecord(
        url_of(event_source(event.id)),
        event.title,
        content,
        {"type": ["Event"]},
        {"date": event.date},
        period=event.date,
    )


def _statement_meta(archive: Archive, claim: AnchoredClaim) -> dict[str, str | int]:
    """Where a claim's statement is, and how many wordings it has; nothing for a claim outside any statement.

    Statements have no search record of their own: every page in the index is a few bytes of
    Pagefind's list of pages, which every query downloads (9,300 statements among 10,000
    benchmark articles), and a statement's words are already searched as its wordings, which are
    claims. A claim's result links to its statement instead.
    """
    statement_id = archive.statement_of.get(claim.ref)
    if statement_id is None:
        return {}
    return {
        "statement": url_of(statement_source(statement_id)),
        "wordings": len(archive.statements[statement_id].members),
    }


_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


def hand_written_records(
    docs_dir: Path, convert: Callable[[str], str], filled: Mapping[str, str] | None = None
) -> list[SearchRecord]:
    """The searchable pages of `docs/` (`HAND_WRITTEN_PAGES`), converted from Markdown as the site converts them.

    Args:
        docs_dir: The hand-written pages' folder.
        convert: Markdown to HTML, with the site's extensions.
        filled: Generated text to put in place of markers first (the home page's summary).

    """
    records = []
    for source, url in HAND_WRITTEN_PAGES.items():
        path = docs_dir / source
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8-sig")
        for marker, value in (filled or {}).items():
            text = text.replace(marker, value)
        records.append(hand_written_record(url, convert(_FRONT_MATTER.sub("", text))))
    return records


def hand_written_record(url: str, html_body: str) -> SearchRecord:
    """A hand-written page (its Markdown already converted to HTML) as a search record, titled by its heading."""
    html_body = _HEADER_LINK.sub("", html_body)
    heading = _FIRST_HEADING.search(html_body)
    title = html.unescape(re.sub(r"<[^>]*>", "", heading.group(1))).strip() if heading else url or "Home"
    body = html_body[: heading.start()] + html_body[heading.end() :] if heading else html_body
    return SearchRecord(url, title, "", {"type": ["Page"]}, body=body)


_FIRST_HEADING = re.compile(r"<h1[^>]*>(.*?)</h1>", re.DOTALL)
_HEADER_LINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL)


def document_path(record: SearchRecord) -> str:
    """Where a record's document goes (`articles/<id>/index.html`): Pagefind derives URLs from paths."""
    return f"{record.url}index.html"


def search_documents(records: Iterable[SearchRecord]) -> dict[str, str]:
    """Each record's HTML document by path (`document_path`)."""
    return {document_path(record): record.document() for record in records}


SHARD_MB = 160
"""Most megabytes of search documents in one Pagefind index before the index is split by period.

Pagefind holds a whole index in memory while it builds it, about 40 times its documents' size
(Pagefind 1.5.2, measured: 413 MiB for the 9.7 MB of documents of 1,000 benchmark articles,
3.8 GiB for the 97 MB of 10,000), so 160 MB of documents, some 16,000 articles, need about 6.5 GiB.
An archive past this size is indexed one period at a time,
so the build's memory stays that of the largest period. Below it, one index: a query downloads
the least (every index adds its own chunk of the index to every query).
"""

PERIODS = "periods.json"
"""In the main index's folder: the folders of the other indexes, for the search page to merge."""

_PERIOD = re.compile(r"\d{4}-\d{2}")


@dataclass(frozen=True, slots=True)
class Shard:
    """One Pagefind index of the site's search: its folder under `pagefind/` and its records."""

    folder: str
    """`""` for the main index (`pagefind/`), else `periods/<first>_<last>/` (or `periods/<period>/`)."""
    records: tuple[SearchRecord, ...]


def _period(record: SearchRecord, months: bool) -> str | None:
    if not _PERIOD.match(record.period):
        return None
    return record.period[:7] if months else record.period[:4]


def _one(_record: SearchRecord) -> int:
    return 1


def plan_shards(records: Iterable[SearchRecord], limit: int, size: Callable[[SearchRecord], int] = _one) -> list[Shard]:
    """Split the records into indexes of at most `limit` in size each (by `size`, a count of records by default), by period.

    One index when everything fits. Otherwise the dated records (articles, events) are grouped by
    year, a year above the limit by month, and consecutive periods are packed, newest first, into indexes within the limit; the undated ones (speakers,
    outlets, hand-written pages, undated articles) go with the newest periods into the main index.
    A single month above the limit is an index of its own, larger than the limit: a month is the
    smallest period a reader is offered.
    """
    if limit < 1:
        raise ValueError(f"the most an index may hold is at least 1 (it is {limit})")
    records = list(records)
    sizes = {id(record): size(record) for record in records}
    if sum(sizes.values()) <= limit:
        return [Shard("", tuple(records))]
    undated = [r for r in records if _period(r, months=False) is None]
    groups: list[tuple[list[str], list[SearchRecord], int]] = [([], undated, sum(sizes[id(r)] for r in undated))]
    for period, members in _periods_newest_first(records, limit, sizes):
        weight = sum(sizes[id(r)] for r in members)
        periods, current, total = groups[-1]
        if current and total + weight > limit:
            groups.append(([period], list(members), weight))
        else:
            periods.append(period)
            current.extend(members)
            groups[-1] = (periods, current, total + weight)
    shards = [Shard("", tuple(groups[0][1]))]
    for periods, members, _ in groups[1:]:
        name = periods[0] if len(periods) == 1 else f"{periods[-1]}_{periods[0]}"
        shards.append(Shard(f"periods/{name}/", tuple(members)))
    return shards


def _periods_newest_first(
    records: list[SearchRecord], limit: int, sizes: dict[int, int]
) -> list[tuple[str, list[SearchRecord]]]:
    """The dated records by year, newest first; a year above `limit` in size by month."""
    by_year: dict[str, list[SearchRecord]] = {}
    for record in records:
        if (year := _period(record, months=False)) is not None:
            by_year.setdefault(year, []).append(record)
    periods: list[tuple[str, list[SearchRecord]]] = []
    for year in sorted(by_year, reverse=True):
        if sum(sizes[id(r)] for r in by_year[year]) <= limit:
            periods.append((year, by_year[year]))
            continue
        by_month: dict[str, list[SearchRecord]] = {}
        for record in by_year[year]:
            by_month.setdefault(_period(record, months=True) or year, []).append(record)
        periods += [(month, by_month[month]) for month in sorted(by_month, reverse=True)]
    return periods


_KEPT = ("pagefind-entry.json", "index", "fragment", "filter")
"""What a merged index needs (the main index's script and WebAssembly search them all)."""


class SearchIndex:
    """The site's Pagefind indexes, built in the background from the records' documents.

    The records are split by `plan_shards`; each index's documents are written (only those that
    changed) under `work_dir/documents/<index>/`, and Pagefind's command line indexes them into
    `work_dir/index/<index>/`, one index after the other (so memory is that of the largest), while
    the caller goes on. An index whose documents are those it was built from last time is kept, not
    built again. `finish` waits and puts the indexes into the site: the main one at `pagefind/`,
    the others under it, listed in `pagefind/periods.json` for the search page to merge.

    Raises:
        RuntimeError: when the Pagefind binary is missing.

    """

    def __init__(
        self, records: Iterable[SearchRecord], work_dir: Path, language: str = "en", limit_mb: float = SHARD_MB
    ) -> None:
        from pagefind.service import get_executable  # noqa: PLC0415 - only indexing needs the binary

        binary = get_executable()
        if binary is None:
            raise RuntimeError("the Pagefind binary was not found (install the pagefind[bin] package)")
        if limit_mb <= 0:
            raise ValueError(f"search_index_mb must be above 0 (it is {limit_mb})")
        records = list(records)
        made = {id(record): record.document() for record in records}
        self.shards = plan_shards(records, int(limit_mb * 1_000_000), lambda record: len(made[id(record)]))
        self.count = len(records)
        # The binary's size and time stand for its version: a new Pagefind builds every index again.
        binary_stat = Path(binary).stat()
        documents, stamps = _shard_documents(
            self.shards, made, f"{binary_stat.st_size}\0{binary_stat.st_mtime_ns}\0{language}\0"
        )
        write_pages(work_dir / "documents", documents)
        self.outputs = {key: work_dir / "index" / key for key in stamps}
        for stale in (work_dir / "index").glob("*"):
            if stale.name not in stamps:
                if stale.is_dir():
                    shutil.rmtree(stale, ignore_errors=True)
                else:
                    stale.unlink(missing_ok=True)
        self.stamps = stamps
        jobs = []
        for key, output in self.outputs.items():
            if _stamp(output) == stamps[key]:
                continue
            shutil.rmtree(output, ignore_errors=True)
            jobs.append(
                [
                    str(binary),
                    "--site",
                    str(work_dir / "documents" / key),
                    "--output-path",
                    str(output),
                    "--force-language",
                    language,
                ]
            )
        self.built = len(jobs)
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - read and closed in `finish`
        self.process: subprocess.Popen[bytes] | None = None
        if jobs:
            # One index after the other: a small Python process runs them in turn (none when there is one).
            command = jobs[0] if len(jobs) == 1 else [sys.executable, "-c", _IN_TURN, json.dumps(jobs)]
            self.process = subprocess.Popen(  # noqa: S603 - the binary shipped by the pagefind package
                command, stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def finish(self, site_dir: Path) -> None:
        """Wait for Pagefind, then put the indexes at `site_dir/pagefind/`.

        Raises:
            RuntimeError: when Pagefind failed, with what it said.

        """
        code = self.process.wait() if self.process is not None else 0
        self.log.seek(0)
        said = self.log.read().decode("utf-8", "replace")
        self.log.close()
        missing = [key for key, output in self.outputs.items() if not (output / "pagefind-entry.json").is_file()]
        if code != 0 or missing:
            raise RuntimeError(f"Pagefind failed (exit status {code}):\n{said[-2000:]}")
        hidden: list[str] = []
        for key, output in self.outputs.items():
            if _stamp(output) != self.stamps[key]:
                (output / _HIDDEN).write_text(json.dumps(canonicalize_index(output)), encoding="utf-8")
                (output / _STAMP).write_text(self.stamps[key], encoding="utf-8")
            hidden += json.loads((output / _HIDDEN).read_text(encoding="utf-8"))
        target = site_dir / "pagefind"
        shutil.rmtree(target, ignore_errors=True)
        for shard in self.shards:
            _place(self.outputs[_key(shard)], target / shard.folder, whole=not shard.folder)
        merge = [shard.folder for shard in self.shards if shard.folder]
        (target / PERIODS).write_text(json.dumps({"merge": merge, "hidden": sorted(hidden)}), encoding="utf-8")
        log.info(
            "archive: search indexed %d pages in %d indexes (%d built, %d unchanged)",
            self.count,
            len(self.shards),
            self.built,
            len(self.shards) - self.built,
        )

    def abort(self) -> None:
        """Stop Pagefind and write nothing (the build failed)."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.log.close()


def _shard_documents(shards: list[Shard], made: dict[int, str], salt: str) -> tuple[dict[str, str], dict[str, str]]:
    """Every index's documents, by path under its folder (`main/...`), and the digest of each index's documents."""
    documents: dict[str, str] = {}
    stamps: dict[str, str] = {}
    vocabularies = vocabulary_documents(shards) if len(shards) > 1 else {}
    for shard in shards:
        key = _key(shard)
        mine = {document_path(record): made[id(record)] for record in shard.records}
        if key in vocabularies:
            mine[f"{VOCABULARY_URL}index.html"] = vocabularies[key]
        digest = hashlib.sha256(salt.encode())
        for path in sorted(mine):
            digest.update(f"{path}\0{mine[path]}\0".encode())
        stamps[key] = digest.hexdigest()
        documents.update((f"{key}/{path}", text) for path, text in mine.items())
    return documents, stamps


_STAMP = "archive-stamp"
"""In a prepared index: the digest of the documents it was built from (written once it is complete)."""

_HIDDEN = "archive-hidden.json"
"""In a prepared index: the hashes of its pages no result may show (its vocabulary page)."""

HIDDEN_FILTER = "archive-hidden"
"""The filter that marks a page the search must never list; read out of the index and left out of it."""

VOCABULARY_URL = "archive-vocabulary/"
"""Where a split index's vocabulary page would be (never linked, never listed)."""

_EDGE_PUNCTUATION = "\"'“”‘’«»()[]{}.,;:!?…"
_TAG = re.compile(r"<[^>]+>")


def _record_tokens(record: SearchRecord) -> set[str]:
    """The tokens of what Pagefind indexes of a record (its title, text and sections), lower case."""
    text = html.unescape(_TAG.sub(" ", record.body)) if record.body is not None else record.content
    parts = [record.title, text, *(f"{heading} {words}" for _, heading, words in record.sections)]
    return set(" ".join(parts).lower().split())


def _words(records: Iterable[SearchRecord]) -> set[str]:
    """The distinct words of the records (tokens without the punctuation at their ends)."""
    found = {token.strip(_EDGE_PUNCTUATION) for token in set().union(*map(_record_tokens, records))}
    found.discard("")
    return found


def vocabulary_documents(shards: list[Shard]) -> dict[str, str]:
    """For each index of a split search, a hidden page holding every word of the archive its own pages lack.

    Pagefind leaves out of a query a word its index does not hold: over indexes split by period,
    "harbour strike" would find, in a period without "strike", every page with "harbour". With
    every word of the archive in every index, each index answers as one index for the archive
    would; the page itself is hidden from results (`HIDDEN_FILTER`).
    """
    own = [_words(shard.records) for shard in shards]
    every = set().union(*own)
    documents = {}
    for shard, words in zip(shards, own, strict=True):
        missing = " ".join(sorted(every - words))
        documents[_key(shard)] = (
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Vocabulary</title></head>'
            f'<body><div data-pagefind-ignore><span data-pagefind-filter="{HIDDEN_FILTER}:yes"></span></div>'
            f"<p>{body_text(missing)}</p></body></html>"
        )
    return documents


_IN_TURN = (
    "import json, subprocess, sys\n"
    "for job in json.loads(sys.argv[1]):\n"
    "    code = subprocess.call(job, stdin=subprocess.DEVNULL)\n"
    "    if code:\n"
    "        sys.exit(code)\n"
)
"""Runs Pagefind commands one after the other, stopping at the first that fails."""


def _key(shard: Shard) -> str:
    return "main" if not shard.folder else shard.folder.strip("/").replace("/", "-")


def _stamp(output: Path) -> str | None:
    try:
        return (output / _STAMP).read_text(encoding="utf-8")
    except OSError:
        return None


def _place(source: Path, target: Path, *, whole: bool) -> None:
    """Put a prepared index into the site by hard links (a copy across file systems); kept for the next build."""

    def link(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    names = [p.name for p in source.iterdir()] if whole else [n for n in _KEPT if (source / n).exists()]
    names += [p.name for p in source.glob("pagefind.*.pf_meta")] if not whole else []
    target.mkdir(parents=True, exist_ok=True)
    for name in names:
        if name in {_STAMP, _HIDDEN}:
            continue
        path = source / name
        if path.is_dir():
            shutil.copytree(path, target / name, copy_function=link, dirs_exist_ok=True)
        else:
            link(str(path), str(target / name))


def write_search_index(
    site_dir: Path, records: Iterable[SearchRecord], language: str = "en", limit_mb: float = SHARD_MB
) -> None:
    """Index the records with Pagefind into `site_dir/pagefind/` and wait for it.

    Raises:
        RuntimeError: when Pagefind is missing or fails.

    """
    with tempfile.TemporaryDirectory(prefix="archive-search-") as work:
        SearchIndex(records, Path(work), language, limit_mb).finish(site_dir)


_SIGNATURE = b"pagefind_dcd"


def _read(path: Path) -> Any:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_SIGNATURE):
        raise ValueError(f"{path} is not a Pagefind data file")
    return cbor2.loads(data[len(_SIGNATURE) :])


def _write(folder: Path, prefix: str, suffix: str, value: Any, digits: int) -> str:
    data = _SIGNATURE + cbor2.dumps(value, canonical=True)
    name = f"{prefix}_{hashlib.sha256(data).hexdigest()[:digits]}"
    (folder / f"{name}{suffix}").write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    return name


def canonicalize_index(folder: Path) -> list[str]:
    """Make Pagefind's output byte-identical for identical inputs; return the hidden pages' hashes.

    Pagefind lists each filter's values in hash-map order, which changes from run to run; the
    filter files are rewritten with their values sorted (and renamed by their content), and the
    metadata file that names them follows. The pages carrying the `HIDDEN_FILTER` filter (the
    vocabulary page of a split index) are returned, and the filter itself left out.
    """
    entry_path = folder / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    hidden: list[str] = []
    for language, details in entry["languages"].items():
        meta_path = folder / f"pagefind.{details['hash']}.pf_meta"
        meta = _read(meta_path)
        renamed = []
        for filter_name, old_hash in meta[3]:
            old_path = folder / "filter" / f"{old_hash}.pf_filter"
            name, values = _read(old_path)
            old_path.unlink()
            if filter_name == HIDDEN_FILTER:
                hidden += [meta[1][page][0] for _, pages in values for page in pages]
                continue
            new_hash = _write(folder / "filter", language, ".pf_filter", [name, sorted(values, key=lambda v: v[0])], 7)
            renamed.append([filter_name, new_hash])
        meta[3] = sorted(renamed)
        meta_path.unlink()
        details["hash"] = _write(folder, f"pagefind.{language}", ".pf_meta", meta, 10).removeprefix("pagefind.")
    entry_path.write_text(compact_json(entry), encoding="utf-8")
    return sorted(hidden)
