"""The archive's data types: frozen records from validated inputs to the linked archive; no logic that reads or writes.

Records that come from contributors keep an `origin` and, per field, `origins`, so that any later
stage can point a message at the exact YAML value.
"""

from __future__ import annotations

import bisect
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from build_tools.diagnostics import Origin

_NO_ORIGINS: Mapping[str, Origin] = {}


class ClaimKind(enum.Enum):
    """How a claim is reported."""

    DIRECT = "direct"
    """Verbatim quotation."""
    INDIRECT = "indirect"
    """Paraphrase or reported speech."""
    ASSERTION = "assertion"
    """The outlet's own voice."""


@dataclass(frozen=True, slots=True)
class Located:
    """Mixin data for records written by contributors."""

    origin: Origin
    """Where the record starts."""
    origins: Mapping[str, Origin] = field(default_factory=lambda: _NO_ORIGINS, compare=False, repr=False)
    """Where each of its fields was written, by field name."""

    def origin_of(self, name: str) -> Origin:
        """Where field `name` was written, or the record itself when it was not."""
        return self.origins.get(name, self.origin)


@dataclass(frozen=True, slots=True)
class Tag(Located):
    """A topic of the controlled vocabulary."""

    id: str = ""
    """The tag id (slug)."""
    title: str = ""
    """What readers see."""
    description: str = ""
    """What the tag covers."""


@dataclass(frozen=True, slots=True)
class Role:
    """A position a speaker held."""

    title: str
    """The position, e.g. "Spokesman"."""
    organization: str | None = None
    """Speaker id of the organization, if registered."""
    start: str | None = None
    """When the role began (ISO date), if known."""
    end: str | None = None
    """When the role ended (ISO date), if known."""


@dataclass(frozen=True, slots=True)
class Speaker(Located):
    """A person or organization claims are attributed to."""

    id: str = ""
    """The speaker id (slug)."""
    name: str = ""
    """The name readers see."""
    type: str = "person"
    """`person` or `organization`."""
    aliases: tuple[str, ...] = ()
    """Other forms of the name used in articles; mentions of them link to the speaker."""
    description: str = ""
    """One neutral sentence."""
    roles: tuple[Role, ...] = ()
    """Positions held."""
    wikidata: str | None = None
    """Wikidata Q-id, only where certain."""
    links: tuple[str, ...] = ()
    """Further reading (http/https)."""


@dataclass(frozen=True, slots=True)
class LineRule(Located):
    """A cleaning rule that matches one line."""

    pattern: str = ""
    """RE2 regular expression matched against a line."""
    reason: str = ""
    """Why matching lines are noise, shown in the cleaning log."""


@dataclass(frozen=True, slots=True)
class TimestampRule(Located):
    """How an outlet writes the publication time on a line of its own."""

    pattern: str = ""
    """RE2 regular expression matching the whole timestamp line."""
    format: str = ""
    """`strptime` format of the line."""


@dataclass(frozen=True, slots=True)
class CleaningRules:
    """Noise rules of an outlet, or additions of one article."""

    detect: tuple[LineRule, ...] = ()
    """A line matching one of these identifies the outlet."""
    drop_lines: tuple[LineRule, ...] = ()
    """Noise lines."""
    trailer: tuple[LineRule, ...] = ()
    """The first line matching one of these, and everything after it, is noise."""
    timestamp: TimestampRule | None = None
    """The publication-time line, removed and used as the date."""
    dateline: LineRule | None = None
    """Pattern with a `place` group, matched at the start of the first paragraph."""
    read_more: LineRule | None = None
    """Pattern with a `title` group: a related-article line, turned into a reference."""
    keep_lines: tuple[LineRule, ...] = ()
    """Lines that no rule may remove (an article's exceptions to its outlet's rules)."""

    def merged(self, other: CleaningRules) -> CleaningRules:
        """These rules with `other`'s added (an article's additions to its outlet's rules)."""
        return CleaningRules(
            detect=self.detect + other.detect,
            drop_lines=self.drop_lines + other.drop_lines,
            trailer=self.trailer + other.trailer,
            timestamp=other.timestamp or self.timestamp,
            dateline=other.dateline or self.dateline,
            read_more=other.read_more or self.read_more,
            keep_lines=self.keep_lines + other.keep_lines,
        )


@dataclass(frozen=True, slots=True)
class Outlet(Located):
    """A publisher of articles."""

    id: str = ""
    """The outlet id (slug)."""
    name: str = ""
    """The name readers see."""
    url: str | None = None
    """Home page."""
    country: str | None = None
    """ISO 3166-1 alpha-2 code."""
    language: str | None = None
    """Main language of its articles here."""
    owner: str | None = None
    """Who owns it."""
    description: str = ""
    """One neutral sentence."""
    wikidata: str | None = None
    """Wikidata Q-id, only where certain."""
    aliases: tuple[str, ...] = ()
    """Other forms of the name; mentions of them link to the outlet."""
    cleaning: CleaningRules = field(default_factory=CleaningRules)
    """Noise rules for its raw articles."""


