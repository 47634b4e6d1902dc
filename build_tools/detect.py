"""Detect: a raw article's text, the outlet registry and an optional address in, its likely title, date and outlet out; reads no files.

Used by `archive new` for scrapes of any outlet, including those without cleaning rules. Every
detected value says how it was found, so that the annotator can judge it; the command line's
`--title`, `--published` and `--outlet` override it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from build_tools.model import Outlet

HEADER_LINES = 15
"""How many non-blank lines from the top may hold the headline, byline and date."""

HEADER_LINE_READ = 400
"""Characters of a header line that are read (a headline, byline or date line is far shorter)."""

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)?"
_DATES = (
    re.compile(rf"\b{_WEEKDAY}{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b"),
    re.compile(rf"\b{_WEEKDAY}(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+(?P<year>(?:19|20)\d\d)\b"),
    re.compile(r"(?<![\d/-])(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)(?![\d])"),
    re.compile(r"(?<![\d/-])(?P<year>(?:19|20)\d\d)/(?P<month>\d\d)/(?P<day>\d\d)(?![\d/])"),
)
"""Dates as news pages write them: `Wednesday, April 14, 2010`, `14 April 2010`, `2010-04-14`."""

_DATE_LABEL = re.compile(
    r"^\W*(?P<label>first published|published|posted|updated|last updated|last modified|modified|date)\b\s*(?:on|at)?\s*[:\-–—|]?",
    re.IGNORECASE,
)
_CAPTION = re.compile(
    r"\b(?:photo|photograph|image|picture|video|credit|illustration|pictured|file photo|getty images|shutterstock"
    r"|ap photo|afp|epa|via ap|via reuters)\b|[/|]\s*(?:AP|AFP|Reuters|REUTERS|Getty|EPA)\b|\b(?:AP|AFP|REUTERS|Getty)\s*/",
    re.IGNORECASE,
)
_PROMPT = re.compile(
    r"^\W*(?:sign up|sign in|log in|subscribe|click|tap|share|send|tell us|download|watch|listen|read more|"
    r"related|advertisement|skip to|menu|comments?|join|get the|don'?t miss|donate|more from|recommended|"
    r"trending|most popular|newsletter|email|print|tweet|leave a|see also|also read)\b"
    r"|\b(?:send us|tell us|share (?:your|with us)|let us know|sign up|subscribe|newsletter|cookies?|javascript)\b"
    r"|^\W*(?:do|did|are|have|can|could|would|will|were|got|want)\s+you\b",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"^\W*(?:by|written by|posted by|reporting by|reported by|story by|words by)\s+\S"
    r"|\b(?:staff|senior|chief)?\s*(?:reporter|correspondent|writer|editor|contributor)s?\s*$"
    r"|\S+@\S+\.\w+|\b\d+\s+(?:min(?:ute)?s?|hours?|days?)\s+(?:read|ago)\b",
    re.IGNORECASE,
)
_SECOND_PERSON = re.compile(r"\b(?:you|your|yours)\b", re.IGNORECASE)
_SENTENCES = re.compile(r"[a-z0-9][.!?]\s+[A-Z]")
_WORD = re.compile(r"[\w’'-]+")


@dataclass(frozen=True, slots=True)
class Detected:
    """One detected value and how it was found."""

    value: str
    """The value as it goes into the annotation file."""
    how: str
    """How it was found, for the annotator (`headline line 3`, `--url host www.cnn.com`)."""


@dataclass(frozen=True, slots=True)
class ArticleMetadata:
    """What could be told about a new article; `None` where nothing was found."""

    title: Detected | None
    """The headline."""
    published: Detected | None
    """The publication date, ISO 8601."""
    outlet: Detected | None
    """The outlet id, from the registry."""


def detect_metadata(
    text: str, outlets: Mapping[str, Outlet], url: str | None = None, rules_outlet: str | None = None
) -> ArticleMetadata:
    """The title, date and outlet of a raw article, from its text and, where given, its address.

    Args:
        text: The raw article.
        outlets: The outlet registry.
        url: The article's original address, if known.
        rules_outlet: The outlet the cleaning rules detected, if any: it takes precedence.

    """
    lines = _header_candidates(text)
    title = detect_title(lines, outlets) or (_title_from_url(url) if url else None)
    published = detect_date(text) or (_date_from_url(url) if url else None)
    outlet = (
        Detected(rules_outlet, "the outlet's detection rules")
        if rules_outlet
        else (_outlet_from_url(url, outlets) if url else None) or detect_outlet(text, outlets)
    )
    return ArticleMetadata(title, published, outlet)


def _header_candidates(text: str) -> list[tuple[int, str]]:
    """The first non-blank lines with their 1-based line numbers."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            # Header lines are short; a line of noise 100,000 characters long must cost nothing to reject.
            found.append((number, " ".join(line[:HEADER_LINE_READ].split())))
            if len(found) == HEADER_LINES:
                break
    return found


