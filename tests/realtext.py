"""The real-text corpus (`tests/corpus/`) and what anchoring and cleaning make of it.

Each corpus article is a real news text with its quotes recorded independently of the archive's
code (offsets found with `str.find` on text checked by eye, see `tests/corpus/README.md`). This
module turns the recorded quotes into claims, optionally re-scrapes the text with seeded
perturbations (`rescrape`), anchors the claims with the archive's own stages, and sorts every
claim into what happened to it (`Outcome`). The tests assert the targets on it and
`bench/realtext.py` prints the figures.
"""

from __future__ import annotations

import random
import re
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from build_tools.anchor import anchor_claims, locate
from build_tools.clean import clean_article
from build_tools.diagnostics import Diagnostics, Origin
from build_tools.load import RawArticle
from build_tools.model import ClaimKind, ClaimSpec, CleanArticle, Span

CORPUS = Path(__file__).resolve().parent / "corpus"
"""Where the corpus lives."""

CONTEXTS = ("none", "words", "w3c")
"""Context given with each quote: none, a few whole words on each side, or 32 characters cut anywhere (W3C)."""


@dataclass(frozen=True, slots=True)
class TrueQuote:
    """A quote of a corpus article and where it really is."""

    text: str
    start: int
    end: int
    kind: str
    speaker: str | None


@dataclass(frozen=True, slots=True)
class CorpusArticle:
    """One corpus article: its raw text, metadata and true quotes."""

    id: str
    text: str
    meta: dict[str, object]
    quotes: tuple[TrueQuote, ...]

    @property
    def headline_line(self) -> bool:
        """Whether the file's first line is the headline."""
        return bool(self.meta.get("headline_line"))


def load_corpus(folder: Path = CORPUS) -> list[CorpusArticle]:
    """Every article of the corpus that has its metadata file."""
    articles = []
    for path in sorted(folder.glob("*.yml")):
        text_path = path.with_suffix(".txt")
        if not text_path.is_file():
            continue
        meta = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        text = text_path.read_text(encoding="utf-8")
        quotes = tuple(
            TrueQuote(q["text"], int(q["start"]), int(q["end"]), str(q.get("kind", "direct")), q.get("speaker"))
            for q in meta.get("quotes", ())
        )
        articles.append(CorpusArticle(path.stem, text, meta, quotes))
    return articles


# --------------------------------------------------------------------------------------------
# Re-scraping: seeded perturbations that keep track of where every quote went
# --------------------------------------------------------------------------------------------

NOISE_LINES = (
    "Advertisement",
    "Share this article",
    "Photo: Getty Images",
    "Listen to this story",
    "Sign up for updates",
)


@dataclass(slots=True)
class _Edits:
    """Replacements of the old text, applied at once; positions of the old text map through them."""

    text: str
    changes: list[tuple[int, int, str]] = field(default_factory=list)

    def replace(self, start: int, end: int, new: str) -> None:
        self.changes.append((start, end, new))

    def apply(self) -> tuple[str, list[tuple[int, int, str]]]:
        """The new text and the changes made, in order (of overlapping changes, the first one only)."""
        out, position, applied = [], 0, []
        for start, end, new in sorted(self.changes, key=lambda c: (c[0], c[1])):
            if start < position or (applied and start == position and applied[-1][0] == applied[-1][1] == start):
                continue
            out.append(self.text[position:start])
            out.append(new)
            applied.append((start, end, new))
            position = end
        out.append(self.text[position:])
        return "".join(out), applied

    @staticmethod
    def map_position(position: int, ordered: list[tuple[int, int, str]], *, at_end: bool) -> int:
        """Where an old position is in the new text: a span's start keeps insertions made at it outside."""
        shift = 0
        for start, end, new in ordered:
            if start > position or (start == position and (at_end or end > start)):
                break
            if end <= position:
                shift += len(new) - (end - start)
                continue
            return start + shift + (len(new) if at_end else 0)
        return position + shift


def rescrape(article: CorpusArticle, seed: int, headlines: Iterable[str] = ()) -> CorpusArticle:
    """The same article as another scrape would give it, quotes moved to where they now are.

    Whitespace and line breaks change, curly and straight quote marks are swapped, noise lines
    ("Advertisement", "READ MORE: ...") appear between paragraphs, and 10% of the quotes get one
    to three character edits in the text itself.
    """
    chooser = random.Random(f"{article.id}:{seed}")
    text = article.text
    edits = _Edits(text)
    protected = [(q.start, q.end) for q in article.quotes]
    _rewrap(text, edits, chooser)
    _swap_quote_marks(text, edits, chooser)
    _add_noise(text, edits, chooser, protected, list(headlines))
    edited_quotes = {i for i in range(len(article.quotes)) if chooser.random() < 0.1}
    for index in sorted(edited_quotes):
        _edit_inside(text, article.quotes[index], edits, chooser)
    new_text, ordered = edits.apply()
    quotes = []
    for quote in article.quotes:
        start = _Edits.map_position(quote.start, ordered, at_end=False)
        end = _Edits.map_position(quote.end, ordered, at_end=True)
        quotes.append(replace(quote, start=start, end=end))
    return CorpusArticle(article.id, new_text, article.meta, tuple(quotes))


