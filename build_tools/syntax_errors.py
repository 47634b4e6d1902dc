"""YAML syntax errors explained: libyaml's error and the file's text in, a place and a fix out; reads no files.

libyaml says what it expected ("did not find expected key"); a contributor needs to know which
line is wrong and how to fix it. Most syntax errors in annotation files are lines indented to a
column that fits no block above them, or indented with a tab: the line's column is compared with
the columns the lines above open, and the message says which column would fit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from build_tools.diagnostics import Origin


def _mark_origin(rel: str, mark: Any) -> Origin:
    return Origin(rel, mark.line + 1, mark.column + 1)


_INDENTATION_PROBLEMS = (
    "mapping values are not allowed",
    "did not find expected key",
    "did not find expected '-' indicator",
    "could not find expected ':'",
    "expected <block end>",
)
"""libyaml's wordings for what is, on a line that fits no block, a line indented wrongly."""

_DASH_LINE = re.compile(r"( *)(- +|-$)")
_KEY_LINE = re.compile(r" *(?:- +)*([^\s#\-][^:#]*|-[^\s:#][^:#]*):(?: |$)")


def explain_syntax_error(rel: str, exc: yaml.MarkedYAMLError, text: str) -> tuple[Origin, str]:
    """Where a YAML syntax error is and what to do about it."""
    problem = exc.problem or "invalid YAML"
    # An unclosed quote is only noticed at the end of the file: point at where the quote opened.
    if exc.context == "while scanning a quoted scalar" and "end of stream" in problem and exc.context_mark:
        return _mark_origin(
            rel, exc.context_mark
        ), "YAML syntax error: this quoted text is never closed; add the closing quote"
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return Origin(rel), f"YAML syntax error: {problem}"
    lines = text.split("\n")
    line = lines[mark.line] if mark.line < len(lines) else ""
    tab = _tab_in_indentation(line, mark.column)
    if tab is not None:
        return Origin(rel, mark.line + 1, tab + 1), (
            f"YAML syntax error: line {mark.line + 1} is indented with a tab; YAML indents with spaces only: "
            "replace the tab with spaces"
        )
    if problem.startswith(_INDENTATION_PROBLEMS):
        hint = _indentation_hint(lines, mark.line)
        if hint is not None:
            column, message = hint
            return Origin(rel, mark.line + 1, column), f"YAML syntax error: {message}"
    if problem.startswith("mapping values are not allowed"):
        return _mark_origin(rel, mark), (
            "YAML syntax error: ': ' inside a value starts a new key; put the whole value in quotes"
        )
    return _mark_origin(rel, mark), _libyaml_message(exc)


def _libyaml_message(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or "invalid YAML"
    if exc.context and problem.startswith("but "):
        return f"YAML syntax error: {exc.context}, {problem}"
    if exc.context:
        return f"YAML syntax error: {problem} ({exc.context})"
    return f"YAML syntax error: {problem}"


def _tab_in_indentation(line: str, column: int) -> int | None:
    """The 0-based column of a tab in the line's indentation, or at the error's place."""
    indentation = line[: len(line) - len(line.lstrip(" \t"))]
    if "\t" in indentation:
        return indentation.index("\t")
    if column < len(line) and line[column] == "\t":
        return column
    return None


@dataclass(frozen=True, slots=True)
class _Block:
    """A line above an error that starts a block's entry: a column the next line may start at."""

    line: int
    """1-based line number (0 for the top level, which no line names)."""
    column: int
    """1-based column where a sibling starts (a key, or the dash of a list item)."""
    label: str
    """How the line starts, to name it in a message ('quote:', '- id:')."""
    dash: bool
    """Whether its siblings are list items."""
    opens: bool = False
    """Whether the line ends with its key: a list may start at the key's own column."""


_TOP_LEVEL = _Block(0, 1, "a top-level key", dash=False, opens=True)


def _structure(line: str, number: int) -> list[_Block]:
    """The blocks one line continues: a key line one, a list item's line its list and its mapping."""
    opens = _opens_block(line)
    dash = _DASH_LINE.match(line)
    key = _KEY_LINE.match(line)
    name = key.group(1).strip() + ":" if key else ""
    if dash is None:
        indent = len(line) - len(line.lstrip(" ")) + 1
        return [_Block(number, indent, name, dash=False, opens=opens)] if key else []
    blocks = [_Block(number, len(dash.group(1)) + 1, f"- {name}" if key else "-", dash=True, opens=opens)]
    if key:
        blocks.append(_Block(number, len(line) - len(line.lstrip(" -")) + 1, name, dash=False, opens=opens))
    return blocks


def _opens_block(line: str) -> bool:
    """Whether the line ends where a nested block may follow: after a key, a dash or a block scalar's `|`."""
    content = line.split(" #", 1)[0].rstrip()
    return content.endswith((":", "|", ">", "|-", ">-", "|+", ">+")) or content.lstrip() == "-"


def _blocks_above(lines: list[str], index: int) -> list[_Block]:
    """The blocks open at line `index` (0-based), nearest first: the line above, then each block holding it."""
    above: list[_Block] = []
    deepest = 10**9
    for number in range(index, 0, -1):
        line = lines[number - 1]
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        blocks = _structure(line, number)
        # A line that starts no entry continues a long value; one deeper than the nearest holds nothing.
        if blocks and blocks[0].column < deepest:
            above.extend(blocks)
            deepest = blocks[0].column
        if deepest == 1:
            break
    return above


def _indentation_hint(lines: list[str], index: int) -> tuple[int, str] | None:
    """If line `index` (0-based) fits no block of the lines above it: its column and what would fit."""
    offending = lines[index]
    column = len(offending) - len(offending.lstrip(" ")) + 1
    above = _blocks_above(lines, index)
    if not above or (above[0].opens and column > above[0].column):
        return None  # The first line of a new block may start at any deeper column.
    if _DASH_LINE.match(offending):
        # A list item continues a list, or starts one at the column of the key that holds it.
        fitting = [b for b in above if b.dash or b.opens]
    else:
        fitting = [b for b in above if not b.dash]
    if not any(b.column == 1 for b in fitting):
        fitting.append(_TOP_LEVEL)
    if any(b.column == column for b in fitting):
        return None
    lower = max((b for b in fitting if b.column < column), key=lambda b: b.column, default=None)
    higher = min((b for b in fitting if b.column > column), key=lambda b: b.column, default=None)
    return column, _indentation_message(index + 1, column, lower, higher)


def _like(block: _Block) -> str:
    return block.label if block.line == 0 else f"'{block.label}' on line {block.line}"


def _indentation_message(number: int, column: int, lower: _Block | None, higher: _Block | None) -> str:
    if higher is None and lower is not None:
        return (
            f"line {number} is indented more than the block it belongs to (column {column}; "
            f"{_like(lower)} is at column {lower.column}): indent it to column {lower.column}"
        )
    if lower is None and higher is not None:
        return (
            f"line {number} is indented less than the block it belongs to (column {column}; "
            f"{_like(higher)} is at column {higher.column}): indent it to column {higher.column}"
        )
    assert lower is not None
    assert higher is not None
    return (
        f"line {number} is indented less than the block above it (column {column}; {_like(higher)} is at "
        f"column {higher.column}): indent it to column {higher.column} to continue that block, or to column "
        f"{lower.column} (like {_like(lower)})"
    )
