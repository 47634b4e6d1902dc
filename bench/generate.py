"""Synthetic archives for the benchmark: N articles of news-like text, noise, claims and relations.

Deterministic for a given N and seed. The text is drawn from a Zipf-distributed vocabulary of
about 24,000 words (English function and news words at the top ranks, then made-up words), with
people's and places' names and numbers among them, so that, as in news, a rare word is in a
small share of the articles and only a few hundred words are in most of them. Each article is
~700 words in paragraphs, with outlet noise lines the cleaner must remove (breadcrumb, share-icon
row, timestamp, read-more, a trailer), and 5-15 claims whose quotes are sentences of its text,
attributed to registered speakers (mostly the event's own cast), tagged, and related across the
articles of the same event: a statement repeated by later articles in other words (`same-as`,
which makes statements of several appearances), and claims that contradict, support or refute
earlier ones.

Usage: python bench/generate.py OUT_DIR N [--seed S]
"""

from __future__ import annotations

import argparse
import itertools
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

# The head of the distribution: the words of any English news text, most frequent first.
COMMON = (  # noqa: SIM905 - a word list reads best as running text
    "the of to and a in that for is on was with he it as at by said from his be has have an are "
    "not but its had they were this who which will their been after would also more than about "
    "one two new year people last over government could up when other into first police there "
    "president minister state country officials week told some all can out no years three time "
    "against former she we her before while united since between what under military forces "
    "because most security during public talks city region report percent million just including "
    "court did may so national party many them later billion any only told being told say made "
    "called four where early own should second group day month several our through end according "
    "foreign support part least border agreement health economic next both political very "
    "statement spokesman agency ministry operation council parliament election campaign economy "
    "budget inflation market energy gas oil pipeline sanctions negotiations treaty province capital "
    "residents civilians casualties troops airstrike ceasefire humanitarian aid convoy refugees "
    "crisis investigation ruling judge prosecutor evidence witness journalist newspaper television "
    "source analyst expert data figures increase decrease yesterday earlier meeting summit "
    "delegation embassy domestic policy reform protest rally arrest detained released denied "
    "confirmed rejected accused claimed warned urged leaders power water prices workers company "
    "bank trade deal vote law rights war peace attack killed wounded army navy minister's office "
    "plan program money tax jobs schools hospital families children women men village town area "
    "north south east west central local federal regional international global response action "
    "decision proposal measures efforts situation conditions control access release pressure "
    "threat risk damage losses costs funding spending debt growth exports imports production "
    "supply demand shortage fuel electricity grid infrastructure roads bridge port airport flights"
).split()
COMMON = tuple(dict.fromkeys(COMMON))  # Each word once, first place kept.

SYLLABLES = (  # noqa: SIM905
    "ka lo mi ra ten vos bel dur fen gar hol jun kir lan mor nes pol quin ros sul tar ul vin wes "
    "yar zen bro cla dre fri glo kra pla sto tri vel mar dan sor lin ter bar cor dil far gen"
).split()
FIRST = (  # noqa: SIM905
    "Anna Boris Carla David Elena Farid Grace Hiro Ivan Julia Karim Lena Maria Nikolai Olga Pedro "
    "Quentin Rosa Samir Tanya Umar Vera Walter Xenia Yusuf Zara Amir Beatrix Chen Dmitri Esther "
    "Felix Greta Hassan Irina Jonas Kateryna Leon Mei Nadia Oscar Priya Rafael Sofia Tomas Ursula "
    "Viktor Wanda Yara Zoltan"
).split()
VERBS = ("said", "noted", "stressed", "added", "told reporters", "insisted", "warned", "emphasized")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

VOCABULARY_SIZE = 24_000
"""Distinct words of the running text (names, places and numbers come on top)."""
PLACES = 4_000
"""Distinct place names; each a Zipf-ranked capitalised word."""
ZIPF_EXPONENT = 1.05
"""The exponent of word frequencies (about 1 in every language)."""
NAME_SHARE, PLACE_SHARE, NUMBER_SHARE = 0.01, 0.02, 0.025
"""The share of running-text words that are a speaker's surname, a place, a number."""


