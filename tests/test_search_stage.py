"""Search stage: a linked archive in, search records and their HTML documents out (`pages.search_records`, `search`).

No site is built and Pagefind is not run: the records are checked against the archive they come
from, and their documents are read with `tests.htmltree` as Pagefind reads them (filters, metadata,
sections with anchors). The tiny archive's facets are pinned per claim.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from build_tools import urls
from build_tools.link import Archive
from build_tools.model import ClaimRef, Span
from build_tools.pages import current_permalinks, search_records
from build_tools.pipeline import run_pipeline
from build_tools.search import SearchRecord, carried_data, outside_claims, search_documents, search_filters
from tests.conftest import write_tree
from tests.htmltree import Node, fold, nesting_problems, parse, visible_text
from tests.payloads import payload_files

DAILY_ID = "daily-2020-01-01-budget"
HERALD_ID = "herald-2020-01-02-budget"
NOT_REVIEWED = {"rating": ["Not reviewed"]}
CLAIM_FACETS = {
    (DAILY_ID, "talks-failed"): {"speaker": ["Jane Roe"], "kind": ["paraphrase"], **NOT_REVIEWED},
    (DAILY_ID, "no-pension-cuts"): {
        "speaker": ["Jane Roe"],
        "kind": ["direct quote"],
        **NOT_REVIEWED,
        "tag": ["Pensions"],
    },
    (DAILY_ID, "fantasy"): {"speaker": ["John Doe"], "kind": ["direct quote"], **NOT_REVIEWED},
    (HERALD_ID, "no-cuts"): {"speaker": ["Jane Roe"], "kind": ["direct quote"], **NOT_REVIEWED},
}
"""What each claim of the tiny archive can be narrowed by (empty facets are left out), by (article, claim)."""
ARTICLE_FILTERS = {
    DAILY_ID: {"outlet": ["The Daily"], "year": ["2020"], "type": ["Article", "Claim"]},
    HERALD_ID: {"outlet": ["The Herald"], "year": ["2020"], "type": ["Article", "Claim"]},
}
"""The article-wide filters of the annotated articles (the claims' facets are added to them)."""


def records_by_url(archive: Archive) -> dict[str, SearchRecord]:
    records = search_records(archive)
    by_url = {record.url: record for record in records}
    assert len(by_url) == len(records), "two records for one URL"
    return by_url


def article_record(archive: Archive, article_id: str) -> SearchRecord:
    return records_by_url(archive)[urls.url_of(urls.article_source(article_id))]


def claim_meta(record: SearchRecord) -> dict[str, dict]:
    """The per-claim facets the search page narrows claims with (and each quote, its section's heading), by claim id."""
    quotes = {anchor: heading for anchor, heading, _ in record.sections}
    found = {}
    for anchor, data in record.carried.items():
        facets = json.loads(data)
        claim_id = facets.pop("id")
        found[claim_id] = {**facets, "quote": quotes[anchor]}
    return found


# --------------------------------------------------------------------------------------------
# Which records there are
# --------------------------------------------------------------------------------------------


def test_one_record_per_article_speaker_outlet_and_event(tiny_linked_once: Archive) -> None:
    archive = tiny_linked_once
    registries = archive.registries
    expected = {
        **{urls.url_of(urls.article_source(a)): ("Article", archive.articles[a].title) for a in archive.articles},
        **{urls.url_of(urls.speaker_source(s.id)): ("Speaker", s.name) for s in registries.speakers.values()},
        **{urls.url_of(urls.outlet_source(o.id)): ("Outlet", o.name) for o in registries.outlets.values()},
        **{urls.url_of(urls.event_source(e.id)): ("Event", e.title) for e in registries.events.values()},
    }
    records = records_by_url(archive)
    assert sorted(records) == sorted(expected)
    for url, (kind, title) in expected.items():
        assert records[url].filters["type"][0] == kind, url
        if title is not None:
            assert records[url].title == title, url
    assert len(expected) == 3 + 3 + 2 + 1
    assert archive.statements, "the fixture no longer has a statement (whose absence from the index is tested here)"


def test_entity_records_hold_what_a_reader_searches_for(tiny_linked_once: Archive) -> None:
    records = records_by_url(tiny_linked_once)
    jane = records["speakers/jane-roe/"].content
    assert all(words in jane for words in ("Jane Roe", "Roe", "Finance minister")), jane
    assert records["events/budget-2020/"].meta == {"date": "2020-01-01"}


def test_a_claim_carries_the_statement_it_is_a_wording_of(tiny_linked_once: Archive) -> None:
    archive = tiny_linked_once
    records = records_by_url(archive)
    (statement_id,) = archive.statements
    members = archive.statements[statement_id].members
    assert len(members) == 2
    for ref in members:
        meta = claim_meta(records[urls.url_of(urls.article_source(ref.article_id))])[ref.claim_id]
        assert meta["statement"] == urls.url_of(urls.statement_source(statement_id)), meta
        assert meta["wordings"] == 2, meta
    alone = [c for a in archive.articles.values() for c in a.claims if c.ref not in archive.statement_of]
    assert alone, "the fixture no longer has a claim outside every statement"
    for claim in alone:
        meta = claim_meta(records[urls.url_of(urls.article_source(claim.ref.article_id))])[claim.ref.claim_id]
        assert not {"statement", "wordings"} & set(meta), meta


# --------------------------------------------------------------------------------------------
# An article's record: its claims as sections, filters per claim
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("article_id", [DAILY_ID, HERALD_ID])
def test_each_claim_is_a_section_at_its_permanent_address(tiny_linked_once: Archive, article_id: str) -> None:
    archive = tiny_linked_once
    article = archive.articles[article_id]
    record = article_record(archive, article_id)
    assert [anchor for anchor, _, _ in record.sections] == [f"claim-{c.ref.claim_id}" for c in article.claims]
    permalinks = current_permalinks(archive)
    for (anchor, heading, words), claim in zip(record.sections, article.claims, strict=True):
        assert f"{record.url}#{anchor}" in permalinks, "a search result must open the claim at its permanent address"
        assert heading == claim.quote, "the section's heading (the sub-result's title) is the article's words"
        assert words.startswith(CLAIM_FACETS[article_id, claim.ref.claim_id]["speaker"][0])
        assert claim.spec.summary in words
    # Each word once: the quotes are in their sections, the rest of the text in the content.
    assert record.content == outside_claims(article.clean.text, [c.span for c in article.claims])
    assert all(claim.quote not in record.content for claim in article.claims)
    indexed = re.findall(r"\w+", record.content + " ".join(f"{h} {w}" for _, h, w in record.sections))
    assert Counter(re.findall(r"\w+", article.clean.text)) <= Counter(indexed), "a word of the article is not searched"


def test_outside_claims_keeps_every_other_word_and_every_paragraph() -> None:
    text = "One two three.\nFour five six.\nSeven eight."
    assert outside_claims(text, []) == text
    assert outside_claims(text, [Span(4, 7)]) == "One three.\nFour five six.\nSeven eight."
    # Overlapping quotes, and a quote across a paragraph break: the break stays.
    assert outside_claims(text, [Span(4, 13), Span(8, 19)]) == "One\nfive six.\nSeven eight."
    assert outside_claims(text, [Span(0, len(text))]) == "\n\n"
    assert outside_claims(text, [Span(30, 36), Span(0, 3)]) == "two three.\nFour five six.\neight."


def test_filters_are_right_for_every_claim(tiny_linked_once: Archive) -> None:
    for article_id, article_filters in ARTICLE_FILTERS.items():
        record = article_record(tiny_linked_once, article_id)
        facets = {
            claim_id: {k: v for k, v in f.items() if k not in ("quote", "statement", "wordings")}
            for claim_id, f in claim_meta(record).items()
        }
        assert facets == {c: f for (a, c), f in CLAIM_FACETS.items() if a == article_id}
        for claim_id, meta in claim_meta(record).items():
            assert meta["quote"] == tiny_linked_once.claims[ClaimRef(article_id, claim_id)].quote
        union: dict[str, set[str]] = {}
        for facet in facets.values():
            for name, values in facet.items():
                union.setdefault(name, set()).update(values)
        article_tags = tiny_linked_once.articles[article_id].tags
        union.setdefault("tag", set()).update(tiny_linked_once.registries.tags[t].title for t in article_tags)
        expected = {**article_filters, **{name: sorted(values) for name, values in union.items() if values}}
        assert record.filters == expected, article_id
    assert article_record(tiny_linked_once, DAILY_ID).filters["tag"] == ["Budget", "Pensions"]


def test_an_unannotated_article_is_found_as_an_article_only(tiny_linked_once: Archive) -> None:
    record = article_record(tiny_linked_once, "herald-2020-01-03-unannotated")
    assert record.filters["type"] == ["Article"]
    assert record.sections == ()
    assert "claims" not in record.meta
    assert "Nothing happened today." in record.content


REVIEWED = """\
    article:
      published: "2020-01-02"
    claims:
      - id: no-cuts
        quote: We will not sign a budget that cuts pensions.
        speaker: {unnamed: a finance ministry source, affiliation: finance-ministry}
        cue: insisted
        kind: direct
        summary: The minister rules out a budget that cuts pensions.
        tags: [pensions]
        review:
          rating: mostly-false
          explanation: Pensions were cut a week later.
          sources: [https://example.org/budget]
    """


def test_rating_and_unnamed_sources_are_facets_too(edit_archive: Callable[[str, str], Path]) -> None:
    archive = run_pipeline(edit_archive(f"annotations/articles/{HERALD_ID}.yml", textwrap.dedent(REVIEWED))).archive
    assert archive is not None
    record = article_record(archive, HERALD_ID)
    assert {k: v for k, v in claim_meta(record)["no-cuts"].items() if k not in ("quote", "statement", "wordings")} == {
        "speaker": ["Unnamed sources"],
        "kind": ["direct quote"],
        "rating": ["Mostly false"],
        "tag": ["Pensions"],
    }
    counts = search_filters(archive)
    assert ["Mostly false", 1] in counts["rating"]
    assert ["Unnamed sources", 1] in counts["speaker"]


def test_filter_menus_count_claims_and_offer_only_filters_that_narrow(tiny_linked_once: Archive) -> None:
    counts = {name: dict(map(tuple, values)) for name, values in search_filters(tiny_linked_once).items()}
    assert counts["speaker"] == Counter(facets["speaker"][0] for facets in CLAIM_FACETS.values())
    assert counts == {
        "speaker": {"Jane Roe": 3, "John Doe": 1},
        "kind": {"direct quote": 3, "paraphrase": 1},
        "outlet": {"The Daily": 3, "The Herald": 1},  # the claims of its articles
    }
    # One year, one tag and one rating: a menu of one value narrows nothing, so there is none.


# --------------------------------------------------------------------------------------------
# The documents Pagefind indexes
# --------------------------------------------------------------------------------------------


def filters_in(document: Node) -> list[tuple[str, str]]:
    """(filter, value) of every filter the document declares, in order."""
    return [
        tuple(node.get("data-pagefind-filter").split(":", 1))
        for node in document.iter()
        if "data-pagefind-filter" in node.attrs
    ]


def test_documents_carry_the_records_filters_metadata_and_sections(tiny_linked_once: Archive) -> None:
    records = search_records(tiny_linked_once)
    documents = search_documents(records)
    assert sorted(documents) == sorted(f"{record.url}index.html" for record in records)
    for record in records:
        markup = documents[f"{record.url}index.html"]
        assert not nesting_problems(markup), record.url
        document = parse(markup)
        assert sorted(filters_in(document)) == sorted((n, v) for n, values in record.filters.items() for v in values)
        assert document.one(data_pagefind_meta="title").text() == record.title
        for name, value in record.meta.items():
            assert document.one(data_pagefind_meta=name).text() == value, f"{record.url}: meta {name}"
        headings = [(h.get("id"), fold(h.text())) for h in document.find_all("h2")]
        assert headings == [(anchor, fold(heading)) for anchor, heading, _ in record.sections]
        assert carried_in(document) == list(record.carried.values()), record.url


def carried_in(document: Node) -> list[str]:
    """The data of every carrier element of a document, in order, read back as the search page reads it."""
    ids = [node.get("id") for node in document.iter() if node.get("id")]
    return [data for data in map(carried_data, ids) if data is not None]


def test_what_a_claim_carries_is_not_searched(tiny_linked_once: Archive) -> None:
    """Pagefind searches metadata: a claim's facets ride in an element id, which holds no space and no markup."""
    record = article_record(tiny_linked_once, DAILY_ID)
    assert "claims" not in record.meta
    markup = search_documents([record])[f"{record.url}index.html"]
    document = parse(markup)
    carriers = [node for node in document.iter() if carried_data(node.get("id") or "") is not None]
    assert len(carriers) == len(record.carried) == len(tiny_linked_once.articles[DAILY_ID].claims)
    for node in carriers:
        assert node.text() == ""
        assert not re.search(r"[\s\"'<>&]", node.get("id")), node.get("id")
        assert not node.children
    assert "direct quote" not in visible_text(document)


def test_hostile_text_stays_text_in_documents(tmp_path: Path) -> None:
    write_tree(tmp_path, payload_files())
    archive = run_pipeline(tmp_path).archive
    assert archive is not None
    for url, markup in search_documents(search_records(archive)).items():
        assert not nesting_problems(markup), url
        document = parse(markup)
        assert not document.find_all("script"), url
        assert not [n for n in document.iter() if any(name.startswith("on") for name, _ in n.attributes)], url
        assert not document.find_all("img"), url
    record = article_record(archive, DAILY_ID)
    document = parse(search_documents([record])[f"{record.url}index.html"])
    assert fold(document.one("h1").text()) == fold(record.title)
    assert fold(record.title) in visible_text(document)
    assert carried_in(document) == list(record.carried.values())
