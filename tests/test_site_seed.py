"""The archive, end to end: the frozen seed archive built with `mkdocs build --strict`, checked in its HTML.

Every expectation is read from the seed's annotations (`tests/fixtures/seed/annotations/**.yml`)
and raw articles (`tests/fixtures/seed/articles/*.txt`) where possible, with a few literal facts
pinned, so that the tests fail when the site stops saying what the inputs say.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from tests.conftest import REPO, SEED
from tests.htmltree import Node, fold, parse_file
from tests.sitecheck import external_loads

TASS = "tass-2017-08-02-secret-graves"
RT = "rt-2017-08-02-false-from-start-to-finish"
RT_HEADLINE = "'False from start to finish': Russian defense ministry slams Reuters report on military casualties"
TASS_HEADLINE = "Defense Ministry refutes allegations of secret Russian soldiers graves in Syria as rumors"


# --------------------------------------------------------------------------------------------
# Inputs: the frozen seed's annotations and raw articles
# --------------------------------------------------------------------------------------------


def _load(relative: str) -> dict:
    return yaml.safe_load((SEED / relative).read_text(encoding="utf-8")) or {}


ANNOTATIONS: dict[str, dict] = {
    path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
    for path in sorted((SEED / "annotations" / "articles").glob("*.yml"))
}
RAW: dict[str, str] = {
    path.stem: path.read_text(encoding="utf-8") for path in sorted((SEED / "articles").glob("*.txt"))
}
SPEAKERS = _load("annotations/speakers.yml")
OUTLETS = _load("annotations/outlets.yml")
EVENTS = _load("annotations/events.yml")
TAGS = _load("annotations/tags.yml")
CLAIMS = [(article_id, claim) for article_id, data in ANNOTATIONS.items() for claim in data["claims"]]
SITE_PREFIX = urlsplit(re.search(r"^site_url:\s*(\S+)", (REPO / "mkdocs.yml").read_text(), re.MULTILINE).group(1)).path


def relations(claim: dict) -> Iterator[tuple[str, object]]:
    """(type, target) of every relation written on a claim."""
    for relation in claim.get("relations", []):
        yield from relation.items()


def global_ref(article_id: str, target: str) -> tuple[str, str]:
    """`<article>#<claim>` (or a bare claim id in the same article) as (article, claim)."""
    article, _, claim = target.rpartition("#")
    return (article or article_id, claim)


def written_relations(kind: str) -> list[tuple[tuple[str, str], object]]:
    """Every relation of one type in the seed: ((article, claim), target as written)."""
    return [
        ((article_id, claim["id"]), target)
        for article_id, claim in CLAIMS
        for rel, target in relations(claim)
        if rel == kind
    ]


def same_as_clusters() -> list[set[tuple[str, str]]]:
    """The `same-as` clusters (connected components) of the seed."""
    clusters: list[set[tuple[str, str]]] = []
    for source, target in written_relations("same-as"):
        pair = {source, global_ref(source[0], target)}
        touching = [c for c in clusters if c & pair]
        merged = set().union(pair, *touching)
        clusters = [c for c in clusters if not c & pair] + [merged]
    return clusters


# --------------------------------------------------------------------------------------------
# Reading the built pages
# --------------------------------------------------------------------------------------------


def page(site: Path, url: str) -> Node:
    """The parsed page at a site URL such as `articles/x/` ('' is the home page)."""
    path = site / url / "index.html"
    assert path.is_file(), f"no page at /{url}"
    return parse_file(path)


def content(root: Node) -> Node:
    """The page's main content (Material's `article.md-content__inner`)."""
    node = root.find("article", cls="md-content__inner")
    assert node is not None, "page has no main content"
    return node


def article_text(site: Path, article_id: str) -> Node:
    node = content(page(site, f"articles/{article_id}/")).find("div", cls="article-text")
    assert node is not None, f"{article_id}: no div.article-text"
    return node


def claim_block(site: Path, article_id: str, claim_id: str) -> Node:
    """A claim's note (its detail, outside the text): `#note-<id>`."""
    node = content(page(site, f"articles/{article_id}/")).find(id=f"note-{claim_id}")
    assert node is not None, f"{article_id}: no claim note with id note-{claim_id}"
    return node


