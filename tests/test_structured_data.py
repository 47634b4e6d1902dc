"""Structured data in pages (schema.org JSON-LD), feeds, sitemap and the "cite this" box.

Every `<script type="application/ld+json">` block of the frozen seed's built site is parsed; what it
must say is read from `archive.json` and the seed's annotations (`tests/fixtures/seed/`). A reviewed claim (the seed has none) is
added to the tiny archive and built to check the `ClaimReview` Google requires.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from build_tools import cli
from build_tools.pipeline import run_pipeline
from tests.conftest import REPO, SEED, SITE_FILES, copy_into
from tests.htmltree import parse_file
from tests.sitecheck import download_text

SITE_URL = re.search(r"^site_url:\s*(\S+)", (REPO / "mkdocs.yml").read_text(encoding="utf-8"), re.MULTILINE).group(1)
SITE_URL = SITE_URL.rstrip("/") + "/"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SPEAKERS: dict[str, dict] = yaml.safe_load((SEED / "annotations" / "speakers.yml").read_text(encoding="utf-8"))
ARTICLE_IDS = sorted(p.stem for p in (SEED / "articles").glob("*.txt"))


@cache
def json_ld_blocks(path: Path) -> tuple[str, ...]:
    """The text of every JSON-LD script element of a page, as written."""
    return tuple(script.text() for script in parse_file(path).find_all("script", type="application/ld+json"))


def documents(path: Path) -> list[dict[str, Any]]:
    return [json.loads(block) for block in json_ld_blocks(path)]


def entities(path: Path) -> Iterator[dict[str, Any]]:
    """Top-level entities of every JSON-LD block of a page (`@graph` members included)."""
    for document in documents(path):
        yield from document.get("@graph", [document])


def nodes(path: Path) -> dict[str, dict[str, Any]]:
    """Every node of a page's JSON-LD that has an `@id`, by it (each must be written out once)."""
    found: dict[str, dict[str, Any]] = {}
    for entity in entities(path):
        if "@id" in entity and len(entity) > 1:
            assert entity["@id"] not in found, f"{path}: {entity['@id']} is written out twice"
            found[entity["@id"]] = entity
    return found


