"""HTML for tests: a document or fragment in, a small tree of elements out (tag, attributes, children, text); pure.

The one HTML reader of the test suite, over the standard library's `html.parser`. It reads markup
the way a browser tokenizes it where that matters to a test: void elements have no children,
`<title>` and `<textarea>` outside SVG hold text only (a `<script>` written inside a title is not
an element), a duplicated attribute keeps its first value, and a stray or mismatched end tag is
recovered from (it closes the nearest open element of its name) and reported by `nesting_problems`.
It does not repair markup as a browser would (no implied `</p>`, no moving elements into `<body>`):
what the renderers write is what the tree holds.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
"""Elements that never have content or an end tag."""
TEXT_ONLY_ELEMENTS = ("title", "textarea")
"""Elements whose content is text up to their end tag (outside SVG), as browsers read it."""
NOT_SHOWN = frozenset({"script", "style", "title", "template"})
"""Elements whose text a reader does not see in the page (`visible_text` leaves them out)."""
_NATIVE_TEXT_ONLY = hasattr(HTMLParser, "RCDATA_CONTENT_ELEMENTS")
"""Whether this Python's parser reads `<title>` and `<textarea>` as text itself (newer 3.13 and 3.14 releases do)."""


@dataclass(eq=False, repr=False, slots=True)
class Node:
    """An element (or the document, tag `#document`): attributes, children in order, parent.

    Nodes compare by identity, so `node in other.ancestors()` asks about this very element.
    """

    tag: str
    """The tag name, lower case."""
    attributes: tuple[tuple[str, str], ...] = ()
    """Every attribute as written, in order, duplicates included (a valueless attribute has the value "")."""
    parent: Node | None = None
    """The enclosing element, None for the document."""
    children: list[Node | str] = field(default_factory=list)
    """Elements and text (character references decoded, except in `<script>` and `<style>`), in document order."""
    line: int = 0
    """The 1-based line of its start tag, for messages."""
    attrs: dict[str, str] = field(default_factory=dict)
    """The attributes by name; a duplicated one keeps its first value, as in browsers (see `element`)."""

    @classmethod
    def element(cls, tag: str, attributes: tuple[tuple[str, str], ...], parent: Node, line: int) -> Node:
        """An element with these attributes as written, appended to `parent`'s children."""
        node = cls(tag, attributes, parent, [], line, dict(reversed(attributes)))
        parent.children.append(node)
        return node

    @property
    def classes(self) -> list[str]:
        """The words of its `class` attribute."""
        return self.attrs.get("class", "").split()

    def get(self, name: str, default: str = "") -> str:
        """An attribute's value, or `default` when it has none."""
        return self.attrs.get(name, default)

    def iter(self) -> Iterator[Node]:
        """This node and every element under it, in document order."""
        pending: list[Node] = [self]
        while pending:
            node = pending.pop()
            yield node
            pending.extend(child for child in reversed(node.children) if isinstance(child, Node))

    def matches(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> bool:
        """Whether it has this tag, this class among its classes, and these attribute values.

        Attribute names are written as keywords, `_` standing for `-` (`data_claim="x"` is
        `data-claim="x"`, `id="claim-x"` is `id`).
        """
        return (
            (tag is None or self.tag == tag)
            and (cls is None or cls in self.classes)
            and all(self.attrs.get(name.replace("_", "-")) == value for name, value in attrs.items())
        )

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Node]:
        """Every element from this one down that `matches`, in document order."""
        return [node for node in self.iter() if node.matches(tag, cls, **attrs)]

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Node | None:
        """The first element from this one down that `matches`, or None."""
        return next((node for node in self.iter() if node.matches(tag, cls, **attrs)), None)

    def one(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Node:
        """The only element from this one down that `matches`; fails the test, saying what was sought, otherwise."""
        found = self.find_all(tag, cls, **attrs)
        wanted = describe(tag, cls, **attrs)
        assert len(found) == 1, f"expected one {wanted}, found {len(found)}" + (
            f" (lines {', '.join(str(n.line) for n in found)})" if found else ""
        )
        return found[0]

    def text(self, skip: Callable[[Node], bool] | None = None) -> str:
        """The text under it, leaving out the elements (and what they hold) for which `skip` is true."""
        parts: list[str] = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif skip is None or not skip(child):
                parts.append(child.text(skip))
        return "".join(parts)

    def ancestors(self) -> Iterator[Node]:
        """The enclosing elements, innermost first, up to the document."""
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def __repr__(self) -> str:
        attributes = "".join(f' {name}="{value}"' for name, value in self.attributes)
        return f"<{self.tag}{attributes}> (line {self.line})"


def describe(tag: str | None = None, cls: str | None = None, **attrs: str) -> str:
    """What `Node.matches` looks for, as a CSS-like selector for messages: `mark.claim[data-claim="x"]`."""
    selector = (tag or "*") + (f".{cls}" if cls else "")
    return selector + "".join(f'[{name.replace("_", "-")}="{value}"]' for name, value in attrs.items())


def fold(value: str) -> str:
    """Whitespace folded to single spaces, as a browser lays text out."""
    return " ".join(value.split())


def visible_text(node: Node) -> str:
    """The text a reader sees under `node` (not scripts, styles or the title), whitespace folded."""
    return fold(node.text(skip=lambda n: n.tag in NOT_SHOWN))


class _Tokenizer(HTMLParser):
    """Start tags, end tags and text as browsers tokenize them (see the module docstring), passed to `start`, `end`, `data`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.svg_depth = 0
        self.decode = False  # inside a text-only element, whose text the parser passes on undecoded

    def start(self, tag: str, attributes: tuple[tuple[str, str], ...], line: int, *, empty: bool) -> None:
        """A start tag (`empty` for a void element or `<x/>`)."""

    def end(self, tag: str, line: int) -> None:
        """An end tag."""

    def data(self, text: str) -> None:
        """Text, character references decoded (except in `<script>` and `<style>`)."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.start(tag, _attributes(attrs), self.lineno, empty=tag in VOID_ELEMENTS)
        if tag == "svg":
            self.svg_depth += 1
        elif tag in TEXT_ONLY_ELEMENTS and not self.svg_depth and not _NATIVE_TEXT_ONLY:
            self.set_cdata_mode(tag)
            self.decode = True

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.start(tag, _attributes(attrs), self.lineno, empty=True)  # in SVG as in browsers; in HTML as written

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg" and self.svg_depth:
            self.svg_depth -= 1
        if tag in TEXT_ONLY_ELEMENTS:
            self.decode = False
        self.end(tag, self.lineno)

    def handle_data(self, data: str) -> None:
        self.data(html.unescape(data) if self.decode else data)


def _attributes(attrs: list[tuple[str, str | None]]) -> tuple[tuple[str, str], ...]:
    return tuple((name, value or "") for name, value in attrs)


class _TreeBuilder(_Tokenizer):
    """Builds a `Node` tree, recovering from stray end tags and recording each nesting problem."""

    def __init__(self) -> None:
        super().__init__()
        self.root = Node("#document")
        self.stack = [self.root]
        self.problems: list[str] = []

    def start(self, tag: str, attributes: tuple[tuple[str, str], ...], line: int, *, empty: bool) -> None:
        node = Node.element(tag, attributes, self.stack[-1], line)
        if not empty:
            self.stack.append(node)

    def end(self, tag: str, line: int) -> None:
        if tag in VOID_ELEMENTS:
            self.problems.append(f"line {line}: </{tag}> closes a void element")
            return
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                if index != len(self.stack) - 1:
                    inner = self.stack[-1]
                    self.problems.append(f"line {line}: </{tag}> closes <{inner.tag}> (line {inner.line})")
                del self.stack[index:]
                return
        self.problems.append(f"line {line}: </{tag}> closes nothing")

    def data(self, text: str) -> None:
        self.stack[-1].children.append(text)

    def close(self) -> None:
        super().close()
        self.problems += [f"<{node.tag}> (line {node.line}) is never closed" for node in self.stack[1:]]


def _build(markup: str) -> _TreeBuilder:
    builder = _TreeBuilder()
    builder.feed(markup)
    builder.close()
    return builder


def parse(markup: str) -> Node:
    """A document or a fragment of one as a tree under a `#document` node."""
    return _build(markup).root


def parse_file(path: Path) -> Node:
    """A built page as a tree, parsed once for as long as the file is unchanged (the tree is shared: do not alter it)."""
    stat = path.stat()
    return _parse_version(path, stat.st_mtime_ns, stat.st_size)


@functools.cache
def _parse_version(path: Path, mtime_ns: int, size: int) -> Node:
    del mtime_ns, size  # part of the cache key only
    return parse(path.read_text(encoding="utf-8"))


def nesting_problems(markup: str) -> list[str]:
    """Every end tag that does not close the innermost open element, and every element left open.

    Empty when the markup is well nested (void elements need no end tag).
    """
    return _build(markup).problems


# --------------------------------------------------------------------------------------------
# Scanning: the elements one after another, without a tree
# --------------------------------------------------------------------------------------------


@dataclass(eq=False, slots=True)
class Element:
    """An element as `scan` reads it: its start tag, and the text of a `<script>` or `<style>`."""

    tag: str
    """The tag name, lower case."""
    attributes: tuple[tuple[str, str], ...]
    """Every attribute as written, in order, duplicates included (a valueless attribute has the value "")."""
    line: int
    """The 1-based line of its start tag."""
    text: str = ""
    """What a `<script>` or `<style>` holds, as written; "" for other elements."""


class _Scanner(_Tokenizer):
    """Lists the elements of a page in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[Element] = []
        self.raw: Element | None = None

    def start(self, tag: str, attributes: tuple[tuple[str, str], ...], line: int, *, empty: bool) -> None:
        element = Element(tag, attributes, line)
        self.elements.append(element)
        self.raw = element if tag in ("script", "style") and not empty else None

    def end(self, tag: str, line: int) -> None:
        del tag, line
        self.raw = None

    def data(self, text: str) -> None:
        if self.raw is not None:
            self.raw.text += text


def scan(markup: str) -> list[Element]:
    """Every element of a page, in document order, without building a tree.

    About twice as fast as `parse`, for checks that look at each element on its own over every
    page of a large site (the site crawl); anything that needs an element's place in the page
    uses `parse`.
    """
    scanner = _Scanner()
    scanner.feed(markup)
    scanner.close()
    return scanner.elements
