"""Render stage: a linked archive in, every page's text out (`pages.render_site`), checked for what a reader relies on.

No site is built: the pages are read as the renderers write them (Markdown headings over finished
HTML, see `render/markup.page_text`), parsed with `tests.htmltree`. What is pinned is what a
redesign of the layout keeps: the hooks the page's script works with (`.article-text` holds the
article's words; a claim's marks carry `data-claim`, the first holds its marker in `.claim-pin`
and carries the claim's permanent id `claim-<id>`, or `claim-text-<id>` when the permanent id is
on the claim's block), the claim's details in an element of their own outside the text, the
links between pages, the escaping of contributors' text, and pagination.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import textwrap
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml

from build_tools import urls
from build_tools.link import Archive
from build_tools.model import ClaimRef, ExternalSource
from build_tools.pages import KINDS, PAGE_KINDS, PageKind, affected_entities, render_home, render_site
from build_tools.pipeline import run_pipeline
from build_tools.render.context import PageContext, RenderOptions, archive_names
from build_tools.render.indexes import newest_claims
from build_tools.render.markup import RAW_HTML_END, RAW_HTML_START, set_aside_html
from build_tools.render.pager import PAGE_SIZE
from tests.conftest import REPO, TINY_FILES, write_tree
from tests.htmltree import Node, fold, nesting_problems, parse, visible_text
from tests.payloads import DAILY, FIELDS_SHOWN, payload, payload_files

SITE_URL = "https://example.org/archive/"
OPTIONS = RenderOptions(edit_url="https://example.org/repo/edit/main/{path}", site_url=SITE_URL)
"""Settings as a published site has them (permanent links and edit links on)."""
HAND_WRITTEN = {urls.url_of(p.relative_to(REPO / "docs").as_posix()) for p in (REPO / "docs").rglob("*.md")}
"""URLs of the hand-written pages (`docs/`), which generated pages may link to."""
_ORIGIN = "https://site.invalid/"
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
_MARKDOWN_LINK = re.compile(r"\]\(([^)\s]+)\)")


# --------------------------------------------------------------------------------------------
# Reading rendered pages
# --------------------------------------------------------------------------------------------


def front_matter(page_text: str) -> dict:
    """A page's front matter, read as YAML (empty when it has none)."""
    match = _FRONT_MATTER.match(page_text)
    return yaml.safe_load(match.group(1)) if match else {}


def body(page_text: str) -> str:
    """A page without its front matter: Markdown headings and finished HTML."""
    return _FRONT_MATTER.sub("", page_text, count=1)


def tree(pages: dict[str, str], source: str) -> Node:
    """A rendered page as a tree (its Markdown headings are text in it); shared between tests, so not to be altered."""
    assert source in pages, f"render_site made no {source}"
    return _parsed(body(pages[source]))


@functools.lru_cache(maxsize=1024)
def _parsed(markup: str) -> Node:
    return parse(markup)


def markdown_only(page_text: str) -> str:
    """What a Markdown converter reads of a page: its finished HTML blocks (passed through untouched) taken out."""
    markdown, _ = set_aside_html(body(page_text), "\x00")
    return markdown


def resolve(source: str, href: str) -> tuple[str, str] | None:
    """A link on the page at `source` as (site URL of its target, fragment); None when it leaves the site."""
    if href.startswith(SITE_URL):
        href = "/" + href.removeprefix(SITE_URL)  # a permanent link, absolute
    parts = urlsplit(urljoin(_ORIGIN + urls.url_of(source), href))
    if f"{parts.scheme}://{parts.netloc}/" != _ORIGIN:
        return None
    return unquote(parts.path).removeprefix("/"), unquote(parts.fragment)


def links(pages: dict[str, str], source: str) -> list[tuple[str, str]]:
    """Every target on the site that the page links to or loads, as (site URL, fragment), in page order."""
    found = [
        target
        for node in tree(pages, source).iter()
        for name in ("href", "src")
        if name in node.attrs
        for target in [resolve(source, node.attrs[name])]
        if target is not None
    ]
    found += [t for href in _MARKDOWN_LINK.findall(markdown_only(pages[source])) if (t := resolve(source, href))]
    return found


def links_under(node: Node, source: str) -> set[tuple[str, str]]:
    """The site targets the `a` elements under `node` (on the page at `source`) link to."""
    return {t for a in node.find_all("a") if (t := resolve(source, a.get("href"))) is not None}


