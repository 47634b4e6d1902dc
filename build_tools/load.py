"""Load: repository files in, raw texts and position-carrying YAML trees out; the only stage that reads files.

YAML is parsed safely (libyaml when available) and composed from its events into nodes that keep
the line and column of every key and value. Aliases (a reused anchor), non-standard tags and
duplicate keys are refused where they are written, dates stay strings, and oversized or malformed
files become diagnostics, never tracebacks. A file that cannot be read gives its own errors only:
its document is marked unreadable, so that nothing downstream reports what it would have declared.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, cast

import yaml

from build_tools.diagnostics import Diagnostic, Diagnostics, Origin
from build_tools.syntax_errors import explain_syntax_error

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

_MERGE_TAG = "tag:yaml.org,2002:merge"


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
    """The text as written (`NO` for what YAML 1.1 reads as the boolean false; for a value left
    out before a comment, `key: #text`, the comment)."""


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


@dataclass(frozen=True, slots=True)
class YamlRefused:
    """A value load refused (an alias, a disallowed tag, nesting too deep): its error is already recorded.

    It stands where the value was written, so that the key stays present: checks neither report
    the key missing nor the value again, and the record holding it is known to be incomplete.
    """

    origin: Origin
    """Where the refused value starts."""


YamlValue = YamlScalar | YamlSeq | YamlMap
"""A node of a loaded YAML tree that holds a value."""

YamlNode = YamlValue | YamlRefused
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
    """One YAML file and its tree, or `None` when it is empty or could not be read."""

    path: str
    """Repository-relative path of the file."""
    root: YamlNode | None
    """The document's root node; `None` for an empty or unreadable file."""
    digest: str
    """SHA-256 of the bytes."""
    unreadable: bool = False
    """Whether the file could not be read (size, encoding, YAML syntax, a link out of the repository).

    Its errors are its only messages: nothing is derived from it, so nothing that depends on its
    content is reported either (an id it would declare, a URL it would publish).
    """


@dataclass(frozen=True, slots=True)
class SiteFiles:
    """The files every article depends on, read: the registries, the published URLs and the redirects."""

    registries: Mapping[str, YamlDocument]
    """Registry files by name (`speakers`, `outlets`, `events`, `tags`); an absent file is left out."""
    published_urls: tuple[tuple[str, int], ...] = ()
    """Every URL ever published (`permalinks.txt`), with its line number."""
    redirects: YamlDocument | None = None
    """Redirects of renamed or removed URLs (`redirects.yml`), if any."""


@dataclass(frozen=True, slots=True)
class ArticleFiles:
    """Where each article's two files are, found but not read: the archive's one list of article ids."""

    raw: Mapping[str, Path]
    """Raw article files that may be read, by id, sorted by id."""
    annotations: Mapping[str, Path]
    """Annotation files that may be read, by the article id their name gives."""
    unreadable_raw: frozenset[str] = frozenset()
    """Ids of raw article files that exist but are refused (a link out of the repository)."""
    unreadable_annotations: frozenset[str] = frozenset()
    """Ids of annotation files that exist but are refused."""
    article_ids: frozenset[str] = field(init=False, repr=False, compare=False)
    """Every article of the archive: one per raw file, readable or not (its errors say why not).

    Made once: every article's checks ask for it (made on each call, 3.7 ms an article at 50,000).
    """

    def __post_init__(self) -> None:
        object.__setattr__(self, "article_ids", frozenset(self.raw) | self.unreadable_raw)

    @property
    def to_prepare(self) -> list[str]:
        """The ids with a file to read, sorted: each is prepared (loaded, checked, cleaned, anchored) on its own."""
        return sorted(set(self.raw) | set(self.annotations))

    @property
    def in_use(self) -> frozenset[str]:
        """Every id that names a file of either folder, readable or not: no new article may take one."""
        return self.article_ids | frozenset(self.annotations) | self.unreadable_annotations


def find_article_files(root: Path, diagnostics: Diagnostics) -> ArticleFiles:
    """The raw article and annotation files by the id their name gives (names that are not ids are reported).

    Args:
        root: The repository root (holding `articles/` and `annotations/articles/`).
        diagnostics: Where problems with the names, and links out of the repository, are recorded.

    """
    unreadable_raw: set[str] = set()
    unreadable_annotations: set[str] = set()
    raw = _paths_by_id(root, root / "articles", ".txt", "article file", diagnostics, refused=unreadable_raw)
    annotations = _paths_by_id(
        root, root / "annotations" / "articles", ".yml", "annotation file", diagnostics, refused=unreadable_annotations
    )
    return ArticleFiles(raw, annotations, frozenset(unreadable_raw), frozenset(unreadable_annotations))


