"""Escaping and addressing for rendered pages: the one place where untrusted text becomes markup.

Every string that came from a contributor or a raw article passes through `text` (Markdown and
HTML contexts alike) or `attr` (HTML attribute values) before it reaches a page, and every URL
through `href`, which only lets http and https addresses out.
"""

from __future__ import annotations

import html
import re

# Characters that mean something to Markdown or its extensions anywhere in a line, and HTML's own;
# as character references they are plain characters to every one of them.
_ESCAPES = {
    **{c: f"&#{ord(c)};" for c in "\\`*_{}[]()!|~$"},
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
}
_SPECIAL = re.compile("[" + re.escape("".join(_ESCAPES)) + "]")
# Characters that start a block (heading, list, numbered list) when they open a line.
_LINE_START = re.compile(r"^([#+\-=]|\d+(?=[.)]))")
_SAFE_URL = re.compile(r"https?://[^\s<>\"'`\\]+", re.ASCII)


def _escape(match: re.Match[str]) -> str:
    return _ESCAPES[match.group()]


def text(value: str) -> str:
    """Untrusted text as inert characters in Markdown or HTML content (line breaks become spaces)."""
    flat = _SPECIAL.sub(_escape, " ".join(value.split()))
    return _LINE_START.sub(lambda m: "".join(f"&#{ord(c)};" for c in m.group()), flat)


def body_text(value: str) -> str:
    """Untrusted text inside a raw HTML block, where Markdown does not apply: HTML escapes only."""
    return html.escape(value, quote=True)


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
    """The relative address from one directory-style site URL (`articles/x/`) to another (`speakers/y/#c`).

    Site URLs are either empty (the home page) or end with a slash, so the way up is one `../`
    per path segment of the page linked from.
    """
    if to_page.startswith("#"):
        return to_page
    up = "../" * from_page.count("/")
    target = up + to_page
    return target or "./"


def relative_source(from_source: str, to_source: str) -> str:
    """The relative Markdown link from one source page (`articles/x.md`) to another (`speakers/y.md#c`)."""
    return "../" * from_source.count("/") + to_source


RAW_HTML_START = "<!-- archive:html -->"
RAW_HTML_END = "<!-- /archive:html -->"


def raw_block(html_text: str) -> str:
    """A block of finished HTML, marked so that a Markdown converter may pass it through untouched.

    Any Markdown processor treats it as a raw HTML block; the MkDocs plugin sets it aside before
    conversion and puts it back after, so large article texts are not re-parsed as HTML.
    """
    return f"{RAW_HTML_START}\n{html_text}\n{RAW_HTML_END}"


def clip(value: str, limit: int) -> str:
    """Shorten to `limit` characters with an ellipsis (before escaping)."""
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"