def detect_title(lines: Sequence[tuple[int, str]], outlet_names: Mapping[str, Outlet]) -> Detected | None:
    """The line that reads like the headline, among the lines above the body.

    A headline is looked for above the first paragraph of prose. A line repeated there wins
    (scrapes often repeat the headline); else the one just above the first date or byline line (the
    page's own header: what stands above it is navigation or an issuer's label); else the first.

    Args:
        lines: Non-blank lines from the top of the article, with their line numbers.
        outlet_names: The outlet registry: a line that is only an outlet's name is not a headline.

    """
    names = {n.casefold() for o in outlet_names.values() for n in (o.name, *o.aliases)}
    header = list(itertools.takewhile(lambda item: not _is_prose(item[1]), lines))
    strong = [(n, line) for n, line in header if title_rejection(line, names) is None]
    if not strong:
        return None
    texts = [line for _, line in header]
    repeated = [(n, line) for n, line in strong if texts.count(line) > 1 and not _SECOND_PERSON.search(line)]
    if repeated:
        number, line = repeated[0]
        return Detected(line, f"headline: line {number}, repeated")
    marker = next((n for n, line in header if _is_date_line(line) or _BYLINE.search(line)), None)
    # A line that addresses the reader is a prompt more often than a headline: used only if nothing else is left.
    plain = [(n, line) for n, line in strong if not _SECOND_PERSON.search(line)] or strong
    above = [(n, line) for n, line in plain if marker is not None and n < marker]
    if above:
        number, line = above[-1]
        return Detected(line, f"headline: line {number}, above the date or byline of line {marker}")
    number, line = plain[0]
    return Detected(line, f"headline: line {number}, the first line that reads like one")


def _is_prose(line: str) -> bool:
    """A paragraph of body text: long, and ending like a sentence."""
    return len(_WORD.findall(line)) >= 20 and bool(re.search(r"[.!?][”\"’')\]]*$", line))


def title_rejection(line: str, outlet_names: frozenset[str] | set[str] = frozenset()) -> str | None:
    """Why a line is not a headline (a caption, a prompt, a byline...), or `None` when it could be one."""
    words = _WORD.findall(line)
    checks: tuple[tuple[Callable[[], bool], str], ...] = (
        (lambda: len(words) < 3, "too short"),
        (lambda: len(words) > 25 or len(line) > 200, "too long"),
        (lambda: bool(re.search(r"(?<!\.\.)[.:,;][”\"’']?$", line)), "ends like a sentence or a label"),
        (lambda: not re.match(r"[\W_]*[A-Z0-9]", line) and not line[:1].isupper(), "does not start with a capital"),
        (lambda: bool(_SENTENCES.search(line)), "holds more than one sentence"),
        (lambda: line.count("|") >= 2 or line.lower().count("icon") >= 3, "navigation"),
        (lambda: bool(_CAPTION.search(line)), "a photo caption or credit"),
        (lambda: bool(_PROMPT.search(line)), "a prompt to the reader"),
        (lambda: bool(_BYLINE.search(line)), "a byline"),
        (lambda: _is_date_line(line), "a date line"),
        (lambda: line.casefold() in outlet_names, "the outlet's name"),
    )
    # In order, stopping at the first that fails: a long line is turned down before any pattern reads it.
    return next((reason for failed, reason in checks if failed()), None)


def _is_date_line(line: str) -> bool:
    if _DATE_LABEL.match(line):
        return True
    match = _date_in(line)
    return match is not None and len(_WORD.findall(line)) <= len(_WORD.findall(match[1])) + 4


def _date_in(text: str) -> tuple[str, str] | None:
    """The first valid date in `text`, as (ISO date, the words it was written in)."""
    found = []
    for pattern in _DATES:
        for match in pattern.finditer(text):
            iso = _iso(match)
            if iso is not None:
                found.append((match.start(), iso, match.group()))
    if not found:
        return None
    _, iso, written = min(found)
    return iso, written


def _iso(match: re.Match[str]) -> str | None:
    month_text = match.group("month")
    month = int(month_text) if month_text.isdigit() else _MONTHS[month_text.lower().rstrip(".")]
    try:
        return dt.date(int(match.group("year")), month, int(match.group("day"))).isoformat()
    except ValueError:
        return None


