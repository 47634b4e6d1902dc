"""Suggest: a clean text and the speaker registry in, likely claims out (direct quotations and who said them); reads no files.

Used by `archive new` to prefill an annotation stub. A suggestion is a starting point for a human
annotator, never an annotation: it is written as a comment and must be checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from build_tools.model import Speaker

MIN_WORDS = 4
"""Shorter quoted spans are usually scare quotes ("volunteers"), not statements."""

_QUOTE_PAIRS = re.compile(
    r"“(?P<curly>[^“”]+?)(?:”|\"(?=[\s,.;:!?)]|$))"  # curly, sometimes closed by a straight quote
    r"|\"(?P<straight>[^\"“”\n]+?)[\"”](?=[\s,.;:!?)]|$)"
    r"|(?<![\w’'])‘(?P<single>[^‘’]{20,}?)’(?![\w])",
    re.MULTILINE,
)

VERBS = (
    "said|says|noted|notes|stressed|stresses|emphasized|emphasised|added|adds|underlined|told|insisted|"
    "stated|states|explained|claimed|claims|argued|warned|wrote|recalled|declared|announced|continued|"
    "pointed out|went on to say|slammed|denied|responded|replied|concluded|observed"
)
"""Attribution verbs that usually sit next to a quotation."""

_PRONOUNS = {"he", "she", "they", "it", "the spokesman", "the spokeswoman", "the minister", "the ministry"}


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A direct quotation found in the text and its likely speaker."""

    quote: str
    """The quoted words, without the quotation marks."""
    start: int
    """Where the quoted words start in the clean text."""
    speaker: str | None
    """Most likely speaker id, if one could be told."""
    cue: str | None
    """The attribution words found next to the quotation."""
    reason: str
    """How the speaker was found, for the annotator."""


def _name_pattern(speakers: Mapping[str, Speaker]) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """One pattern for every registered name, and the speaker id of each name.

    "<organization> spokesman" is resolved to the person registered as that organization's
    spokesperson, when exactly one is.
    """
    names: dict[str, str] = {}
    for speaker in speakers.values():
        for name in (speaker.name, *speaker.aliases):
            names.setdefault(name, speaker.id)
    spokespeople: dict[str, set[str]] = {}
    for speaker in speakers.values():
        for role in speaker.roles:
            if role.organization and re.search(r"spokes|press secretary", role.title, re.IGNORECASE):
                spokespeople.setdefault(role.organization, set()).add(speaker.id)
    for name, speaker_id in list(names.items()):
        people = spokespeople.get(speaker_id, set())
        if len(people) == 1:
            for title in ("spokesman", "spokeswoman", "spokesperson", "press secretary"):
                names.setdefault(f"{name} {title}", next(iter(people)))
    if not names:
        return None, names
    alternation = "|".join(re.escape(n) for n in sorted(names, key=lambda n: (-len(n), n)))
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)"), names


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    paragraph_start = text.rfind("\n\n", 0, start)
    paragraph_end = text.find("\n\n", end)
    return (0 if paragraph_start == -1 else paragraph_start + 2, len(text) if paragraph_end == -1 else paragraph_end)


def suggest_quotes(text: str, speakers: Mapping[str, Speaker]) -> list[Suggestion]:
    """Every direct quotation of at least `MIN_WORDS` words, with the speaker it is most likely attributed to."""
    pattern, names = _name_pattern(speakers)
    suggestions = []
    for match in _QUOTE_PAIRS.finditer(text):
        group = next(g for g in ("curly", "straight", "single") if match.group(g) is not None)
        quote = match.group(group).strip().rstrip(",")
        if len(quote.split()) < MIN_WORDS:
            continue
        start = match.start(group)
        speaker, cue, reason = _attribute(text, match.start(), match.end(), pattern, names)
        suggestions.append(Suggestion(quote, start, speaker, cue, reason))
    return suggestions


def _attribute(
    text: str, start: int, end: int, pattern: re.Pattern[str] | None, names: dict[str, str]
) -> tuple[str | None, str | None, str]:
    """The speaker of the quotation at [start, end): after it, before it, or the last one named."""
    low, high = _sentence_bounds(text, start, end)
    after = text[end:high][:160]
    before = text[low:start][-200:]
    cue = None
    for window, where in ((after, "after"), (before, "before")):
        found = _attribution_in(window, pattern, names, where)
        if found is not None and found[0] is not None:
            return found
        if found is not None:
            cue = cue or found[1]
    if pattern is not None:
        earlier = _unquoted(pattern.finditer(text, 0, start), text)
        if earlier:
            last = earlier[-1].group()
            how = f"'{cue}' refers to" if cue else "no attribution next to it;"
            return names[last], cue, f"{how} the last speaker named before the quotation ('{last}')"
    return None, cue, "no speaker found"


def _attribution_in(
    window: str, pattern: re.Pattern[str] | None, names: dict[str, str], where: str
) -> tuple[str | None, str | None, str] | None:
    verb = re.search(rf"\b(?:{VERBS})\b", window)
    according = re.search(r"\b[Aa]ccording to\s+", window)
    if verb is None and according is None:
        return None
    if pattern is not None:
        candidates = _unquoted(pattern.finditer(window), window)
        if candidates:
            anchor = (verb or according).start()  # type: ignore[union-attr]
            nearest = min(candidates, key=lambda m: abs(m.start() - anchor))
            cue = _cue(window, nearest, verb, according)
            return names[nearest.group()], cue, f"'{nearest.group()}' with '{cue}' {where} the quotation"
    if verb is not None:
        pronoun = re.search(rf"\b(he|she|they|it|the \w+)\s+(?:{VERBS})\b", window, re.IGNORECASE)
        if pronoun and pronoun.group(1).lower() in _PRONOUNS:
            return None, pronoun.group(), f"'{pronoun.group()}' {where} the quotation: see the previous speaker"
    return None


def _unquoted(matches: Iterable[re.Match[str]], text: str) -> list[re.Match[str]]:
    """Names not opening a quotation: a name just inside quotation marks ("Reuters' hysteria") is quoted, not speaking."""
    return [m for m in matches if m.start() == 0 or text[m.start() - 1] not in "“\"‘'"]


def _cue(window: str, name: re.Match[str], verb: re.Match[str] | None, according: re.Match[str] | None) -> str:
    if according is not None and (verb is None or according.start() < verb.start()):
        return f"According to {name.group()}" if according.group().startswith("A") else f"according to {name.group()}"
    assert verb is not None
    first, last = sorted((name, verb), key=lambda m: m.start())
    return window[first.start() : last.end()]
