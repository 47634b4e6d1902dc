"""Annotate: one claim to add, edit or remove in, the article's annotation file rewritten out; the only module that edits annotation files.

`archive claim add|edit|remove` and the preview's annotate form call the same three functions.
A claim is written the way a careful contributor writes it: its quote is the clean text's exact
words (a quote given as text is anchored as `check` anchors it, a selection is taken as it is),
with the shortest prefix or suffix that makes it unique (none when it is unique already), and an
id made from its words.

The file keeps its comments, order and layout: ruamel.yaml's round-trip parser tells where each
claim and each of its keys is written, ruamel.yaml renders the new lines in the file's own
indentation (strings double-quoted only where plain YAML would not read back as the same
string), and only those lines are spliced in. Untouched lines stay byte for byte what they were,
which a whole-document dump does not promise (it re-indents nested lists to one setting, moves
the comments that trail a removed key, rewrites `claims: []`). The result is parsed again and
compared with what was meant before anything is written.

Safety: only `annotations/articles/<article-id>.yml` of the repository is written, never through a
link; a caller that read the file passes its SHA-256 and a file changed since (another tab, an
editor) is refused, not overwritten; the write is atomic (a temporary file, then a rename) and
serialized between writers. After writing, the archive is checked again and the problems of the
article are returned, so a new mistake shows at once.
"""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import io
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.emitter import RoundTripEmitter
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from build_tools.anchor import anchor_claims, locate, shortest_context
from build_tools.diagnostics import Diagnostic, Diagnostics, Origin, Severity, Stage
from build_tools.link import Archive
from build_tools.load import ARTICLE_ID, MAX_YAML_BYTES, REGISTRIES
from build_tools.model import ClaimKind, ClaimSpec, CleanArticle, Span, UnnamedSpeaker
from build_tools.pipeline import run_pipeline
from build_tools.stub import SCHEMA_COMMENT, slugify

CLAIM_KEYS = (
    "id",
    "quote",
    "prefix",
    "suffix",
    "speaker",
    "cue",
    "kind",
    "summary",
    "tags",
    "review",
    "relations",
)
"""The keys of a claim in the order the format lists them: new keys are written in this order."""

UNSETTABLE = ("prefix", "suffix", "speaker", "cue", "tags", "review", "relations")
"""The keys `edit_claim` may remove (the others are required)."""

ABSENT = "absent"
"""The digest of an annotation file that does not exist."""

ID_WORDS = 5
"""A claim's id is made of at most this many words of its quote (as `archive import` makes them)."""

SPEAKER_PLACEHOLDER = "# speaker: to fill in (an id from annotations/speakers.yml)"
"""Written where the speaker goes, on a claim written without one (an import); replaced when one is set."""

_Operation = tuple[int, int, int, list[str]]
"""A change of lines: (start, stop, order of the key, new lines), replacing lines [start, stop)."""

_CLAIM_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_ANNOTATION_FILE = re.compile(r"annotations/articles/(?P<article>[a-z0-9][a-z0-9-]*)\.yml")
_CLAIMS_LINE = re.compile(r"^(?P<key>claims:)(?P<flow>\s*\[\s*\])?(?P<rest>\s*(?:#.*)?)$")


class AnnotateError(Exception):
    """A change that cannot be made; the message reads like a compiler's (`path: error: ...`)."""


class ConflictError(AnnotateError):
    """The file changed since the caller read it: nothing was written."""


@dataclass(frozen=True, slots=True)
class Selection:
    """Which words a claim is: a quote as text (anchored as `check` does), or a span of the clean text."""

    quote: str | None = None
    """The words as text; with a span, they must be the span's words."""
    span: Span | None = None
    """Code point offsets (start, end) into the clean text, as a selection on the page gives them."""
    prefix: str | None = None
    """Text just before, to choose between places a text quote appears (only used to find it)."""
    suffix: str | None = None
    """Text just after, to choose between places (only used to find it)."""


@dataclass(frozen=True, slots=True)
class ClaimFields:
    """What is written on a claim besides its words; `None` leaves a field as it is (or out)."""

    speaker: str | UnnamedSpeaker | None = None
    """A speaker id, or an unnamed source."""
    cue: str | None = None
    """The attribution words in the text."""
    kind: str | None = None
    """direct, indirect or assertion (a new claim is `direct` unless told)."""
    summary: str | None = None
    """One neutral sentence."""
    tags: tuple[str, ...] | None = None
    """Tag ids (replacing those written)."""
    relations: tuple[tuple[str, str], ...] = ()
    """(type, `<article-id>#<claim-id>`) relations to add."""
    claim_id: str | None = None
    """The id of a new claim, instead of one made from its words."""


@dataclass(frozen=True, slots=True)
class ClaimEdit:
    """A change to an existing claim."""

    fields: ClaimFields = field(default_factory=ClaimFields)
    """Fields to set (relations are added to those written)."""
    unset: frozenset[str] = frozenset()
    """Keys to remove (see `UNSETTABLE`)."""
    selection: Selection | None = None
    """New words for the claim (re-pointing a claim whose quote no longer anchors); its context is recomputed."""


@dataclass(frozen=True, slots=True)
class Change:
    """What a change did (or, not written, would do) to an annotation file."""

    path: str
    """The annotation file, relative to the repository root."""
    claim_id: str
    """The claim added, edited or removed."""
    old_text: str | None
    """The file before (`None`: it did not exist)."""
    new_text: str
    """The file after (equal to `old_text` when the change was refused)."""
    digest: str
    """SHA-256 of the file's bytes now: pass it as `expected_digest` with the next change."""
    written: bool
    """Whether the file was written."""
    diagnostics: tuple[Diagnostic, ...] = ()
    """The check's problems with this article after the change, or why the quote has no place."""
    archive: Archive | None = field(default=None, compare=False, repr=False)
    """The archive as checked after the change, when it has no errors (for suggestions)."""

    @property
    def diff(self) -> str:
        """The change as a unified diff of the file."""
        before = (self.old_text or "").splitlines(keepends=True)
        after = self.new_text.splitlines(keepends=True)
        label = "/dev/null" if self.old_text is None else f"a/{self.path}"
        return "".join(difflib.unified_diff(before, after, label, f"b/{self.path}"))

    @property
    def ok(self) -> bool:
        """Whether no error was found."""
        return not any(d.severity is Severity.ERROR for d in self.diagnostics)


