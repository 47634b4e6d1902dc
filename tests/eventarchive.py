"""A synthetic archive with one event covered at size: 6 articles, 4 outlets, 48 claims, statements and relations.

The seed archive's event has 31 claims; pages that list, chart and graph an event's claims (the
event page, the relation graph, speaker and statement pages, the claims hub) are tested at a size
closer to a real event with this one. Its texts are synthetic and say so: made of a fixed word
list, deterministic, with the shapes that stress the pages: long names and quotes, one statement
reported by up to four outlets in different wordings, figures that contradict each other,
refutations of an outside report, reviews, unnamed sources and organizations with spokespeople.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from tests.conftest import REPO, SITE_FILES, copy_into, write_tree

EVENT = "harbour-strike-2024"
OUTLETS = {
    "north-courier": "The North Courier",
    "coastal-daily-observer-and-evening-gazette": "The Coastal Daily Observer and Evening Gazette",
    "wire": "Wire Service",
    "civic-radio": "Civic Radio",
}
SPEAKERS = {
    "port-authority": ("Port Authority of the Northern Harbour District", "organization", None),
    "mira-lindqvist-harbourmaster": ("Mira Lindqvist-Harbourmaster", "person", "port-authority"),
    "dockworkers-union": ("Federation of Dockworkers and Allied Maritime Trades", "organization", None),
    "tomas-okonkwo": ("Tomas Okonkwo", "person", "dockworkers-union"),
    "city-council": ("City Council", "organization", None),
    "ana-beltran": ("Ana Beltrán", "person", "city-council"),
    "shipping-association": ("Regional Shipping Association", "organization", None),
    "li-wen": ("Li Wen", "person", "shipping-association"),
}
WORDS = [
    "harbour",
    "strike",
    "workers",
    "wages",
    "port",
    "cargo",
    "ships",
    "berth",
    "crane",
    "shift",
    "night",
    "talks",
    "offer",
    "union",
    "council",
    "city",
    "losses",
    "containers",
    "queue",
    "delays",
    "ferries",
    "pay",
    "contract",
    "safety",
    "hours",
    "overtime",
    "pension",
    "fund",
    "mediator",
    "court",
    "injunction",
    "picket",
    "gate",
    "trucks",
    "supply",
    "shops",
    "fuel",
    "grain",
    "export",
    "import",
    "revenue",
    "week",
    "day",
    "morning",
    "evening",
]


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize()


def _statements(rng: random.Random) -> list[tuple[str, list[str]]]:
    """Twelve statements, each with the wordings the outlets give it (a few words differ)."""
    statements = []
    for number in range(12):
        base = _sentence(rng, rng.randint(9, 16)).split()
        wordings = []
        for variant in range(4):
            words = list(base)
            if variant:
                words[rng.randrange(len(words))] = rng.choice(WORDS)
                if variant % 2:
                    words.insert(rng.randrange(len(words)), rng.choice(WORDS))
            wordings.append(" ".join(words) + f" ({number + 1})")
        statements.append((list(SPEAKERS)[number % len(SPEAKERS)], wordings))
    return statements


def _registries() -> dict[str, str]:
    outlets = "".join(
        f"{key}:\n  name: {json.dumps(name)}\n  country: GB\n  language: en\n" for key, name in OUTLETS.items()
    )
    speakers = ""
    for key, (name, kind, organization) in SPEAKERS.items():
        speakers += f"{key}:\n  name: {json.dumps(name)}\n  type: {kind}\n"
        if organization:
            speakers += f"  roles:\n    - {{title: Spokesperson, organization: {organization}}}\n"
    return {
        "annotations/outlets.yml": outlets,
        "annotations/speakers.yml": speakers,
        "annotations/events.yml": f'{EVENT}:\n  title: Harbour strike of 2024\n  date: "2024-03-04"\n  end_date: "2024-03-09"\n  tags: [labour]\n',
        "annotations/tags.yml": "labour:\n  title: Labour\nport:\n  title: Port\nfigures:\n  title: Figures\n",
    }


def event_archive_files(seed: int = 7) -> dict[str, str]:
    """Every file of the archive, by repository path."""
    rng = random.Random(seed)
    statements = _statements(rng)
    files = _registries()
    outlets = list(OUTLETS)
    placed: dict[int, list[str]] = {}
    for number in range(6):
        outlet = outlets[number % len(outlets)]
        article_id = f"{outlet}-2024-03-0{4 + number % 5}-strike-{number + 1}"
        paragraphs, claims = [], []
        for slot in range(8):
            index = (number * 5 + slot) % len(statements)
            speaker, wordings = statements[index]
            wording = wordings[number % 4]
            name = SPEAKERS[speaker][0]
            paragraphs.append(f"{_sentence(rng, 14)}. \u201c{wording},\u201d {name} said on the quay.")
            claim = {
                "id": f"s{index + 1}",
                "quote": wording,
                "speaker": speaker,
                "cue": "said",
                "kind": "direct",
                "summary": f"{name} makes statement {index + 1} about the strike.",
                "tags": ["labour", "port"] if slot % 2 else ["labour"],
            }
            earlier = [a for a in placed.get(index, []) if a != article_id]
            relations = [{"same-as": f"{earlier[-1]}#s{index + 1}"}] if earlier else []
            if slot == 3 and number:
                relations.append({"contradicts": f"{article_id}#s{(number * 5 + 2) % len(statements) + 1}"})
            if slot == 5:
                relations.append(
                    {
                        "refutes": {
                            "title": "Shipping Association report on strike losses",
                            "url": "https://example.org/report",
                        }
                    }
                )
            if relations:
                claim["relations"] = relations
            if slot == 6:
                claim["review"] = {
                    "rating": ["false", "misleading", "true", "mostly-true"][number % 4],
                    "explanation": "Checked against the port's published figures.",
                    "sources": ["https://example.org/figures"],
                }
            claims.append(claim)
            placed.setdefault(index, []).append(article_id)
        unnamed = {
            "id": "unnamed-1",
            "quote": _first_words(paragraphs[0]),
            "kind": "indirect",
            "speaker": {"unnamed": "a crane operator on the night shift", "affiliation": "dockworkers-union"},
            "summary": "A crane operator describes the night shift.",
        }
        claims.insert(0, unnamed)
        title = f"Harbour strike, day {number + 1}: {_sentence(rng, 6).lower()}"
        files[f"articles/{article_id}.txt"] = title + "\n\n" + "\n\n".join(paragraphs) + "\n"
        annotation = {
            "article": {
                "title": title,
                "outlet": outlet,
                "published": f"2024-03-0{4 + number % 5}",
                "event": EVENT,
                "tags": ["labour"],
            },
            "claims": claims,
            "notes": "A synthetic article for tests: its words come from a fixed list.",
        }
        files[f"annotations/articles/{article_id}.yml"] = json.dumps(annotation, ensure_ascii=False, indent=1) + "\n"
    return files


def _first_words(paragraph: str) -> str:
    return " ".join(paragraph.split()[:6])


def write_event_archive(root: Path) -> Path:
    """The event archive at `root`, buildable: its content plus the repository's site configuration."""
    write_tree(root, event_archive_files())
    copy_into(root, REPO, SITE_FILES)
    return root
