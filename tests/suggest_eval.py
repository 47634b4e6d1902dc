"""How well `archive new` suggests quotations and speakers, measured on the real articles of `tests/corpus/`.

Each corpus article is `<id>.txt` (the raw scrape) and `<id>.yml` (its provenance and true
quotations: `quotes: [{text, start, end, kind, speaker, cue}]`). Only files with
`complete_direct_quotes: true` list every direct quotation, so only they are measured.

- A suggestion matches a true direct quotation when their spans overlap by at least 80% of the
  shorter one (spans in the raw file, one-to-one).
- Recall counts the true direct quotations of at least `MIN_WORDS` words (shorter ones are not
  suggested by design); precision counts every suggestion.
- A matched suggestion's speaker is right when its name (the registered name, or the proposed new
  entry's) equals the true speaker's after normalisation, or their last words agree and no other
  true speaker of the article has that last word.
- Speakers are measured twice: with an empty registry, and with one holding every speaker of the
  corpus (the way an archive that already knows them would run).

Title, date and outlet detection is measured against the provenance each `<id>.yml` records.

Run `python -m tests.suggest_eval` for the figures, per article and in total (`--details` lists
every miss, false alarm and wrong speaker).
"""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from build_tools.clean import clean_article, fold_title
from build_tools.detect import detect_metadata
from build_tools.diagnostics import Diagnostics, Origin
from build_tools.load import RawArticle
from build_tools.model import Outlet, Speaker
from build_tools.names import kind_of, slug
from build_tools.suggest import MIN_WORDS, Suggestion, suggest_claims

CORPUS = Path(__file__).resolve().parent / "corpus"
OVERLAP = 0.8
"""Share of the shorter span two spans must share to match."""


@dataclass(frozen=True, slots=True)
class TrueQuote:
    """A direct quotation of the corpus, in the raw file."""

    start: int
    end: int
    text: str
    speaker: str | None


@dataclass(frozen=True, slots=True)
class CorpusArticle:
    """One measured article."""

    article_id: str
    text: str
    quotes: tuple[TrueQuote, ...]
    """Direct quotations of at least `MIN_WORDS` words."""
    speakers: tuple[str, ...]
    """Every speaker name of its quotations."""


@dataclass(frozen=True, slots=True)
class Figures:
    """The counts of one article (or of all), for one registry."""

    true: int
    suggested: int
    matched: int
    speakers_right: int
    misses: tuple[str, ...] = ()
    false_alarms: tuple[str, ...] = ()
    wrong_speakers: tuple[str, ...] = ()

    @property
    def recall(self) -> float:
        return self.matched / self.true if self.true else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.suggested if self.suggested else 1.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speakers_right / self.matched if self.matched else 1.0

    def __add__(self, other: Figures) -> Figures:
        return Figures(
            self.true + other.true,
            self.suggested + other.suggested,
            self.matched + other.matched,
            self.speakers_right + other.speakers_right,
        )


def words(text: str) -> int:
    return len(re.findall(r"[^\W_][\w’'-]*", text))


def load_corpus(folder: Path = CORPUS) -> list[CorpusArticle]:
    """The corpus articles whose direct quotations are complete, sorted by id."""
    articles = []
    for meta_path in sorted(folder.glob("*.yml")):
        text_path = meta_path.with_suffix(".txt")
        meta = yaml.safe_load(meta_path.read_text(encoding="utf-8")) or {}
        if not meta.get("complete_direct_quotes") or not text_path.is_file():
            continue
        text = text_path.read_text(encoding="utf-8")
        quotes = [_true_quote(text, q) for q in meta.get("quotes") or []]
        direct = tuple(
            q for q, spec in zip(quotes, meta.get("quotes") or [], strict=True) if spec.get("kind") == "direct"
        )
        speakers = tuple(sorted({q.speaker for q in quotes if q.speaker}))
        articles.append(
            CorpusArticle(meta_path.stem, text, tuple(q for q in direct if words(q.text) >= MIN_WORDS), speakers)
        )
    return articles


