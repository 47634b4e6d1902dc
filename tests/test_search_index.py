"""The search index of the frozen seed's built site: one page per article, speaker, outlet, event, statement and hand-written page.

Read from Pagefind's own files (gzip-compressed JSON fragments), so the test sees what a reader's
browser receives.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import yaml

from build_tools.search import HAND_WRITTEN_PAGES, carried_data, hand_written_record
from tests.conftest import SEED


def fragments(site: Path) -> dict[str, dict]:
    """Every indexed page by URL."""
    found = {}
    for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd") :])
        assert data["url"] not in found, f"{data['url']} indexed twice"
        found[data["url"]] = data
    return found


def test_every_page_kind_is_indexed_once_with_a_title(seed_site: Path) -> None:
    pages = fragments(seed_site)
    annotations = {p.stem: yaml.safe_load(p.read_text()) for p in (SEED / "annotations" / "articles").glob("*.yml")}
    speakers = yaml.safe_load((SEED / "annotations" / "speakers.yml").read_text())
    expected = {f"/articles/{a}/" for a in annotations}
    expected |= {f"/speakers/{s}/" for s in speakers}
    expected |= {"/" + url for url in HAND_WRITTEN_PAGES.values()}
    assert expected <= pages.keys(), expected - pages.keys()
    assert all(page["meta"].get("title") for page in pages.values()), [
        u for u, p in pages.items() if not p["meta"].get("title")
    ]
    assert pages["/methodology/"]["meta"]["title"] == "Methodology"
    assert pages["/methodology/"]["filters"] == {"type": ["Page"]}


def test_an_articles_claims_are_anchored_sections_with_their_own_facets(seed_site: Path) -> None:
    pages = fragments(seed_site)
    for article_id, data in (
        (p.stem, yaml.safe_load(p.read_text())) for p in (SEED / "annotations" / "articles").glob("*.yml")
    ):
        page = pages[f"/articles/{article_id}/"]
        anchors = [a["id"] for a in page["anchors"] if a["element"] == "h2"]
        assert sorted(anchors) == sorted(f"claim-{c['id']}" for c in data["claims"])
        # Each claim's facets ride in an anchor's id (Pagefind searches metadata, and no anchor id).
        assert set(page["meta"]) <= {"title", "outlet", "date"}, page["meta"]
        carried = [json.loads(d) for d in (carried_data(a["id"]) for a in page["anchors"]) if d is not None]
        claims = {facets["id"]: facets for facets in carried}
        assert len(claims) == len(carried)
        assert set(claims) == {c["id"] for c in data["claims"]}
        quotes = {a["id"]: a["text"] for a in page["anchors"] if a["element"] == "h2"}
        assert all(quotes[f"claim-{c['id']}"] for c in data["claims"]), quotes
        assert set(page["filters"]["type"]) == {"Article", "Claim"}
        for claim in data["claims"]:
            assert claims[claim["id"]]["kind"] == [
                {"direct": "direct quote", "indirect": "paraphrase", "assertion": "outlet's assertion"}[claim["kind"]]
            ]


def test_a_hand_written_page_is_titled_by_its_heading_without_the_permalink_sign() -> None:
    record = hand_written_record(
        "about/", '<h1 id="about">About &amp; more<a class="headerlink" href="#about">¶</a></h1><p>Text</p>'
    )
    assert record.title == "About & more"
    assert "<h1" not in (record.body or "")
    assert "About &amp; more" in record.document()
