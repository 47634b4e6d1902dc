"""Clauses: a text with its quotations hidden and the names in it in, its sentences and attributions out; reads no files.

An attribution is an attribution verb (or "according to") with the words that name who speaks: the
subject before the verb ("Cowan said", "Steve Cowan, a meteorologist, said", "she said", "the
ministry said"), after it ("said Steve Cowan", "said a spokesman"), the agent of a passive ("was
told by Minister X"), or a speaker's label opening a line ("Sen. Jim Banks: ...").
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from build_tools.names import NOT_NAMES, Mention, title_words

VERBS = (
    "said|says|say|saying|noted|notes|noting|stressed|stresses|stressing|emphasized|emphasised|emphasizes|added|adds|"
    "adding|underlined|told|tells|telling|insisted|insists|stated|states|explained|explains|explaining|claimed|claims|"
    "argued|argues|warned|warns|warning|wrote|writes|writing|recalled|recalls|declared|announced|continued|continues|"
    "pointed out|went on to say|slammed|denied|responded|replied|concluded|observed|asked|asks|added|admitted|"
    "acknowledged|agreed|joked|quipped|cautioned|urged|vowed|promised|predicted|conceded|complained|lamented|"
    "remarked|commented|answered|reported|shouted|yelled|screamed|whispered|testified|maintained|asserted|contended|"
    "countered|charged|alleged|suggested|tweeted|posted|described|recounted|remembered|exclaimed|mused|boasted|"
    "confirmed|affirmed|reiterated|emphasised|insisted|explained|sighed|laughed|cried|pleaded|begged|demanded|"
    "announced|thundered|fumed|disclosed|revealed|describing|clarified|stressing|acknowledging|admitting"
)
"""Attribution verbs that usually sit next to a quotation."""

VERB = re.compile(rf"\b(?:{VERBS})\b")
_PARTICIPLES = re.compile(r"ing$")
_ADVERBS = re.compile(
    r"(?:\s+(?:also|later|then|previously|recently|further|again|simply|quickly|repeatedly|once|has|had|have|would|"
    r"will|was|is|reportedly|earlier|flatly|bluntly|angrily|proudly|frankly|candidly|openly|publicly|privately|"
    r"confidently|firmly|calmly|quietly|tearfully|excitedly|jokingly|allegedly|apparently|separately|subsequently|"
    r"initially|originally|first|finally|immediately|since|only|even|just|had|did|does|later))+$"
)
_NOMINAL = re.compile(
    r"(?:.*\s|^)(?P<np>(?:the|a|an|his|her|its|their|one|another|that|this)\s+(?:[\w’'-]+\s+){0,4}?[\w-]+"
    r"|police|officials|authorities|residents|witnesses|experts|analysts|critics|prosecutors|investigators|"
    r"organizers|organisers|sources|researchers|scientists|doctors)$",
    re.IGNORECASE | re.DOTALL,
)
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sen rep gov gen col lt sgt capt maj adm st mt jr sr inc corp ltd co no vs jan feb mar apr jun "  # noqa: SIM905 - a word list reads better as one string
    "jul aug sep sept oct nov dec u.s u.k u.n d.c e.g i.e etc".split()
)


@dataclass(frozen=True, slots=True)
class Clause:
    """An attribution: a verb (or "according to") and the words that name who speaks."""

    start: int
    """Start of the cue (subject or verb, whichever comes first)."""
    end: int
    """End of the cue."""
    verb: str
    """The verb as written."""
    subject: str
    """The subject as written ("Steve Cowan", "she", "the spokesman"); empty if none was found."""
    mention: Mention | None
    """The subject when it is a name."""


def hide(text: str, hidden: Sequence[tuple[int, int]]) -> str:
    """The text with the `hidden` spans (the words of quotations) blanked out, offsets unchanged."""
    chars = list(text)
    for start, end in hidden:
        chars[start:end] = "\x00" * (end - start)
    return "".join(chars)


def sentences_of(text: str, hidden: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentence spans: a line break, or a full stop followed by a capital, outside quotations and abbreviations."""
    cuts = {0, len(text)}
    for match in re.finditer(r"\n+", text):
        cuts.update((match.start(), match.end()))
    for match in re.finditer(r"(?<=[.!?])[”\"’']?\s+(?=[“\"‘'(]?[A-Z0-9])", text):
        position = match.end()
        if any(s < position < e for s, e in hidden):
            continue
        word = re.search(r"([\w.]+)[.!?]$", text[max(0, match.start() - 12) : match.start()])
        if word and (word.group(1).lower() in _ABBREVIATIONS or re.fullmatch(r"[A-Z]", word.group(1))):
            continue
        cuts.add(position)
    ordered = sorted(cuts)
    return [(a, b) for a, b in itertools.pairwise(ordered) if text[a:b].strip()]