_LISTED: dict[tuple[str, str, str], tuple[tuple[int, int, int, int], dict[str, Path], tuple[Diagnostic, ...]]] = {}
"""The last listing of each articles folder in this process, by (root, folder, suffix): the folder's
stat when listed, the files by id, the problems found. A folder whose entries did not change (same
modification and change times, inode and size, and none a link) is not listed again by a preview's
next run."""

LISTING_SETTLED_NS = 2_000_000_000
"""A folder changed less than this long ago is listed again (a change within the clock's step would not show)."""


def _paths_by_id(
    root: Path, folder: Path, suffix: str, what: str, diagnostics: Diagnostics, *, refused: set[str]
) -> dict[str, Path]:
    """The readable files of `folder` by id; `refused` collects the ids of files that exist but may not be read."""
    key = (str(root), str(folder), suffix)
    try:
        status = folder.stat()
    except OSError:
        status = None
    # The change time too: a tool can set a folder's modification time back, not its change time.
    stamp = (status.st_mtime_ns, status.st_ctime_ns, status.st_ino, status.st_size) if status is not None else None
    known = _LISTED.get(key)
    if known is not None and known[0] == stamp:
        diagnostics.extend(known[2])
        return dict(known[1])
    before = len(diagnostics.items)
    paths = {}
    links = False
    for path, readable, link in _files(root, folder, suffix, diagnostics):
        links = links or link
        if not ARTICLE_ID.fullmatch(path.stem):
            diagnostics.error(Origin(_relative(root, path)), _bad_id_message(path.stem, what))
        elif readable:
            paths[path.stem] = path
        else:
            refused.add(path.stem)
    # A link's target can change without its folder changing: a folder with links is listed every time.
    if stamp is not None and not links and not refused and time.time_ns() - stamp[1] > LISTING_SETTLED_NS:
        _LISTED[key] = (stamp, dict(paths), tuple(diagnostics.items[before:]))
    return paths


def load_site_files(root: Path, diagnostics: Diagnostics) -> SiteFiles:
    """Read the registries, the published URLs and the redirects (everything but the articles)."""
    registries = {}
    for name in REGISTRIES:
        document = _load_optional_yaml(root, root / "annotations" / f"{name}.yml", diagnostics)
        if document is not None:
            registries[name] = document
    published_urls: tuple[tuple[str, int], ...] = ()
    permalinks = root / PERMALINKS_FILE
    if permalinks.is_file() and inside_repository(root, permalinks, diagnostics):
        text = decode_text(PERMALINKS_FILE, permalinks.read_bytes(), diagnostics) or ""
        published_urls = tuple(
            (line.strip(), number)
            for number, line in enumerate(text.splitlines(), start=1)
            if line.strip() and not line.startswith("#")
        )
    redirects = _load_optional_yaml(root, root / REDIRECTS_FILE, diagnostics)
    return SiteFiles(MappingProxyType(registries), published_urls, redirects)


_PARSED: dict[tuple[str, str], tuple[str, YamlDocument, tuple[Diagnostic, ...]]] = {}
"""The registry and redirect files this process parsed last, by root and path: the digest of their
bytes, the tree and the problems found in it. A preview's next run parses only a file that changed
(the speakers' registry of a large archive takes seconds to parse); the trees are never modified."""


def _load_optional_yaml(root: Path, path: Path, diagnostics: Diagnostics) -> YamlDocument | None:
    """A YAML file that may be absent; one that exists but is refused is an unreadable document."""
    if not (path.is_file() or path.is_symlink()):
        return None
    if not inside_repository(root, path, diagnostics):
        return YamlDocument(_relative(root, path), None, "", unreadable=True)
    if not path.is_file():
        diagnostics.error(Origin(_relative(root, path)), "file is a link to a file that does not exist")
        return YamlDocument(_relative(root, path), None, "", unreadable=True)
    key = (str(root), _relative(root, path))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    parsed = _PARSED.get(key)
    if parsed is not None and parsed[0] == digest:
        diagnostics.extend(parsed[2])
        return parsed[1]
    before = len(diagnostics.items)
    document = load_yaml(root, path, diagnostics)
    if document.digest == digest:  # Not changed while it was read.
        _PARSED[key] = (digest, document, tuple(diagnostics.items[before:]))
    return document