def _rewrap(text: str, edits: _Edits, chooser: random.Random) -> None:
    for match in re.finditer(r"[^\n]{90,}", text):
        if chooser.random() < 0.4:
            column = match.start() + chooser.randint(60, 80)
            space = text.find(" ", column, match.end())
            if space != -1:
                edits.replace(space, space + 1, "\n")
    for match in re.finditer(r"\n\n", text):
        if chooser.random() < 0.2:
            edits.replace(match.start(), match.end(), "\n \n\n")
    for match in re.finditer(r"(?<=[.!?]) (?=[A-Z])", text):
        if chooser.random() < 0.05:
            edits.replace(match.start(), match.end(), "  ")


_SWAPS = {"“": '"', "”": '"', "’": "'", "‘": "'", '"': "“", "'": "’"}


def _swap_quote_marks(text: str, edits: _Edits, chooser: random.Random) -> None:
    if chooser.random() < 0.5:
        return
    for position, character in enumerate(text):
        if character in _SWAPS and chooser.random() < 0.8:
            edits.replace(position, position + 1, _SWAPS[character])


def _add_noise(
    text: str, edits: _Edits, chooser: random.Random, protected: list[tuple[int, int]], headlines: list[str]
) -> None:
    boundaries = [m.start() for m in re.finditer(r"\n\n", text)]
    boundaries = [b for b in boundaries if not any(s < b < e for s, e in protected)]
    for boundary in chooser.sample(boundaries, min(len(boundaries), chooser.randint(1, 3))):
        line = chooser.choice(NOISE_LINES)
        if headlines and chooser.random() < 0.4:
            line = "READ MORE: " + chooser.choice(headlines)
        separator = chooser.choice(["\n\n", "\n"])
        edits.replace(boundary, boundary, f"\n\n{line}{separator}")


def _edit_inside(text: str, quote: TrueQuote, edits: _Edits, chooser: random.Random) -> None:
    letters = [i for i in range(quote.start + 1, quote.end - 1) if text[i].isalpha()]
    for position in chooser.sample(letters, min(len(letters), chooser.randint(1, 3))):
        operation = chooser.choice(["substitute", "delete", "insert"])
        if operation == "substitute":
            edits.replace(position, position + 1, "x" if text[position] != "x" else "y")
        elif operation == "delete":
            edits.replace(position, position + 1, "")
        else:
            edits.replace(position, position, "e")


# --------------------------------------------------------------------------------------------
# Anchoring the recorded quotes
# --------------------------------------------------------------------------------------------


def claims_for(article: CorpusArticle, context: str) -> list[ClaimSpec]:
    """One claim per true quote, written as a contributor would from the original text."""
    specs = []
    for number, quote in enumerate(article.quotes, start=1):
        prefix, suffix = _context(article.text, quote, context)
        kind = ClaimKind.INDIRECT if quote.kind == "indirect" else ClaimKind.DIRECT
        origin = Origin(f"annotations/articles/{article.id}.yml", number)
        specs.append(
            ClaimSpec(origin, id=f"q{number}", quote=quote.text, prefix=prefix, suffix=suffix, kind=kind, summary="-")
        )
    return specs


def _context(text: str, quote: TrueQuote, context: str) -> tuple[str | None, str | None]:
    if context == "none":
        return None, None
    if context == "w3c":
        return text[max(0, quote.start - 32) : quote.start] or None, text[quote.end : quote.end + 32] or None
    before = re.findall(r"\S+\s*", text[max(0, quote.start - 120) : quote.start])[-4:]
    after = re.findall(r"\s*\S+", text[quote.end : quote.end + 120])[:4]
    return "".join(before) or None, "".join(after) or None


@dataclass(frozen=True, slots=True)
class Outcome:
    """What anchoring did with one recorded quote."""

    article: str
    quote: TrueQuote
    status: str
    """`exact`, `normalized`, `approximate` (accepted), `refused` (a direct quote matched only
    approximately: an error naming the place), `ambiguous`, `not-found`, `removed`."""
    span: Span | None
    """The raw span chosen (accepted) or named (refused), if any."""
    message: str = ""

    @property
    def accepted(self) -> bool:
        return self.status in ("exact", "normalized", "approximate")

    @property
    def at_true_span(self) -> bool:
        return self.span == (self.quote.start, self.quote.end)

    @property
    def wrong_place(self) -> bool:
        """Accepted (published) somewhere the quote is not."""
        return self.accepted and not self.at_true_span

    @property
    def located(self) -> bool:
        """Accepted at the true span, or refused with the true span named."""
        return self.status in ("exact", "normalized", "approximate", "refused") and self.at_true_span


