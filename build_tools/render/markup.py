"""Escaping and addressing for rendered pages: the one place where untrusted text becomes markup.

Every string that came from a contributor or a raw article passes through `text` (Markdown and
HTML contexts alike) or `attr` (HTML attribute values) before it reaches a page, and every URL
through `href`, which only lets http and https addresses out.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Sequence

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


def pre_text(value: str) -> str:
    """Untrusted text for a `<pre>` element in a raw block: HTML escapes, and no blank line.

    A blank line ends a raw HTML block for CommonMark-style converters; a character reference
    for the second line break shows the same text without ending the block.
    """
    return body_text(value).replace("\n\n", "\n&#10;")


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


RAW_HTML_START = "<!-- archive:html -->"
RAW_HTML_END = "<!-- /archive:html -->"


def raw_block(html_text: str) -> str:
    """A block of finished HTML, marked so that a Markdown converter may pass it through untouched.

    Any Markdown processor treats it as a raw HTML block; the MkDocs plugin sets it aside before
    conversion and puts it back after, so large article texts are not re-parsed as HTML.
    """
    return f"{RAW_HTML_START}\n{html_text}\n{RAW_HTML_END}"


def html_list(items: Iterable[str], css: str | None = None) -> str:
    """An HTML bulleted list of already-safe HTML items (empty when there are none)."""
    body = "".join(f"<li>{item}</li>" for item in items)
    if not body:
        return ""
    return f'<ul class="{css}">{body}</ul>' if css else f"<ul>{body}</ul>"


def html_table(header: Sequence[str], rows: Iterable[Sequence[str]], css: str | None = None) -> str:
    """An HTML table with a header row; cells are already-safe HTML."""
    head = "".join(f'<th scope="col">{cell}</th>' for cell in header)
    body = "\n".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    opening = f'<table class="{css}">' if css else "<table>"
    return f"{opening}\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def paragraph(html_text: str) -> str:
    """An HTML paragraph of already-safe HTML."""
    return f"<p>{html_text}</p>"


def page_text(parts: Iterable[str]) -> str:
    """A page's Markdown from its parts: headings and front matter stay Markdown, the rest is finished HTML.

    Headings stay Markdown so that the theme builds the table of contents and heading anchors;
    each run of HTML parts between them becomes one raw block (see `raw_block`). Empty parts
    are dropped.
    """
    out: list[str] = []
    run: list[str] = []
    for part in parts:
        if not part:
            continue
        if part.startswith(("#", "---\n")):
            if run:
                out.append(raw_block("\n".join(run)))
                run = []
            out.append(part)
        else:
            run.append(part)
    if run:
        out.append(raw_block("\n".join(run)))
    return "\n\n".join(out) + "\n"


def clip(value: str, limit: int) -> str:
    """Shorten to `limit` characters with an ellipsis (before escaping)."""
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


_TITLE_LOOKALIKES = str.maketrans({"<": "‹", ">": "›", "&": "＆", '"': "”", "'": "’"})

_RAW_BLOCK = re.compile(re.escape(RAW_HTML_START) + r"\n(.*?)\n" + re.escape(RAW_HTML_END), re.DOTALL)


def plain_title(title: str) -> str:
    """A page title as plain text: entities decoded, tags dropped, markup characters replaced by lookalikes.

    Themes print titles unescaped (Material even unescapes entities with `striptags`), and a title
    can come from a contributor's headline, so it is made text that cannot form markup.
    """
    text_only = re.sub(r"<[^>]*>", "", html.unescape(title))
    return " ".join(text_only.split()).translate(_TITLE_LOOKALIKES)


def set_aside_html(markdown_text: str, nonce: str) -> tuple[str, list[str]]:
    """The Markdown with its finished HTML blocks (see `raw_block`) replaced by placeholders, and the blocks.

    A Markdown converter would otherwise re-parse every tag of an article's text with its HTML
    parser, which is most of the cost of building an article page. The placeholders carry a
    `nonce` no text of an annotation can imitate. Each block is the text from a start marker's
    line to the first end marker after it, as `raw_block` wrote it; the markers are found with
    `str.find` (a lazy regular expression stepping through an article's 30 KB took 0.3 ms a page).
    """
    blocks: list[str] = []
    out: list[str] = []
    start_marker, end_marker = RAW_HTML_START + "\n", "\n" + RAW_HTML_END
    position = 0
    while (start := markdown_text.find(start_marker, position)) >= 0:
        inside = start + len(start_marker)
        end = markdown_text.find(end_marker, inside)
        if end < 0:
            break
        blocks.append(markdown_text[inside:end])
        out.append(markdown_text[position:start])
        out.append(f"\n\n{nonce}{len(blocks) - 1}\n\n")
        position = end + len(end_marker)
    out.append(markdown_text[position:])
    return "".join(out), blocks


def put_back_html(converted: str, blocks: list[str], nonce: str) -> str:
    """The converted HTML with the blocks set aside by `set_aside_html` back in their places."""
    for number, block in enumerate(blocks):
        converted = converted.replace(f"<p>{nonce}{number}</p>", block, 1)
    return converted


DESCRIPTION_LENGTH = 160
"""Longest page description (search engines and link previews show about this much)."""


def front_matter(*, title: str | None = None, description: str | None = None, hide: Sequence[str] = ()) -> str:
    """A page's front matter: its title as plain text, its description for meta tags, the theme parts it hides.

    Themes print `page.meta.description` into attributes as it is (MkDocs' templates do not
    escape), so the description is stored escaped and shortened; a template that prints it must
    not escape it again. `hide` names Material's parts (`toc`, `navigation`), never a
    contributor's text. Empty when there is nothing to say.
    """
    lines = []
    if title is not None:
        lines.append(f"title: {json.dumps(' '.join(title.split()), ensure_ascii=False)}")
    if description:
        lines.append(f"description: {json.dumps(attr(clip(description, DESCRIPTION_LENGTH)), ensure_ascii=False)}")
    if hide:
        lines.append(f"hide: {json.dumps(list(hide))}")
    return "---\n" + "\n".join(lines) + "\n---" if lines else ""