def _files(root: Path, folder: Path, suffix: str, diagnostics: Diagnostics) -> Iterator[tuple[Path, bool, bool]]:
    """Yield the regular files of `folder` with `suffix`, sorted, whether each may be read and whether it is a link.

    A link out of the repository, or one that cannot be followed, is reported and yielded as not
    readable: the file exists, so what it would declare is unknown rather than absent.
    """
    if not folder.is_dir() or not inside_repository(root, folder, diagnostics):
        return
    with os.scandir(folder) as entries:
        # Only links need resolving: a plain file in a folder of the repository is in the repository.
        # The directory listing says which entries are files (a stat only for links), so 10,000
        # articles cost one listing, not 10,000 stat calls.
        found = sorted(
            (entry.name, entry.is_symlink(), entry.is_file(follow_symlinks=False))
            for entry in entries
            if entry.name.endswith(suffix) and not entry.name.startswith(".")
        )
    for name, link, plain_file in found:
        path = folder / name
        if (link and not ARTICLE_ID.fullmatch(path.stem)) or (link and not inside_repository(root, path, diagnostics)):
            yield path, False, link
        elif plain_file or (link and path.is_file()):
            yield path, True, link


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
        diagnostics.error(_byte_origin(rel, data, exc.start), _encoding_message(data, exc.start))
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


def _byte_origin(rel: str, data: bytes, start: int) -> Origin:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Origin(rel)
    line = data[:start].count(b"\n") + 1
    line_start = data.rfind(b"\n", 0, start) + 1
    # Columns count code points, as editors do, not bytes.
    return Origin(rel, line, len(data[line_start:start].decode("utf-8", "replace")) + 1)


