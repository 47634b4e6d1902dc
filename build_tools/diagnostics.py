"""Positions and problems: where a value came from, and messages that point at it.

Every problem a contributor can cause is a `Diagnostic` with an `Origin` (path, 1-based line and
column, as editors and GitHub count). Stages collect diagnostics instead of raising, so that one
run reports every problem at once; `Diagnostics.raise_if_errors` fails once at the end.
"""

from __future__ import annotations

import difflib
import enum
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple


class Severity(enum.Enum):
    """How bad a problem is: errors stop the build, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


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

    def __str__(self) -> str:
        return f"{self.origin}: {self.severity.value}: {self.message}"

    def sort_key(self) -> tuple[str, int, int, str]:
        """Order by file, then position, then text, so output is stable."""
        return (self.origin.path, self.origin.line, self.origin.column, self.message)


@dataclass(slots=True)
class Diagnostics:
    """A collector of problems shared by the stages of one run."""

    items: list[Diagnostic] = field(default_factory=list)
    """Every problem found so far, in the order found."""

    def error(self, origin: Origin, message: str) -> None:
        """Record an error at `origin`."""
        self.items.append(Diagnostic(origin, Severity.ERROR, message))

    def warning(self, origin: Origin, message: str) -> None:
        """Record a warning at `origin`."""
        self.items.append(Diagnostic(origin, Severity.WARNING, message))

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
        """Every problem once, sorted by file and position."""
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


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """Return ` (did you mean 'x'?)` for the closest choice, or an empty string.

    Args:
        value: What the contributor wrote.
        choices: The valid values.

    """
    matches = difflib.get_close_matches(value, sorted(choices), n=1, cutoff=0.6)
    if not matches:
        # Ids are often written as a surname or a shortened form of the registered id.
        matches = sorted(c for c in choices if value and (value in c or c in value))[:1]
    return f" (did you mean '{matches[0]}'?)" if matches else ""


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


def format_github(diagnostics: Iterable[Diagnostic]) -> str:
    """GitHub Actions workflow commands, so problems appear inline on the pull request."""
    lines = []
    for d in diagnostics:
        props = f"file={_github_escape(d.origin.path, property_value=True)},line={d.origin.line},col={d.origin.column}"
        lines.append(f"::{d.severity.value} {props}::{_github_escape(d.message)}")
    return "\n".join(lines)


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
