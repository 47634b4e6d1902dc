"""Linking again after a few articles changed gives the archive a full link gives: for random edits (hypothesis)."""

from __future__ import annotations

import dataclasses
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_tools import link
from build_tools.diagnostics import Diagnostics
from build_tools.link import Archive, Article, link_archive
from build_tools.model import Relation
from build_tools.pipeline import run_pipeline
from tests.conftest import bench_generate


@pytest.fixture(name="linked", scope="module")
def fixture_linked(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    """A 40-article synthetic archive (statements of several appearances, relations across articles), linked in full."""
    root = tmp_path_factory.mktemp("relink")
    bench_generate(root, 40)
    result = run_pipeline(root)
    assert result.archive is not None
    return result.archive


KINDS = ("same-as", "contradicts", "supports", "refutes")


def edited(archive: Archive, rng: random.Random) -> list[Article]:
    """The archive's articles after a few random edits: relations added or removed, claims dropped, dates moved, articles removed."""
    articles = dict(archive.articles)
    refs = sorted(archive.claims)
    for _ in range(rng.randint(1, 4)):
        action = rng.choice(("add", "remove relation", "drop claim", "move", "remove article"))
        article_id = rng.choice(sorted(articles))
        article = articles[article_id]
        if action == "remove article" and len(articles) > 2:
            del articles[article_id]
            continue
        if action == "move":
            articles[article_id] = dataclasses.replace(article, published=f"2010-01-{rng.randint(1, 28):02d}")
            continue
        if not article.claims:
            continue
        position = rng.randrange(len(article.claims))
        claim = article.claims[position]
        spec = claim.spec
        if action == "drop claim":
            claims = article.claims[:position] + article.claims[position + 1 :]
        else:
            if action == "remove relation" and spec.relations:
                relations = spec.relations[1:]
            else:
                relations = (*spec.relations, Relation(spec.origin, type=rng.choice(KINDS), target=rng.choice(refs)))
            changed = dataclasses.replace(claim, spec=dataclasses.replace(spec, relations=relations))
            claims = (*article.claims[:position], changed, *article.claims[position + 1 :])
        articles[article_id] = dataclasses.replace(article, claims=claims)
    return list(articles.values())


def _relinked(previous: Archive, articles: list[Article]) -> tuple[Archive, Archive, list[str], list[str]]:
    full_diagnostics, again_diagnostics = Diagnostics(), Diagnostics()
    full = link_archive(previous.registries, articles, previous.redirects, full_diagnostics)
    again = link_archive(previous.registries, articles, previous.redirects, again_diagnostics, previous=previous)
    return full, again, [str(d) for d in full_diagnostics.sorted()], [str(d) for d in again_diagnostics.sorted()]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32))
def test_linking_again_equals_linking_everything(linked: Archive, seed: int) -> None:
    # The edits are drawn from a seeded generator: their number and kinds depend on the archive.
    articles = edited(linked, random.Random(seed))
    full, again, full_messages, again_messages = _relinked(linked, articles)
    assert again_messages == full_messages
    assert again.claim_links == full.claim_links
    assert again.statements == full.statements
    assert again.statement_of == full.statement_of
    assert again.externals == full.externals
    assert again.external_links == full.external_links
    assert again.index == full.index
    assert again == full


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32))
def test_linking_again_after_an_archive_with_problems(linked: Archive, seed: int) -> None:
    # The previous archive already has inconsistent relations (kept as findings and reused where
    # an edit cannot reach them): a second round of edits, linked again, equals a full link.
    rng = random.Random(seed)
    first = edited(linked, rng)
    for _ in range(3):
        first = edited(link_archive(linked.registries, first, linked.redirects, Diagnostics()), rng)
    previous = link_archive(linked.registries, first, linked.redirects, Diagnostics())
    full, again, full_messages, again_messages = _relinked(previous, edited(previous, rng))
    assert again_messages == full_messages
    assert again.findings == full.findings
    assert again.cycle_findings == full.cycle_findings
    assert again == full


def test_relinking_takes_the_incremental_path(linked: Archive, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    original = link._relink
    monkeypatch.setattr(link, "_relink", lambda *args: (calls.append(1), original(*args)))
    articles = list(linked.articles.values())
    first = articles[0]
    articles[0] = dataclasses.replace(first, claims=first.claims[1:])
    full, again, _, _ = _relinked(linked, articles)
    assert calls == [1]
    assert again == full
    # The previous archive is left as it was (a preview still reads it).
    assert linked == link_archive(linked.registries, list(linked.articles.values()), linked.redirects, Diagnostics())