def claim_target(ref: ClaimRef) -> tuple[str, str]:
    """Where a link to a claim leads: its article page, at the claim's block."""
    return urls.url_of(urls.article_source(ref.article_id)), f"claim-{ref.claim_id}"


def is_pin(node: Node) -> bool:
    """Whether the element holds a claim's marker and card, which are not the article's words."""
    return "claim-pin" in node.classes


def outermost(nodes: list[Node]) -> list[Node]:
    """The nodes that are not inside another of them, in document order."""
    return [n for n in nodes if not any(a in nodes for a in n.ancestors())]


def element_ids(page: Node) -> set[str]:
    """Every element id on a page."""
    return {node.attrs["id"] for node in page.iter() if "id" in node.attrs}


def site_urls(pages: dict[str, str]) -> set[str]:
    """The site URL of every rendered page and file."""
    return {urls.url_of(source) for source in pages}


# --------------------------------------------------------------------------------------------
# Fixtures: the tiny archive rendered
# --------------------------------------------------------------------------------------------


@pytest.fixture(name="tiny_pages", scope="module")
def fixture_tiny_pages(tiny_linked_once: Archive) -> dict[str, str]:
    """Every page and file of the tiny archive, with the generated part of the home page at `index.md`."""
    pages = render_site(tiny_linked_once, OPTIONS)
    assert urls.HOME not in pages
    return {**pages, urls.HOME: render_home(tiny_linked_once, OPTIONS)}


def html_sources(pages: dict[str, str]) -> list[str]:
    """The pages (not the downloads, feeds or raw texts)."""
    return [source for source in pages if source.endswith(".md")]


# --------------------------------------------------------------------------------------------
# The table of page kinds: every entry has its pages, each renderer alone agrees with the whole
# --------------------------------------------------------------------------------------------


def test_every_entry_of_every_kind_has_its_page(tiny_linked_once: Archive, tiny_pages: dict[str, str]) -> None:
    missing = [
        f"{kind.name} {key}: {kind.source(key)}"
        for kind in PAGE_KINDS
        if not kind.hub
        for key in kind.entries(tiny_linked_once)
        if kind.source(key) not in tiny_pages
    ]
    assert not missing, missing
    for article in tiny_linked_once.articles.values():
        assert tiny_pages[urls.raw_source(article.id)] == article.raw.text, "the raw file is published as scraped"


@pytest.mark.parametrize("kind", PAGE_KINDS, ids=[kind.name for kind in PAGE_KINDS])
def test_each_renderer_alone_gives_the_pages_render_site_has(
    kind: PageKind, tiny_linked_once: Archive, tiny_pages: dict[str, str]
) -> None:
    # A preview renders one entry's pages alone; they must be the pages a full render puts there.
    names = archive_names(tiny_linked_once)
    for key in kind.entries(tiny_linked_once):
        rendered = kind.render(PageContext(tiny_linked_once, kind.source(key), OPTIONS, names), key)
        assert rendered, f"{kind.name} {key}: no pages"
        if not kind.hub:
            assert kind.source(key) in rendered, f"{kind.name} {key}: no page at {kind.source(key)}"
        for source, text in rendered.items():
            assert kind.owner(source) == key, f"{kind.name} {key}: {source} is not where its pages live"
            assert tiny_pages.get(source) == text, f"{kind.name} {key}: {source} differs from render_site's"


# --------------------------------------------------------------------------------------------
# Claims, mentions, relations
# --------------------------------------------------------------------------------------------


def claim_words(page: Node, claim_id: str) -> list[Node]:
    """The marks of a claim in the article's text, checking that the first carries one of the claim's ids."""
    marks = page.one(cls="article-text").find_all(data_claim=claim_id)
    assert marks, f"no element with data-claim={claim_id} in the article's text"
    ids = {f"claim-{claim_id}", f"claim-text-{claim_id}"}
    assert marks[0].get("id") in ids, f"the first mark of {claim_id} has neither id of {sorted(ids)}: {marks[0]}"
    assert all(mark.get("id") not in ids for mark in marks[1:]), f"a later mark of {claim_id} has its id"
    return marks


