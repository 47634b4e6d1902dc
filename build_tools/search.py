"""Search: the linked archive in, search records out (pure); and a writer that turns them into a Pagefind index.

Records are made from the archive's data rather than scraped from the built HTML, so each claim
is a result of its own (opening the article at the claim), every record carries exact filters
(speaker, outlet, year, tag, kind, rating, type), and indexing never parses the site's pages.
Pagefind splits the index into fragments, so a reader downloads only what a query needs.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import gzip
import hashlib
import json
import logging
import os
import subprocess
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

import cbor2

from build_tools.link import Archive, Article
from build_tools.model import RATINGS, AnchoredClaim, UnnamedSpeaker
from build_tools.render.article import KIND_LABELS
from build_tools.render.markup import attr, body_text, clip
from build_tools.urls import url_of

log = logging.getLogger(__name__)

SEARCH_FILTERS = "search/filters.json"
"""Where the site publishes every filter's values, for the search page's menus."""

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
    html: bool = False
    """Whether `content` is an HTML document (carrying its own filters, metadata and sections)."""


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


def _claim_facets(archive: Archive, claim: AnchoredClaim) -> dict[str, list[str]]:
    """What a claim can be narrowed by, beyond its article's outlet and year."""
    spec = claim.spec
    return {
        "speaker": [_speaker_name(archive, spec.speaker)],
        "kind": [KIND_LABELS[spec.kind.value]],
        "rating": [RATINGS[spec.review.rating] if spec.review else "Not reviewed"],
        "tag": [archive.registries.tags[t].title for t in spec.tags],
    }


def _article_record(archive: Archive, article: Article) -> SearchRecord:
    """An article and its claims as one record: an HTML document whose claims are sections of their own.

    Each claim is a heading with the claim's anchor, so Pagefind returns it as a sub-result that
    opens the article at the claim. One record per article (not one per claim) keeps the index's
    page list, which every search downloads, to the number of articles. The filters are the
    union over the claims; each claim's own facets travel in the `claims` metadata, with which
    the search page narrows the claims it shows.
    """
    filters, meta = _common(archive, article)
    facets = {claim.ref.claim_id: _claim_facets(archive, claim) for claim in article.claims}
    filters["type"] = ["Article", "Claim"] if article.claims else ["Article"]
    for name in ("speaker", "kind", "rating", "tag"):
        values = {v for f in facets.values() for v in f[name]}
        if name == "tag":
            values |= {archive.registries.tags[t].title for t in article.tags}
        if values:
            filters[name] = sorted(values)
    claims = {
        claim.ref.claim_id: {
            **{name: values for name, values in facets[claim.ref.claim_id].items() if values},
            "quote": clip(claim.spec.quote, 140),
        }
        for claim in article.claims
    }
    tags = [
        f'<span data-pagefind-filter="{name}:{attr(value)}"></span>'
        for name, values in filters.items()
        for value in values
    ]
    tags += [f'<span data-pagefind-meta="{name}:{attr(value)}"></span>' for name, value in meta.items()]
    if claims:
        tags.append(f'<span data-pagefind-meta="claims">{body_text(json.dumps(claims, ensure_ascii=False))}</span>')
    sections = []
    for claim in article.claims:
        spec = claim.spec
        speaker = facets[claim.ref.claim_id]["speaker"][0]
        cue = f" {spec.cue}" if spec.cue else ""
        sections.append(
            f'<h2 id="claim-{spec.id}">{body_text(speaker)}: “{body_text(clip(spec.quote, 100))}”</h2>'
            f"<p>{body_text(spec.quote)} {body_text(spec.summary)} {body_text(speaker + cue)}</p>"
        )
    paragraphs = "".join(f"<p>{body_text(p)}</p>" for p in article.clean.text.split("\n") if p.strip())
    document = (
        f'<html lang="en"><head><title>{body_text(article.title)}</title></head><body>'
        f"<div data-pagefind-ignore>{''.join(tags)}</div>"
        f'<h1 data-pagefind-meta="title">{body_text(article.title)}</h1>{paragraphs}{"".join(sections)}</body></html>'
    )
    return SearchRecord(url_of(f"articles/{article.id}.md"), article.title, document, filters, meta, html=True)


