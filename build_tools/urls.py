"""Where every page lives: source paths and site URLs as pure functions of ids (they are permalinks).

The one place where paths of generated pages and files are made. A source path is relative to
the generated docs folder (`articles/<id>.md`); its site URL is directory style
(`articles/<id>/`), which is what readers link to and what `permalinks.txt` records.
"""

from __future__ import annotations

import functools

from build_tools.model import ClaimRef

HOME = "index.md"
"""The hand-written home page, which receives the generated summary."""

ARTICLES = "articles"
SPEAKERS = "speakers"
OUTLETS = "outlets"
EVENTS = "events"
TAGS = "tags"
STATEMENTS = "statements"
CLAIMS = "claims"
TIMELINE = "timeline"
FEEDS = "feeds"
DATA = "data"
SEARCH = "search"
"""Top-level folders of the site, one per kind of page (and the data and search files)."""


def entity_source(folder: str, entity_id: str) -> str:
    """Source path of the (first) page of an entity: `speakers/igor-konashenkov.md`."""
    return f"{folder}/{entity_id}.md"


def hub_source(folder: str) -> str:
    """Source path of the hub page listing a folder's entities: `speakers/index.md`."""
    return f"{folder}/index.md"


def article_source(article_id: str) -> str:
    """Source path of an article page."""
    return entity_source(ARTICLES, article_id)


def speaker_source(speaker_id: str) -> str:
    """Source path of a speaker page."""
    return entity_source(SPEAKERS, speaker_id)


def outlet_source(outlet_id: str) -> str:
    """Source path of an outlet page."""
    return entity_source(OUTLETS, outlet_id)


def event_source(event_id: str) -> str:
    """Source path of an event page."""
    return entity_source(EVENTS, event_id)


def tag_source(tag_id: str) -> str:
    """Source path of a tag page."""
    return entity_source(TAGS, tag_id)


def statement_source(statement_id: str) -> str:
    """Source path of a statement page."""
    return entity_source(STATEMENTS, statement_id)


def claim_source(ref: ClaimRef) -> str:
    """Source path and fragment of a claim (its place on the article page)."""
    return f"{article_source(ref.article_id)}#claim-{ref.claim_id}"


def claim_url(article_id: str, claim_id: str) -> str:
    """Site URL of a claim."""
    return url_of(claim_source(ClaimRef(article_id, claim_id)))


def raw_source(article_id: str) -> str:
    """The raw file of an article exactly as scraped, published beside its page (the raw offsets count in it)."""
    return f"{ARTICLES}/{article_id}/raw.txt"


def cleaning_source(article_id: str) -> str:
    """The cleaning log of an article (what was removed from its raw file, and why), published beside its page."""
    return f"{ARTICLES}/{article_id}/cleaning.html"


def page_source(base: str, number: int) -> str:
    """Source path of page `number` of a paginated page whose first page is `base` (`outlets/x.md`)."""
    if number == 1:
        return base
    stem = base.removesuffix(".md").removesuffix("/index")
    return f"{stem}/{number}.md"


def timeline_source(year: str) -> str:
    """Source path of the timeline page of a year ("" for undated articles)."""
    return f"{TIMELINE}/{year or 'undated'}.md"


def feed_source(name: str) -> str:
    """Source path of an Atom feed (`articles`, `claims`)."""
    return f"{FEEDS}/{name}.xml"


def data_source(name: str) -> str:
    """Source path of a data download (`archive.json`), or of the data page (`index.md`)."""
    return f"{DATA}/{name}"


@functools.lru_cache(maxsize=65536)
def url_of(source: str) -> str:
    """Site URL (directory style) of a source path, keeping any fragment."""
    path, _, fragment = source.partition("#")
    stem = path.removesuffix(".md")
    if not path.endswith(".md"):
        url = path
    elif stem == "index":
        url = ""
    elif stem.endswith("/index"):
        url = stem.removesuffix("index")
    else:
        url = stem + "/"
    return url + (f"#{fragment}" if fragment else "")