def _made_up_words(count: int, taken: set[str], rng: random.Random) -> list[str]:
    """`count` distinct pronounceable lowercase words not in `taken`, of two to four syllables."""
    words: list[str] = []
    seen = set(taken)
    while len(words) < count:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3, 3, 3, 3))))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def _cumulative_zipf(count: int) -> list[float]:
    return list(itertools.accumulate(1 / (rank**ZIPF_EXPONENT) for rank in range(1, count + 1)))


@dataclass(slots=True)
class Vocabulary:
    """The words, places and surnames of every synthetic archive (the same for every N and seed)."""

    words: list[str]
    places: list[str]
    surnames: list[str]
    word_weights: list[float] = field(default_factory=list)
    place_weights: list[float] = field(default_factory=list)

    @classmethod
    def make(cls, surnames: int = 4_000) -> Vocabulary:
        rng = random.Random(20_000)
        invented = _made_up_words(VOCABULARY_SIZE - len(COMMON) + PLACES + surnames, set(COMMON), rng)
        words = [*COMMON, *invented[: VOCABULARY_SIZE - len(COMMON)]]
        rest = invented[VOCABULARY_SIZE - len(COMMON) :]
        places = [w.capitalize() + rng.choice(("", "", "burg", "ovo", "ia", "stan", " City")) for w in rest[:PLACES]]
        names = [w.capitalize() + rng.choice(("", "ov", "ski", "er", "son", "i")) for w in rest[PLACES:]]
        return cls(words, places, list(dict.fromkeys(names)), _cumulative_zipf(len(words)), _cumulative_zipf(PLACES))


VOCABULARY = Vocabulary.make()

QUERIES = {
    "rare name": VOCABULARY.places[400],
    "common word": "minister",
    "two words": "ceasefire talks",
}
"""The searches the benchmark measures: a place in well under 1% of articles, a word in most, two words together."""


def speaker_name(i: int) -> str:
    """The name of synthetic speaker `i` (distinct for every i)."""
    return f"{FIRST[i % len(FIRST)]} {VOCABULARY.surnames[i]}"


class Text:
    """Running text drawn from the vocabulary; names, places and numbers mixed in."""

    def __init__(self, rng: random.Random, speakers: int) -> None:
        self.rng = rng
        self.speakers = speakers

    def token(self, roll: float) -> str:
        """A number, a place, a surname or a word, by where `roll` (uniform in [0, 1)) falls."""
        if roll < NUMBER_SHARE:
            return self.number()
        if roll < NUMBER_SHARE + PLACE_SHARE:
            return self.rng.choices(VOCABULARY.places, cum_weights=VOCABULARY.place_weights)[0]
        if roll < NUMBER_SHARE + PLACE_SHARE + NAME_SHARE:
            return VOCABULARY.surnames[self.rng.randrange(self.speakers)]
        return self.rng.choices(VOCABULARY.words, cum_weights=VOCABULARY.word_weights)[0]

    def number(self) -> str:
        kind = self.rng.randrange(4)
        if kind == 0:
            return str(self.rng.randint(2, 99))
        if kind == 1:
            return f"{self.rng.randint(1, 99)}.{self.rng.randint(0, 9)} percent"
        if kind == 2:
            return f"{self.rng.randint(1, 999)},{self.rng.randint(0, 999):03d}"
        return str(self.rng.randint(1990, 2024))

    def words(self, length: int) -> list[str]:
        # Mostly one draw for the whole run of words (fast); the mixed-in names replace a few.
        drawn = self.rng.choices(VOCABULARY.words, cum_weights=VOCABULARY.word_weights, k=length)
        for position in range(length):
            roll = self.rng.random()
            if roll < NUMBER_SHARE + PLACE_SHARE + NAME_SHARE:
                drawn[position] = self.token(roll)
        return drawn

    def sentence(self, length: int) -> str:
        words = self.words(length)
        return (words[0][:1].upper() + words[0][1:] + " " + " ".join(words[1:])).strip() + "."