# --------------------------------------------------------------------------------------------
# The three operations
# --------------------------------------------------------------------------------------------


def file_digest(root: Path, article_id: str) -> str:
    """The digest a caller passes back as `expected_digest`: SHA-256 of the file's bytes, or `ABSENT`."""
    path = _target(root, article_id)
    return _digest(path.read_bytes()) if path.is_file() else ABSENT


def add_claim(
    root: Path,
    article_id: str,
    selection: Selection | str | tuple[int, int],
    fields: ClaimFields,
    expected_digest: str | None = None,
    *,
    dry_run: bool = False,
    check: bool = True,
) -> Change:
    """Add a claim at the end of the article's claims (creating the annotation file if it has none).

    Args:
        root: The repository root.
        article_id: The article.
        selection: The claim's words: a `Selection`, a quote as text, or a (start, end) span of the clean text.
        fields: Speaker, cue, kind, summary, tags, relations (and an id, if not made from the words).
        expected_digest: SHA-256 of the file as the caller last read it (`ABSENT` if it had none).
        dry_run: Compute the change, write nothing.
        check: Check the archive after writing and return the article's problems.

    Returns:
        The change; when the words have no place in the text, not written, with `check`'s message.

    Raises:
        AnnotateError: the article or file cannot be edited (ConflictError: it changed since read).

    """
    path = _target(root, article_id)
    with _locked(path.parent):
        original = _read(root, path, expected_digest)
        document = _Document.parse(original.rel, original.text)
        kind = fields.kind or ClaimKind.DIRECT.value
        placed = _place(root, original, _selection(selection), kind, document.next_quote_origin())
        if isinstance(placed, tuple):
            return original.refused(fields.claim_id or "", placed)
        claim_id = fields.claim_id or _new_id(placed.quote, document.claim_ids)
        if claim_id in document.claim_ids:
            raise AnnotateError(f"{original.rel}: error: the file already has a claim '{claim_id}'; choose another id")
        entry = claim_entry(claim_id, placed, replace(fields, kind=kind))
        change = _commit(original, claim_id, document.with_claims([entry], article_id), dry_run=dry_run)
    return _checked(root, change) if check else change


def edit_claim(
    root: Path,
    article_id: str,
    claim_id: str,
    changes: ClaimEdit,
    expected_digest: str | None = None,
    *,
    dry_run: bool = False,
    check: bool = True,
) -> Change:
    """Set, remove or re-point fields of one claim; the lines of other fields stay as they are.

    Raises:
        AnnotateError: no such claim, a required field unset, or the file cannot be edited.

    """
    path = _target(root, article_id)
    with _locked(path.parent):
        original = _read(root, path, expected_digest)
        document = _Document.parse(original.rel, original.text)
        item = document.item(claim_id)
        wanted = _edited_values(original.rel, item, changes)
        if changes.selection is not None:
            kind = str(wanted.get("kind", item.data.get("kind", ClaimKind.DIRECT.value)))
            placed = _place(root, original, changes.selection, kind, document.origin_of(item, "quote"))
            if isinstance(placed, tuple):
                return original.refused(claim_id, placed)
            wanted |= {"quote": placed.quote, "prefix": placed.prefix, "suffix": placed.suffix}
        new_text = document.with_claim_edited(item, wanted, changes.fields.relations)
        change = _commit(original, claim_id, new_text, dry_run=dry_run)
    return _checked(root, change) if check else change


def remove_claim(
    root: Path,
    article_id: str,
    claim_id: str,
    expected_digest: str | None = None,
    *,
    dry_run: bool = False,
    check: bool = True,
) -> Change:
    """Remove one claim with the comment lines written just above it.

    Raises:
        AnnotateError: no such claim, or the file cannot be edited.

    """
    path = _target(root, article_id)
    with _locked(path.parent):
        original = _read(root, path, expected_digest)
        document = _Document.parse(original.rel, original.text)
        change = _commit(original, claim_id, document.without_claim(document.item(claim_id)), dry_run=dry_run)
    return _checked(root, change) if check else change


SPEAKER_TYPES = ("person", "organization")
"""The types a speaker of the registry may have."""


@dataclass(frozen=True, slots=True)
class NewSpeakerEntry:
    """A speaker to add to the registry (the annotate form's "new speaker")."""

    speaker_id: str
    """Its id: lowercase letters, digits and hyphens."""
    name: str
    """Its name as readers should see it."""
    type: str = "person"
    """`person` or `organization`."""
    aliases: tuple[str, ...] = ()
    """Other names the texts use for it (matched in articles)."""


def add_speaker(
    root: Path, speaker: NewSpeakerEntry, expected_digest: str | None = None, *, dry_run: bool = False
) -> Change:
    """Add one speaker at the end of `annotations/speakers.yml`, the file's other lines kept byte for byte.

    Returns:
        The change (its `claim_id` is the speaker's id).

    Raises:
        AnnotateError: a bad id, name or type, an id already registered, or a file that cannot be edited.

    """
    path = _registry_target(root, "speakers")
    rel = _relative(root, path)
    entry = _speaker_entry(rel, speaker)
    with _locked(path.parent):
        original = _read(root, path, expected_digest)
        new_text = _with_registry_entry(rel, original.text, speaker.speaker_id, entry)
        return _commit(original, speaker.speaker_id, new_text, dry_run=dry_run)


def _registry_target(root: Path, name: str) -> Path:
    """A registry file of the repository, refused when it is a link or its folder leads out of the repository."""
    root = root.resolve()
    folder = root / "annotations"
    if folder.exists() and not folder.resolve().is_relative_to(root):
        raise AnnotateError("annotations: error: the folder is a link out of the repository")
    path = folder / f"{name}.yml"
    if path.is_symlink():
        raise AnnotateError(f"annotations/{name}.yml: error: the file is a link; only plain files are edited")
    return path