def search_filters(archive: Archive) -> dict[str, list[list[str | int]]]:
    """Every value of every filter with its number of claims (of articles, for outlet and year).

    The search page builds its filter menus from this small file rather than from the index's
    filter files, which grow with the archive and which a plain query never needs.
    """
    counts: dict[str, Counter[str]] = {
        name: Counter() for name in ("speaker", "outlet", "year", "tag", "kind", "rating")
    }
    for article in archive.articles.values():
        filters, _ = _common(archive, article)
        for name in ("outlet", "year"):
            counts[name].update(filters.get(name, []))
        for claim in article.claims:
            for name, values in _claim_facets(archive, claim).items():
                counts[name].update(values)
    return {name: [[value, count[value]] for value in sorted(count)] for name, count in counts.items() if count}


def search_records(archive: Archive) -> list[SearchRecord]:
    """Every article, claim, speaker, outlet, event and statement as a search record."""
    records = [_article_record(archive, article) for article in archive.articles.values()]
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
    SearchIndex(records, language).finish(site_dir)


class SearchIndex:
    """A Pagefind index that is fed its records in the background as soon as they exist.

    Records come from data, not from the built pages, so Pagefind (a process of its own) indexes
    them on the second core while MkDocs renders the site on the first. Only the hand-written
    pages wait for the build: `finish` adds them and writes the index.

    Raises:
        RuntimeError: when Pagefind is missing or cannot start.

    """

    def __init__(self, records: Iterable[SearchRecord], language: str = "en") -> None:
        self.language = language
        self.service = PagefindService()
        try:
            config = {"force_language": language, "exclude_selectors": list(EXCLUDED_SELECTORS)}
            self.index_id = self.service.request([{"type": "NewIndex", "config": config}])[0]["index_id"]
            self.count = self.service.send_in_background([self._add(record) for record in records])
        except BaseException:
            self.service.stop()
            raise

    def _add(self, record: SearchRecord) -> dict[str, Any]:
        if record.html:
            return {
                "type": "AddFile",
                "index_id": self.index_id,
                "url": "/" + record.url,
                "file_path": None,
                "file_contents": record.content,
            }
        return {
            "type": "AddRecord",
            "index_id": self.index_id,
            "url": "/" + record.url,
            "content": record.content,
            "language": self.language,
            "meta": {"title": record.title, **record.meta},
            "filters": record.filters,
            "sort": None,
        }

    def finish(self, site_dir: Path) -> None:
        """Add the built hand-written pages and write the index into `site_dir/pagefind/`.

        Raises:
            RuntimeError: when Pagefind reports an error.

        """
        output = site_dir / "pagefind"
        with self.service:
            self.service.wait_for_background()
            pages = [
                {
                    "type": "AddFile",
                    "index_id": self.index_id,
                    "url": "/" + page.removesuffix("index.html"),
                    "file_path": None,
                    "file_contents": (site_dir / page).read_text(encoding="utf-8"),
                }
                for page in HAND_WRITTEN_PAGES
                if (site_dir / page).is_file()
            ]
            self.service.request(pages)
            self.service.request([{"type": "WriteFiles", "index_id": self.index_id, "output_path": str(output)}])
        canonicalize_index(output)
        log.info("search: indexed %d records and %d hand-written pages", self.count, len(pages))

    def abort(self) -> None:
        """Stop indexing and write nothing (the build failed)."""
        self.service.stop()


def _checked(payload: dict[str, Any]) -> dict[str, Any]:
    """An answer from Pagefind, unless it reports an error.

    Raises:
        RuntimeError: with Pagefind's message.

    """
    if payload.get("type") == "Error":
        raise RuntimeError(f"Pagefind: {payload.get('message')}")
    return payload


SEND_CHUNK = 64
"""Messages written to Pagefind at a time."""

PIPE_SIZE = getattr(fcntl, "F_SETPIPE_SZ", 1031)
"""Linux's fcntl command that sets a pipe's capacity."""


