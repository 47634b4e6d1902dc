"""Every internal link of every page resolves, fetched through the local server as a reader's browser would.

The crawl starts at `/` and follows the site's own links (anchors, stylesheets, scripts, images, SVG
links); each target must answer 200, each `#fragment` must name an element of the target page, and
every page of the built site must be reachable from the home page.
"""

from __future__ import annotations

import posixpath
import urllib.error
import urllib.request
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

LINK_ATTRIBUTES = {"href", "src", "xlink:href", "poster", "data"}


class _Links(HTMLParser):
    """Link targets (with the tag that holds them) and element ids/names of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self.anchors: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in LINK_ATTRIBUTES:
                self.links.append((tag, value))
            elif name == "srcset":
                self.links.extend((tag, part.split()[0]) for part in value.split(",") if part.strip())
            elif name == "id" or (name == "name" and tag == "a"):
                self.anchors.add(value)

    handle_startendtag = handle_starttag


def _fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as error:
        return error.code, "", b""


def test_every_internal_link_resolves(server_url: str, seed_site: Path) -> None:
    origin = urlsplit(server_url)
    start = server_url + "/"
    pages: dict[str, set[str]] = {}  # page URL -> ids on it
    status: dict[str, int] = {}
    referrers: dict[str, set[str]] = {}
    fragments: list[tuple[str, str, str]] = []  # (from page, target URL, fragment)
    queue = deque([start])
    status[start] = 0

    while queue:
        url = queue.popleft()
        code, kind, body = _fetch(url)
        status[url] = code
        if code != 200 or kind != "text/html":
            continue
        parser = _Links()
        parser.feed(body.decode("utf-8", errors="replace"))
        pages[url] = parser.anchors
        for _tag, raw in parser.links:
            target = urljoin(url, raw.strip())
            parts = urlsplit(target)
            if parts.scheme not in {"http", "https"} or parts.netloc != origin.netloc:
                continue  # another site (checked by the network test), mailto:, data:, javascript:
            resource, fragment = urldefrag(target)
            referrers.setdefault(resource, set()).add(url)
            if fragment:
                fragments.append((url, resource, unquote(fragment)))
            if resource not in status:
                status[resource] = 0
                queue.append(resource)

    broken = [
        f"{target} -> HTTP {code}, linked from: {', '.join(sorted(referrers.get(target, {'?'}))[:3])}"
        for target, code in sorted(status.items())
        if code != 200
    ]
    missing_fragments = sorted(
        {
            f"{source} links to {target}#{fragment}: no element with that id"
            for source, target, fragment in fragments
            if target in pages and fragment not in pages[target]
        }
    )

    built = {
        posixpath.dirname("/" + path.relative_to(seed_site).as_posix()).rstrip("/") + "/"
        for path in seed_site.rglob("index.html")
        if path.relative_to(seed_site).parts[0] != "pagefind"
    }
    reached = {urlsplit(page).path for page in pages}
    orphans = sorted(built - reached)

    print(f"crawled {len(pages)} pages, {len(status)} internal targets, {len(fragments)} links with a fragment")
    assert len(pages) > 20, f"the crawl found only {len(pages)} pages"
    assert not broken, "broken internal links:\n  " + "\n  ".join(broken)
    assert not missing_fragments, "links to missing anchors:\n  " + "\n  ".join(missing_fragments)
    assert not orphans, "pages of the site that no link reaches from the home page:\n  " + "\n  ".join(orphans)