def is_pin(node: Node) -> bool:
    return node.tag == "span" and "claim-pin" in node.classes


def heading_text(node: Node) -> str:
    return fold(node.text(skip=lambda n: "headerlink" in n.classes))


def has_scheme(url: str) -> bool:
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", url)) or url.startswith("//")


def resolve(site: Path, page_file: str, url: str) -> tuple[str, str] | None:
    """A relative URL on the page `page_file` (site-relative file path) as (target file, fragment).

    None for URLs with a scheme. Directory URLs resolve to their index.html.
    """
    if has_scheme(url):
        return None
    parts = urlsplit(url)
    path = unquote(parts.path)
    if not path:
        return page_file, parts.fragment
    if path.startswith("/"):
        path = path.removeprefix(SITE_PREFIX)
        joined = posixpath.normpath(path.lstrip("/") or ".")
    else:
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(page_file), path))
    if joined == ".":
        joined = ""
    if path.endswith("/") or (site / joined).is_dir():
        joined = posixpath.join(joined, "index.html")
    return joined, parts.fragment


def links(root: Node) -> Iterator[tuple[Node, str]]:
    """(element, URL) of every href and src in a page."""
    for node in root.iter():
        for name in ("href", "src"):
            if name in node.attrs:
                yield node, node.attrs[name]


def links_to(site: Path, page_file: str, node: Node, target_file: str, fragment: str = "") -> bool:
    """Whether an `a` under `node` links to the target file (and fragment)."""
    return any(resolve(site, page_file, a.attrs.get("href", "")) == (target_file, fragment) for a in node.find_all("a"))


def article_file(article_id: str) -> str:
    return f"articles/{article_id}/index.html"


def all_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# --------------------------------------------------------------------------------------------
# 1. Pages at their URLs (the table of page kinds, docs/architecture.md)
# --------------------------------------------------------------------------------------------


def expected_pages() -> list[tuple[str, str | None]]:
    """(URL, expected h1 or None) of every page the seed must produce."""
    pages: list[tuple[str, str | None]] = [("", None), ("statements/", None), ("claims/", None), ("timeline/", None)]
    pages += [(f"{hub}/", None) for hub in ("articles", "speakers", "outlets", "events", "tags")]
    pages += [(f"articles/{a}/", None) for a in sorted(set(RAW) | set(ANNOTATIONS))]
    pages += [(f"speakers/{s}/", v["name"]) for s, v in SPEAKERS.items()]
    pages += [(f"outlets/{o}/", v["name"]) for o, v in OUTLETS.items()]
    pages += [(f"events/{e}/", v["title"]) for e, v in EVENTS.items()]
    pages += [(f"tags/{t}/", v["title"]) for t, v in TAGS.items()]
    return pages


def test_seed_inputs_are_the_known_seed() -> None:
    # Pinned facts about the seed, so that the data-driven tests below cannot silently test nothing.
    assert sorted(ANNOTATIONS) == sorted([TASS, RT])
    assert len(CLAIMS) == 31
    assert {"igor-konashenkov", "dmitry-peskov", "russian-defense-ministry", "reuters"} <= set(SPEAKERS)
    assert {"tass", "rt", "reuters"} <= set(OUTLETS)
    assert len(same_as_clusters()) == 9


@pytest.mark.parametrize(("url", "title"), expected_pages(), ids=lambda v: v if isinstance(v, str) else "")
def test_page_exists_at_its_url(seed_site: Path, url: str, title: str | None) -> None:
    root = page(seed_site, url)
    h1 = content(root).find("h1")
    assert h1 is not None, f"/{url} has no h1"
    if title is not None:
        assert heading_text(h1) == fold(title)