@dataclass(frozen=True, slots=True)
class _Context:
    """Where an attribution verb stands: the masked text, its sentence, and the names around."""

    masked: str
    sentence: tuple[int, int]
    mentions: Sequence[Mention]
    by_start: Mapping[int, Mention]
    by_end: Mapping[int, Mention]


@dataclass(frozen=True, slots=True)
class _Names:
    """The masked text with its sentences and names, indexed for the clause finders."""

    masked: str
    sentences: Sequence[tuple[int, int]]
    mentions: Sequence[Mention]
    by_start: Mapping[int, Mention]
    by_end: Mapping[int, Mention]

    def context(self, position: int) -> _Context:
        """The context of the sentence holding `position`."""
        sentence = next(((s, e) for s, e in self.sentences if s <= position < e), (0, len(self.masked)))
        return _Context(self.masked, sentence, self.mentions, self.by_start, self.by_end)


def find_clauses(masked: str, sentences: Sequence[tuple[int, int]], mentions: Sequence[Mention]) -> list[Clause]:
    """Every attribution verb outside quotations, with the subject that names the speaker."""
    names = _Names(masked, sentences, mentions, {m.start: m for m in mentions}, {m.end: m for m in mentions})
    found = []
    for match in re.finditer(rf"{VERB.pattern}|\b[Aa]ccording to\b|\b[Aa]s (?=\w+ (?:put it|said))", masked):
        clause = _clause(names.context(match.start()), match)
        if clause is not None:
            found.append(clause)
    found += _speaker_labels(masked, names.by_start)
    found += _after_quotation(names, found)
    return sorted(found, key=lambda c: c.start)


_AFTER_CLOSE = re.compile(
    r"[”\"’],?\s*(?P<subject>he|she|they|it|(?:the|a|an|one)\s+(?:(?![\w’']+ing\b)[\w’'-]+\s+){0,4}?[\w’'-]+"
    r"|[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})\s+(?P<verb>[a-z]+ed)\b",
)


def _after_quotation(names: _Names, known: Sequence[Clause]) -> list[Clause]:
    """For "'...,' the director reminded": any past-tense verb with its subject right after a quotation attributes it."""
    found = []
    masked = names.masked
    for match in _AFTER_CLOSE.finditer(masked):
        verb_start = match.start("verb")
        if masked[match.start() - 1 : match.start()] not in {"\x00", ",", ".", "!", "?"}:
            continue
        if any(c.start <= verb_start <= c.end for c in known):
            continue
        verb = re.compile(re.escape(match.group("verb"))).match(masked, verb_start)
        clause = _clause(names.context(verb_start), verb) if verb else None
        if clause is not None and clause.subject:
            found.append(clause)
    return found


def _speaker_labels(masked: str, by_start: Mapping[int, Mention]) -> list[Clause]:
    """Transcript and press-release style: a line that opens with a name and a colon before a quotation."""
    found = []
    for match in re.finditer(r"^[ \t]*(?:[A-Z][\w.’'-]*\s+){0,4}?(?=\S)", masked, re.MULTILINE):
        mention = by_start.get(match.end())
        if mention is not None and re.match(r"\s*:\s*[“\"‘\x00]", masked[mention.end : mention.end + 6]):
            found.append(Clause(mention.start, mention.end + 1, ":", mention.name, mention))
    return found