def clean_corpus_article(article: CorpusArticle) -> CleanArticle:
    """The corpus article as the archive cleans it, with no outlet rules (none of its outlets has any)."""
    raw = RawArticle(article.id, f"articles/{article.id}.txt", article.text, "0" * 64)
    return clean_article(raw, {}, None, Diagnostics())


def anchor_article(article: CorpusArticle, context: str) -> list[Outcome]:
    """Every recorded quote of one article, anchored with the given kind of context."""
    clean = clean_corpus_article(article)
    specs = claims_for(article, context)
    diagnostics = Diagnostics()
    anchored = {c.spec.id: c for c in anchor_claims(clean, specs, diagnostics)}
    messages: dict[int, str] = {}
    for diagnostic in diagnostics.items:
        messages.setdefault(diagnostic.origin.line, str(diagnostic))
    outcomes = []
    for number, (spec, quote) in enumerate(zip(specs, article.quotes, strict=True), start=1):
        claim = anchored.get(spec.id)
        if claim is not None:
            span = clean.offsets.span_to_raw(claim.span)
            outcomes.append(Outcome(article.id, quote, claim.method, span, messages.get(number, "")))
            continue
        location = locate(clean, spec)
        status = "refused" if location.status == "approximate" else location.status
        named = clean.offsets.span_to_raw(location.span) if location.span is not None else None
        outcomes.append(Outcome(article.id, quote, status, named, messages.get(number, "")))
    return outcomes


def anchor_corpus(articles: Iterable[CorpusArticle], context: str) -> list[Outcome]:
    """Every recorded quote of every article."""
    return [outcome for article in articles for outcome in anchor_article(article, context)]


def as_annotated(original: list[Outcome], outcomes: list[Outcome]) -> list[Outcome]:
    """The outcomes (after a re-scrape) of the claims `check` accepted on the original text, in the same order.

    A claim refused on the original text (a quote printed twice and no context to choose with)
    never reaches the archive, so what a re-scrape does with it says nothing about the archive.
    """
    assert len(original) == len(outcomes)
    return [after for before, after in zip(original, outcomes, strict=True) if before.accepted and before.at_true_span]


def rescraped(articles: list[CorpusArticle], seed: int = 1) -> list[CorpusArticle]:
    """Every article re-scraped with the same seed."""
    headlines = [str(a.meta.get("title", "")) for a in articles if a.meta.get("title")]
    return [rescrape(article, seed, headlines) for article in articles]


@dataclass(frozen=True, slots=True)
class Figures:
    """Counts over a set of outcomes."""

    total: int
    by_status: Counter[str]
    located: int
    wrong: int
    refused_elsewhere: int

    @classmethod
    def of(cls, outcomes: list[Outcome]) -> Figures:
        return cls(
            total=len(outcomes),
            by_status=Counter(o.status for o in outcomes),
            located=sum(o.located for o in outcomes),
            wrong=sum(o.wrong_place for o in outcomes),
            refused_elsewhere=sum(o.status == "refused" and not o.at_true_span for o in outcomes),
        )

    def line(self, label: str) -> str:
        statuses = ", ".join(f"{k} {v}" for k, v in sorted(self.by_status.items()))
        share = 100 * self.located / self.total if self.total else 0.0
        return (
            f"{label}: {self.total} claims; located at the exact span {self.located} ({share:.2f}%); "
            f"wrong places {self.wrong}; refused elsewhere {self.refused_elsewhere}; {statuses}"
        )


def lost_body_characters(article: CorpusArticle) -> int:
    """Characters of the raw text (other than whitespace) neither in the clean text nor in a logged removal."""
    clean = clean_corpus_article(article)
    kept = bytearray(len(article.text))
    for _, raw_start, length in clean.offsets.segments:
        kept[raw_start : raw_start + length] = b"\1" * length
    for entry in clean.log:
        kept[entry.start : entry.end] = b"\1" * (entry.end - entry.start)
    return sum(1 for i, c in enumerate(article.text) if not kept[i] and not c.isspace())


def check_times(articles: list[CorpusArticle]) -> Iterator[float]:
    """Seconds to clean and anchor each article with whole-word context (what `check` spends on it)."""
    for article in articles:
        specs = claims_for(article, "words")
        started = time.perf_counter()
        clean = clean_corpus_article(article)
        anchor_claims(clean, specs, Diagnostics())
        yield time.perf_counter() - started
