"""Checks that hold for any built site, whatever its content: links and fragments resolve, nothing loads from elsewhere.

Used on the frozen seed's site (the tool's tests) and on the live archive's site (`tests/content/`).
Also the local static server both serve a built site from. Reads the built site; never builds one.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import posixpath
import re
import threading
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from tests.htmltree import scan


def download_text(site: Path, name: str) -> str:
    """The text of the download `name` (`archive.json`) of a built site, unpacked if it is published compressed."""
    compressed = site / "data" / f"{name}.gz"
    if compressed.is_file():
        return gzip.decompress(compressed.read_bytes()).decode("utf-8")
    return (site / "data" / name).read_text(encoding="utf-8")


# --------------------------------------------------------------------------------------------
# Serving a built site
# --------------------------------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files like a static host: no directory listings, module and WebAssembly types, no log."""

    extensions_map = {  # noqa: RUF012 - the base class declares it as a class attribute
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
        ".svg": "image/svg+xml",
    }

    def list_directory(self, path: str | Path) -> None:  # type: ignore[override]  # noqa: ARG002
        # A static host answers 404 for a folder without index.html; a listing would hide a broken link.
        self.send_error(404, "No index.html here")

    def end_headers(self) -> None:
        # Assets may be cached for the run (pages share browser contexts); pages are always revalidated.
        if not self.path.split("?")[0].endswith(("/", ".html")):
            self.send_header("Cache-Control", "max-age=3600")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve a built site on a free 127.0.0.1 port, as `http://127.0.0.1:<port>` (ready when yielded)."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)  # bound and listening from here on
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name=f"serve-{site.name}", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# --------------------------------------------------------------------------------------------
# Crawling from the home page
# --------------------------------------------------------------------------------------------

LINK_ATTRIBUTES = {"href", "src", "xlink:href", "poster", "data"}


def page_links(markup: str) -> tuple[list[tuple[str, str]], set[str]]:
    """A page's link targets (with the tag that holds each) and its element ids (and `a` names)."""
    links: list[tuple[str, str]] = []
    anchors: set[str] = set()
    for element in scan(markup):
        for name, value in element.attributes:
            if name in LINK_ATTRIBUTES:
                links.append((element.tag, value))
            elif name == "srcset":
                links.extend((element.tag, part.split()[0]) for part in value.split(",") if part.strip())
            elif name == "id" or (name == "name" and element.tag == "a"):
                anchors.add(value)
    return links, anchors


def _fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as error:
        return error.code, "", b""


@dataclass
class Crawl:
    """What a crawl of a served site from its home page found."""

    pages: dict[str, set[str]] = field(default_factory=dict)
    """Every HTML page reached, by URL, with the ids (and `a` names) on it."""
    status: dict[str, int] = field(default_factory=dict)
    """The HTTP status of every internal target linked from a page."""
    referrers: dict[str, set[str]] = field(default_factory=dict)
    """The pages that link to each target."""
    fragments: list[tuple[str, str, str]] = field(default_factory=list)
    """Every link with a fragment, as (from page, target URL, fragment)."""
    built: set[str] = field(default_factory=set)
    """The URL path of every page of the built site (search index files aside)."""

    @property
    def broken(self) -> list[str]:
        """Internal targets that do not answer 200, with (some of) the pages that link to them."""
        return [
            f"{target} -> HTTP {code}, linked from: {', '.join(sorted(self.referrers.get(target, {'?'}))[:3])}"
            for target, code in sorted(self.status.items())
            if code != 200
        ]

    @property
    def missing_fragments(self) -> list[str]:
        """Links to an element id that the target page does not have."""
        return sorted(
            {
                f"{source} links to {target}#{fragment}: no element with that id"
                for source, target, fragment in self.fragments
                if target in self.pages and fragment not in self.pages[target]
            }
        )

    @property
    def orphans(self) -> list[str]:
        """Pages of the built site that no link reaches from the home page."""
        return sorted(self.built - {urlsplit(page).path for page in self.pages})

    def summary(self) -> str:
        return (
            f"crawled {len(self.pages)} pages, {len(self.status)} internal targets, "
            f"{len(self.fragments)} links with a fragment"
        )


def crawl(server_url: str, site: Path) -> Crawl:
    """Follow the site's own links (anchors, stylesheets, scripts, images, SVG links) from `/`.

    `server_url` serves `site` (see `serve`); every target is fetched as a reader's browser would.
    """
    origin = urlsplit(server_url)
    start = server_url + "/"
    found = Crawl(status={start: 0})
    queue = deque([start])
    while queue:
        url = queue.popleft()
        code, kind, body = _fetch(url)
        found.status[url] = code
        if code != 200 or kind != "text/html":
            continue
        links, found.pages[url] = page_links(body.decode("utf-8", errors="replace"))
        for _tag, raw in links:
            target = urljoin(url, raw.strip())
            parts = urlsplit(target)
            if parts.scheme not in {"http", "https"} or parts.netloc != origin.netloc:
                continue  # another site (see `external_loads`), mailto:, data:, javascript:
            resource, fragment = urldefrag(target)
            found.referrers.setdefault(resource, set()).add(url)
            if fragment:
                found.fragments.append((url, resource, unquote(fragment)))
            if resource not in found.status:
                found.status[resource] = 0
                queue.append(resource)
    found.built = {
        posixpath.dirname("/" + path.relative_to(site).as_posix()).rstrip("/") + "/"
        for path in site.rglob("index.html")
        if path.relative_to(site).parts[0] != "pagefind"
    }
    return found


# --------------------------------------------------------------------------------------------
# Nothing loaded from another host
# --------------------------------------------------------------------------------------------

LOADING_TAGS = {"script", "img", "iframe", "source", "video", "audio", "embed", "object", "track"}
LOADING_RELS = {"stylesheet", "preload", "preconnect", "modulepreload", "icon", "prefetch"}
ELSEWHERE = re.compile(r"^(https?:)?//", re.IGNORECASE)
CSS_ELSEWHERE = re.compile(r"(url\(|@import)\s*['\"]?(https?:)?//", re.IGNORECASE)


def page_loads(markup: str) -> list[str]:
    """What a page makes the browser fetch from another host: elements that load (`<tag> url`), style sheets that import."""
    found = []
    for element in scan(markup):
        values = dict(element.attributes)
        rels = set(values.get("rel", "").lower().split())
        if element.tag in LOADING_TAGS or (element.tag == "link" and rels & LOADING_RELS):
            found += [
                f"<{element.tag}> {values[name]}"
                for name in ("href", "src")
                if name in values and ELSEWHERE.match(values[name].strip())
            ]
        if element.tag == "style" and CSS_ELSEWHERE.search(element.text):
            found.append("<style> loads from another host")
    return found


def external_loads(site: Path) -> list[str]:
    """Every resource a page of the built site would load from another host, as `page: <tag> url`."""
    found = []
    for path in sorted(site.rglob("*.html")):
        found += [f"{path.relative_to(site)}: {item}" for item in page_loads(path.read_text(encoding="utf-8"))]
    return found