def _speaker_entry(rel: str, speaker: NewSpeakerEntry) -> dict[str, Any]:
    if not _CLAIM_ID.fullmatch(speaker.speaker_id) or speaker.speaker_id == "index":
        raise AnnotateError(
            f"{rel}: error: '{speaker.speaker_id}' is not a speaker id (lowercase letters, digits and hyphens)"
        )
    name = " ".join(speaker.name.split())
    if not name:
        raise AnnotateError(f"{rel}: error: a new speaker needs a name")
    if speaker.type not in SPEAKER_TYPES:
        raise AnnotateError(f"{rel}: error: speaker type '{speaker.type}' is not one of {', '.join(SPEAKER_TYPES)}")
    entry: dict[str, Any] = {"name": name, "type": speaker.type}
    aliases = [alias for alias in dict.fromkeys(" ".join(a.split()) for a in speaker.aliases) if alias]
    if aliases:
        entry["aliases"] = aliases
    return entry


def _with_registry_entry(rel: str, text: str | None, key: str, entry: Mapping[str, Any]) -> str:
    """A registry's text with one entry added after its last line, in the file's indentation and spacing."""
    source = (text or "").replace("\r\n", "\n")
    data = _load(rel, source) if source.strip() else None
    if data is not None and not isinstance(data, CommentedMap):
        raise AnnotateError(f"{rel}:1:1: error: a registry is a mapping of ids to entries")
    before = _plain(data) if data is not None else {}
    if key in before:
        raise AnnotateError(f"{rel}: error: '{key}' is already registered; choose it, or another id")
    lines = _without_trailing_blanks(_lines(source))
    style = _guess_style(data, lines) if data is not None else _Style()
    node = CommentedMap((k, _flow(v)) for k, v in entry.items())
    stream = io.StringIO()
    _yaml(style).dump(CommentedMap([(key, node)]), stream)
    separated = data is None or len(data) < 2 or any(not line.strip() for line in lines)
    block = stream.getvalue().splitlines()
    new_lines = [*lines, *([""] if lines and separated else []), *block]
    new_text = "\n".join(new_lines) + "\n"
    if _plain(_load(rel, new_text)) != {**before, key: dict(entry)}:
        raise AnnotateError(
            f"{rel}: error: the file's layout is one the writer cannot change safely; nothing was written"
        )
    return new_text


def placed_words(
    root: Path, article_id: str, selection: Selection, kind: str = "direct"
) -> Placed | tuple[Diagnostic, ...]:
    """Where a selection's words are and the context `add_claim` would write, or `check`'s problems (writes nothing)."""
    path = _target(root, article_id)
    original = _read(root, path, None)
    origin = _Document.parse(original.rel, original.text).next_quote_origin()
    return _place(root, original, selection, kind, origin)


def article_text(root: Path, article_id: str) -> CleanArticle | tuple[Diagnostic, ...]:
    """The article's clean text as the build makes it, even while some of its claims do not anchor (for re-pointing)."""
    path = _target(root, article_id)
    return _clean_text(root, _read(root, path, None))


@dataclass(frozen=True, slots=True)
class UnanchoredClaim:
    """A claim whose quote `check` cannot place in its article's text: what re-pointing it takes."""

    article_id: str
    """Its article."""
    claim_id: str
    """Its id."""
    quote: str
    """Its quote as written in the file."""
    origin: Origin
    """Where the quote is written."""


def unanchored_claims(root: Path, diagnostics: Iterable[Diagnostic]) -> dict[Diagnostic, UnanchoredClaim]:
    """The claims that anchoring errors are about, by error (reads the annotation files, writes nothing).

    Anchoring reports every quote it cannot place (not found, ambiguous, a direct quote that only
    matches approximately, words the cleaner removed, two claims on one place) as an error of the
    text stage at the quote's value; no other error of that stage is written there. An error is a
    claim's when it sits where one of the file's claims has its quote. Files that cannot be read
    or parsed are left out: their own errors say why.
    """
    documents: dict[str, _Document | None] = {}
    found = {}
    for diagnostic in diagnostics:
        match = _ANNOTATION_FILE.fullmatch(diagnostic.origin.path)
        if diagnostic.severity is not Severity.ERROR or diagnostic.stage is not Stage.TEXT or match is None:
            continue
        if diagnostic.origin.path not in documents:
            documents[diagnostic.origin.path] = _parsed_or_none(root, match["article"])
        document = documents[diagnostic.origin.path]
        claim = document.claim_quoted_at(diagnostic.origin.line) if document is not None else None
        if claim is not None:
            found[diagnostic] = replace(claim, article_id=match["article"])
    return found


def _parsed_or_none(root: Path, article_id: str) -> _Document | None:
    try:
        original = _read(root, _target(root, article_id), None)
        return _Document.parse(original.rel, original.text)
    except AnnotateError:
        return None


def with_claims_added(text: str | None, entries: Sequence[Mapping[str, Any]], article_id: str = "") -> str:
    """An annotation file's text with claims added at the end of its claims (pure: what `archive import` writes).

    Raises:
        AnnotateError: the text is not an annotation file that can be edited.

    """
    return _Document.parse("annotation file", text).with_claims(list(entries), article_id)


@dataclass(frozen=True, slots=True)
class Placed:
    """Where a claim's words are: the clean text's exact words and the context that makes them unique."""

    quote: str
    """The words, exactly as the clean text reads."""
    prefix: str | None
    """The shortest words before that tell the place apart, if the words appear more than once."""
    suffix: str | None
    """The words after, when no prefix tells the place apart."""


def claim_entry(claim_id: str, placed: Placed, fields: ClaimFields) -> dict[str, Any]:
    """A new claim as plain data, its keys in the format's order (what is written into the file)."""
    entry: dict[str, Any] = {"id": claim_id, "quote": placed.quote}
    if placed.prefix:
        entry["prefix"] = placed.prefix
    if placed.suffix:
        entry["suffix"] = placed.suffix
    if fields.speaker is not None:
        entry["speaker"] = _speaker_value(fields.speaker)
    if fields.cue is not None:
        entry["cue"] = fields.cue
    entry["kind"] = fields.kind or ClaimKind.DIRECT.value
    if fields.summary is not None:
        entry["summary"] = fields.summary
    if fields.tags:
        entry["tags"] = list(fields.tags)
    if fields.relations:
        entry["relations"] = [{kind: target} for kind, target in dict.fromkeys(fields.relations)]
    return entry