def test_statement_pages_cover_every_same_as_cluster(seed_site: Path) -> None:
    statement_dirs = [p.parent for p in (seed_site / "statements").glob("*/index.html")]
    clusters = same_as_clusters()
    assert len(statement_dirs) == len(clusters)
    hub = content(page(seed_site, "statements/"))
    for cluster in clusters:
        # One statement page links to every appearance of the cluster, and the hub links to that page.
        matching = []
        for directory in statement_dirs:
            file = f"statements/{directory.name}/index.html"
            body = content(parse_file(directory / "index.html"))
            if all(links_to(seed_site, file, body, article_file(a), f"claim-{c}") for a, c in cluster):
                matching.append(file)
        assert len(matching) == 1, f"cluster {sorted(cluster)}: statement pages {matching}"
        assert links_to(seed_site, "statements/index.html", hub, matching[0]), f"hub does not link {matching[0]}"


def test_claims_hub_lists_every_claim_once_and_the_timeline_every_article(seed_site: Path) -> None:
    # One list of claims (the claims hub's, filterable); the timeline lists articles by date, not their claims.
    claims = content(page(seed_site, "claims/"))
    lists = claims.find_all("ol", cls="claim-list")
    assert len(lists) == 1, f"/claims/ has {len(lists)} claim lists"
    assert not claims.find_all("table"), "/claims/ lists its claims a second time, in a table"
    items = lists[0].find_all("li", cls="claim-item")
    assert len(items) == len(CLAIMS) == 31
    for article_id, claim in CLAIMS:
        assert links_to(seed_site, "claims/index.html", lists[0], article_file(article_id), f"claim-{claim['id']}"), (
            f"/claims/ does not link {article_id}#{claim['id']}"
        )
    assert links_to(seed_site, "timeline/index.html", content(page(seed_site, "timeline/")), "timeline/2017/index.html")
    year = content(page(seed_site, "timeline/2017/"))
    for article_id in ANNOTATIONS:
        assert links_to(seed_site, "timeline/2017/index.html", year, article_file(article_id)), article_id
    fragments = [a for a in year.find_all("a") if "#claim-" in a.attrs.get("href", "")]
    assert not fragments, "the timeline lists claims again"


def test_pages_say_what_they_are(seed_site: Path) -> None:
    # Each page has its own meta description and link previews (Open Graph, Twitter card).
    seen: dict[str, str] = {}
    urls = [u for u, _ in expected_pages() if not u.startswith("articles/") or u == "articles/"]
    for url in urls:
        head = page(seed_site, url).find("head")
        metas = {
            m.attrs.get("name") or m.attrs.get("property"): m.attrs.get("content", "") for m in head.find_all("meta")
        }
        description = metas.get("description", "")
        assert description, f"/{url}: no meta description"
        assert description not in seen, f"/{url} has the description of /{seen.get(description)}: {description!r}"
        seen[description] = url
        for name in ("og:title", "og:description", "og:url", "og:type", "twitter:card", "twitter:title"):
            assert metas.get(name), f"/{url}: no {name}"
        assert metas["og:description"] == description
        assert metas["og:url"] == f"https://annotated-news-archive.github.io/archive/{url}"
    speaker = page(seed_site, "speakers/igor-konashenkov/").find("head")
    description = next(m.attrs["content"] for m in speaker.find_all("meta") if m.attrs.get("name") == "description")
    assert description == fold(SPEAKERS["igor-konashenkov"]["description"])


def test_feeds_are_announced_without_a_sitemap_beside_them(seed_site: Path) -> None:
    # Material fetches a sitemap.xml beside every link[rel=alternate]: the feeds' links must not be one.
    head = page(seed_site, "").find("head")
    feeds = [link for link in head.find_all("link") if link.attrs.get("type") == "application/atom+xml"]
    assert len(feeds) == 2
    assert all(link.attrs.get("rel") == "alternate feed" for link in feeds), [f.attrs for f in feeds]


