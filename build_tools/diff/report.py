"""Report: an `ArchiveDiff` in, text for a terminal or Markdown for GitHub's job summary out; pure rendering.

Contributor text (titles, quotes, summaries, names) is shown on one line without control
characters in both forms; in Markdown it is escaped in one place (`_md`, `_escape`, `_code`), so
that it cannot become markup, a link, a mention or math. Error lines keep the compiler style
(`path:line:col: error: ...`) and are never wrapped.
"""

from __future__ import annotations

import difflib
import re
import textwrap
import unicodedata
from collections.abc import Callable, Iterable

from build_tools.diagnostics import Diagnostic
from build_tools.diff.entries import (
    ArchiveDiff,
    ArticleEntry,
    Change,
    ClaimEntry,
    End,
    Mark,
    RelationEntry,
    StatementEntry,
    StatementKind,
    UrlEntry,
)
from build_tools.load import PERMALINKS_FILE
from build_tools.urls import statement_source, url_of

SHOWN_ERRORS = 10
"""How many of the change's errors are shown when it does not build (`archive check` shows all)."""

WIDTH = 100
"""Columns of the text form."""

SHORT_WORDING = 60
"""Characters of a claim's wording shown where it only identifies the claim (relations, statements)."""


_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _plain(text: str) -> str:
    """Contributor text on one line, without control characters (no terminal escapes, no reordering)."""
    text = "".join(" " if unicodedata.category(c) == "Cc" else c for c in _BIDI_CONTROLS.sub("", text))
    return " ".join(text.split())


