"""Anchor: claims and clean texts in, each quote's place in the text out (or why it has none); reads no files.

A quote is looked for in three tries, in order:

1. **exact**: the quote as written;
2. **normalized**: ignoring differences of whitespace, quote marks, dashes, ellipses, invisible
   characters and case (`normalize`);
3. **approximate**: the most similar passage of the normalized text, accepted only when its edit
   distance to the quote is within `allowed_edits` of the quote's length, which is zero for short
   quotes: a two-word quote must be found exactly or after normalization.

Several candidates (a quote printed twice) are told apart by the claim's prefix and suffix, which
may have any length and start or end mid-word, as a W3C TextQuoteSelector's do. Context scores
candidates, it never filters them (`context_score`): the best candidate wins when it scores at
least `CONTEXT_MINIMUM` and beats the runner-up by `CONTEXT_MARGIN`; otherwise the quote is
ambiguous, an error that lists the places. A unique exact match is accepted even when its context
no longer fits, with a warning showing the context now found. Context is compared with the clean
text and with the raw text, so a selector made on the page as scraped (noise lines included)
still fits.

An approximate match is scored on quote and context together: with context given, the context
must fit (`CONTEXT_MINIMUM`); two approximate candidates that the context cannot tell apart are
ambiguous. Its boundaries are moved to the nearest word or punctuation boundaries that fit the
quote best, so a highlight never starts or ends inside a word. A `direct` quote that matches only
approximately is an error: the site never prints a contributor's wording as the article's. For
other kinds it is a warning, and the site prints the article's own words (`AnchoredClaim.quote`).

A quote found nowhere is an error showing the nearest candidate, or, when the quote lies in text
the cleaner removed, the rule that removed it and how to keep the line. Two claims with different
quotes or contexts that land on the same span are an error: one of them is in the wrong place.

Cost, for a quote of length q in an article of length n: the exact and normalized tries are
string searches, O(n) each, plus O(c) per candidate for context of length c (context beyond
`CONTEXT_LIMIT` characters next to the quote is not compared). The approximate try runs
RapidFuzz's partial alignment twice (the best passage and the runner-up), which is at worst
O(q * n) and in practice bit-parallel (a 5,000-character quote in a 30,000-character article takes
a few tens of milliseconds), then a fixed number of comparisons of at most q characters to place
the boundaries. Nothing is quadratic in the quote's length times its slack.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from build_tools.diagnostics import Diagnostics, Origin
from build_tools.model import AnchoredClaim, ClaimKind, ClaimRef, ClaimSpec, CleanArticle, LogEntry, Span

CONTEXT_MINIMUM = 0.5
"""Lowest context score (0 to 1) with which a candidate can win."""

CONTEXT_MARGIN = 0.1
"""How much better than the runner-up the winning candidate's context must score (and by one character at least)."""

CONTEXT_FITS = 0.8
"""From this context score on, the context is taken to fit; below it, a chosen match gets a warning."""

CONTEXT_LIMIT = 200
"""Context is compared over at most this many characters next to the quote."""

APPROXIMATE_MINIMUM_LENGTH = 12
"""Quotes shorter than this (normalized) must be found exactly or after normalization."""

_FOLD = {
    **dict.fromkeys('‘’‚‛′`´ʼ“”„‟″«»‹›"', "'"),
    **dict.fromkeys("‐‑‒–—―−", "-"),
    "…": "...",
    **dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff", ""),
}