def _speaker_value(speaker: str | UnnamedSpeaker) -> str | dict[str, str]:
    if isinstance(speaker, str):
        return speaker
    value = {"unnamed": speaker.description}
    if speaker.affiliation:
        value["affiliation"] = speaker.affiliation
    return value


def _new_id(quote: str, taken: Sequence[str]) -> str:
    base = slugify(quote, ID_WORDS) or "claim"
    claim_id, number = base, 2
    while claim_id in taken:
        claim_id, number = f"{base}-{number}", number + 1
    return claim_id


def _edited_values(rel: str, item: _Item, changes: ClaimEdit) -> dict[str, Any]:
    """The keys to set (a value) or remove (`None`)."""
    wanted: dict[str, Any] = {}
    for key in sorted(changes.unset):
        if key not in UNSETTABLE:
            raise AnnotateError(
                f"{rel}: error: cannot unset '{key}' of claim '{item.claim_id}': "
                f"expected one of {', '.join(UNSETTABLE)} (the others are required)"
            )
        wanted[key] = None
    fields = changes.fields
    if fields.claim_id is not None and fields.claim_id != item.claim_id:
        raise AnnotateError(f"{rel}: error: a claim's id is its permalink and is not changed by an edit")
    values = {
        "speaker": _speaker_value(fields.speaker) if fields.speaker is not None else None,
        "cue": fields.cue,
        "kind": fields.kind,
        "summary": fields.summary,
        "tags": list(fields.tags) if fields.tags is not None else None,
    }
    wanted |= {key: value for key, value in values.items() if value is not None}
    return wanted


# --------------------------------------------------------------------------------------------
# Where the words are
# --------------------------------------------------------------------------------------------


def _selection(selection: Selection | str | tuple[int, int]) -> Selection:
    if isinstance(selection, Selection):
        return selection
    if isinstance(selection, str):
        return Selection(quote=selection)
    return Selection(span=Span(*selection))


def _place(
    root: Path, original: _Original, selection: Selection, kind: str, origin: Origin
) -> Placed | tuple[Diagnostic, ...]:
    """The words and context to write, or the problems that stop them from being written."""
    clean = _clean_text(root, original)
    if isinstance(clean, tuple):
        return clean
    diagnostics = Diagnostics()
    span = _span_of(clean, selection, kind, origin, diagnostics)
    if span is None:
        return tuple(diagnostics.errors) or (Diagnostic(origin, Severity.ERROR, "no words given for the claim"),)
    prefix, suffix = shortest_context(clean, span)
    quote = clean.text[span.start : span.end]
    check = locate(clean, ClaimSpec(origin, quote=quote, prefix=prefix, suffix=suffix))
    if check.span != span:
        message = (
            f"the selected words ('{quote[:80]}') appear {len(check.candidates) or 'more than one'} times "
            "and no prefix or suffix of the text tells this place apart; select more words"
        )
        return (Diagnostic(origin, Severity.ERROR, message),)
    return Placed(quote, prefix, suffix)


def _span_of(
    clean: CleanArticle, selection: Selection, kind: str, origin: Origin, diagnostics: Diagnostics
) -> Span | None:
    """The span a selection names: a checked span, or where `check` anchors the quote (reporting as it does)."""
    text = clean.text
    if selection.span is not None:
        start, end = selection.span
        if not 0 <= start < end <= len(text):
            diagnostics.error(origin, f"selection {start}-{end} is outside the article's text (0-{len(text)})")
            return None
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            diagnostics.error(origin, "the selection holds only spaces")
            return None
        if selection.quote is not None and " ".join(selection.quote.split()) != " ".join(text[start:end].split()):
            diagnostics.error(
                origin, f"the selection {start}-{end} reads '{text[start:end][:120]}', not the quote given"
            )
            return None
        return Span(start, end)
    if not selection.quote or not selection.quote.strip():
        return None
    claim_kind = ClaimKind(kind) if kind in {k.value for k in ClaimKind} else ClaimKind.DIRECT
    spec = ClaimSpec(
        origin,
        origins={"quote": origin},
        id="new",
        quote=selection.quote,
        prefix=selection.prefix,
        suffix=selection.suffix,
        kind=claim_kind,
        summary="-",
    )
    anchored = anchor_claims(clean, [spec], diagnostics)
    return anchored[0].span if anchored else None


def _clean_text(root: Path, original: _Original) -> CleanArticle | tuple[Diagnostic, ...]:
    """The article's clean text exactly as the build makes it, whatever the rest of the archive holds.

    The clean text depends on the registries, the raw file and the file's `article:` and
    `cleaning:` blocks only, so the pipeline is run on a scratch copy of just those (the other
    blocks blanked, keeping every line where it was). A mistake elsewhere, or a claim of this
    article that no longer anchors (the case re-pointing is for), does not stop it.
    """
    article_id = original.path.stem
    raw = root / "articles" / f"{article_id}.txt"
    with tempfile.TemporaryDirectory(prefix="archive-claim-") as scratch:
        copy = Path(scratch)
        (copy / "articles").mkdir()
        (copy / "annotations" / "articles").mkdir(parents=True)
        for name in REGISTRIES:
            registry = root / "annotations" / f"{name}.yml"
            if registry.is_file() and registry.resolve().is_relative_to(root.resolve()):
                shutil.copyfile(registry, copy / "annotations" / f"{name}.yml")
        shutil.copyfile(raw, copy / "articles" / raw.name)
        if original.text is not None:
            (copy / "annotations" / "articles" / original.path.name).write_text(
                _text_inputs_only(original.text), "utf-8"
            )
        result = run_pipeline(copy, permalinks=False, cache=False, workers=1)
    if result.archive is not None and article_id in result.archive.articles:
        return result.archive.articles[article_id].clean
    problems = tuple(d for d in result.diagnostics.sorted() if d.severity is Severity.ERROR)
    note = Diagnostic(
        Origin(original.rel),
        Severity.ERROR,
        "the article's text cannot be made until these problems are fixed; nothing was written",
    )
    return (*problems, note)


def _text_inputs_only(text: str) -> str:
    """The file with its claims and every block but `article:` and `cleaning:` blanked (lines kept in place)."""
    lines = _lines(text.replace("\r\n", "\n"))
    keep, claims = True, False
    for number, line in enumerate(lines):
        if line[:1] not in ("", " ", "\t", "#", "-"):
            keep = line.startswith(("article:", "cleaning:"))
            if line.startswith("claims:"):
                lines[number], claims = "claims: []", True
                continue
        if not keep:
            lines[number] = ""
    return "\n".join(lines) + ("\n" if claims else "\nclaims: []\n")