def claim_details(page: Node, claim_id: str) -> Node:
    """The one element outside the article's text that holds a claim's details (its block, or its note)."""
    text = page.one(cls="article-text")
    found = [
        node
        for node in page.iter()
        if node.get("id") in (f"claim-{claim_id}", f"note-{claim_id}") and text not in node.ancestors()
    ]
    assert len(found) == 1, f"{claim_id}: expected one block or note outside the text, found {found}"
    return found[0]


def test_every_claim_is_highlighted_around_exactly_its_words(
    tiny_linked_once: Archive, tiny_pages: dict[str, str]
) -> None:
    claims = 0
    for article in tiny_linked_once.articles.values():
        page = tree(tiny_pages, urls.article_source(article.id))
        ids = [node.get("id") for node in page.iter() if node.get("id")]
        assert len(ids) == len(set(ids)), (
            f"{article.id}: ids used twice: {sorted({i for i in ids if ids.count(i) > 1})}"
        )
        for claim in article.claims:
            claim_id = claim.ref.claim_id
            assert claim.quote == article.clean.text[claim.span.start : claim.span.end], "the quote is the article's"
            marks = claim_words(page, claim_id)
            highlighted = "".join(mark.text(skip=is_pin) for mark in outermost(marks))
            assert fold(highlighted) == fold(claim.quote), claim.ref
            markers = [a.get("href") for pin in marks[0].find_all(cls="claim-pin") for a in pin.find_all("a")]
            assert len(markers) == 1, f"{claim.ref}: expected one marker in the first mark, found {markers}"
            assert markers[0].startswith("#"), f"{claim.ref}: the marker leaves the page"
            assert markers[0][1:] in ids, f"{claim.ref}: the marker leads to {markers[0]}, which is not on the page"
            claim_details(page, claim_id)
            claims += 1
    assert claims == len(tiny_linked_once.claims) == 4


def name_occurrences(archive: Archive, article_id: str) -> list[tuple[str, str]]:
    """(name as written, speaker's page URL) of each registered speaker name in an article's text, in order.

    Longest names first, whole words only; a name that crosses the edge of a claim's words is not
    a mention (its link could not nest with the highlight), nor one in the headline (not in the text).
    """
    article = archive.articles[article_id]
    names = {
        name: urls.url_of(urls.speaker_source(speaker.id))
        for speaker in archive.registries.speakers.values()
        for name in (speaker.name, *speaker.aliases)
    }
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + r")(?!\w)")
    edges = [(c.span.start, c.span.end) for c in article.claims]
    headline = article.clean.headline
    found = []
    for match in pattern.finditer(article.clean.text):
        start, end = match.span()
        if headline and headline.start <= start < headline.end:
            continue
        if any(start < edge < end for span in edges for edge in span):
            continue
        found.append((match.group(), names[match.group()]))
    return found


def test_speaker_mentions_link_to_their_pages(tiny_linked_once: Archive, tiny_pages: dict[str, str]) -> None:
    speaker_pages = {urls.url_of(urls.speaker_source(s)) for s in tiny_linked_once.registries.speakers}
    for article_id in tiny_linked_once.articles:
        source = urls.article_source(article_id)
        text = tree(tiny_pages, source).one(cls="article-text")
        linked = [
            (fold(a.text(skip=is_pin)), target[0])
            for a in text.find_all("a")
            if (target := resolve(source, a.get("href"))) and target[0] in speaker_pages
        ]
        assert linked == name_occurrences(tiny_linked_once, article_id), article_id
    assert ("Jane Roe", "speakers/jane-roe/") in name_occurrences(tiny_linked_once, "daily-2020-01-01-budget")


def claim_block(pages: dict[str, str], ref: ClaimRef) -> Node:
    """A claim's details on its article's page."""
    return claim_details(tree(pages, urls.article_source(ref.article_id)), ref.claim_id)


