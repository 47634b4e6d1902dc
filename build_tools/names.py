"""Names: a clean text and the speaker registry in, the people and organizations it names out; reads no files.

A mention is a run of capitalised words outside quotations (honorifics and job titles before it
are kept apart: they tell a role and, for Mr/Ms/Mrs, a gender), or a registered name or alias.
Mentions are grouped into the article's cast: "Cowan" is the "Steve Cowan" named before. Each
member knows its registry id when it is registered, and otherwise the entry it would get.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from build_tools.model import Speaker

SAY_VERBS = "said|says|told|tells|wrote|writes|added|tweeted|posted|noted|stated|explained|argued|asked|asks|warned"
"""The commonest attribution verbs: a capitalised word before one of them is a name (callers may pass more)."""

_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĢĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŹŻŽ"
_LOWER = "a-zß-öø-ÿāăąćčďđēėęěğģīįıķĺļľłńņňōőœŕřśşšţťūůűųźżž"
_CAPITAL = rf"(?:Mc|Mac|O[’']|D[’'])?[{_UPPER}][{_LOWER}]+(?:[{_UPPER}][{_LOWER}]+)*(?:[-’'][{_UPPER}]?[{_LOWER}]+)*"
_ABBREVIATED = (
    r"(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Col|Lt|Sgt|Capt|Maj|Adm|Cmdr|Cpl|Pvt|Brig|Det|Insp|Supt|Rev|Hon|St|Fr)\."
)
_TOKEN = rf"(?:{_ABBREVIATED}|(?:Ex-|ex-)?{_CAPITAL}|[{_UPPER}]\.|[{_UPPER}]{{2,}}[{_LOWER}]?(?:-[{_UPPER}]+)?|(?:[{_UPPER}]\.){{2,}})"
_PARTICLE = r"(?:de|da|del|della|di|du|van|von|der|den|ter|bin|ibn|al|el|la|le|dos|das|y)"
_RUN = re.compile(rf"{_TOKEN}(?:[ \u00a0](?:{_PARTICLE}[ \u00a0])?{_TOKEN})*(?:,? (?:Jr|Sr)\.|,? I{{2,3}}\b)?")
"""A run of capitalised words, initials and acronyms, with name particles between them."""

_OF_HEADS = frozenset(
    """department ministry university secretary minister institute council court bank office chamber board bureau
    commission committee agency academy school college museum society association federation union party league
    church republic kingdom house director chief head president governor mayor leader speaker chair chairman
    administration authority service centre center""".split()  # noqa: SIM905 - a word list reads better as one string
)
"""Last words of a name that go on with "of": "Department of Defense", "Secretary of State"."""

NOT_NAMES = frozenset(
    """the a an and but or nor so yet for in on at by to of from with as if when while after before since until
    though although because however meanwhile also still then now this that these those there here he she it they we
    i you his her its their our my your who what where why how which one some many most all both each every no not
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
    september october november december today yesterday tomorrow earlier later last next according said says
    mr mrs ms miss dr read more photo video watch advertisement update updated breaking live""".split()  # noqa: SIM905 - a word list reads better as one string
)
"""Capitalised words that start sentences or tell dates, not names."""

HONORIFICS = {"mr": "male", "mrs": "female", "ms": "female", "miss": "female", "sir": "male", "dame": "female",
              "lord": "male", "lady": "female", "madam": "female", "mister": "male"}  # fmt: skip
"""Honorifics and the gender they tell."""

_TITLES = frozenset(
    """mr mrs ms miss mx dr prof professor sen senator rep representative gov governor lt lieutenant gen general col
    colonel maj major capt captain sgt sergeant cpl corporal pvt private adm admiral cmdr commander officer detective
    det inspector constable chief deputy mayor president vice prime minister secretary judge justice rev reverend
    father pastor rabbi imam bishop cardinal pope king queen prince princess sir dame lord lady commissioner chancellor
    ambassador director councilman councilwoman councilmember councillor alderman superintendent sheriff coach
    attorney spokesman spokeswoman spokesperson trooper firefighter speaker leader chairman chairwoman chair premier
    sheikh emir ceo cfo coo founder ambassador envoy affairs executive assistant associate senior acting interim former foreign defense
    defence health state interior finance justice police fire county city state federal district u.s. us british
    russian ukrainian american chinese french german israeli palestinian iranian syrian iraqi afghan""".split()  # noqa: SIM905 - a word list reads better as one string
)
"""Words that stand before a name as a title ("Police Chief Robert Contee"), not as part of it."""

_PERSON_TITLES = _TITLES - frozenset(
    "foreign defense defence health state interior finance police fire county city federal district u.s. us british "  # noqa: SIM905 - a word list reads better as one string
    "russian ukrainian american chinese french german israeli palestinian iranian syrian iraqi afghan".split()
)
"""Titles that only a person bears."""

_ORGANIZATION_WORDS = frozenset(
    """ministry department dept agency office service services police council committee commission party government
    court association institute university college school hospital company corp corporation inc ltd llc plc group
    foundation center centre bureau authority administration board union federation news times post journal network
    press bank fund organization organisation army navy force forces guard kremlin pentagon parliament congress senate
    assembly club team airlines airways airport museum library church coalition alliance society laboratory lab
    network agency embassy consulate cabinet command brigade regiment battalion division unit station channel radio
    television tv magazine daily herald tribune gazette observer telegraph guardian reuters tass ministry platform
    states kingdom republic emirates nations islands island province region district
    directorate corps movement front""".split()  # noqa: SIM905 - a word list reads better as one string
)
"""Words that make a name an organization's."""