def _true_quote(text: str, spec: Mapping[str, object]) -> TrueQuote:
    quoted = str(spec["text"])
    start, end = int(str(spec["start"])), int(str(spec["end"]))
    if text[start:end] != quoted:
        # Offsets must point at the text; when they do not, the first occurrence is the best guess.
        found = text.find(quoted)
        if found != -1:
            start, end = found, found + len(quoted)
    speaker = spec.get("speaker")
    return TrueQuote(start, end, quoted, str(speaker) if speaker else None)


def corpus_registry(articles: Iterable[CorpusArticle]) -> dict[str, Speaker]:
    """A registry of every speaker the corpus names (no aliases: surnames are matched as the tool matches them)."""
    registry: dict[str, Speaker] = {}
    for article in articles:
        for name in article.speakers:
            speaker_id = slug(name) or "speaker"
            kind = "organization" if kind_of(name) == "organization" else "person"
            registry.setdefault(speaker_id, Speaker(Origin("corpus"), id=speaker_id, name=name, type=kind))
    return registry


def suggestions_in_raw(article: CorpusArticle, speakers: Mapping[str, Speaker]) -> list[tuple[int, int, Suggestion]]:
    """What `archive new` suggests for the article, with each quotation's span in the raw file."""
    raw = RawArticle(article.article_id, f"tests/corpus/{article.article_id}.txt", article.text, _digest(article.text))
    clean = clean_article(raw, {}, None, Diagnostics())
    found = []
    for suggestion in suggest_claims(clean.text, speakers).claims:
        start = clean.offsets.to_raw(suggestion.start)
        end = clean.offsets.to_raw(max(suggestion.start, suggestion.end - 1)) + 1
        found.append((start, end, suggestion))
    return found


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return shared > 0 and shared >= OVERLAP * min(a[1] - a[0], b[1] - b[0])


