"""Suggestions: a linked archive in, likely `same-as` and `contradicts` relations of a claim out; reads no files.

Not to be confused with `suggest` (which proposes quotations for `archive new`): these are relations
between claims of the archive, proposed when a claim is written (the annotate form's one-click
choices, the notes of `archive check --suggest`). A suggestion is a hint for a contributor; nothing
is ever written on its strength.

**Same statement.** Candidates come from other articles and are ranked by

- word similarity: the cosine of TF-IDF vectors over content words (lowercased, folded to ASCII,
  filler words left out, `-s`/`-ed`/`-ing` endings stripped; each word counted once per claim);
- the speaker: the same speaker (x1), related speakers (x0.9: a spokesman and the organization he
  speaks for, two members of one organization, an unnamed source and its affiliation), a claim
  without speaker (x0.7), different speakers (x0.5);
- the dates: within `DATE_WINDOW` days (x1), scored down beyond it, undated (x0.8).

**Contradicted figures.** Claims (of any article) that give a number for the same quantity as the
claim (the words next to the numbers share a kind of quantity: deaths, injuries, people, money, a
share, or the same content words) with other numbers. Years are dates, not quantities.

Pairs already related (any relation, in either direction, or one statement) are never suggested.

**Cost.** Building is linear in the archive's words (claims are numbered by date, each word has a
posting list of the claims that use it). A query gathers candidates from the posting lists of its
words, rarest first and at most `POSTING_BUDGET` entries: the claims sharing the most words
(rarer words counting more) make a pool of `POOL` that is scored exactly. The lists of common
words are read only within `SEARCH_WINDOW` days of the claim's date (a slice, as claims are in
date order); rare words find claims of any date; a word of more than `UBIQUITOUS` of the claims
finds none (it still counts in the exact score). So a query touches the claims that share its
rarer words, or its words and its weeks, whatever the archive's size.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
import unicodedata
from array import array
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from build_tools.diagnostics import Origin
from build_tools.link import Archive
from build_tools.model import ClaimRef, UnnamedSpeaker

DATE_WINDOW = 7
"""Claims this many days apart or less are scored as reported at the same time."""

POSTING_BUDGET = 200_000
"""A query reads the posting lists of its rarest words up to this many entries in all."""

POOL = 200
"""Candidates scored exactly per query: the best by the words read."""

SEARCH_WINDOW = 60
"""A dated query looks for candidates through its common words only this many days around its date."""

RARE = 2_000
"""A word of at most this many claims finds candidates of any date."""

UBIQUITOUS = 0.2
"""A word of more than this share of the claims says nothing about which claims to look at."""

MAXIMUM_WEIGHT = 8
"""A rare word counts at most this many times a common one when candidates are gathered."""

CONTRADICTION_POOL = 50
"""The best candidates of a query whose figures are compared with the claim's."""

MINIMUM_SHARED = 2
"""A same-statement candidate shares at least this many content words with the claim."""

MINIMUM_SIMILARITY = 0.1
"""A same-statement candidate's word similarity (cosine) is at least this."""

NOTE_SCORE = 0.3
"""`archive check --suggest` prints a same-statement suggestion from this score on (0 to 1)."""

CONTRADICTION_SCORE = 0.15
"""`archive check --suggest` prints a contradiction candidate from this score on."""

SPEAKER_FACTORS = {"same": 1.0, "related": 0.9, "unknown": 0.7, "different": 0.5}
"""How the speakers of two claims weigh on their score."""

_STOPWORDS = frozenset(
    """a about above after again against all almost also although am among an and another any are aren around as at
    be because been before being below between both but by can cannot could did do does doing don down during each
    either even ever every few for from further had has have having he her here hers herself him himself his how
    however i if in into is isn it its itself just least less let like made make many may me might more most much
    must my myself neither no nor not now of off on once one only or other others our ours ourselves out over own
    per rather said same says say saying she should since so some such than that the their theirs them themselves
    then there these they this those though through thus to too toward under until up upon us very was wasn we were
    what when where whether which while who whom whose why will with within without would yet you your yours""".split()  # noqa: SIM905 - a word list reads best as running text
)

