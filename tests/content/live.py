"""The live archive under check, the `archive` command run on it, and one page of each kind its site has.

Reads the built site's own `data/archive.json` to choose pages, so the choice follows the content.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.conftest import REPO

ARCHIVE = Path(sys.executable).with_name("archive")
LIVE = REPO
"""The archive under check: the repository root."""


def run_archive(*args: str) -> subprocess.CompletedProcess[str]:
    """`archive --root <repository> ARGS` in a fresh process, as CI and contributors run it."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    return subprocess.run(
        [str(ARCHIVE), "--root", str(LIVE), *args], capture_output=True, text=True, check=False, env=env
    )


def _busiest(ids: list[str], counts: Counter[str]) -> str | None:
    """The id with the most occurrences in `counts` (the first in id order on a tie), None without ids."""
    return min(ids, key=lambda i: (-counts[i], i)) if ids else None


def _ids(data: dict[str, Any], kind: str) -> list[str]:
    return sorted(str(item["id"]) for item in data.get(kind, []))


def _article(data: dict[str, Any]) -> str | None:
    return _busiest(_ids(data, "articles"), Counter(str(c["article"]) for c in data.get("claims", [])))


def _speaker(data: dict[str, Any]) -> str | None:
    return _busiest(_ids(data, "speakers"), Counter(str(c["speaker"]) for c in data.get("claims", [])))


def _outlet(data: dict[str, Any]) -> str | None:
    return _busiest(_ids(data, "outlets"), Counter(str(a["outlet"]) for a in data.get("articles", [])))


def _event(data: dict[str, Any]) -> str | None:
    return _busiest(_ids(data, "events"), Counter(str(a["event"]) for a in data.get("articles", [])))


def _tag(data: dict[str, Any]) -> str | None:
    uses = Counter(str(t) for item in data.get("articles", []) + data.get("claims", []) for t in item.get("tags") or [])
    return _busiest(_ids(data, "tags"), uses)


def _statement(data: dict[str, Any]) -> str | None:
    sizes = Counter({str(s["id"]): len(s["members"]) for s in data.get("statements", [])})
    return _busiest(_ids(data, "statements"), sizes)


ENTITY_PAGES: dict[str, tuple[str, Callable[[dict[str, Any]], str | None]]] = {
    "article": ("articles", _article),
    "speaker": ("speakers", _speaker),
    "outlet": ("outlets", _outlet),
    "event": ("events", _event),
    "tag": ("tags", _tag),
    "statement": ("statements", _statement),
}
"""Each kind of page with an id: its section and how to choose one (the one with the most in it)."""

HUB_PAGES: dict[str, str] = {
    "home": "",
    "articles-hub": "articles/",
    "speakers-hub": "speakers/",
    "outlets-hub": "outlets/",
    "events-hub": "events/",
    "tags-hub": "tags/",
    "statements-hub": "statements/",
    "claims": "claims/",
    "timeline": "timeline/",
    "data": "data/",
}
"""Pages every site has, whatever its content."""

PAGE_KINDS = [*ENTITY_PAGES, "timeline-year", *HUB_PAGES]
"""Every kind of page checked, by the short name used in test ids."""


def _latest_year(site: Path) -> str | None:
    years = sorted(p.parent.name for p in (site / "timeline").glob("*/index.html") if p.parent.name.isdigit())
    return f"timeline/{years[-1]}/" if years else None


def page_of_kind(kind: str, site: Path, data: dict[str, Any]) -> str | None:
    """The site-relative URL (`articles/x/`, '' for home) of one page of `kind`, None when the content has none."""
    if kind in HUB_PAGES:
        return HUB_PAGES[kind]
    if kind == "timeline-year":
        return _latest_year(site)
    section, choose = ENTITY_PAGES[kind]
    chosen = choose(data)
    return None if chosen is None else f"{section}/{chosen}/"