def deref(value: dict[str, Any], index: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A node, following a reference (`{"@id": ...}` alone) to the node of the same page it names."""
    if set(value) == {"@id"}:
        assert value["@id"] in index, f"a reference to {value['@id']}, which the page does not describe"
        return index[value["@id"]]
    return value


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def page_file(site: Path, url: str) -> Path:
    return site / url / "index.html"


@cache
def archive_data(site: Path) -> dict[str, Any]:
    return json.loads(download_text(site, "archive.json"))


# --------------------------------------------------------------------------------------------
# JSON-LD in the seed site
# --------------------------------------------------------------------------------------------


def test_every_json_ld_block_parses(seed_site: Path) -> None:
    count = 0
    for path in html_pages(seed_site):
        for number, block in enumerate(json_ld_blocks(path), start=1):
            try:
                document = json.loads(block)
            except json.JSONDecodeError as exc:
                pytest.fail(f"{path.relative_to(seed_site)}: JSON-LD block {number} does not parse: {exc}")
            assert document.get("@context") == "https://schema.org", path
            count += 1
    # Every article page and every speaker page carries one.
    assert count >= len(ARTICLE_IDS) + len(SPEAKERS)


def test_no_json_ld_block_contains_a_raw_angle_bracket(seed_site: Path) -> None:
    for path in html_pages(seed_site):
        for block in json_ld_blocks(path):
            assert "<" not in block, f"{path.relative_to(seed_site)}: raw '<' in JSON-LD"


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_article_page_has_a_news_article(seed_site: Path, article_id: str) -> None:
    article = next(a for a in archive_data(seed_site)["articles"] if a["id"] == article_id)
    outlet = next(o for o in archive_data(seed_site)["outlets"] if o["id"] == article["outlet"])
    path = page_file(seed_site, f"articles/{article_id}")
    index = nodes(path)
    url = f"{SITE_URL}articles/{article_id}/"
    # This page's article; other articles appear only as the first appearance of a statement.
    news = [e for e in entities(path) if e.get("@type") == "NewsArticle" and e["url"] == url]
    assert len(news) == 1, f"{article_id}: expected one NewsArticle, found {len(news)}"
    entity = news[0]
    assert entity["@id"] == url
    assert entity["headline"] == article["title"]
    assert entity["datePublished"] == article["published"]
    datetime.fromisoformat(entity["datePublished"])
    publisher = deref(entity["publisher"], index)
    assert publisher["@type"] == "Organization"
    assert publisher["name"] == outlet["name"]
    if article["archived_url"]:
        assert entity["archivedAt"] == article["archived_url"]


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_every_claim_of_an_article_is_a_schema_org_claim(seed_site: Path, article_id: str) -> None:
    data = archive_data(seed_site)
    articles = {a["id"]: a for a in data["articles"]}
    statements = {s["id"]: s["members"] for s in data["statements"]}
    claims = {c["id"]: c for c in data["claims"]}
    path = page_file(seed_site, f"articles/{article_id}")
    index = nodes(path)
    found = {e["@id"]: e for e in entities(path) if e.get("@type") == "Claim"}
    expected = [claims[ref] for ref in articles[article_id]["claims"]]
    assert sorted(found) == sorted(c["url"] for c in expected)
    for claim in expected:
        entity = found[claim["url"]]
        assert entity["text"] == claim["quote"], claim["id"]
        author = deref(entity["author"], index)
        assert author["@type"] in {"Person", "Organization"}, claim["id"]
        assert author["name"] == (claim["speaker_name"] or claim["unnamed_speaker"]["description"]), claim["id"]
        if claim["speaker"]:
            assert author["url"] == f"{SITE_URL}speakers/{claim['speaker']}/"
        appearance = deref(entity["appearance"], index)
        assert appearance["url"] == articles[article_id]["url"], claim["id"]
        assert appearance["headline"] == articles[article_id]["title"]
        first = deref(entity["firstAppearance"], index)
        members = statements[claim["statement"]] if claim["statement"] else [claim["id"]]
        first_article = articles[members[0].partition("#")[0]]
        assert first["url"] == first_article["url"], claim["id"]
        if first_article["published"] and articles[article_id]["published"]:
            assert first_article["published"][:10] <= articles[article_id]["published"][:10]


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_article_json_ld_describes_each_thing_once(seed_site: Path, article_id: str) -> None:
    # A speaker quoted twenty times is described once; claims point at it (and at the articles) by @id.
    path = page_file(seed_site, f"articles/{article_id}")
    index = nodes(path)  # fails on a node written out twice
    speakers = [e for e in index.values() if e["@type"] in {"Person", "Organization"}]
    assert len({e["name"] for e in speakers}) == len(speakers)
    for claim in (e for e in entities(path) if e.get("@type") == "Claim"):
        # A claim's node holds its words and date; everything else is a reference (an unnamed source has no page).
        assert set(claim) <= {"@type", "@id", "text", "author", "appearance", "firstAppearance", "datePublished"}, claim
        assert set(claim["author"]) == {"@id"} or "@id" not in claim["author"], claim
        assert set(claim["appearance"]) == set(claim["firstAppearance"]) == {"@id"}, claim


def test_unreviewed_seed_claims_have_no_claim_review(seed_site: Path) -> None:
    assert all(c["review"] is None for c in archive_data(seed_site)["claims"])
    for path in html_pages(seed_site):
        assert not [e for e in entities(path) if e.get("@type") == "ClaimReview"], path


@pytest.mark.parametrize("speaker_id", sorted(SPEAKERS))
def test_speaker_page_is_a_person_or_organization(seed_site: Path, speaker_id: str) -> None:
    speaker = SPEAKERS[speaker_id]
    found = [
        e
        for e in entities(page_file(seed_site, f"speakers/{speaker_id}"))
        if e.get("@type") in {"Person", "Organization"}
    ]
    assert len(found) == 1, speaker_id
    entity = found[0]
    assert entity["@type"] == ("Person" if speaker["type"] == "person" else "Organization")
    assert entity["name"] == speaker["name"]
    assert entity["url"] == f"{SITE_URL}speakers/{speaker_id}/"
    if speaker.get("wikidata"):
        assert f"https://www.wikidata.org/wiki/{speaker['wikidata']}" in entity["sameAs"]


def test_reuters_is_the_wikidata_organization(seed_site: Path) -> None:
    (entity,) = [e for e in entities(page_file(seed_site, "speakers/reuters")) if e.get("@type") == "Organization"]
    assert "https://www.wikidata.org/wiki/Q130879" in entity["sameAs"]


# --------------------------------------------------------------------------------------------
# ClaimReview: a reviewed claim in the tiny archive, built
# --------------------------------------------------------------------------------------------

HERALD_TEXT = (
    "Minister: no pension cuts\n"
    "\n"
    "HERALD - Jane Roe insisted: \u201cWe will not sign a budget that cuts pensions.\u201d\n"
    "\n"
    "Roe added that the government would protect every single pensioner in the country from any cut "
    "whatsoever, now and for the whole of the coming decade.\n"
    "\n"
    "Doe disagreed.\n"
)
LONG_QUOTE = (
    "the government would protect every single pensioner in the country from any cut whatsoever, "
    "now and for the whole of the coming decade"
)
HOSTILE = "</script><script>alert(1)</script> & <b>bold</b>"
HERALD_YAML = f"""\
    article:
      title: "Minister: no pension cuts {HOSTILE}"
      published: "2020-01-02"
      event: budget-2020
      archived_url: https://web.archive.org/web/2020/https://herald.example.org/budget
    claims:
      - id: no-cuts
        quote: We will not sign a budget that cuts pensions.
        speaker: jane-roe
        cue: insisted
        kind: direct
        summary: The minister rules out a budget that cuts pensions.
        review:
          rating: "false"
          explanation: "The budget published a week later cut pensions by 2%. {HOSTILE}"
          sources: [https://budget.example.org/2020/pensions]
      - id: every-pensioner
        quote: {LONG_QUOTE}
        speaker: jane-roe
        cue: Roe added
        kind: indirect
        summary: The minister promises to protect every pensioner from cuts for a decade.
        review:
          rating: mostly-false
          explanation: Some pensioners were affected.
          sources: [https://budget.example.org/2020/pensions]
    """


@pytest.mark.site
def test_reviewed_claims_have_a_claim_review(edit_archive: Callable[[str, str], Path]) -> None:
    edit_archive("articles/herald-2020-01-02-budget.txt", HERALD_TEXT)
    root = edit_archive("annotations/articles/herald-2020-01-02-budget.yml", textwrap.dedent(HERALD_YAML))
    copy_into(root, REPO, SITE_FILES)
    assert cli.main(["--root", str(root), "build"]) == 0
    site = root / "site"
    page = page_file(site, "articles/herald-2020-01-02-budget")

    # No value written by a contributor opens markup in a JSON-LD block, yet each reads back intact.
    for path in html_pages(site):
        for block in json_ld_blocks(path):
            assert "<" not in block, f"{path.relative_to(site)}: raw '<' in JSON-LD"

    found = list(entities(page))
    index = nodes(page)
    article_url = f"{SITE_URL}articles/herald-2020-01-02-budget/"
    (news,) = [e for e in found if e.get("@type") == "NewsArticle" and e["url"] == article_url]
    assert news["headline"] == f"Minister: no pension cuts {HOSTILE}"
    assert news["archivedAt"] == "https://web.archive.org/web/2020/https://herald.example.org/budget"
    assert news["datePublished"] == "2020-01-02"
    assert deref(news["publisher"], index)["name"] == "The Herald"

    reviews = {e["url"]: e for e in found if e.get("@type") == "ClaimReview"}
    assert sorted(reviews) == sorted([f"{article_url}#claim-no-cuts", f"{article_url}#claim-every-pensioner"])
    expectations = {
        "no-cuts": ("We will not sign a budget that cuts pensions.", "False"),
        "every-pensioner": (LONG_QUOTE, "Mostly false"),
    }
    for claim_id, (quote, rating) in expectations.items():
        review = reviews[f"{article_url}#claim-{claim_id}"]
        # Google's required fields: claimReviewed (under 75 characters), reviewRating with alternateName,
        # url on the site's own domain.
        assert review["claimReviewed"], claim_id
        assert len(review["claimReviewed"]) < 75, (claim_id, review["claimReviewed"])
        assert review["claimReviewed"].rstrip("…").rstrip() in quote
        assert review["reviewRating"]["alternateName"] == rating
        assert review["url"].startswith(SITE_URL)
        assert urlsplit(review["url"]).netloc == urlsplit(SITE_URL).netloc
        assert review["author"]["name"]
        item = deref(review["itemReviewed"], index)
        assert item["@type"] == "Claim"
        assert item["text"] == quote
        assert deref(item["author"], index)["name"] == "Jane Roe"
        assert deref(item["appearance"], index)["url"] == article_url
    assert len(LONG_QUOTE) >= 75  # the second review really is clipped
    assert reviews[f"{article_url}#claim-no-cuts"]["reviewBody"].endswith(HOSTILE)

    # The unreviewed claims of the other article have no review.
    other = list(entities(page_file(site, "articles/daily-2020-01-01-budget")))
    assert [e for e in other if e.get("@type") == "Claim"]
    assert not [e for e in other if e.get("@type") == "ClaimReview"]


@pytest.mark.parametrize("rating", ["false", "true"])
def test_unquoted_true_and_false_ratings_are_accepted(edit_archive: Callable[[str, str], Path], rating: str) -> None:
    # `true` and `false` are ratings of the vocabulary (docs/contributing.md, "review"), and YAML
    # reads them unquoted as booleans: a contributor who writes `rating: false` means the rating,
    # not a type error.
    root = edit_archive(
        "annotations/articles/herald-2020-01-02-budget.yml",
        f"""\
        article:
          published: "2020-01-02"
          event: budget-2020
        claims:
          - id: no-cuts
            quote: We will not sign a budget that cuts pensions.
            speaker: jane-roe
            cue: insisted
            kind: direct
            summary: The minister rules out a budget that cuts pensions.
            review:
              rating: {rating}
              explanation: The budget published a week later settled it.
              sources: [https://budget.example.org/2020/pensions]
        """,
    )
    result = run_pipeline(root)
    assert not result.diagnostics.errors, [str(d) for d in result.diagnostics.errors]
    assert result.archive is not None
    claim = next(c for c in result.archive.claims.values() if c.ref.claim_id == "no-cuts")
    assert claim.spec.review is not None
    assert claim.spec.review.rating == rating


# --------------------------------------------------------------------------------------------
# Feeds and sitemap
# --------------------------------------------------------------------------------------------


def _feed(site: Path, name: str) -> ET.Element:
    path = site / "feeds" / f"{name}.xml"
    assert path.is_file(), f"feeds/{name}.xml was not built"
    root = ET.fromstring(path.read_bytes())
    assert root.tag == f"{ATOM}feed", f"feeds/{name}.xml is not an Atom feed"
    for child in ("id", "title", "updated"):
        assert (root.findtext(f"{ATOM}{child}") or "").strip(), f"feeds/{name}.xml has no {child}"
    return root


def _entries(feed: ET.Element) -> list[dict[str, str]]:
    entries = []
    for entry in feed.findall(f"{ATOM}entry"):
        fields = {name: (entry.findtext(f"{ATOM}{name}") or "").strip() for name in ("id", "title", "updated")}
        link = entry.find(f"{ATOM}link")
        fields["link"] = link.get("href", "") if link is not None else ""
        assert all(fields.values()), f"entry without id, title, updated or link: {fields}"
        datetime.fromisoformat(fields["updated"])
        entries.append(fields)
    return entries


def test_articles_feed_lists_every_article(seed_site: Path) -> None:
    entries = _entries(_feed(seed_site, "articles"))
    articles = {a["url"]: a for a in archive_data(seed_site)["articles"]}
    assert sorted(e["id"] for e in entries) == sorted(articles)
    for entry in entries:
        assert entry["link"] == entry["id"]
        assert entry["title"] == articles[entry["id"]]["title"]
        assert entry["updated"].startswith(articles[entry["id"]]["published"][:10])


def test_claims_feed_lists_every_claim(seed_site: Path) -> None:
    entries = _entries(_feed(seed_site, "claims"))
    claims = {c["url"]: c for c in archive_data(seed_site)["claims"]}
    assert sorted(e["id"] for e in entries) == sorted(claims)
    for entry in entries:
        assert entry["link"] == entry["id"]
        assert entry["id"].startswith(SITE_URL)


def test_feeds_are_announced_in_pages(seed_site: Path) -> None:
    home = (seed_site / "index.html").read_text(encoding="utf-8")
    for name in ("articles", "claims"):
        assert re.search(rf'<link rel="alternate feed" type="application/atom\+xml"[^>]*href="feeds/{name}.xml"', home)


def _sitemap_urls(site: Path) -> list[str]:
    root = ET.fromstring((site / "sitemap.xml").read_bytes())
    assert root.tag == f"{SITEMAP}urlset"
    return [(loc.text or "").strip() for loc in root.iter(f"{SITEMAP}loc")]


def test_sitemap_lists_every_article(seed_site: Path) -> None:
    urls = _sitemap_urls(seed_site)
    for article in archive_data(seed_site)["articles"]:
        assert article["url"] in urls, article["id"]


def test_sitemap_lists_every_published_page(seed_site: Path) -> None:
    urls = set(_sitemap_urls(seed_site))
    published = [
        line.strip()
        for line in (SEED / "permalinks.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#") and "#" not in line
    ]
    missing = [url for url in published if SITE_URL + url not in urls]
    assert not missing, f"published pages missing from sitemap.xml: {missing}"


# --------------------------------------------------------------------------------------------
# "Cite this"
# --------------------------------------------------------------------------------------------


def _cite_box(page: str) -> str:
    match = re.search(r'<details class="cite-this"[^>]*>(.*?)</details>', page, re.DOTALL)
    assert match, "no cite-this box"
    return match.group(1)


def _pre(box: str, name: str) -> str:
    match = re.search(rf'<pre class="cite-this__{name}">(.*?)</pre>', box, re.DOTALL)
    assert match, f"no {name} citation"
    return html.unescape(match.group(1))


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_article_page_has_a_cite_box(seed_site: Path, article_id: str) -> None:
    article = next(a for a in archive_data(seed_site)["articles"] if a["id"] == article_id)
    url = f"{SITE_URL}articles/{article_id}/"
    box = _cite_box(page_file(seed_site, f"articles/{article_id}").read_text(encoding="utf-8"))
    assert url in html.unescape(box)
    plain = _pre(box, "plain")
    assert url in plain
    assert article["title"] in plain
    assert article["published"][:10] in plain
    bibtex = _pre(box, "bibtex")
    assert re.match(r"@misc\{[^,\s]+,\n", bibtex), bibtex
    assert bibtex.count("{") == bibtex.count("}"), bibtex
    assert "\\url{" + url + "}" in bibtex
    assert re.search(r"title\s*=\s*\{", bibtex)
    assert re.search(r"year\s*=\s*\{" + article["published"][:4] + r"\}", bibtex)


def test_every_claim_is_cited_in_the_bibtex_download(seed_site: Path) -> None:
    # One BibTeX entry per claim, in the downloads rather than in every claim of every page.
    bib = download_text(seed_site, "claims.bib")
    entries = re.split(r"\n(?=@misc\{)", bib.strip())
    claims = archive_data(seed_site)["claims"]
    assert len(entries) == len(claims)
    for claim, entry in zip(sorted(claims, key=lambda c: c["id"]), entries, strict=True):
        article_id, _, claim_id = claim["id"].partition("#")
        assert entry.startswith(f"@misc{{archive:{article_id}:{claim_id},\n"), entry
        assert entry.count("{") == entry.count("}"), entry
        assert f"  url          = {{{claim['url']}}}," in entry
        assert "\\url{" + claim["url"].replace("#", "\\#") + "}" in entry
        assert re.search(r"author\s*=\s*\{\{.+\}\}", entry), entry
    for article_id in ARTICLE_IDS:
        page = page_file(seed_site, f"articles/{article_id}").read_text(encoding="utf-8")
        before_cite_box = page.split('class="cite-this"')[0]
        assert "@misc" not in before_cite_box, f"{article_id}: BibTeX outside the article's one cite box"


def test_cite_box_addresses_are_absolute_permalinks(seed_site: Path) -> None:
    # The permanent address is the site's own absolute URL, not a relative link that breaks when copied.
    for article_id in ARTICLE_IDS:
        box = html.unescape(_cite_box(page_file(seed_site, f"articles/{article_id}").read_text(encoding="utf-8")))
        urls = re.findall(r"https?://[^\s<}]+", box)
        assert urls
        assert all(u.startswith(SITE_URL) for u in urls), urls
        assert all(posixpath.basename(u.rstrip("/")) == article_id for u in urls)