class PagefindService:
    """A synchronous client of `pagefind --service` (base64 JSON messages, each ended by a comma).

    The `pagefind` package's own client waits a tenth of a second for every answer, which makes
    an index of 100,000 records take hours; this one streams requests from a second thread while
    it reads the answers, so Pagefind never waits for the next request.
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
        self.background: list[threading.Thread] = []
        self.collected = b""
        self.failure: list[str] = []

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        if self.process.stdin:
            with contextlib.suppress(OSError):  # Already gone: nothing more to send.
                self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stdout:
            self.process.stdout.close()

    def request(self, payloads: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Send the payloads (from a second thread), reading one answer for each; the answers in order."""
        first = self.message_id + 1
        self.message_id += len(payloads)
        failure: list[BaseException] = []
        sender = threading.Thread(target=self._send, args=(first, payloads, failure), daemon=True)
        sender.start()
        answers: dict[int, dict[str, Any]] = {}
        try:
            while len(answers) < len(payloads):
                response = json.loads(base64.b64decode(self._read_message()))
                payload = _checked(response.get("payload", {}))
                if response.get("message_id") in range(first, self.message_id + 1):
                    answers[response["message_id"]] = payload
        except BaseException:
            self.process.kill()  # Unblocks the sender.
            raise
        finally:
            sender.join()
        if failure:
            raise RuntimeError(f"Pagefind stopped reading: {failure[0]}")
        return [answers[i] for i in range(first, self.message_id + 1)]

    def send_in_background(self, payloads: list[dict[str, Any]]) -> int:
        """Start sending the payloads and collecting their answers on two threads; returns how many.

        Both threads spend their time in system calls, which release the interpreter, so they
        do not slow down the Python work of the build going on meanwhile.
        """
        first = self.message_id + 1
        self.message_id += len(payloads)
        data = b"".join(self._encode(number, payload) for number, payload in enumerate(payloads, start=first))
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):  # Larger pipes: fewer wake-ups; the default works too.
                    fcntl.fcntl(stream.fileno(), PIPE_SIZE, 1 << 20)
        self.background = [
            threading.Thread(target=self._write_all, args=(data,), daemon=True),
            threading.Thread(target=self._collect, args=(len(payloads),), daemon=True),
        ]
        for thread in self.background:
            thread.start()
        return len(payloads)

    def wait_for_background(self) -> None:
        """Wait until everything sent in the background is answered; raise Pagefind's first error."""
        for thread in self.background:
            thread.join()
        self.background = []
        if self.failure:
            raise RuntimeError(f"Pagefind: {self.failure[0]}")
        for message in self.collected.split(b",")[:-1]:
            _checked(json.loads(base64.b64decode(message)).get("payload", {}))
        self.collected = b""

    def stop(self) -> None:
        """Stop Pagefind at once."""
        self.process.kill()
        for thread in self.background:
            thread.join()
        self.__exit__()

    def _write_all(self, data: bytes) -> None:
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(data)
            self.process.stdin.flush()
        except OSError as exc:
            self.failure.append(f"it stopped reading ({exc})")

    def _collect(self, count: int) -> None:
        """Read `count` answers (base64, each ended by a comma) into `collected`."""
        assert self.process.stdout is not None
        chunks = [self.buffer]
        seen = self.buffer.count(b",")
        while seen < count:
            chunk = os.read(self.process.stdout.fileno(), 1 << 20)
            if not chunk:
                self.failure.append("it stopped before answering")
                return
            chunks.append(chunk)
            seen += chunk.count(b",")
        data = b"".join(chunks)
        cut = -1
        for _ in range(count):
            cut = data.index(b",", cut + 1)
        self.collected, self.buffer = data[: cut + 1], data[cut + 1 :]

    @staticmethod
    def _encode(number: int, payload: dict[str, Any]) -> bytes:
        return base64.b64encode(json.dumps({"message_id": number, "payload": payload}).encode("utf-8")) + b","

    def _send(self, first: int, payloads: list[dict[str, Any]], failure: list[BaseException]) -> None:
        assert self.process.stdin is not None
        try:
            chunk: list[bytes] = []
            for number, payload in enumerate(payloads, start=first):
                chunk.append(self._encode(number, payload))
                if len(chunk) == SEND_CHUNK:
                    self.process.stdin.write(b"".join(chunk))
                    chunk = []
            self.process.stdin.write(b"".join(chunk))
            self.process.stdin.flush()
        except OSError as exc:
            failure.append(exc)

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
