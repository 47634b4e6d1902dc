"""Load: repository files in, raw texts and position-carrying YAML trees out; the only stage that reads files.

YAML is composed safely (libyaml when available) into nodes that keep the line and column of
every key and value. Aliases (a reused anchor), non-standard tags and duplicate keys are refused, dates
stay strings, and oversized or malformed files become diagnostics, never tracebacks.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

import yaml

from build_tools.diagnostics import Diagnostics, Origin

ARTICLE_ID = re.compile(r"(?!index$)[a-z0-9][a-z0-9-]*")
"""What an article id (the file name without `.txt`) must look like: it is a permalink."""

MAX_ARTICLE_BYTES = 2_000_000
"""A raw article larger than this is refused: no real news article comes close."""

MAX_YAML_BYTES = 1_000_000
"""An annotation or registry file larger than this is refused."""

MAX_YAML_DEPTH = 32
"""Nesting deeper than this is refused; the schema never needs more than a handful of levels."""

REGISTRIES = ("speakers", "outlets", "events", "tags")
"""The registry files under `annotations/`, by name without `.yml`."""

PERMALINKS_FILE = "permalinks.txt"
"""The list of every URL the site has ever published, one per line."""

REDIRECTS_FILE = "redirects.yml"
"""Where renamed or removed URLs point to: `old-url: new-url`."""

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class YamlScalar:
    """A scalar value and where it was written."""

    value: str | int | float | bool | None
    """The value; timestamps stay strings so that validation can check them."""
    origin: Origin
    """Where the value starts."""
    tag: str = "str"
    """The YAML type it resolved to: str, int, float, bool, null or timestamp."""
    raw: str = field(default="", compare=False)
    """The text as written (`NO` for what YAML 1.1 reads as the boolean false)."""


@dataclass(frozen=True, slots=True)
class YamlSeq:
    """A sequence and where it starts."""

    items: tuple[YamlNode, ...]
    """The elements, in order."""
    origin: Origin
    """Where the sequence starts."""


@dataclass(frozen=True, slots=True)
class YamlMap:
    """A mapping with string keys, keeping where each key was written."""

    entries: dict[str, YamlNode]
    """Values by key, in file order."""
    key_origins: dict[str, Origin]
    """Where each key was written."""
    origin: Origin
    """Where the mapping starts."""


YamlNode = YamlScalar | YamlSeq | YamlMap
"""Any node of a loaded YAML tree."""


@dataclass(frozen=True, slots=True)
class RawArticle:
    """One raw article file, decoded but otherwise exactly as scraped."""

    article_id: str
    """The file name without `.txt`: the article's permalink."""
    path: str
    """Repository-relative path of the file."""
    text: str
    """The decoded text, with a byte-order mark removed and line ends as written."""
    digest: str
    """SHA-256 of the bytes, for caches and for the data downloads."""


@dataclass(frozen=True, slots=True)
class YamlDocument:
    """One YAML file and its tree, or `None` when it could not be parsed."""

    path: str
    """Repository-relative path of the file."""
    root: YamlNode | None
    """The document's root node; `None` for an empty or unreadable file."""
    digest: str
    """SHA-256 of the bytes."""


@dataclass(slots=True)
class Sources:
    """Everything the archive is made of, as read from disk."""

    root: Path
    """The repository root."""
    articles: dict[str, RawArticle] = field(default_factory=dict)
    """Raw articles by id, sorted by id."""
    annotations: dict[str, YamlDocument] = field(default_factory=dict)
    """Annotation files by the article id their name gives."""
    registries: dict[str, YamlDocument] = field(default_factory=dict)
    """Registry files by name (`speakers`, `outlets`, `events`, `tags`)."""
    published_urls: tuple[tuple[str, int], ...] = ()
    """Every URL ever published (`permalinks.txt`), with its line number."""
    redirects: YamlDocument | None = None
    """Redirects of renamed or removed URLs (`redirects.yml`), if any."""


def load_sources(root: Path, diagnostics: Diagnostics) -> Sources:
    """Read every raw article, annotation file and registry under `root`.

    Args:
        root: The repository root (holding `articles/` and `annotations/`).
        diagnostics: Where problems with the files are recorded.

    """
    sources = load_site_files(root, diagnostics)
    for path in article_paths(root, diagnostics).values():
        article = load_article(root, path, diagnostics)
        if article is not None:
            sources.articles[article.article_id] = article
    for article_id, path in annotation_paths(root, diagnostics).items():
        sources.annotations[article_id] = load_yaml(root, path, diagnostics)
    return sources


