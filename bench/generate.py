"""Synthetic archives for the benchmark: N articles with realistic text, noise, claims and relations.

Deterministic for a given N and seed. Each article is ~700 words in paragraphs, with outlet noise
lines the cleaner must remove (breadcrumb, share-icon row, timestamp, read-more, a trailer), and
5-15 claims whose quotes are sentences of its text, attributed to registered speakers, tagged,
and related across articles of the same event (same-as, contradicts, supports, refutes).

Usage: python bench/generate.py OUT_DIR N [--seed S]
"""

from __future__ import annotations

import argparse
import itertools
import random
import shutil
from pathlib import Path

WORDS = (  # noqa: SIM905 - a word list reads best as running text
    "government minister official report statement spokesman agency ministry military forces operation "
    "security council president parliament election campaign economy budget inflation market energy gas "
    "oil pipeline sanctions talks negotiations agreement treaty border region city province capital "
    "residents civilians casualties troops airstrike ceasefire humanitarian aid convoy refugees crisis "
    "investigation court ruling judge prosecutor evidence witness journalist newspaper television source "
    "analyst expert data figures percent million billion increase decrease week month year yesterday "
    "earlier later meeting summit delegation embassy foreign domestic policy reform protest rally police "
    "arrest detained released statement denied confirmed rejected accused claimed warned urged called"
).split()
VERBS = ("said", "noted", "stressed", "added", "told reporters", "insisted", "warned", "emphasized")
FIRST = ("Anna", "Boris", "Carla", "David", "Elena", "Farid", "Grace", "Hiro", "Ivan", "Julia", "Karim", "Lena")
LAST = ("Petrova", "Smith", "Novak", "Garcia", "Ivanov", "Tanaka", "Okafor", "Rossi", "Kowalski", "Haddad", "Berg")


def sentence(rng: random.Random, length: int) -> str:
    words = [rng.choice(WORDS) for _ in range(length)]
    return " ".join(words).capitalize() + "."


def registries(n: int) -> dict[str, str]:
    speakers = max(20, n // 20)
    outlets = 20
    events = max(5, n // 20)
    tags = 50
    lines = []
    for i in range(speakers):
        first, last = FIRST[i % len(FIRST)], LAST[(i // len(FIRST)) % len(LAST)]
        lines += [
            f"speaker-{i}:",
            f"  name: {first} {last} {i}",
            "  type: person",
            f"  aliases: [{last} {i}]",
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


def article(
    rng: random.Random, index: int, *, speakers: int, outlets: int, events: int, tags: int
) -> tuple[str, str, str, list[tuple[str, str]]]:
    outlet = index % outlets
    event = index % events
    year, month, day = 2000 + event % 25, 1 + event % 12, 1 + event % 28
    article_id = f"outlet-{outlet}-{year}-{month:02d}-{day:02d}-story-{index}"
    title = sentence(rng, 8).rstrip(".")
    paragraphs = []
    quotes: list[tuple[str, int, str]] = []
    words = 0
    number = 0
    while words < 700:
        speaker = rng.randrange(speakers)
        quote = sentence(rng, rng.randint(10, 18)).rstrip(".") + f" number {index} {number}"
        number += 1
        name = f"{FIRST[speaker % len(FIRST)]} {LAST[(speaker // len(FIRST)) % len(LAST)]} {speaker}"
        lead = sentence(rng, rng.randint(12, 24))
        paragraphs.append(f"{lead} \u201c{quote},\u201d {name} {rng.choice(VERBS)}.")
        quotes.append((quote, speaker, name))
        words += len(lead.split()) + len(quote.split()) + 4
    raw = (
        f"Outlet {outlet} | Home | World\nshare icon tweet icon mail icon\n{title}\n\n{title}\n"
        f"{day} {['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][month - 1]}, {year} 10:{index % 60:02d}\n\n"
        + "\n\n".join(paragraphs[: len(paragraphs) // 2])
        + "\n\nREAD MORE: "
        + sentence(rng, 6)
        + "\n\n"
        + "\n\n".join(paragraphs[len(paragraphs) // 2 :])
        + "\n\nRelated stories\n"
        + sentence(rng, 6)
        + "\n"
    )
    chosen = rng.sample(range(len(quotes)), k=min(len(quotes), rng.randint(5, 15)))
    claims = []
    lines = [
        "article:",
        f"  event: event-{event}",
        f"  tags: [tag-{index % tags}, tag-{(index * 7) % tags}]",
        "claims:",
    ]
    for c in sorted(chosen):
        quote, speaker, _ = quotes[c]
        claim_id = f"claim-{c}"
        claims.append((claim_id, quote))
        lines += [
            f"  - id: {claim_id}",
            f'    quote: "{quote}"',
            f"    speaker: speaker-{speaker}",
            "    kind: direct",
            f"    summary: Speaker {speaker} makes statement {c} of article {index}.",
            f"    tags: [tag-{(index + c) % tags}]",
        ]
    return article_id, raw, "\n".join(lines) + "\n", claims


def generate(out: Path, n: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "articles").mkdir(parents=True)
    (out / "annotations" / "articles").mkdir(parents=True)
    regs = registries(n)
    speakers, outlets, events, tags = map(int, regs.pop("counts").split())
    for name, text in regs.items():
        (out / "annotations" / f"{name}.yml").write_text(text, encoding="utf-8")
    by_event: dict[int, list[tuple[str, list[tuple[str, str]]]]] = {}
    files = []
    for index in range(n):
        article_id, raw, annotation, claims = article(
            rng, index, speakers=speakers, outlets=outlets, events=events, tags=tags
        )
        files.append((article_id, raw, annotation))
        by_event.setdefault(index % events, []).append((article_id, claims))
    relations: dict[str, list[str]] = {}
    kinds = ("same-as", "contradicts", "supports", "refutes")
    for members in by_event.values():
        for (first_id, first_claims), (second_id, second_claims) in itertools.pairwise(members):
            if first_claims and second_claims:
                kind = kinds[len(relations) % len(kinds)]
                relations.setdefault(first_id, []).append(
                    f"{first_claims[0][0]}|{kind}|{second_id}#{second_claims[-1][0]}"
                )
    for article_id, raw, written in files:
        annotation = written
        for relation in relations.get(article_id, []):
            claim_id, kind, target = relation.split("|")
            marker = f"  - id: {claim_id}\n"
            annotation = annotation.replace(marker, marker + f"    relations:\n      - {kind}: {target}\n", 1)
        (out / "articles" / f"{article_id}.txt").write_text(raw, encoding="utf-8")
        (out / "annotations" / "articles" / f"{article_id}.yml").write_text(annotation, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.out, args.n, args.seed)


if __name__ == "__main__":
    main()
