"""Raw offsets in the downloads, the headline as quotable text, and the W3C export read back.

Each claim's words are located twice in the downloads: in the clean text (`start`, `end`) and in
the raw file as scraped (`raw_start`, `raw_end`, and the W3C export's second target). The W3C
export of an archive, imported into the same articles without their annotations, gives back the
same anchors, whatever the length of the selectors' context.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from build_tools.export import annotations_jsonld, archive_json, claims_csv
from build_tools.link import Archive
from build_tools.pipeline import run_pipeline
from build_tools.webannotation import import_annotations
from tests.conftest import write_tree
from tests.realtext import load_corpus

SITE = "https://archive.example.org/"


def test_archive_json_gives_each_claim_its_raw_span(tiny_linked: Archive) -> None:
    data = json.loads(archive_json(tiny_linked, SITE))
    raw_texts = {a.id: a.raw.text for a in tiny_linked.articles.values()}
    clean_texts = {a["id"]: a["text"] for a in data["articles"]}
    assert data["claims"]
    for claim in data["claims"]:
        article = claim["article"]
        assert clean_texts[article][claim["start"] : claim["end"]] == claim["quote"]
        raw = raw_texts[article][claim["raw_start"] : claim["raw_end"]]
        assert " ".join(raw.split()) == " ".join(claim["quote"].split())


def test_claims_csv_has_raw_offsets(tiny_linked: Archive) -> None:
    header = claims_csv(tiny_linked, SITE).splitlines()[0].split(",")
    assert {"raw_start", "raw_end"} <= set(header)


def test_the_w3c_export_names_the_raw_file_as_a_second_target(tiny_linked: Archive) -> None:
    document = json.loads(annotations_jsonld(tiny_linked, SITE))
    for item in document["first"]["items"]:
        page, raw = item["target"]
        assert page["source"].startswith(SITE + "articles/")
        assert raw["source"].endswith("/raw.txt")
        article_id = raw["source"].removeprefix(SITE + "articles/").removesuffix("/raw.txt")
        text = tiny_linked.articles[article_id].raw.text
        quote, position = raw["selector"]
        assert text[position["start"] : position["end"]] == quote["exact"]
        assert text[position["start"] - len(quote["prefix"]) : position["start"]] == quote["prefix"]


def _without_claims(root: Path, article_ids: list[str]) -> None:
    for article_id in article_ids:
        (root / "annotations" / "articles" / f"{article_id}.yml").unlink()


def _round_trip(root: Path) -> tuple[dict[str, set[tuple[int, int]]], dict[str, set[tuple[int, int]]], list[str]]:
    before = run_pipeline(root, cache=False)
    assert before.archive is not None, [str(d) for d in before.diagnostics.errors]
    document = json.loads(annotations_jsonld(before.archive, SITE))
    expected = {a.id: {tuple(c.span) for c in a.claims} for a in before.archive.articles.values()}
    _without_claims(root, [a for a, spans in expected.items() if spans])
    emptied = run_pipeline(root, cache=False, permalinks=False)
    assert emptied.archive is not None, [str(d) for d in emptied.diagnostics.errors]
    report = import_annotations(emptied.archive, document, "export.jsonld")
    got: dict[str, set[tuple[int, int]]] = {a: set() for a in expected}
    for claim in report.claims:
        clean = emptied.archive.articles[claim.article_id].clean
        start = _place(clean.text, claim.quote, claim.prefix, claim.suffix)
        got[claim.article_id].add((start, start + len(claim.quote)))
    return expected, got, report.unmatched


def _place(text: str, quote: str, prefix: str | None, suffix: str | None) -> int:
    starts = [i for i in range(len(text)) if text.startswith(quote, i)]
    if prefix:
        starts = [s for s in starts if text[:s].rstrip().endswith(prefix)]
    if suffix:
        starts = [s for s in starts if text[s + len(quote) :].lstrip().startswith(suffix)]
    assert len(starts) == 1, (quote, prefix, suffix, starts)
    return starts[0]


def test_the_w3c_export_of_the_tiny_archive_imports_back_to_the_same_anchors(tiny_archive: Path) -> None:
    expected, got, unmatched = _round_trip(tiny_archive)
    assert not unmatched
    assert got == expected


CORPUS_OUTLETS = """\
{outlet}:
  name: {name}
"""


@pytest.fixture(name="corpus_archive")
def fixture_corpus_archive(tmp_path: Path) -> Path:
    """The real-text corpus as an archive: each article with its recorded quotes as claims."""
    outlets: dict[str, str] = {}
    files: dict[str, str] = {}
    for article in load_corpus():
        outlet = str(article.meta["outlet"])
        outlets[outlet] = str(article.meta.get("outlet_name", outlet))
        files[f"articles/{article.id}.txt"] = article.text
        claims = []
        for number, quote in enumerate(article.quotes, start=1):
            occurrences = article.text.count(quote.text)
            context = ""
            if occurrences > 1:
                prefix = article.text[max(0, quote.start - 40) : quote.start]
                suffix = article.text[quote.end : quote.end + 40]
                context = (
                    f"    prefix: {json.dumps(prefix, ensure_ascii=False)}\n"
                    f"    suffix: {json.dumps(suffix, ensure_ascii=False)}\n"
                )
            kind = "indirect" if quote.kind == "indirect" else "direct"
            claims.append(
                f"  - id: q{number}\n    quote: {json.dumps(quote.text, ensure_ascii=False)}\n{context}"
                f"    kind: {kind}\n    summary: Recorded quote {number}.\n    speaker: {{unnamed: someone}}\n"
            )
        files[f"annotations/articles/{article.id}.yml"] = (
            f'article:\n  outlet: {outlet}\n  published: "{article.meta.get("published") or "2020-01-01"}"\n'
            "claims:\n" + "".join(claims)
        )
    files["annotations/outlets.yml"] = "".join(
        CORPUS_OUTLETS.format(outlet=o, name=json.dumps(n)) for o, n in outlets.items()
    )
    for name in ("speakers", "events", "tags"):
        files[f"annotations/{name}.yml"] = "{}\n"
    write_tree(tmp_path, files)
    return tmp_path


def test_the_w3c_export_of_real_articles_imports_back_to_the_same_anchors(corpus_archive: Path) -> None:
    expected, got, unmatched = _round_trip(corpus_archive)
    assert not unmatched
    assert got == expected


def test_hypothesis_selectors_of_32_characters_cut_mid_word_import(tiny_archive: Path) -> None:
    result = run_pipeline(tiny_archive, cache=False)
    assert result.archive is not None
    article = result.archive.articles["daily-2020-01-01-budget"]
    text = article.clean.text
    words = "The opposition leader John Doe"
    start = text.index(words)
    end = start + len(words)
    shutil.rmtree(tiny_archive / "build", ignore_errors=True)
    exported = {
        "rows": [
            {
                "id": "hyp-1",
                "uri": f"{SITE}articles/daily-2020-01-01-budget/",
                "text": "The minister says the talks failed.",
                "target": [
                    {
                        "source": f"{SITE}articles/daily-2020-01-01-budget/",
                        "selector": [
                            {
                                "type": "TextQuoteSelector",
                                "exact": text[start:end],
                                "prefix": text[start - 32 : start],
                                "suffix": text[end : end + 32],
                            }
                        ],
                    }
                ],
            }
        ]
    }
    report = import_annotations(result.archive, exported, "hypothesis.json")
    assert not report.unmatched
    assert [(c.quote, c.prefix, c.suffix, c.summary) for c in report.claims] == [
        (words, None, None, "The minister says the talks failed.")
    ]
    assert not report.diagnostics.items
