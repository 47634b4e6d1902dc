"""Quotes: a clean text in, its quotations out (spans between quotation marks, titles of works left out); reads no files.

Quotation marks are paired line by line, as a reader pairs them: an opening mark whose line ends
before its closing mark is a quotation that goes on in the next paragraph (news style opens each
paragraph of a long quotation again and closes only the last). Straight marks are told apart by
what stands around them. A short capitalised quoted string after "the film", "a report called" or
written in title case without a verb is the title of a work, not a statement.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

MIN_WORDS = 4
"""Shorter quoted spans are usually scare quotes ("volunteers") or names, not statements."""

TITLE_MAX_WORDS = 12
"""Longer quoted strings are statements even after "the report said"."""

_DOUBLE_OPEN = "“„«"
_DOUBLE_CLOSE = "”»"
_OPENING_CONTEXT = " \t([{—–-/\u00a0"
_AFTER_CLOSE = re.compile(r"$|[\s,.;:!?)\]}—–-]")

_TITLE_CUE = re.compile(
    r"\b(?:film|films|movie|documentary|docuseries|book|books|novel|memoir|biography|report|reports|album|song|songs|"
    r"single|track|series|show|sitcom|drama|comedy|thriller|play|musical|opera|episode|podcast|article|column|essay|"
    r"editorial|op-ed|poem|painting|exhibition|exhibit|campaign|operation|programme|program|project|initiative|game|"
    r"bill|act|law|paper|study|survey|headline|slogan|titled|entitled|called|dubbed|named|headlined|known as|"
    r"billed as|branded)\W{0,3}$",
    re.IGNORECASE,
)
_NAMING_CUE = re.compile(
    r"\b(?:titled|entitled|named|dubbed|nicknamed|known as|renamed|hashtag)\W{0,3}$", re.IGNORECASE
)
_SMALL_WORDS = frozenset(
    "a an the of in on at to for and or but nor with from by as vs via into onto over under per de la le du von van".split()  # noqa: SIM905 - a word list reads better as one string
)
_VERBS = frozenset(
    "is are was were be been being am will would shall should can could may might must do does did has have had "  # noqa: SIM905 - a word list reads better as one string
    "said says say get gets got make makes made go goes went want wants need needs think thinks know knows".split()
)
_WORD = re.compile(r"[^\W\d_][\w’'-]*|\d[\w,.]*")


@dataclass(frozen=True, slots=True)
class Quotation:
    """Words between quotation marks in the clean text."""

    start: int
    """Where the quoted words start (after the opening mark)."""
    end: int
    """Where they end (before the closing mark, or at the end of the line when it stays open)."""
    line: int
    """Index of the line (paragraph) it stands in, counting non-empty lines."""
    closed: bool
    """False when the line ends before a closing mark: the quotation goes on in the next paragraph."""
    mark_start: int
    """Where the opening mark is."""
    mark_end: int
    """One past the closing mark (or the end of the line)."""
    kind: str = "marks"
    """`marks` (between quotation marks), `post` (a social media post: `@handle: text`), or `block` (a
    paragraph of its own after an introduction that ends with a colon, as a block quotation is printed)."""


@dataclass(frozen=True, slots=True)
class Line:
    """A non-empty line of the clean text: a paragraph, or a line of one."""

    index: int
    """Its position among the non-empty lines."""
    start: int
    """Where it starts in the clean text."""
    end: int
    """Where it ends."""


def lines_of(text: str) -> list[Line]:
    """The non-empty lines of a text, with their spans."""
    found: list[Line] = []
    for match in re.finditer(r"[^\n]+", text):
        if match.group().strip():
            found.append(Line(len(found), match.start(), match.end()))
    return found


_POST = re.compile(r"^[ \t]*@\w+:[ \t]+(?=\S)", re.MULTILINE)
_MARKUP = re.compile(r"^\s*(?:\[\w+[^\]]*\]|https?://\S+\s*$)")
_ELLIPSIS = ("...", "…")
_ENGLISH = frozenset(
    "the a an and of to in is are was were be been it that this for on with as at by from not but or have has had "  # noqa: SIM905 - a word list reads better as one string
    "i we you he she they his her their our my what who will would can could do does did there so if".split()
)


def find_quotations(text: str) -> list[Quotation]:
    """Every top-level quotation of the text, in order (marks nested inside a quotation belong to it)."""
    quotations = []
    lines = lines_of(text)
    blocks = {q.line: q for q in _block_quotations(text, lines)}
    for line in lines:
        post = _POST.match(text, line.start, line.end)
        if post is not None:
            end = _trimmed_end(text, line)
            quotations.append(
                Quotation(post.end(), end, line.index, closed=True, mark_start=post.end(), mark_end=end, kind="post")
            )
        elif line.index in blocks:
            quotations.append(blocks[line.index])
        else:
            quotations += _quotations_in_line(text, line)
    return quotations


def statement_quotations(text: str) -> list[Quotation]:
    """The quotations that may be statements: at least `MIN_WORDS` words, and not the title of a work."""
    return [q for q in find_quotations(text) if q.kind != "marks" or _may_be_statement(text, q)]


def _may_be_statement(text: str, quotation: Quotation) -> bool:
    return len(_WORD.findall(text[quotation.start : quotation.end])) >= MIN_WORDS and not is_title_of_work(
        text, quotation
    )


def _trimmed_end(text: str, line: Line) -> int:
    return line.start + len(text[line.start : line.end].rstrip())


def _block_quotations(text: str, lines: list[Line]) -> list[Quotation]:
    """Paragraphs quoted without marks after an introduction ending with a colon ("Raihan wrote in his blog:").

    A block goes on while its paragraphs end or start with an ellipsis; when it is not in English,
    as many English paragraphs after it are taken as its translation.
    """
    found: list[Quotation] = []
    for index, intro in enumerate(lines[:-1]):
        if not text[intro.start : intro.end].rstrip().endswith(":") or _POST.match(text, intro.start, intro.end):
            continue
        block = _block_after(text, lines, index + 1)
        if block and not _is_english(" ".join(text[b.start : b.end] for b in block)):
            translation = lines[block[-1].index + 1 : block[-1].index + 1 + len(block)]
            block += itertools.takewhile(
                lambda t: _can_be_block(text, t) and _is_english(text[t.start : t.end]), translation
            )
        found += [
            Quotation(
                b.start,
                _trimmed_end(text, b),
                b.index,
                closed=True,
                mark_start=b.start,
                mark_end=_trimmed_end(text, b),
                kind="block",
            )
            for b in block
        ]
    return found


def _block_after(text: str, lines: list[Line], first: int) -> list[Line]:
    block: list[Line] = []
    for line in lines[first:]:
        if not _can_be_block(text, line):
            break
        content = text[line.start : line.end].strip()
        if block and not (
            content.startswith(_ELLIPSIS) or text[block[-1].start : block[-1].end].rstrip().endswith(_ELLIPSIS)
        ):
            break
        block.append(line)
    return block


def _can_be_block(text: str, line: Line) -> bool:
    """A paragraph that may be quoted as a block: no marks of its own around it, no markup, no introduction."""
    content = text[line.start : line.end].strip()
    return not (
        re.search('[“”"«»„]', content)
        or content.endswith(":")
        or _POST.match(content)
        or _MARKUP.match(content)
        or len(_WORD.findall(content)) < MIN_WORDS
    )


def _is_english(text: str) -> bool:
    words = [w.lower() for w in _WORD.findall(text)]
    return bool(words) and sum(w in _ENGLISH for w in words) >= 0.15 * len(words)


def _quotations_in_line(text: str, line: Line, ignored: frozenset[int] = frozenset()) -> list[Quotation]:
    found: list[Quotation] = []
    opened: tuple[int, str] | None = None  # position and kind ("double" or "single") of the open mark
    for position in range(line.start, line.end):
        role = None if position in ignored else _mark_role(text, position, line)
        if opened is None and role in {"open-double", "open-single"}:
            opened = (position, role.removeprefix("open-"))
        elif opened is not None and role == f"close-{opened[1]}":
            found.append(_quotation(text, line, opened[0], position, closed=True))
            opened = None
        elif opened is not None and opened[1] == "double" and role == "open-double" and text[position] in _DOUBLE_OPEN:
            # A second opening mark before any closing one: the first quotation was left open by mistake.
            found.append(_quotation(text, line, opened[0], position, closed=False))
            opened = (position, "double")
    if opened is not None and opened[1] == "single":
        # A single mark never closed was an apostrophe ("the 'Bureau to Address Abuse Incidents' was"): read again without it.
        return _quotations_in_line(text, line, ignored | {opened[0]})
    if opened is not None:
        found.append(_quotation(text, line, opened[0], line.end, closed=False))
    return [q for q in found if q.end > q.start]


def _quotation(text: str, line: Line, mark: int, close: int, *, closed: bool) -> Quotation:
    start = mark + 1
    end = close
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Quotation(start, end, line.index, closed, mark, close + 1 if closed else close)


def _mark_role(text: str, position: int, line: Line) -> str | None:  # noqa: PLR0911 - one answer per kind of mark
    """Whether the character at `position` opens or closes a double or single quotation, or neither."""
    char = text[position]
    before = text[position - 1] if position > line.start else " "
    after = text[position + 1] if position + 1 < line.end else " "
    if char in _DOUBLE_OPEN:
        return "open-double"
    if char in _DOUBLE_CLOSE:
        return "close-double"
    if char == '"':
        if before in _OPENING_CONTEXT or before in "‘'":
            return "open-double" if not after.isspace() else None
        return "close-double" if _AFTER_CLOSE.match(text, position + 1, line.end) or after in "’'" else None
    if char in "‘'" and before in _OPENING_CONTEXT and (after.isalnum() or after in '“"…'):
        # An opening mark before "90s" or "em" elides letters: it opens no quotation.
        return None if re.match(r"\d\ds\b|em\b|til\b|cause\b|n\b", text[position + 1 : position + 6]) else "open-single"
    if char in "’'" and not before.isspace() and _AFTER_CLOSE.match(text, position + 1, line.end):
        # "the students' union": an apostrophe after a plural, followed by a lowercase word, is not a closing mark.
        plural_possessive = before == "s" and re.match(r"\s+[a-z]", text[position + 1 : position + 3]) is not None
        return None if plural_possessive else "close-single"
    return None


def is_title_of_work(text: str, quotation: Quotation) -> bool:
    """A capitalised short quoted string named by "the film", "a report titled"..., or in title case without a verb."""
    quoted = text[quotation.start : quotation.end].strip(" ,.")
    words = _WORD.findall(quoted)
    if quoted.startswith("#"):
        return True  # a hashtag
    if not words or len(words) > TITLE_MAX_WORDS:
        return False
    before = text[max(0, quotation.mark_start - 40) : quotation.mark_start]
    if _NAMING_CUE.search(before):
        return True  # "named the virus 'severe acute respiratory syndrome coronavirus 2'": a name, in any case
    if not quoted[:1].isupper():
        return False
    if _TITLE_CUE.search(before):
        return True
    return _title_case(words) and not any(w.lower() in _VERBS for w in words) and not quoted.endswith(("!", "?"))


def _title_case(words: list[str]) -> bool:
    content = [w for w in words if w.lower() not in _SMALL_WORDS]
    return bool(content) and all(w[:1].isupper() or w[:1].isdigit() for w in content)