# --------------------------------------------------------------------------------------------
# Files: which one, reading, locking, writing
# --------------------------------------------------------------------------------------------


def _target(root: Path, article_id: str) -> Path:
    """The annotation file of an article, refused unless it is a plain file (or absent) inside the repository."""
    if not ARTICLE_ID.fullmatch(article_id):
        raise AnnotateError(
            f"error: '{article_id}' is not an article id "
            "(expected lowercase letters, digits and hyphens, starting with a letter or digit)"
        )
    root = root.resolve()
    raw = root / "articles" / f"{article_id}.txt"
    if not raw.is_file() or not raw.resolve().is_relative_to(root):
        raise AnnotateError(f"articles/{article_id}.txt: error: no such article in this repository")
    folder = root / "annotations" / "articles"
    if folder.exists() and not folder.resolve().is_relative_to(root):
        raise AnnotateError("annotations/articles: error: the folder is a link out of the repository")
    path = folder / f"{article_id}.yml"
    if path.is_symlink():
        raise AnnotateError(
            f"{_relative(root, path)}: error: the annotation file is a link; `archive claim` edits only plain files"
        )
    return path


def _relative(root: Path, path: Path) -> str:
    return path.relative_to(root.resolve()).as_posix()


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True, slots=True)
class _Original:
    """An annotation file as read before a change."""

    path: Path
    rel: str
    data: bytes | None
    """Its bytes (`None`: the file does not exist)."""
    text: str | None

    @property
    def digest(self) -> str:
        return _digest(self.data) if self.data is not None else ABSENT

    def refused(self, claim_id: str, problems: tuple[Diagnostic, ...]) -> Change:
        """The change not made, with why."""
        return Change(self.rel, claim_id, self.text, self.text or "", self.digest, written=False, diagnostics=problems)