def test_every_relation_is_on_both_of_its_pages(tiny_linked_once: Archive, tiny_pages: dict[str, str]) -> None:
    # `claim_links` holds every relation from both of its ends, so each end is checked here.
    checked = 0
    for ref, claim_links in tiny_linked_once.claim_links.items():
        block = claim_block(tiny_pages, ref)
        for link in claim_links:
            assert isinstance(link.other, ClaimRef)
            assert claim_target(link.other) in links_under(block, urls.article_source(ref.article_id)), (
                f"{ref}: its block does not link to {link.other} ({link.wording})"
            )
            assert link.wording.lower() in fold(block.text()).lower(), f"{ref}: its block does not say {link.wording!r}"
            checked += 1
    assert checked == 4  # one same-as and one contradicts, each seen from both of its ends
    for article_id, article_links in tiny_linked_once.article_links.items():
        source = urls.article_source(article_id)
        for link in article_links:
            assert isinstance(link.other, str)
            target = (urls.url_of(urls.article_source(link.other)), "")
            assert target in links(tiny_pages, source), f"{article_id}: no link to {link.other} ({link.wording})"


def test_a_statement_page_links_every_appearance_and_each_appearance_links_back(
    tiny_linked_once: Archive, tiny_pages: dict[str, str]
) -> None:
    (statement,) = tiny_linked_once.statements.values()
    source = urls.statement_source(statement.id)
    for member in statement.members:
        assert claim_target(member) in links(tiny_pages, source), member
        block = claim_block(tiny_pages, member)
        assert (urls.url_of(source), "") in links_under(block, urls.article_source(member.article_id)), member


EXTERNAL = {"title": "Pension figures for 2020", "url": "https://herald.example.org/figures", "outlet": "herald"}


def test_an_external_source_is_on_the_claim_and_on_its_outlet(edit_archive: Callable[[str, str], Path]) -> None:
    annotation = yaml.safe_load(textwrap.dedent(TINY_FILES[DAILY]))
    annotation["claims"][0]["relations"] = [{"refutes": EXTERNAL}]
    archive = run_pipeline(edit_archive(DAILY, yaml.safe_dump(annotation, sort_keys=False))).archive
    assert archive is not None
    pages = render_site(archive, OPTIONS)
    ref = ClaimRef("daily-2020-01-01-budget", "talks-failed")
    (link,) = archive.claim_links[ref]
    assert isinstance(link.other, ExternalSource)
    block = claim_block(pages, ref)
    assert EXTERNAL["title"] in fold(block.text())
    assert EXTERNAL["url"] in {a.get("href") for a in block.find_all("a")}
    outlet = tree(pages, urls.outlet_source("herald"))
    items = [
        n
        for n in outlet.iter()
        if EXTERNAL["title"] in fold(n.text()) and claim_target(ref) in links_under(n, "outlets/herald.md")
    ]
    assert items, "the outlet's page does not show its report with the claim that refutes it"
    assert "refuted by" in fold(items[-1].text()).lower()


# --------------------------------------------------------------------------------------------
# Links between pages
# --------------------------------------------------------------------------------------------


def test_every_internal_link_leads_to_a_rendered_page(tiny_pages: dict[str, str]) -> None:
    made = site_urls(tiny_pages) | HAND_WRITTEN
    ids = {urls.url_of(s): element_ids(tree(tiny_pages, s)) for s in html_sources(tiny_pages)}
    broken = []
    followed = 0
    for source in html_sources(tiny_pages):
        for url, fragment in links(tiny_pages, source):
            followed += 1
            if url not in made:
                broken.append(f"{source}: links to /{url}, which render_site did not make")
            elif fragment and url in ids and fragment not in ids[url]:
                broken.append(f"{source}: links to /{url}#{fragment}, which has no element with that id")
    assert not broken, "\n".join(broken)
    assert followed > 100


# --------------------------------------------------------------------------------------------
# Escaping: hostile text in every field
# --------------------------------------------------------------------------------------------

URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "xlink:href", "poster", "data", "background"}
SCRIPT_SCHEMES = re.compile(r"^\s*(javascript|data|vbscript):", re.IGNORECASE)
MARKDOWN_SYNTAX = ("](javascript:", "![x](", "{:", "{{", "{%")
"""Payload text that a Markdown converter (or a template) would act on if it reached it unescaped."""


@pytest.fixture(name="payload_archive")
def fixture_payload_archive(tmp_path: Path) -> Archive:
    """The tiny archive with hostile text in every free-text field (`tests/payloads.py`), linked."""
    write_tree(tmp_path, payload_files())
    result = run_pipeline(tmp_path)
    assert result.archive is not None, [str(d) for d in result.diagnostics.errors]
    return result.archive


