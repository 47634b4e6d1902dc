"""Positions and problems: where a value came from, and messages that point at it.

Every problem a contributor can cause is a `Diagnostic` with an `Origin` (path, 1-based line and
column, as editors and GitHub count) and the `Stage` that found it. Stages collect diagnostics
instead of raising, so that one run reports every problem at once; `Diagnostics.raise_if_errors`
fails once at the end. Problems are printed root causes first: a file that cannot be read before
a value that does not fit its format, before an id that names nothing, and so on.
"""

from __future__ import annotations

import contextlib
import difflib
import enum
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple


class Severity(enum.Enum):
    """How bad a problem is: errors stop the build, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


class Stage(enum.IntEnum):
    """Which check found a problem, in the order problems are printed: root causes first.

    A mistake found by an early check can make later checks fail too; printing the early ones
    first puts the message to act on at the top (and within GitHub's annotation limits).
    """

    FILE = 1
    """A file cannot be read: its name, size, encoding, YAML syntax, a link out of the repository."""
    SCHEMA = 2
    """A value does not fit its file's format (a missing key, a wrong type, a date that does not exist)."""
    REFERENCE = 3
    """An id names nothing: a speaker, outlet, event, tag, article or claim."""
    TEXT = 4
    """Cleaning and anchoring: the article text and the quotes found in it."""
    LINK = 5
    """The relations between claims contradict each other."""
    PERMALINK = 6
    """A published URL would disappear, or a redirect points nowhere."""


class Origin(NamedTuple):
    """Where a value was written: a repository-relative path and a 1-based position.

    A tuple rather than a dataclass: every YAML value carries one, and tuples are the cheapest
    objects to create, compare and cache.
    """

    path: str
    """Path relative to the repository root, with forward slashes."""
    line: int = 1
    """1-based line number."""
    column: int = 1
    """1-based column number, counted in Unicode code points."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem, ready to print like a compiler message."""

    origin: Origin
    """Where the offending value was written."""
    severity: Severity
    """Whether the problem stops the build."""
    message: str
    """What is wrong, what was expected, and a suggestion where one exists."""
    stage: Stage = Stage.FILE
    """The check that found it; problems are printed by stage first."""

    def __str__(self) -> str:
        return f"{self.origin}: {self.severity.value}: {self.message}"

    def sort_key(self) -> tuple[int, str, int, int, str]:
        """Order by stage (root causes first), then file, then position, then text, so output is stable."""
        return (self.stage, self.origin.path, self.origin.line, self.origin.column, self.message)


@dataclass(slots=True)
class Diagnostics:
    """A collector of problems shared by the stages of one run."""

    items: list[Diagnostic] = field(default_factory=list)
    """Every problem found so far, in the order found."""
    stage: Stage = Stage.FILE
    """The stage problems recorded now belong to (see `in_stage`)."""

    def error(self, origin: Origin, message: str) -> None:
        """Record an error at `origin`."""
        self.items.append(Diagnostic(origin, Severity.ERROR, message, self.stage))

    def warning(self, origin: Origin, message: str) -> None:
        """Record a warning at `origin`."""
        self.items.append(Diagnostic(origin, Severity.WARNING, message, self.stage))

    @contextlib.contextmanager
    def in_stage(self, stage: Stage) -> Iterator[None]:
        """Record the problems found inside the `with` block as found by `stage`.

        The stages that report (clean, anchor, link) need not know how problems are ordered: the
        pipeline says which stage it is running.
        """
        saved = self.stage
        self.stage = stage
        try:
            yield
        finally:
            self.stage = saved

    def extend(self, other: Iterable[Diagnostic]) -> None:
        """Add problems found elsewhere."""
        self.items.extend(other)

    @property
    def errors(self) -> list[Diagnostic]:
        """The problems that stop the build."""
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        """The problems that do not stop the build."""
        return [d for d in self.items if d.severity is Severity.WARNING]

    def sorted(self) -> list[Diagnostic]:
        """Every problem once, root causes first, then by file and position."""
        return sorted(set(self.items), key=Diagnostic.sort_key)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.sorted())

    def __len__(self) -> int:
        return len(self.items)

    def raise_if_errors(self) -> None:
        """Fail once, with every problem, if any error was recorded.

        Raises:
            ArchiveError: when at least one error was recorded.

        """
        if self.errors:
            raise ArchiveError(self.sorted())


class ArchiveError(Exception):
    """The inputs have errors; carries every diagnostic so callers can print them all."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
        summary = f"{errors} error{'s' if errors != 1 else ''} in the archive's inputs"
        super().__init__("\n".join([*map(str, diagnostics), summary]))


def closest(value: str, choices: Iterable[str]) -> str | None:
    """The choice `value` was most likely meant to be, if any is close enough.

    Args:
        value: What the contributor wrote.
        choices: The valid values.

    """
    ordered = sorted(choices)
    matches = difflib.get_close_matches(value, ordered, n=1, cutoff=0.6)
    if not matches:
        # Ids are often written as a surname or a shortened form of the registered id.
        matches = [c for c in ordered if value and (value in c or c in value)][:1]
    return matches[0] if matches else None


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """Return ` (did you mean 'x'?)` for the closest choice, or an empty string.

    Args:
        value: What the contributor wrote.
        choices: The valid values.

    """
    match = closest(value, choices)
    return f" (did you mean '{match}'?)" if match is not None else ""


def format_text(diagnostics: Iterable[Diagnostic]) -> str:
    """Compiler-style lines, one per problem, plus a count."""
    items = list(diagnostics)
    lines = [str(d) for d in items]
    errors = sum(1 for d in items if d.severity is Severity.ERROR)
    warnings = len(items) - errors
    lines.append(f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}")
    return "\n".join(lines)


def _github_escape(text: str, *, property_value: bool = False) -> str:
    # GitHub's workflow-command escaping: %, CR and LF always; ':' and ',' inside properties.
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


GITHUB_ANNOTATIONS = 10
"""GitHub shows at most this many error annotations, and as many warnings, per step."""

GITHUB_SUMMARY_BYTES = 1024 * 1024
"""GitHub keeps at most this much of a step's job summary (`GITHUB_STEP_SUMMARY`)."""


