"""Stub: a new article's metadata and suggestions in, its article id and annotation stub (YAML text) out; reads no files.

The stub holds the metadata: as a comment where the build detects the same value by itself (so
that the detection stays in charge until a contributor overrides it), as a value where only
`archive new` found it or it was given on the command line. Suggested claims and the speakers they
would add to the registry are comments. A digest in the header tells whether the file is still as
`archive new` wrote it, so that a second run may replace it and never a contributor's work.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass

from build_tools.detect import Detected
from build_tools.suggest import NewSpeaker, Suggestion, Suggestions

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


def article_id_for(outlet: str | None, published: str | None, title: str | None, taken: Collection[str]) -> str:
    """A readable, stable id: outlet, date and topic (`tass-2017-08-02-secret-graves-syria`), unique."""
    topic = slugify(title or "", max_words=4) or "untitled"
    parts = [outlet or "article", (published or "")[:10] or "undated", topic]
    base = "-".join(parts)[:80].rstrip("-")
    candidate, number = base, 2
    while candidate in taken:
        candidate = f"{base}-{number}"
        number += 1
    return candidate


@dataclass(frozen=True, slots=True)
class StubMetadata:
    """What the stub says about the article, and what the build would detect without it."""

    title: Detected | None
    """The headline, detected or given."""
    published: Detected | None
    """The ISO date, detected or given."""
    outlet: Detected | None
    """The outlet id, detected or given."""
    url: str | None = None
    """The original address, if given."""
    build_title: str | None = None
    """The headline the build detects by itself: a title equal to it stays a comment."""
    build_published: str | None = None
    """The date the build detects by itself: a date equal to it stays a comment."""


_DIGEST_LINE = re.compile(r"^# Written by `archive new` \(digest (?P<digest>[0-9a-f]{16})\)[^\n]*\n", re.MULTILINE)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def is_untouched_stub(text: str) -> bool:
    """Whether a stub is byte for byte what `archive new` wrote: its digest line matches the rest of it."""
    match = _DIGEST_LINE.search(text)
    return match is not None and _digest(text[: match.start()] + text[match.end() :]) == match.group("digest")


def _yaml_string(value: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar, with every special character escaped.
    return json.dumps(value, ensure_ascii=False)


def render_stub(article_id: str, metadata: StubMetadata, suggestions: Suggestions) -> str:
    """The annotation stub for a new article, with the digest line that marks it as untouched."""
    lines = [
        SCHEMA_COMMENT,
        f"# Annotations of articles/{article_id}.txt: see docs/contributing.md.",
        "# Detected values are shown as comments; write a value to override the detection.",
        "article:",
        *_metadata_lines(metadata),
        "  # event: an id from annotations/events.yml",
        "  tags: []",
        "claims: []",
    ]
    lines += _new_speaker_lines(suggestions.new_speakers)
    lines += _suggestion_lines(list(suggestions.claims))
    body = "\n".join(lines) + "\n"
    digest_line = (
        f"# Written by `archive new` (digest {_digest(body)}): while this file is unchanged, "
        "running `archive new` again may replace it.\n"
    )
    first_line_end = body.index("\n") + 1
    return body[:first_line_end] + digest_line + body[first_line_end:]


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _how(value: Detected) -> str:
    return value.how if value.how.startswith("given") else f"detected: {value.how}"


def _metadata_lines(metadata: StubMetadata) -> list[str]:
    title, published, outlet = metadata.title, metadata.published, metadata.outlet
    lines = []
    if title is None:
        lines.append('  title: ""  # no headline detected')
    elif title.value == metadata.build_title:
        lines.append(f"  # title: {_yaml_string(title.value)}  # {_how(title)}")
    else:
        lines.append(f"  title: {_yaml_string(title.value)}  # {_how(title)}")
    if outlet is None:
        lines.append("  # outlet:  # not detected: an id from annotations/outlets.yml (or use --outlet)")
    else:
        lines.append(f"  outlet: {outlet.value}  # {_how(outlet)}")
    if published is None:
        lines.append('  # published: "YYYY-MM-DD"  # not detected (or use --published)')
    elif published.value == metadata.build_published:
        lines.append(f'  # published: "{published.value}"  # {_how(published)}')
    else:
        lines.append(f'  published: "{published.value}"  # {_how(published)}')
    lines.append(f"  url: {_yaml_string(metadata.url)}" if metadata.url else "  # url: https://...")
    return lines


def _new_speaker_lines(new_speakers: tuple[NewSpeaker, ...]) -> list[str]:
    if not new_speakers:
        return []
    lines = [
        "",
        f"# {_count(len(new_speakers), 'suggested speaker is', 'suggested speakers are')} not in annotations/speakers.yml yet.",
        "# Check each one and add it there (with aliases, roles and a description), or choose another id:",
        "# speakers.yml:",
    ]
    lines += [f"#   {s.id}: {{name: {_yaml_string(s.name)}, type: {s.type}}}" for s in new_speakers]
    return lines


def _suggestion_lines(suggestions: list[Suggestion]) -> list[str]:
    if not suggestions:
        return []
    lines = [
        "",
        f"# {_count(len(suggestions), 'suggested claim', 'suggested claims')} (direct quotations found in the text).",
    ]
    lines += ["# Check each one, uncomment it under 'claims:', and complete it:"]
    used: set[str] = set()
    for number, suggestion in enumerate(suggestions, start=1):
        claim_id = slugify(suggestion.quote, 4) or f"quote-{number}"
        if claim_id in used:
            claim_id = f"{claim_id}-{number}"
        used.add(claim_id)
        lines += _suggestion(claim_id, suggestion)
    return lines


def _suggestion(claim_id: str, suggestion: Suggestion) -> list[str]:
    if suggestion.speaker:
        speaker = suggestion.speaker
    elif suggestion.unnamed:
        speaker = f"{{unnamed: {_yaml_string(suggestion.unnamed)}}}"
    else:
        speaker = "unknown  # no speaker found: an id from annotations/speakers.yml"
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
        f"#    # speaker found by: {_one_line(suggestion.reason)}",
    ]
    return lines


def _one_line(text: str) -> str:
    return " ".join(text.split())