def injection_problems(pages: dict[str, str]) -> list[str]:
    """What, in the rendered pages, a browser or Markdown converter would run or follow that no renderer wrote."""
    problems = []
    for source in html_sources(pages):
        text = pages[source]
        problems += [f"{source}: {p}" for p in nesting_problems(body(text))]
        for node in tree(pages, source).iter():
            for name, value in node.attributes:
                if name.startswith("on"):
                    problems.append(f"{source}: {node!r} has an event handler")
                if name in URL_ATTRIBUTES and (SCRIPT_SCHEMES.match(value) or "evil.example" in value):
                    problems.append(f"{source}: {node!r} points at {value[:60]!r}")
            if node.tag == "img" and node.get("src") == "x":
                problems.append(f"{source}: {node!r} comes from a payload")
            if node.tag == "script" and (node.get("type") != "application/ld+json" or "<" in node.text()):
                problems.append(f"{source}: {node!r} is not a JSON-LD block without markup")
        problems += [f"{source}: Markdown reads {s!r}" for s in MARKDOWN_SYNTAX if s in markdown_only(text)]
        meta = front_matter(text)
        if set(meta) - {"title", "description", "hide"} or not all(
            isinstance(meta.get(k, ""), str) for k in ("title", "description")
        ):
            problems.append(f"{source}: the front matter is not a title and a description: {meta}")
    return problems


START, END = RAW_HTML_START, RAW_HTML_END


@pytest.mark.parametrize(
    ("text", "markdown", "blocks"),
    [
        (f"# A\n\n{START}\n<p>x</p>\n{END}\n\n## B\n", "# A\n\n\n\nN0\n\n\n\n## B\n", ["<p>x</p>"]),
        (f"{START}\n\n{END}", "\n\nN0\n\n", [""]),  # An empty block.
        (f"{START}\n{END}", f"{START}\n{END}", []),  # No line between the markers: no block.
        (f"{START}\n{START}\na\n{END}", "\n\nN0\n\n", [f"{START}\na"]),  # To the first end marker.
        (f"{START}\na\n{END}\n{END}", f"\n\nN0\n\n\n{END}", ["a"]),
        (f"{START}\na\n{END}{START}\nb\n{END}", "\n\nN0\n\n\n\nN1\n\n", ["a", "b"]),
        (f"{START}\nno end\n", f"{START}\nno end\n", []),
        (f"{START}a\n{END}", f"{START}a\n{END}", []),  # The start marker must end its line.
    ],
)
def test_finished_html_is_set_aside_from_each_start_marker_to_the_first_end_marker_after_it(
    text: str, markdown: str, blocks: list[str]
) -> None:
    assert set_aside_html(text, "N") == (markdown, blocks)


def test_hostile_text_stays_text(payload_archive: Archive) -> None:
    pages = render_site(payload_archive, OPTIONS)
    assert not injection_problems(pages), "\n".join(injection_problems(pages))
    by_url = {urls.url_of(source): source for source in html_sources(pages)}
    for label, url in FIELDS_SHOWN.items():
        shown = visible_text(tree(pages, by_url[url]))
        assert f"{label} " in shown, f"{label} is not shown on /{url}"
        assert payload(label) in shown, f"{label} is not shown in full, as text, on /{url}"


BAD_URL = "javascript:window.__pwned=1"


def test_only_http_addresses_become_links(tiny_linked_once: Archive) -> None:
    # Validation refuses other schemes; the renderers do not rely on it (`markup.href`).
    registries = tiny_linked_once.registries
    outlets = dict(registries.outlets)
    outlets["daily"] = dataclasses.replace(outlets["daily"], url=BAD_URL)
    speakers = dict(registries.speakers)
    speakers["jane-roe"] = dataclasses.replace(speakers["jane-roe"], links=(BAD_URL, "data:text/html,x"))
    hostile = dataclasses.replace(
        tiny_linked_once, registries=dataclasses.replace(registries, outlets=outlets, speakers=speakers)
    )
    pages = render_site(hostile, OPTIONS)
    assert not injection_problems(pages), "\n".join(injection_problems(pages))


# --------------------------------------------------------------------------------------------
# Pagination
# --------------------------------------------------------------------------------------------

MANY = PAGE_SIZE + 1
"""Claims of one speaker (and articles of one outlet, one tag, one year) in the large archive: one more than a page holds."""