def _clause(context: _Context, verb: re.Match[str]) -> Clause | None:
    """The attribution of one verb: a passive's agent, the subject right after it, or the subject before it."""
    word, masked, sentence = verb.group(), context.masked, context.sentence
    if word.lower() in {"according to", "as"}:
        return _subject_after(context, verb)
    boundary = max(sentence[0], masked.rfind("\x00", sentence[0], verb.start()) + 1)
    before = masked[boundary : verb.start()]
    by_agent = word.endswith(("ed", "told")) and re.match(
        r"\s+(?:\w+\s+){0,2}?by\s", masked[verb.end() : verb.end() + 40]
    )
    if by_agent or re.search(r"\b(?:was|were|been|being|is|are)\s+(?:\w+ly\s+)?$", before):
        return _passive(context, verb)
    if not before.strip(" ,”\"’'—–-:;\n"):
        after = _subject_after(context, verb)
        if after is not None and after.subject:
            return after
    subject = _participle_subject(context, verb) or _subject_before(context, boundary, verb.start())
    if subject is None:
        return Clause(verb.start(), verb.end(), word, "", None)
    start, text, mention = subject
    return Clause(min(start, verb.start()), max(verb.end(), start + len(text)), word, text, mention)


def _participle_subject(context: _Context, verb: re.Match[str]) -> tuple[int, str, Mention | None] | None:
    """For "Trump congratulated Pelosi, saying ...": the sentence's subject says it, not the name next to the verb."""
    return _sentence_opener(context, verb.start()) if _PARTICIPLES.search(verb.group()) else None


def _sentence_opener(context: _Context, before: int) -> tuple[int, str, Mention | None] | None:
    """The name or pronoun the sentence opens with, when it comes before `before`."""
    sentence = context.sentence
    opener = sentence_subject(context.masked, sentence, context.mentions)
    if opener is not None and opener.start < before:
        return opener.start, opener.name, opener
    pronoun = re.match(r"\s*(He|She|They|It)\s", context.masked[sentence[0] : before])
    return (sentence[0] + pronoun.start(1), pronoun.group(1), None) if pronoun else None


def _passive(context: _Context, verb: re.Match[str]) -> Clause:
    """The agent of a passive ("He was told by Minister X", "described by X as"); nobody when none is named."""
    rest_start = verb.end()
    agent = re.match(
        r"[^\x00.;]{0,40}?\bby\s+(?:[a-z][\w-]*\s+){0,3}", context.masked[rest_start : context.sentence[1]]
    )
    if agent is not None:
        mention = _mention_near(context, rest_start + agent.end())
        if mention is not None:
            return Clause(verb.start(), mention.end, verb.group(), mention.name, mention)
    return Clause(verb.start(), verb.end(), verb.group(), "", None)


def _mention_near(context: _Context, position: int) -> Mention | None:
    """The name at `position`, or after a title or two there ("Mayor Muriel Bowser", "Col. Chuck Masaracchia")."""
    window = context.masked[position : min(position + 40, context.sentence[1])]
    for word_start in re.finditer(r"(?<=\s)|^", window):
        mention = context.by_start.get(position + word_start.start())
        if mention is not None:
            return mention
    return None


