"""Search: the linked archive in, search records out (pure); and a writer that turns them into a Pagefind index.

Records are made from the archive's data rather than scraped from the built HTML, so each claim
is a result of its own (opening the article at the claim), every record carries exact filters
(speaker, outlet, year, tag, kind, rating, type), and indexing never parses the site's pages.
Pagefind splits the index into fragments, so a reader downloads only what a query needs.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import logging
import os
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

import cbor2

from build_tools.link import Archive, Article
from build_tools.model import RATINGS, AnchoredClaim, UnnamedSpeaker
from build_tools.render.article import KIND_LABELS
from build_tools.render.markup import clip
from build_tools.urls import url_of

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
    return SearchRecord(
        url_of(f"articles/{article.id}.md"), article.title, f"{article.title}\n{article.clean.text}", filters, meta
    )


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
        records.append(
            SearchRecord(
                url_of(f"events/{event.id}.md"), event.title, content, {"type": ["Event"]}, {"date": event.date}
            )
        )
    for statement in archive.statements.values():
        first = archive.claims[statement.members[0]]
        wordings = "\n".join(archive.claims[m].spec.quote for m in statement.members)
        speaker_name = _speaker_name(archive, first.spec.speaker)
        title = f"Statement: {speaker_name}: “{clip(first.spec.quote, 90)}”"
        records.append(SearchRecord(url_of(f"statements/{statement.id}.md"), title, wordings, {"type": ["Statement"]}))
    return records


def write_search_index(site_dir: Path, records: Iterable[SearchRecord], language: str = "en") -> None:
    """Index the records and the hand-written pages with Pagefind into `site_dir/pagefind/`.

    Raises:
        RuntimeError: when Pagefind is missing or reports an error.

    """
    config = {"force_language": language, "exclude_selectors": list(EXCLUDED_SELECTORS)}
    with PagefindService() as service:
        index_id = service.request([{"type": "NewIndex", "config": config}])[0]["index_id"]
        requests: list[dict[str, Any]] = [
            {
                "type": "AddRecord",
                "index_id": index_id,
                "url": "/" + record.url,
                "content": record.content,
                "language": language,
                "meta": {"title": record.title, **record.meta},
                "filters": record.filters,
                "sort": None,
            }
            for record in records
        ]
        for page in HAND_WRITTEN_PAGES:
            path = site_dir / page
            if path.is_file():
                requests.append(
                    {
                        "type": "AddFile",
                        "index_id": index_id,
                        "url": "/" + page.removesuffix("index.html"),
                        "file_path": None,
                        "file_contents": path.read_text(encoding="utf-8"),
                    }
                )
        for start in range(0, len(requests), BATCH):
            service.request(requests[start : start + BATCH])
        service.request([{"type": "WriteFiles", "index_id": index_id, "output_path": str(site_dir / "pagefind")}])
    canonicalize_index(site_dir / "pagefind")
    log.info("search: indexed %d records and the hand-written pages", len(requests))


BATCH = 64
"""Requests sent to Pagefind before reading their answers: few enough that neither pipe fills up."""


class PagefindService:
    """A synchronous client of `pagefind --service` (base64 JSON messages, each ended by a comma).

    The `pagefind` package's own client waits a tenth of a second for every answer, which makes
    an index of 100,000 records take hours; this one streams requests in batches instead.
    """

    def __init__(self) -> None:
        from pagefind.service import get_executable  # noqa: PLC0415 - only indexing needs the binary

        binary = get_executable()
        if binary is None:
            raise RuntimeError("the Pagefind binary was not found (install the pagefind[bin] package)")
        self.process = subprocess.Popen(  # noqa: S603 - the binary shipped by the pagefind package
            [str(binary), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        self.message_id = 0
        self.buffer = b""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stdout:
            self.process.stdout.close()

    def request(self, payloads: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Send the payloads, then read one answer for each, in order."""
        assert self.process.stdin is not None
        first = self.message_id + 1
        for payload in payloads:
            self.message_id += 1
            message = json.dumps({"message_id": self.message_id, "payload": payload}).encode("utf-8")
            self.process.stdin.write(base64.b64encode(message) + b",")
        self.process.stdin.flush()
        answers: dict[int, dict[str, Any]] = {}
        while len(answers) < len(payloads):
            response = json.loads(base64.b64decode(self._read_message()))
            payload = response.get("payload", {})
            if payload.get("type") == "Error":
                raise RuntimeError(f"Pagefind: {payload.get('message')}")
            if isinstance(response.get("message_id"), int):
                answers[response["message_id"]] = payload
        return [answers[i] for i in range(first, self.message_id + 1)]

    def _read_message(self) -> bytes:
        assert self.process.stdout is not None
        while b"," not in self.buffer:
            # A pipe's reader returns whatever has arrived, up to the size asked for.
            chunk = os.read(self.process.stdout.fileno(), 1 << 16)
            if not chunk:
                raise RuntimeError("Pagefind stopped before answering")
            self.buffer += chunk
        message, _, self.buffer = self.buffer.partition(b",")
        return message


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


def canonicalize_index(folder: Path) -> None:
    """Make Pagefind's output byte-identical for identical inputs.

    Pagefind lists each filter's values in hash-map order, which changes from run to run; the
    filter files are rewritten with their values sorted (and renamed by their content), and the
    metadata file that names them follows.
    """
    entry_path = folder / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, details in entry["languages"].items():
        meta_path = folder / f"pagefind.{details['hash']}.pf_meta"
        meta = _read(meta_path)
        renamed = []
        for filter_name, old_hash in meta[3]:
            old_path = folder / "filter" / f"{old_hash}.pf_filter"
            name, values = _read(old_path)
            old_path.unlink()
            new_hash = _write(folder / "filter", language, ".pf_filter", [name, sorted(values, key=lambda v: v[0])], 7)
            renamed.append([filter_name, new_hash])
        meta[3] = sorted(renamed)
        meta_path.unlink()
        details["hash"] = _write(folder, f"pagefind.{language}", ".pf_meta", meta, 10).removeprefix("pagefind.")
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