def _short(text: str, limit: int = SHORT_WORDING) -> str:
    """The text on one line, cut at a word before `limit` characters."""
    text = _plain(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,.;:") + "…"


def _plural(count: int, word: str) -> str:
    return f"{count} {word if count == 1 else word + 's'}"


def _counts(diff: ArchiveDiff) -> list[str]:
    """What changed, counted: `1 article added`, `2 claims changed`, `1 statement merged`."""
    pieces = []
    for noun, entries in (("article", diff.articles), ("claim", diff.claims), ("relation", diff.relations)):
        pieces += [f"{_plural(n, noun)} {m.word}" for m in Mark if (n := sum(e.mark is m for e in entries))]
    kinds = [e.kind for e in diff.statements]
    pieces += [f"{_plural(n, 'statement')} {k.value}" for k in StatementKind if (n := kinds.count(k))]
    pieces += [f"{_plural(n, 'URL')} {m.word}" for m in Mark if (n := sum(e.mark is m for e in diff.urls))]
    return pieces


def _headline(diff: ArchiveDiff, name: Callable[[str], str]) -> str:
    """The first line: what the change does, in counts; or why nothing was compared.

    Args:
        diff: The diff.
        name: How the format shows the ref and the commit (the only text not written here).

    """
    base = f"{name(diff.base.ref)} (merge base {name(diff.base.commit[:12])})"
    if diff.build_errors:
        count = len(diff.build_errors)
        more = f" (the first {SHOWN_ERRORS} below; `archive check` shows all)" if count > SHOWN_ERRORS else ""
        return f"The change does not build: {_plural(count, 'error')}{more}. Nothing was compared with {base}."
    if diff.base_errors:
        return (
            f"The archive at {base} does not build ({_plural(diff.base_errors, 'error')}): "
            "there is nothing to compare the change with."
        )
    counts = _counts(diff)
    if not counts:
        return f"Compared with {base}: nothing a reader sees has changed."
    errors = f"; {_plural(len(diff.url_errors), 'error')}" if diff.url_errors else ""
    return f"Compared with {base}: {', '.join(counts)}{errors}."


def _unrecorded_note(diff: ArchiveDiff) -> str:
    """The note on new URLs not yet recorded (no contributor text: the same in both formats)."""
    count = diff.unrecorded
    verb, them = ("is", "it") if count == 1 else ("are", "them")
    return f"{_plural(count, 'new URL')} {verb} not yet in {PERMALINKS_FILE}; record {them} with `archive permalinks --update`"


def _statement_line(entry: StatementEntry, url: Callable[[str], str]) -> str:
    """`merged statements/a/ + statements/b/ into statements/a/ (4 appearances)`, in either format."""
    old = " + ".join(url(_statement_url(i)) for i in entry.old)
    new = " + ".join(f"{url(_statement_url(i))} ({_plural(len(m), 'appearance')})" for i, m in entry.groups)
    if len(entry.groups) > 1:
        new = f"{len(entry.groups)} statements"  # Each is listed on a line of its own.
    kind = entry.kind
    if kind in (StatementKind.FORMED, StatementKind.DISSOLVED, StatementKind.CHANGED):
        return f"{kind.value} {new}"
    joiner = "to" if kind is StatementKind.RENAMED else "into"
    return f"{kind.value} {old} {joiner} {new}"


def _statement_url(statement_id: str) -> str:
    return url_of(statement_source(statement_id))


def _statement_members(entry: StatementEntry, name: Callable[[str], str], text: Callable[[str], str]) -> list[str]:
    """The lines under a statement: why its id changed, and its appearances.

    All of a new or dissolved statement's appearances are listed, and each part's of a split;
    otherwise those that came and went.

    Args:
        entry: The statement's entry.
        name: How the format shows an id or URL.
        text: How the format shows other text.

    """
    if entry.kind in (StatementKind.FORMED, StatementKind.DISSOLVED):
        return [f"appearances: {', '.join(map(name, members))}" for _, members in entry.groups]
    lines = [f"id changed because {text(entry.reason)}"] if entry.reason else []
    if len(entry.groups) > 1:
        lines += [
            f"{name(_statement_url(i))} ({_plural(len(members), 'appearance')}): {', '.join(map(name, members))}"
            for i, members in entry.groups
        ]
    lines += [f"appearance added: {name(ref)}" for ref in entry.added]
    return lines + [f"appearance removed: {name(ref)}" for ref in entry.removed]


def diff_text(diff: ArchiveDiff) -> str:
    """The diff for a terminal: headings, `+`/`-`/`~` markers, wrapped at about 100 columns.

    Error lines stay whole: they are compiler-style (`path:line:col: error: ...`), for editors.
    """
    lines = [_wrap(_headline(diff, _plain), hang="")]
    if diff.errors:
        lines += ["", *map(str, diff.errors[:SHOWN_ERRORS] if diff.build_errors else diff.errors)]
    for title, body in _text_sections(diff):
        if body:
            lines += ["", title, *map(_wrap, body)]
    if diff.unrecorded:
        lines += ["", _wrap(f"note: {_unrecorded_note(diff)}")]
    return "\n".join(lines) + "\n"


def _wrap(line: str, hang: str = "    ") -> str:
    """The line wrapped at `WIDTH`, its continuation indented by `hang` more than the line."""
    indent = " " * (len(line) - len(line.lstrip(" ")))
    return textwrap.fill(line, WIDTH, subsequent_indent=indent + hang, break_long_words=False, break_on_hyphens=False)


def _text_sections(diff: ArchiveDiff) -> list[tuple[str, list[str]]]:
    if not diff.compared:
        return [("Files", [f"  {mark.value} {path}" for mark, path in diff.files])]
    return [
        ("Articles", [line for e in diff.articles for line in _text_article(e)]),
        ("Claims", [line for e in diff.claims for line in _text_claim(e)]),
        ("Relations", [line for e in diff.relations for line in _text_relation(e)]),
        ("Statements", [line for e in diff.statements for line in _text_statement(e)]),
        ("URLs", [_text_url(e) for e in diff.urls]),
    ]


def _text_changes(changes: Iterable[Change]) -> list[str]:
    lines = []
    for change in changes:
        if change.wording:
            lines += [
                f"      {change.name} was: “{_plain(change.old)}”",
                f"      {change.name} now: “{_plain(change.new)}”",
            ]
        else:
            lines.append(f"      {change.name}: {_plain(change.old)} → {_plain(change.new)}")
    return lines


def _text_article(entry: ArticleEntry) -> list[str]:
    head = f"  {entry.mark.value} {entry.url}  “{_plain(entry.title)}” ({_plain(entry.outlet)}, {entry.date})"
    lines = [f"{head}, {_plural(entry.claims, 'claim')}", *_text_changes(entry.changes)]
    return lines + (["      text changed"] if entry.text_changed else [])


def _text_claim(entry: ClaimEntry) -> list[str]:
    if entry.mark is Mark.CHANGED:
        quoted = any(c.name == "quote" for c in entry.changes)
        lines = [f"  ~ {entry.ref}" + ("" if quoted else f"  “{_short(entry.quote)}”"), *_text_changes(entry.changes)]
        return lines + (["      moved to another place in the text"] if entry.moved else [])
    return [f"  {entry.mark.value} {entry.ref}  {_plain(entry.speaker)}, {entry.kind}: “{_plain(entry.quote)}”"]


def _text_end(end: End) -> str:
    return f"{_plain(end.label)} “{_short(end.wording)}”" if end.wording else _plain(end.label)


def _text_relation(entry: RelationEntry) -> list[str]:
    return [f"  {entry.mark.value} {_text_end(entry.source)}", f"      {entry.wording} {_text_end(entry.target)}"]


def _text_statement(entry: StatementEntry) -> list[str]:
    head = f"  {entry.kind.mark.value} {_statement_line(entry, _plain)}  “{_short(entry.wording)}”"
    return [head, *(f"      {line}" for line in _statement_members(entry, _plain, _plain))]


def _text_url(entry: UrlEntry) -> str:
    url = _plain(entry.url)
    if entry.mark is Mark.ADDED:
        return f"  + {url}" + ("" if entry.recorded else f"  (not yet in {PERMALINKS_FILE})")
    if entry.was_redirect:
        return f"  - {url}  (its redirect was removed: error)"
    if entry.redirect is None:
        return f"  - {url}  (no redirect: error)"
    broken = " (not published: error)" if entry.broken else ""
    return f"  - {url}  → redirected to {_plain(entry.redirect)}{broken}"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~#!@$])")


def _md(text: str) -> str:
    """Contributor text shown literally: it cannot become markup, a link, a mention or math."""
    return _escape(_plain(text))


def _escape(text: str) -> str:
    """Markdown's special characters escaped, the spacing kept."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _code(text: str) -> str:
    """Text as a code span, whatever backticks it holds."""
    text = _plain(text)
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def diff_markdown(diff: ArchiveDiff) -> str:
    """The diff as GitHub Markdown: a heading per section, lists, wording changes as word diffs."""
    blocks = [f"## Archive diff against {_code(diff.base.ref)}", _headline(diff, _code)]
    if diff.errors:
        shown = diff.errors[:SHOWN_ERRORS] if diff.build_errors else diff.errors
        blocks.append("### Errors\n\n" + "\n".join(f"- {_md_diagnostic(d)}" for d in shown))
    for title, items in _md_sections(diff):
        if items:
            blocks.append(f"### {title}\n\n" + "\n".join(items))
    if diff.unrecorded:
        blocks.append(f"**Note:** {_unrecorded_note(diff)}.")
    return "\n\n".join(blocks) + "\n"


def _md_diagnostic(diagnostic: Diagnostic) -> str:
    return f"{_code(str(diagnostic.origin))} **{diagnostic.severity.value}:** {_md(diagnostic.message)}"


def _md_sections(diff: ArchiveDiff) -> list[tuple[str, list[str]]]:
    if not diff.compared:
        return [("Files", [f"- **{mark.word}** {_code(path)}" for mark, path in diff.files])]
    return [
        ("Articles", [_md_article(e) for e in diff.articles]),
        ("Claims", [_md_claim(e) for e in diff.claims]),
        ("Relations", [_md_relation(e) for e in diff.relations]),
        ("Statements", [_md_statement(e) for e in diff.statements]),
        ("URLs", [_md_url(e) for e in diff.urls]),
    ]


def _md_changes(changes: Iterable[Change]) -> str:
    lines = []
    for change in changes:
        if change.wording:
            lines.append(f"\n  - {change.name}: “{_word_diff(change.old, change.new)}”")
        else:
            lines.append(f"\n  - {change.name}: ~~{_md(change.old)}~~ → **{_md(change.new)}**")
    return "".join(lines)


def _word_diff(old: str, new: str) -> str:
    """`new` with the words removed from `old` struck through and the words added in bold."""
    a, b = re.findall(r"\s+|\S+", _plain(old)), re.findall(r"\s+|\S+", _plain(new))
    pieces = []
    for operation, a1, a2, b1, b2 in _word_changes(a, b):
        if operation == "equal":
            pieces.append(_escape("".join(a[a1:a2])))
            continue
        # A removed space is not shown (the new text has none there); an added one is.
        removed = _emphasis("~~", a[a1:a2]) if "".join(a[a1:a2]).strip() else ""
        added = _emphasis("**", b[b1:b2])
        pieces.append(f"{removed} {added.lstrip()}" if removed and added.strip() else removed + added)
    return "".join(pieces)


def _word_changes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """The difference of two lists of words and spaces, as `SequenceMatcher` opcodes.

    A space kept between two changes joins them into one, so that a rewritten phrase reads as
    its old words, then its new ones, rather than word by word in turn.
    """
    found = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    operations: list[tuple[str, int, int, int, int]] = []
    for index, (operation, a1, a2, b1, b2) in enumerate(found):
        spaces_between = 0 < index < len(found) - 1 and not "".join(a[a1:a2]).strip()
        kind = "replace" if spaces_between else operation
        if kind != "equal" and operations and operations[-1][0] != "equal":
            operations[-1] = ("replace", operations[-1][1], a2, operations[-1][3], b2)
        else:
            operations.append((kind, a1, a2, b1, b2))
    return operations


def _emphasis(marker: str, words: list[str]) -> str:
    """Words wrapped in `marker`, the spaces around them kept outside (where Markdown needs them)."""
    text = "".join(words)
    core = text.strip()
    if not core:
        return text
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
    return f"{lead}{marker}{_escape(core)}{marker}{trail}"


def _md_article(entry: ArticleEntry) -> str:
    text = " — text changed" if entry.text_changed else ""
    return (
        f"- **{entry.mark.word}** {_code(entry.url)} “{_md(entry.title)}” ({_md(entry.outlet)}, {entry.date}), "
        f"{_plural(entry.claims, 'claim')}{text}{_md_changes(entry.changes)}"
    )


def _md_claim(entry: ClaimEntry) -> str:
    if entry.mark is Mark.CHANGED:
        quoted = any(c.name == "quote" for c in entry.changes)
        moved = " — moved to another place in the text" if entry.moved else ""
        quote = "" if quoted else f" “{_md(_short(entry.quote))}”"
        return f"- **changed** {_code(entry.ref)}{quote}{moved}{_md_changes(entry.changes)}"
    return f"- **{entry.mark.word}** {_code(entry.ref)} {_md(entry.speaker)}, {entry.kind}: “{_md(entry.quote)}”"


def _md_end(end: End) -> str:
    return f"{_code(end.label)} “{_md(_short(end.wording))}”" if end.wording else _code(end.label)


def _md_relation(entry: RelationEntry) -> str:
    return f"- **{entry.mark.word}** {_md_end(entry.source)} *{_md(entry.wording)}* {_md_end(entry.target)}"


def _md_statement(entry: StatementEntry) -> str:
    members = "".join(f"\n  - {line}" for line in _statement_members(entry, _code, _md))
    line = _statement_line(entry, _code)
    kind, _, rest = line.partition(" ")
    return f"- **{kind}** {rest} “{_md(_short(entry.wording))}”{members}"


def _md_url(entry: UrlEntry) -> str:
    if entry.mark is Mark.ADDED:
        return f"- **added** {_code(entry.url)}" + ("" if entry.recorded else f" (not yet in `{PERMALINKS_FILE}`)")
    if entry.was_redirect:
        return f"- **removed** {_code(entry.url)}: its redirect was removed (**error**)"
    if entry.redirect is None:
        return f"- **removed** {_code(entry.url)}: no redirect (**error**)"
    broken = " (not published: **error**)" if entry.broken else ""
    return f"- **removed** {_code(entry.url)} → redirected to {_code(entry.redirect)}{broken}"


def clip_markdown(text: str, limit: int, rerun: str) -> str:
    """The Markdown cut at a line so that it fits in `limit` bytes (UTF-8), with a note saying so.

    Args:
        text: The whole Markdown.
        limit: Most bytes it may take.
        rerun: The command that shows everything (for the note).

    """
    if len(text.encode()) <= limit:
        return text
    if limit < 400:
        return ""  # Not even the note fits.
    lines = text.splitlines(keepends=True)
    budget, size, kept = limit - 400, 0, 0
    while kept < len(lines) and size + len(lines[kept].encode()) <= budget:
        size += len(lines[kept].encode())
        kept += 1
    left = len(lines) - kept
    note = (
        f"\n*{_plural(left, 'more line')} not shown: a job summary holds at most 1 MiB; "
        f"run {_code(rerun)} to see everything.*\n"
    )
    return "".join(lines[:kept]) + note