@dataclass(frozen=True, slots=True)
class Event(Located):
    """Something several articles cover."""

    id: str = ""
    """The event id (slug)."""
    title: str = ""
    """What readers see."""
    date: str = ""
    """ISO date the event happened (or began)."""
    end_date: str | None = None
    """ISO date it ended, for a range."""
    description: str = ""
    """A few neutral sentences."""
    tags: tuple[str, ...] = ()
    """Tag ids."""


@dataclass(frozen=True, slots=True)
class ExternalSource(Located):
    """A document outside the archive that a claim or article relates to."""

    title: str = ""
    """Its title."""
    url: str | None = None
    """Its address (http/https), when known."""
    outlet: str | None = None
    """Outlet id of its publisher, when registered."""
    published: str | None = None
    """ISO date of publication, when known."""

    @property
    def key(self) -> str:
        """What identifies the source across annotation files: its URL, else its title."""
        return self.url or self.title


class ClaimRef(NamedTuple):
    """A claim's global id: `<article-id>#<claim-id>` (a tuple: hashed and compared fast, as it is everywhere)."""

    article_id: str
    """The article holding the claim."""
    claim_id: str
    """The claim's id inside that article."""

    def __str__(self) -> str:
        return f"{self.article_id}#{self.claim_id}"


@dataclass(frozen=True, slots=True)
class UnnamedSpeaker:
    """A source the article does not name."""

    description: str
    """Who they are, as the article describes them."""
    affiliation: str | None = None
    """Speaker id of the organization they belong to, if any."""


@dataclass(frozen=True, slots=True)
class Relation(Located):
    """A typed relation written on a claim."""

    type: str = "same-as"
    """One of `RELATION_TYPES`."""
    target: ClaimRef | ExternalSource | None = None
    """Another claim, or an external source."""


@dataclass(frozen=True, slots=True)
class Review(Located):
    """The archive's verdict on a claim."""

    rating: str = "unverifiable"
    """One of `RATINGS`."""
    explanation: str = ""
    """Why."""
    sources: tuple[str, ...] = ()
    """Evidence (http/https)."""


@dataclass(frozen=True, slots=True)
class ClaimSpec(Located):
    """A claim as written in an annotation file, before it is anchored."""

    id: str = ""
    """Unique in its file."""
    quote: str = ""
    """The span of the article the claim is."""
    prefix: str | None = None
    """Text just before the quote, to choose between matches."""
    suffix: str | None = None
    """Text just after the quote, to choose between matches."""
    speaker: str | UnnamedSpeaker | None = None
    """Speaker id, an unnamed source, or `None` for the outlet's own assertion."""
    cue: str | None = None
    """Attribution words in the text ("said", "slammed")."""
    kind: ClaimKind = ClaimKind.DIRECT
    """How the claim is reported."""
    summary: str = ""
    """One neutral sentence in the archive's voice."""
    tags: tuple[str, ...] = ()
    """Tag ids."""
    review: Review | None = None
    """The verdict, where the archive reviews the claim."""
    relations: tuple[Relation, ...] = ()
    """Relations written on this claim."""


@dataclass(frozen=True, slots=True)
class Reference(Located):
    """An article-level cross-reference."""

    type: str = "same-event"
    """One of `REFERENCE_TYPES`."""
    target: str | ExternalSource | None = None
    """Another article's id, or an external source."""


@dataclass(frozen=True, slots=True)
class ArticleMeta(Located):
    """Article metadata as written; every field may be omitted where it can be detected."""

    title: str | None = None
    """Headline."""
    outlet: str | None = None
    """Outlet id."""
    published: str | None = None
    """ISO date or datetime with offset."""
    url: str | None = None
    """Original address."""
    archived_url: str | None = None
    """Archived copy."""
    language: str | None = None
    """Language code."""
    event: str | None = None
    """Event id."""
    tags: tuple[str, ...] = ()
    """Tag ids."""


@dataclass(frozen=True, slots=True)
class Annotation(Located):
    """One annotation file."""

    article_id: str = ""
    """The article it annotates."""
    meta: ArticleMeta | None = None
    """The `article:` block."""
    cleaning: CleaningRules = field(default_factory=CleaningRules)
    """Per-article additions to the outlet's cleaning rules."""
    claims: tuple[ClaimSpec, ...] = ()
    """The claims, in file order."""
    references: tuple[Reference, ...] = ()
    """Article-level references."""
    notes: str = ""
    """Free text for readers."""