def many_files(count: int = MANY) -> dict[str, str]:
    """The tiny archive's registries with `count` one-claim articles of The Herald, all quoting Jane Roe."""
    files = {
        name: text for name, text in TINY_FILES.items() if name.startswith("annotations/") and name.count("/") == 1
    }
    for number in range(count):
        article_id = f"herald-2020-02-01-rise-{number:03d}"
        files[f"articles/{article_id}.txt"] = (
            f"Pensions, day {number}\n\nHERALD - Jane Roe said: \u201cPensions rise by {number} percent.\u201d\n"
        )
        files[f"annotations/articles/{article_id}.yml"] = f"""\
            article:
              published: "2020-02-01"
              tags: [budget]
            claims:
              - id: rise
                quote: Pensions rise by {number} percent.
                speaker: jane-roe
                cue: said
                kind: direct
                summary: The minister announces a rise of {number} percent.
                tags: [pensions]
            """
    return files


@pytest.fixture(name="many_pages", scope="module")
def fixture_many_pages(tmp_path_factory: pytest.TempPathFactory) -> tuple[Archive, dict[str, str]]:
    """The large archive, linked and rendered."""
    root = tmp_path_factory.mktemp("many")
    write_tree(root, many_files())
    result = run_pipeline(root)
    assert result.archive is not None, [str(d) for d in result.diagnostics.errors[:5]]
    return result.archive, render_site(result.archive, OPTIONS)


def split_of(pages: dict[str, str], base: str, targets: set[tuple[str, str]]) -> list[int]:
    """How many of `targets` each page of the paginated page `base` links to, checking no target is on two pages."""
    sources = [base]
    while urls.page_source(base, len(sources) + 1) in pages:
        sources.append(urls.page_source(base, len(sources) + 1))
    seen: set[tuple[str, str]] = set()
    counts = []
    for source in sources:
        here = set(links(pages, source)) & targets
        assert not here & seen, f"{source} repeats what an earlier page lists"
        seen |= here
        counts.append(len(here))
        others = {(urls.url_of(s), "") for s in sources if s != source}
        assert others <= set(links(pages, source)), f"{source} does not link to every other page of {base}"
    assert seen == targets, f"{base}: {len(targets - seen)} of {len(targets)} are on no page"
    return counts


def test_paginated_pages_split_at_page_size(many_pages: tuple[Archive, dict[str, str]]) -> None:
    archive, pages = many_pages
    claims = {claim_target(ref) for ref in archive.claims}
    articles = {(urls.url_of(urls.article_source(a)), "") for a in archive.articles}
    assert len(claims) == len(articles) == MANY
    full = [PAGE_SIZE, 1]
    paginated = {
        "speaker's claims": (urls.speaker_source("jane-roe"), claims),
        "outlet's articles": (urls.outlet_source("herald"), articles),
        "tag's articles": (urls.tag_source("budget"), articles),
        "tag's claims": (urls.tag_source("pensions"), claims),
        "year's articles": (urls.timeline_source("2020"), articles),
    }
    for what, (base, targets) in paginated.items():
        assert split_of(pages, base, targets) == full, what
    paginated_kinds = {kind.name for kind in PAGE_KINDS if kind.paginated and not kind.hub}
    assert paginated_kinds == {"speaker", "outlet", "tag"}


# --------------------------------------------------------------------------------------------
# A preview's partial render
# --------------------------------------------------------------------------------------------

EDITS = {
    "summary": ("summary: The opposition leader dismisses", "summary: The opposition leader laughs off"),
    "relation removed": (
        "            relations:\n              - contradicts: daily-2020-01-01-budget#no-pension-cuts\n",
        "",
    ),
    "speaker changed": ("speaker: jane-roe\n            cue: said", "speaker: john-doe\n            cue: said"),
    "statement dissolved": ("              - same-as: herald-2020-01-02-budget#no-cuts\n", ""),
    "tag added": ("          tags: [budget]\n        claims:", "          tags: [budget, pensions]\n        claims:"),
}
"""Edits of the daily article's annotation file: (text as written, replacement)."""