FEMALE_WORDS = frozenset(
    """she her hers herself woman women girl mother mom mum wife daughter sister grandmother granddaughter aunt niece
    actress spokeswoman chairwoman businesswoman congresswoman councilwoman sportswoman policewoman widow bride queen
    princess duchess girlfriend fiancee""".split()  # noqa: SIM905 - a word list reads better as one string
)
"""Words that tell a woman."""

MALE_WORDS = frozenset(
    """he him his himself man men boy father dad son brother grandfather grandson uncle nephew actor spokesman
    chairman businessman congressman councilman sportsman policeman widower groom king prince duke boyfriend
    fiance""".split()  # noqa: SIM905 - a word list reads better as one string
)
"""Words that tell a man."""


@dataclass(frozen=True, slots=True)
class Mention:
    """A name written in the text."""

    start: int
    """Where the name starts (after any title)."""
    end: int
    """Where it ends."""
    name: str
    """The name as written, without titles."""
    titles: tuple[str, ...] = ()
    """Titles written just before it (`Mayor`, `Mr.`), lowercase and without periods."""
    speaker_id: str | None = None
    """The registry id, when the mention is a registered name or alias."""


@dataclass(slots=True)
class Member:
    """A person or organization the article names."""

    name: str
    """The fullest form of the name seen."""
    kind: str
    """`person` or `organization`."""
    speaker_id: str | None
    """Registry id, or `None` when not registered."""
    gender: str | None = None
    """`female` or `male` when the text tells, else `None`."""
    gender_cue: str = ""
    """What told the gender, for the annotator."""
    descriptors: set[str] = field(default_factory=set)
    """Role words used with the name (`spokesman`, `mayor`, `kremlin`)."""
    mentions: list[Mention] = field(default_factory=list)
    """Where it is named, in order."""
    speaks: bool = False
    """Whether the text makes it the subject of a sentence or of an attribution: a place rarely is."""

    @property
    def surname(self) -> str:
        """The last word of the name."""
        return self.name.split()[-1]


def slug(text: str) -> str:
    """A registry id for a name: lowercase ASCII words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))


def registry_names(speakers: Mapping[str, Speaker]) -> dict[str, str]:
    """Every registered name and alias with its speaker id; "<organization> spokesman" names the organization's spokesperson."""
    names: dict[str, str] = {}
    for speaker in speakers.values():
        for name in (speaker.name, *speaker.aliases):
            names.setdefault(name, speaker.id)
    for organization, person in _spokespeople(speakers).items():
        for name in [n for n, i in list(names.items()) if i == organization]:
            for title in ("spokesman", "spokeswoman", "spokesperson", "press secretary"):
                names.setdefault(f"{name} {title}", person)
    return names


def _spokespeople(speakers: Mapping[str, Speaker]) -> dict[str, str]:
    found: dict[str, set[str]] = {}
    for speaker in speakers.values():
        for role in speaker.roles:
            if role.organization and re.search(r"spokes|press secretary", role.title, re.IGNORECASE):
                found.setdefault(role.organization, set()).add(speaker.id)
    return {organization: next(iter(people)) for organization, people in found.items() if len(people) == 1}