@dataclass(frozen=True, slots=True)
class Registries:
    """The four registries, by id."""

    speakers: Mapping[str, Speaker]
    """Speakers by id."""
    outlets: Mapping[str, Outlet]
    """Outlets by id."""
    events: Mapping[str, Event]
    """Events by id."""
    tags: Mapping[str, Tag]
    """Tags by id."""

    def speaker_name(self, speaker: str | UnnamedSpeaker | None) -> str | None:
        """The name readers see for a claim's speaker; None for the outlet's own voice.

        A registered speaker's name, an unnamed source's description, or the id of a speaker not
        (yet) registered.
        """
        if isinstance(speaker, UnnamedSpeaker):
            return speaker.description
        if speaker is None:
            return None
        registered = self.speakers.get(speaker)
        return registered.name if registered else speaker


class Span(NamedTuple):
    """A half-open range of a text, in code points."""

    start: int
    """First code point."""
    end: int
    """One past the last code point."""


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One thing the cleaner removed or detected, and why."""

    raw_line: int
    """1-based line of the raw file where it starts."""
    text: str
    """The removed raw text, exactly (or the detected value)."""
    reason: str
    """Why, in words a reader understands."""
    start: int = 0
    """Where the removed text starts in the raw file (code points)."""
    end: int = 0
    """One past its end in the raw file (equal to `start` for a detection)."""
    rule: Origin | None = None
    """Where the cleaning rule that removed it was written, when a written rule did."""
    removed: bool = True
    """Whether text was removed (False for a detection: title, date, dateline)."""

    @property
    def display_text(self) -> str:
        """The text on one line: the removed lines joined by " / "."""
        return " / ".join(line.strip() for line in self.text.splitlines() if line.strip())


def _clean_start(segment: tuple[int, int, int]) -> int:
    return segment[0]


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Maps positions of the clean text back to the raw text.

    The clean text is a concatenation of raw slices and inserted separators; `segments` lists
    `(clean_start, raw_start, length)` for every raw slice, sorted by `clean_start`.
    """

    segments: tuple[tuple[int, int, int], ...]
    """Raw slices as (clean start, raw start, length)."""

    def to_raw(self, clean_offset: int) -> int:
        """The raw offset of clean offset `clean_offset` (separators map to the next slice)."""
        if not self.segments:
            return clean_offset
        position = bisect.bisect_right(self.segments, clean_offset, key=_clean_start) - 1
        if position >= 0:
            clean_start, raw_start, length = self.segments[position]
            if clean_offset < clean_start + length:
                return raw_start + clean_offset - clean_start
        if position + 1 < len(self.segments):
            return self.segments[position + 1][1]
        clean_start, raw_start, length = self.segments[-1]
        return raw_start + length

    def span_to_raw(self, span: Span) -> Span:
        """The raw range a clean span was copied from (its first to its last copied code point)."""
        if span.end <= span.start:
            start = self.to_raw(span.start)
            return Span(start, start)
        return Span(self.to_raw(span.start), self.to_raw(span.end - 1) + 1)


@dataclass(frozen=True, slots=True)
class CleanArticle:
    """What the cleaner makes of a raw article."""

    article_id: str
    """The article id."""
    text: str
    """The text readers see: paragraphs separated by blank lines, the headline (if any) among them."""
    paragraphs: tuple[tuple[int, int], ...]
    """(start, end) of every paragraph in `text`, the headline's included."""
    offsets: OffsetMap
    """Clean positions back to raw positions."""
    log: tuple[LogEntry, ...]
    """What was removed or detected and why, in raw order."""
    title: str | None
    """Detected headline."""
    published: str | None
    """Detected publication date or datetime."""
    dateline: str | None
    """Detected dateline place."""
    outlet: str | None
    """Detected outlet id."""
    read_more: tuple[str, ...]
    """Titles of "READ MORE" lines."""
    headline: Span | None = None
    """Where the headline line is in `text`, when the article has one: text the outlet printed, so claims may quote it."""
    raw_text: str = field(default="", compare=False, repr=False)
    """The raw text it was made from (the same string as the raw article's), for messages and context."""

    @property
    def body_paragraphs(self) -> tuple[tuple[int, int], ...]:
        """The paragraphs below the headline."""
        if self.headline is None:
            return self.paragraphs
        return tuple(p for p in self.paragraphs if p != (self.headline.start, self.headline.end))

    @property
    def body_start(self) -> int:
        """Where the text below the headline starts."""
        body = self.body_paragraphs
        return body[0][0] if body else len(self.text)


@dataclass(frozen=True, slots=True)
class AnchoredClaim:
    """A claim with its place in the clean text."""

    ref: ClaimRef
    """Its global id."""
    spec: ClaimSpec
    """What the contributor wrote."""
    span: Span
    """Where the quote is in the clean text."""
    cue_span: Span | None
    """Where the cue is, if given and found."""
    method: str
    """`exact`, `normalized` or `approximate`."""
    score: float
    """Confidence in percent (100 for exact and normalized matches)."""
    quote: str = ""
    """The article's own words at `span`: what the site prints, never the contributor's wording."""
    raw_span: Span | None = None
    """Where those words are in the raw file (code points)."""