_NUMBER_WORDS = {
    word: value
    for value, word in enumerate(
        # "one" is left out: far more often a pronoun ("one should ...") than a figure.
        "zero - two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "  # noqa: SIM905 - a word list reads best as running text
        "seventeen eighteen nineteen twenty".split()
    )
    if word != "-"
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100}
_NUMBER_WORDS |= {"dozen": 12, "dozens": 24, "hundreds": 200, "thousand": 1000, "thousands": 2000, "million": 10**6}

_QUANTITIES = {
    "deaths": "kill killed kill die died dead death deaths toll fatality fatalities casualty casualties life lives "
    "perish perished body bodies grave graves burial burials loss losses",
    "injuries": "injur injured injury injuries wound wounded hurt",
    "people": "people person persons resident residents civilian civilians soldier soldiers troop troops "
    "servicemen serviceman refugee refugees citizen citizens volunteer volunteers worker workers",
    "money": "dollar dollars euro euros ruble rubles pound pounds budget cost costs price prices billion",
    "share": "percent percentage share rate",
}
_WORD = re.compile(r"[a-z]+|\d+(?:[.,]\d+)*")
_MAY_HAVE_FIGURES = re.compile(r"\d|\b(?:" + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE)
_YEAR = re.compile(r"(?:1[89]|20)\d\d")