def test_statement_page_says_who_each_outlet_names(seed_site: Path) -> None:
    # The seed's denial: RT attributes it to the ministry, TASS to Konashenkov.
    body = content(page(seed_site, f"statements/{RT}--no-secret-burials/"))
    said = fold(body.text())
    assert (
        "attribute it to different speakers: RT to Ministry of Defence of the Russian Federation; TASS to Igor Konashenkov"
        in said
    )
    assert "∅" not in said
    h1 = heading_text(body.find("h1"))
    assert not h1.endswith("…"), h1


def test_dates_are_written_for_people(seed_site: Path) -> None:
    for url in ("", "speakers/igor-konashenkov/", "outlets/rt/", "events/reuters-syria-casualties-2017/", "claims/"):
        body = content(page(seed_site, url))
        times = body.find_all("time")
        assert times, f"/{url}: no <time>"
        for time in times:
            assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", time.attrs.get("datetime", "")), time.attrs
            assert re.fullmatch(r"(\d{1,2} )?[A-Z][a-z]+ \d{4}|\d{4}", fold(time.text())), fold(time.text())


def test_charts_need_three_points_in_time(seed_site: Path) -> None:
    # Every seed article is of one day: a chart "over time" would be one bar.
    for url in ("", "speakers/igor-konashenkov/", "outlets/rt/", "events/reuters-syria-casualties-2017/"):
        assert not content(page(seed_site, url)).find_all("svg", cls="chart"), f"/{url} draws a chart of one day"


def test_sections_with_nothing_in_them_are_left_out(seed_site: Path) -> None:
    reviewed = any("review" in claim for _, claim in CLAIMS if claim["speaker"] == "igor-konashenkov")
    assert not reviewed, "the seed changed"
    headings = [heading_text(h) for h in content(page(seed_site, "speakers/igor-konashenkov/")).find_all("h2")]
    assert "Verdicts" not in headings, headings


# --------------------------------------------------------------------------------------------
# 2. Claims highlighted at the right text
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("article_id", "claim"), CLAIMS, ids=[f"{a}#{c['id']}" for a, c in CLAIMS])
def test_claim_is_highlighted_at_its_quote(seed_site: Path, article_id: str, claim: dict) -> None:
    claim_id = claim["id"]
    text = article_text(seed_site, article_id)
    marks = text.find_all("mark", data_claim=claim_id)
    assert marks, f"no mark[data-claim={claim_id}]"
    # Fragments of a claim split by crossing claims, outermost only, in document order.
    fragments = [m for m in marks if not any(a in marks for a in m.ancestors())]
    highlighted = "".join(m.text(skip=is_pin) for m in fragments)
    assert fold(highlighted) == fold(claim["quote"])
    for mark in marks:
        assert f"claim--{claim['kind']}" in mark.classes
    # The permanent address, #claim-<id>, is the words themselves (their first fragment).
    first = content(page(seed_site, f"articles/{article_id}/")).find_all(id=f"claim-{claim_id}")
    assert len(first) == 1, f"{len(first)} elements with id claim-{claim_id}"
    assert first[0].tag == "mark"
    assert first[0] is marks[0]
    assert first[0].attrs.get("data-claim") == claim_id
    assert any(a.attrs.get("href") == f"#note-{claim_id}" for a in first[0].find_all("a")), "no marker link"
    # The note, outside the text, says who and what, and leads back to the words.
    note = claim_block(seed_site, article_id, claim_id)
    assert text not in note.ancestors()
    assert "claim-note" in note.classes
    assert fold(claim["summary"]) in fold(note.text())
    assert any(a.attrs.get("href") == f"#claim-{claim_id}" for a in note.find_all("a")), "no link back to the words"


def test_nested_claim_is_inside_its_container(seed_site: Path) -> None:
    text = article_text(seed_site, RT)
    outer = text.find("mark", data_claim="questionable-sources")
    inner = text.find("mark", data_claim="rumors-as-sources")
    assert outer is not None
    assert inner is not None
    assert outer in inner.ancestors()


