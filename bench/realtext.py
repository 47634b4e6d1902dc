"""Figures of cleaning and anchoring on the real-text corpus (tests/corpus/), as scraped and re-scraped.

Usage: python bench/realtext.py [--seeds N]

Prints, per context kind (none, whole words, 32 characters cut anywhere), how the recorded quotes
were anchored: exact, normalized, approximate (accepted), refused (a direct quote found only
approximately: an error naming the place), ambiguous, not found; how many were located at their
true span and how many were published anywhere else (wrong places). Then the same after seeded
re-scrapes, the body characters lost, headline detection, and the time to clean and anchor one
article.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from build_tools.clean import fold_title
from tests.realtext import (
    CONTEXTS,
    Figures,
    anchor_corpus,
    as_annotated,
    check_times,
    clean_corpus_article,
    load_corpus,
    lost_body_characters,
    rescraped,
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5, help="how many re-scrapes to measure (default 5)")
    args = parser.parse_args()
    articles = load_corpus()
    quotes = sum(len(a.quotes) for a in articles)
    outlets = sorted({str(a.meta["outlet"]) for a in articles})
    print(f"corpus: {len(articles)} articles, {len(outlets)} outlets ({', '.join(outlets)}), {quotes} quotes")
    print("\nas scraped")
    for context in CONTEXTS:
        print("  " + Figures.of(anchor_corpus(articles, context)).line(f"context {context}"))
    print("\nre-scraped (whitespace, quote marks, noise lines, 1-3 character edits in 10% of quotes)")
    totals = []
    bare_original = anchor_corpus(articles, "none")
    for seed in range(1, args.seeds + 1):
        outcomes = [o for context in ("words", "w3c") for o in anchor_corpus(rescraped(articles, seed), context)]
        totals += outcomes
        print("  " + Figures.of(outcomes).line(f"seed {seed}, with context"))
        bare = as_annotated(bare_original, anchor_corpus(rescraped(articles, seed), "none"))
        print("  " + Figures.of(bare).line(f"seed {seed}, no context (the claims check accepted before)"))
    print("  " + Figures.of(totals).line("all seeds, with context"))
    lost = sum(lost_body_characters(a) for a in articles)
    body_first = [a for a in articles if not a.headline_line]
    print(f"\nbody characters lost: {lost} (of {sum(len(a.text) for a in articles)}); ", end="")
    print(f"scrapes without a headline line: {len(body_first)}")
    right, wrong, none = 0, [], 0
    for article in articles:
        clean = clean_corpus_article(article)
        if clean.headline is None:
            none += 1
        elif fold_title(clean.text[clean.headline.start : clean.headline.end]) == fold_title(
            str(article.meta["title"])
        ):
            right += 1
        else:
            wrong.append(article.id)
    print(f"headline found and equal to the article's title: {right}; none found: {none}; ", end="")
    print(f"a line other than the title taken for the headline: {len(wrong)} {wrong or ''}")
    times = sorted(check_times(articles))
    print(
        f"clean + anchor per article: median {1000 * statistics.median(times):.2f} ms, "
        f"max {1000 * times[-1]:.2f} ms (whole-word context)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
