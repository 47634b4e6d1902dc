"""Article text to HTML with claims highlighted in place: spans in, well-nested markup out.

Claims may overlap or nest, and mentions of speakers and outlets become links. Overlaps that
cross are split into fragments so the HTML stays well nested; only a claim's first fragment
carries its marker and its permanent id, `claim-<id>` (the address other pages link to lands on
the words). The marker leads to the claim's note (`note-<id>`) where scripts do not run; the
article script turns it into the button of the claim's card.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from build_tools.render.markup import body_text


@dataclass(frozen=True, slots=True)
class Highlight:
    """A claim to mark in the text."""

    start: int
    """First code point in the clean text."""
    end: int
    """One past the last code point."""
    key: str
    """The claim id, used for element ids."""
    kind: str
    """The claim kind, used as a class."""
    number: int
    """The claim's number on the page (its marker)."""
    label: str
    """Accessible name of the marker."""
    speaker: str = ""
    """Who made the claim, printed after it on paper."""
    aliases: tuple[str, ...] = ()
    """Earlier ids of the claim's fragment (a renamed claim): old links land on the words too."""


@dataclass(frozen=True, slots=True)
class Mention:
    """A name of a registered speaker or outlet, linked to its page."""

    start: int
    """First code point."""
    end: int
    """One past the last code point."""
    url: str
    """Relative URL of the page (already safe)."""
    title: str
    """Tooltip (escaped on output)."""


@dataclass(frozen=True, slots=True)
class _Interval:
    start: int
    end: int
    priority: int
    item: Highlight | Mention


@dataclass(frozen=True, slots=True)
class NameIndex:
    """Every registered name and alias, compiled once for the whole archive."""

    pattern: re.Pattern[str] | None
    """Whole-word alternation of the names, longest first."""
    targets: dict[str, tuple[str, str]]
    """Name to (target source path, tooltip)."""


def name_index(names: dict[str, tuple[str, str]]) -> NameIndex:
    """Compile the names (name or alias to target source path and tooltip)."""
    if not names:
        return NameIndex(None, {})
    trie: dict[str, Any] = {}
    for name in names:
        node = trie
        for character in name:
            node = node.setdefault(character, {})
        node[""] = {}
    return NameIndex(re.compile(rf"(?<![\w])(?:{_trie_pattern(trie)})(?![\w])"), names)


def _trie_pattern(node: dict[str, Any]) -> str:
    """The names of a prefix tree as one regular expression that shares their common prefixes.

    A plain alternation of hundreds of names is tried name by name at every position of the
    text; the tree is tried character by character. Longer names are preferred, as in an
    alternation sorted longest first: each optional continuation is greedy.
    """
    branches = [re.escape(character) + _trie_pattern(child) for character, child in sorted(node.items()) if character]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


def find_mentions(text: str, index: NameIndex, url: Callable[[str], str]) -> list[Mention]:
    """Whole-word occurrences of registered names: the first of each target per paragraph.

    Args:
        text: The clean text.
        index: The compiled names.
        url: Turns a target source path into a URL relative to the page.

    """
    if index.pattern is None:
        return []
    mentions = []
    seen: set[tuple[int, str]] = set()
    paragraph, scanned = 0, 0
    for match in index.pattern.finditer(text):
        target, title = index.targets[match.group()]
        paragraph += text.count("\n\n", scanned, match.start())
        scanned = match.start()
        if (paragraph, target) in seen:
            continue
        seen.add((paragraph, target))
        mentions.append(Mention(match.start(), match.end(), url(target), title))
    return mentions


def _open_tag(item: Highlight | Mention, first: bool) -> str:
    if isinstance(item, Mention):
        return f'<a class="mention" href="{item.url}" title="{body_text(item.title)}">'
    classes = f"claim claim--{item.kind}" + ("" if first else " claim--cont")
    ident = f' id="claim-{item.key}" data-speaker="{body_text(item.speaker)}"' if first else ""
    mark = f'<mark class="{classes}" data-claim="{item.key}"{ident}>'
    if not first:
        return mark
    # Old addresses of a renamed claim: empty anchors inside its words.
    aliases = "".join(f'<span id="{body_text(old)}" class="claim-alias"></span>' for old in item.aliases)
    marker = (
        f'<span class="claim-pin"><a class="claim-marker claim-marker--{item.kind}" href="#note-{item.key}" '
        f'aria-label="{body_text(item.label)}">{item.number}</a></span>'
    )
    return mark + aliases + marker


def _close_tag(item: Highlight | Mention) -> str:
    return "</a>" if isinstance(item, Mention) else "</mark>"


def render_paragraph(text: str, start: int, end: int, intervals: Sequence[_Interval], opened: set[str]) -> str:
    """One paragraph as HTML, with the intervals that touch it nested properly."""
    inside = [i for i in intervals if i.start < end and i.end > start]
    cuts = sorted({start, end, *(max(i.start, start) for i in inside), *(min(i.end, end) for i in inside)})
    stack: list[_Interval] = []
    out: list[str] = []
    for position, following in zip(cuts, [*cuts[1:], None], strict=True):
        _close_at(position, end, stack, out, opened)
        starting = sorted(
            (i for i in inside if max(i.start, start) == position and i not in stack),
            key=lambda i: (-(min(i.end, end)), i.priority),
        )
        for interval in starting:
            out.append(_open(interval, opened))
            stack.append(interval)
        if following is not None:
            out.append(body_text(text[position:following]).replace("\n", "<br>\n"))
    return "".join(out)


def _open(interval: _Interval, opened: set[str]) -> str:
    item = interval.item
    key = item.key if isinstance(item, Highlight) else ""
    first = isinstance(item, Highlight) and key not in opened
    if first:
        opened.add(key)
    return _open_tag(item, first)


def _close_at(position: int, limit: int, stack: list[_Interval], out: list[str], opened: set[str]) -> None:
    """Close every interval ending here (or at the paragraph's end `limit`), reopening any opened inside them."""
    ending = [i for i in stack if min(i.end, limit) <= position]
    if not ending:
        return
    lowest = min(stack.index(i) for i in ending)
    reopen = [i for i in stack[lowest:] if i not in ending]
    out.extend(_close_tag(interval.item) for interval in reversed(stack[lowest:]))
    del stack[lowest:]
    for interval in reopen:
        out.append(_open(interval, opened))
        stack.append(interval)


def render_text(
    text: str,
    paragraphs: Sequence[tuple[int, int]],
    highlights: Sequence[Highlight],
    mentions: Sequence[Mention],
    paragraph_class: Callable[[int], str] = lambda _: "",
) -> str:
    """The clean text as HTML paragraphs with claims marked and mentions linked."""
    claim_edges = {p for h in highlights for p in (h.start, h.end)}
    # A link crossing a claim's edge would have to contain the claim's marker link: skip it.
    usable = [m for m in mentions if not any(m.start < p < m.end for p in claim_edges)]
    intervals = [_Interval(h.start, h.end, 0, h) for h in highlights]
    intervals += [_Interval(m.start, m.end, 1, m) for m in usable]
    intervals.sort(key=lambda i: (i.start, -i.end, i.priority))
    opened: set[str] = set()
    html = []
    for number, (start, end) in enumerate(paragraphs, start=1):
        css = paragraph_class(number)
        attrs = f' class="{css}"' if css else ""
        html.append(f"<p{attrs}>{render_paragraph(text, start, end, intervals, opened)}</p>")
    return "\n".join(html)