# --------------------------------------------------------------------------------------------
# 3. Noise: out of the text, kept in the raw text and the cleaning log
# --------------------------------------------------------------------------------------------

NOISE = [
    # (article, noise, expected reason in the cleaning log, whether the log row is the noise's own line)
    (TASS, "All news", "breadcrumb", True),
    (RT, "icon bookmark", "share and player icon names", True),
    (RT, "2 Aug, 2017 19:09", "publication time", True),
    (RT, "READ MORE", "read-more", True),
    (RT, "Podcasts", "podcast player residue", True),
    (RT, "27:21", "podcast player residue", False),
]


def source_file(site: Path, article_id: str, cls: str, name: str) -> Path:
    """A file the article page loads on request (`details.<cls>` links to it) and publishes beside itself."""
    details = content(page(site, f"articles/{article_id}/")).find("details", cls=cls)
    assert details is not None, f"no {cls} section"
    assert links_to(site, article_file(article_id), details, f"articles/{article_id}/{name}"), (
        f"{cls}: no link to {name}"
    )
    assert resolve(site, article_file(article_id), details.attrs["data-fetch"]) == (f"articles/{article_id}/{name}", "")
    return site / "articles" / article_id / name


def cleaning_log(site: Path, article_id: str) -> list[tuple[str, str, str]]:
    log = parse_file(source_file(site, article_id, "cleaning-log", "cleaning.html"))
    rows = []
    for tr in log.find("tbody").find_all("tr"):
        cells = [fold(td.text()) for td in tr.find_all("td")]
        assert len(cells) == 3, cells
        rows.append((cells[0], cells[1], cells[2]))
    return rows


@pytest.mark.parametrize(("article_id", "noise", "reason", "own_line"), NOISE, ids=[n[1] for n in NOISE])
def test_noise_is_removed_but_logged(seed_site: Path, article_id: str, noise: str, reason: str, own_line: bool) -> None:
    assert noise in RAW[article_id], "the seed changed"
    assert noise not in article_text(seed_site, article_id).text()
    raw_lines = [n for n, line in enumerate(RAW[article_id].splitlines(), start=1) if noise in line]
    rows = [row for row in cleaning_log(seed_site, article_id) if noise in row[2]]
    assert rows, f"{noise!r} is not in the cleaning log"
    for number in raw_lines:
        matching = [r for r in rows if not own_line or r[0] == str(number)]
        assert matching, f"raw line {number} ({noise!r}) is not in the cleaning log: {rows}"
        assert all(reason in r[1] for r in matching), matching


@pytest.mark.parametrize("article_id", sorted(RAW))
def test_raw_text_is_kept_exactly(seed_site: Path, article_id: str) -> None:
    raw = source_file(seed_site, article_id, "raw-text", "raw.txt")
    assert raw.read_text(encoding="utf-8") == RAW[article_id]
    # Loaded when asked for, not carried by every page view.
    details = content(page(seed_site, f"articles/{article_id}/")).find("details", cls="raw-text")
    assert RAW[article_id].splitlines()[0] not in fold(details.text())


@pytest.mark.parametrize(("article_id", "headline"), [(RT, RT_HEADLINE), (TASS, TASS_HEADLINE)])
def test_headline_is_the_h1_only(seed_site: Path, article_id: str, headline: str) -> None:
    assert RAW[article_id].count(headline) >= 1
    h1s = content(page(seed_site, f"articles/{article_id}/")).find_all("h1")
    assert [heading_text(h) for h in h1s] == [headline]
    assert headline not in article_text(seed_site, article_id).text()


def test_read_more_lines_become_references(seed_site: Path) -> None:
    titles = re.findall(r"^READ MORE: (.+)$", RAW[RT], re.MULTILINE)
    assert len(titles) == 2
    references = [fold(li.text()) for li in content(page(seed_site, f"articles/{RT}/")).find_all("li")]
    for title in titles:
        assert any(r.startswith("Read more") and fold(title) in r for r in references), title