def _subject_after(context: _Context, verb: re.Match[str]) -> Clause | None:
    """The subject after the verb: `said Steve Cowan`, `according to the ministry`, `said a spokesman`."""
    word = verb.group()
    rest = context.masked[verb.end() : context.sentence[1]]
    lead = re.match(r"\s*(?:[a-z][\w’'-]*\s+){0,4}", rest)
    offsets = [0] + [w.end() for w in re.finditer(r"\s*[a-z][\w’'-]*\s+", lead.group() if lead else "")]
    for offset in [len(rest) - len(rest[o:].lstrip()) for o in offsets]:
        mention = context.by_start.get(verb.end() + offset) or _mention_near(context, verb.end() + offset)
        if mention is not None:
            return Clause(verb.start(), mention.end, word, mention.name, mention)
    pronoun = re.match(r"\s*(he|she|they|it)\b", rest, re.IGNORECASE)
    if pronoun is not None:
        return Clause(verb.start(), verb.end() + pronoun.end(), word, pronoun.group(1), None)
    nominal = re.match(
        r"\s*((?:the|a|an|one)\s+[^,.;:\x00“”\"]{2,60}?)(?=[,.;:\x00]|\s+(?:who|in|on|at|when)\b|$)", rest
    )
    if nominal is not None:
        return Clause(verb.start(), verb.end() + nominal.end(), word, nominal.group(1).strip(), None)
    return None if word.lower() in {"according to", "as"} else Clause(verb.start(), verb.end(), word, "", None)


def _subject_before(context: _Context, boundary: int, verb_start: int) -> tuple[int, str, Mention | None] | None:
    """The subject before the verb: `Cowan said`, `Steve Cowan, the mayor, said`, `she said`, `the ministry said`."""
    masked = context.masked
    trimmed = _ADVERBS.sub("", masked[boundary:verb_start].rstrip()).rstrip()
    end = boundary + len(trimmed)
    if re.search(r"(?:^|\s)(?:and|but|or|then)$", trimmed):
        # "He referenced the packet and described ...": the verb shares the sentence's subject.
        return _sentence_opener(context, verb_start)
    mention = context.by_end.get(end)
    if mention is not None and mention.start >= boundary:
        owner = _owner_before(masked, mention, context.mentions, boundary)
        return owner.start, owner.name, owner
    if trimmed.endswith(","):
        found = _appositive_subject(masked, boundary, end, context.mentions)
        return (found.start, found.name, found) if found else None
    pronoun = re.search(r"(?:^|\s)(he|she|they|it|we|i)$", trimmed, re.IGNORECASE)
    if pronoun is not None:
        return end - len(pronoun.group(1)), pronoun.group(1), None
    nominal = _NOMINAL.search(trimmed)
    return (end - len(nominal.group("np")), nominal.group("np"), None) if nominal else None


_OF = re.compile(r"\s+(?:of|at|from|with|for)\s+(?:the\s+)?")


def _owner_before(masked: str, mention: Mention, mentions: Sequence[Mention], boundary: int) -> Mention:
    """In "John Geiger of USGS told", the name whose organization follows it speaks."""
    earlier = [m for m in mentions if boundary <= m.start and m.end <= mention.start]
    while earlier and _OF.fullmatch(masked, earlier[-1].end, mention.start):
        mention = earlier.pop()
    return mention


def _appositive_subject(masked: str, boundary: int, end: int, mentions: Sequence[Mention]) -> Mention | None:
    """The name before an apposition: "Steve Cowan, a meteorologist with the service, said".

    The apposition may itself be the name ("Senate Minority Leader, Chuck Schumer, said"), and the
    name may be followed by where it belongs ("Tristan Smith of University College London, ...").
    """
    inside = [m for m in mentions if boundary <= m.start < end]
    for index, candidate in enumerate(inside):
        between = masked[candidate.end : end]
        if not re.match(r"(?:\s*\([^)]*\))?,", between) or re.search(r"[.;\x00]", between) or VERB.search(between):
            continue
        named = next((m for m in inside[index + 1 :] if re.fullmatch(r",\s*", masked[candidate.end : m.start])), None)
        if named is not None and re.fullmatch(r",\s*", masked[named.end : end]):
            return named
        return _owner_before(masked, candidate, inside[: index + 1], boundary)
    return None


