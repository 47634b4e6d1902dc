"""Guide: the contributor guide's text and the file formats in, the guide with a current field reference out; reads no files.

The field reference is generated into `docs/contributing.md` itself, between two marker comments,
so that it reads in the raw Markdown (as GitHub shows the file) as well as on the site.
`archive schema` rewrites it along with `schemas/*.json`, and `archive schema --check` fails when
it is stale. Generated text is made safe for both renderers here: a `<placeholder>` outside a code
span would be taken for an HTML tag and disappear from the page.
"""

from __future__ import annotations

import re

from build_tools.formats import field_reference

GUIDE_PATH = "docs/contributing.md"
"""The contributor guide, relative to the repository root."""

REFERENCE_START = "<!-- archive:field-reference:start -->"
"""The line after which the generated field reference begins."""

REFERENCE_END = "<!-- archive:field-reference:end -->"
"""The line before which the generated field reference ends."""

_NOTICE = "<!-- Generated from build_tools/formats.py by `archive schema`; edits here are overwritten. -->"

_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_PATH = re.compile(r"(?<![\w/`])(?:[\w.-]+/)+[\w.<>-]+\.(?:yml|json|txt|md)\b")


class GuideError(ValueError):
    """The guide's markers are missing or out of order: the reference has no place to go."""


def field_reference_markdown() -> str:
    """The field reference as Markdown that GitHub and MkDocs both show in full."""
    return "\n".join(_safe_line(line) for line in field_reference().split("\n"))


def _safe_line(line: str) -> str:
    """Paths in code spans; any other `<` or `>` outside code spans as an entity."""
    parts = []
    position = 0
    for span in _CODE_SPAN.finditer(line):
        parts.append(_safe_text(line[position : span.start()]))
        parts.append(span.group())
        position = span.end()
    parts.append(_safe_text(line[position:]))
    return "".join(parts)


def _safe_text(text: str) -> str:
    pieces = []
    position = 0
    for path in _PATH.finditer(text):
        pieces.append(_escape(text[position : path.start()]))
        pieces.append(f"`{path.group()}`")
        position = path.end()
    pieces.append(_escape(text[position:]))
    return "".join(pieces)


def _escape(text: str) -> str:
    return text.replace("<", "&lt;").replace(">", "&gt;")


def with_field_reference(guide: str, reference: str | None = None) -> str:
    """The guide's text with the generated field reference between its markers.

    Args:
        guide: The guide's current text.
        reference: The reference to put in (default: the one generated from the formats).

    Raises:
        GuideError: when the markers are not each found once, start before end.

    """
    starts, ends = guide.count(REFERENCE_START), guide.count(REFERENCE_END)
    if starts != 1 or ends != 1 or guide.index(REFERENCE_START) > guide.index(REFERENCE_END):
        message = f"expected one line {REFERENCE_START} and, after it, one line {REFERENCE_END}"
        raise GuideError(f"{message} (found {starts} and {ends}): the field reference goes between them")
    before, rest = guide.split(REFERENCE_START, 1)
    after = rest.split(REFERENCE_END, 1)[1]
    body = reference if reference is not None else field_reference_markdown()
    return f"{before}{REFERENCE_START}\n{_NOTICE}\n\n{body.strip()}\n\n{REFERENCE_END}{after}"