# --------------------------------------------------------------------------------------------
# 4. Detected metadata
# --------------------------------------------------------------------------------------------


def byline(site: Path, article_id: str) -> Node:
    """The line under the headline: outlet, date, dateline, event, links to the original."""
    node = content(page(site, f"articles/{article_id}/")).find("p", cls="article-byline")
    assert node is not None, f"{article_id}: no byline"
    return node


def test_rt_metadata_is_detected(seed_site: Path) -> None:
    line = byline(seed_site, RT)
    (time,) = line.find_all("time")
    assert time.attrs["datetime"] == "2017-08-02T19:09"
    assert fold(time.text()) == "2 August 2017, 19:09"
    assert fold(line.text()).startswith("RT · 2 August 2017, 19:09 · ")
    assert links_to(seed_site, article_file(RT), line, "outlets/rt/index.html")
    assert links_to(seed_site, article_file(RT), line, "events/reuters-syria-casualties-2017/index.html")


def test_tass_metadata_is_detected(seed_site: Path) -> None:
    line = byline(seed_site, TASS)
    (time,) = line.find_all("time")
    assert time.attrs["datetime"] == "2017-08-02"
    assert fold(time.text()) == "2 August 2017"
    assert re.match(r"TASS · 2 August 2017 · Moscow · ", fold(line.text()), re.IGNORECASE), fold(line.text())


@pytest.mark.parametrize("article_id", sorted(ANNOTATIONS))
def test_article_description_is_its_lede(seed_site: Path, article_id: str) -> None:
    # Search engines and link previews show the article's own first words, not the site's slogan.
    root = page(seed_site, f"articles/{article_id}/")
    (meta,) = [m for m in root.find_all("meta") if m.attrs.get("name") == "description"]
    description = meta.attrs["content"]
    first = fold(article_text(seed_site, article_id).find("p").text(skip=is_pin))
    assert 40 <= len(description) <= 160, description
    assert first.startswith(description.removesuffix("…")), (description, first)


@pytest.mark.parametrize("article_id", sorted(ANNOTATIONS))
def test_article_page_stays_light(seed_site: Path, article_id: str) -> None:
    # The words, one note per claim and one citation box: the raw text, the cleaning log and each claim's
    # BibTeX are files of their own, fetched or downloaded when asked for.
    html = (seed_site / article_file(article_id)).read_text(encoding="utf-8")
    claims = len(ANNOTATIONS[article_id]["claims"])
    body = content(page(seed_site, f"articles/{article_id}/"))
    assert not body.find_all("tr"), "the cleaning log is inlined"
    assert len(html.encode()) < 30_000 + len(RAW[article_id].encode()) + 2_600 * claims, len(html.encode())


@pytest.mark.parametrize("article_id", sorted(ANNOTATIONS))
def test_a_missing_original_link_is_said_once(seed_site: Path, article_id: str) -> None:
    body = fold(content(page(seed_site, f"articles/{article_id}/")).text())
    assert "not recorded" not in body
    assert body.count("no link to the original recorded") == 1


# --------------------------------------------------------------------------------------------
# 5. Relations on both of their pages
# --------------------------------------------------------------------------------------------


def relation_items(site: Path, article_id: str, claim_id: str, wording: str) -> list[Node]:
    """The `li` items of a claim block whose text starts with `<wording>:`."""
    return [
        li for li in claim_block(site, article_id, claim_id).find_all("li") if fold(li.text()).startswith(f"{wording}:")
    ]


@pytest.mark.parametrize(
    ("source", "target"),
    [(s, global_ref(s[0], t)) for s, t in written_relations("same-as")],
    ids="#".join,
)
def test_same_as_is_shown_on_both_blocks(seed_site: Path, source: tuple[str, str], target: tuple[str, str]) -> None:
    for here, there in ((source, target), (target, source)):
        block = claim_block(seed_site, *here)
        assert links_to(seed_site, article_file(here[0]), block, article_file(there[0]), f"claim-{there[1]}"), (
            f"block {'#'.join(here)} does not link to {'#'.join(there)}"
        )