_ROLE_VOCABULARY = (
    "the a an another former ex then also of for at its his her their senior top chief deputy acting interim local "
    "provincial regional national foreign defense defence military government state federal city county party "
    "spokesman spokeswoman spokesperson official officials minister secretary ambassador agent general colonel "
    "captain commander director president governor senator mayor lawyer attorney envoy aide source expert analyst "
    "professor researcher scientist doctor head leader member chairman chairwoman chair founder executive manager "
    "correspondent reporter editor journalist writer author activist resident witness survivor student teacher "
    "officer police representative delegate adviser advisor counsel prosecutor judge coach player actor actress "
    "singer artist wife husband son daughter mother father brother sister friend colleague partner neighbor "
    "neighbour owner worker employee veteran candidate lawmaker legislator congressman congresswoman councilman "
    "councilwoman premier chancellor commissioner inspector detective sergeant lieutenant major admiral pilot "
    "engineer economist strategist historian cameraman producer"
)
_ROLE_ALTERNATION = "|".join(
    re.escape(w) for w in sorted({*_ROLE_VOCABULARY.split(), *title_words()}, key=len, reverse=True)
)
_OPENING_WORDS = re.compile(rf"(?:\s*(?:[’']s\b|,|(?:{_ROLE_ALTERNATION})\b\.?))*\s*", re.IGNORECASE)
"""What may come before the first name of a sentence: "The", "Former", "Interior Minister", "The mayor of"."""
_JOINING_ALTERNATION = "|".join(
    re.escape(w)
    for w in sorted({*_ROLE_VOCABULARY.split(), *title_words()} - {"of", "for", "at"}, key=len, reverse=True)
)
_ROLE_WORDS = re.compile(
    rf"(?=(?:\s*(?:[’']s\b|,))*\s*(?:{_JOINING_ALTERNATION})\b)(?:\s*(?:[’']s\b|,|(?:{_JOINING_ALTERNATION})\b\.?))*\s*",
    re.IGNORECASE,
)
"""What may join two names at the start of a sentence: "'s wife", " expert", " correspondent,"."""
"""Words that may stand between the names that open a sentence: "Mendez's wife Jonna Mendez", "Korea expert Bruce Bennett"."""


def _after_descriptors(masked: str, position: int, starts: Mapping[int, Mention]) -> Mention | None:
    """A name after capitalised words that are no name of their own ("Greek NGO" before a registered name)."""
    words = re.match(r"(?:[A-Z][\w’'-]*\s+){1,3}", masked[position : position + 60])
    if words is None or any(w.lower() in NOT_NAMES for w in words.group().split()):
        return None  # "On Twitter, ...": sentence words, not descriptors
    for end in (m.end() for m in re.finditer(r"\s+", words.group())):
        if (mention := starts.get(position + end)) is not None:
            return mention
    return None


def sentence_subject(masked: str, sentence: tuple[int, int], mentions: Sequence[Mention]) -> Mention | None:
    """The name a sentence opens with, as its subject: the last of the names joined by role words at its start.

    "Former CIA deputy director Michael Morell praised..." opens with Michael Morell; an opening phrase
    ending with a comma ("On Monday, ...") is passed over.
    """
    starts = {m.start: m for m in mentions if sentence[0] <= m.start < sentence[1]}
    position = sentence[0]
    opener = re.match(r"[^,\x00“”\"]+,\s*", masked[position : sentence[1]])
    subject = None
    for begin in (position, position + opener.end()) if opener else (position,):
        chain_end = begin
        while True:
            pattern = _OPENING_WORDS if subject is None else _ROLE_WORDS
            gap = pattern.match(masked, chain_end, sentence[1])
            mention = starts.get(gap.end()) if gap else None
            if mention is None and subject is None and gap is not None:
                mention = _after_descriptors(masked, gap.end(), starts)
            if mention is None and subject is not None:
                # "The mayor of London, Sadiq Khan, thanked ...": a name set off by commas is the one meant.
                named = re.match(r",\s*", masked[chain_end : sentence[1]])
                mention = starts.get(chain_end + named.end()) if named else None
                if mention is not None and not masked.startswith(",", mention.end):
                    mention = None
            if mention is None:
                break
            subject, chain_end = mention, mention.end
        if subject is not None:
            return subject
    return None
