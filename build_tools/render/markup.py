"""Escaping and addressing for rendered pages: the one place where untrusted text becomes markup.

Every string that came from a contributor or a raw article passes through `text` (Markdown and
HTML contexts alike) or `attr` (HTML attribute values) before it reaches a page, and every URL
through `href`, which only lets http and https addresses out.
"""

from __future__ import annotations

import html
import posixpath
import re

# Characters that mean something to Markdown, its extensions or the Jinja templates around the
# page; as numeric references they are plain characters to every one of them.
_MARKDOWN_SPECIAL = {ord(c): f"&#{ord(c)};" for c in "\\`*_{}[]()#+-.!|~:$^=@%"}
_HTML_SPECIAL = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord('"'): "&quot;", ord("'"): "&#39;"}
_ESCAPES = {**_MARKDOWN_SPECIAL, **_HTML_SPECIAL}
_SAFE_URL = re.compile(r"https?://[^\s<>\"'`\\]+", re.ASCII)


def text(value: str) -> str:
    """Untrusted text as inert characters in Markdown or HTML content (line breaks become spaces)."""
    return " ".join(value.split()).translate(_ESCAPES)


def body_text(value: str) -> str:
    """Untrusted text inside a raw HTML block, where Markdown does not apply: HTML escapes only."""
    return value.translate(_HTML_SPECIAL)


def attr(value: str) -> str:
    """Untrusted text as an HTML attribute value (to be placed inside double quotes)."""
    return html.escape(" ".join(value.split()), quote=True).replace("{", "&#123;").replace("}", "&#125;")


def href(url: str | None) -> str | None:
    """The URL as an attribute value if it is http(s), else `None`: nothing else becomes a link."""
    if url is None or not _SAFE_URL.fullmatch(url):
        return None
    return attr(url)


def external_link(label: str, url: str | None) -> str:
    """An HTML link to an outside address, or the escaped label alone when the URL is unusable."""
    target = href(url)
    if target is None:
        return text(label)
    return f'<a href="{target}" rel="nofollow noopener">{text(label)}</a>'


def relative_url(from_page: str, to_page: str) -> str:
    """The relative address from one site URL (`articles/x/`) to another (`speakers/y/#claim-z`)."""
    path, _, fragment = to_page.partition("#")
    start = posixpath.dirname(from_page.rstrip("/") + "/x") or "."
    target = posixpath.relpath(path or from_page, start)
    if path.endswith("/") and not target.endswith("/"):
        target += "/"
    if target == "./":
        target = "./"
    return target + (f"#{fragment}" if fragment else "")


def relative_source(from_source: str, to_source: str) -> str:
    """The relative Markdown link from one source page (`articles/x.md`) to another."""
    path, _, fragment = to_source.partition("#")
    target = posixpath.relpath(path, posixpath.dirname(from_source) or ".")
    return target + (f"#{fragment}" if fragment else "")


def clip(value: str, limit: int) -> str:
    """Shorten to `limit` characters with an ellipsis (before escaping)."""
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"