@pytest.mark.parametrize("edit", list(EDITS))
def test_partial_render_after_an_edit_equals_a_full_render(edit: str, tiny_archive: Path) -> None:
    before = run_pipeline(tiny_archive).archive
    assert before is not None
    previous = render_site(before, OPTIONS)
    written, replacement = EDITS[edit]
    assert TINY_FILES[DAILY].count(written) == 1, "the edit no longer applies to the tiny archive"
    write_tree(tiny_archive, {DAILY: TINY_FILES[DAILY].replace(written, replacement)})
    after = run_pipeline(tiny_archive).archive
    assert after is not None

    changed = ["daily-2020-01-01-budget"]
    affected = affected_entities(after, changed)
    for kind, ids in affected_entities(before, changed).items():
        affected[kind] |= ids
    partial = render_site(after, OPTIONS, affected, previous)
    full = render_site(after, OPTIONS)

    assert full != previous, "the edit changed nothing"
    downloads = {s for s in set(full) | set(previous) if KINDS["data"].owner(s) is not None}
    differing = sorted(s for s in (set(partial) | set(full)) - downloads if partial.get(s) != full.get(s))
    assert not differing, f"the partial render differs from a full one in {differing}"
    # The downloads wait for the next full build.
    assert {s: partial.get(s) for s in downloads} == {s: previous.get(s) for s in downloads}


def _edit_many(root: Path, article_id: str, written: str, replacement: str, count: int = MANY) -> None:
    path = f"annotations/articles/{article_id}.yml"
    text = textwrap.dedent(many_files(count)[path])
    assert text.count(written) == 1, f"{path} no longer has {written!r}"
    (root / path).write_text(text.replace(written, replacement), encoding="utf-8")


def _partial(before: Archive, after: Archive, previous: dict[str, str], changed: list[str]) -> dict[str, str]:
    affected = affected_entities(after, changed)
    for kind, ids in affected_entities(before, changed).items():
        affected[kind] |= ids
    return render_site(after, OPTIONS, affected, previous, before=before, changed=changed)


def _without_downloads(pages: dict[str, str]) -> dict[str, str]:
    return {s: text for s, text in pages.items() if KINDS["data"].owner(s) is None}


@pytest.mark.parametrize("on_page", [1, 2])
def test_partial_render_keeps_only_the_further_pages_an_edit_cannot_change(tmp_path: Path, on_page: int) -> None:
    # A summary edit of a claim on page 1 of Jane Roe's 101 claims leaves page 2 as it was: the partial
    # render keeps it (a marked copy of it stays), and a full render agrees it is unchanged. An edit of
    # the claim on page 2 renders page 2 again.
    write_tree(tmp_path, many_files())
    before = run_pipeline(tmp_path).archive
    assert before is not None
    previous = render_site(before, OPTIONS)
    refs = before.index.claims_by_speaker["jane-roe"]
    assert len(refs) == PAGE_SIZE + 1
    edited = refs[0 if on_page == 1 else PAGE_SIZE].article_id
    page_two = urls.page_source(urls.speaker_source("jane-roe"), 2)
    marked = {**previous, page_two: "<p>page two as the previous render wrote it</p>"}
    _edit_many(tmp_path, edited, "The minister announces", "The minister confirms")
    after = run_pipeline(tmp_path).archive
    assert after is not None

    partial, full = _partial(before, after, marked, [edited]), render_site(after, OPTIONS)

    assert full != previous, "the edit changed nothing"
    if on_page == 1:
        assert partial[page_two] == marked[page_two], "page 2 was rendered again"
        assert full[page_two] == previous[page_two], "page 2 was kept but the edit changed it"
        partial[page_two] = full[page_two]
    differing = sorted(
        s for s in set(_without_downloads(partial)) | set(_without_downloads(full)) if partial.get(s) != full.get(s)
    )
    assert not differing, f"the partial render differs from a full one in {differing}"


@pytest.mark.parametrize("count", [MANY, PAGE_SIZE + 50])
def test_partial_render_keeps_no_page_of_a_list_the_edit_changed(tmp_path: Path, count: int) -> None:
    # Moving the first of Jane Roe's claims to John Doe shifts every later claim up a place: page 2 of her
    # list shows other claims (or disappears), though none of them is the edited article's, and no page of
    # the list may be kept.
    write_tree(tmp_path, many_files(count))
    before = run_pipeline(tmp_path).archive
    assert before is not None
    previous = render_site(before, OPTIONS)
    edited = before.index.claims_by_speaker["jane-roe"][0].article_id
    _edit_many(tmp_path, edited, "speaker: jane-roe", "speaker: john-doe", count)
    after = run_pipeline(tmp_path).archive
    assert after is not None

    partial, full = _partial(before, after, previous, [edited]), render_site(after, OPTIONS)

    page_two = urls.page_source(urls.speaker_source("jane-roe"), 2)
    assert page_two in previous
    assert (page_two in full) == (count > PAGE_SIZE + 1)
    assert full.get(page_two) != previous[page_two]
    assert _without_downloads(partial) == _without_downloads(full)