def article_paths(root: Path, diagnostics: Diagnostics) -> dict[str, Path]:
    """The raw article files by the id their name gives (names that are not ids are reported)."""
    paths = {}
    for path in _files(root, root / "articles", ".txt", diagnostics):
        if ARTICLE_ID.fullmatch(path.stem):
            paths[path.stem] = path
        else:
            diagnostics.error(Origin(_relative(root, path)), _bad_id_message(path.stem, "article file"))
    return paths


def annotation_paths(root: Path, diagnostics: Diagnostics) -> dict[str, Path]:
    """The annotation files by the article id their name gives (names that are not ids are reported)."""
    paths = {}
    for path in _files(root, root / "annotations" / "articles", ".yml", diagnostics):
        if ARTICLE_ID.fullmatch(path.stem):
            paths[path.stem] = path
        else:
            diagnostics.error(Origin(_relative(root, path)), _bad_id_message(path.stem, "annotation file"))
    return paths


def load_site_files(root: Path, diagnostics: Diagnostics) -> Sources:
    """Read the registries, the published URLs and the redirects (everything but the articles)."""
    sources = Sources(root=root)
    for name in REGISTRIES:
        path = root / "annotations" / f"{name}.yml"
        if (path.is_file() or path.is_symlink()) and inside_repository(root, path, diagnostics) and path.is_file():
            sources.registries[name] = load_yaml(root, path, diagnostics)
    permalinks = root / PERMALINKS_FILE
    if permalinks.is_file() and inside_repository(root, permalinks, diagnostics):
        text = decode_text(PERMALINKS_FILE, permalinks.read_bytes(), diagnostics) or ""
        sources.published_urls = tuple(
            (line.strip(), number)
            for number, line in enumerate(text.splitlines(), start=1)
            if line.strip() and not line.startswith("#")
        )
    redirects = root / REDIRECTS_FILE
    if redirects.is_file() and inside_repository(root, redirects, diagnostics):
        sources.redirects = load_yaml(root, redirects, diagnostics)
    return sources


def _files(root: Path, folder: Path, suffix: str, diagnostics: Diagnostics) -> Iterator[Path]:
    """Yield the regular files of `folder` with `suffix`, sorted, refusing links out of the repository."""
    if not folder.is_dir() or not inside_repository(root, folder, diagnostics):
        return
    with os.scandir(folder) as entries:
        # Only links need resolving: a plain file in a folder of the repository is in the repository.
        found = sorted(
            (entry.name, entry.is_symlink())
            for entry in entries
            if entry.name.endswith(suffix) and not entry.name.startswith(".")
        )
    for name, link in found:
        path = folder / name
        if (not link or inside_repository(root, path, diagnostics)) and path.is_file():
            yield path


def inside_repository(root: Path, path: Path, diagnostics: Diagnostics) -> bool:
    """Whether `path` really lies in the repository (not a link out of it, nor a broken link loop)."""
    try:
        resolved = path.resolve(strict=False)
    except (OSError, RuntimeError):
        diagnostics.error(Origin(_relative(root, path)), "file is a link that cannot be followed (a link loop)")
        return False
    if not resolved.is_relative_to(root.resolve()):
        diagnostics.error(
            Origin(_relative(root, path)), "file is a link to a place outside the repository; copy the file in instead"
        )
        return False
    return True