def test_contradicts_is_shown_on_both_blocks(seed_site: Path) -> None:
    pairs = [(s, global_ref(s[0], t)) for s, t in written_relations("contradicts")]
    assert ((RT, "official-figures"), (RT, "reuters-death-toll-40")) in pairs
    for source, target in pairs:
        forward = relation_items(seed_site, *source, "Contradicts")
        assert any(
            links_to(seed_site, article_file(source[0]), li, article_file(target[0]), f"claim-{target[1]}")
            for li in forward
        ), f"{'#'.join(source)}: no 'Contradicts' link to {'#'.join(target)}"
        backward = relation_items(seed_site, *target, "Contradicted by")
        assert any(
            links_to(seed_site, article_file(target[0]), li, article_file(source[0]), f"claim-{source[1]}")
            for li in backward
        ), f"{'#'.join(target)}: no 'Contradicted by' link to {'#'.join(source)}"


def test_external_refutation_is_shown_on_claims_and_outlet(seed_site: Path) -> None:
    refutes = written_relations("refutes")
    assert len(refutes) == 5
    outlet_items = {}
    for (article_id, claim_id), target in refutes:
        assert isinstance(target, dict)
        items = relation_items(seed_site, article_id, claim_id, "Refutes")
        assert any(fold(target["title"]) in fold(li.text()) for li in items), f"{claim_id}: no 'Refutes' item"
        outlet = target["outlet"]
        if outlet not in outlet_items:
            outlet_items[outlet] = content(page(seed_site, f"outlets/{outlet}/")).find_all("li")
        assert any(
            "refuted by" in fold(li.text()).lower()
            and fold(target["title"]) in fold(li.text())
            and links_to(seed_site, f"outlets/{outlet}/index.html", li, article_file(article_id), f"claim-{claim_id}")
            for li in outlet_items[outlet]
        ), f"/outlets/{outlet}/ does not say the report is refuted by {article_id}#{claim_id}"
    assert "reuters" in outlet_items


def test_same_event_reference_is_shown_on_both_articles(seed_site: Path) -> None:
    pairs = [
        (article_id, target)
        for article_id, data in ANNOTATIONS.items()
        for reference in data.get("references", [])
        for kind, target in reference.items()
        if kind == "same-event"
    ]
    assert (TASS, RT) in pairs
    for source, target in pairs:
        for here, there in ((source, target), (target, source)):
            items = content(page(seed_site, f"articles/{here}/")).find_all("li")
            assert any(
                fold(li.text()).startswith("Same event")
                and links_to(seed_site, article_file(here), li, article_file(there))
                for li in items
            ), f"{here}: no 'Same event' reference to {there}"


# --------------------------------------------------------------------------------------------
# 6. Mentions
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("article_id", [TASS, RT])
def test_konashenkov_is_linked_to_his_page(seed_site: Path, article_id: str) -> None:
    mentions = [
        a for a in article_text(seed_site, article_id).find_all("a", cls="mention") if "Konashenkov" in a.text()
    ]
    assert mentions, "no a.mention for Konashenkov"
    assert all(a.attrs.get("href") == "../../speakers/igor-konashenkov/" for a in mentions), [a.attrs for a in mentions]


# --------------------------------------------------------------------------------------------
# 7. Every relative link resolves
# --------------------------------------------------------------------------------------------


def test_every_relative_link_resolves(seed_site: Path) -> None:
    broken = []
    for path in all_pages(seed_site):
        page_file = path.relative_to(seed_site).as_posix()
        for _node, url in links(parse_file(path)):
            if not url or has_scheme(url) or url.startswith("#"):
                continue
            target = resolve(seed_site, page_file, url)
            if target is not None and not (seed_site / target[0]).is_file():
                broken.append(f"{page_file}: {url}")
    assert not broken, "\n".join(broken)


