"""Quotation and speaker suggestions measured on the real articles of `tests/corpus/` (see `tests/suggest_eval.py`).

Targets: quotation recall and precision of at least 90%, and the right speaker for at least 80% of
the suggestions that match a true quotation, with an empty speaker registry and with one that
knows the corpus's speakers. `python -m tests.suggest_eval --details` prints the figures per article.
"""

from __future__ import annotations

import pytest

from build_tools.model import Speaker
from tests.suggest_eval import (
    CorpusArticle,
    Figures,
    corpus_registry,
    load_corpus,
    measure,
    measure_metadata,
    same_speaker,
)

MIN_ARTICLES = 10
"""Fewer complete articles measure nothing worth asserting."""


@pytest.fixture(name="corpus", scope="module")
def fixture_corpus() -> list[CorpusArticle]:
    articles = load_corpus()
    if len(articles) < MIN_ARTICLES:
        pytest.skip(f"{len(articles)} corpus articles with complete_direct_quotes: true; {MIN_ARTICLES} needed")
    return articles


def _total(corpus: list[CorpusArticle], speakers: dict[str, Speaker]) -> tuple[Figures, str]:
    total = Figures(0, 0, 0, 0)
    rows = []
    for article in corpus:
        figures = measure(article, speakers)
        total += figures
        rows.append(
            f"{article.article_id}: recall {figures.recall:.0%} precision {figures.precision:.0%} "
            f"speakers {figures.speaker_accuracy:.0%}"
        )
    return total, "\n".join(rows)


@pytest.mark.parametrize("registry", ["empty", "corpus speakers"])
def test_suggestions_find_the_direct_quotations_and_who_said_them(corpus: list[CorpusArticle], registry: str) -> None:
    speakers = {} if registry == "empty" else corpus_registry(corpus)
    total, rows = _total(corpus, speakers)
    assert total.true >= 100, "too few true quotations to measure"
    assert total.recall >= 0.9, f"recall {total.recall:.1%}\n{rows}"
    assert total.precision >= 0.9, f"precision {total.precision:.1%}\n{rows}"
    assert total.speaker_accuracy >= 0.8, f"speaker accuracy {total.speaker_accuracy:.1%}\n{rows}"


@pytest.mark.parametrize(
    ("suggested", "true", "speakers", "right"),
    [
        ("Steve Cowan", "Steve Cowan", ["Steve Cowan"], True),
        ("Cowan", "Steve Cowan", ["Steve Cowan"], True),  # the surname alone, when no other speaker has it
        ("Cowan", "Steve Cowan", ["Steve Cowan", "Jane Cowan"], False),
        ("Michalis Chrisochoidis", "Michalis Chrisochoidis (@chrisochoidis)", [], True),  # remarks in brackets
        ("a defense ministry spokesman", "A defense ministry spokesman", [], True),
        ("CNN", "Steve Cowan", ["Steve Cowan"], False),
        (None, "Steve Cowan", ["Steve Cowan"], False),
        (None, None, [], True),
    ],
)
def test_speaker_names_are_compared_as_the_evaluation_says(
    suggested: str | None, true: str | None, speakers: list[str], right: bool
) -> None:
    assert same_speaker(suggested, true, speakers) is right


def test_titles_dates_and_outlets_are_detected_and_never_wrong(corpus: list[CorpusArticle]) -> None:
    del corpus  # only for the skip: the figures read every file of the corpus
    figures = measure_metadata()
    assert figures.wrong == {"title": [], "published": [], "outlet": [], "outlet with url": []}
    assert figures.missing["title"] == 0, "a headline standing on a line of its own is always found"
    assert figures.right["outlet with url"] >= 0.9 * (
        figures.right["outlet with url"] + figures.missing["outlet with url"]
    )
