"""Clean: a raw article and its outlet's rules in, the text readers see out, with a log and an offset map; reads no files.

Cleaning is driven by data: the outlet's rules in `annotations/outlets.yml`, an article's own
additions (including `keep_lines`, which no rule may remove), and a few conservative generic
repairs: surrounding and repeated whitespace, a line repeated right after itself, and copies of
the headline. The headline is text the outlet printed: it stays in the clean text (claims may
quote it) and is only marked as such. A line is taken for the headline when it matches the title
written in the annotation file, or, without one, when the lines above the body tell one by the
rules `archive new` uses (`detect.detect_title`: not a caption, a byline, a date, a prompt or a
sentence of prose); a scrape whose first line is body text keeps it as body text.

Nothing is removed silently: every removal is logged with its reason, its raw range and the rule
that removed it, and "read more" lines become references. Contributors' patterns run on RE2, so
no pattern can hang the build.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import re2

from build_tools.detect import detect_title, title_rejection
from build_tools.diagnostics import Diagnostics, Origin
from build_tools.load import RawArticle
from build_tools.model import (
    Annotation,
    CleanArticle,
    CleaningRules,
    LineRule,
    LogEntry,
    OffsetMap,
    Outlet,
    Span,
    TimestampRule,
)

_EXTRA_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200a\u3000]{2,}|[\t\u00a0\u2000-\u200a\u3000]")

HEADLINE_SEARCH_LINES = 6
"""A title written in the annotation file is looked for among this many first kept lines."""

HEADER_LINES = 15
"""A headline without a written title is looked for among this many first kept lines."""

HEADLINE_READ = 400
"""Characters of a line the headline heuristics read (a headline is far shorter)."""


class PatternError(ValueError):
    """A contributor's regular expression is not valid RE2."""


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    # RE2 logs parse errors straight to file descriptor 2; the message is reported properly instead.
    saved = os.dup(2)
    try:
        with Path(os.devnull).open("wb") as devnull:
            os.dup2(devnull.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


@functools.lru_cache(maxsize=4096)
def compile_pattern(pattern: str) -> Any:
    """Compile a contributor's pattern with RE2 (linear time, no backtracking).

    Raises:
        PatternError: with RE2's explanation when the pattern is invalid.

    """
    try:
        with _quiet_stderr():
            return re2.compile(pattern)
    except re2.error as exc:
        detail = exc.args[0] if exc.args else "invalid pattern"
        if isinstance(detail, bytes):
            detail = detail.decode("utf-8", "replace")
        raise PatternError(str(detail)) from None


def _matches(rule: LineRule | TimestampRule, line: str) -> Any:
    return compile_pattern(rule.pattern).search(line)


@functools.lru_cache(maxsize=1024)
def _combined(patterns: tuple[str, ...]) -> Any:
    """One RE2 program for a set of rules: most lines match none, and are tested once."""
    return compile_pattern("|".join(f"(?:{p})" for p in patterns))


def _first_match(rules: tuple[LineRule, ...], line: str) -> LineRule | None:
    if not rules:
        return None
    if len(rules) > 1 and not _combined(tuple(r.pattern for r in rules)).search(line):
        return None
    return next((rule for rule in rules if _matches(rule, line)), None)


@dataclass(slots=True)
class _Line:
    number: int
    start: int
    text: str

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def _lines(text: str) -> list[_Line]:
    lines = []
    start = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        lines.append(_Line(number, start, raw.removesuffix("\r")))
        start += len(raw) + 1
    return lines


def detect_outlet(lines: list[_Line], outlets: Mapping[str, Outlet]) -> str | None:
    """The first outlet (by id) whose detection rules match a line of the text."""
    every_rule = tuple(rule for outlet_id in sorted(outlets) for rule in outlets[outlet_id].cleaning.detect)
    matching = [line.text for line in lines if _first_match(every_rule, line.text)]
    if not matching:
        return None
    for outlet_id in sorted(outlets):
        rules = outlets[outlet_id].cleaning.detect
        if rules and any(_first_match(rules, text) for text in matching):
            return outlet_id
    return None


def _parse_timestamp(text: str, fmt: str) -> str | None:
    try:
        moment = datetime.strptime(text.strip(), fmt)  # noqa: DTZ007 - outlets print local time without a zone
    except ValueError:
        return None
    if moment.hour == moment.minute == 0 and "%H" not in fmt:
        return moment.date().isoformat()
    return moment.isoformat(timespec="minutes")


# --------------------------------------------------------------------------------------------
# First pass: what each raw line is
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Sorted:
    """The raw lines sorted into kept text, paragraph breaks and removals, with what they told."""

    kept: list[_Line | None] = field(default_factory=list)
    """Kept lines in order, `None` for a paragraph break."""
    log: list[LogEntry] = field(default_factory=list)
    """Removals so far."""
    published: str | None = None
    read_more: list[str] = field(default_factory=list)


def _sort_lines(lines: list[_Line], rules: CleaningRules, raw: RawArticle, diagnostics: Diagnostics) -> _Sorted:
    result = _Sorted()
    for index, line in enumerate(lines):
        text = line.stripped
        if not text:
            result.kept.append(None)
            continue
        if _first_match(rules.keep_lines, text) is not None:
            result.kept.append(line)
            continue
        trailer = _first_match(rules.trailer, text)
        if trailer is not None:
            reason = f"trailer: {trailer.reason or 'end of article'} (this line and all after it)"
            end = lines[-1].end
            result.log.append(
                LogEntry(line.number, raw.text[line.start : end], reason, line.start, end, trailer.origin)
            )
            _keep_protected(lines[index + 1 :], rules, result)
            break
        removal = _removal(line, text, rules=rules, result=result, raw=raw, diagnostics=diagnostics)
        if removal is None:
            result.kept.append(line)
        else:
            result.log.append(removal)
    return result


def _keep_protected(rest: Sequence[_Line], rules: CleaningRules, result: _Sorted) -> None:
    """Lines after a trailer that `keep_lines` protects stay, each as a paragraph of its own."""
    for line in rest:
        if line.stripped and _first_match(rules.keep_lines, line.stripped) is not None:
            result.kept += [None, line]


def _removal(
    line: _Line, text: str, *, rules: CleaningRules, result: _Sorted, raw: RawArticle, diagnostics: Diagnostics
) -> LogEntry | None:
    """The log entry of a non-blank line that a rule removes, noting what it tells; None to keep it."""
    dropped = _first_match(rules.drop_lines, text)
    if dropped is not None:
        return _entry(line, f"noise: {dropped.reason or 'matches a cleaning rule'}", dropped.origin)
    if rules.timestamp and _matches(rules.timestamp, text):
        result.published = result.published or _parse_timestamp(text, rules.timestamp.format)
        if result.published is None:
            diagnostics.warning(
                Origin(raw.path, line.number),
                f"timestamp line does not fit format '{rules.timestamp.format}'",
            )
        return _entry(line, "publication time (shown in the article's metadata)", rules.timestamp.origin)
    if rules.read_more and (match := _matches(rules.read_more, text)):
        result.read_more.append(match.group("title").strip())
        return _entry(line, "read-more link (kept as a reference)", rules.read_more.origin)
    return None


def _entry(line: _Line, reason: str, rule: Origin | None = None) -> LogEntry:
    return LogEntry(line.number, line.text, reason, line.start, line.end, rule)


# --------------------------------------------------------------------------------------------
# The headline
# --------------------------------------------------------------------------------------------


def fold_title(text: str) -> str:
    """A title folded for comparison: case, quote marks, dashes and spacing do not count."""
    folded = text.casefold()
    folded = re.sub(r"[‘’‚‛′`´ʼ“”„‟″«»‹›\"']", "'", folded)
    folded = re.sub(r"[‐‑‒–—―−-]", "-", folded)
    return " ".join(folded.split())


@dataclass(frozen=True, slots=True)
class _Headline:
    index: int | None
    """Position in the kept lines of the headline line, if there is one."""
    title: str | None
    """The detected title (None when the title is written or not found)."""
    note: str
    """Where the title came from, for the cleaning log."""


def _alone(kept: list[_Line | None], index: int) -> bool:
    """Whether the kept line at `index` is a paragraph of its own (copies of it right after it aside)."""
    line = kept[index]
    assert line is not None
    after = index + 1
    while (
        after < len(kept)
        and (copy := kept[after]) is not None
        and fold_title(copy.stripped) == fold_title(line.stripped)
    ):
        after += 1
    return (index == 0 or kept[index - 1] is None) and (after >= len(kept) or kept[after] is None)


def _find_headline(kept: list[_Line | None], written_title: str | None, outlets: Mapping[str, Outlet]) -> _Headline:
    lines = [(i, line) for i, line in enumerate(kept) if line is not None]
    if not lines:
        return _Headline(None, None, "no text to take a title from")
    if written_title is not None:
        return _written_headline(lines, written_title)
    return _detected_headline(kept, lines, outlets)


def _written_headline(lines: list[tuple[int, _Line]], title: str) -> _Headline:
    wanted = fold_title(title)
    for index, line in lines[:HEADLINE_SEARCH_LINES]:
        if fold_title(line.stripped) == wanted:
            return _Headline(index, None, f"title written in the annotation file; line {line.number} is its headline")
    return _Headline(
        None, None, "title written in the annotation file; no line of the text matches it, so none is the headline"
    )


def _detected_headline(
    kept: list[_Line | None], lines: list[tuple[int, _Line]], outlets: Mapping[str, Outlet]
) -> _Headline:
    """The headline among the lines above the body, told by the same rules as `archive new` (`detect_title`)."""
    first = lines[0][1]
    if all(fold_title(line.stripped) == fold_title(first.stripped) for _, line in lines):
        return _Headline(None, None, f"no headline detected: line {first.number} is the only text")
    # A headline is short: longer lines are cut before the heuristics read them (a 100,000-character
    # line of noise must cost nothing), and a cut line never equals the title found.
    header = [(line.number, " ".join(line.stripped[:HEADLINE_READ].split())) for _, line in lines[:HEADER_LINES]]
    found = detect_title(header, outlets)
    if found is None:
        objection = title_rejection(header[0][1]) or "no line above the body reads like a headline"
        return _Headline(None, None, f"no headline detected: line {first.number} reads as body text ({objection})")
    for position, line in lines[:HEADER_LINES]:
        if (
            len(line.stripped) <= HEADLINE_READ
            and " ".join(line.stripped.split()) == found.value
            and _alone(kept, position)
        ):
            return _Headline(position, line.stripped, f"title detected: {found.how.removeprefix('headline: ')}")
    return _Headline(None, None, f"no headline detected: line {first.number} runs on into the next line")


# --------------------------------------------------------------------------------------------
# Second pass: the clean text
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Builder:
    """Accumulates the clean text with its raw offsets."""

    parts: list[str] = field(default_factory=list)
    segments: list[tuple[int, int, int]] = field(default_factory=list)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    length: int = 0
    open_paragraph: int | None = None

    def add_line(self, line: _Line) -> None:
        if self.open_paragraph is None:
            if self.paragraphs or self.length:
                self._insert("\n\n")
            self.open_paragraph = self.length
        else:
            self._insert("\n")
        for index, (start, piece) in enumerate(_pieces(line)):
            if index:
                self._insert(" ")  # A collapsed run of whitespace: inserted, not copied from the raw text.
            self.segments.append((self.length, start, len(piece)))
            self.parts.append(piece)
            self.length += len(piece)

    def _insert(self, separator: str) -> None:
        self.parts.append(separator)
        self.length += len(separator)

    def end_paragraph(self) -> None:
        if self.open_paragraph is not None:
            self.paragraphs.append((self.open_paragraph, self.length))
            self.open_paragraph = None


def _pieces(line: _Line) -> Iterator[tuple[int, str]]:
    """The raw slices of a stripped line between runs of extra whitespace, with their raw offsets."""
    text = line.text
    lead = len(text) - len(text.lstrip())
    body = text.strip()
    position = 0
    for match in _EXTRA_SPACE.finditer(body):
        yield line.start + lead + position, body[position : match.start()]
        position = match.end()
    yield line.start + lead + position, body[position:]


def _build(kept: list[_Line | None], headline: int | None, log: list[LogEntry]) -> tuple[_Builder, Span | None]:
    """The clean text; copies of the headline and lines repeated right after themselves are logged as removed."""
    builder = _Builder()
    headline_span = None
    headline_line = kept[headline] if headline is not None else None
    headline_text = fold_title(headline_line.stripped) if headline_line is not None else None
    previous = None
    for index, line in enumerate(kept):
        if line is None:
            builder.end_paragraph()
            continue
        text = line.stripped
        if index == headline:
            builder.end_paragraph()
            builder.add_line(line)
            start = builder.open_paragraph
            builder.end_paragraph()
            headline_span = Span(start or 0, builder.length)
        elif headline_text is not None and fold_title(text) == headline_text:
            log.append(_entry(line, "repeated headline"))
        elif text == previous:
            log.append(_entry(line, "repeated line"))
        else:
            builder.add_line(line)
        previous = text
    builder.end_paragraph()
    return builder, headline_span


def clean_article(
    raw: RawArticle,
    outlets: Mapping[str, Outlet],
    annotation: Annotation | None,
    diagnostics: Diagnostics,
) -> CleanArticle:
    """Turn a raw article into the text readers see.

    Args:
        raw: The raw article.
        outlets: The outlet registry (rules and detection patterns).
        annotation: The article's annotation file, if any (outlet override, title, extra rules).
        diagnostics: Where a failed timestamp parse is reported.

    """
    lines = _lines(raw.text)
    meta = annotation.meta if annotation else None
    outlet_id = meta.outlet if meta and meta.outlet else detect_outlet(lines, outlets)
    rules = outlets[outlet_id].cleaning if outlet_id is not None and outlet_id in outlets else CleaningRules()
    if annotation is not None:
        rules = rules.merged(annotation.cleaning)
    sorted_lines = _sort_lines(lines, rules, raw, diagnostics)
    headline = _find_headline(sorted_lines.kept, meta.title if meta and meta.title else None, outlets)
    log = sorted_lines.log
    builder, headline_span = _build(sorted_lines.kept, headline.index, log)
    log.append(_detection(sorted_lines.kept, headline))
    text = "".join(builder.parts)
    body = [p for p in builder.paragraphs if headline_span is None or p != tuple(headline_span)]
    return CleanArticle(
        article_id=raw.article_id,
        text=text,
        paragraphs=tuple(builder.paragraphs),
        offsets=OffsetMap(tuple(builder.segments)),
        log=tuple(sorted(log, key=lambda e: (e.start, not e.removed))),
        title=headline.title,
        published=sorted_lines.published,
        dateline=_dateline(text, body, rules),
        outlet=outlet_id,
        read_more=tuple(sorted_lines.read_more),
        headline=headline_span,
        raw_text=raw.text,
    )


def _detection(kept: list[_Line | None], headline: _Headline) -> LogEntry:
    """The log entry saying where the title came from."""
    line = kept[headline.index] if headline.index is not None else None
    if line is None:
        first = next((k for k in kept if k is not None), None)
        number, start = (first.number, first.start) if first else (1, 0)
        return LogEntry(number, "", headline.note, start, start, removed=False)
    return LogEntry(line.number, line.stripped, headline.note, line.start, line.start, removed=False)


def _dateline(text: str, paragraphs: list[tuple[int, int]], rules: CleaningRules) -> str | None:
    """The dateline place, looked for at the start of the first few paragraphs (a standfirst may come first)."""
    if rules.dateline is None:
        return None
    for start, end in paragraphs[:3]:
        match = _matches(rules.dateline, text[start:end])
        if match:
            place: str = match.group("place").strip()
            return place.title() if place.isupper() else place
    return None