def normalise(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    # Remarks in brackets ("(unnamed)", "(@handle)") and articles and honorifics are not part of a name.
    ascii_name = re.sub(r"\([^)]*\)", " ", ascii_name)
    ascii_name = re.sub(r"\b(?:the|a|an|mr|mrs|ms|dr)\b\.?", " ", ascii_name)
    return " ".join(re.findall(r"[a-z0-9]+", ascii_name))


def same_speaker(suggested: str | None, true: str | None, article_speakers: Sequence[str]) -> bool:
    """Whether a suggested speaker name names the true speaker (surname alone when unambiguous)."""
    if not suggested or not true:
        return not suggested and not true
    a, b = normalise(suggested), normalise(true)
    if a == b:
        return True
    last_a, last_b = a.split()[-1:], b.split()[-1:]
    if not last_a or last_a != last_b:
        return False
    sharing = [s for s in article_speakers if normalise(s).split()[-1:] == last_b]
    return len(sharing) <= 1


def measure(article: CorpusArticle, speakers: Mapping[str, Speaker]) -> Figures:
    """The figures of one article with one registry."""
    suggested = suggestions_in_raw(article, speakers)
    unmatched = list(range(len(suggested)))
    matched = right = 0
    misses, wrong = [], []
    for quote in article.quotes:
        index = next((i for i in unmatched if _overlap((quote.start, quote.end), suggested[i][:2])), None)
        if index is None:
            misses.append(quote.text)
            continue
        unmatched.remove(index)
        matched += 1
        suggestion = suggested[index][2]
        if same_speaker(suggestion.speaker_name, quote.speaker, article.speakers):
            right += 1
        else:
            wrong.append(f"{quote.text[:50]!r}: {suggestion.speaker_name} for {quote.speaker} ({suggestion.reason})")
    false_alarms = tuple(suggested[i][2].quote for i in unmatched)
    return Figures(len(article.quotes), len(suggested), matched, right, tuple(misses), false_alarms, tuple(wrong))


def report(articles: Sequence[CorpusArticle], *, details: bool = False) -> dict[str, Figures]:
    """Print the figures per article and in total, for both registries; return the totals by registry."""
    registries = {"empty registry": {}, "corpus registry": corpus_registry(articles)}
    totals = {}
    for label, registry in registries.items():
        print(f"\n{label}: {len(articles)} articles")
        print(f"{'article':44} {'true':>4} {'sugg':>4} {'match':>5} {'recall':>6} {'prec':>6} {'speaker':>7}")
        total = Figures(0, 0, 0, 0)
        for article in articles:
            figures = measure(article, registry)
            total += figures
            print(f"{article.article_id[:44]:44} {_row(figures)}")
            if details:
                _details(figures)
        print(f"{'TOTAL':44} {_row(total)}")
        totals[label] = total
    return totals


def _row(figures: Figures) -> str:
    return (
        f"{figures.true:4} {figures.suggested:4} {figures.matched:5} "
        f"{figures.recall:6.1%} {figures.precision:6.1%} {figures.speaker_accuracy:7.1%}"
    )


def _details(figures: Figures) -> None:
    for miss in figures.misses:
        print(f"    missed: {miss[:90]!r}")
    for alarm in figures.false_alarms:
        print(f"    not a true quote: {alarm[:90]!r}")
    for wrong in figures.wrong_speakers:
        print(f"    speaker: {wrong[:200]}")


@dataclass(slots=True)
class MetadataFigures:
    """How often title, date and outlet were detected right, wrong, or not at all though known."""

    right: dict[str, int] = field(default_factory=dict)
    wrong: dict[str, list[str]] = field(default_factory=dict)
    missing: dict[str, int] = field(default_factory=dict)

    def add(self, key: str, value: str | None, truth: object, article_id: str) -> None:
        """Count one detection against the truth."""
        self.right.setdefault(key, 0)
        self.wrong.setdefault(key, [])
        self.missing.setdefault(key, 0)
        if value is None:
            self.missing[key] += truth is not None
        elif truth is not None and fold_title(value) == fold_title(str(truth)):
            self.right[key] += 1
        else:
            self.wrong[key].append(f"{article_id}: {value!r} for {truth!r}")


def measure_metadata(folder: Path = CORPUS) -> MetadataFigures:
    """Detected title, date and outlet against the corpus's provenance (outlets registered from the corpus itself).

    The outlet is detected once from the text alone and once with the source address (`--url`).
    """
    metas = [(p, yaml.safe_load(p.read_text(encoding="utf-8")) or {}) for p in sorted(folder.glob("*.yml"))]
    homes: dict[str, str | None] = {}
    for _, meta in metas:
        if meta.get("outlet"):
            homes[str(meta["outlet"])] = homes.get(str(meta["outlet"])) or _home(meta)
    names = {str(m["outlet"]): str(m.get("outlet_name") or m["outlet"]) for _, m in metas if m.get("outlet")}
    outlets = {key: Outlet(Origin("corpus"), id=key, name=names[key], url=url) for key, url in homes.items()}
    figures = MetadataFigures()
    for path, meta in metas:
        text = path.with_suffix(".txt").read_text(encoding="utf-8")
        url = meta.get("source_url")
        plain, with_url = detect_metadata(text, outlets), detect_metadata(text, outlets, url) if url else None
        truth = {
            "title": meta.get("title") if _has_line(text, meta.get("title")) else None,
            "published": str(meta["published"]) if meta.get("published") else None,
            "outlet": meta.get("outlet"),
            "outlet with url": meta.get("outlet") if url else None,
        }
        found = {
            "title": plain.title,
            "published": plain.published,
            "outlet": plain.outlet,
            "outlet with url": with_url.outlet if with_url else None,
        }
        for key, value in found.items():
            figures.add(key, value.value if value else None, truth[key], path.stem)
    return figures


def _has_line(text: str, title: object) -> bool:
    """Whether the title stands on a line of its own in the text (else nothing there can be detected)."""
    return bool(title) and any(fold_title(line) == fold_title(str(title)) for line in text.splitlines())


def _home(meta: Mapping[str, object]) -> str | None:
    url = meta.get("source_url")
    host = urlsplit(str(url)).hostname if url else None
    return f"https://{host}" if host else None


def metadata_report(figures: MetadataFigures) -> None:
    """Print the metadata figures."""
    print("\nmetadata detection (right / wrong / not detected though known):")
    for key in figures.right:
        print(f"  {key:16} {figures.right[key]:3} / {len(figures.wrong[key]):3} / {figures.missing[key]:3}")
        for line in figures.wrong[key]:
            print(f"      wrong: {line}")


def main(argv: Sequence[str]) -> int:
    articles = load_corpus()
    if not articles:
        print(f"no article with complete_direct_quotes: true in {CORPUS}")
        return 1
    report(articles, details="--details" in argv)
    metadata_report(measure_metadata())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