def _kept_by_a_partial_render(tmp_path: Path, files: dict[str, str], edited: str, written: str, replacement: str):
    """Render, edit one article, render again partially over a previous render whose every page is marked.

    Returns the pages the partial render kept (still marked), the previous render and a full render after the edit;
    the partial render, with the kept pages put back as they were, must equal the full one.
    """
    write_tree(tmp_path, files)
    before = run_pipeline(tmp_path).archive
    assert before is not None
    previous = render_site(before, OPTIONS)
    marked = {source: f"<p>marked {source}</p>" for source in previous}
    path = tmp_path / f"annotations/articles/{edited}.yml"
    text = path.read_text(encoding="utf-8")
    assert text.count(written) == 1
    path.write_text(text.replace(written, replacement), encoding="utf-8")
    after = run_pipeline(tmp_path).archive
    assert after is not None
    partial, full = _partial(before, after, marked, [edited]), render_site(after, OPTIONS)
    # The downloads are left as they were until a full build (not a page kept by the partial render).
    kept = {source for source, text in _without_downloads(partial).items() if text == marked.get(source)}
    restored = {source: previous[source] if source in kept else text for source, text in partial.items()}
    assert _without_downloads(restored) == _without_downloads(full)
    return kept, previous, full


@pytest.mark.parametrize("first", [True, False])
def test_a_partial_render_keeps_the_timeline_pages_an_edit_cannot_change(tmp_path: Path, first: bool) -> None:
    # 101 articles of 2020: the year's second page lists the last one. An edit of the first keeps it.
    edited = "herald-2020-02-01-rise-000" if first else "herald-2020-02-01-rise-100"
    kept, previous, full = _kept_by_a_partial_render(
        tmp_path, many_files(), edited, "The minister announces", "The minister confirms"
    )
    page_two = urls.page_source(urls.timeline_source("2020"), 2)
    assert page_two in previous
    assert (page_two in kept) == first
    for source in kept:
        assert full[source] == previous[source], f"{source} was kept but the edit changed it"


def many_statements(count: int) -> dict[str, str]:
    """`2 * count` articles in pairs whose claims are the same statement: `count` statements."""
    files = many_files(2 * count)
    for number in range(1, 2 * count, 2):
        path = f"annotations/articles/herald-2020-02-01-rise-{number:03d}.yml"
        files[path] = files[path].replace(
            "    tags: [pensions]\n",
            f"    tags: [pensions]\n                relations:\n"
            f"                  - same-as: herald-2020-02-01-rise-{number - 1:03d}#rise\n",
        )
    return files


@pytest.mark.parametrize("first", [True, False])
def test_a_partial_render_keeps_the_statement_list_pages_an_edit_cannot_change(tmp_path: Path, first: bool) -> None:
    files = many_statements(PAGE_SIZE + 1)
    edited = "herald-2020-02-01-rise-001" if first else f"herald-2020-02-01-rise-{2 * PAGE_SIZE + 1:03d}"
    kept, previous, full = _kept_by_a_partial_render(
        tmp_path, files, edited, "The minister announces", "The minister confirms"
    )
    page_two = urls.page_source(urls.hub_source(urls.STATEMENTS), 2)
    assert page_two in previous, sorted(s for s in previous if s.startswith("statements"))[:5]
    for source in kept:
        assert full[source] == previous[source], f"{source} was kept but the edit changed it"
    assert (page_two in kept) == first


def test_the_newest_claims_are_the_last_by_the_archives_order(tiny_linked: Archive, tmp_path: Path) -> None:
    write_tree(tmp_path, many_files())
    many = run_pipeline(tmp_path).archive
    assert many is not None
    for archive in (tiny_linked, many):
        everything = sorted(archive.claims, key=archive.claim_sort_key, reverse=True)
        for count in (1, 3, 50, len(everything) + 5):
            assert newest_claims(archive, count) == everything[:count]