def detect_date(text: str) -> Detected | None:
    """The publication date: a labelled one (`Published: ...`, before `Updated: ...`), else a line that is mostly a date.

    Dates inside the body's sentences are events, not the publication, and are not used.
    """
    labelled: list[tuple[int, int, str, str]] = []
    plain: list[tuple[int, str, str]] = []
    for number, raw_line in enumerate(text.splitlines(), start=1):
        line = " ".join(raw_line.split())
        # "Updated: April 15 | Published: April 14": each part of a line of metadata on its own.
        for part in re.split(r"\s[|·•]\s", line) if _date_in(line) else ():
            found = _date_in(part)
            label = _DATE_LABEL.match(part)
            if found is not None and label is not None:
                later = any(word in label.group("label").lower() for word in ("updated", "modified"))
                labelled.append((int(later), number, found[0], f"'{label.group('label')}' date on line {number}"))
            elif found is not None and (_is_date_line(part) or len(_WORD.findall(part)) <= 12):
                plain.append((number, found[0], f"date line {number} ('{found[1]}')"))
    if labelled:
        _, _, iso, how = min(labelled)
        return Detected(iso, how)
    if plain:
        _, iso, how = plain[0]
        return Detected(iso, how)
    return None


def detect_outlet(text: str, outlets: Mapping[str, Outlet]) -> Detected | None:
    """A registered outlet the text names as its source: its web address, an `(Outlet) -` dateline, a line of its own.

    A name in the body's sentences ("told CNN", "a Reuters report") is not the publisher, and is not used.
    """
    for outlet_id in sorted(outlets):
        outlet = outlets[outlet_id]
        host = _host(outlet.url) if outlet.url else None
        if host and re.search(rf"(?<![\w.-])(?:www\.)?{re.escape(host)}(?![\w-])", text, re.IGNORECASE):
            return Detected(outlet_id, f"its address '{host}' appears in the text")
    for outlet_id in sorted(outlets):
        how = _named_as_source(text, outlets[outlet_id])
        if how is not None:
            return Detected(outlet_id, how)
    return None


def _named_as_source(text: str, outlet: Outlet) -> str | None:
    for name in sorted({outlet.name, *outlet.aliases}, key=len, reverse=True):
        escaped = re.escape(name)
        if re.search(rf"\({escaped}\)\s*[-–—]|/{escaped}/", text):
            return f"dateline '({name})'"
        line = re.search(
            rf"^[ \t]*(?:©|\(c\)|copyright|source:)?[ \t\d]*{escaped}(?:[ \t]+News)?[ \t]*$",
            text,
            re.IGNORECASE | re.MULTILINE,
        )
        if line is not None:
            return f"a line naming it: '{line.group().strip()}'"
    return None


def _host(url: str) -> str:
    return (urlsplit(url if "//" in url else f"//{url}").hostname or "").removeprefix("www.")


def _outlet_from_url(url: str, outlets: Mapping[str, Outlet]) -> Detected | None:
    host = _host(url)
    for outlet_id in sorted(outlets, key=lambda i: -len(_host(outlets[i].url or ""))):
        known = _host(outlets[outlet_id].url or "")
        if known and (host == known or host.endswith(f".{known}")):
            return Detected(outlet_id, f"the address's host '{host}'")
    return None


def outlet_for_url(url: str, outlets: Mapping[str, Outlet]) -> str | None:
    """The registered outlet whose home page has the host of `url`, if any."""
    found = _outlet_from_url(url, outlets)
    return found.value if found else None


def _date_from_url(url: str) -> Detected | None:
    path = urlsplit(url).path
    match = re.search(r"/(?P<year>(?:19|20)\d\d)[/-]?(?P<month>[01]\d)[/-]?(?P<day>[0-3]\d)(?:/|[-_.]|$)", path)
    if match is None:
        return None
    iso = _iso(match)
    return Detected(iso, f"the date in the address's path ('{match.group().strip('/-_.')}')") if iso else None


def _title_from_url(url: str) -> Detected | None:
    segments = [s for s in urlsplit(url).path.split("/") if s]
    for segment in reversed(segments):
        stem = re.sub(r"\.\w{2,5}$", "", unquote(segment))
        words = [w for w in re.split(r"[-_+]+", stem) if w and not re.fullmatch(r"\d+|[0-9a-f]{6,}|index", w)]
        if len(words) >= 3:
            title = " ".join(words)
            return Detected(title[:1].upper() + title[1:], f"the words of the address ('{segment}'): check it")
    return None
