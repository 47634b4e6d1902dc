"""The archive's controlled vocabularies and how they read: claim kinds, relations, references, ratings; pure data.

One place for every word the site, the checker and the downloads use for these: the kinds of
claim and their labels, the relation and reference types with how each reads from both ends, and
the review ratings with their schema.org `alternateName`.
"""

from __future__ import annotations

KIND_LABELS = {
    "direct": "direct quote",
    "indirect": "paraphrase",
    "assertion": "outlet's assertion",
}
"""How claim kinds read on pages (SPEC 3.2: direct, indirect, assertion)."""

RELATION_TYPES = ("same-as", "repeats", "contradicts", "refutes", "supports", "responds-to")
"""Claim relations (SPEC 3.4)."""

SYMMETRIC_RELATIONS = frozenset({"same-as", "contradicts"})
"""Relations that read the same from both ends."""

INVERSE_WORDING = {
    "same-as": ("same statement as", "same statement as"),
    "repeats": ("repeats", "repeated by"),
    "contradicts": ("contradicts", "contradicted by"),
    "refutes": ("refutes", "refuted by"),
    "supports": ("supports", "supported by"),
    "responds-to": ("responds to", "responded to by"),
}
"""How a relation reads from its source and from its target."""

REFERENCE_TYPES = ("same-event", "follow-up", "cites", "responds-to", "read-more")
"""Article references (SPEC 3.4)."""

REFERENCE_WORDING = {
    "same-event": ("same event", "same event"),
    "follow-up": ("follow-up of", "followed up by"),
    "cites": ("cites", "cited by"),
    "responds-to": ("responds to", "responded to by"),
    "read-more": ("read more", "linked as further reading from"),
}
"""How an article reference reads from its source and from its target."""

RATINGS = {
    "true": "True",
    "mostly-true": "Mostly true",
    "mixed": "Mixed",
    "misleading": "Misleading",
    "mostly-false": "Mostly false",
    "false": "False",
    "unverifiable": "Unverifiable",
}
"""Review ratings and their schema.org `alternateName`."""
