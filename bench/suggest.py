"""Benchmark of the suggestions: index build time and memory, query times, precision and recall at top 3.

A synthetic archive of N articles (bench/generate.py: a Zipf vocabulary, claims of later articles
repeating earlier ones of their event in slightly other words, linked `same-as`) is checked with
the pipeline, the suggestion index is built over it with every `same-as` link hidden, and a
sample of the claims that have a known `same-as` partner is queried: a partner should be among
the top 3. Precision at 3 counts the suggestions returned that are partners (each claim has one
partner or a few, so it is at most about a third); the figures at the note threshold are those of
what `archive check --suggest` would print.

`--reword` makes the task harder than the generator does (it replaces one word and sometimes
drops one): each repeating claim is rewritten from its partner's words with a fifth of them
replaced, a tenth dropped, a tenth of new ones added and two swapped, and for 30% of the pairs
given to another speaker (as when a spokesman's words are given to his ministry), in the raw
article and in its annotation file alike.

Queries run on one core (the process is pinned to one CPU while they run); their elapsed time
and the CPU time they used are both given, the second being what a busy machine does not inflate.

Usage: python bench/suggest.py [N] [--sample S] [--seed SEED] [--work DIR] [--reword]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from generate import generate  # noqa: E402

from build_tools.model import ClaimRef  # noqa: E402
from build_tools.pipeline import run_pipeline  # noqa: E402
from build_tools.suggestions import NOTE_SCORE, Draft, SuggestionIndex  # noqa: E402

TARGET_MS = 200
"""A query must answer within this at 10,000 articles (median and 95th percentile)."""


def reworded(words: list[str], vocabulary: list[str], rng: random.Random) -> list[str]:
    """Another outlet's wording of the same words."""
    out: list[str] = []
    for word in words:
        roll = rng.random()
        if roll < 0.1:
            continue
        out.append(rng.choice(vocabulary) if roll < 0.3 else word)
        if rng.random() < 0.1:
            out.append(rng.choice(vocabulary))
    if len(out) > 3:
        at = rng.randrange(len(out) - 1)
        out[at], out[at + 1] = out[at + 1], out[at]
    return out or words


def reword_links(root: Path, rng: random.Random) -> int:
    """Rewrite each repeating claim from its partner's words, harder than the generator does; how many."""
    folder = root / "annotations" / "articles"
    documents = {path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.yml"))}
    claims = {(a, c["id"]): c for a, doc in documents.items() for c in doc.get("claims") or []}
    vocabulary = [w.lower() for c in claims.values() for w in c["quote"].split()]
    speakers = sorted({c["speaker"] for c in claims.values()})
    changed: dict[str, list[tuple[str, str]]] = {}
    for (article_id, _), claim in sorted(claims.items()):
        targets = [r["same-as"] for r in claim.get("relations") or [] if "same-as" in r]
        if not targets:
            continue
        partner = claims[tuple(targets[0].split("#"))]  # type: ignore[index]
        words = reworded(partner["quote"].lower().split(), vocabulary, rng)
        new = " ".join(words)
        new = new[:1].upper() + new[1:]
        changed.setdefault(article_id, []).append((claim["quote"], new))
        claim["quote"] = new
        if rng.random() < 0.3:
            claim["speaker"] = rng.choice(speakers)
    for article_id, replacements in changed.items():
        raw = root / "articles" / f"{article_id}.txt"
        text = raw.read_text(encoding="utf-8")
        for old, new in replacements:
            text = text.replace(f"\u201c{old},\u201d", f"\u201c{new},\u201d", 1)
        raw.write_text(text, encoding="utf-8")
        path = folder / f"{article_id}.yml"
        path.write_text(yaml.safe_dump(documents[article_id], sort_keys=False, width=100_000), encoding="utf-8")
    return sum(len(r) for r in changed.values())


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def pin_to_one_core() -> str:
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity)"
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return f"pinned to CPU {cpu}"