def allowed_edits(length: int) -> int:
    """How many character edits an approximate match of a normalized quote of `length` may have.

    None below `APPROXIMATE_MINIMUM_LENGTH`, then one per 14 characters beyond that (a tenth of the
    quote at most): 1 edit for 12 to 25 characters, 3 for 40 to 53, 7 for 100.
    """
    if length < APPROXIMATE_MINIMUM_LENGTH:
        return 0
    return min(length // 10, 1 + (length - APPROXIMATE_MINIMUM_LENGTH) // 14)


@dataclass(frozen=True, slots=True)
class Normalized:
    """A text folded for matching, with the original index of every folded character."""

    text: str
    """The folded text."""
    index: tuple[int, ...]
    """`index[i]` is the position in the original text of folded character `i`."""

    def span(self, start: int, end: int) -> Span:
        """The original span of folded range [start, end)."""
        return Span(self.index[start], self.index[end - 1] + 1)

    def position(self, original: int) -> int:
        """The folded position of the first folded character at or after original position `original`."""
        return bisect.bisect_left(self.index, original)


def normalize(text: str) -> Normalized:
    """Fold quote marks, dashes, ellipses, invisible characters, case and runs of whitespace, remembering positions."""
    chars: list[str] = []
    index: list[int] = []
    in_space = False
    for position, char in enumerate(text):
        if char.isspace():
            if not in_space and chars:
                chars.append(" ")
                index.append(position)
            in_space = True
            continue
        in_space = False
        for folded in _FOLD.get(char, char).casefold():
            chars.append(folded)
            index.append(position)
    if chars and chars[-1] == " ":
        chars.pop()
        index.pop()
    return Normalized("".join(chars), tuple(index))


def _find_all(haystack: str, needle: str) -> list[int]:
    starts = []
    position = haystack.find(needle)
    while position != -1 and needle:
        starts.append(position)
        position = haystack.find(needle, position + 1)
    return starts


# --------------------------------------------------------------------------------------------
# The article being anchored in
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Article:
    """The clean text, folded on demand (with the raw text, for context), and how to describe places in it."""

    clean: CleanArticle
    _folded: Normalized | None = None
    _raw_folded: Normalized | None = None

    @property
    def folded(self) -> Normalized:
        """The folded clean text, computed once and only when an exact match is not enough."""
        if self._folded is None:
            self._folded = normalize(self.clean.text)
        return self._folded

    @property
    def raw_folded(self) -> Normalized | None:
        """The folded raw text, when the raw text is known."""
        if self._raw_folded is None and self.clean.raw_text:
            self._raw_folded = normalize(self.clean.raw_text)
        return self._raw_folded

    def place(self, span: Span) -> str:
        """Where a span is, for messages: its paragraph and the words around it."""
        if self.clean.headline is not None and self.clean.headline.start <= span.start < self.clean.headline.end:
            where = "the headline"
        else:
            body = self.clean.body_paragraphs
            number = next((n for n, (s, e) in enumerate(body, start=1) if s <= span.start < e), 0)
            where = f"paragraph {number}"
        return f"{where}: '{_snippet(self.clean.text, span)}'"


def _snippet(text: str, span: Span, width: int = 30) -> str:
    before = text[max(0, span.start - width) : span.start].rsplit("\n", maxsplit=1)[-1]
    after = text[span.end : span.end + width].split("\n", maxsplit=1)[0]
    middle = text[span.start : span.end]
    if len(middle) > 60:
        middle = middle[:28] + "…" + middle[-28:]
    return f"…{before}[{middle}]{after}…".replace("\n", " ")


# --------------------------------------------------------------------------------------------
# Context
# --------------------------------------------------------------------------------------------


def distance_to_end(pattern: str, text: str) -> int:
    """The fewest edits that turn `pattern` into some ending of `text` (free to start anywhere in `text`).

    Myers' bit-parallel algorithm for approximate matching (Myers 1999, in Hyyrö's formulation),
    reading the score at the last position only: O(len(text)) operations on integers of
    len(pattern) bits. A prefix is compared with the text before a candidate this way, so it may
    be cut anywhere at its far end, as a W3C selector's is, but must reach the quote.
    """
    length = len(pattern)
    if length == 0:
        return 0
    mask = (1 << length) - 1
    high = 1 << (length - 1)
    equal: dict[str, int] = {}
    for position, character in enumerate(pattern):
        equal[character] = equal.get(character, 0) | (1 << position)
    positive, negative, score = mask, 0, length
    for character in text:
        matches = equal.get(character, 0)
        vertical = matches | negative
        horizontal = (((matches & positive) + positive) ^ positive) | matches
        horizontal_positive = negative | (~(horizontal | positive) & mask)
        horizontal_negative = positive & horizontal
        if horizontal_positive & high:
            score += 1
        elif horizontal_negative & high:
            score -= 1
        horizontal_positive = (horizontal_positive << 1) & mask
        horizontal_negative = (horizontal_negative << 1) & mask
        positive = horizontal_negative | (~(vertical | horizontal_positive) & mask)
        negative = horizontal_positive & vertical
    return score


def _context_distance(folded: Normalized, start: int, end: int, prefix: str, suffix: str) -> int:
    """Edits between the claim's context and the text around folded range [start, end) of one text."""
    distance = 0
    if prefix:
        window = folded.text[max(0, start - 2 * len(prefix) - 8) : start].rstrip(" \0")
        distance += distance_to_end(prefix, window)
    if suffix:
        window = folded.text[end : end + 2 * len(suffix) + 8].lstrip(" \0")
        distance += distance_to_end(suffix[::-1], window[::-1])
    return distance


@dataclass(frozen=True, slots=True)
class _Wanted:
    """A claim's quote and context, folded."""

    quote: str
    prefix: str
    suffix: str

    @property
    def has_context(self) -> bool:
        return bool(self.prefix or self.suffix)

    @property
    def context_length(self) -> int:
        return len(self.prefix) + len(self.suffix)


def _wanted(spec: ClaimSpec) -> _Wanted:
    prefix = normalize(spec.prefix or "").text[-CONTEXT_LIMIT:]
    suffix = normalize(spec.suffix or "").text[:CONTEXT_LIMIT]
    return _Wanted(normalize(spec.quote).text, prefix, suffix)


def context_score(article: _Article, span: Span, wanted: _Wanted) -> float | None:
    """How well the claim's prefix and suffix fit around `span` (0 to 1: one minus edits per character), or None.

    Compared with the clean text and with the raw text (where a selector made on the scraped page
    may run into lines the cleaner removed); the better fit counts.
    """
    if not wanted.has_context:
        return None
    folded = article.folded
    start, end = folded.position(span.start), folded.position(span.end)
    distance = _context_distance(folded, start, end, wanted.prefix, wanted.suffix)
    raw = article.raw_folded
    if raw is not None and distance > 0:
        raw_span = article.clean.offsets.span_to_raw(span)
        raw_distance = _context_distance(
            raw, raw.position(raw_span.start), raw.position(raw_span.end), wanted.prefix, wanted.suffix
        )
        distance = min(distance, raw_distance)
    return 1 - distance / wanted.context_length


def clearly_better(best: float, second: float, wanted: _Wanted) -> bool:
    """Whether a candidate's context fits clearly better than the runner-up's.

    By `CONTEXT_MARGIN` of the context's length, and by one character at least: with a short
    context ("Roe said" against "Doe said") a single character is all there is to tell.
    """
    margin = max(CONTEXT_MARGIN, 1 / wanted.context_length)
    return best >= CONTEXT_MINIMUM and best - second >= margin - 1e-9


# --------------------------------------------------------------------------------------------
# Locating a quote: pure, no messages
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Location:
    """Where a quote is, or why it has no place; what `anchor_claims` turns into a claim or a message."""

    status: str
    """`exact`, `normalized`, `approximate` (a place found), or `ambiguous`, `not-found`, `removed`, `empty`."""
    span: Span | None = None
    """The place found (for `approximate`, also when it is refused because the quote is direct)."""
    similarity: float = 100.0
    """Similarity of the article's words to the quote, in percent."""
    context: float | None = None
    """Context score of the place found, if the claim has context."""
    candidates: tuple[tuple[Span, float | None], ...] = ()
    """For `ambiguous`: every place with its context score."""
    nearest: Span | None = None
    """For `not-found`: the most similar passage."""
    removed: LogEntry | None = None
    """For `removed`: the cleaning log entry of the removed text that holds the quote."""
    edits: int = 0
    """Character edits between the normalized quote and the article's words."""

    @property
    def found(self) -> bool:
        """Whether a place was chosen."""
        return self.status in ("exact", "normalized", "approximate") and self.span is not None


def locate(clean: CleanArticle, spec: ClaimSpec) -> Location:
    """Where a claim's quote is in a clean article, without any message (see `Location`)."""
    return locate_quote(_Article(clean), spec)


def locate_quote(article: _Article, spec: ClaimSpec) -> Location:
    """Find the place of a claim's quote in the article."""
    text = article.clean.text
    wanted = _wanted(spec)
    if not wanted.quote:
        return Location("empty")
    exact = [Span(s, s + len(spec.quote)) for s in _find_all(text, spec.quote)]
    if exact:
        return _choose(article, exact, wanted, "exact")
    loose = _normalized_matches(article, wanted)
    if loose:
        return _choose(article, loose, wanted, "normalized")
    removed = _in_removed_text(article, wanted.quote)
    if removed is not None:
        return Location("removed", removed=removed)
    return _approximate(article, wanted)


def _normalized_matches(article: _Article, wanted: _Wanted) -> list[Span]:
    folded = article.folded
    return [folded.span(s, s + len(wanted.quote)) for s in _find_all(folded.text, wanted.quote)]


def _choose(article: _Article, spans: list[Span], wanted: _Wanted, method: str) -> Location:
    """The place among equally good matches that the context picks; ambiguous when it cannot tell.

    When the context fits no match well (the text was re-scraped), the quote's other copies are
    weighed too, those that differ in case or quote marks and those a few characters off: a
    passage printed twice whose copy with the claim's context was changed must not lend the
    claim to the other copy. With no other copy, a unique match is kept (with a warning).
    """
    matches = [Location(method, s, context=context_score(article, s, wanted)) for s in spans]
    if len(matches) > 1 and not wanted.has_context:
        return _ambiguous(matches)
    chosen = _by_context(matches, wanted)
    if chosen is not None and (chosen.context is None or chosen.context >= CONTEXT_FITS):
        return chosen
    contenders = matches + _other_copies(article, wanted, spans, method)
    if len(contenders) == 1:
        return matches[0]
    return _by_context(contenders, wanted) or _ambiguous(contenders)


def _other_copies(article: _Article, wanted: _Wanted, spans: list[Span], method: str) -> list[Location]:
    """Places of the quote other than `spans`: normalized matches (after exact ones), then near-copies."""
    copies = []
    if method == "exact":
        copies = [
            Location("normalized", s, context=context_score(article, s, wanted))
            for s in _normalized_matches(article, wanted)
            if not any(s.start < t.end and t.start < s.end for t in spans)
        ]
    folded = article.folded
    taken = [(folded.position(s.start), folded.position(s.end)) for s in spans] + [
        (folded.position(c.span.start), folded.position(c.span.end)) for c in copies if c.span is not None
    ]
    return copies + _near_copies(article, wanted, taken)


def _near_copies(article: _Article, wanted: _Wanted, taken: list[tuple[int, int]], limit: int = 2) -> list[Location]:
    """Up to `limit` passages outside the folded ranges `taken` that are near enough the quote to be its place."""
    found = []
    taken = list(taken)
    for _ in range(limit):
        passage = _best_passage(article.folded.text, wanted.quote, outside=taken)
        if passage is None:
            break
        taken.append((passage.start, passage.end))
        location = _approximate_location(article, passage, wanted)
        if not _close_enough(location, wanted):
            break
        found.append(location)
    return found


def _in_removed_text(article: _Article, folded_quote: str) -> LogEntry | None:
    for entry in article.clean.log:
        if entry.removed and folded_quote in normalize(entry.text).text:
            return entry
    return None


@dataclass(frozen=True, slots=True)
class _Passage:
    start: int
    end: int
    edits: int


def _approximate(article: _Article, wanted: _Wanted) -> Location:
    folded = article.folded.text
    best = _best_passage(folded, wanted.quote)
    if best is None:
        return Location("not-found")
    first = _approximate_location(article, best, wanted)
    if not _close_enough(first, wanted):
        return Location("not-found", nearest=first.span, similarity=first.similarity, context=first.context)
    contenders = [first, *_near_copies(article, wanted, [(best.start, best.end)])]
    chosen = _by_context(contenders, wanted)
    if chosen is None:
        return _ambiguous(contenders)
    if wanted.has_context and (chosen.context or 0.0) < CONTEXT_MINIMUM:
        return Location("not-found", nearest=chosen.span, similarity=chosen.similarity, context=chosen.context)
    return chosen


def _close_enough(location: Location, wanted: _Wanted) -> bool:
    """Whether an approximate passage is near enough the quote to be its place.

    On the quote alone, within `allowed_edits` of its length. With context that fits, quote and
    context are taken together, as one longer quote: their edits added up must be within the
    allowance of their lengths added up, the quote's own edits staying under a third of it.
    """
    length = len(wanted.quote)
    if location.edits <= allowed_edits(length):
        return True
    if location.context is None or location.context < CONTEXT_FITS or location.edits > length // 3:
        return False
    context_edits = round((1 - location.context) * wanted.context_length)
    return location.edits + context_edits <= allowed_edits(length + wanted.context_length)


def _by_context(contenders: list[Location], wanted: _Wanted) -> Location | None:
    """The one contender, or the one whose context clearly fits best; None when context cannot tell."""
    if len(contenders) == 1:
        return contenders[0]
    if not wanted.has_context:
        return None
    ranked = sorted(contenders, key=lambda c: -(c.context or 0.0))
    if clearly_better(ranked[0].context or 0.0, ranked[1].context or 0.0, wanted):
        return ranked[0]
    return None


def _ambiguous(contenders: list[Location]) -> Location:
    candidates = sorted((c.span, c.context) for c in contenders if c.span is not None)
    return Location("ambiguous", candidates=tuple(candidates))


def _approximate_location(article: _Article, passage: _Passage, wanted: _Wanted) -> Location:
    span = article.folded.span(passage.start, passage.end)
    similarity = 100.0 * (1 - passage.edits / max(len(wanted.quote), passage.end - passage.start, 1))
    return Location(
        "approximate", span, similarity=similarity, context=context_score(article, span, wanted), edits=passage.edits
    )


SEEDED_LENGTH = 256
"""From this quote length on, passages are looked for around shared runs of words, not over the whole text."""

_SEED_WORDS = 3
_SEED_BUCKET = 64


def _best_passage(folded: str, quote: str, outside: Sequence[tuple[int, int]] = ()) -> _Passage | None:
    """The passage of `folded` most similar to `quote` (not overlapping `outside`), on word or punctuation boundaries.

    Short quotes are aligned over the whole text. Long ones are aligned only where they share
    runs of three words with the text (at most `SEEDED_LENGTH` regions' worth of work), since a
    passage within the allowed edits shares most of them; this keeps the cost near linear.
    """
    if not folded.strip(" \0") or not quote:
        return None
    if len(quote) < SEEDED_LENGTH:
        haystack = _masked(folded, outside)
        return _aligned(haystack, quote, 0, len(haystack))
    found = []
    for region in _seed_regions(folded, quote)[:3]:
        slack = allowed_edits(len(quote)) + _SEED_BUCKET
        low, high = max(0, region - slack), min(len(folded), region + len(quote) + slack)
        near = [(a, b) for a, b in outside if low < b and a < high]
        passage = _aligned(_masked(folded, near) if near else folded, quote, low, high)
        if passage is not None and not any(passage.start < b and a < passage.end for a, b in outside):
            found.append(passage)
    if not found and not outside:
        # No run of three words in common: point the message at the passage most like the quote's opening.
        return _aligned(folded, quote[:SEEDED_LENGTH], 0, len(folded))
    return min(found, key=lambda p: (p.edits, p.start), default=None)


def _masked(text: str, ranges: Sequence[tuple[int, int]]) -> str:
    """The text with the given ranges blotted out."""
    if not ranges:
        return text
    characters = list(text)
    for start, end in ranges:
        characters[start:end] = "\0" * (end - start)
    return "".join(characters)


def _aligned(text: str, quote: str, low: int, high: int) -> _Passage | None:
    """The best alignment of `quote` inside text[low:high], its boundaries moved onto the words."""
    if high - low <= len(quote):
        return _Passage(low, high, Levenshtein.distance(quote, text[low:high])) if high > low else None
    rough = fuzz.partial_ratio_alignment(quote, text[low:high])
    if rough is None or rough.dest_end <= rough.dest_start:
        return None
    reach = max(6, min(40, allowed_edits(len(quote)) + 6))
    start = _best_boundary(text, quote, low + rough.dest_start, reach, at_start=True)
    end = _best_boundary(text, quote, low + rough.dest_end, reach, at_start=False)
    if end <= start:
        start, end = low + rough.dest_start, low + rough.dest_end
    if "\0" in text[start:end]:
        return None
    return _Passage(start, end, Levenshtein.distance(quote, text[start:end]))


def _seed_regions(folded: str, quote: str) -> list[int]:
    """Likely start positions of the quote in the text, best first: where its runs of words vote for."""
    runs: dict[tuple[str, ...], list[int]] = {}
    quote_words = _words_at(quote)
    for index in range(len(quote_words) - _SEED_WORDS + 1):
        key = tuple(w for w, _ in quote_words[index : index + _SEED_WORDS])
        runs.setdefault(key, []).append(quote_words[index][1])
    votes: dict[int, int] = {}
    text_words = _words_at(folded)
    for index in range(len(text_words) - _SEED_WORDS + 1):
        key = tuple(w for w, _ in text_words[index : index + _SEED_WORDS])
        for offset in runs.get(key, ())[:8]:
            bucket = (text_words[index][1] - offset) // _SEED_BUCKET
            votes[bucket] = votes.get(bucket, 0) + 1
    merged: dict[int, int] = {}
    for bucket, count in votes.items():
        merged[bucket] = count + votes.get(bucket - 1, 0) + votes.get(bucket + 1, 0)
    ranked = sorted(merged, key=lambda b: (-merged[b], b))
    chosen: list[int] = []
    for bucket in ranked:
        if all(abs(bucket - other) > 2 for other in chosen):
            chosen.append(bucket)
    return [max(0, bucket * _SEED_BUCKET) for bucket in chosen]


def _words_at(text: str) -> list[tuple[str, int]]:
    return [(match.group(), match.start()) for match in re.finditer(r"[^ \0]+", text)]


def _word_class(character: str) -> int:
    if character in " \0":
        return 0
    return 1 if character.isalnum() else 2


def _boundaries(text: str, low: int, high: int, *, at_start: bool) -> list[int]:
    """Positions in [low, high] where a word or a punctuation mark begins (or, for ends, ends)."""
    low, high = max(0, low), min(len(text), high)
    found = []
    for position in range(low, high + 1):
        before = _word_class(text[position - 1]) if position > 0 else 0
        after = _word_class(text[position]) if position < len(text) else 0
        # Each punctuation mark is a boundary of its own: a quote may end on the comma before a closing mark.
        if (before != after or before == after == 2) and (after if at_start else before):
            found.append(position)
    return found


def _best_boundary(text: str, quote: str, rough: int, reach: int, *, at_start: bool) -> int:
    """The boundary near `rough` where the quote's first (or last) characters fit the text best.

    Fit is the edit distance between the quote's first (last) characters and the text starting
    (ending) at the boundary, free to stop anywhere on the far side, so an edit near the boundary
    does not pull it a character off. Ties go to the boundary nearest the rough alignment.
    """
    size = min(len(quote), 24)
    piece = quote[:size] if at_start else quote[-size:]
    nearby = _boundaries(text, rough - reach, rough + reach, at_start=at_start)
    choices = [p for p in nearby if "\0" not in _near(text, p, size, at_start)]
    if not choices:
        return rough

    def misfit(position: int) -> tuple[int, int]:
        near = _near(text, position, size + 8, at_start)
        edits = distance_to_end(piece[::-1], near[::-1]) if at_start else distance_to_end(piece, near)
        return (edits, abs(position - rough))

    return min(choices, key=misfit)


def _near(text: str, position: int, size: int, at_start: bool) -> str:
    return text[position : position + size] if at_start else text[max(0, position - size) : position]


# --------------------------------------------------------------------------------------------
# Messages
# --------------------------------------------------------------------------------------------


def _word_diff(expected: str, found: str) -> str:
    """A short word-level description of how the article's text differs from the quote."""
    a, b = expected.split(), found.split()
    changes = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "replace":
            changes.append(f"'{' '.join(a[i1:i2])}' is '{' '.join(b[j1:j2])}'")
        elif tag == "delete":
            changes.append(f"'{' '.join(a[i1:i2])}' is not in the article")
        elif tag == "insert":
            changes.append(f"the article adds '{' '.join(b[j1:j2])}'")
    if not changes:
        return "only in punctuation or spacing"
    return "; ".join(changes[:4]) + ("; …" if len(changes) > 4 else "")


_MARKS = str.maketrans(_FOLD)


def _what_differs(quote: str, found: str) -> str | None:
    """What a normalized match ignored, or None when only whitespace differs."""
    quote, found = " ".join(quote.split()), " ".join(found.split())
    if quote == found:
        return None
    if quote.translate(_MARKS) == found.translate(_MARKS):
        return "quote marks, dashes or invisible characters"
    if quote.casefold() == found.casefold():
        return "differences of case"
    return "quote marks, dashes and case"


def _shown(words: str, limit: int = 240) -> str:
    """The article's words for a message, shortened in the middle when long."""
    words = " ".join(words.split())
    if len(words) <= limit:
        return words
    return words[: limit // 2 - 1].rstrip() + " … " + words[-(limit // 2 - 1) :].lstrip()


def _context_options(text: str, span: Span, side: str, *, within_paragraph: bool = True) -> list[str]:
    """Runs of whole words next to a span (in its paragraph, or beyond), shortest first: the contexts one could write."""
    if side == "prefix":
        paragraph = text.rfind("\n\n", 0, span.start) if within_paragraph else -1
        begins = paragraph + 2 if paragraph != -1 else 0
        words = re.findall(r"\S+\s*", text[max(span.start - 200, begins) : span.start])
        return ["".join(words[-count:]).strip() for count in range(1, len(words) + 1)]
    paragraph = text.find("\n\n", span.end) if within_paragraph else -1
    limit = min(span.end + 200, paragraph if paragraph != -1 else len(text))
    words = re.findall(r"\s*\S+", text[span.end : limit])
    return ["".join(words[:count]).strip() for count in range(1, len(words) + 1)]


def _distinguishing(
    article: _Article, span: Span, others: Sequence[Span], side: str, *, within_paragraph: bool = True
) -> str | None:
    """The shortest prefix (or suffix) of whole words that makes `span` win over `others`."""
    for option in _context_options(article.clean.text, span, side, within_paragraph=within_paragraph):
        folded = normalize(option).text
        wanted = _Wanted("", folded if side == "prefix" else "", folded if side == "suffix" else "")
        if not wanted.has_context:
            continue
        mine = context_score(article, span, wanted) or 0.0
        best_other = max((context_score(article, o, wanted) or 0.0 for o in others), default=0.0)
        if mine == 1.0 and clearly_better(mine, best_other, wanted):
            return option
    return None


def shortest_context(clean: CleanArticle, span: Span) -> tuple[str | None, str | None]:
    """The shortest context that anchors the words at `span` there: none when they are unique.

    Used when a claim is written for a contributor (import, `archive claim add`): a prefix of
    whole words if one tells the place from the other places the words appear, else a suffix;
    words of the same paragraph first, then beyond it; else both sides as far as they go.
    """
    article = _Article(clean)
    words = clean.text[span.start : span.end]
    location = locate_quote(article, ClaimSpec(Origin(""), quote=words))
    if location.status != "ambiguous":
        return None, None
    others = [s for s, _ in location.candidates if s != span]
    for within_paragraph in (True, False):
        for side in ("prefix", "suffix"):
            option = _distinguishing(article, span, others, side, within_paragraph=within_paragraph)
            if option is not None:
                return (option, None) if side == "prefix" else (None, option)
    prefixes = _context_options(clean.text, span, "prefix", within_paragraph=False)
    suffixes = _context_options(clean.text, span, "suffix", within_paragraph=False)
    return (prefixes[-1] if prefixes else None), (suffixes[-1] if suffixes else None)


def _suggest_context(article: _Article, spans: Sequence[Span]) -> str:
    """The shortest run of preceding (or following) words that tells one match from the others."""
    for side in ("prefix", "suffix"):
        options = []
        for number, span in enumerate(spans, start=1):
            option = _distinguishing(article, span, [o for o in spans if o != span], side)
            if option is not None:
                options.append((len(option.split()), len(option), number, option))
        if options:
            _, _, number, option = min(options)
            return f'add {side}: "{option}" to pick match {number}'
    return "add a prefix or suffix to pick one"


def _keep_hint(entry: LogEntry) -> str:
    first_line = entry.text.strip().splitlines()[0].strip() if entry.text.strip() else ""
    pattern = "^" + re.escape(first_line) + "$"
    pattern = pattern.replace("'", "''")
    return f"to keep it, add under 'cleaning:' in this file: keep_lines: ['{pattern}']"


def _report(article: _Article, spec: ClaimSpec, location: Location, diagnostics: Diagnostics) -> bool:
    """Turn a location into its message, if it needs one; whether the claim is anchored."""
    origin = spec.origin_of("quote")
    text = article.clean.text
    match location.status:
        case "empty":
            diagnostics.error(origin, "quote is empty after removing spaces and invisible characters")
        case "removed":
            _report_removed(location, origin, diagnostics)
        case "ambiguous":
            _report_ambiguous(article, spec, location, origin, diagnostics)
        case "not-found":
            _report_not_found(article, spec, location, origin, diagnostics)
        case "approximate":
            return _report_approximate(article, spec, location, origin, diagnostics)
        case _:
            assert location.span is not None
            found = text[location.span.start : location.span.end]
            if location.status == "normalized" and (differs := _what_differs(spec.quote, found)):
                diagnostics.warning(
                    origin,
                    f"quote matches the article only when {differs} are ignored; the article reads: '{_shown(found)}'; "
                    "copy it exactly to silence this warning",
                )
            if location.context is not None and location.context < CONTEXT_FITS:
                diagnostics.warning(
                    spec.origin_of("prefix") if spec.prefix else spec.origin_of("suffix"),
                    f"quote found, but its prefix/suffix no longer fits ({location.context:.0%}); the text there reads "
                    f"{_snippet(text, location.span)}; update the prefix/suffix to match",
                )
            return True
    return False


def _report_removed(location: Location, origin: Origin, diagnostics: Diagnostics) -> None:
    entry = location.removed
    assert entry is not None
    rule = f" by the rule at {entry.rule}" if entry.rule else ""
    diagnostics.error(
        origin,
        f"quote is in text the cleaner removed: line {entry.raw_line} of the raw article "
        f"('{entry.display_text[:80]}'), removed as {entry.reason}{rule}; {_keep_hint(entry)}",
    )


def _report_ambiguous(
    article: _Article, spec: ClaimSpec, location: Location, origin: Origin, diagnostics: Diagnostics
) -> None:
    spans = [span for span, _ in location.candidates]
    places = "; ".join(f"({n}) {article.place(s)}" for n, s in enumerate(spans, start=1))
    if location.candidates and location.candidates[0][1] is not None:
        scores = ", ".join(f"{score:.0%}" for _, score in location.candidates if score is not None)
        diagnostics.error(
            origin,
            f"ambiguous quote: its prefix/suffix does not tell {len(spans)} places apart "
            f"(context fits {scores}): {places}; {_suggest_context(article, spans)}",
        )
        return
    kind = "approximately matches" if spec.quote not in article.clean.text else "matches"
    diagnostics.error(
        origin,
        f"ambiguous quote: it {kind} {len(spans)} places: {places}; {_suggest_context(article, spans)}",
    )


def _report_not_found(
    article: _Article, spec: ClaimSpec, location: Location, origin: Origin, diagnostics: Diagnostics
) -> None:
    if location.nearest is None:
        diagnostics.error(origin, "quote not found: the article text is empty")
        return
    found = article.clean.text[location.nearest.start : location.nearest.end]
    if location.context is not None and location.context < CONTEXT_MINIMUM:
        diagnostics.error(
            origin,
            f"quote not found in the article; the closest text ({location.similarity:.0f}% similar, "
            f"{article.place(location.nearest)}) does not have the given prefix/suffix around it "
            f"({location.context:.0%}); it differs: {_word_diff(spec.quote, found)}",
        )
        return
    diagnostics.error(
        origin,
        f"quote not found in the article; the closest text ({location.similarity:.0f}% similar, "
        f"{article.place(location.nearest)}) differs: {_word_diff(spec.quote, found)}",
    )


def _report_approximate(
    article: _Article, spec: ClaimSpec, location: Location, origin: Origin, diagnostics: Diagnostics
) -> bool:
    assert location.span is not None
    found = article.clean.text[location.span.start : location.span.end]
    difference = _word_diff(spec.quote, found)
    if spec.kind is ClaimKind.DIRECT:
        diagnostics.error(
            origin,
            f"direct quote differs from the article ({location.similarity:.0f}% similar, "
            f"{article.place(location.span)}): {difference}; a direct quotation must be the article's exact "
            f"words: copy '{_shown(found)}' (or use kind: indirect for a paraphrase)",
        )
        return False
    diagnostics.warning(
        origin,
        f"quote matched approximately ({location.similarity:.0f}% similar); the site shows the article's words: "
        f"'{_shown(found)}' ({difference}); copy them exactly to silence this warning",
    )
    return True


# --------------------------------------------------------------------------------------------
# Claims
# --------------------------------------------------------------------------------------------


def _anchor_cue(article: _Article, spec: ClaimSpec, quote: Span, diagnostics: Diagnostics) -> Span | None:
    """The occurrence of the cue nearest the quote, outside it where possible."""
    if spec.cue is None:
        return None
    text = article.clean.text
    spans = [Span(s, s + len(spec.cue)) for s in _find_all(text, spec.cue)]
    if not spans:
        folded_cue = normalize(spec.cue).text
        spans = [article.folded.span(s, s + len(folded_cue)) for s in _find_all(article.folded.text, folded_cue)]
    spans = [s for s in spans if _is_word_at(text, s)] or spans
    if not spans:
        diagnostics.warning(spec.origin_of("cue"), f"cue '{spec.cue}' not found in the article")
        return None

    def distance(span: Span) -> int:
        if span.end <= quote.start:
            return quote.start - span.end
        if span.start >= quote.end:
            return span.start - quote.end
        return 0

    nearest = min(spans, key=lambda s: (distance(s), s.start))
    if distance(nearest) > 400:
        diagnostics.warning(spec.origin_of("cue"), f"cue '{spec.cue}' is not near the quote")
        return None
    return nearest


def _is_word_at(text: str, span: Span) -> bool:
    before = text[span.start - 1] if span.start > 0 else " "
    after = text[span.end] if span.end < len(text) else " "
    return not before.isalnum() and not after.isalnum()


@dataclass(slots=True)
class _Taken:
    """Spans already taken by claims of the article, to catch two claims landing on one place."""

    by_span: dict[Span, ClaimSpec] = field(default_factory=dict)

    def clash(self, span: Span, spec: ClaimSpec) -> ClaimSpec | None:
        other = self.by_span.get(span)
        if other is None:
            self.by_span[span] = spec
            return None
        same = (other.quote, other.prefix, other.suffix) == (spec.quote, spec.prefix, spec.suffix)
        return None if same else other


def anchor_claims(clean: CleanArticle, claims: Sequence[ClaimSpec], diagnostics: Diagnostics) -> list[AnchoredClaim]:
    """Anchor every claim of one article; claims that cannot be anchored are reported and left out."""
    article = _Article(clean)
    taken = _Taken()
    anchored = []
    for spec in claims:
        location = locate_quote(article, spec)
        if not _report(article, spec, location, diagnostics):
            continue
        span = location.span
        assert span is not None
        other = taken.clash(span, spec)
        if other is not None:
            diagnostics.error(
                spec.origin_of("quote"),
                f"claim '{spec.id}' lands on the same words as claim '{other.id}' (line {other.origin_of('quote').line}): "
                f"{article.place(span)}; two claims with different quotes or contexts cannot share one place: "
                "check the quote and its prefix/suffix",
            )
            continue
        cue = _anchor_cue(article, spec, span, diagnostics)
        score = location.similarity if location.status == "approximate" else 100.0
        anchored.append(
            AnchoredClaim(
                ClaimRef(clean.article_id, spec.id),
                spec,
                span,
                cue,
                location.status,
                score,
                quote=clean.text[span.start : span.end],
                raw_span=clean.offsets.span_to_raw(span) if clean.offsets.segments else None,
            )
        )
    return anchored
