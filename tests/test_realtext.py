"""Cleaning and anchoring on real news text: the corpus in `tests/corpus/`, as scraped and re-scraped.

The targets: exact quotes with any context (none, whole words, 32 characters cut anywhere) are
all anchored at their true span; after a seeded re-scrape at least 99% are located at their true
span and none is published anywhere else; no body text of a scrape is lost. `make realtext`
prints the figures.
"""

from __future__ import annotations

import pytest

from build_tools.anchor import normalize
from build_tools.clean import fold_title
from tests.realtext import (
    CONTEXTS,
    CorpusArticle,
    Figures,
    anchor_corpus,
    as_annotated,
    clean_corpus_article,
    load_corpus,
    lost_body_characters,
    rescraped,
)

ARTICLES = load_corpus()
MIN_ARTICLES = 30


def test_the_corpus_is_large_enough_and_its_quotes_are_where_it_says() -> None:
    assert len(ARTICLES) >= MIN_ARTICLES
    assert len({a.meta["outlet"] for a in ARTICLES}) >= 5
    assert sum(len(a.quotes) for a in ARTICLES) >= 300
    for article in ARTICLES:
        assert article.meta.get("licence"), article.id
        assert article.meta.get("source_url") or article.meta.get("read_from"), article.id
        for quote in article.quotes:
            assert article.text[quote.start : quote.end] == quote.text, (article.id, quote.text)


def _unique(article: CorpusArticle, text: str) -> bool:
    folded = normalize(clean_corpus_article(article).text).text
    needle = normalize(text).text
    return folded.count(needle) == 1


@pytest.mark.parametrize("context", CONTEXTS)
def test_exact_quotes_are_anchored_at_their_span_whatever_the_context(context: str) -> None:
    outcomes = anchor_corpus(ARTICLES, context)
    by_id = {a.id: a for a in ARTICLES}
    for outcome in outcomes:
        repeated = not _unique(by_id[outcome.article], outcome.quote.text)
        if repeated and context == "none":
            # Printed twice and nothing to choose with: refusing is the only right answer.
            assert outcome.status == "ambiguous", outcome
            continue
        assert outcome.accepted, outcome
        assert outcome.at_true_span, outcome


def test_after_a_rescrape_quotes_are_located_and_never_misplaced() -> None:
    articles = rescraped(ARTICLES, seed=1)
    outcomes = [o for context in ("words", "w3c") for o in anchor_corpus(articles, context)]
    figures = Figures.of(outcomes)
    wrong = [o for o in outcomes if o.wrong_place]
    assert not wrong, wrong[:3]
    assert figures.located >= 0.99 * figures.total, figures.line("re-scraped")
    for outcome in outcomes:
        if not outcome.located:
            # The rest are errors with a place or the nearest candidate shown.
            assert outcome.message.split(": ", 2)[1] == "error", outcome
            assert "closest text" in outcome.message or "ambiguous" in outcome.message or "paragraph" in outcome.message


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_after_a_rescrape_claims_without_context_are_never_misplaced(seed: int) -> None:
    # Claims that check accepted with no context (quotes printed once): a re-scrape may orphan one
    # whose words were edited, never move it to other words.
    outcomes = as_annotated(anchor_corpus(ARTICLES, "none"), anchor_corpus(rescraped(ARTICLES, seed), "none"))
    assert len(outcomes) >= 340
    wrong = [o for o in outcomes if o.wrong_place]
    assert not wrong, wrong[:3]


def test_rescraping_moves_every_quote_with_its_words() -> None:
    for original, moved in zip(ARTICLES, rescraped(ARTICLES, seed=1), strict=True):
        for before, after in zip(original.quotes, moved.quotes, strict=True):
            was = normalize(before.text).text
            now = normalize(moved.text[after.start : after.end]).text
            assert abs(len(was) - len(now)) <= 3, (original.id, before.text)


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.id)
def test_no_body_text_is_lost(article: CorpusArticle) -> None:
    assert lost_body_characters(article) == 0
    clean = clean_corpus_article(article)
    first_line = article.text.strip().split("\n", 1)[0].strip()
    assert clean.text.startswith(" ".join(first_line.split())[:40])
    if article.headline_line:
        # The headline stays text (claims may quote it) and is recognised as the headline.
        assert clean.headline is not None
        assert clean.text[clean.headline.start : clean.headline.end] == " ".join(first_line.split())
    if clean.headline is not None:
        # Never a paragraph of the body, or a date or a label above it: the article's own title.
        headline = clean.text[clean.headline.start : clean.headline.end]
        assert fold_title(headline) == fold_title(str(article.meta["title"]))