def main() -> int:  # noqa: PLR0915 - the benchmark reads best as one script, step after step
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=10_000, help="articles (default 10,000)")
    parser.add_argument("--sample", type=int, default=1000, help="claims with a known partner to query")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=HERE.parent / "build" / "bench-suggest")
    parser.add_argument("--reword", action="store_true", help="reword the repeating claims more than the generator")
    args = parser.parse_args()
    root = args.work / f"archive-{args.n}"
    started = time.perf_counter()
    generate(root, args.n, args.seed)
    rewritten = reword_links(root, random.Random(args.seed)) if args.reword else 0
    print(f"archive: {args.n:,} articles generated in {time.perf_counter() - started:.1f} s", end="")
    print(f"; {rewritten:,} repeating claims reworded" if args.reword else "")
    started = time.perf_counter()
    result = run_pipeline(root, permalinks=False, cache=False)
    archive = result.archive
    if archive is None:
        for diagnostic in result.diagnostics.errors[:20]:
            print(diagnostic)
        return 1
    print(f"pipeline: {len(archive.claims):,} claims in {time.perf_counter() - started:.1f} s")
    pairs = [
        (ref, link.other)
        for ref, links in archive.claim_links.items()
        for link in links
        if link.type == "same-as" and isinstance(link.other, ClaimRef) and not link.inverse
    ]
    started, cpu = time.perf_counter(), time.process_time()
    index = SuggestionIndex(archive, hidden=pairs)
    build_seconds, build_cpu = time.perf_counter() - started, time.process_time() - cpu
    del index
    tracemalloc.start()
    index = SuggestionIndex(archive, hidden=pairs)
    retained, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"index: built in {build_seconds:.2f} s ({build_cpu:.2f} s of CPU); {retained / 2**20:.0f} MiB retained, "
        f"{peak / 2**20:.0f} MiB peak "
        f"while building ({len(pairs):,} same-as links hidden)"
    )
    # A claim's partners: the other appearances of its statement (linked directly or through others).
    partners = {
        member: set(statement.members) - {member}
        for statement in archive.statements.values()
        for member in statement.members
    }
    rng = random.Random(args.seed)
    sample = rng.sample(sorted(partners), min(args.sample, len(partners)))
    print(pin_to_one_core())
    times: list[float] = []
    cpu_times: list[float] = []
    hits = returned = relevant = found_any = 0
    confident_hits = confident = 0
    for ref in sample:
        started, cpu = time.perf_counter(), time.thread_time()
        suggestions = index.for_claim(ref, k=3)
        times.append((time.perf_counter() - started) * 1000)
        cpu_times.append((time.thread_time() - cpu) * 1000)
        top = [s.target for s in suggestions.same_as]
        correct = [t for t in top if t in partners[ref]]
        hits += len(correct)
        returned += len(top)
        relevant += min(3, len(partners[ref]))
        found_any += bool(correct)
        sure = [s for s in suggestions.same_as if s.score >= NOTE_SCORE]
        confident += len(sure)
        confident_hits += sum(1 for s in sure if s.target in partners[ref])
    draft_times = []
    for ref in sample[:200]:
        claim = archive.claims[ref]
        draft = Draft(claim.quote, ref.article_id, claim.spec.speaker, archive.articles[ref.article_id].date)
        started = time.perf_counter()
        index.for_draft(draft, k=3)
        draft_times.append((time.perf_counter() - started) * 1000)
    wording = "reworded harder (--reword)" if args.reword else "as generated"
    print(f"\nsame-as at top 3, {len(sample):,} claims with a known partner, {wording}:")
    print(f"  recall@3     {hits / relevant:.1%}  ({hits} of {relevant} partners; {found_any} claims found theirs)")
    print(
        f"  precision@3  {hits / returned:.1%}  ({hits} of {returned} suggestions returned)"
        if returned
        else "  precision@3  -"
    )
    if confident:
        print(
            f"  at the note threshold ({NOTE_SCORE}): precision {confident_hits / confident:.1%}, "
            f"recall {confident_hits / relevant:.1%} ({confident} notes)"
        )
    print()
    for label, values in (
        ("claim queries, elapsed", times),
        ("claim queries, CPU", cpu_times),
        ("draft queries, elapsed", draft_times),
    ):
        print(
            f"{label} ({len(values)}, one core): median {statistics.median(values):.1f} ms, "
            f"p95 {percentile(values, 0.95):.1f} ms, max {max(values):.1f} ms"
        )
    slow = statistics.median(times) > TARGET_MS or percentile(times, 0.95) > TARGET_MS
    print(f"\ntarget: median and p95 under {TARGET_MS} ms at 10,000 articles: {'MISSED' if slow else 'met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
