"""Bad inputs from strangers: every one gives clear compiler-style messages, never a traceback or a hang.

Each case of the catalogue replaces (or adds) files of the tiny archive (`tests/conftest.py`) and
pins every line its mistake adds to what `archive check` prints: `path:line:col: severity:
message`. Most cases edit the annotation file of the tiny archive's unannotated article
(`QUIET`), written out in full below so that the expected line and column can be read off the
case itself.

Where the exact wording is open, the expectation is a regular expression (`should`).
"""

from __future__ import annotations

import json
import re
import resource
import subprocess
import sys
import textwrap
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

import pytest

from build_tools.cli import main
from build_tools.pipeline import run_pipeline
from tests.conftest import TINY_FILES, write_tree

ARCHIVE = Path(sys.executable).with_name("archive")
"""The installed command, for the runs that must prove there is no traceback in a real process."""

TIME_LIMIT = 5.0
"""CPU seconds any single check may take on the tiny archive, whatever the input.

CPU time, not wall time: a catastrophic input (an alias bomb, a backtracking pattern, deep
nesting) costs minutes of CPU, while a busy machine only stretches the wall clock.
"""

# --------------------------------------------------------------------------------------------
# The files cases start from
# --------------------------------------------------------------------------------------------

QUIET = "annotations/articles/herald-2020-01-03-unannotated.yml"
"""The annotation file most cases write: the tiny archive's unannotated article gets one."""
QUIET_TXT = "articles/herald-2020-01-03-unannotated.txt"
"""Its raw article: "Quiet day", a blank line, "Nothing happened today."."""
DAILY = "annotations/articles/daily-2020-01-01-budget.yml"
HERALD = "annotations/articles/herald-2020-01-02-budget.yml"
SPEAKERS = "annotations/speakers.yml"
OUTLETS = "annotations/outlets.yml"
EVENTS = "annotations/events.yml"
TAGS = "annotations/tags.yml"

QUIET_YML = """\
article:
  outlet: herald
  published: "2020-01-03"
claims:
  - id: nothing
    quote: Nothing happened today.
    kind: assertion
    summary: The paper reports a quiet day.
"""
"""A valid annotation of QUIET_TXT: 8 lines, so text added after it starts at line 9."""


def quiet(*lines: str) -> str:
    """QUIET_YML with lines appended (indent 4 to continue the claim, 0 for a top-level key)."""
    return QUIET_YML + "".join(line + "\n" for line in lines)


def quiet_with(old: str, new: str) -> str:
    """QUIET_YML with one piece of text replaced."""
    assert old in QUIET_YML, old
    return QUIET_YML.replace(old, new, 1)


def registry(path: str, *lines: str) -> str:
    """A registry of the tiny archive with entries appended.

    The registries have 13 (speakers), 18 (outlets), 4 (events) and 5 (tags) lines, so appended
    text starts at line 14, 19, 5 and 6.
    """
    return textwrap.dedent(TINY_FILES[path]) + "".join(line + "\n" for line in lines)


@dataclass(frozen=True)
class OutsideLink:
    """A symbolic link to a file outside the repository, holding `text`."""

    text: str


@dataclass(frozen=True)
class LoopLink:
    """A symbolic link to itself."""


PWNED = "@PWNED@"
"""Replaced by a path inside the test's folder: a command in a YAML tag would create that file."""

FileContent = str | bytes | OutsideLink | LoopLink


@dataclass(frozen=True)
class Case:
    """One bad input and every line `archive check` must print for it (the count line aside)."""

    name: str
    files: dict[str, FileContent]
    expected: tuple[str | re.Pattern[str], ...]
    status: int = 1


def error(path: str, line: int, column: int, message: str) -> str:
    return f"{path}:{line}:{column}: error: {message}"


def warning(path: str, line: int, column: int, message: str) -> str:
    return f"{path}:{line}:{column}: warning: {message}"


def should(path: str, line: int, column: int, severity: str, message: str) -> re.Pattern[str]:
    """What a message should look like where the product is wrong today: exact place, message as a regex."""
    return re.compile(re.escape(f"{path}:{line}:{column}: {severity}: ") + message)