def _read(root: Path, path: Path, expected_digest: str | None) -> _Original:
    """The file as it is, refused when it is not what the caller last read."""
    rel = _relative(root, path)
    data = path.read_bytes() if path.is_file() else None
    if path.exists() and data is None:
        raise AnnotateError(f"{rel}: error: not a file")
    original = _Original(path, rel, data, None)
    if expected_digest is not None and expected_digest != original.digest:
        raise ConflictError(
            f"{rel}: error: the file changed since it was read (someone else, another tab or an editor, saved it); "
            "nothing was written: reload it and make the change again"
        )
    if data is None:
        return original
    if len(data) > MAX_YAML_BYTES:
        raise AnnotateError(f"{rel}: error: file is {len(data):,} bytes; the limit is {MAX_YAML_BYTES:,}")
    try:
        return _Original(path, rel, data, data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise AnnotateError(f"{rel}: error: the file is not UTF-8 text ({exc.reason} at byte {exc.start})") from exc


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Serialize writers of one folder's files (two tabs, a script): an advisory lock on the folder itself."""
    try:
        import fcntl  # noqa: PLC0415 - POSIX only: elsewhere the digest checks still catch a concurrent change
    except ImportError:
        yield
        return
    folder.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # Closing releases the lock.


def _write_atomically(original: _Original, data: bytes) -> None:
    """Replace the file in one step, unless someone changed it while the change was being made."""
    path = original.path
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        umask = os.umask(0)
        os.umask(umask)
        Path(temporary).chmod(path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~umask)
        _refuse_if_changed(original)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _refuse_if_changed(original: _Original) -> None:
    """An editor that does not take the lock may have saved the file since it was read."""
    path = original.path
    if (path.read_bytes() if path.is_file() else None) != original.data:
        raise ConflictError(
            f"{original.rel}: error: the file changed while the change was being made (an editor saved it); "
            "nothing was written: reload it and make the change again"
        )


def _commit(original: _Original, claim_id: str, new_text: str, *, dry_run: bool) -> Change:
    """Write the new text, unless a dry run or nothing changed."""
    new_bytes = _encoded(new_text, original.data)
    written = not dry_run and new_bytes != original.data
    if written:
        _write_atomically(original, new_bytes)
    digest = _digest(new_bytes) if written else original.digest
    return Change(original.rel, claim_id, original.text, new_text, digest, written=written)


def _checked(root: Path, change: Change) -> Change:
    """The change with the check's problems that concern its article (after the lock is released: it takes a while)."""
    if not change.written:
        return change
    article_id = change.path.rsplit("/", 1)[-1].removesuffix(".yml")
    result = run_pipeline(root)
    raw = f"articles/{article_id}.txt"
    mentions = (f"{article_id}#", f"articles/{article_id}/")
    concerned = tuple(
        d
        for d in result.diagnostics.sorted()
        if d.origin.path in (change.path, raw) or any(mention in d.message for mention in mentions)
    )
    return replace(change, diagnostics=concerned, archive=result.archive)


def _encoded(text: str, before: bytes | None) -> bytes:
    """The text as the file's bytes, with its byte-order mark and line endings if it had them."""
    if before is not None and b"\r\n" in before:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    data = text.encode("utf-8")
    return b"\xef\xbb\xbf" + data if before is not None and before.startswith(b"\xef\xbb\xbf") else data


# --------------------------------------------------------------------------------------------
# The file as written: where each claim and key is
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Style:
    """How the file indents, so new lines look like the old ones."""

    mapping: int = 2
    """Indentation of a nested mapping's keys."""
    offset: int = 2
    """Column of a list's dash, relative to its key."""
    sequence: int = 4
    """Column of a list item's content, relative to its key."""
    separated: bool = True
    """Whether claims are separated by a blank line."""


@dataclass(frozen=True, slots=True)
class _Item:
    """One claim of the file and the lines it takes."""

    claim_id: str
    data: CommentedMap
    start: int
    """Line (0-based) of its dash."""
    end: int
    """One past its last line, without the blank and comment lines after it."""
    column: int
    """Column of its keys."""
    dash: int
    """Column of its dash."""


def _key_order(key: str) -> int:
    return CLAIM_KEYS.index(key) if key in CLAIM_KEYS else len(CLAIM_KEYS)


def _is_comment(line: str) -> bool:
    return line.lstrip().startswith("#")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content_end(lines: Sequence[str], start: int, stop: int, column: int) -> int:
    """One past the last line of [start, stop) that is content: trailing blank lines and outer comments left out."""
    end = stop
    while end > start + 1 and (
        not lines[end - 1].strip() or (_is_comment(lines[end - 1]) and _indent(lines[end - 1]) <= column)
    ):
        end -= 1
    return end


class _DoubleQuotingEmitter(RoundTripEmitter):
    """Writes a string plain where YAML reads it back as the same string, else double-quoted (the archive's style)."""

    def choose_scalar_style(self) -> Any:
        style = super().choose_scalar_style()
        if style == "'" and self.event.style != "'":
            return '"'
        if style == "" and not _reads_as_string(self.event.value, flow=bool(self.flow_level)):
            # YAML 1.2 (ruamel) reads more plain scalars as strings than YAML 1.1, the archive's loader:
            # `yes`, `on`, `1e3`, or `0?` in a flow list.
            return '"'
        return style


_SAFE_LOADERS = tuple(dict.fromkeys((getattr(yaml, "CSafeLoader", yaml.SafeLoader), yaml.SafeLoader)))
"""The archive reads YAML with libyaml where it is installed; the two disagree on a few plain scalars (`[0?]`)."""


def _reads_as_string(value: str, *, flow: bool) -> bool:
    """Whether a plain scalar reads back as the same string with the archive's loader (PyYAML, YAML 1.1)."""
    document, expected = (f"k: [{value}]", {"k": [value]}) if flow else (f"k: {value}", {"k": value})
    try:
        return all(yaml.load(document, Loader=loader) == expected for loader in _SAFE_LOADERS)  # noqa: S506 - safe loaders
    except yaml.YAMLError:
        return False


def _yaml(style: _Style | None = None) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1_000_000  # A long quote stays on one line, as contributors write it.
    yaml.allow_duplicate_keys = False
    if style is not None:
        yaml.indent(mapping=style.mapping, sequence=style.sequence, offset=style.offset)
    yaml.Emitter = _DoubleQuotingEmitter
    return yaml


def _flow(value: Any) -> Any:
    """A value written on one line: a map or a list in flow style, as the repo writes speakers, tags and sources."""
    if isinstance(value, Mapping):
        node = CommentedMap((key, _flow(item)) for key, item in value.items())
        node.fa.set_flow_style()
        return node
    if isinstance(value, list):
        sequence = CommentedSeq(_flow(item) for item in value)
        sequence.fa.set_flow_style()
        return sequence
    return value


def _value_node(key: str, value: Any) -> Any:
    """A claim's value as ruamel nodes in the repo's layout: claims, relations and reviews as blocks, the rest on one line."""
    if key == "claims":
        return CommentedSeq(CommentedMap((k, _value_node(k, v)) for k, v in entry.items()) for entry in value)
    if key == "relations":
        return CommentedSeq(CommentedMap((k, _flow(v)) for k, v in relation.items()) for relation in value)
    if key == "review" and isinstance(value, Mapping):
        return CommentedMap((k, _flow(v)) for k, v in value.items())
    return _flow(value)


def _plain(node: Any) -> Any:
    """Ruamel nodes as plain data, for comparing what was written with what was meant."""
    if isinstance(node, Mapping):
        return {str(key): _plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_plain(item) for item in node]
    if isinstance(node, str):
        return str(node)
    return node


def _render(key: str, value: Any, style: _Style, column: int) -> list[str]:
    """`key: value` as the file would write it with its keys at `column`."""
    stream = io.StringIO()
    _yaml(style).dump(CommentedMap([(key, _value_node(key, value))]), stream)
    return [" " * column + line if line else line for line in stream.getvalue().splitlines()]


@dataclass(slots=True)
class _Document:
    """An annotation file's text and where its claims are written."""

    rel: str
    lines: list[str]
    data: CommentedMap | None
    items: list[_Item]
    style: _Style
    claims_line: int | None
    """Line of the `claims:` key, if the file has one."""
    claims_end: int
    """One past the claims block's content (where a claim is added)."""

    @classmethod
    def parse(cls, rel: str, text: str | None) -> _Document:
        """Read the file's structure (refusing what cannot be edited safely)."""
        if text is None or not text.strip():
            return cls(rel, [], None, [], _Style(), None, 0)
        text = text.replace("\r\n", "\n")  # Written back with the file's own line endings (`_encoded`).
        data = _load(rel, text)
        lines = _lines(text)
        if data is None:
            return cls(rel, lines, None, [], _Style(), None, len(lines))
        if not isinstance(data, CommentedMap):
            raise AnnotateError(f"{rel}:1:1: error: an annotation file is a mapping (article:, claims:, ...)")
        claims = data.get("claims")
        if "claims" not in data:
            return cls(rel, lines, data, [], _guess_style(data, lines), None, len(lines))
        claims_line = data.lc.key("claims")[0]
        if claims is not None and not isinstance(claims, CommentedSeq):
            raise AnnotateError(
                f"{rel}:{claims_line + 1}:1: error: 'claims' is not a list; fix it before editing claims"
            )
        if isinstance(claims, CommentedSeq) and claims.fa.flow_style() and claims:
            raise AnnotateError(
                f"{rel}:{claims_line + 1}:1: error: the claims are written as one flow list ([...]); "
                "write them as a block list (one '- id: ...' per claim) to edit them with `archive claim`"
            )
        later = [line for key, (line, _) in _key_lines(data) if line > claims_line]
        block_end = min(later, default=len(lines))
        items = _items(rel, lines, claims or CommentedSeq(), block_end)
        end = items[-1].end if items else claims_line + 1
        return cls(rel, lines, data, items, _style(data, lines, items, block_end), claims_line, end)

    @property
    def claim_ids(self) -> list[str]:
        """Ids of the claims written."""
        return [item.claim_id for item in self.items]

    def item(self, claim_id: str) -> _Item:
        """The claim with this id."""
        if not _CLAIM_ID.fullmatch(claim_id):
            raise AnnotateError(f"error: '{claim_id}' is not a claim id (lowercase letters, digits and hyphens)")
        for item in self.items:
            if item.claim_id == claim_id:
                return item
        known = ", ".join(self.claim_ids) or "none"
        raise AnnotateError(f"{self.rel}: error: no claim '{claim_id}' in this file (claims: {known})")

    def origin_of(self, item: _Item, key: str) -> Origin:
        """Where a key of a claim is written (its value), for messages."""
        if key in item.data:
            line, column = item.data.lc.value(key)
            return Origin(self.rel, line + 1, column + 1)
        return Origin(self.rel, item.start + 1, item.column + 1)

    def claim_quoted_at(self, line: int) -> UnanchoredClaim | None:
        """The claim whose quote's value starts on this (1-based) line, if one does (its article id left blank)."""
        for item in self.items:
            quote = item.data.get("quote")
            origin = self.origin_of(item, "quote")
            if isinstance(quote, str) and "quote" in item.data and origin.line == line:
                return UnanchoredClaim("", item.claim_id, quote, origin)
        return None

    def next_quote_origin(self) -> Origin:
        """Where the quote of a claim added now will be written (1-based, as messages count)."""
        if self.data is None and not self.lines:
            line = 5  # The two header comments, `claims:`, the id, the quote.
        elif self.claims_line is None:
            line = len(_without_trailing_blanks(self.lines)) + 4
        else:
            line = self.claims_end + (1 if self.items and self.style.separated else 0) + 2
        return Origin(self.rel, line, self.style.sequence + len("quote: ") + 1)

    # Changes: each returns the new text.

    def with_claims(self, entries: list[Mapping[str, Any]], article_id: str) -> str:
        """The text with claims added after the last one."""
        rendered = [self._entry_lines(entry) for entry in entries]
        if self.data is None and not self.lines:
            header = [SCHEMA_COMMENT]
            if article_id:
                header.append(f"# Annotations of articles/{article_id}.txt: see docs/contributing.md.")
            lines = [*header, "claims:", *_joined(rendered, separated=self.style.separated)]
            return self._verified(lines, entries=entries)
        lines = list(self.lines)
        if self.claims_line is None:
            lines = [
                *_without_trailing_blanks(lines),
                "",
                "claims:",
                *_joined(rendered, separated=self.style.separated),
            ]
            return self._verified(lines, entries=entries)
        block = _joined(rendered, separated=self.style.separated)
        if self.items and self.style.separated:
            block = ["", *block]
        match = _CLAIMS_LINE.match(lines[self.claims_line])
        if match and match.group("flow"):
            lines[self.claims_line] = match.group("key") + match.group("rest")
        lines[self.claims_end : self.claims_end] = block
        return self._verified(lines, entries=entries)

    def with_claim_edited(self, item: _Item, wanted: Mapping[str, Any], relations: Sequence[tuple[str, str]]) -> str:
        """The text with keys of one claim set (a value) or removed (`None`), and relations added."""
        data = item.data
        added = [r for r in dict.fromkeys(relations) if {r[0]: r[1]} not in _plain(data.get("relations") or [])]
        if "relations" in wanted and relations:
            # Relations unset and given at once: the given ones replace those written.
            wanted = {**wanted, "relations": [{kind: target} for kind, target in dict.fromkeys(relations)]}
            added = []
        operations = [op for key, value in wanted.items() if (op := self._key_operation(item, key, value))]
        if added:
            operations.append(self._relations_added(item, added))
        lines = list(self.lines)
        # From the end up, so positions stay valid; at one line, a replacement before the keys inserted there.
        for start, stop, _, new in sorted(operations, key=lambda o: (o[0], o[1] > o[0], o[2]), reverse=True):
            lines[start:stop] = new
        expected = _plain(data)
        for key, value in wanted.items():
            if value is None:
                expected.pop(key, None)
            else:
                expected[key] = value
        if added:
            expected["relations"] = [*(expected.get("relations") or []), *({t: r} for t, r in added)]
        return self._verified(lines, replaced=(item, expected))

    def without_claim(self, item: _Item) -> str:
        """The text without one claim (and the comment lines just above it)."""
        lines = list(self.lines)
        start, stop = item.start, item.end
        while (
            start - 1 > (self.claims_line or 0)
            and _is_comment(lines[start - 1])
            and _indent(lines[start - 1]) <= item.dash
        ):
            start -= 1
        last = item is self.items[-1]
        if len(self.items) == 1:
            assert self.claims_line is not None
            match = _CLAIMS_LINE.match(lines[self.claims_line])
            if match:
                lines[self.claims_line] = match.group("key") + " []" + match.group("rest")
        elif last:
            while start - 1 > (self.claims_line or 0) and not lines[start - 1].strip():
                start -= 1
        else:
            while stop < len(lines) and not lines[stop].strip():
                stop += 1
        del lines[start:stop]
        return self._verified(lines, replaced=(item, None))

    # Helpers.

    def _entry_lines(self, entry: Mapping[str, Any]) -> list[str]:
        ordered = dict(sorted(entry.items(), key=lambda item: _key_order(item[0])))
        lines = _render("claims", [ordered], self.style, 0)[1:]
        if "speaker" not in entry and entry.get("kind") != ClaimKind.ASSERTION.value:
            # An imported claim without a speaker: say what is missing where it goes.
            after = next((n for n, line in enumerate(lines) if line.lstrip().startswith("kind:")), len(lines))
            lines.insert(
                after, " " * self.style.sequence + "# speaker: to fill in (an id from annotations/speakers.yml)"
            )
        return lines

    def _key_operation(self, item: _Item, key: str, value: Any) -> _Operation | None:
        """How to set (or with `None`, remove) one key: the lines to replace and the new ones."""
        present = key in item.data
        if (value is None and not present) or (present and value is not None and _plain(item.data[key]) == value):
            return None
        order = _key_order(key)
        new = [] if value is None else _render(key, value, self.style, item.column)
        if present:
            start, stop = self._key_range(item, key)
            # The first key shares its line with the dash: keep what comes before the key.
            return (
                start,
                stop,
                order,
                [self.lines[start][: item.column] + new[0][item.column :], *new[1:]] if new else [],
            )
        if key == "speaker":
            placeholder = next(
                (n for n in range(item.start, item.end) if self.lines[n].strip() == SPEAKER_PLACEHOLDER), None
            )
            if placeholder is not None:
                return placeholder, placeholder + 1, order, new
        position = self._insertion_point(item, key)
        return position, position, order, new

    def _key_range(self, item: _Item, key: str) -> tuple[int, int]:
        keys = list(item.data)
        line = item.data.lc.key(key)[0]
        following = [item.data.lc.key(k)[0] for k in keys[keys.index(key) + 1 :]]
        stop = min(following, default=item.end)
        return line, _content_end(self.lines, line, stop, item.column)

    def _insertion_point(self, item: _Item, key: str) -> int:
        """After the nearest key that comes before `key` in the format's order (else after the last key)."""
        before = CLAIM_KEYS[: CLAIM_KEYS.index(key)] if key in CLAIM_KEYS else CLAIM_KEYS
        present = [k for k in item.data if k in before]
        anchor = max(present, key=CLAIM_KEYS.index) if present else list(item.data)[-1]
        return self._key_range(item, anchor)[1]

    def _relations_added(self, item: _Item, added: list[tuple[str, str]]) -> _Operation:
        order = CLAIM_KEYS.index("relations")
        written = item.data.get("relations")
        if not isinstance(written, CommentedSeq) or not written or written.fa.flow_style():
            everything = [*_plain(written or []), *({t: r} for t, r in added)]
            new = _render("relations", everything, self.style, item.column)
            if "relations" in item.data:
                start, stop = self._key_range(item, "relations")
                return start, stop, order, new
            position = self._insertion_point(item, "relations")
            return position, position, order, new
        new = _render("relations", [{t: r} for t, r in added], self.style, item.column)[1:]
        line, column = written.lc.item(0)
        dash = self.lines[line][:column].rindex("-")
        shift = dash - (item.column + self.style.offset)
        new = [" " * shift + line if shift >= 0 else line[-shift:] for line in new]
        _, stop = self._key_range(item, "relations")
        return stop, stop, order, new

    def _verified(
        self,
        lines: list[str],
        *,
        entries: Sequence[Mapping[str, Any]] = (),
        replaced: tuple[_Item, dict[str, Any] | None] | None = None,
    ) -> str:
        """The new text, after checking that it reads back as exactly the intended change."""
        text = "\n".join(lines) + "\n"
        after = _load(self.rel, text)
        before = _plain(self.data) if self.data is not None else {}
        claims = list(before.get("claims") or [])
        if replaced is not None:
            index = self.items.index(replaced[0])
            claims[index : index + 1] = [] if replaced[1] is None else [replaced[1]]
        claims += [_plain(dict(entry)) for entry in entries]
        expected = {**before, "claims": claims}
        if _plain(after) != expected:
            raise AnnotateError(
                f"{self.rel}: error: the file's layout is one `archive claim` cannot change safely; nothing was written "
                "(edit it by hand, or report this with the file)"
            )
        return text


def _load(rel: str, text: str) -> Any:
    try:
        return _yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{rel}:{mark.line + 1}:{mark.column + 1}" if mark is not None else rel
        raise AnnotateError(
            f"{where}: error: the file is not valid YAML ({exc.problem or exc.context}); fix it before editing claims"
        ) from exc
    except YAMLError as exc:
        raise AnnotateError(f"{rel}: error: the file is not valid YAML ({exc}); fix it before editing claims") from exc


def _key_lines(data: CommentedMap) -> list[tuple[str, tuple[int, int]]]:
    return [(str(key), data.lc.key(key)) for key in data]


def _items(rel: str, lines: list[str], claims: CommentedSeq, block_end: int) -> list[_Item]:
    starts = []
    for index, claim in enumerate(claims):
        line, column = claims.lc.item(index)
        if not isinstance(claim, CommentedMap) or not isinstance(claim.get("id"), str):
            raise AnnotateError(
                f"{rel}:{line + 1}:{column + 1}: error: claim {index + 1} has no id; fix it before editing claims"
            )
        if claim.fa.flow_style():
            raise AnnotateError(
                f"{rel}:{line + 1}:{column + 1}: error: claim '{claim['id']}' is written in flow style ({{...}}); "
                "write it as a block to edit it with `archive claim`"
            )
        before = lines[line][:column]
        dash_line = line if before.strip() == "-" or before.rstrip().endswith("-") else line - 1
        dash = lines[dash_line].index("-")
        starts.append((dash_line, dash, column, claim))
    items = []
    for number, (start, dash, column, claim) in enumerate(starts):
        stop = starts[number + 1][0] if number + 1 < len(starts) else block_end
        end = _content_end(lines, start, stop, dash)
        items.append(_Item(str(claim["id"]), claim, start, end, column, dash))
    return items


def _style(data: CommentedMap, lines: list[str], items: list[_Item], block_end: int) -> _Style:
    guess = _guess_style(data, lines)
    if not items:
        return guess
    key_column = data.lc.key("claims")[1]
    first = items[0]
    if len(items) > 1:
        separated = not lines[items[1].start - 1].strip()
    else:
        separated = (
            first.end < block_end and not lines[first.end].strip() if first.end < len(lines) else guess.separated
        )
    return _Style(guess.mapping, first.dash - key_column, first.column - key_column, separated)


def _guess_style(data: CommentedMap, lines: list[str]) -> _Style:
    """The indentation of the file's other blocks, for a file without claims yet."""
    mapping, offset = 2, 2
    for value in data.values():
        if isinstance(value, CommentedMap) and value and not value.fa.flow_style():
            mapping = value.lc.key(next(iter(value)))[1]
            break
    for value in data.values():
        if isinstance(value, CommentedSeq) and value and not value.fa.flow_style():
            line, column = value.lc.item(0)
            offset = lines[line].index("-") if "-" in lines[line][:column] else offset
            break
    return _Style(mapping, offset, offset + 2, separated=True)


def _lines(text: str) -> list[str]:
    """The lines of a text as YAML counts them (`str.splitlines` would also split at U+2028 and U+0085)."""
    lines = text.split("\n")
    return lines[:-1] if lines and not lines[-1] else lines


def _joined(blocks: list[list[str]], *, separated: bool) -> list[str]:
    lines: list[str] = []
    for number, block in enumerate(blocks):
        if number and separated:
            lines.append("")
        lines += block
    return lines


def _without_trailing_blanks(lines: list[str]) -> list[str]:
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return lines