def test_every_fragment_into_an_article_page_exists(seed_site: Path) -> None:
    ids: dict[str, set[str]] = {}
    broken = []
    for path in all_pages(seed_site):
        page_file = path.relative_to(seed_site).as_posix()
        for _node, url in links(parse_file(path)):
            target = resolve(seed_site, page_file, url) if url else None
            if target is None or not target[1] or not re.fullmatch(r"articles/[^/]+/index\.html", target[0]):
                continue
            if not (seed_site / target[0]).is_file():
                continue  # reported by the test above
            if target[0] not in ids:
                ids[target[0]] = {n.attrs["id"] for n in parse_file(seed_site / target[0]).iter() if "id" in n.attrs}
            if unquote(target[1]) not in ids[target[0]]:
                broken.append(f"{page_file}: {url}")
    assert not broken, "\n".join(broken)
    # Pinned: claim permalinks from other pages are among the links checked.
    assert ids, "no fragment link into an article page was found"


# --------------------------------------------------------------------------------------------
# 8. Navigation does not list single pages
# --------------------------------------------------------------------------------------------


def test_navigation_does_not_list_articles(seed_site: Path) -> None:
    single = re.compile(r"(articles|speakers|outlets|events|tags|statements)/[^/]+/index\.html")
    listed = []
    for path in all_pages(seed_site):
        page_file = path.relative_to(seed_site).as_posix()
        navs = [n for n in parse_file(path).find_all("nav") if {"md-nav", "md-tabs"} & set(n.classes)]
        for nav in navs:
            for a in nav.find_all("a"):
                url = a.attrs.get("href", "")
                if not url or url.startswith("#"):
                    continue  # the table of contents of the page itself
                target = resolve(seed_site, page_file, url)
                if target is not None and single.fullmatch(target[0]):
                    listed.append(f"{page_file}: {url}")
    assert not listed, "\n".join(sorted(set(listed)))
    # The hub is in the navigation.
    home_navs = [n for n in page(seed_site, "").find_all("nav") if "md-tabs" in n.classes or "md-nav" in n.classes]
    assert any(links_to(seed_site, "index.html", nav, "articles/index.html") for nav in home_navs)


# --------------------------------------------------------------------------------------------
# 9. The edit link opens the annotation file
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("article_id", sorted(ANNOTATIONS))
def test_edit_link_points_at_the_yaml(seed_site: Path, article_id: str) -> None:
    root = page(seed_site, f"articles/{article_id}/")
    edits = [
        a
        for a in root.find_all("a")
        if re.search(r"\bedit\b", fold(a.text()) + " " + a.attrs.get("title", ""), re.IGNORECASE)
        or "/edit/" in a.attrs.get("href", "")
    ]
    assert edits, "no edit link"
    path = f"annotations/articles/{article_id}.yml"
    for a in edits:
        assert a.attrs.get("href", "").endswith(path), a.attrs


# --------------------------------------------------------------------------------------------
# 10. The home page summary
# --------------------------------------------------------------------------------------------


def test_home_page_has_the_generated_summary(seed_site: Path) -> None:
    body = content(page(seed_site, ""))
    text = fold(body.text())
    assert re.search(rf"\b{len(ANNOTATIONS)} articles\b", text), text
    assert re.search(rf"\b{len(CLAIMS)} claims\b", text), text
    assert "2 articles" in text
    assert "31 claims" in text
    assert "archive:home-summary" not in text
    for article_id in ANNOTATIONS:
        assert links_to(seed_site, "index.html", body, article_file(article_id)), f"home does not link {article_id}"


# --------------------------------------------------------------------------------------------
# 11. Nothing loaded from another host
# --------------------------------------------------------------------------------------------


def test_nothing_is_loaded_from_another_host(seed_site: Path) -> None:
    external = external_loads(seed_site)
    assert not external, "\n".join(external)
