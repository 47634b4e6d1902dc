"""Validate: loaded YAML trees in, typed registries and annotations out (or every problem at once); reads no files.

Each file is checked against its declared format (`formats`), then every id it uses is checked
against the registries and the other annotation files. Problems are collected, never raised, so
that a contributor sees all of them in one run, and each mistake gives one message:

- A file that could not be read gives only its own errors: ids it would declare are not reported
  unknown elsewhere, and relations to its claims are not checked.
- A claim or registry entry with a problem is still known by its id, so what refers to it is
  fine; every problem of its own is reported; it is kept out of the typed result, so it never
  reaches anchoring or rendering (its id is listed separately).

Checked records are read with the keys of their `formats` declaration (`c[ClaimFields.quote]`),
so every field name and value type here is checked by mypy. Once an article is cleaned, its
detections are checked too: an annotated article needs an outlet and a date (`check_detected`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TypeVar

from build_tools.clean import PatternError, compile_pattern
from build_tools.diagnostics import Diagnostics, Origin, Stage, closest, did_you_mean
from build_tools.formats import (
    ANNOTATION,
    EVENTS,
    OUTLETS,
    SPEAKERS,
    TAGS,
    AnnotationFields,
    ArticleFields,
    ClaimFields,
    CleaningFields,
    EventFields,
    ExternalFields,
    LineRuleFields,
    OutletFields,
    ReviewFields,
    RoleFields,
    SpeakerFields,
    TagFields,
    TimestampRuleFields,
    UnnamedFields,
)
from build_tools.load import REGISTRIES, YamlDocument, YamlMap, YamlNode, YamlSeq
from build_tools.model import (
    Annotation,
    ArticleMeta,
    ClaimKind,
    ClaimRef,
    ClaimSpec,
    CleanArticle,
    CleaningRules,
    Event,
    ExternalSource,
    LineRule,
    Outlet,
    Reference,
    Registries,
    Relation,
    Review,
    Role,
    Speaker,
    Tag,
    TimestampRule,
    UnnamedSpeaker,
)
from build_tools.schema import INVALID, Checked, Checking, IdUse, Key, MapOf

_SINGULAR = {"speakers": "speaker", "outlets": "outlet", "events": "event", "tags": "tag", "articles": "article"}

_DECLARED = {
    "speakers": "speakers are declared in annotations/speakers.yml",
    "outlets": "outlets are declared in annotations/outlets.yml",
    "events": "events are declared in annotations/events.yml",
    "tags": "tags are declared in annotations/tags.yml",
    "articles": "articles are the files in articles/",
}
"""Where each kind of id is declared: the fix for an id that names nothing close to a known one."""

_TEXT_FIELDS = (ArticleFields.outlet, ArticleFields.title, ArticleFields.published)
"""Fields of `article:` that the clean text depends on (the outlet's rules, the headline, the date)."""

Entry = TypeVar("Entry")
"""A typed registry entry (a `Speaker`, an `Outlet`, ...)."""

Listed = Sequence[tuple[object, Origin]]
"""A checked list of any values, each with where it was written."""


@dataclass(frozen=True, slots=True)
class CheckedRegistries:
    """The registries after validation: the usable entries, and what is known beyond them."""

    registries: Registries
    """The entries without problems, typed."""
    invalid: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Per registry, the ids of entries with problems: declared (nothing that names them is wrong), never used."""
    unreadable: frozenset[str] = frozenset()
    """Registries whose file could not be read: the ids that refer to them are not checked."""
    _known: dict[str, frozenset[str]] = field(default_factory=dict, init=False, repr=False, compare=False)
    """`known` once made per registry: every reference of every article asks (2,500 speakers made each time: 0.06 ms a reference)."""

    def known(self, registry: str) -> frozenset[str] | None:
        """Every id declared in `registry`, valid or not; `None` when its file could not be read."""
        if registry in self.unreadable:
            return None
        found = self._known.get(registry)
        if found is None:
            entries: Mapping[str, object] = getattr(self.registries, registry)
            found = self._known[registry] = frozenset(entries) | self.invalid.get(registry, frozenset())
        return found

    @property
    def cleaning_settled(self) -> bool:
        """Whether every outlet's rules were read: if not, clean texts (and the quotes found in them) may change."""
        return "outlets" not in self.unreadable and not self.invalid.get("outlets")


@dataclass(frozen=True, slots=True)
class CheckedAnnotation:
    """One annotation file after validation: its usable content, and what is known beyond it."""

    article_id: str
    """The article it annotates."""
    path: str
    """Repository-relative path of the file."""
    annotation: Annotation | None = None
    """The file's content without the claims that have problems; `None` when the file could not be used."""
    invalid_claims: frozenset[str] = frozenset()
    """Ids of claims with problems: declared (relations to them are fine), but not in `annotation`."""
    unlinked_claims: frozenset[str] = frozenset()
    """Claims of `annotation` that name something unknown (a speaker, a tag): anchored, but not linked.

    The link stage compares what claims name (the speakers of a `same-as` pair): it would repeat
    the unknown id in other words.
    """
    relations: tuple[tuple[str, Relation], ...] = ()
    """Every relation to a claim written in the file, with the id of the claim holding it (valid or not)."""
    claims_known: bool = False
    """Whether every claim of the file is known by its id.

    When not (the file could not be read or is empty, a claim has no usable id), relations to the
    article's claims are not checked and URLs of its claims are not required.
    """
    text_settled: bool = False
    """Whether what the article's clean text depends on (`article:` outlet, title and date, `cleaning:`)
    has no problem: only then are its quotes anchored."""

    known_claims: frozenset[str] = field(init=False, compare=False, repr=False)
    """The ids of every claim of the file, valid or not (worked out once: every relation to the article looks them up)."""

    def __post_init__(self) -> None:
        valid = frozenset(c.id for c in self.annotation.claims) if self.annotation else frozenset()
        object.__setattr__(self, "known_claims", valid | self.invalid_claims)


# --------------------------------------------------------------------------------------------
# Registries
# --------------------------------------------------------------------------------------------


def check_registries(documents: Mapping[str, YamlDocument], diagnostics: Diagnostics) -> CheckedRegistries:
    """Check the four registry files and the references between them.

    Args:
        documents: The registry files by name (`speakers`, ...), as loaded; an absent file is left out.
        diagnostics: Where problems are recorded.

    """
    check = _RegistryCheck(documents, diagnostics)
    with diagnostics.in_stage(Stage.SCHEMA):
        speakers = check.entries("speakers", SPEAKERS, _speaker)
        outlets = check.entries("outlets", OUTLETS, _outlet)
        events = check.entries("events", EVENTS, _event)
        tags = check.entries("tags", TAGS, _tag)
    registries = CheckedRegistries(
        Registries(speakers=speakers, outlets=outlets, events=events, tags=tags),
        MappingProxyType(check.invalid),
        frozenset(check.unreadable),
    )
    with diagnostics.in_stage(Stage.REFERENCE):
        check_uses(check.uses, registries.known, diagnostics)
    return registries


@dataclass(slots=True)
class _RegistryCheck:
    """What checking the registry files collects besides their entries."""

    documents: Mapping[str, YamlDocument]
    """The registry files by name."""
    diagnostics: Diagnostics
    """Where problems are recorded."""
    invalid: dict[str, frozenset[str]] = field(default_factory=dict)
    """Per registry read, the ids of its entries with problems."""
    unreadable: set[str] = field(default_factory=set)
    """Registries whose file could not be read, or is not a mapping of ids."""
    uses: list[IdUse] = field(default_factory=list)
    """Every id the entries use, registry by registry."""

    def entries(
        self, name: str, spec: MapOf, build: Callable[[str, Checked, Origin, Checking], Entry]
    ) -> Mapping[str, Entry]:
        """The typed entries of one registry that have no problem; the ids of the others go to `invalid`."""
        document = self.documents.get(name)
        if document is None or document.root is None:
            if document is not None and document.unreadable:
                self.unreadable.add(name)
            return MappingProxyType({})
        checking = Checking(self.diagnostics)
        entries = spec.check(document.root, checking)
        if entries is INVALID:
            self.unreadable.add(name)  # Not a mapping of ids: it declares nothing that can be known.
            return MappingProxyType({})
        built: dict[str, Entry] = {}
        for entry_id, (checked, key_origin) in entries.items():
            entry = _built(build, entry_id, checked, key_origin, checking)
            if entry is not None:
                built[entry_id] = entry
        self.invalid[name] = frozenset(entries) - frozenset(built)
        self.uses.extend(checking.uses)
        return MappingProxyType(built)


def _built(
    build: Callable[[str, Checked, Origin, Checking], Entry],
    entry_id: str,
    checked: Checked | None,
    origin: Origin,
    checking: Checking,
) -> Entry | None:
    """The typed entry, or `None` when it has a problem (reported here or by the format check)."""
    if checked is None or not checked.complete:
        return None
    problems = checking.problems
    entry = build(entry_id, checked, origin, checking)
    return entry if checking.problems == problems else None


def _strings(values: Iterable[tuple[str, Origin]] | None) -> tuple[str, ...]:
    return tuple(v for v, _ in values or ())


def _with_items(checked: Checked, *keys: Key[Listed]) -> dict[str, Origin]:
    """The record's field origins plus one per list item (`tags.0`, `tags.1`, ...)."""
    origins = dict(checked.origins)
    for key in keys:
        for number, (_, origin) in enumerate(checked.get(key, ())):
            origins[f"{key.name}.{number}"] = origin
    return origins


def _speaker(entry_id: str, c: Checked, origin: Origin, checking: Checking) -> Speaker:  # noqa: ARG001 - registry builders share one signature: they are dispatched from `check_registries`
    roles = c.get(SpeakerFields.roles, [])
    origins = dict(c.origins)
    for number, (role, _) in enumerate(roles):
        if RoleFields.organization in role:
            origins[f"roles.{number}.organization"] = role.origin_of(RoleFields.organization)
    return Speaker(
        origin,
        origins,
        id=entry_id,
        name=c[SpeakerFields.name],
        type=c[SpeakerFields.type],
        aliases=_strings(c.get(SpeakerFields.aliases)),
        description=c.get(SpeakerFields.description, ""),
        roles=tuple(_role(role) for role, _ in roles),
        wikidata=c.get(SpeakerFields.wikidata),
        links=_strings(c.get(SpeakerFields.links)),
    )


def _role(r: Checked) -> Role:
    return Role(r[RoleFields.title], r.get(RoleFields.organization), r.get(RoleFields.start), r.get(RoleFields.end))


def _outlet(entry_id: str, c: Checked, origin: Origin, checking: Checking) -> Outlet:
    cleaning = _cleaning(c.get(OutletFields.cleaning), checking)
    return Outlet(
        origin,
        c.origins,
        id=entry_id,
        name=c[OutletFields.name],
        url=c.get(OutletFields.url),
        country=c.get(OutletFields.country),
        language=c.get(OutletFields.language),
        owner=c.get(OutletFields.owner),
        description=c.get(OutletFields.description, ""),
        wikidata=c.get(OutletFields.wikidata),
        aliases=_strings(c.get(OutletFields.aliases)),
        cleaning=cleaning,
    )


def _event(entry_id: str, c: Checked, origin: Origin, checking: Checking) -> Event:
    start, end = c[EventFields.date], c.get(EventFields.end_date)
    if end and end < start:
        checking.error(c.origin_of(EventFields.end_date), f"end_date {end} is before date {start}")
    return Event(
        origin,
        _with_items(c, EventFields.tags),
        id=entry_id,
        title=c[EventFields.title],
        date=start,
        end_date=end,
        description=c.get(EventFields.description, ""),
        tags=_strings(c.get(EventFields.tags)),
    )


def _tag(entry_id: str, c: Checked, origin: Origin, checking: Checking) -> Tag:  # noqa: ARG001 - registry builders share one signature: they are dispatched from `check_registries`
    return Tag(origin, c.origins, id=entry_id, title=c[TagFields.title], description=c.get(TagFields.description, ""))


def _line_rule(value: str | Checked, origin: Origin, groups: tuple[str, ...], checking: Checking) -> LineRule | None:
    if isinstance(value, Checked):
        pattern, reason = value[LineRuleFields.pattern], value.get(LineRuleFields.reason, "")
        origin = value.origin_of(LineRuleFields.pattern)
    else:
        pattern, reason = value, ""
    try:
        compiled = compile_pattern(pattern)
    except PatternError as exc:
        checking.error(origin, f"invalid regular expression: {exc}")
        return None
    missing = [g for g in groups if g not in compiled.groupindex]
    if missing:
        checking.error(origin, f"pattern needs a named group (?P<{missing[0]}>...)")
        return None
    return LineRule(origin, pattern=pattern, reason=reason)


def _cleaning(c: Checked | None, checking: Checking) -> CleaningRules:
    if c is None:
        return CleaningRules()
    timestamp = _timestamp(c.get(CleaningFields.timestamp), checking)
    return CleaningRules(
        detect=_line_rules(c, CleaningFields.detect, checking),
        drop_lines=_line_rules(c, CleaningFields.drop_lines, checking),
        trailer=_line_rules(c, CleaningFields.trailer, checking),
        timestamp=timestamp,
        dateline=_single_rule(c, CleaningFields.dateline, ("place",), checking),
        read_more=_single_rule(c, CleaningFields.read_more, ("title",), checking),
        keep_lines=_line_rules(c, CleaningFields.keep_lines, checking),
    )


def _line_rules(c: Checked, key: Key[list[tuple[str | Checked, Origin]]], checking: Checking) -> tuple[LineRule, ...]:
    built = (_line_rule(value, origin, (), checking) for value, origin in c.get(key, []) if _usable(value))
    return tuple(rule for rule in built if rule is not None)


def _single_rule(c: Checked, key: Key[str], groups: tuple[str, ...], checking: Checking) -> LineRule | None:
    return _line_rule(c[key], c.origin_of(key), groups, checking) if key in c else None


def _timestamp(t: Checked | None, checking: Checking) -> TimestampRule | None:
    if t is None or not t.complete:
        return None
    rule = _line_rule(t[TimestampRuleFields.pattern], t.origin_of(TimestampRuleFields.pattern), (), checking)
    if rule is None:
        return None
    return TimestampRule(t.origin, pattern=rule.pattern, format=t[TimestampRuleFields.format])


def _usable(value: object) -> bool:
    """Whether a checked value can be built into a typed record (a mapping with a problem cannot)."""
    return not isinstance(value, Checked) or value.complete


# --------------------------------------------------------------------------------------------
# References by id
# --------------------------------------------------------------------------------------------


def check_uses(
    uses: Iterable[IdUse], known: Callable[[str], Collection[str] | None], diagnostics: Diagnostics
) -> set[Origin]:
    """Report every id that names nothing; return where they were written.

    Args:
        uses: The ids a file uses.
        known: The ids declared for a kind (`speakers`, `articles`, ...); `None` when they cannot be
            known (their file could not be read), and then nothing is reported.
        diagnostics: Where unknown ids are recorded.

    """
    failed = set()
    for use in uses:
        ids = known(use.registry)
        if ids is None or use.value in ids:
            continue
        diagnostics.error(use.origin, _unknown_message(use, ids, known))
        failed.add(use.origin)
    return failed


def _unknown_message(use: IdUse, ids: Collection[str], known: Callable[[str], Collection[str] | None]) -> str:
    what = _SINGULAR[use.registry]
    hint = did_you_mean(use.value, ids)
    if hint:
        return f"unknown {what} '{use.value}'{hint}"
    for other in REGISTRIES:
        if other != use.registry and use.value in (known(other) or ()):
            return f"unknown {what} '{use.value}' ('{use.value}' is {_a(_SINGULAR[other])}; {_DECLARED[use.registry]})"
    return f"unknown {what} '{use.value}'; {_DECLARED[use.registry]}"


def _a(word: str) -> str:
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"


# --------------------------------------------------------------------------------------------
# Annotation files
# --------------------------------------------------------------------------------------------


def validate_annotation(
    article_id: str,
    document: YamlDocument,
    registries: CheckedRegistries,
    article_ids: Collection[str],
    diagnostics: Diagnostics,
) -> CheckedAnnotation:
    """Check one annotation file: its format, and every id it uses except other claims'."""
    if article_id not in article_ids:
        diagnostics.error(
            Origin(document.path),
            f"annotation file has no raw article: expected articles/{article_id}.txt"
            + did_you_mean(article_id, article_ids),
        )
    if document.unreadable:
        return CheckedAnnotation(article_id, document.path)
    if document.root is None:
        diagnostics.error(Origin(document.path), "annotation file is empty; expected a mapping with 'claims'")
        return CheckedAnnotation(article_id, document.path)
    checking = Checking(diagnostics)
    with diagnostics.in_stage(Stage.SCHEMA):
        root = ANNOTATION.check(document.root, checking)
        if root is INVALID:
            return CheckedAnnotation(article_id, document.path)
        claims = _check_claims(article_id, root, document.root, checking)
        problems = checking.problems
        annotation = _annotation(article_id, root, claims.valid, checking)
        cleaning_ok = checking.problems == problems and _settled(root, AnnotationFields.cleaning)
        _warn_unattributed(annotation, diagnostics)
    with diagnostics.in_stage(Stage.REFERENCE):
        failed = check_uses(root.uses, _known_ids(registries, article_ids), diagnostics)
        for reference in annotation.references:
            if reference.target == article_id:
                diagnostics.error(reference.origin, "an article cannot reference itself")
    text_settled = cleaning_ok and _settled(root, AnnotationFields.article, _TEXT_FIELDS)
    return CheckedAnnotation(
        article_id,
        document.path,
        annotation,
        invalid_claims=claims.invalid - {c.id for c in claims.valid},
        unlinked_claims=frozenset(c[ClaimFields.id] for c in claims.checked if _uses_failed(c, failed))
        & {c.id for c in claims.valid},
        relations=claims.relations,
        claims_known=claims.all_known,
        text_settled=text_settled and not _outlet_unknown(root.get(AnnotationFields.article), failed),
    )


def _annotation(article_id: str, root: Checked, claims: tuple[ClaimSpec, ...], checking: Checking) -> Annotation:
    """The file's usable content: its blocks, and the claims without problems."""
    return Annotation(
        root.origin,
        root.origins,
        article_id=article_id,
        meta=_meta(root.get(AnnotationFields.article)),
        cleaning=_cleaning(root.get(AnnotationFields.cleaning), checking),
        claims=claims,
        references=_references(root),
        notes=root.get(AnnotationFields.notes, ""),
    )


def _known_ids(registries: CheckedRegistries, article_ids: Collection[str]) -> Callable[[str], Collection[str] | None]:
    def known(registry: str) -> Collection[str] | None:
        return article_ids if registry == "articles" else registries.known(registry)

    return known


def _settled(root: Checked, key: Key[Checked], fields: Iterable[Key[object]] | None = None) -> bool:
    """Whether block `key` of the file has no problem (in `fields` of it, if given)."""
    if root.has_failed(key):
        return False
    block = root.get(key)
    if block is None:
        return True
    return block.complete if fields is None else not any(block.has_failed(f) for f in fields)


def _outlet_unknown(meta: Checked | None, failed: set[Origin]) -> bool:
    """Whether the `article:` block names an outlet that is not registered."""
    return meta is not None and ArticleFields.outlet in meta and meta.origin_of(ArticleFields.outlet) in failed


def _uses_failed(record: Checked, failed: set[Origin]) -> bool:
    return any(use.origin in failed for use in record.uses)


@dataclass(frozen=True, slots=True)
class _FileClaims:
    """The claims of one file: the valid ones typed, the others known by id; each problem reported once."""

    checked: tuple[Checked, ...]
    """Every claim with a usable id, valid or not."""
    valid: tuple[ClaimSpec, ...]
    """The claims without problems, typed."""
    invalid: frozenset[str]
    """Ids of the claims with problems (or a duplicate id)."""
    relations: tuple[tuple[str, Relation], ...]
    """Every relation to a claim, valid claim or not, with the id of the claim holding it."""
    all_known: bool
    """Whether every claim written in the file has a usable id (and so is known)."""


def _check_claims(article_id: str, root: Checked, node: YamlNode, checking: Checking) -> _FileClaims:
    listed = root.get(AnnotationFields.claims, [])
    checked = tuple(claim for claim, _ in listed if ClaimFields.id in claim)
    valid: list[ClaimSpec] = []
    invalid: set[str] = set()
    relations: list[tuple[str, Relation]] = []
    first: dict[str, Origin] = {}
    for claim in checked:
        claim_id, origin = claim[ClaimFields.id], claim.origin_of(ClaimFields.id)
        duplicate = claim_id in first
        if duplicate:
            line = first[claim_id].line
            checking.error(origin, f"duplicate claim id '{claim_id}' (first used at line {line})")
        first.setdefault(claim_id, origin)
        relations.extend((claim_id, r) for r in _claim_relations(article_id, claim))
        if claim.complete and not duplicate:
            valid.append(_claim(article_id, claim))
        else:
            invalid.add(claim_id)
    written = _written_claims(node)
    all_known = not root.has_failed(AnnotationFields.claims) and len(listed) == written and len(checked) == written
    return _FileClaims(checked, tuple(valid), frozenset(invalid), tuple(relations), all_known)


def _written_claims(node: YamlNode) -> int:
    """How many claims the file lists, usable or not."""
    claims = node.entries.get(AnnotationFields.claims.name) if isinstance(node, YamlMap) else None
    return len(claims.items) if isinstance(claims, YamlSeq) else 0


def _claim_relations(article_id: str, claim: Checked) -> list[Relation]:
    """The relations of a claim (valid or not) that point at claims: they are checked across files."""
    return [
        Relation(origin, type=kind, target=_claim_ref(value, article_id))
        for (kind, value), origin in claim.get(ClaimFields.relations, [])
        if isinstance(value, str)
    ]


def _claim_ref(value: str, article_id: str) -> ClaimRef:
    """`a#c` is claim c of article a; `#c` and `c` are claim c of this article."""
    target_article, _, claim_id = value.rpartition("#")
    return ClaimRef(target_article or article_id, claim_id)


def _external(c: Checked) -> ExternalSource:
    return ExternalSource(
        c.origin,
        c.origins,
        title=c[ExternalFields.title],
        url=c.get(ExternalFields.url),
        outlet=c.get(ExternalFields.outlet),
        published=c.get(ExternalFields.published),
    )


def _claim_target(value: str | Checked, article_id: str) -> ClaimRef | ExternalSource:
    if isinstance(value, Checked):
        return _external(value)
    return _claim_ref(value, article_id)


def _claim(article_id: str, c: Checked) -> ClaimSpec:
    """The typed claim; only for a claim without problems."""
    origins = _with_items(c, ClaimFields.tags)
    speaker = c.get(ClaimFields.speaker)
    if isinstance(speaker, Checked) and UnnamedFields.affiliation in speaker:
        origins["speaker.affiliation"] = speaker.origin_of(UnnamedFields.affiliation)
    review = c.get(ClaimFields.review)
    return ClaimSpec(
        c.origin,
        origins,
        id=c[ClaimFields.id],
        quote=c[ClaimFields.quote],
        prefix=c.get(ClaimFields.prefix),
        suffix=c.get(ClaimFields.suffix),
        speaker=_unnamed(speaker) if isinstance(speaker, Checked) else speaker,
        cue=c.get(ClaimFields.cue),
        kind=ClaimKind(c[ClaimFields.kind]),
        summary=c[ClaimFields.summary],
        tags=_strings(c.get(ClaimFields.tags)),
        review=_review(review) if review is not None else None,
        relations=tuple(
            Relation(origin, type=kind, target=_claim_target(value, article_id))
            for (kind, value), origin in c.get(ClaimFields.relations, [])
        ),
    )


def _unnamed(c: Checked) -> UnnamedSpeaker:
    return UnnamedSpeaker(c[UnnamedFields.unnamed], c.get(UnnamedFields.affiliation))


def _review(c: Checked) -> Review:
    return Review(
        c.origin,
        c.origins,
        rating=c[ReviewFields.rating],
        explanation=c[ReviewFields.explanation],
        sources=_strings(c.get(ReviewFields.sources)),
    )


def _meta(a: Checked | None) -> ArticleMeta | None:
    if a is None:
        return None
    return ArticleMeta(
        a.origin,
        _with_items(a, ArticleFields.tags),
        title=a.get(ArticleFields.title),
        outlet=a.get(ArticleFields.outlet),
        published=a.get(ArticleFields.published),
        url=a.get(ArticleFields.url),
        archived_url=a.get(ArticleFields.archived_url),
        language=a.get(ArticleFields.language),
        event=a.get(ArticleFields.event),
        tags=_strings(a.get(ArticleFields.tags)),
    )


def _references(root: Checked) -> tuple[Reference, ...]:
    return tuple(
        Reference(origin, type=kind, target=_external(value) if isinstance(value, Checked) else value)
        for (kind, value), origin in root.get(AnnotationFields.references, [])
        if _usable(value)
    )


def _warn_unattributed(annotation: Annotation, diagnostics: Diagnostics) -> None:
    for claim in annotation.claims:
        if claim.speaker is None and claim.kind is not ClaimKind.ASSERTION:
            diagnostics.warning(
                claim.origin_of("id"),
                f"claim '{claim.id}' has no speaker; add 'speaker:' (kind 'assertion' is for the outlet's own voice)",
            )


def check_detected(path: str, clean: CleanArticle, annotation: Annotation, diagnostics: Diagnostics) -> None:
    """An annotated article needs an outlet and a date, written or detected.

    Args:
        path: The raw article's repository-relative path, which the messages name.
        clean: The clean article, with the outlet and date written or detected.
        annotation: The article's annotation file, where the values may be written instead.
        diagnostics: Where problems are recorded.

    """
    meta = annotation.meta
    origin = meta.origin if meta else annotation.origin
    if clean.outlet is None:
        diagnostics.error(origin, f"outlet of {path} was not detected; add 'outlet:' under 'article:'")
    if not (meta and meta.published) and clean.published is None:
        diagnostics.warning(origin, f"publication date of {path} was not detected; add 'published:' under 'article:'")


# --------------------------------------------------------------------------------------------
# Relations between claims, across files
# --------------------------------------------------------------------------------------------


def check_claim_targets(
    annotations: Mapping[str, CheckedAnnotation], article_ids: Collection[str], diagnostics: Diagnostics
) -> None:
    """Every claim a relation names must exist; a claim cannot relate to itself.

    Relations to an article whose claims are not all known (its file could not be read) are not
    checked: its own errors say why, and the relations may well be right.
    """
    claims = {a: c.known_claims for a, c in annotations.items() if c.claims_known}
    unknown = {a for a, c in annotations.items() if not c.claims_known}
    with diagnostics.in_stage(Stage.REFERENCE):
        for article_id, checked in annotations.items():
            for claim_id, relation in checked.relations:
                target = relation.target
                if not isinstance(target, ClaimRef) or target.article_id in unknown:
                    continue
                message = _target_problem(ClaimRef(article_id, claim_id), relation.type, target, claims, article_ids)
                if message:
                    diagnostics.error(relation.origin, message)


def _target_problem(
    source: ClaimRef,
    relation_type: str,
    target: ClaimRef,
    claims: Mapping[str, frozenset[str]],
    article_ids: Collection[str],
) -> str | None:
    """What is wrong with a relation from claim `source` to `target`, if anything."""
    article_id, claim_id = source
    if target == source:
        return f"claim '{claim_id}' cannot relate to itself"
    if target.article_id not in claims:
        if target.article_id in article_ids:
            return (
                f"unknown claim '{target.claim_id}' in article '{target.article_id}': it has no annotation file "
                f"(annotations/articles/{target.article_id}.yml)"
            )
        hint = did_you_mean(target.article_id, set(claims) | set(article_ids))
        return f"unknown article '{target.article_id}' in '{target}'{hint}"
    if target.claim_id not in claims[target.article_id]:
        return _unknown_claim(article_id, target, claims[target.article_id], set(claims) | set(article_ids))
    if relation_type == "same-as" and target.article_id == article_id:
        return "same-as links appearances in different articles; within one article use 'repeats'"
    return None


def _unknown_claim(article_id: str, target: ClaimRef, ids: frozenset[str], articles: set[str]) -> str:
    where = "this article" if target.article_id == article_id else f"article '{target.article_id}'"
    message = f"unknown claim '{target.claim_id}' in {where}"
    meant = closest(target.claim_id, ids)
    if meant is not None:
        return f"{message} (did you mean '{meant}'?)"
    if target.article_id == article_id and target.claim_id in articles:
        return (
            f"{message}; '{target.claim_id}' is an article: a relation points at one of its claims "
            f"('{target.claim_id}#<claim-id>'), an article-level link goes under 'references:'"
        )
    listed = ", ".join(sorted(ids)[:5]) + (", …" if len(ids) > 5 else "")
    return f"{message} (its claims: {listed})" if ids else f"{message} (it has no claims)"