def _fold(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _stem(word: str) -> str:
    """A word without its simplest inflections (-s, -ies, -ed, -ing), so "graves" meets "grave"."""
    if len(word) > 4 and word.endswith(("ies", "ied")):
        return word[:-3] + "y"
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 4 and word.endswith("ed"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


_CONCEPT = {_stem(word): concept for concept, words in _QUANTITIES.items() for word in words.split()}


def content_words(text: str) -> list[str]:
    """The words that carry a claim's content, stemmed, in order (numbers and filler words left out)."""
    return [_stem(w) for w in _WORD.findall(_fold(text)) if w.isalpha() and w not in _STOPWORDS and len(w) > 1]


_UNITS = {"times": "times", "fold": "times", "percent": "percent", "per": "percent"}


@dataclass(frozen=True, slots=True)
class Figures:
    """The numbers a claim gives for quantities, and what they count."""

    numbers: tuple[str, ...]
    """The numbers, as written (digits or words), in order."""
    values: frozenset[tuple[float, str]]
    """Their values with their unit ("times" for "four times higher", "percent", or "" for a count)."""
    kinds: frozenset[str]
    """The kinds of quantity the claim speaks of (deaths, injuries, people, money, share)."""
    near: frozenset[str]
    """The content words next to the numbers."""

    def contradicts(self, other: Figures) -> frozenset[str] | None:
        """What both count, when they give other numbers for it (no number in common, in one unit); else `None`."""
        units = {unit for _, unit in self.values} & {unit for _, unit in other.values}
        if not any(
            not ({v for v, u in self.values if u == unit} & {v for v, u in other.values if u == unit}) for unit in units
        ):
            return None
        kinds = self.kinds & other.kinds
        near = self.near & other.near
        if kinds:
            return kinds | near
        return near if len(near) >= 2 else None


def figures(text: str) -> Figures | None:
    """The quantities a text gives (years left out), or `None` when it gives none."""
    tokens = _WORD.findall(_fold(text))
    numbers: list[str] = []
    values: set[tuple[float, str]] = set()
    near: set[str] = set()
    for position, token in enumerate(tokens):
        if token in _NUMBER_WORDS:
            value = float(_NUMBER_WORDS[token])
        elif token[0].isdigit() and not _YEAR.fullmatch(token):
            value = float(token.replace(",", ""))
        else:
            continue
        following = tokens[position + 1] if position + 1 < len(tokens) else ""
        numbers.append(token)
        values.add((value, _UNITS.get(following, "")))
        for word in tokens[max(0, position - 5) : position + 6]:
            if word.isalpha() and word not in _STOPWORDS and word not in _NUMBER_WORDS and word not in _UNITS:
                near.add(_stem(word))
    if not numbers:
        return None
    kinds = frozenset(_CONCEPT[stem] for stem in map(_stem, tokens) if stem in _CONCEPT)
    return Figures(tuple(numbers), frozenset(values), kinds, frozenset(near))


_figures_of = functools.lru_cache(maxsize=20_000)(figures)
"""`figures`, remembered for the claims queries meet again and again."""


@dataclass(frozen=True, slots=True)
class Draft:
    """A claim being written (in the annotate form): what a suggestion query needs of it."""

    quote: str
    """Its words."""
    article_id: str
    """The article it is in."""
    speaker: str | UnnamedSpeaker | None = None
    """Its speaker, if chosen."""
    date: str = ""
    """The article's date (YYYY-MM-DD), if known."""


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A likely relation of a claim to another claim."""

    relation: str
    """`same-as` or `contradicts`."""
    target: ClaimRef
    """The other claim."""
    score: float
    """How likely (0 to 1), for ranking."""
    reason: str
    """Why, in a few words ("same speaker, 71% of words shared, 0 days apart")."""

    @property
    def confident(self) -> bool:
        """Whether it is likely enough to be noted unasked (`NOTE_SCORE`, `CONTRADICTION_SCORE`)."""
        return self.score >= (NOTE_SCORE if self.relation == "same-as" else CONTRADICTION_SCORE)


@dataclass(frozen=True, slots=True)
class Suggestions:
    """What a query found for one claim."""

    same_as: tuple[Suggestion, ...]
    """Likely the same statement, best first."""
    contradicts: tuple[Suggestion, ...]
    """Likely contradicted figures, best first."""


@dataclass(frozen=True, slots=True)
class Note:
    """A suggestion as `archive check --suggest` prints it, pointing at the claim's `id:`."""

    origin: Origin
    """The claim's id in its annotation file."""
    message: str
    """What is suggested and how to write it."""

    def __str__(self) -> str:
        return f"{self.origin}: note: {self.message}"


@dataclass(frozen=True, slots=True)
class _Query:
    words: frozenset[int]
    norm: float
    shared_base: int
    """How many content words the query has (known to the index or not)."""
    speaker: str | UnnamedSpeaker | None
    affiliations: frozenset[str]
    day: int
    article: int
    figures: Figures | None


class SuggestionIndex:
    """An inverted index of the archive's claims, built once, queried per claim."""

    def __init__(self, archive: Archive, *, hidden: Iterable[tuple[ClaimRef, ClaimRef]] = ()) -> None:
        """Index every claim of `archive`.

        Args:
            archive: The linked archive.
            hidden: Pairs of claims whose relations are to be ignored (to measure how well links are found).

        """
        self.archive = archive
        """The archive indexed."""
        self.refs: list[ClaimRef] = sorted(
            archive.claims, key=lambda r: (_day(archive.articles[r.article_id].date), r.article_id, r.claim_id)
        )
        """Every claim, by index: in date order (undated first), so a posting list's claims near a date are a slice."""
        self._number = {ref: n for n, ref in enumerate(self.refs)}
        self._hidden = {frozenset(pair) for pair in hidden}
        self._speakers: list[str | UnnamedSpeaker | None] = [None]
        self._speaker_number: dict[str | UnnamedSpeaker | None, int] = {None: 0}
        self._articles: dict[str, int] = {}
        vocabulary: dict[str, int] = {}
        postings: list[list[int]] = []
        self._words = array("i")
        self._offsets = array("i", [0])
        self._speaker_of = array("i")
        self._day_of = array("i")
        self._article_of = array("i")
        self._has_figures = bytearray()
        for number, ref in enumerate(self.refs):
            claim = archive.claims[ref]
            ids = sorted({vocabulary.setdefault(w, len(vocabulary)) for w in content_words(claim.quote)})
            for word in ids:
                if word == len(postings):
                    postings.append([])
                postings[word].append(number)
            self._words.extend(ids)
            self._offsets.append(len(self._words))
            self._speaker_of.append(self._speaker_key(claim.spec.speaker))
            self._day_of.append(_day(archive.articles[ref.article_id].date))
            self._article_of.append(self._articles.setdefault(ref.article_id, len(self._articles)))
            self._has_figures.append(1 if _MAY_HAVE_FIGURES.search(claim.quote) else 0)
        self._vocabulary = vocabulary
        self._postings = [array("i", p) for p in postings]
        total = len(self.refs)
        self._idf = [math.log((total + 1) / (len(p) + 1)) + 1 for p in postings]
        self._idf2 = [idf**2 for idf in self._idf]
        self._unknown_idf2 = (math.log(total + 1) + 1) ** 2
        self._norms = array("d", (self._norm(self._claim_words(n)) for n in range(total)))
        self._affiliations = [self._affiliated(s) for s in self._speakers]

    # Building blocks.

    def _speaker_key(self, speaker: str | UnnamedSpeaker | None) -> int:
        number = self._speaker_number.get(speaker)
        if number is None:
            number = self._speaker_number[speaker] = len(self._speakers)
            self._speakers.append(speaker)
        return number

    def _affiliated(self, speaker: str | UnnamedSpeaker | None) -> frozenset[str]:
        """A speaker and the organizations they speak for (by their roles); an unnamed source's affiliation."""
        if isinstance(speaker, UnnamedSpeaker):
            return frozenset({speaker.affiliation} if speaker.affiliation else ())
        if speaker is None:
            return frozenset()
        registered = self.archive.registries.speakers.get(speaker)
        organizations = {r.organization for r in registered.roles if r.organization} if registered else set()
        return frozenset({speaker, *organizations})

    def _claim_words(self, number: int) -> array[int]:
        return self._words[self._offsets[number] : self._offsets[number + 1]]

    def _norm(self, words: Iterable[int], unknown: int = 0) -> float:
        return math.sqrt(sum(self._idf2[w] for w in words) + unknown * self._unknown_idf2) or 1.0

    # Queries.

    def for_claim(self, ref: ClaimRef, k: int = 3) -> Suggestions:
        """Suggestions for a claim of the archive (pairs already related left out)."""
        number = self._number[ref]
        words = frozenset(self._claim_words(number))
        claim = self.archive.claims[ref]
        query = _Query(
            words,
            self._norms[number],
            len(words),
            claim.spec.speaker,
            self._affiliations[self._speaker_of[number]],
            self._day_of[number],
            self._article_of[number],
            figures(claim.quote) if self._has_figures[number] else None,
        )
        return self._suggest(query, k, skip=self._related(ref) | {number})

    def for_draft(self, draft: Draft, k: int = 3) -> Suggestions:
        """Suggestions for a claim being written (not yet in the archive)."""
        stems = set(content_words(draft.quote))
        known = frozenset(self._vocabulary[w] for w in stems if w in self._vocabulary)
        query = _Query(
            known,
            self._norm(known, len(stems) - len(known)),
            len(stems),
            draft.speaker,
            self._affiliated(draft.speaker),
            _day(draft.date),
            self._articles.get(draft.article_id, -1),
            figures(draft.quote),
        )
        return self._suggest(query, k, skip=set())

    def _related(self, ref: ClaimRef) -> set[int]:
        """Claims already related to `ref`: by a relation either way, or in one statement (hidden links left out)."""
        others = {
            link.other
            for link in self.archive.claim_links.get(ref, ())
            if isinstance(link.other, ClaimRef) and frozenset((ref, link.other)) not in self._hidden
        }
        others |= self._statement(ref)
        return {self._number[o] for o in others if o in self._number}

    def _statement(self, ref: ClaimRef) -> set[ClaimRef]:
        """The other appearances of the claim's statement, through `same-as` links that are not hidden."""
        statement = self.archive.statement_of.get(ref)
        if statement is None:
            return set()
        if not self._hidden:
            return set(self.archive.statements[statement].members)
        seen, frontier = {ref}, [ref]
        while frontier:
            current = frontier.pop()
            for link in self.archive.claim_links.get(current, ()):
                other = link.other
                if (
                    link.type == "same-as"
                    and isinstance(other, ClaimRef)
                    and other not in seen
                    and frozenset((current, other)) not in self._hidden
                ):
                    seen.add(other)
                    frontier.append(other)
        return seen

    def _pool(self, words: frozenset[int], skip: Collection[int], day: int) -> list[int]:
        """The claims sharing most of the query's words, weighted by rarity, best first (at most `POOL`, ties kept).

        Posting lists are read rarest first, within `POSTING_BUDGET`, leaving out the words of more
        than `UBIQUITOUS` of the claims (they still count in the exact score). A dated query reads
        the lists of common words (more than `RARE` claims) only within `SEARCH_WINDOW` days of its
        date, a slice since claims are numbered by date; rare words find claims of any date. Each
        list counts a claim
        `round(idf / idf of the query's most common word)` times, so the counting runs at C speed
        (`Counter.update`) and rare words still count more.
        """
        limit = max(POOL, UBIQUITOUS * len(self.refs))
        ordered = sorted((w for w in words if len(self._postings[w]) <= limit), key=lambda w: len(self._postings[w]))
        if not ordered:
            return []
        low, high = 0, len(self.refs)
        if day:
            low = bisect.bisect_left(self._day_of, day - SEARCH_WINDOW)
            high = bisect.bisect_right(self._day_of, day + SEARCH_WINDOW)
        base = self._idf[ordered[-1]]
        counts: Counter[int] = Counter()
        touched = 0
        for word in ordered:
            posting = self._postings[word]
            if len(posting) > RARE and (low, high) != (0, len(self.refs)):
                posting = posting[bisect.bisect_left(posting, low) : bisect.bisect_left(posting, high)]
            weight = min(MAXIMUM_WEIGHT, max(1, round(self._idf[word] / base)))
            if touched and touched + weight * len(posting) > POSTING_BUDGET:
                break
            touched += weight * len(posting)
            for _ in range(weight):
                counts.update(posting)
        for number in skip:
            counts.pop(number, None)
        return _most_counted(counts)

    def _suggest(self, query: _Query, k: int, skip: Collection[int]) -> Suggestions:
        same_as: list[Suggestion] = []
        contradicts: list[Suggestion] = []
        for rank, number in enumerate(self._pool(query.words, skip, query.day)):
            words = self._claim_words(number)
            shared = sum(1 for w in words if w in query.words)
            similarity = sum(self._idf2[w] for w in words if w in query.words) / (query.norm * self._norms[number])
            days = abs(query.day - self._day_of[number]) if query.day and self._day_of[number] else None
            date_factor = _date_factor(days)
            apart = "undated" if days is None else f"{days} day{'s' if days != 1 else ''} apart"
            if rank < CONTRADICTION_POOL and query.figures is not None and self._has_figures[number]:
                found = self._contradiction(query.figures, number, similarity * date_factor, apart)
                if found is not None:
                    contradicts.append(found)
            if self._article_of[number] == query.article:
                continue
            if shared < MINIMUM_SHARED or similarity < MINIMUM_SIMILARITY:
                continue
            relation, speaker_factor = self._speakers_relation(query, self._speaker_of[number])
            dice = 2 * shared / (query.shared_base + len(words))
            reason = f"{relation}, {dice:.0%} of words shared, {apart}"
            score = similarity * speaker_factor * date_factor
            same_as.append(Suggestion("same-as", self.refs[number], round(score, 4), reason))
        return Suggestions(_best(same_as, k), _best(contradicts, k))

    def _contradiction(self, mine: Figures, number: int, weight: float, apart: str) -> Suggestion | None:
        theirs = _figures_of(self.archive.claims[self.refs[number]].quote)
        about = mine.contradicts(theirs) if theirs is not None else None
        if theirs is None or about is None:
            return None
        overlap = len(about) / len(mine.kinds | mine.near | theirs.kinds | theirs.near)
        score = weight * (0.5 + 0.5 * overlap)
        numbers = f"{', '.join(mine.numbers)} against {', '.join(theirs.numbers)}"
        reason = f"{numbers}, both about {', '.join(sorted(about)[:4])}, {apart}"
        return Suggestion("contradicts", self.refs[number], round(score, 4), reason)

    def _speakers_relation(self, query: _Query, theirs: int) -> tuple[str, float]:
        first, second = query.speaker, self._speakers[theirs]
        if first is None or second is None:
            return "speaker unknown", SPEAKER_FACTORS["unknown"]
        if first == second:
            return "same speaker", SPEAKER_FACTORS["same"]
        shared = query.affiliations & self._affiliations[theirs]
        if shared:
            return _related_words(first, second, min(shared)), SPEAKER_FACTORS["related"]
        return f"different speakers ({_name(first)}, {_name(second)})", SPEAKER_FACTORS["different"]


def _most_counted(counts: Counter[int]) -> list[int]:
    """The `POOL` claims counted most, best first; claims tied with the last of them fill up to 3 x `POOL`."""
    if len(counts) > POOL:
        histogram = sorted(Counter(counts.values()).items(), reverse=True)
        total, threshold = 0, histogram[-1][0]
        for value, many in histogram:
            total += many
            if total >= POOL:
                threshold = value
                break
        above = [n for n, c in counts.items() if c > threshold]
        tied = [n for n, c in counts.items() if c == threshold][: max(0, 3 * POOL - len(above))]
        counts = Counter({n: counts[n] for n in above + tied})
    return [number for number, _ in counts.most_common()]


def _name(speaker: str | UnnamedSpeaker) -> str:
    return speaker if isinstance(speaker, str) else f"an unnamed source ({speaker.description})"


def _related_words(first: str | UnnamedSpeaker, second: str | UnnamedSpeaker, organization: str) -> str:
    """How two speakers are related, for a reason: "igor-konashenkov speaks for russian-defense-ministry"."""
    if first == organization:
        return f"related speaker: {_name(second)} speaks for {organization}"
    if second == organization:
        return f"related speaker: {_name(first)} speaks for {organization}"
    return f"related speakers: {_name(first)} and {_name(second)} both speak for {organization}"


def _day(value: str) -> int:
    try:
        return date.fromisoformat(value[:10]).toordinal()
    except ValueError:
        return 0


def _date_factor(days: int | None) -> float:
    if days is None:
        return 0.8
    if days <= DATE_WINDOW:
        return 1.0
    return max(0.25, 1 / (1 + (days - DATE_WINDOW) / 30))


def _best(suggestions: list[Suggestion], k: int) -> tuple[Suggestion, ...]:
    return tuple(sorted(suggestions, key=lambda s: (-s.score, str(s.target)))[:k])


# --------------------------------------------------------------------------------------------
# Notes for `archive check --suggest`
# --------------------------------------------------------------------------------------------


def suggestion_notes(index: SuggestionIndex, article_ids: Sequence[str] = ()) -> list[Note]:
    """Confident suggestions as notes on the claims' `id:` lines, each pair once.

    For the claims of `article_ids` (every claim when empty), noted on that claim; between two
    claims both asked about, on the claim of the later article (by date, then id): the one most
    likely just written.
    """
    archive = index.archive
    wanted = set(article_ids)
    notes: dict[tuple[frozenset[ClaimRef], str], tuple[float, Note]] = {}
    for ref in index.refs:
        if wanted and ref.article_id not in wanted:
            continue
        found = index.for_claim(ref, k=1)
        for suggestion in (*found.same_as, *found.contradicts):
            if not suggestion.confident:
                continue
            target = suggestion.target
            asked = not wanted or target.article_id in wanted
            if asked and _order(archive, target) > _order(archive, ref):
                ref, suggestion = target, replace(suggestion, target=ref)  # noqa: PLW2901 - noted on the later claim
            pair = (frozenset((ref, suggestion.target)), suggestion.relation)
            if pair not in notes or notes[pair][0] < suggestion.score:
                notes[pair] = (suggestion.score, note_for(archive, ref, suggestion))
    return sorted((note for _, note in notes.values()), key=lambda n: (n.origin.path, n.origin.line, n.message))


def _order(archive: Archive, ref: ClaimRef) -> tuple[str, str, str]:
    return (archive.articles[ref.article_id].date, ref.article_id, ref.claim_id)


def note_for(archive: Archive, ref: ClaimRef, suggestion: Suggestion) -> Note:
    """A suggestion for claim `ref` as a note on its `id:` line."""
    origin = archive.claims[ref].spec.origin_of("id")
    if suggestion.relation == "same-as":
        message = f"likely the same statement as {suggestion.target} ({suggestion.reason})"
    else:
        message = f"its figures may contradict {suggestion.target} ({suggestion.reason})"
    return Note(origin, f"{message}; add '- {suggestion.relation}: {suggestion.target}' under relations")
