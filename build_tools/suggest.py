"""Suggest: a clean text and the speaker registry in, likely claims out (direct quotations and who said them); reads no files.

Used by `archive new` to prefill an annotation stub. A suggestion is a starting point for a human
annotator, never an annotation: it is written as a comment and must be checked.

Quotations come from `quotes` (between marks, social media posts, block quotations after an
introduction ending with a colon); names from `names`; attribution verbs and their subjects from
`clauses`. The speaker of a quotation is, in order:

1. the subject of the attribution verb next to it in its sentence ("X said", "said X", "X, the
   mayor, said", "according to X", "X told CNN": X, not CNN; "was told by X": X);
2. the name (or pronoun) its sentence opens with ("Tusk wrote: '...'", "X called it '...'");
3. the subject of an attribution elsewhere in its paragraph;
4. for a paragraph that goes on quoting, the speaker of the quotation before (said in the reason);
5. the one the paragraph before is about, for a paragraph that only quotes; the person the
   article reports an interview with.

A pronoun ("she said") is the subject of a sentence just before, or the nearest person named
before whom the text shows to be of that gender (Mr, Ms, "spokeswoman", "Cowan said he ..."); when
that is not clear nobody is proposed and the reason says why. "The spokesman" is the nearest one
named with that role; "a spokesman" is a source the text does not name. Names that are not
registered are proposed as new registry entries.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from build_tools.clauses import VERBS, Clause, find_clauses, hide, sentence_subject, sentences_of
from build_tools.model import Speaker
from build_tools.names import (
    Cast,
    Member,
    Mention,
    build_cast,
    find_mentions,
    gender_of_word,
    note_gender,
    registry_names,
    slug,
)
from build_tools.quotes import MIN_WORDS, Quotation, find_quotations, lines_of, statement_quotations

__all__ = ["MIN_WORDS", "VERBS", "NewSpeaker", "Suggestion", "Suggestions", "suggest_claims", "suggest_quotes"]

_PRONOUNS = {"he": "male", "she": "female", "they": None, "it": None, "we": None, "i": None}
_GENDER_PRONOUN = re.compile(r"\b(?:he|him|his|himself|she|her|hers|herself)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class NewSpeaker:
    """A speaker the registry does not know yet, proposed for `annotations/speakers.yml`."""

    id: str
    """The id it would get."""
    name: str
    """Its name as the article writes it in full."""
    type: str
    """`person` or `organization`."""


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A direct quotation found in the text and its likely speaker."""

    quote: str
    """The quoted words, without the quotation marks."""
    start: int
    """Where the quoted words start in the clean text."""
    speaker: str | None
    """Most likely speaker id (registered, or proposed in `Suggestions.new_speakers`), if one could be told."""
    cue: str | None
    """The attribution words found next to the quotation."""
    reason: str
    """How the speaker was found, for the annotator."""
    end: int = 0
    """Where the quoted words end in the clean text."""
    speaker_name: str | None = None
    """The speaker's name, registered or as the text writes it (or the words for an unnamed source)."""
    unnamed: str | None = None
    """For a source the text does not name, how it describes it ("a defense ministry spokesman")."""


@dataclass(frozen=True, slots=True)
class Suggestions:
    """The suggested claims of one article and the speakers they would add to the registry."""

    claims: tuple[Suggestion, ...]
    """In text order."""
    new_speakers: tuple[NewSpeaker, ...]
    """Speakers of the suggestions that are not registered, by id."""


@dataclass(frozen=True, slots=True)
class _Speaker:
    """Who a clause names, resolved."""

    member: Member | None
    """The person or organization, if told."""
    why: str
    """How, or why nobody could be told."""
    unnamed: str | None = None
    """The words for a source the text does not name ("a defense ministry spokesman", "officials")."""


@dataclass(slots=True)
class _Article:
    """What attribution looks at: the text with quotations hidden, its sentences, names and clauses."""

    text: str
    masked: str
    quotations: list[Quotation]
    sentences: list[tuple[int, int]]
    cast: Cast
    clauses: list[Clause]
    mentions: list[Mention]
    interviewee: Member | None = None


def suggest_quotes(text: str, speakers: Mapping[str, Speaker]) -> list[Suggestion]:
    """Every direct quotation of at least `MIN_WORDS` words, with the speaker it is most likely attributed to."""
    return list(suggest_claims(text, speakers).claims)


