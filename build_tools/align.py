"""Align: several wordings of one statement in, a word-by-word alignment table out; pure.

The statement's wordings are aligned progressively, like a critical apparatus of manuscript
witnesses: each wording is aligned against the columns built so far (difflib on normalized
words), so that clusters of three or more wordings line up column by column. Columns are then
grouped into segments: runs where every wording agrees, and variant places where they differ.
"""

from __future__ import annotations

import difflib
import enum
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

_TOKEN = re.compile(r"\w[\w’'\-]*|[^\w\s]", re.UNICODE)
_SUFFIXES = ("ing", "ed", "es", "s")


def tokenize(text: str) -> list[str]:
    """Words and punctuation marks, in order."""
    return _TOKEN.findall(text)


def comparable(token: str) -> str:
    """The form two tokens are compared in: case, quote marks and simple inflection ignored."""
    folded = token.casefold().replace("’", "'")
    for suffix in _SUFFIXES:
        if len(folded) > len(suffix) + 3 and folded.endswith(suffix):
            return folded[: -len(suffix)]
    return folded


def _is_word(token: str) -> bool:
    return token[:1].isalnum()


class Change(enum.Enum):
    """How a wording's reading at one place relates to the first wording's."""

    SAME = "same"
    """Identical (up to case, quotes and inflection)."""
    SUBSTITUTED = "substituted"
    """Different words in the same place."""
    ADDED = "added"
    """Words the first wording does not have."""
    OMITTED = "omitted"
    """Words of the first wording that this one does not have."""


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of aligned columns over which every wording relates to the first in the same way."""

    readings: tuple[str, ...]
    """The text of each wording in this segment (empty where it has nothing)."""
    changes: tuple[Change, ...]
    """How each wording relates to the first wording here (the first is always SAME)."""

    @property
    def variant(self) -> bool:
        """Whether any wording differs from the first here."""
        return any(change is not Change.SAME for change in self.changes)

    def change(self, witness: int) -> Change:
        """How wording `witness` relates to the first wording in this segment."""
        return self.changes[witness]


def _column_changes(column: Sequence[str | None]) -> tuple[Change, ...]:
    base = column[0]
    changes = []
    for token in column:
        if base is None and token is None:
            changes.append(Change.SAME)
        elif base is None:
            changes.append(Change.SAME if token is not None and not _is_word(token) else Change.ADDED)
        elif token is None:
            changes.append(Change.SAME if not _is_word(base) else Change.OMITTED)
        elif comparable(base) == comparable(token) or not (_is_word(base) or _is_word(token)):
            changes.append(Change.SAME)
        elif not _is_word(token):
            changes.append(Change.OMITTED)  # A word against a punctuation mark: the word is missing.
        elif not _is_word(base):
            changes.append(Change.ADDED)
        else:
            changes.append(Change.SUBSTITUTED)
    return tuple(changes)


@dataclass(frozen=True, slots=True)
class Alignment:
    """Wordings aligned column by column."""

    witnesses: int
    """Number of wordings."""
    columns: tuple[tuple[str | None, ...], ...]
    """Each column holds one token (or None, a gap) per wording."""
    segments: tuple[Segment, ...]
    """Columns grouped into agreeing runs and variant places."""

    @property
    def agreement(self) -> float:
        """Share of the first wording's words that every wording has identically."""
        base_words = [c for c in self.columns if c[0] is not None and _is_word(c[0])]
        if not base_words:
            return 1.0
        same = sum(1 for c in base_words if _column_agrees(c))
        return same / len(base_words)


def _column_agrees(column: Sequence[str | None]) -> bool:
    forms = {comparable(t) if t is not None else None for t in column}
    return len(forms) == 1 and None not in forms


def align(wordings: Sequence[str]) -> Alignment:
    """Align every wording against the others, the first one serving as the base."""
    if not wordings:
        return Alignment(0, (), ())
    columns: list[list[str | None]] = [[token] for token in tokenize(wordings[0])]
    for index, wording in enumerate(wordings[1:], start=1):
        columns = _add_witness(columns, index, tokenize(wording))
    frozen = tuple(tuple(c) for c in columns)
    return Alignment(len(wordings), frozen, _segments(frozen, len(wordings)))


def _representative(column: Sequence[str | None]) -> str:
    return next((comparable(t) for t in column if t is not None), "")


def _add_witness(columns: list[list[str | None]], index: int, tokens: list[str]) -> list[list[str | None]]:
    """Columns with one more wording placed into them (new columns where it adds words)."""
    keys = [_representative(c) for c in columns]
    matcher = difflib.SequenceMatcher(a=keys, b=[comparable(t) for t in tokens], autojunk=False)
    result: list[list[str | None]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        old, new = columns[i1:i2], tokens[j1:j2]
        if tag == "equal":
            result += [[*column, token] for column, token in zip(old, new, strict=True)]
            continue
        result += _pair_runs(old, new, index)
    return result


def _pair_runs(old: list[list[str | None]], new: list[str], index: int) -> list[list[str | None]]:
    """Pair a run of existing columns with a run of new tokens that differ from them.

    When the runs differ in length, the shorter one is placed at the offset where its words look
    most like the words they face ("lies" faces "false" rather than "are"); the rest become
    columns of their own.
    """
    keys = [_representative(c) for c in old]
    words = [comparable(t) for t in new]
    short, long_ = (keys, words) if len(keys) <= len(words) else (words, keys)

    def likeness(offset: int) -> float:
        return sum(difflib.SequenceMatcher(a=a, b=b).ratio() for a, b in zip(short, long_[offset:], strict=False))

    offset = max(range(len(long_) - len(short) + 1), key=lambda o: (likeness(o), -o)) if short else 0
    if len(keys) <= len(words):
        placed_old: list[list[str | None] | None] = (
            [None] * offset + list(old) + [None] * (len(new) - len(old) - offset)
        )
        return [[*(column or [None] * index), token] for column, token in zip(placed_old, new, strict=True)]
    placed_new: list[str | None] = [None] * offset + list(new) + [None] * (len(old) - len(new) - offset)
    return [[*column, token] for column, token in zip(old, placed_new, strict=True)]


def _segments(columns: tuple[tuple[str | None, ...], ...], witnesses: int) -> tuple[Segment, ...]:
    """Group consecutive columns in which every wording relates to the first in the same way."""
    return tuple(
        _segment(list(run), witnesses, changes) for changes, run in itertools.groupby(columns, key=_column_changes)
    )


def _segment(run: list[tuple[str | None, ...]], witnesses: int, changes: tuple[Change, ...]) -> Segment:
    readings = tuple(_join([column[w] for column in run]) for w in range(witnesses))
    return Segment(readings, changes)


_NO_SPACE_AFTER = ("(", "“", "‘", "[")
_SPACED_PUNCTUATION = frozenset("–—")


def _join(tokens: Sequence[str | None]) -> str:
    text = ""
    for token in tokens:
        if token is None:
            continue
        spaced = _is_word(token) or token in _SPACED_PUNCTUATION or token in _NO_SPACE_AFTER
        if text and spaced and not text.endswith(_NO_SPACE_AFTER):
            text += " "
        text += token
    return text
