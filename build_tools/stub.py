"""Stub: a cleaned new article and suggestions in, its article id and annotation stub (YAML text) out; reads no files.

The stub holds the detected metadata (commented where it was detected, so that the detection
stays in charge until a contributor overrides it) and the suggested claims as comments.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Collection

from build_tools.model import CleanArticle
from build_tools.suggest import Suggestion

SCHEMA_COMMENT = "# yaml-language-server: $schema=../../schemas/annotation.schema.json"
"""Lets editors with the YAML language server complete and check the file."""

_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "is",
        "are",
        "was",
        "were",
        "be",
        "its",
        "it",
    ]
)


def slugify(text: str, max_words: int = 6) -> str:
    """Lowercase ASCII words joined by hyphens, without filler words."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = [w for w in re.findall(r"[a-z0-9]+", ascii_text.lower()) if w not in _STOPWORDS]
    return "-".join(words[:max_words])


def article_id_for(clean: CleanArticle, taken: Collection[str]) -> str:
    """A readable, stable id: outlet, date and topic (`tass-2017-08-02-secret-graves-syria`), unique."""
    topic = slugify(clean.title or "", max_words=4) or "untitled"
    parts = [clean.outlet or "article", (clean.published or "")[:10] or "undated", topic]
    base = "-".join(parts)[:80].rstrip("-")
    candidate, number = base, 2
    while candidate in taken:
        candidate = f"{base}-{number}"
        number += 1
    return candidate


def _yaml_string(value: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar, with every special character escaped.
    return json.dumps(value, ensure_ascii=False)


def render_stub(clean: CleanArticle, suggestions: list[Suggestion]) -> str:
    """The annotation stub for a new article."""
    lines = [
        SCHEMA_COMMENT,
        f"# Annotations of articles/{clean.article_id}.txt: see docs/contributing.md.",
        "# Detected values are shown as comments; write a value to override the detection.",
        "article:",
        f"  # title: {_yaml_string(clean.title)}" if clean.title else '  title: ""  # no headline detected',
        f"  outlet: {clean.outlet}"
        if clean.outlet
        else "  # outlet:  # not detected: an id from annotations/outlets.yml",
        f'  # published: "{clean.published}"' if clean.published else '  # published: "YYYY-MM-DD"  # not detected',
        "  # url: https://...",
        "  # event: an id from annotations/events.yml",
        "  tags: []",
        "claims: []",
    ]
    if suggestions:
        lines += ["", f"# {len(suggestions)} suggested claims (direct quotations found in the text)."]
        lines += ["# Check each one, uncomment it under 'claims:', and complete it:"]
        used: set[str] = set()
        for number, suggestion in enumerate(suggestions, start=1):
            claim_id = slugify(suggestion.quote, 4) or f"quote-{number}"
            if claim_id in used:
                claim_id = f"{claim_id}-{number}"
            used.add(claim_id)
            lines += _suggestion(claim_id, suggestion)
    return "\n".join(lines) + "\n"


def _suggestion(claim_id: str, suggestion: Suggestion) -> list[str]:
    speaker = suggestion.speaker or "unknown  # no speaker found: an id from annotations/speakers.yml"
    lines = [
        f"#  - id: {claim_id}",
        f"#    quote: {_yaml_string(suggestion.quote)}",
        f"#    speaker: {speaker}",
    ]
    if suggestion.cue:
        lines.append(f"#    cue: {_yaml_string(suggestion.cue)}")
    lines += [
        "#    kind: direct",
        '#    summary: ""  # one neutral sentence in the archive\'s voice',
        f"#    # speaker found by: {suggestion.reason}",
    ]
    return lines