def suggest_claims(text: str, speakers: Mapping[str, Speaker]) -> Suggestions:
    """The direct quotations of a text with their likely speakers, and the unregistered speakers among them."""
    article = _read(text, speakers)
    proposed = _proposed_ids(article.cast, speakers)
    suggestions: list[Suggestion] = []
    previous: _Previous | None = None
    for quotation in article.quotations:
        clause, speaker = _attribute(article, quotation, previous)
        previous = (quotation, speaker, clause)
        suggestions.append(_suggestion(text, quotation, clause, speaker, proposed))
    return Suggestions(tuple(suggestions), _new_speakers(suggestions, article.cast, proposed))


def _proposed_ids(cast: Cast, speakers: Mapping[str, Speaker]) -> dict[int, str]:
    """The registry id each unregistered member would get (by `id()` of the member): its name's slug, unused."""
    proposed: dict[int, str] = {}
    for member in cast.members:
        if member.speaker_id is None:
            base = slug(member.name) or "speaker"
            candidate, number = base, 2
            while candidate in speakers:  # a namesake already registered under that id
                candidate, number = f"{base}-{number}", number + 1
            proposed[id(member)] = candidate
    return proposed


def _read(text: str, speakers: Mapping[str, Speaker]) -> _Article:
    # Every quotation hides its words, short ones too: a name or a verb inside quotation marks attributes nothing.
    hidden = [(q.start, q.end) for q in find_quotations(text)]
    masked = hide(text, hidden)
    mentions = find_mentions(text, hidden, registry_names(speakers), VERBS)
    cast = build_cast(mentions, speakers)
    sentences = sentences_of(text, hidden)
    clauses = find_clauses(masked, sentences, mentions)
    openers = [m for m in (sentence_subject(masked, s, mentions) for s in sentences) if m is not None]
    subjects = {c.mention.start for c in clauses if c.mention} | {m.start for m in openers}
    subjects |= {partner.start for m in openers if (partner := _partner(masked, m, mentions)) is not None}
    _learn_genders(masked, sentences, cast, subjects)
    for mention in mentions:
        if mention.start in subjects:
            cast.member_at(mention).speaks = True
    article = _Article(text, masked, statement_quotations(text), sentences, cast, clauses, mentions)
    article.quotations = [q for q in article.quotations if q.kind != "block" or _block_speaker(article, q) is not None]
    article.interviewee = _interviewee(article)
    return article


def _partner(masked: str, mention: Mention, mentions: Sequence[Mention]) -> Mention | None:
    """The second name of a subject like "Pat Lee and Sam Kim", if the mention opens one."""
    joined = re.match(r"\s+and\s+", masked[mention.end : mention.end + 8])
    if joined is None:
        return None
    return next((m for m in mentions if m.start == mention.end + joined.end()), None)


def _interviewee(article: _Article) -> Member | None:
    """The person an article reports an interview with, in its first paragraphs ("X sat down for an interview")."""
    lines = lines_of(article.text)[:4]
    for sentence in article.sentences:
        if lines and sentence[0] >= lines[-1].end:
            break
        if re.search(r"\binterview", article.masked[sentence[0] : sentence[1]], re.IGNORECASE):
            opener = sentence_subject(article.masked, sentence, article.mentions)
            if opener is not None and article.cast.member_at(opener).kind == "person":
                return article.cast.member_at(opener)
    return None


_NARRATION = re.compile(rf"\b(?:he|she|they|[A-Z][\w’'-]+)\s+(?:also\s+)?(?:{VERBS})\b")


def _block_speaker(article: _Article, quotation: Quotation) -> _Speaker | None:
    """Who a block quotation is by: the one its introduction names ("Raihan wrote in his blog:"), if any."""
    if _NARRATION.search(article.text, quotation.start, quotation.end):
        return None  # "Wikinews also asked Stamenković ...": a paragraph that attributes is narration, not a quotation.
    lines = lines_of(article.text)
    index = quotation.line - 1
    while index >= 0 and not article.text[lines[index].start : lines[index].end].rstrip().endswith(":"):
        index -= 1
    if index < 0:
        return None
    intro = lines[index]
    subject = _last_subject(article, intro.start, intro.end)
    if subject is None:
        return None
    return _Speaker(
        subject, f"a block quotation introduced by '{_clip(article.text[intro.start : intro.end].strip())}'"
    )