def _relative(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _bad_id_message(article_id: str, what: str) -> str:
    if article_id == "index":
        return f"{what} name 'index' is reserved (it names the list of all articles); choose another id"
    return (
        f"{what} name '{article_id}' is not a valid article id "
        "(expected lowercase letters, digits and hyphens, starting with a letter or digit)"
    )


def load_article(root: Path, path: Path, diagnostics: Diagnostics) -> RawArticle | None:
    """Read one raw article, recording why it cannot be used if so.

    A byte-order mark is removed and CRLF line ends are accepted (both with a warning) because
    scrapers produce them; the file itself is never changed.
    """
    rel = _relative(root, path)
    article_id = path.stem
    if not ARTICLE_ID.fullmatch(article_id):
        diagnostics.error(Origin(rel), _bad_id_message(article_id, "article file"))
        return None
    data = path.read_bytes()
    if len(data) > MAX_ARTICLE_BYTES:
        diagnostics.error(Origin(rel), f"article file is {len(data):,} bytes; the limit is {MAX_ARTICLE_BYTES:,}")
        return None
    text = _decode(rel, data, diagnostics)
    if text is None:
        return None
    if not text.strip():
        diagnostics.error(Origin(rel), "article file is empty")
        return None
    return RawArticle(article_id, rel, text, hashlib.sha256(data).hexdigest())


def decode_text(rel: str, data: bytes, diagnostics: Diagnostics) -> str | None:
    """Decode a file's bytes as UTF-8, recording why it cannot be used if so."""
    return _decode(rel, data, diagnostics)


def _decode(rel: str, data: bytes, diagnostics: Diagnostics) -> str | None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        # Columns count code points, as editors do, not bytes.
        column = len(data[line_start : exc.start].decode("utf-8", "replace")) + 1
        diagnostics.error(
            Origin(rel, line, column),
            f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x}); save it as UTF-8",
        )
        return None
    if text.startswith("\ufeff"):
        diagnostics.warning(Origin(rel), "file starts with a byte-order mark; it is ignored")
        text = text[1:]
    if "\r\n" in text:
        diagnostics.warning(Origin(rel), "file has Windows (CRLF) line ends; they are read as LF")
    if "\x00" in text:
        position = text.index("\x00")
        line = text[:position].count("\n") + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        diagnostics.error(Origin(rel, line, column), "file contains a NUL character; it is not a text file")
        return None
    return text


def load_yaml(root: Path, path: Path, diagnostics: Diagnostics) -> YamlDocument:
    """Read one YAML file into a position-carrying tree.

    Problems (size, encoding, syntax, duplicate keys, aliases, tags, depth) are recorded and give
    a document whose root is `None`, so that other files are still checked.
    """
    rel = _relative(root, path)
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if len(data) > MAX_YAML_BYTES:
        diagnostics.error(Origin(rel), f"file is {len(data):,} bytes; the limit is {MAX_YAML_BYTES:,}")
        return YamlDocument(rel, None, digest)
    text = _decode(rel, data, diagnostics)
    if text is None:
        return YamlDocument(rel, None, digest)
    root_node = parse_yaml(rel, text, diagnostics)
    return YamlDocument(rel, root_node, digest)


_BRACKETS = re.compile(r"[\[\]{}]")


def _flow_depth_origin(rel: str, text: str) -> Origin | None:
    """Where flow collections (`[[[...`) nest deeper than the limit, if they do.

    Checked before parsing: libyaml parses nesting recursively and a deep enough file crashes it.
    Brackets inside quoted strings count too, which only errs on the safe side.
    """
    depth = 0
    for match in _BRACKETS.finditer(text):
        depth += 1 if match.group() in "[{" else -1
        if depth > MAX_YAML_DEPTH:
            position = match.start()
            line = text.count("\n", 0, position) + 1
            return Origin(rel, line, position - (text.rfind("\n", 0, position) + 1) + 1)
    return None


def parse_yaml(rel: str, text: str, diagnostics: Diagnostics) -> YamlNode | None:
    """Parse YAML text into a tree, or record why it cannot be and return `None`."""
    deep = _flow_depth_origin(rel, text)
    if deep is not None:
        diagnostics.error(deep, f"YAML is nested more than {MAX_YAML_DEPTH} levels deep")
        return None
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        diagnostics.error(_error_origin(rel, exc), _yaml_message(exc, text))
        return None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        character = exc.character if isinstance(exc.character, str) else chr(exc.character)
        diagnostics.error(
            Origin(rel, line, column),
            f"file contains the control character U+{ord(character):04X}, which YAML does not allow; remove it",
        )
        return None
    except yaml.YAMLError as exc:
        diagnostics.error(Origin(rel), f"YAML syntax error: {' '.join(str(exc).split())}")
        return None
    if node is None:
        return None
    converter = _Converter(rel, diagnostics)
    return converter.convert(node, depth=0)


def _mark_origin(rel: str, mark: yaml.Mark | None) -> Origin:
    if mark is None:
        return Origin(rel)
    return Origin(rel, mark.line + 1, mark.column + 1)