def find_mentions(
    text: str, hidden: Sequence[tuple[int, int]], registered: Mapping[str, str], speech_verbs: str = SAY_VERBS
) -> list[Mention]:
    """Every name outside the `hidden` spans (quotations), registered names first where they overlap.

    Args:
        text: The clean text.
        hidden: Spans whose words are no names (the words of quotations).
        registered: Registered names and aliases, with their speaker ids.
        speech_verbs: Verbs (a regular expression alternation) after which a capitalised word that
            opens a sentence is a name all the same ("Raihan wrote").

    """
    mask = _mask(text, hidden)
    found = _registered_mentions(mask, registered)
    taken = [(m.start, m.end) for m in found]
    for start, end in _runs(mask):
        mention = _mention(text, start, end)
        if mention is not None and not any(s < mention.end and mention.start < e for s, e in taken):
            found.append(mention)
    # Social media handles name their owners: "@chrisochoidis: ..." is a post by Michalis Chrisochoidis.
    found += [Mention(m.start(), m.end(), m.group()) for m in re.finditer(r"(?<![\w@.])@\w{2,}", mask)]
    return _without_sentence_capitals(mask, sorted(found, key=lambda m: m.start), speech_verbs)


def _runs(mask: str) -> list[tuple[int, int]]:
    """Runs of capitalised words, joined across "of" after words like Department ("Department of Defense")."""
    runs: list[tuple[int, int]] = []
    for match in _RUN.finditer(mask):
        if runs:
            gap = mask[runs[-1][1] : match.start()]
            last_word = mask[runs[-1][0] : runs[-1][1]].rsplit(maxsplit=1)[-1].lower()
            if re.fullmatch(r" (?:of|for|on)(?: the)? ", gap) and last_word in _OF_HEADS:
                runs[-1] = (runs[-1][0], match.end())
                continue
        runs.append((match.start(), match.end()))
    return runs


def _opens_sentence(mask: str, start: int) -> bool:
    return (
        start == 0
        or re.search(r"(?:^|[.!?:;][”\"’')]?)[ \t]*$|\n[ \t\W]*$", mask[max(0, start - 4) : start]) is not None
    )


GROUP_NOUNS = frozenset(
    """officials police experts residents witnesses authorities analysts critics sources doctors researchers
    scientists investigators prosecutors protesters demonstrators observers reports others many some several locals
    officers troops soldiers activists organizers organisers lawmakers legislators diplomats militants rebels
    relatives neighbors neighbours students parents teachers workers employees staff users netizens people""".split()  # noqa: SIM905 - a word list reads better as one string
)
"""Plural nouns that open sentences as unnamed sources ("Officials said"), never as names."""


def _without_sentence_capitals(mask: str, mentions: list[Mention], speech_verbs: str) -> list[Mention]:
    """Single words that are capitalised only because they open a sentence ("Experts said") are not names.

    A single word at a sentence start is kept when the text capitalises it elsewhere too, when it is
    part of a longer name, or when it speaks ("Raihan wrote"); group nouns ("Officials said") never are.
    """
    inside = {m.name for m in mentions if not _opens_sentence(mask, m.start - len(" ".join(m.titles)))}
    surnames = {word for m in mentions if len(m.name.split()) > 1 for word in m.name.split()}
    kept = []
    for m in mentions:
        if m.name.lower() in GROUP_NOUNS and not m.speaker_id:
            continue
        speaks = (
            re.match(rf"\s+(?:(?:also|has|had|have|later|then)\s+)*(?:{speech_verbs})\b", mask[m.end : m.end + 30])
            is not None
        )
        if (
            m.speaker_id
            or len(m.name.split()) > 1
            or m.titles
            or m.name.startswith("@")
            or m.name in inside
            or m.name in surnames
            or speaks
            or not _opens_sentence(mask, m.start)
            or m.name.isupper()
        ):
            kept.append(m)
    return kept