def write_files(root: Path, files: dict[str, FileContent], outside: Path) -> None:
    """Replace or add files under `root`; text is written byte for byte as UTF-8."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink() or path.exists():
            path.unlink()
        if isinstance(content, OutsideLink):
            target = outside / path.name
            target.write_text(content.text, encoding="utf-8")
            path.symlink_to(target)
        elif isinstance(content, LoopLink):
            path.symlink_to(path)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.replace(PWNED, str(root / "pwned")).encode("utf-8"))


def run_check(root: Path, capsys: pytest.CaptureFixture[str], *options: str) -> tuple[int, str, str, float]:
    """`archive check` in-process: (exit status, stdout, stderr, CPU seconds); a raised exception fails the test."""
    start = time.process_time()
    try:
        status = main(["--root", str(root), "check", *options])
    except Exception:  # noqa: BLE001 - any exception here is the bug being reported
        pytest.fail("archive check raised instead of reporting a diagnostic:\n" + traceback.format_exc())
    elapsed = time.process_time() - start
    out, err = capsys.readouterr()
    return status, out, err, elapsed


def without_baseline(lines: list[str], baseline: list[str]) -> list[str]:
    """The lines a mistake adds: `lines` without (one occurrence of) each line the unmodified archive prints."""
    left = list(baseline)
    kept = []
    for line in lines:
        if line in left:
            left.remove(line)
        else:
            kept.append(line)
    return kept


def matches(line: str, expected: str | re.Pattern[str]) -> bool:
    return line == expected if isinstance(expected, str) else expected.fullmatch(line) is not None


def all_match(lines: list[str], expected: tuple[str | re.Pattern[str], ...]) -> bool:
    """Whether the printed lines are exactly the expected ones, in order."""
    return len(lines) == len(expected) and all(matches(line, want) for line, want in zip(lines, expected, strict=True))


# --------------------------------------------------------------------------------------------
# The catalogue
# --------------------------------------------------------------------------------------------

ALIAS_BOMB = "".join(
    f"- &{name} [{', '.join([previous] * 9)}]\n"
    for name, previous in zip("abcdefghi", ["lol", *("*" + c for c in "abcdefgh")], strict=True)
)
"""'Billion laughs': nine levels of nine aliases each (9**9 strings if expanded)."""

NOT_A_DATE = "expected an ISO 8601 date (YYYY-MM-DD) or datetime with offset, got"
NOT_A_URL = "expected an http or https URL, got"
BAD_ID = "(expected lowercase letters, digits and hyphens, starting with a letter or digit)"
OUTSIDE = "file is a link to a place outside the repository; copy the file in instead"
TOP_KEYS = "(expected one of: article, cleaning, claims, references, notes)"
RATINGS = "true, mostly-true, mixed, misleading, mostly-false, false, unverifiable"
TAB = "is indented with a tab; YAML indents with spaces only: replace the tab with spaces"

CASES = [
    # ---- YAML syntax ------------------------------------------------------------------------
    Case(
        "tab-indentation",
        {QUIET: "article:\n\toutlet: herald\n"},
        (error(QUIET, 2, 1, f"YAML syntax error: line 2 {TAB}"),),
    ),
    Case(
        "tab-inside-a-mapping",
        {QUIET: "article:\n  outlet: herald\n\tpublished: '2020-01-03'\n"},
        (error(QUIET, 3, 1, f"YAML syntax error: line 3 {TAB}"),),
    ),
    Case(
        "unclosed-double-quote",
        {QUIET: 'article:\n  title: "Quiet day\n  outlet: herald\n'},
        # Noticed at the end of the file, reported where the quote opens.
        (error(QUIET, 2, 10, "YAML syntax error: this quoted text is never closed; add the closing quote"),),
    ),
    Case(
        "bad-indentation",
        {QUIET: "article:\n  outlet: herald\n published: '2020-01-03'\n"},
        (
            error(
                QUIET,
                3,
                2,
                "YAML syntax error: line 3 is indented less than the block above it (column 2; 'outlet:' on line 2 "
                "is at column 3): indent it to column 3 to continue that block, or to column 1 (like 'article:' on line 1)",
            ),
        ),
    ),
    Case(
        "bad-indentation-in-a-list",
        {QUIET: "claims:\n  - id: nothing\n     quote: Nothing happened today.\n"},
        (
            error(
                QUIET,
                3,
                6,
                "YAML syntax error: line 3 is indented more than the block it belongs to (column 6; 'id:' on line 2 "
                "is at column 5): indent it to column 5",
            ),
        ),
    ),
    Case(
        "second-yaml-document",
        {QUIET: quiet("---", "notes: a second document")},
        (
            error(
                QUIET,
                9,
                1,
                "YAML syntax error: a second YAML document starts here, but a file holds only one; remove this '---' line",
            ),
        ),
    ),
    Case(
        "control-character",
        {QUIET: 'notes: "a\x07b"\n'},
        (error(QUIET, 1, 10, "file contains the control character U+0007, which YAML does not allow; remove it"),),
    ),
    Case(
        "empty-annotation-file",
        {QUIET: ""},
        (error(QUIET, 1, 1, "annotation file is empty; expected a mapping with 'claims'"),),
    ),
    Case(
        "annotation-file-with-only-a-comment",
        {QUIET: "# claims to come\n"},
        (error(QUIET, 1, 1, "annotation file is empty; expected a mapping with 'claims'"),),
    ),
    Case(
        "oversized-annotation-file",
        {QUIET: "notes: " + "x" * (1_000_001 - len("notes: \n")) + "\n"},
        (error(QUIET, 1, 1, "file is 1,000,001 bytes; the limit is 1,000,000"),),
    ),
    Case(
        "annotation-file-not-utf8",
        {QUIET: QUIET_YML.encode() + b"notes: caf\xe9\n"},
        (error(QUIET, 9, 11, "file is not valid UTF-8 (byte 0xe9 is 'é' in Latin-1/Windows-1252); save it as UTF-8"),),
    ),
    Case(
        "annotation-file-in-utf16",
        {QUIET: QUIET_YML.encode("utf-16")},
        (error(QUIET, 1, 1, "file is UTF-16, not UTF-8; save it as UTF-8"),),
    ),
    Case(
        "annotation-file-with-byte-order-mark",
        {QUIET: b"\xef\xbb\xbf" + QUIET_YML.encode()},
        (warning(QUIET, 1, 1, "file starts with a byte-order mark; it is ignored"),),
        status=0,
    ),
    Case(
        "annotation-file-with-crlf",
        {QUIET: QUIET_YML.replace("\n", "\r\n")},
        (warning(QUIET, 1, 1, "file has Windows (CRLF) line ends; they are read as LF"),),
        status=0,
    ),
    Case(
        "alias-bomb",
        {QUIET: ALIAS_BOMB},
        # One message per reused anchor, at its first alias; the file is not checked further.
        (
            *(
                error(
                    QUIET,
                    n + 1,
                    7,
                    f"YAML alias '*{a}' is not allowed; write the value out instead (it repeats '&{a}' from line {n}; "
                    f"'*{a}' is also used 8 more times, at line {n + 1})",
                )
                for n, a in enumerate("abcdefgh", start=1)
            ),
            error(QUIET, 1, 1, "expected a mapping (annotation file), got a list"),
        ),
    ),
    Case(
        "python-object-apply-tag",
        {QUIET: quiet(f'notes: !!python/object/apply:os.system ["echo pwned > {PWNED}"]')},
        (
            error(
                QUIET,
                9,
                8,
                "YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed; only plain values, lists and mappings are",
            ),
        ),
    ),
    Case(
        "python-name-tag",
        {QUIET: quiet("notes: !!python/name:os.system")},
        (
            error(
                QUIET,
                9,
                8,
                "YAML tag 'tag:yaml.org,2002:python/name:os.system' is not allowed; only plain values, lists and mappings are",
            ),
        ),
    ),
    Case(
        "python-object-new-tag-as-the-whole-file",
        {QUIET: f'!!python/object/new:subprocess.check_output [["sh", "-c", "echo pwned > {PWNED}"]]\n'},
        (
            error(
                QUIET,
                1,
                1,
                "YAML tag 'tag:yaml.org,2002:python/object/new:subprocess.check_output' is not allowed; only plain values, lists and mappings are",
            ),
        ),
    ),
    Case(
        "nesting-deeper-than-the-limit",
        {QUIET: quiet("notes: " + "[" * 40 + "]" * 40)},
        # Refused before parsing (libyaml recurses and deep nesting can crash it), so nothing else is checked.
        (error(QUIET, 9, 40, "YAML is nested more than 32 levels deep"),),
    ),
    # ---- Shapes and types -------------------------------------------------------------------
    Case(
        "list-where-a-mapping-is-expected",
        {QUIET: "article:\n  - outlet: herald\n"},
        (error(QUIET, 2, 3, "expected a mapping (article metadata), got a list"),),
    ),
    Case(
        "whole-file-is-a-list",
        {QUIET: "- id: nothing\n"},
        (error(QUIET, 1, 1, "expected a mapping (annotation file), got a list"),),
    ),
    Case(
        "mapping-where-a-list-is-expected",
        {QUIET: "claims:\n  id: nothing\n"},
        (error(QUIET, 2, 3, "expected a list, got a mapping"),),
    ),
    Case(
        "number-for-summary",
        {QUIET: quiet_with("summary: The paper reports a quiet day.", "summary: 42")},
        (error(QUIET, 8, 14, "expected text, got an int"),),
    ),
    Case(
        "mapping-for-quote",
        {QUIET: quiet_with("quote: Nothing happened today.", "quote: {text: Nothing happened today.}")},
        (error(QUIET, 6, 12, "expected text, got a mapping"),),
    ),
    Case(
        "string-for-tags",
        {QUIET: quiet("    tags: budget")},
        (error(QUIET, 9, 11, "expected a list, got text"),),
    ),
    Case(
        "list-for-speaker",
        {QUIET: quiet("    speaker: [jane-roe]")},
        (error(QUIET, 9, 14, "expected speaker id or a mapping (unnamed speaker), got a list"),),
    ),
    Case(
        "missing-quote",
        {QUIET: quiet_with("    quote: Nothing happened today.\n", "")},
        (error(QUIET, 5, 5, "missing required key 'quote' in claim"),),
    ),
    Case(
        "missing-kind",
        {QUIET: quiet_with("    kind: assertion\n", "")},
        (error(QUIET, 5, 5, "missing required key 'kind' in claim"),),
    ),
    Case(
        "missing-summary",
        {QUIET: quiet_with("    summary: The paper reports a quiet day.\n", "")},
        (error(QUIET, 5, 5, "missing required key 'summary' in claim"),),
    ),
    Case(
        "misspelled-quote-key",
        {QUIET: quiet_with("quote:", "qoute:")},
        # The misspelt key is the mistake: 'quote' is not reported missing as well.
        (error(QUIET, 6, 5, "unknown key 'qoute' in claim (did you mean 'quote'?)"),),
    ),
    Case(
        "misspelled-summary-key",
        {QUIET: quiet_with("summary:", "sumary:")},
        (error(QUIET, 8, 5, "unknown key 'sumary' in claim (did you mean 'summary'?)"),),
    ),
    Case(
        "unknown-top-level-key-close-to-a-known-one",
        {QUIET: quiet("note: A misspelled notes key.")},
        (error(QUIET, 9, 1, "unknown key 'note' in annotation file (did you mean 'notes'?)"),),
    ),
    Case(
        "unknown-top-level-key",
        {QUIET: quiet("comments: Not a field.")},
        (error(QUIET, 9, 1, f"unknown key 'comments' in annotation file {TOP_KEYS}"),),
    ),
    Case(
        "duplicate-key",
        {QUIET: quiet("    kind: direct")},
        (error(QUIET, 9, 5, "duplicate key 'kind' (first written at line 7)"),),
    ),
    Case(
        "duplicate-claim-id",
        {QUIET: quiet("  - id: nothing", "    quote: happened today", "    kind: assertion", "    summary: Again.")},
        (error(QUIET, 9, 9, "duplicate claim id 'nothing' (first used at line 5)"),),
    ),
    Case(
        "unknown-claim-kind",
        {QUIET: quiet_with("kind: assertion", "kind: quote")},
        (error(QUIET, 7, 11, "'quote' is not one of direct, indirect, assertion"),),
    ),
    Case(
        "claim-id-not-a-slug",
        {QUIET: quiet_with("id: nothing", "id: Nothing")},
        (error(QUIET, 5, 9, "expected an id (lowercase letters, digits and hyphens), got 'Nothing'"),),
    ),
    Case(
        "unknown-relation-type",
        {QUIET: quiet("    relations:", "      - same_as: daily-2020-01-01-budget#talks-failed")},
        (
            error(
                QUIET,
                10,
                9,
                "unknown relation type 'same_as' (did you mean 'same-as'?) (expected one of: same-as, repeats, contradicts, refutes, supports, responds-to)",
            ),
        ),
    ),
    Case(
        "relation-target-without-hash",
        {QUIET: quiet("    relations:", "      - supports: daily-2020-01-01-budget")},
        # A bare id names a claim of the same article; this one names an article.
        (
            error(
                QUIET,
                10,
                9,
                "unknown claim 'daily-2020-01-01-budget' in this article; 'daily-2020-01-01-budget' is an article: "
                "a relation points at one of its claims ('daily-2020-01-01-budget#<claim-id>'), an article-level link "
                "goes under 'references:'",
            ),
        ),
    ),
    Case(
        "unknown-reference-type",
        {QUIET: quiet("references:", "  - same-events: herald-2020-01-02-budget")},
        (
            error(
                QUIET,
                10,
                5,
                "unknown reference type 'same-events' (did you mean 'same-event'?) (expected one of: same-event, follow-up, cites, responds-to, read-more)",
            ),
        ),
    ),
    Case(
        "reference-that-climbs-out-of-the-repository",
        {QUIET: quiet("references:", "  - cites: ../../etc/passwd")},
        (error(QUIET, 10, 12, "expected an article id, got '../../etc/passwd'"),),
    ),
    Case(
        "text-longer-than-the-limit",
        {QUIET: quiet("notes: " + "y" * 20_001)},
        (error(QUIET, 9, 8, "text is 20,001 characters long; the limit is 20,000"),),
    ),
    Case(
        "list-longer-than-the-limit",
        {QUIET: quiet("    tags: [" + ", ".join(["budget"] * 51) + "]")},
        (error(QUIET, 9, 11, "list has 51 items; the limit is 50"),),
    ),
    Case(
        "unknown-review-rating",
        {QUIET: quiet("    review:", "      rating: wrong", "      explanation: It is not.")},
        (error(QUIET, 10, 15, f"'wrong' is not one of {RATINGS}"),),
    ),
    Case(
        "rating-false-written-without-quotes",
        {QUIET: quiet("    review:", "      rating: false", "      explanation: Something did happen.")},
        # `false` is one of the ratings the specification lists, though YAML reads it as a boolean.
        (),
        status=0,
    ),
    Case(
        "rating-no-is-not-a-verdict",
        {QUIET: quiet("    review:", "      rating: no", "      explanation: Nothing to rate.")},
        # YAML 1.1 reads `no` as the boolean false: the words as written are checked, not the boolean.
        (error(QUIET, 10, 15, f"'no' is not one of {RATINGS}"),),
    ),
    # ---- References between files -------------------------------------------------------------
    Case(
        "unknown-speaker",
        {QUIET: quiet("    speaker: roe")},
        (error(QUIET, 9, 14, "unknown speaker 'roe' (did you mean 'jane-roe'?)"),),
    ),
    Case(
        "unknown-outlet",
        {QUIET: quiet_with("outlet: herald", "outlet: harold")},
        (error(QUIET, 2, 11, "unknown outlet 'harold' (did you mean 'herald'?)"),),
    ),
    Case(
        "unknown-event",
        {QUIET: quiet_with('published: "2020-01-03"', 'published: "2020-01-03"\n  event: budget-2021')},
        (error(QUIET, 4, 10, "unknown event 'budget-2021' (did you mean 'budget-2020'?)"),),
    ),
    Case(
        "unknown-tag",
        {QUIET: quiet("    tags:", "      - budget", "      - pension")},
        (error(QUIET, 11, 9, "unknown tag 'pension' (did you mean 'pensions'?)"),),
    ),
    Case(
        "unknown-affiliation-of-an-unnamed-speaker",
        {QUIET: quiet("    speaker:", "      unnamed: a source close to the paper", "      affiliation: herald")},
        (
            error(
                QUIET,
                11,
                20,
                "unknown speaker 'herald' ('herald' is an outlet; speakers are declared in annotations/speakers.yml)",
            ),
        ),
    ),
    Case(
        "relation-to-itself",
        {QUIET: quiet("    relations:", "      - supports: herald-2020-01-03-unannotated#nothing")},
        (error(QUIET, 10, 9, "claim 'nothing' cannot relate to itself"),),
    ),
    Case(
        "relation-to-a-missing-claim",
        {QUIET: quiet("    relations:", "      - supports: daily-2020-01-01-budget#talk-failed")},
        (
            error(
                QUIET,
                10,
                9,
                "unknown claim 'talk-failed' in article 'daily-2020-01-01-budget' (did you mean 'talks-failed'?)",
            ),
        ),
    ),
    Case(
        "relation-to-a-missing-article",
        {QUIET: quiet("    relations:", "      - supports: daily-2020-01-01-budgit#talks-failed")},
        (
            error(
                QUIET,
                10,
                9,
                "unknown article 'daily-2020-01-01-budgit' in 'daily-2020-01-01-budgit#talks-failed' (did you mean 'daily-2020-01-01-budget'?)",
            ),
        ),
    ),
    Case(
        "same-as-inside-one-article",
        {
            QUIET: quiet(
                "  - id: happened",
                "    quote: happened today",
                "    kind: assertion",
                "    summary: Again.",
                "    relations:",
                "      - same-as: herald-2020-01-03-unannotated#nothing",
            )
        },
        (error(QUIET, 14, 9, "same-as links appearances in different articles; within one article use 'repeats'"),),
    ),
    Case(
        "article-references-itself",
        {QUIET: quiet("references:", "  - same-event: herald-2020-01-03-unannotated")},
        (error(QUIET, 10, 5, "an article cannot reference itself"),),
    ),
    Case(
        "reference-to-a-missing-article",
        {QUIET: quiet("references:", "  - same-event: herald-2020-01-02-budgt")},
        (error(QUIET, 10, 17, "unknown article 'herald-2020-01-02-budgt' (did you mean 'herald-2020-01-02-budget'?)"),),
    ),
    # ---- Dates -------------------------------------------------------------------------------
    Case(
        "february-30",
        {QUIET: quiet_with('"2020-01-03"', '"2020-02-30"')},
        (error(QUIET, 3, 14, "'2020-02-30' is not a real date (February 2020 has 29 days)"),),
    ),
    Case(
        "date-in-words",
        {QUIET: quiet_with('"2020-01-03"', "yesterday")},
        (error(QUIET, 3, 14, f"{NOT_A_DATE} 'yesterday'"),),
    ),
    Case(
        "month-13",
        {QUIET: quiet_with('"2020-01-03"', "2020-13-01")},
        (error(QUIET, 3, 14, "'2020-13-01' is not a real date (there is no month 13)"),),
    ),
    Case(
        "datetime-without-offset",
        {QUIET: quiet_with('"2020-01-03"', '"2020-01-03T10:00:00"')},
        (error(QUIET, 3, 14, f"{NOT_A_DATE} '2020-01-03T10:00:00'"),),
    ),
    Case(
        "event-ends-before-it-starts",
        {EVENTS: registry(EVENTS, "later:", "  title: Later talks", "  date: 2020-02-01", "  end_date: 2020-01-15")},
        (error(EVENTS, 8, 13, "end_date 2020-01-15 is before date 2020-02-01"),),
    ),
    # ---- URLs ----------------------------------------------------------------------------------
    Case(
        "javascript-url",
        {QUIET: quiet_with('published: "2020-01-03"', 'published: "2020-01-03"\n  url: javascript:alert(1)')},
        (error(QUIET, 4, 8, f"{NOT_A_URL} 'javascript:alert(1)'"),),
    ),
    Case(
        "data-url-as-archived-copy",
        {
            QUIET: quiet_with(
                'published: "2020-01-03"',
                'published: "2020-01-03"\n  archived_url: "data:text/html,<script>alert(1)</script>"',
            )
        },
        (error(QUIET, 4, 17, f"{NOT_A_URL} 'data:text/html,<script>alert(1)</script>'"),),
    ),
    Case(
        "ftp-url-as-review-source",
        {
            QUIET: quiet(
                "    review:",
                "      rating: mixed",
                "      explanation: Partly.",
                "      sources: [ftp://files.example.org/x]",
            )
        },
        (error(QUIET, 12, 17, f"{NOT_A_URL} 'ftp://files.example.org/x'"),),
    ),
    Case(
        "protocol-relative-url-of-an-external-source",
        {QUIET: quiet("    relations:", "      - refutes: {title: A report, url: //evil.example/report}")},
        (error(QUIET, 10, 41, f"{NOT_A_URL} '//evil.example/report'"),),
    ),
    Case(
        "javascript-url-in-speaker-links",
        {
            SPEAKERS: registry(
                SPEAKERS, "extra:", "  name: Extra Person", "  type: person", "  links: [javascript:alert(1)]"
            )
        },
        (error(SPEAKERS, 17, 11, f"{NOT_A_URL} 'javascript:alert(1)'"),),
    ),
    Case(
        "data-url-as-outlet-home-page",
        {OUTLETS: registry(OUTLETS, "bad:", "  name: Bad", "  url: data:text/html,x")},
        (error(OUTLETS, 21, 8, f"{NOT_A_URL} 'data:text/html,x'"),),
    ),
    # ---- Registries ----------------------------------------------------------------------------
    Case(
        "speaker-without-name",
        {SPEAKERS: registry(SPEAKERS, "extra:", "  type: person")},
        (error(SPEAKERS, 15, 3, "missing required key 'name' in speaker"),),
    ),
    Case(
        "unknown-organization-in-a-role",
        {
            SPEAKERS: registry(
                SPEAKERS,
                "extra:",
                "  name: Extra Person",
                "  type: person",
                "  roles:",
                "    - {title: Aide}",
                "    - {title: Chief, organization: finance-ministri}",
            )
        },
        (error(SPEAKERS, 19, 36, "unknown speaker 'finance-ministri' (did you mean 'finance-ministry'?)"),),
    ),
    Case(
        "registry-id-not-a-slug",
        {SPEAKERS: registry(SPEAKERS, "Extra_Person:", "  name: Extra Person", "  type: person")},
        (error(SPEAKERS, 14, 1, "'Extra_Person' is not a valid id (expected lowercase letters, digits and hyphens)"),),
    ),
    Case(
        "duplicate-registry-id",
        {TAGS: registry(TAGS, "budget:", "  title: Budget again")},
        (error(TAGS, 6, 1, "duplicate key 'budget' (first written at line 1)"),),
    ),
    Case(
        "country-code-no-written-without-quotes",
        {OUTLETS: registry(OUTLETS, "norsk:", "  name: Norsk Avis", "  country: NO")},
        # Norway's code, though YAML 1.1 reads it as a boolean: the text as written is checked.
        (),
        status=0,
    ),
    # ---- Cleaning rules (RE2) --------------------------------------------------------------------
    Case(
        "regex-with-unclosed-group",
        {OUTLETS: registry(OUTLETS, "bad:", "  name: Bad", "  cleaning:", "    drop_lines: ['(unclosed']")},
        (error(OUTLETS, 22, 18, "invalid regular expression: missing ): (unclosed"),),
    ),
    Case(
        "regex-with-backreference",
        {
            OUTLETS: registry(
                OUTLETS,
                "bad:",
                "  name: Bad",
                "  cleaning:",
                "    drop_lines:",
                "      - {pattern: '(a)\\1', reason: doubled}",
            )
        },
        (error(OUTLETS, 23, 19, "invalid regular expression: invalid escape sequence: \\1"),),
    ),
    Case(
        "dateline-pattern-without-place-group",
        {OUTLETS: registry(OUTLETS, "bad:", "  name: Bad", "  cleaning:", "    dateline: '^([A-Z]+), '")},
        (error(OUTLETS, 22, 15, "pattern needs a named group (?P<place>...)"),),
    ),
    Case(
        "read-more-pattern-without-title-group",
        {OUTLETS: registry(OUTLETS, "bad:", "  name: Bad", "  cleaning:", "    read_more: '^READ MORE: (.+)$'")},
        (error(OUTLETS, 22, 16, "pattern needs a named group (?P<title>...)"),),
    ),
    Case(
        "catastrophic-backtracking-pattern",
        {
            OUTLETS: registry(
                OUTLETS,
                "slow:",
                "  name: Slow",
                "  cleaning:",
                "    detect: ['^(a+)+$']",
                "    drop_lines: ['^(a|aa)+$', '(x+x+)+y']",
            ),
            QUIET_TXT: "Quiet day\n\n" + "a" * 100_000 + "!\n\n" + "x" * 50_000 + "\n",
        },
        (),
        status=0,
    ),
    # ---- Files and names -------------------------------------------------------------------------
    Case(
        "annotation-file-name-not-a-slug",
        {"annotations/articles/Bad_Name.yml": QUIET_YML},
        (
            error(
                "annotations/articles/Bad_Name.yml",
                1,
                1,
                f"annotation file name 'Bad_Name' is not a valid article id {BAD_ID}",
            ),
        ),
    ),
    Case(
        "annotation-file-named-index",
        {"annotations/articles/index.yml": QUIET_YML},
        (
            error(
                "annotations/articles/index.yml",
                1,
                1,
                "annotation file name 'index' is reserved (it names the list of all articles); choose another id",
            ),
        ),
    ),
    Case(
        "article-file-name-not-a-slug",
        {"articles/Bad_Name.txt": "Bad name\n\nSome text.\n"},
        (error("articles/Bad_Name.txt", 1, 1, f"article file name 'Bad_Name' is not a valid article id {BAD_ID}"),),
    ),
    Case(
        "annotation-file-without-raw-article",
        {"annotations/articles/herald-2020-01-02-budge.yml": QUIET_YML},
        (
            error(
                "annotations/articles/herald-2020-01-02-budge.yml",
                1,
                1,
                "annotation file has no raw article: expected articles/herald-2020-01-02-budge.txt (did you mean 'herald-2020-01-02-budget'?)",
            ),
        ),
    ),
    Case(
        "raw-article-linked-from-outside",
        {"articles/leak.txt": OutsideLink("Secret\n\nNot part of the archive.\n")},
        (error("articles/leak.txt", 1, 1, OUTSIDE),),
    ),
    Case(
        "annotation-file-linked-from-outside",
        {QUIET: OutsideLink(QUIET_YML)},
        (error(QUIET, 1, 1, OUTSIDE),),
    ),
    Case(
        "registry-linked-from-outside",
        {EVENTS: OutsideLink(textwrap.dedent(TINY_FILES[EVENTS]))},
        # The refused file's events are unknown, not absent: the annotations naming them are fine.
        (error(EVENTS, 1, 1, OUTSIDE),),
    ),
    Case(
        "symbolic-link-loop",
        {"articles/loop.txt": LoopLink()},
        (error("articles/loop.txt", 1, 1, "file is a link that cannot be followed (a link loop)"),),
    ),
    Case(
        "raw-article-not-utf8",
        {QUIET_TXT: b"Quiet day\n\nNothing \xff happened.\n"},
        (
            error(
                QUIET_TXT, 3, 9, "file is not valid UTF-8 (byte 0xff is 'ÿ' in Latin-1/Windows-1252); save it as UTF-8"
            ),
        ),
    ),
    Case(
        "raw-article-with-byte-order-mark",
        {QUIET_TXT: b"\xef\xbb\xbfQuiet day\n\nNothing happened today.\n"},
        (warning(QUIET_TXT, 1, 1, "file starts with a byte-order mark; it is ignored"),),
        status=0,
    ),
    Case(
        "raw-article-with-crlf",
        {QUIET_TXT: b"Quiet day\r\n\r\nNothing happened today.\r\n"},
        (warning(QUIET_TXT, 1, 1, "file has Windows (CRLF) line ends; they are read as LF"),),
        status=0,
    ),
    Case(
        "raw-article-with-nul",
        {QUIET_TXT: b"Quiet day\n\nNothing\x00 happened today.\n"},
        (error(QUIET_TXT, 3, 8, "file contains a NUL character; it is not a text file"),),
    ),
    Case(
        "empty-raw-article",
        {QUIET_TXT: b""},
        (error(QUIET_TXT, 1, 1, "article file is empty"),),
    ),
    Case(
        "oversized-raw-article",
        {QUIET_TXT: b"Quiet day\n\n" + b"x" * (2_000_001 - 11)},
        (error(QUIET_TXT, 1, 1, "article file is 2,000,001 bytes; the limit is 2,000,000"),),
    ),
    # ---- Anchoring quotes --------------------------------------------------------------------------
    Case(
        "quote-not-found",
        {QUIET: quiet_with("quote: Nothing happened today.", "quote: Something happened yesterday.")},
        (
            error(
                QUIET,
                6,
                12,
                "quote not found in the article; the closest text (72% similar, paragraph 2: '…[Nothing happened today.]…') differs: 'Something' is 'Nothing'; 'yesterday.' is 'today.'",
            ),
        ),
    ),
    Case(
        "ambiguous-quote",
        {
            QUIET_TXT: "Quiet day\n\nThe minister said nothing. Later the minister said nothing.\n",
            QUIET: quiet_with("quote: Nothing happened today.", "quote: said nothing"),
        },
        (
            error(
                QUIET,
                6,
                12,
                "ambiguous quote: it matches 2 places: (1) paragraph 2: '…The minister [said nothing]. Later the minister said noth…'; (2) paragraph 2: '…d nothing. Later the minister [said nothing].…'; add prefix: \"Later the minister\" to pick match 2",
            ),
        ),
    ),
    Case(
        # A unique quote is kept when its context no longer fits (the text was re-scraped), with a warning.
        "quote-found-but-not-with-its-prefix",
        {QUIET: quiet("    prefix: Everything")},
        (
            warning(
                QUIET,
                9,
                13,
                "quote found, but its prefix/suffix no longer fits (20%); the text there reads …[Nothing happened today.]…; update the prefix/suffix to match",
            ),
        ),
        status=0,
    ),
    Case(
        "approximate-quote",
        {QUIET: quiet_with("quote: Nothing happened today.", "quote: Nothing happend today.")},
        (
            warning(
                QUIET,
                6,
                12,
                "quote matched approximately (96% similar); the site shows the article's words: 'Nothing happened today.' ('happend' is 'happened'); copy them exactly to silence this warning",
            ),
        ),
        status=0,
    ),
    Case(
        "cue-not-found",
        {QUIET: quiet("    cue: announced")},
        (warning(QUIET, 9, 10, "cue 'announced' not found in the article"),),
        status=0,
    ),
]
CASES_BY_NAME = {case.name: case for case in CASES}


def test_catalogue_is_large_and_named_uniquely() -> None:
    assert len(CASES) >= 45
    assert len(CASES_BY_NAME) == len(CASES)


@pytest.fixture(name="baseline", scope="module")
def fixture_baseline(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """What `archive check` prints for the unmodified tiny archive (the count line aside).

    Nothing, when the tiny archive is clean; a case's expectation is what its mistake adds.
    """
    root = tmp_path_factory.mktemp("baseline")
    write_tree(root, TINY_FILES)
    return [str(d) for d in run_pipeline(root, cache=False).diagnostics.sorted()]


@pytest.fixture(name="case_root")
def fixture_case_root(tiny_archive: Path, tmp_path_factory: pytest.TempPathFactory):
    """A function that writes a case's files into the tiny archive and returns its root."""

    def apply(case: Case) -> Path:
        write_files(tiny_archive, case.files, tmp_path_factory.mktemp("outside"))
        return tiny_archive

    return apply


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in CASES])
def test_bad_input_is_reported(case: Case, case_root, baseline: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    root = case_root(case)
    status, out, err, elapsed = run_check(root, capsys)
    lines = out.splitlines()
    assert "Traceback" not in out + err
    assert elapsed < TIME_LIMIT, f"archive check took {elapsed:.1f} s of CPU"
    assert lines, "archive check printed nothing"
    assert re.fullmatch(r"\d+ errors?, \d+ warnings?", lines[-1]), lines[-1]
    reported = without_baseline(lines[:-1], baseline)
    assert all_match(reported, case.expected), (
        "printed:\n"
        + "\n".join(reported)
        + "\nexpected:\n"
        + "\n".join(w if isinstance(w, str) else f"/{w.pattern}/" for w in case.expected)
    )
    assert status == case.status


@pytest.mark.parametrize(
    "name", ["python-object-apply-tag", "python-name-tag", "python-object-new-tag-as-the-whole-file"]
)
def test_yaml_tags_execute_nothing(name: str, case_root, capsys: pytest.CaptureFixture[str]) -> None:
    root = case_root(CASES_BY_NAME[name])
    run_check(root, capsys)
    assert not (root / "pwned").exists()


def test_alias_bomb_is_refused_quickly(case_root, capsys: pytest.CaptureFixture[str]) -> None:
    root = case_root(CASES_BY_NAME["alias-bomb"])
    status, _, _, elapsed = run_check(root, capsys)
    assert status == 1
    assert elapsed < TIME_LIMIT


# --------------------------------------------------------------------------------------------
# A real process: no traceback, no crash, whatever the input
# --------------------------------------------------------------------------------------------


def run_process(root: Path, *options: str, timeout: float = 60) -> tuple[subprocess.CompletedProcess[str], float]:
    """`archive check` in a child process: what it printed, and the CPU seconds it used (user + system)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    completed = subprocess.run(
        [str(ARCHIVE), "--root", str(root), "check", *options],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return completed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


COMPILER_STYLE = re.compile(r"[^\s:][^:]*:\d+:\d+: (error|warning): \S.*")
"""One problem per line: `path:line:col: severity: message`."""


@pytest.mark.parametrize(
    "name",
    [
        "tab-indentation",
        "control-character",
        "alias-bomb",
        "python-object-apply-tag",
        "raw-article-not-utf8",
        "regex-with-unclosed-group",
        "catastrophic-backtracking-pattern",
        "symbolic-link-loop",
    ],
)
@pytest.mark.slow
def test_real_process_prints_only_compiler_style_lines(name: str, case_root) -> None:
    case = CASES_BY_NAME[name]
    root = case_root(case)
    completed, elapsed = run_process(root)
    assert "Traceback" not in completed.stdout + completed.stderr, completed.stderr
    assert completed.returncode == case.status, completed.stderr
    *reported, count = completed.stdout.splitlines()
    assert [line for line in reported if not COMPILER_STYLE.fullmatch(line)] == []
    assert re.fullmatch(r"\d+ errors?, \d+ warnings?", count)
    assert elapsed < TIME_LIMIT + 1  # the interpreter's start-up (~0.4 s of CPU) on top of the check
    assert not (root / "pwned").exists()


@pytest.mark.parametrize(
    "notes",
    [
        # libyaml handles nested flow collections recursively: ~30,000 levels (60 KB, far under
        # the 1 MB limit) would overflow the C stack (SIGSEGV), so nesting is refused before parsing.
        pytest.param("[" * 100_000 + "]" * 100_000, id="flow-lists-100000-deep"),
        # The same with mappings, which also took time quadratic in the nesting.
        pytest.param("{a: " * 30_000 + "b" + "}" * 30_000, id="flow-mappings-30000-deep"),
    ],
)
def test_deeply_nested_yaml_is_refused_quickly(notes: str, case_root) -> None:
    root = case_root(Case("deep", {QUIET: "notes: " + notes + "\n"}, ()))
    completed, elapsed = run_process(root, timeout=120)
    assert completed.returncode == 1, f"exit status {completed.returncode} (negative: killed by a signal)"
    assert "Traceback" not in completed.stdout + completed.stderr
    assert elapsed < TIME_LIMIT + 1, f"archive check took {elapsed:.1f} s of CPU"
    assert re.search(
        rf"^{re.escape(QUIET)}:\d+:\d+: error: .*nested more than \d+ levels", completed.stdout, re.MULTILINE
    )


# --------------------------------------------------------------------------------------------
# Output formats and order
# --------------------------------------------------------------------------------------------

SEVERAL_PROBLEMS = {
    QUIET: quiet_with("outlet: herald", "outlet: harold")
    + "    speaker: roe\n    relations:\n      - supports: daily-2020-01-01-budget#talk-failed\n",
    SPEAKERS: registry(SPEAKERS, "extra:", "  type: person"),
    # The cue is a mistake.
    DAILY: textwrap.dedent(TINY_FILES[DAILY]).replace("cue: said", "cue: declared"),
    EVENTS: registry(EVENTS, "later:", "  title: Later talks", "   date: 2020-02-01"),
}
"""Problems in four files, of every stage but linking and permalinks; in QUIET on lines 2, 9 and 11
(numeric, not text, order); one warning. The events file does not parse: the events it declares
are not reported unknown where the articles name them."""

SEVERAL_EXPECTED = [
    (
        "error",
        EVENTS,
        7,
        4,
        (
            "YAML syntax error: line 7 is indented more than the block it belongs to (column 4; 'title:' on line 6 "
            "is at column 3): indent it to column 3"
        ),
    ),
    ("error", SPEAKERS, 15, 3, "missing required key 'name' in speaker"),
    ("error", QUIET, 2, 11, "unknown outlet 'harold' (did you mean 'herald'?)"),
    ("error", QUIET, 9, 14, "unknown speaker 'roe' (did you mean 'jane-roe'?)"),
    (
        "error",
        QUIET,
        11,
        9,
        "unknown claim 'talk-failed' in article 'daily-2020-01-01-budget' (did you mean 'talks-failed'?)",
    ),
    ("warning", DAILY, 8, 10, "cue 'declared' not found in the article"),
]
"""Root causes first (a file that does not parse, a value that does not fit, an id that names
nothing, then the article text), then by file and position."""


def test_text_output_puts_root_causes_first_then_sorts_by_file_and_position(
    case_root, capsys: pytest.CaptureFixture[str]
) -> None:
    root = case_root(Case("several", SEVERAL_PROBLEMS, ()))
    status, out, _, _ = run_check(root, capsys)
    assert out.splitlines() == [
        *(
            f"{path}:{line}:{column}: {severity}: {message}"
            for severity, path, line, column, message in SEVERAL_EXPECTED
        ),
        "5 errors, 1 warning",
    ]
    assert status == 1


def test_github_output_annotates_the_pull_request(case_root, capsys: pytest.CaptureFixture[str]) -> None:
    root = case_root(Case("several", SEVERAL_PROBLEMS, ()))
    status, out, _, _ = run_check(root, capsys, "--format", "github")
    assert out.splitlines() == [
        f"::{severity} file={path},line={line},col={column}::{message.replace('%', '%25')}"
        for severity, path, line, column, message in SEVERAL_EXPECTED
    ]
    assert status == 1


def test_json_output_lists_every_problem(case_root, capsys: pytest.CaptureFixture[str]) -> None:
    root = case_root(Case("several", SEVERAL_PROBLEMS, ()))
    status, out, _, _ = run_check(root, capsys, "--format", "json")
    document = json.loads(out)
    assert document["errors"] == 5
    assert document["warnings"] == 1
    assert document["diagnostics"] == [
        {"path": path, "line": line, "column": column, "severity": severity, "message": message}
        for severity, path, line, column, message in SEVERAL_EXPECTED
    ]
    assert status == 1


@pytest.mark.parametrize("output_format", ["text", "github", "json"])
@pytest.mark.slow
def test_real_process_formats(output_format: str, case_root) -> None:
    root = case_root(Case("several", SEVERAL_PROBLEMS, ()))
    completed, _ = run_process(root, "--format", output_format)
    assert completed.returncode == 1
    assert completed.stderr == ""
    if output_format == "json":
        assert len(json.loads(completed.stdout)["diagnostics"]) == len(SEVERAL_EXPECTED)
    else:
        assert len(completed.stdout.splitlines()) == len(SEVERAL_EXPECTED) + (output_format == "text")
