"""Anchor: claims and clean texts in, each quote's place in the text out (or why it has none); reads no files.

Three tries, in order: the exact text; the text ignoring differences of whitespace, quote marks,
dashes, ellipses and case; an approximate match (RapidFuzz), accepted only above
`APPROXIMATE_THRESHOLD` and reported as a warning with the text actually found. Several matches
without context to choose between them are an error: a wrong place is worse than no place.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from build_tools.diagnostics import Diagnostics, Origin
from build_tools.model import AnchoredClaim, ClaimRef, ClaimSpec, CleanArticle, Span

APPROXIMATE_THRESHOLD = 90.0
"""Lowest similarity (percent) at which an approximate match is accepted."""

AMBIGUITY_MARGIN = 3.0
"""An approximate runner-up this close to the best match makes the match ambiguous."""

_FOLD = {
    **dict.fromkeys('‘’‚‛′`´ʼ“”„‟″«»‹›"', "'"),
    **dict.fromkeys("‐‑‒–—―−", "-"),
    "…": "...",
}


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


def normalize(text: str) -> Normalized:
    """Fold quote marks, dashes, ellipses, case and runs of whitespace, remembering positions."""
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


@dataclass(slots=True)
class _Context:
    """Where the article text is and how to describe places in it."""

    clean: CleanArticle
    _folded: Normalized | None = None

    @property
    def folded(self) -> Normalized:
        """The folded text, computed once and only when an exact match fails."""
        if self._folded is None:
            self._folded = normalize(self.clean.text)
        return self._folded

    def place(self, span: Span) -> str:
        paragraph = next((n for n, (s, e) in enumerate(self.clean.paragraphs, start=1) if s <= span.start < e), 0)
        return f"paragraph {paragraph}: '{_snippet(self.clean.text, span)}'"


def _snippet(text: str, span: Span, width: int = 30) -> str:
    before = text[max(0, span.start - width) : span.start].rsplit("\n", maxsplit=1)[-1]
    after = text[span.end : span.end + width].split("\n", maxsplit=1)[0]
    middle = text[span.start : span.end]
    if len(middle) > 60:
        middle = middle[:28] + "…" + middle[-28:]
    return f"…{before}[{middle}]{after}…".replace("\n", " ")


def _prefix_fits(text: str, start: int, prefix: str) -> bool:
    """Whether the text just before `start` ends with `prefix` (folded), starting at a word boundary."""
    wanted = normalize(prefix).text
    before = normalize(text[max(0, start - len(prefix) - 20) : start]).text
    if not before.endswith(wanted):
        return False
    cut = len(before) - len(wanted)
    return cut == 0 or not wanted[:1].isalnum() or not before[cut - 1].isalnum()


def _suffix_fits(text: str, end: int, suffix: str) -> bool:
    """Whether the text just after `end` starts with `suffix` (folded), ending at a word boundary."""
    wanted = normalize(suffix).text
    after = normalize(text[end : end + len(suffix) + 20]).text
    if not after.startswith(wanted):
        return False
    rest = after[len(wanted) :]
    return not rest or not wanted[-1:].isalnum() or not rest[0].isalnum()


def _fits_context(context: _Context, span: Span, spec: ClaimSpec) -> bool:
    text = context.clean.text
    if spec.prefix is not None and not _prefix_fits(text, span.start, spec.prefix):
        return False
    return spec.suffix is None or _suffix_fits(text, span.end, spec.suffix)


def _choose(
    context: _Context, spans: list[Span], spec: ClaimSpec, origin: Origin, diagnostics: Diagnostics
) -> Span | None:
    """Pick the one span the prefix/suffix allow; report ambiguity otherwise."""
    fitting = [s for s in spans if _fits_context(context, s, spec)]
    if len(fitting) == 1:
        return fitting[0]
    if not fitting:
        places = "; ".join(context.place(s) for s in spans)
        diagnostics.error(origin, f"quote found, but not with the given prefix/suffix; it appears at {places}")
        return None
    places = "; ".join(f"({n}) {context.place(s)}" for n, s in enumerate(fitting, start=1))
    suggestion = _suggest_prefix(context.clean.text, fitting)
    diagnostics.error(
        origin,
        f"ambiguous quote: it matches {len(fitting)} places: {places}; {suggestion}",
    )
    return None


def _suggest_prefix(text: str, spans: Sequence[Span]) -> str:
    """The shortest run of preceding words that tells one match from the others (or following words)."""
    for number, span in enumerate(spans, start=1):
        others = [s for s in spans if s != span]
        words = re.findall(r"\S+\s*", text[max(0, span.start - 200) : span.start])
        for count in range(1, len(words) + 1):
            prefix = "".join(words[-count:]).strip()
            if _prefix_fits(text, span.start, prefix) and not any(_prefix_fits(text, o.start, prefix) for o in others):
                return f'add prefix: "{prefix}" to pick match {number}'
    for number, span in enumerate(spans, start=1):
        others = [s for s in spans if s != span]
        words = re.findall(r"\s*\S+", text[span.end : span.end + 200])
        for count in range(1, len(words) + 1):
            suffix = "".join(words[:count]).strip()
            if _suffix_fits(text, span.end, suffix) and not any(_suffix_fits(text, o.end, suffix) for o in others):
                return f'add suffix: "{suffix}" to pick match {number}'
    return "add a prefix or suffix to pick one"


def anchor_span(
    context: _Context, needle: str, spec: ClaimSpec, origin: Origin, diagnostics: Diagnostics
) -> tuple[Span, str, float] | None:
    """Find `needle` in the article: (span, method, score), or None after reporting why not."""
    text = context.clean.text
    exact = [Span(s, s + len(needle)) for s in _find_all(text, needle)]
    if exact:
        chosen = _choose(context, exact, spec, origin, diagnostics)
        return (chosen, "exact", 100.0) if chosen else None
    folded_needle = normalize(needle).text
    folded = context.folded
    loose = [folded.span(s, s + len(folded_needle)) for s in _find_all(folded.text, folded_needle)]
    if loose:
        chosen = _choose(context, loose, spec, origin, diagnostics)
        return (chosen, "normalized", 100.0) if chosen else None
    return _approximate(context, needle, folded_needle, origin, diagnostics)


def _approximate(
    context: _Context, needle: str, folded_needle: str, origin: Origin, diagnostics: Diagnostics
) -> tuple[Span, str, float] | None:
    folded = context.folded
    best = _best_window(folded.text, folded_needle)
    if best is None:
        diagnostics.error(origin, "quote not found: the article text is empty")
        return None
    score, start, end = best
    span = folded.span(start, end)
    found = context.clean.text[span.start : span.end]
    if score < APPROXIMATE_THRESHOLD:
        diagnostics.error(
            origin,
            f"quote not found in the article; the closest text ({score:.0f}% similar, "
            f"{context.place(span)}) differs: {_word_diff(needle, found)}",
        )
        return None
    masked = folded.text[:start] + "\0" * (end - start) + folded.text[end:]
    runner_up = _best_window(masked, folded_needle)
    if runner_up is not None and runner_up[0] >= score - AMBIGUITY_MARGIN:
        other = folded.span(runner_up[1], runner_up[2])
        diagnostics.error(
            origin,
            f"ambiguous quote: it approximately matches {context.place(span)} and {context.place(other)}; "
            "copy the quote exactly from the article",
        )
        return None
    diagnostics.warning(
        origin,
        f"quote matched approximately ({score:.0f}% similar); the article reads: '{found}' "
        f"({_word_diff(needle, found)}); copy it exactly to silence this warning",
    )
    return span, "approximate", score


def _best_window(haystack: str, needle: str) -> tuple[float, int, int] | None:
    """The most similar window of `haystack`, widened or narrowed to word boundaries."""
    if not haystack or not needle:
        return None
    rough = fuzz.partial_ratio_alignment(needle, haystack)
    if rough is None:  # Only below a score cutoff, and none is given.
        return None
    slack = max(3, len(needle) // 4)
    starts = _boundaries(haystack, rough.dest_start - slack, rough.dest_start + slack, start=True)
    ends = _boundaries(haystack, rough.dest_end - slack, rough.dest_end + slack, start=False)
    best = (fuzz.ratio(needle, haystack[rough.dest_start : rough.dest_end]), rough.dest_start, rough.dest_end)
    for s in starts:
        for e in ends:
            if e - s >= len(needle) // 2:
                score = fuzz.ratio(needle, haystack[s:e])
                if score > best[0]:
                    best = (score, s, e)
    return best


def _boundaries(text: str, low: int, high: int, *, start: bool) -> list[int]:
    low, high = max(0, low), min(len(text), high)
    found = []
    for i in range(low, high + 1):
        before = text[i - 1] if i > 0 else " "
        after = text[i] if i < len(text) else " "
        if (start and before in " \0" and after not in " \0") or (not start and after in " \0" and before not in " \0"):
            found.append(i)
    return found or [low if start else high]


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


def _anchor_cue(context: _Context, spec: ClaimSpec, quote: Span, diagnostics: Diagnostics) -> Span | None:
    """The occurrence of the cue nearest the quote, outside it where possible."""
    if spec.cue is None:
        return None
    spans = [Span(s, s + len(spec.cue)) for s in _find_all(context.clean.text, spec.cue)]
    if not spans:
        folded_cue = normalize(spec.cue).text
        spans = [context.folded.span(s, s + len(folded_cue)) for s in _find_all(context.folded.text, folded_cue)]
    spans = [s for s in spans if _is_word_at(context.clean.text, s)] or spans
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


def anchor_claims(clean: CleanArticle, claims: Sequence[ClaimSpec], diagnostics: Diagnostics) -> list[AnchoredClaim]:
    """Anchor every claim of one article; claims that cannot be anchored are reported and left out."""
    context = _Context(clean)
    anchored = []
    for spec in claims:
        found = anchor_span(context, spec.quote, spec, spec.origin_of("quote"), diagnostics)
        if found is None:
            continue
        span, method, score = found
        cue = _anchor_cue(context, spec, span, diagnostics)
        anchored.append(AnchoredClaim(ClaimRef(clean.article_id, spec.id), spec, span, cue, method, score))
    return anchored