def _mask(text: str, hidden: Sequence[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in hidden:
        chars[start:end] = "\x00" * (end - start)
    return "".join(chars)


def _registered_mentions(mask: str, registered: Mapping[str, str]) -> list[Mention]:
    if not registered:
        return []
    alternation = "|".join(re.escape(n) for n in sorted(registered, key=lambda n: (-len(n), n)))
    found = []
    for match in re.finditer(rf"(?<![\w’'])(?:{alternation})(?![\w’-])", mask):
        role = re.search(r"\b(?:spokesman|spokeswoman|spokesperson|press secretary)$", match.group())
        if role and re.search(
            r"\b(?:a|an|one|another)\s+$", mask[max(0, match.start() - 8) : match.start()], re.IGNORECASE
        ):
            continue  # "a defense ministry spokesman" is someone unnamed, not the registered spokesman
        titles = _titles_before(mask, match.start())
        found.append(Mention(match.start(), match.end(), match.group(), titles, registered[match.group()]))
    return found


def _titles_before(text: str, start: int) -> tuple[str, ...]:
    words = re.findall(r"[\w.-]+", text[max(0, start - 40) : start])
    titles: list[str] = []
    for word in reversed(words):
        key = word.lower().rstrip(".")
        if not is_title(key):
            break
        titles.insert(0, key)
    return tuple(titles)


def _mention(text: str, start: int, end: int) -> Mention | None:
    """A run of capitalised words as a name: leading sentence words and titles set apart."""
    words = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]
    # "Russian Defense Ministry" is a name as a whole: its first words are not titles of a person.
    organization = is_organization([text[s:e] for s, e in words])
    titles: list[str] = []
    while words:
        key = text[words[0][0] : words[0][1]].lower().rstrip(".")
        if key in NOT_NAMES and key not in HONORIFICS:
            titles.clear()
        elif is_title(key) and len(words) > 1 and not organization:
            titles.append(key)
        else:
            break
        words.pop(0)
    if not organization:
        words = _without_office(text, words, titles)
    if len(words) >= 3 and re.search(r"\b(?:to|of|for|in)\s+$", text[max(0, start - 5) : start]):
        # "Ambassador to Germany Richard Grenell", "Minister of Defence Ben Wallace": the office's place or field.
        office = text[max(0, start - 40) : start].split()
        if len(office) >= 2 and is_title(office[-2].lower().rstrip(".")):
            titles.append(text[words[0][0] : words[0][1]].lower())
            words.pop(0)
    if not words:
        return None
    end = words[-1][1]
    if text[end - 2 : end] in {"’s", "'s"}:
        end -= 2  # "Oleksiy Honcharuk's offer": the possessive is not part of the name.
    name = text[words[0][0] : end]
    if name.lower() in NOT_NAMES or len(name) < 2:
        return None
    return Mention(words[0][0], end, name, (*_titles_before(text, start), *titles))


def _without_office(text: str, words: list[tuple[int, int]], titles: list[str]) -> list[tuple[int, int]]:
    """The words after the last title of a run: "United States President Donald Trump" is Donald Trump."""
    last_title = max((i for i, (s, e) in enumerate(words[:-1]) if is_title(text[s:e].lower().rstrip("."))), default=-1)
    if last_title < 0 or any(is_title(text[s:e].lower()) for s, e in words[last_title + 1 :]):
        return words
    titles += [text[s:e].lower().rstrip(".") for s, e in words[: last_title + 1]]
    words = words[last_title + 1 :]
    if len(words) >= 3 and text[words[0][0] : words[0][1]] in {"of", "for", "on"}:
        # "President of Ukraine Volodymyr Zelenskyy": the office's country is not part of the name.
        skip = 3 if text[words[1][0] : words[1][1]] == "the" and len(words) >= 4 else 2
        words = words[skip:]
    return words


def is_organization(words: Sequence[str]) -> bool:
    """Whether a name is an organization's: it ends with a word like Ministry, or has one that is no title."""
    keys = [w.lower().strip(".,’'").removesuffix("’s").removesuffix("'s") for w in words]
    return bool(keys) and (
        keys[-1] in _ORGANIZATION_WORDS or any(k in _ORGANIZATION_WORDS and k not in _TITLES for k in keys)
    )


def is_title(word: str) -> bool:
    """Whether a lowercase word is a title before a name: `mayor`, `ex-prime`, `vice-president`."""
    parts = word.split("-")
    return all(part in _TITLES or part in {"ex", "former"} for part in parts) and any(part in _TITLES for part in parts)


def title_words() -> frozenset[str]:
    """Every word that may stand before a name as its title."""
    return _TITLES


def kind_of(name: str, titles: Iterable[str] = ()) -> str:
    """`organization` for a name with an organization's word or an acronym, `person` for others of two words or more."""
    words = [w.lower().strip(".,") for w in name.split()]
    if is_organization(name.split()) or re.fullmatch(r"[A-Z]{2,}\w?", name):
        return "organization"
    if len(words) >= 2 or any(t in _PERSON_TITLES for t in titles) or name.startswith("@"):
        return "person"
    return "unknown"


@dataclass(slots=True)
class Cast:
    """The people and organizations of one article, and where each is named."""

    members: list[Member] = field(default_factory=list)
    """In order of first mention."""
    by_mention: dict[int, Member] = field(default_factory=dict)
    """The member of each mention, by the mention's start."""

    def member_at(self, mention: Mention) -> Member:
        """The member a mention names."""
        return self.by_mention[mention.start]

    def mentions_before(self, position: int) -> list[tuple[Mention, Member]]:
        """Every mention before `position`, nearest first."""
        pairs = [(m, member) for member in self.members for m in member.mentions if m.end <= position]
        return sorted(pairs, key=lambda pair: -pair[0].start)


def build_cast(mentions: Sequence[Mention], speakers: Mapping[str, Speaker]) -> Cast:
    """Group mentions into members: a surname or first name alone joins the last full name it belongs to."""
    cast = Cast()
    for index, mention in enumerate(mentions):
        member = _existing_member(cast, mention) or _new_member(cast, mention, speakers)
        following = mentions[index + 1] if index + 1 < len(mentions) else None
        if (
            following
            and following.name.startswith("@")
            and following.start - mention.end <= 3
            and member.kind == "person"
        ):
            # "Michalis Chrisochoidis (@chrisochoidis)": the handle in brackets after a name is that person's.
            member.descriptors.add(mentions[index + 1].name)
        member.mentions.append(mention)
        member.descriptors.update(mention.titles)
        cast.by_mention[mention.start] = member
        _note_honorific(member, mention)
    return cast


def _existing_member(cast: Cast, mention: Mention) -> Member | None:
    """The member a mention names again, if any: same registry id, same name, or the surname of a full name."""
    if mention.name.startswith("@"):
        return _owner_of_handle(cast, mention)
    if mention.speaker_id is not None:
        return next((m for m in reversed(cast.members) if m.speaker_id == mention.speaker_id), None)
    same = next((m for m in reversed(cast.members) if m.name == mention.name), None)
    if same is not None:
        return same
    if len(mention.name.split()) == 1:
        # "Cowan" after "Steve Cowan" (or "Steve" after it).
        return next(
            (m for m in reversed(cast.members) if m.kind == "person" and mention.name in _first_and_last(m.name)), None
        )
    return _completed_member(cast, mention)


def _first_and_last(name: str) -> set[str]:
    words = name.split()
    return {words[0], words[-1]}


def _completed_member(cast: Cast, mention: Mention) -> Member | None:
    """For "Steve Cowan" after "Cowan" alone: the same person, now with the full name."""
    surname = mention.name.split()[-1]
    for member in reversed(cast.members):
        if member.name == surname and member.kind != "organization":
            member.name, member.kind = mention.name, kind_of(mention.name, mention.titles)
            return member
    return None


def _owner_of_handle(cast: Cast, mention: Mention) -> Member | None:
    """The person whose handle it is: written after the name ("Nikos Soulis (@nikosoulis)"), or spelling the name."""
    handle = mention.name[1:].lower()
    for member in reversed(cast.members):
        if member.name.lower() == mention.name.lower() or mention.name in member.descriptors:
            return member
    for member in reversed(cast.members):
        joined = "".join(w.lower() for w in member.name.split() if w.isalpha())
        if member.kind == "person" and len(joined) >= 6 and fuzz.ratio(handle.replace("_", ""), joined) >= 85:
            return member
    return None


def _new_member(cast: Cast, mention: Mention, speakers: Mapping[str, Speaker]) -> Member:
    speaker_id = mention.speaker_id or _registered_by_surname(mention, speakers)
    if speaker_id is not None and speaker_id in speakers:
        registered = speakers[speaker_id]
        member = Member(registered.name, registered.type, speaker_id)
    else:
        member = Member(mention.name, kind_of(mention.name, mention.titles), None)
    cast.members.append(member)
    return member


def _registered_by_surname(mention: Mention, speakers: Mapping[str, Speaker]) -> str | None:
    """The one registered person whose name ends like this name (surname alone, or another first name), if any."""
    surname = mention.name.split()[-1]
    if kind_of(mention.name, mention.titles) == "organization":
        return None
    found = {
        s.id
        for s in speakers.values()
        if s.type == "person" and any(n.split()[-1] == surname for n in (s.name, *s.aliases) if n)
    }
    return next(iter(found)) if len(found) == 1 else None


def _note_honorific(member: Member, mention: Mention) -> None:
    for title in mention.titles:
        if title in HONORIFICS and member.gender is None:
            member.gender = HONORIFICS[title]
            member.gender_cue = f"'{title.capitalize()}.' before the name"


def note_gender(member: Member, gender: str, cue: str) -> None:
    """Record what the text tells of a person's gender; the first cue found wins."""
    if member.gender is None and member.kind != "organization":
        member.gender = gender
        member.gender_cue = cue


def gender_of_word(word: str) -> str | None:
    """`female` or `male` for a word that tells one (`she`, `spokesman`), else `None`."""
    lowered = word.lower()
    if lowered in FEMALE_WORDS:
        return "female"
    if lowered in MALE_WORDS:
        return "male"
    return None