def format_github(diagnostics: Iterable[Diagnostic], *, summary: bool = False) -> str:
    """GitHub Actions workflow commands, so problems appear inline on the pull request.

    GitHub drops annotations beyond 10 errors and 10 warnings per step, so only that many are
    printed (root causes first, as sorted), then a notice saying how many more there are.

    Args:
        diagnostics: The problems, sorted.
        summary: Whether every problem was also written to the job summary.

    """
    lines = []
    hidden: list[Diagnostic] = []
    shown = dict.fromkeys(Severity, 0)
    for d in diagnostics:
        if shown[d.severity] == GITHUB_ANNOTATIONS:
            hidden.append(d)
            continue
        shown[d.severity] += 1
        props = f"file={_github_escape(d.origin.path, property_value=True)},line={d.origin.line},col={d.origin.column}"
        lines.append(f"::{d.severity.value} {props}::{_github_escape(d.message)}")
    if hidden:
        errors = sum(1 for d in hidden if d.severity is Severity.ERROR)
        where = "every problem is listed in the job summary" if summary else "run `archive check` to see every problem"
        lines.append(
            f"::notice::{len(hidden)} more {_plural(len(hidden), 'problem')} ({_count(errors, len(hidden) - errors)}) "
            f"not annotated here: GitHub shows at most {GITHUB_ANNOTATIONS} errors and {GITHUB_ANNOTATIONS} "
            f"warnings per step; {where}"
        )
    return "\n".join(lines)


def _plural(count: int, word: str) -> str:
    return word if count == 1 else word + "s"


def _count(errors: int, warnings: int) -> str:
    return f"{errors} {_plural(errors, 'error')}, {warnings} {_plural(warnings, 'warning')}"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~@#!])")


def _markdown_text(text: str) -> str:
    """Text shown literally in Markdown: contributors' values cannot become markup or mentions."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text.replace("\r", " ").replace("\n", " "))


def _code_span(text: str, limit: int = 200) -> str:
    """`text` as a Markdown code span, whatever backticks it holds, clipped to `limit` characters."""
    text = text.replace("\t", "\u2192").rstrip()
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


_WHOLE_FILE = re.compile(r"(article |annotation )?file ")


def _whole_file(d: Diagnostic) -> bool:
    """Whether a problem is about a whole file (its size, line ends, name): no line of it to quote."""
    return d.origin.line == d.origin.column == 1 and _WHOLE_FILE.match(d.message) is not None


def format_github_summary(
    diagnostics: Iterable[Diagnostic],
    source_line: Callable[[Origin], str | None],
    limit: int = GITHUB_SUMMARY_BYTES,
) -> str:
    """Every problem as Markdown for the job summary: a heading per file, the offending line quoted.

    Args:
        diagnostics: The problems, sorted (root causes first).
        source_line: The text of the line an origin points at, if it can be shown.
        limit: Most bytes (UTF-8) the summary may take (GitHub's 1 MiB less what the step wrote
            before); the problems that do not fit are left out, with a note saying how many.

    """
    items = list(diagnostics)
    errors = sum(1 for d in items if d.severity is Severity.ERROR)
    header = f"## archive check: {_count(errors, len(items) - errors)}\n"
    if not items:
        return header
    # Files in the order of their first problem (root causes first); each file's problems by line.
    by_file: dict[str, list[Diagnostic]] = {}
    for d in items:
        by_file.setdefault(d.origin.path, []).append(d)
    for problems in by_file.values():
        problems.sort(key=lambda d: (d.origin.line, d.origin.column))
    parts = [header]
    size = len(header.encode())
    # Room for the note that says what was left out.
    budget = limit - 400
    written = 0
    for path, problems in by_file.items():
        block = [f"\n### {_code_span(path, limit=500)}\n\n"]
        for d in problems:
            line = None if _whole_file(d) else source_line(d.origin)
            quoted = f"<br>{_code_span(line)}" if line is not None and line.strip() else ""
            block.append(
                f"- {d.origin.line}:{d.origin.column} **{d.severity.value}** {_markdown_text(d.message)}{quoted}\n"
            )
        for piece in block:
            if size + len(piece.encode()) > budget:
                left = len(items) - written
                parts.append(
                    f"\n*{left} more {_plural(left, 'problem')} not shown: a job summary holds at most "
                    "1 MiB; run `archive check` to see every problem.*\n"
                )
                return "".join(parts)
            parts.append(piece)
            size += len(piece.encode())
            written += piece.startswith("- ")
    return "".join(parts)


def format_json(diagnostics: Iterable[Diagnostic]) -> str:
    """A JSON document for tools: a list of problems with their positions."""
    items = [
        {
            "path": d.origin.path,
            "line": d.origin.line,
            "column": d.origin.column,
            "severity": d.severity.value,
            "message": d.message,
        }
        for d in diagnostics
    ]
    errors = sum(1 for i in items if i["severity"] == "error")
    return json.dumps(
        {"errors": errors, "warnings": len(items) - errors, "diagnostics": items},
        ensure_ascii=False,
        indent=2,
    )
