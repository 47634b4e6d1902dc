"""Clean: a raw article and its outlet's rules in, the text readers see out, with a log and an offset map; reads no files.

Cleaning is driven by data: the outlet's rules in `annotations/outlets.yml`, an article's own
additions, and a few generic repairs (surrounding and repeated whitespace, repeated headline
lines). Nothing is removed silently: every removal is logged with its reason, and "read more"
lines become references. Contributors' patterns run on RE2, so no pattern can hang the build.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import re2

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
    TimestampRule,
)

_EXTRA_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200a\u3000]{2,}|[\t\u00a0\u2000-\u200a\u3000]")


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


@dataclass(slots=True)
class _Builder:
    """Accumulates the clean text with its raw offsets and log."""

    parts: list[str] = field(default_factory=list)
    segments: list[tuple[int, int, int]] = field(default_factory=list)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    length: int = 0
    open_paragraph: int | None = None
    log: list[LogEntry] = field(default_factory=list)

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

    def remove(self, line: _Line, reason: str) -> None:
        self.log.append(LogEntry(line.number, line.text, reason))


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
        annotation: The article's annotation file, if any (outlet override, extra rules).
        diagnostics: Where a failed timestamp parse is reported.

    """
    lines = _lines(raw.text)
    meta = annotation.meta if annotation else None
    outlet_id = meta.outlet if meta and meta.outlet else detect_outlet(lines, outlets)
    rules = outlets[outlet_id].cleaning if outlet_id is not None and outlet_id in outlets else CleaningRules()
    if annotation is not None:
        rules = rules.merged(annotation.cleaning)
    builder = _Builder()
    state = _State()
    for index, line in enumerate(lines):
        if _clean_line(
            line, lines[index + 1 :], rules=rules, builder=builder, state=state, raw=raw, diagnostics=diagnostics
        ):
            break
    builder.end_paragraph()
    text = "".join(builder.parts)
    dateline = _dateline(text, builder.paragraphs, rules)
    return CleanArticle(
        article_id=raw.article_id,
        text=text,
        paragraphs=tuple(builder.paragraphs),
        offsets=OffsetMap(tuple(builder.segments)),
        log=tuple(builder.log),
        title=state.title,
        published=state.published,
        dateline=dateline,
        outlet=outlet_id,
        read_more=tuple(state.read_more),
    )


@dataclass(slots=True)
class _State:
    title: str | None = None
    published: str | None = None
    previous: str | None = None
    read_more: list[str] = field(default_factory=list)


def _clean_line(
    line: _Line,
    rest: list[_Line],
    *,
    rules: CleaningRules,
    builder: _Builder,
    state: _State,
    raw: RawArticle,
    diagnostics: Diagnostics,
) -> bool:
    """Handle one raw line; return True when a trailer ends the article here."""
    text = line.text.strip()
    if not text:
        builder.end_paragraph()
        return False
    trailer = _first_match(rules.trailer, text)
    if trailer is not None:
        builder.end_paragraph()
        removed = " / ".join(t.text.strip() for t in [line, *rest] if t.text.strip())
        builder.remove(line, f"trailer: {trailer.reason or 'end of article'} (this line and all after it)")
        builder.log[-1] = LogEntry(line.number, removed, builder.log[-1].reason)
        return True
    reason = _removal_reason(line, text, rules=rules, state=state, raw=raw, diagnostics=diagnostics)
    if reason is None:
        builder.add_line(line)
        state.previous = text
    else:
        builder.remove(line, reason)
    return False


def _removal_reason(
    line: _Line,
    text: str,
    *,
    rules: CleaningRules,
    state: _State,
    raw: RawArticle,
    diagnostics: Diagnostics,
) -> str | None:
    """Why a non-blank line before any trailer is removed, noting what it tells; None to keep it.

    Args:
        line: The raw line.
        text: The line without surrounding whitespace.
        rules: The cleaning rules of the article.
        state: What earlier lines told (title, publication time, read-more links); updated here.
        raw: The raw article, for the position of a diagnostic.
        diagnostics: Where a failed timestamp parse is reported.

    """
    dropped = _first_match(rules.drop_lines, text)
    if dropped is not None:
        return f"noise: {dropped.reason or 'matches a cleaning rule'}"
    if rules.timestamp and _matches(rules.timestamp, text):
        state.published = state.published or _parse_timestamp(text, rules.timestamp.format)
        if state.published is None:
            diagnostics.warning(
                Origin(raw.path, line.number),
                f"timestamp line does not fit format '{rules.timestamp.format}'",
            )
        return "publication time (shown in the article's metadata)"
    if rules.read_more and (match := _matches(rules.read_more, text)):
        state.read_more.append(match.group("title").strip())
        return "read-more link (kept as a reference)"
    if state.title is None:
        state.title = text
        state.previous = text
        return "headline (shown as the page title)"
    if text == state.previous:
        return "repeated headline" if text == state.title else "repeated line"
    return None


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