def _clip(text: str, length: int = 60) -> str:
    return text if len(text) <= length else "..." + text[-length:]


def _sentence_at(article: _Article, position: int) -> tuple[int, int]:
    for start, end in article.sentences:
        if start <= position < end:
            return start, end
    return position, position


def _line_span(text: str, position: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return start, len(text) if end == -1 else end


def _learn_genders(masked: str, sentences: Sequence[tuple[int, int]], cast: Cast, subjects: set[int]) -> None:
    """Genders from honorifics, role words used with the name, and the pronoun that follows it in its sentence.

    The pronoun counts only after a name that is the subject of its sentence or of an attribution
    ("Honcharuk filed his resignation", "Cowan said he"): after another name it may point elsewhere.
    """
    for member in cast.members:
        for word in sorted(member.descriptors):
            gender = gender_of_word(word)
            if gender is not None:
                note_gender(member, gender, f"'{word}' used with the name")
    person_mentions = sorted(
        (m for member in cast.members if member.kind != "organization" for m in member.mentions), key=lambda m: m.start
    )
    for index, mention in enumerate(person_mentions):
        end = next((e for s, e in sentences if s <= mention.start < e), len(masked))
        following = person_mentions[index + 1].start if index + 1 < len(person_mentions) else len(masked)
        window = masked[mention.end : min(end, following)]
        pronoun = _GENDER_PRONOUN.search(window) if mention.start in subjects else None
        if pronoun is not None:
            gender = gender_of_word(pronoun.group())
            member = cast.member_at(mention)
            if gender is not None:
                note_gender(member, gender, f"'{mention.name} ... {pronoun.group()}' in the text")
        appositive = re.match(r",\s+(?:a|an|the)\s+([\w\s-]{2,40}?)(?:,|\s+(?:of|for|at|in|with|from))", window)
        if appositive is not None:
            member = cast.member_at(mention)
            words = appositive.group(1).lower().split()
            member.descriptors.update(words)
            for word in words:
                gender = gender_of_word(word)
                if gender is not None:
                    note_gender(member, gender, f"'{mention.name}, ... {word}' in the text")


_Attribution = tuple[Clause | None, _Speaker]
_Previous = tuple[Quotation, _Speaker, Clause | None]


def _attribute(article: _Article, quotation: Quotation, previous: _Previous | None) -> _Attribution:
    """The clause of a quotation and who it names.

    In order: an attribution in its sentence; the name (or pronoun) its sentence opens with ("Tusk
    wrote: ...", "Brudziński called the stabbing ..."); an attribution elsewhere in its paragraph;
    the speaker of the quotation it goes on from; the one the paragraph before is about; the
    person the article is an interview with.
    """
    if quotation.kind == "block":
        block = _block_speaker(article, quotation)
        assert block is not None  # blocks without one were left out
        return None, block
    sentence = _sentence_at(article, quotation.mark_start)
    clause = _clause_in_sentence(article, quotation, sentence)
    if clause is not None and clause.subject:
        return clause, _resolve(article, clause)
    found = (
        _by_sentence_opener(article, quotation, sentence)
        or _by_paragraph(article, quotation)
        or _by_previous(article, quotation, previous)
        or _by_context(article, quotation)
    )
    return found or (clause, _Speaker(None, "no attribution found next to the quotation"))


def _by_sentence_opener(article: _Article, quotation: Quotation, sentence: tuple[int, int]) -> _Attribution | None:
    opener = sentence_subject(article.masked, sentence, article.mentions)
    if opener is not None and opener.end <= quotation.mark_start:
        member = article.cast.member_at(opener)
        return None, _Speaker(member, f"the sentence of the quotation opens with {opener.name}")
    before = article.masked[sentence[0] : quotation.mark_start]
    pronoun = re.match(r"(?:[^,\x00“”\"]{1,60},\s*)?(He|She|he|she)\s+[a-z]", before)
    if pronoun is None:
        return None
    # "In his message, he appreciated ...": the pronoun the sentence opens with speaks.
    start = sentence[0] + pronoun.start(1)
    subject = Clause(start, start + len(pronoun.group(1)), "", pronoun.group(1), None)
    return None, _resolve_pronoun(article, pronoun.group(1).lower(), subject, pronoun.group(1))


def _by_paragraph(article: _Article, quotation: Quotation) -> _Attribution | None:
    line = _line_span(article.text, quotation.mark_start)
    nearby = [c for c in article.clauses if line[0] <= c.start < line[1] and c.subject]
    if not nearby:
        return None
    clause = min(nearby, key=lambda c: abs(c.start - quotation.mark_start))
    speaker = _resolve(article, clause)
    return clause, _Speaker(speaker.member, f"{speaker.why}, in the same paragraph", speaker.unnamed)


def _by_previous(article: _Article, quotation: Quotation, previous: _Previous | None) -> _Attribution | None:
    if previous is None or not _continues(article, previous, quotation):
        return None
    earlier = previous[1]
    if earlier.member is not None:
        return None, _Speaker(
            earlier.member, f"no attribution here: it goes on quoting {earlier.member.name} from before"
        )
    return None, _Speaker(
        None, f"no attribution here: it goes on from the quotation before ({earlier.why})", earlier.unnamed
    )


def _by_context(article: _Article, quotation: Quotation) -> _Attribution | None:
    introduced = _introduced_before(article, quotation)
    if introduced is not None:
        return None, introduced
    if article.interviewee is not None:
        member = article.interviewee
        return None, _Speaker(member, f"no attribution: the article is an interview with {member.name}")
    return None


def _introduced_before(article: _Article, quotation: Quotation) -> _Speaker | None:
    """For a paragraph that is only a quotation: the one the paragraph before speaks of, if it has no quotation."""
    lines = lines_of(article.text)
    line = lines[quotation.line]
    if quotation.line == 0 or article.text[line.start : quotation.mark_start].strip():
        return None
    before = lines[quotation.line - 1]
    if any(q.line == before.index for q in article.quotations):
        return None
    subject = _last_subject(article, before.start, before.end)
    if subject is None:
        return None
    return _Speaker(subject, f"a paragraph that only quotes, after one about {subject.name}")


def _last_subject(article: _Article, start: int, end: int) -> Member | None:
    """The person or organization the last sentence of a stretch of text that has one is about."""
    for sentence in reversed([s for s in article.sentences if start <= s[0] < end]):
        clauses = [c for c in article.clauses if sentence[0] <= c.start < sentence[1] and c.subject]
        for clause in reversed(clauses):
            resolved = _resolve(article, clause)
            if resolved.member is not None:
                return resolved.member
        opener = sentence_subject(article.masked, sentence, article.mentions)
        if opener is not None:
            return article.cast.member_at(opener)
    return None


def _clause_in_sentence(article: _Article, quotation: Quotation, sentence: tuple[int, int]) -> Clause | None:
    """The attribution of a quotation in its sentence: right after it, else the nearest before, else any after."""
    inside = [
        c
        for c in article.clauses
        if sentence[0] <= c.start < sentence[1] and not quotation.start <= c.start < quotation.end
    ]
    after = [c for c in inside if c.start >= quotation.mark_end]
    before = [c for c in inside if c.start < quotation.mark_start]
    right_after = [c for c in after[:1] if not article.masked[quotation.mark_end : c.start].strip(" ,”\"’'—–-\x00")]
    ordered = [*right_after, *reversed(before), *after]
    # A verb whose subject names nobody ("..., adding") gives way to one that names someone.
    return next((c for c in ordered if c.subject), ordered[0] if ordered else None)


def _continues(article: _Article, previous: _Previous, quotation: Quotation) -> bool:
    """Whether a quotation goes on from the one before: next paragraph (or same), and nothing else attributed in between."""
    earlier, _, clause = previous
    if quotation.line - earlier.line > 1:
        return False
    line = lines_of(article.text)[quotation.line]
    opens = article.text[line.start : quotation.mark_start].strip() == ""
    since = max(earlier.mark_end, clause.end if clause is not None else 0)
    between = [c for c in article.clauses if since <= c.start < quotation.mark_start and c.subject]
    return (opens or quotation.line == earlier.line) and not between


def _resolve(article: _Article, clause: Clause) -> _Speaker:
    """Who the clause's subject is: a name, a pronoun's antecedent, a role's holder, or nobody."""
    cue = _cue(article.text, clause)
    if clause.mention is not None:
        member = article.cast.member_at(clause.mention)
        return _Speaker(member, f"'{cue}'")
    subject = clause.subject.lower()
    if not subject:
        return _Speaker(None, f"'{clause.verb}' without a subject that names anyone")
    if subject in _PRONOUNS:
        return _resolve_pronoun(article, subject, clause, cue)
    return _resolve_nominal(article, subject, clause, cue)


def _resolve_pronoun(article: _Article, pronoun: str, clause: Clause, cue: str) -> _Speaker:
    gender = _PRONOUNS[pronoun]
    before = article.cast.mentions_before(clause.start)
    if pronoun in {"they", "it"}:
        window = _recent_lines_start(article.text, clause.start, 3)
        organization = next(
            (member for m, member in before if member.kind == "organization" and m.start >= window), None
        )
        if organization is not None:
            return _Speaker(organization, f"'{cue}': the organization named last before it, {organization.name}")
        return _Speaker(None, f"'{cue}': no organization named shortly before it")
    if gender is None:
        return _Speaker(None, f"'{cue}': first person, the speaker is not named")
    return _antecedent(article, before, gender, clause, cue)


def _antecedent(
    article: _Article, before: Sequence[tuple[Mention, Member]], gender: str, clause: Clause, cue: str
) -> _Speaker:
    """Who "he" or "she" is: the subject of a sentence just before, else the nearest person of that gender.

    A subject whose gender the text does not tell is taken unless a person of the pronoun's gender
    is named between it and the pronoun; a person of the other gender is never taken.
    """
    found = _previous_subject(article, clause.start, gender)
    if isinstance(found, str):
        return _Speaker(None, f"'{cue}': the subject of the sentence before, whom the text does not name", found)
    if found is not None:
        mention, subject = found
        between = [m for m, member in before if m.start > mention.start and member.gender == gender]
        if subject.gender == gender or not between:
            told = subject.gender_cue if subject.gender == gender else "gender not told"
            return _Speaker(subject, f"'{cue}': the subject of the sentence before, {subject.name} ({told})")
    nearest = _nearest_of_gender(before, gender)
    if nearest is not None and nearest[1]:
        member = nearest[0]
        return _Speaker(
            member, f"'{cue}': the nearest {_noun(gender)} named before, {member.name} ({member.gender_cue})"
        )
    people = _people(before)
    if not people:
        return _Speaker(None, f"'{cue}': no person named before it")
    names = ", ".join(m.name for m in people[:3])
    return _Speaker(None, f"'{cue}': the text does not tell which of {names} is meant")


def _people(before: Sequence[tuple[Mention, Member]]) -> list[Member]:
    people: list[Member] = []
    for _, member in before:
        # A run of capitalised words ("Northern Cyprus") is a person only when the text treats it as one.
        evidence = member.gender is not None or member.speaks or bool(member.descriptors)
        if member.kind != "organization" and evidence and member not in people:
            people.append(member)
    return people


def _nearest_of_gender(before: Sequence[tuple[Mention, Member]], gender: str) -> tuple[Member, bool] | None:
    """The nearest person of `gender`, and whether everyone named nearer is known to be of the other one."""
    people = _people(before)
    for index, member in enumerate(people):
        if member.gender == gender:
            return member, all(m.gender is not None for m in people[:index])
    return None


def _previous_subject(article: _Article, position: int, gender: str) -> tuple[Mention, Member] | str | None:
    """The person the last sentences before `position` are about (within two paragraphs), not of the other gender.

    In each sentence, nearest first, the subjects of its attributions ("... while Brudziński wrote")
    and the name it opens with count; a sentence that opens with someone unnamed ("a lady from the
    county office was all smiles") gives the words for them.
    """
    earlier = [s for s in article.sentences if s[0] <= position]
    window = _recent_lines_start(article.text, position, 2)
    for sentence in reversed(earlier[-3:]):
        if sentence[1] < window:
            break
        candidates = [
            c.mention for c in article.clauses if sentence[0] <= c.start < min(sentence[1], position) and c.mention
        ]
        opener = sentence_subject(article.masked, sentence, article.mentions)
        if opener is not None and _partner(article.masked, opener, article.mentions) is None:
            # "Pat Lee and Sam Kim waited": two people, neither of whom a later "he" can be told to be.
            candidates.insert(0, opener)
        for mention in reversed([m for m in candidates if m is not None and m.end <= position]):
            member = article.cast.member_at(mention)
            if member.kind != "organization" and member.gender in {None, gender}:
                return mention, member
        unnamed = _unnamed_opener(article.masked, sentence, gender) if not candidates else None
        if unnamed is not None and sentence[1] <= position:
            return unnamed
    return None


_UNNAMED_OPENER = re.compile(
    r"(?:[^,\x00“”\"]{1,40},\s*)?(?P<np>(?:a|an|one|another)\s+(?:[\w’'-]+\s+){0,7}?)"
    r"(?:was|were|is|are|has|had|said|says|told|[a-z]+ed)\b",
    re.IGNORECASE,
)


def _unnamed_opener(masked: str, sentence: tuple[int, int], gender: str) -> str | None:
    """The words a sentence opens with for someone it does not name ("a lady from the county office")."""
    match = _UNNAMED_OPENER.match(masked, sentence[0], sentence[1])
    if match is None:
        return None
    words = match.group("np").split()
    if any(gender_of_word(w) not in {None, gender} for w in words):
        return None
    return " ".join(words)


def _noun(gender: str) -> str:
    return "woman" if gender == "female" else "man"


def _recent_lines_start(text: str, position: int, count: int) -> int:
    start = position
    for _ in range(count):
        start = text.rfind("\n", 0, max(0, start - 1))
        if start == -1:
            return 0
        while start > 0 and text[start - 1] == "\n":
            start -= 1
    return start


def _resolve_nominal(article: _Article, subject: str, clause: Clause, cue: str) -> _Speaker:
    """For "the spokesman" or "the ministry": the nearest member named with that role word; else an unnamed source."""
    head = re.findall(r"[\w-]+", subject)[-1]
    if re.match(r"(?:a|an|one|another)\s", subject):
        # "a defense ministry spokesman" brings in someone new; only "the spokesman" points back.
        return _unnamed(clause, cue)
    for _, member in article.cast.mentions_before(clause.start):
        words = {w.lower() for w in member.name.split()} | member.descriptors
        if head in words:
            return _Speaker(member, f"'{cue}': {member.name}, named before as '{head}'")
    gender = gender_of_word(head)
    if gender is not None and head not in {"man", "woman"}:
        found = _antecedent(article, article.cast.mentions_before(clause.start), gender, clause, cue)
        if found.member is not None:
            return found
    return _unnamed(clause, cue)


def _unnamed(clause: Clause, cue: str) -> _Speaker:
    return _Speaker(None, f"'{cue}': a source the text does not name", clause.subject)


def _suggestion(
    text: str, quotation: Quotation, clause: Clause | None, speaker: _Speaker, proposed: Mapping[int, str]
) -> Suggestion:
    member = speaker.member
    quote = text[quotation.start : quotation.end].rstrip(",")
    cue = _cue(text, clause) if clause is not None else None
    speaker_id = (member.speaker_id or proposed[id(member)]) if member is not None else None
    reason = (
        speaker.why
        if member is None or member.speaker_id
        else f"{speaker.why}; not registered yet: see the proposed entry"
    )
    return Suggestion(
        quote=quote,
        start=quotation.start,
        speaker=speaker_id or None,
        cue=cue,
        reason=reason,
        end=quotation.start + len(quote),
        speaker_name=member.name if member is not None else speaker.unnamed,
        unnamed=speaker.unnamed if member is None else None,
    )


def _cue(text: str, clause: Clause) -> str:
    """The attribution words: subject and verb ("Cowan told"), or the verb alone when they stand far apart."""
    words = text[clause.start : clause.end]
    return words if len(words) <= 60 or not clause.verb else clause.verb


def _new_speakers(suggestions: Sequence[Suggestion], cast: Cast, proposed: Mapping[int, str]) -> tuple[NewSpeaker, ...]:
    """The unregistered speakers the suggestions name, as registry entries, by id."""
    used = {s.speaker for s in suggestions}
    entries: dict[str, NewSpeaker] = {}
    for member in cast.members:
        speaker_id = proposed.get(id(member))
        if speaker_id is not None and speaker_id in used:
            kind = "organization" if member.kind == "organization" else "person"
            entries.setdefault(speaker_id, NewSpeaker(speaker_id, member.name, kind))
    return tuple(entries[k] for k in sorted(entries))