def _error_origin(rel: str, exc: yaml.MarkedYAMLError) -> Origin:
    # An unclosed quote is only noticed at the end of the file: point at where the quote opened.
    if exc.context_mark is not None and exc.problem and "end of stream" in exc.problem:
        return _mark_origin(rel, exc.context_mark)
    return _mark_origin(rel, exc.problem_mark or exc.context_mark)


def _yaml_message(exc: yaml.MarkedYAMLError, text: str) -> str:
    problem = exc.problem or "invalid YAML"
    if exc.context == "while scanning a quoted scalar" and "end of stream" in problem:
        return "YAML syntax error: this quoted text is never closed; add the closing quote"
    if exc.context and problem.startswith("but "):
        message = f"YAML syntax error: {exc.context}, {problem}"
    elif exc.context:
        message = f"YAML syntax error: {problem} ({exc.context})"
    else:
        message = f"YAML syntax error: {problem}"
    mark = exc.problem_mark
    offending = ""
    if mark is not None:
        lines = text.split("\n")
        if mark.line < len(lines):
            offending = lines[mark.line][: mark.column + 1]
    if "\t" in problem or "'\\t'" in problem or "\t" in offending:
        message += "; indent with spaces, not tabs"
    return message


class _Converter:
    """Turns composed PyYAML nodes into our tree, refusing what annotations never need."""

    def __init__(self, rel: str, diagnostics: Diagnostics) -> None:
        self.rel = rel
        self.diagnostics = diagnostics
        self.seen: set[int] = set()
        self.constructor = yaml.SafeLoader("")

    def origin(self, node: yaml.Node) -> Origin:
        return _mark_origin(self.rel, node.start_mark)

    def convert(self, node: yaml.Node, depth: int) -> YamlNode | None:
        if id(node) in self.seen:
            # A node reached twice is an alias: refusing it also defuses "billion laughs" bombs.
            self.diagnostics.error(self.origin(node), "YAML anchors and aliases are not allowed; write the value out")
            return None
        self.seen.add(id(node))
        if depth > MAX_YAML_DEPTH:
            self.diagnostics.error(self.origin(node), f"YAML is nested more than {MAX_YAML_DEPTH} levels deep")
            return None
        if node.tag not in _PLAIN_TAGS:
            self.diagnostics.error(
                self.origin(node),
                f"YAML tag '{node.tag}' is not allowed; only plain values, lists and mappings are",
            )
            return None
        if isinstance(node, yaml.MappingNode):
            return self.convert_map(node, depth)
        if isinstance(node, yaml.SequenceNode):
            items = (self.convert(item, depth + 1) for item in node.value)
            return YamlSeq(tuple(i for i in items if i is not None), self.origin(node))
        # Composed nodes are mappings, sequences or scalars: what is left is a scalar.
        return self.convert_scalar(cast("yaml.ScalarNode", node))

    def convert_map(self, node: yaml.MappingNode, depth: int) -> YamlMap | None:
        entries: dict[str, YamlNode] = {}
        key_origins: dict[str, Origin] = {}
        for key_node, value_node in node.value:
            key = self.convert(key_node, depth + 1)
            if key is None:
                continue
            if not isinstance(key, YamlScalar):
                self.diagnostics.error(key.origin, "mapping keys must be plain text")
                continue
            # The written text, not its YAML 1.1 reading: a key `on` stays "on", not True.
            name = str(key_node.value)
            if name in entries or name in key_origins:
                first = key_origins[name]
                self.diagnostics.error(key.origin, f"duplicate key '{name}' (first written at line {first.line})")
                continue
            key_origins[name] = key.origin
            value = self.convert(value_node, depth + 1)
            if value is not None:
                entries[name] = value
        return YamlMap(entries, key_origins, self.origin(node))

    def convert_scalar(self, node: yaml.ScalarNode) -> YamlScalar:
        tag = node.tag.rsplit(":", 1)[-1]
        origin = self.origin(node)
        if tag in ("str", "timestamp"):
            return YamlScalar(node.value, origin, tag, node.value)
        try:
            value = self.constructor.construct_object(node, deep=False)
        except (yaml.YAMLError, ValueError, OverflowError):
            return YamlScalar(node.value, origin, "str", node.value)
        return YamlScalar(value, origin, tag, node.value)
