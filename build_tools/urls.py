"""Where every page lives: source paths and site URLs as pure functions of ids (they are permalinks)."""

from __future__ import annotations

import functools

from build_tools.model import ClaimRef


def article_source(article_id: str) -> str:
    """Source path of an article page."""
    return f"articles/{article_id}.md"


def speaker_source(speaker_id: str) -> str:
    """Source path of a speaker page."""
    return f"speakers/{speaker_id}.md"


def outlet_source(outlet_id: str) -> str:
    """Source path of an outlet page."""
    return f"outlets/{outlet_id}.md"


def event_source(event_id: str) -> str:
    """Source path of an event page."""
    return f"events/{event_id}.md"


def tag_source(tag_id: str) -> str:
    """Source path of a tag page."""
    return f"tags/{tag_id}.md"


def statement_source(statement_id: str) -> str:
    """Source path of a statement page."""
    return f"statements/{statement_id}.md"


def claim_source(ref: ClaimRef) -> str:
    """Source path and fragment of a claim (its block on the article page)."""
    return f"{article_source(ref.article_id)}#claim-{ref.claim_id}"


@functools.lru_cache(maxsize=65536)
def url_of(source: str) -> str:
    """Site URL (directory style) of a source path, keeping any fragment."""
    path, _, fragment = source.partition("#")
    stem = path.removesuffix(".md")
    if stem == "index":
        url = ""
    elif stem.endswith("/index"):
        url = stem.removesuffix("index")
    else:
        url = stem + "/"
    return url + (f"#{fragment}" if fragment else "")