def registries(n: int) -> dict[str, str]:
    speakers = max(20, n // 20)
    outlets = 20
    events = max(5, n // 20)
    tags = 50
    lines = []
    for i in range(speakers):
        surname = VOCABULARY.surnames[i]
        lines += [
            f"speaker-{i}:",
            f"  name: {speaker_name(i)}",
            "  type: person",
            f"  aliases: [{surname}]",
            f"  description: Synthetic speaker number {i}.",
        ]
    speaker_yaml = "\n".join(lines) + "\n"
    lines = []
    for i in range(outlets):
        lines += [
            f"outlet-{i}:",
            f"  name: Outlet {i}",
            f"  url: https://outlet{i}.example.org",
            "  country: GB",
            "  language: en",
            "  cleaning:",
            f"    detect: ['^Outlet {i} \\| Home']",
            "    drop_lines:",
            f"      - {{pattern: '^Outlet {i} \\| Home', reason: breadcrumb}}",
            "      - {pattern: '^(share|tweet|mail) icon', reason: share icons}",
            "    trailer:",
            "      - {pattern: '^Related stories$', reason: related stories box}",
            "    timestamp: {pattern: '^\\d{1,2} [A-Z][a-z]{2}, \\d{4} \\d{2}:\\d{2}$', format: '%d %b, %Y %H:%M'}",
            "    read_more: '^READ MORE: (?P<title>.+)$'",
        ]
    outlet_yaml = "\n".join(lines) + "\n"
    tag_yaml = "".join(f"tag-{i}:\n  title: Topic {i}\n" for i in range(tags))
    event_yaml = "".join(
        f'event-{i}:\n  title: Event {i}\n  date: "{2000 + i % 25}-{1 + i % 12:02d}-{1 + i % 28:02d}"\n  tags: [tag-{i % tags}]\n'
        for i in range(events)
    )
    return {
        "speakers": speaker_yaml,
        "outlets": outlet_yaml,
        "tags": tag_yaml,
        "events": event_yaml,
        "counts": f"{speakers} {outlets} {events} {tags}",
    }


@dataclass(slots=True)
class Said:
    """A claim an earlier article of the same event made: what later articles repeat or answer."""

    article_id: str
    claim_id: str
    speaker: int
    words: list[str]
    statement: int
    """Which statement (same-as cluster) it belongs to."""


@dataclass(slots=True)
class Event:
    """What the articles of one event share: who speaks in it, and what was said so far."""

    cast: list[int]
    said: list[Said] = field(default_factory=list)


REPEAT_SHARE = 0.12
"""The share of claims that repeat, in other words, a claim of an earlier article of the event (same-as)."""
ANSWER_SHARE = 0.06
"""The share of claims that contradict, support or refute a claim of an earlier article of the event."""


def _reworded(rng: random.Random, words: list[str], text: Text) -> list[str]:
    """The same statement in slightly other words: one word replaced, sometimes one dropped."""
    changed = list(words)
    changed[rng.randrange(len(changed))] = text.token(rng.random())
    if len(changed) > 10 and rng.random() < 0.5:
        del changed[rng.randrange(1, len(changed))]
    return changed


def article(
    rng: random.Random, index: int, event_state: Event, *, speakers: int, outlets: int, events: int, tags: int
) -> tuple[str, str, str]:
    outlet = index % outlets
    event = index % events
    year, month, day = 2000 + event % 25, 1 + event % 12, 1 + event % 28
    article_id = f"outlet-{outlet}-{year}-{month:02d}-{day:02d}-story-{index}"
    text = Text(rng, speakers)
    title = text.sentence(8).rstrip(".")
    paragraphs: list[str] = []
    quotes: list[tuple[list[str], int]] = []
    words = 0
    while words < 700:
        speaker = rng.choice(event_state.cast) if rng.random() < 0.8 else rng.randrange(speakers)
        quote = text.words(rng.randint(10, 18))
        quotes.append((quote, speaker))
        lead = text.sentence(rng.randint(12, 24))
        paragraphs.append(lead)
        words += len(lead.split()) + len(quote) + 4
    count = min(len(quotes), rng.randint(5, 15))
    chosen = sorted(rng.sample(range(len(quotes)), k=count))
    relations: dict[int, list[str]] = {}
    statements: dict[int, int] = {}
    for c in chosen:
        roll = rng.random()
        if roll < REPEAT_SHARE and event_state.said:
            earlier = rng.choice(event_state.said)
            quotes[c] = (_reworded(rng, earlier.words, text), earlier.speaker)
            relations.setdefault(c, []).append(f"same-as: {earlier.article_id}#{earlier.claim_id}")
            statements[c] = earlier.statement
        elif roll < REPEAT_SHARE + ANSWER_SHARE and event_state.said:
            earlier = rng.choice(event_state.said)
            kind = ("contradicts", "supports", "refutes")[rng.randrange(3)]
            relations.setdefault(c, []).append(f"{kind}: {earlier.article_id}#{earlier.claim_id}")
    seen: set[str] = set()
    body = []
    for position, (lead, (words_said, speaker)) in enumerate(zip(paragraphs, quotes, strict=True)):
        sentence = " ".join(words_said)
        if sentence in seen:  # Two equal quotes would be ambiguous; vanishingly rare, but never.
            quotes[position] = ([*words_said, str(position)], speaker)
            sentence = " ".join(quotes[position][0])
        seen.add(sentence)
        quoted = sentence[:1].upper() + sentence[1:]
        body.append(f"{lead} \u201c{quoted},\u201d {speaker_name(speaker)} {rng.choice(VERBS)}.")
    half = len(body) // 2
    raw = (
        f"Outlet {outlet} | Home | World\nshare icon tweet icon mail icon\n{title}\n\n{title}\n"
        f"{day} {MONTHS[month - 1]}, {year} 10:{index % 60:02d}\n\n"
        + "\n\n".join(body[:half])
        + "\n\nREAD MORE: "
        + text.sentence(6)
        + "\n\n"
        + "\n\n".join(body[half:])
        + "\n\nRelated stories\n"
        + text.sentence(6)
        + "\n"
    )
    lines = [
        "article:",
        f"  event: event-{event}",
        f"  tags: [tag-{index % tags}, tag-{(index * 7) % tags}]",
        "claims:",
    ]
    for c in chosen:
        quote, speaker = quotes[c]
        sentence = " ".join(quote)
        claim_id = f"claim-{c}"
        lines += [
            f"  - id: {claim_id}",
            f'    quote: "{sentence[:1].upper() + sentence[1:]}"',
            f"    speaker: speaker-{speaker}",
            "    kind: direct",
            f"    summary: {text.sentence(rng.randint(6, 12))}",
            f"    tags: [tag-{(index + c) % tags}]",
        ]
        if c in relations:
            lines += ["    relations:", *(f"      - {relation}" for relation in relations[c])]
        statement = statements.get(c, len(event_state.said) * 1000 + index)
        event_state.said.append(Said(article_id, claim_id, speaker, quote, statement))
    return article_id, raw, "\n".join(lines) + "\n"


def generate(out: Path, n: int, seed: int = 1) -> None:
    """Write a synthetic archive of `n` articles (`articles/`, `annotations/`) into `out`, replacing it."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "articles").mkdir(parents=True)
    (out / "annotations" / "articles").mkdir(parents=True)
    regs = registries(n)
    speakers, outlets, events, tags = map(int, regs.pop("counts").split())
    for name, text in regs.items():
        (out / "annotations" / f"{name}.yml").write_text(text, encoding="utf-8")
    # Who speaks in an event: a few people, the well-known ones in many events (Zipf over speakers).
    speaker_weights = _cumulative_zipf(speakers)
    casts = [Event(rng.choices(range(speakers), cum_weights=speaker_weights, k=6)) for _ in range(events)]
    for index in range(n):
        article_id, raw, annotation = article(
            rng, index, casts[index % events], speakers=speakers, outlets=outlets, events=events, tags=tags
        )
        (out / "articles" / f"{article_id}.txt").write_text(raw, encoding="utf-8")
        (out / "annotations" / "articles" / f"{article_id}.yml").write_text(annotation, encoding="utf-8")


def document_share(out: Path, query: str) -> float:
    """The share of the archive's articles whose text holds every word of `query` (as a whole word)."""
    words = [w.lower() for w in query.split()]
    files = list((out / "articles").glob("*.txt"))
    found = 0
    for path in files:
        tokens = set(path.read_text(encoding="utf-8").lower().replace(",", " ").replace(".", " ").split())
        found += all(w in tokens for w in words)
    return found / len(files) if files else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.out, args.n, args.seed)


if __name__ == "__main__":
    main()