def _encoding_message(data: bytes, start: int) -> str:
    """Why bytes are not UTF-8, naming the encoding they are most likely in."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "file is UTF-16, not UTF-8; save it as UTF-8"
    byte = data[start]
    # A first bad byte after plain ASCII that reads as a letter in Windows-1252 is the usual
    # Latin-1 file; text that is already partly UTF-8 is only named by its byte.
    if data[:start].isascii():
        with contextlib.suppress(UnicodeDecodeError):
            data.decode("cp1252")
            character = bytes([byte]).decode("cp1252")
            return f"file is not valid UTF-8 (byte 0x{byte:02x} is '{character}' in Latin-1/Windows-1252); save it as UTF-8"
    return f"file is not valid UTF-8 (byte 0x{byte:02x}); save it as UTF-8"


def load_yaml(root: Path, path: Path, diagnostics: Diagnostics) -> YamlDocument:
    """Read one YAML file into a position-carrying tree.

    A file that cannot be read (size, encoding, syntax, nesting) gives a document marked
    `unreadable`, with only the reasons recorded, so that other files are still checked and
    nothing is derived from it. Refused values (aliases, tags) and duplicate keys are recorded
    and the rest of the tree is kept.
    """
    rel = _relative(root, path)
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if len(data) > MAX_YAML_BYTES:
        diagnostics.error(Origin(rel), f"file is {len(data):,} bytes; the limit is {MAX_YAML_BYTES:,}")
        return YamlDocument(rel, None, digest, unreadable=True)
    text = _decode(rel, data, diagnostics)
    if text is None:
        return YamlDocument(rel, None, digest, unreadable=True)
    readable, root_node = _parse(rel, text, diagnostics)
    return YamlDocument(rel, root_node, digest, unreadable=not readable)


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
    return _parse(rel, text, diagnostics)[1]


def _parse(rel: str, text: str, diagnostics: Diagnostics) -> tuple[bool, YamlNode | None]:
    """Whether the text could be parsed, and its tree (`None` for an empty document)."""
    deep = _flow_depth_origin(rel, text)
    if deep is not None:
        diagnostics.error(deep, f"YAML is nested more than {MAX_YAML_DEPTH} levels deep")
        return False, None
    # The tree's own problems (aliases, tags, duplicate keys) count only if the whole file parses:
    # a file with a syntax error gives that error alone.
    found = Diagnostics()
    loader = _Loader(text)
    try:
        root = _Composer(rel, _events(loader), found, text.split("\n")).document()
    except _SecondDocument as exc:
        diagnostics.error(exc.origin, exc.message)
        return False, None
    except yaml.MarkedYAMLError as exc:
        diagnostics.error(*explain_syntax_error(rel, exc, text))
        return False, None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        character = exc.character if isinstance(exc.character, str) else chr(exc.character)
        diagnostics.error(
            Origin(rel, line, column),
            f"file contains the control character U+{ord(character):04X}, which YAML does not allow; remove it",
        )
        return False, None
    except yaml.YAMLError as exc:
        diagnostics.error(Origin(rel), f"YAML syntax error: {' '.join(str(exc).split())}")
        return False, None
    finally:
        loader.dispose()
    diagnostics.extend(found.items)
    return True, root


def _events(loader: yaml.SafeLoader | yaml.CSafeLoader) -> Iterator[yaml.Event]:
    while loader.check_event():
        event = loader.get_event()
        assert event is not None  # check_event said there is one.
        yield event


def _resolve(resolver: yaml.resolver.Resolver, kind: type[yaml.Node], value: str | None, implicit: Any) -> str:
    """The tag YAML gives an untagged value (`tag:yaml.org,2002:int` for `42`)."""
    resolve = cast("Callable[..., str]", resolver.resolve)
    return resolve(kind, value, implicit)


def _mark_origin(rel: str, mark: Any) -> Origin:
    if mark is None:
        return Origin(rel)
    return Origin(rel, mark.line + 1, mark.column + 1)


class _SecondDocument(Exception):  # noqa: N818 - a signal inside this module, named for what was found
    """A second YAML document in one file."""

    def __init__(self, origin: Origin, message: str) -> None:
        super().__init__(message)
        self.origin = origin
        self.message = message


class _Composer:
    """Builds our tree from the parser's events, refusing what annotations never need.

    Composing from events (rather than letting PyYAML compose nodes) keeps the place of every
    alias, so the message points at the `*name` to replace, not at the anchor.
    """

    def __init__(self, rel: str, events: Iterator[yaml.Event], diagnostics: Diagnostics, lines: list[str]) -> None:
        self.rel = rel
        self.events = events
        self.lines = lines
        self.diagnostics = diagnostics
        self.resolver = yaml.resolver.Resolver()
        self.constructor = yaml.SafeLoader("")
        self.anchors: dict[str, Origin] = {}
        self.aliases: dict[str, list[Origin]] = {}

    def origin(self, event: yaml.Event) -> Origin:
        return _mark_origin(self.rel, event.start_mark)

    def document(self) -> YamlNode | None:
        next(self.events)  # The stream start.
        if isinstance(next(self.events), yaml.StreamEndEvent):
            return None  # No document: an empty file, or only comments.
        root = self.node(next(self.events), depth=0)
        next(self.events)  # The document end.
        second = next(self.events)
        if isinstance(second, yaml.DocumentStartEvent):
            fix = "remove this '---' line" if getattr(second, "explicit", False) else "remove what follows"
            raise _SecondDocument(
                self.origin(second),
                f"YAML syntax error: a second YAML document starts here, but a file holds only one; {fix}",
            )
        self.report_aliases()
        return root

    def node(self, event: yaml.Event, depth: int) -> YamlNode:
        origin = self.origin(event)
        if isinstance(event, yaml.AliasEvent):
            self.aliases.setdefault(str(event.anchor), []).append(origin)
            return YamlRefused(origin)
        if depth > MAX_YAML_DEPTH:
            self.diagnostics.error(origin, f"YAML is nested more than {MAX_YAML_DEPTH} levels deep")
            self.skip(event)
            return YamlRefused(origin)
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            self.anchors.setdefault(str(anchor), origin)
        if isinstance(event, yaml.ScalarEvent):
            return self.scalar(event, origin)
        assert isinstance(event, yaml.CollectionStartEvent)
        kind = yaml.SequenceNode if isinstance(event, yaml.SequenceStartEvent) else yaml.MappingNode
        tag = event.tag if event.tag not in (None, "!") else _resolve(self.resolver, kind, None, event.implicit)
        if tag not in _PLAIN_TAGS:
            self.refuse_tag(origin, tag)
            self.skip(event)
            return YamlRefused(origin)
        if isinstance(event, yaml.SequenceStartEvent):
            items = tuple(self.node(item, depth + 1) for item in self.until(yaml.SequenceEndEvent))
            return YamlSeq(items, origin)
        return self.mapping(origin, depth)

    def until(self, end: type[yaml.Event]) -> Iterator[yaml.Event]:
        """The events of a collection's items, up to (and consuming) its end event."""
        while not isinstance(event := next(self.events), end):
            yield event

    def skip(self, event: yaml.Event) -> None:
        """Consume the rest of the node `event` starts (nothing inside it is checked)."""
        if not isinstance(event, yaml.CollectionStartEvent):
            return
        level = 1
        while level:
            inner = next(self.events)
            level += isinstance(inner, yaml.CollectionStartEvent) - isinstance(inner, yaml.CollectionEndEvent)

    def refuse_tag(self, origin: Origin, tag: str) -> None:
        if tag == _MERGE_TAG:
            self.diagnostics.error(origin, "YAML merge keys ('<<') are not allowed; write the keys out")
            return
        self.diagnostics.error(origin, f"YAML tag '{tag}' is not allowed; only plain values, lists and mappings are")

    def scalar(self, event: yaml.ScalarEvent, origin: Origin) -> YamlScalar | YamlRefused:
        value = event.value
        tag = (
            event.tag
            if event.tag not in (None, "!")
            else _resolve(self.resolver, yaml.ScalarNode, value, event.implicit)
        )
        if tag not in _PLAIN_TAGS:
            self.refuse_tag(origin, tag)
            return YamlRefused(origin)
        short = tag.rsplit(":", 1)[-1]
        if short in ("str", "timestamp"):
            return YamlScalar(value, origin, short, value)
        if short == "null" and not value:
            # `key: #text` is a key without a value, and a comment: keep the comment to say so.
            line = self.lines[origin.line - 1] if origin.line <= len(self.lines) else ""
            comment = line[origin.column - 1 :].strip()
            if comment.startswith("#"):
                return YamlScalar(None, origin._replace(column=line.index("#", origin.column - 1) + 1), "null", comment)
            return YamlScalar(None, origin, "null", "")
        node = yaml.ScalarNode(tag, value)
        try:
            constructed = self.constructor.yaml_constructors[tag](self.constructor, node)
        except (yaml.YAMLError, ValueError, OverflowError):
            return YamlScalar(value, origin, "str", value)
        return YamlScalar(constructed, origin, short, value)

    def mapping(self, origin: Origin, depth: int) -> YamlMap:
        entries: dict[str, YamlNode] = {}
        key_origins: dict[str, Origin] = {}
        for key_event in self.until(yaml.MappingEndEvent):
            key_origin = self.origin(key_event)
            key = self.node(key_event, depth + 1)
            if not isinstance(key, YamlScalar):
                if isinstance(key_event, yaml.CollectionStartEvent):
                    self.diagnostics.error(key_origin, "mapping keys must be plain text")
                self.skip(next(self.events))
                continue
            # The written text, not its YAML 1.1 reading: a key `on` stays "on", not True.
            name = key.raw
            if name in key_origins:
                first = key_origins[name]
                self.diagnostics.error(key_origin, f"duplicate key '{name}' (first written at line {first.line})")
                self.skip(next(self.events))
                continue
            key_origins[name] = key_origin
            entries[name] = self.node(next(self.events), depth + 1)
        return YamlMap(entries, key_origins, origin)

    def report_aliases(self) -> None:
        """One message per reused anchor, at its first alias, naming the other places it is used."""
        for name, (first, *others) in self.aliases.items():
            anchored = self.anchors.get(name)
            notes = [f"it repeats '&{name}' from line {anchored.line}"] if anchored else []
            if others:
                lines = ", ".join(str(line) for line in sorted({o.line for o in others}))
                notes.append(
                    f"'*{name}' is also used {len(others)} more {_plural(len(others), 'time')}, at line {lines}"
                )
            detail = f" ({'; '.join(notes)})" if notes else ""
            self.diagnostics.error(first, f"YAML alias '*{name}' is not allowed; write the value out instead{detail}")


def _plural(count: int, word: str) -> str:
    return word if count == 1 else word + "s"


# --------------------------------------------------------------------------------------------
# Quoting the line a message points at
# --------------------------------------------------------------------------------------------


class SourceLines:
    """The lines of the repository's text files, read on demand, to quote the line a message points at.

    Only for showing messages (the job summary): files outside the repository, or too large to be
    inputs, are never read.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: dict[str, list[str] | None] = {}

    def __call__(self, origin: Origin) -> str | None:
        """The text of the line `origin` points at, without its line end, if it can be shown."""
        if origin.path not in self.files:
            self.files[origin.path] = self._read(origin.path)
        lines = self.files[origin.path]
        if lines is None or not 0 < origin.line <= len(lines):
            return None
        return lines[origin.line - 1].removesuffix("\r")

    def _read(self, rel: str) -> list[str] | None:
        path = self.root / rel
        if not path.is_file() or not inside_repository(self.root, path, Diagnostics()):
            return None
        if path.stat().st_size > 4 * MAX_ARTICLE_BYTES:
            return None
        return path.read_bytes().decode("utf-8", "replace").removeprefix("\ufeff").split("\n")
