"""Validate: loaded YAML trees in, typed registries and annotations out (or every problem at once); reads no files.

Each file is checked against its declared format (`formats`), then every id it uses is checked
against the registries and the other annotation files. Problems are collected, never raised, so
that a contributor sees all of them in one run, and each mistake gives one message:

- A file that could not be read gives only its own errors: ids it would declare are not reported
  unknown elsewhere, and relations to its claims are not checked.
- A claim or registry entry with a problem is still known by its id, so what refers to it is
  fine; every problem of its own is reported; it is kept out of the typed result, so it never
  reaches anchoring or rendering (its id is listed separately).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from build_tools.clean import PatternError, compile_pattern
from build_tools.diagnostics import Diagnostics, Origin, Stage, closest, did_you_mean
from build_tools.formats import ANNOTATION, REGISTRY_FORMATS
from build_tools.load import REGISTRIES, Sources, YamlDocument, YamlMap, YamlSeq
from build_tools.model import (
    Annotation,
    ArticleMeta,
    ClaimKind,
    ClaimRef,
    ClaimSpec,
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
from build_tools.schema import INVALID, Checked, Checking, IdUse

_SINGULAR = {"speakers": "speaker", "outlets": "outlet", "events": "event", "tags": "tag", "articles": "article"}

_DECLARED = {
    "speakers": "speakers are declared in annotations/speakers.yml",
    "outlets": "outlets are declared in annotations/outlets.yml",
    "events": "events are declared in annotations/events.yml",
    "tags": "tags are declared in annotations/tags.yml",
    "articles": "articles are the files in articles/",
}
"""Where each kind of id is declared: the fix for an id that names nothing close to a known one."""

_TEXT_FIELDS = frozenset({"outlet", "title", "published"})
"""Fields of `article:` that the clean text depends on (the outlet's rules, the headline, the date)."""


@dataclass(frozen=True, slots=True)
class CheckedRegistries:
    """The registries after validation: the usable entries, and what is known beyond them."""

    registries: Registries
    """The entries without problems, typed."""
    invalid: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Per registry, the ids of entries with problems: declared (nothing that names them is wrong), never used."""
    unreadable: frozenset[str] = frozenset()
    """Registries whose file could not be read: the ids that refer to them are not checked."""

    def known(self, registry: str) -> frozenset[str] | None:
        """Every id declared in `registry`, valid or not; `None` when its file could not be read."""
        if registry in self.unreadable:
            return None
        entries: Mapping[str, object] = getattr(self.registries, registry)
        return frozenset(entries) | self.invalid.get(registry, frozenset())

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

    @property
    def known_claims(self) -> frozenset[str]:
        """The ids of every claim of the file, valid or not."""
        valid = frozenset(c.id for c in self.annotation.claims) if self.annotation else frozenset()
        return valid | self.invalid_claims


@dataclass(frozen=True, slots=True)
class Validated:
    """The checked inputs."""

    registries: Registries
    """Speakers, outlets, events and tags."""
    annotations: Mapping[str, Annotation]
    """Annotations by article id."""


def validate(sources: Sources, diagnostics: Diagnostics) -> Validated:
    """Check every registry and annotation file and build the typed inputs.

    Entries with problems are left out of the result after their errors are recorded, so later
    checks still run on the rest.
    """
    registries = validate_registries(sources, diagnostics)
    article_ids = set(sources.articles) | sources.unreadable_articles
    checked = {
        article_id: validate_annotation(article_id, document, registries, article_ids, diagnostics)
        for article_id, document in sources.annotations.items()
    }
    check_claim_targets(checked, article_ids, diagnostics)
    annotations = {a: c.annotation for a, c in checked.items() if c.annotation is not None}
    return Validated(registries.registries, annotations)


# --------------------------------------------------------------------------------------------
# Registries
# --------------------------------------------------------------------------------------------

_Builder = Callable[[str, Checked, Origin, Checking], Any]


def validate_registries(sources: Sources, diagnostics: Diagnostics) -> CheckedRegistries:
    """Check the four registries and the references between them."""
    builders: dict[str, _Builder] = {"speakers": _speaker, "outlets": _outlet, "events": _event, "tags": _tag}
    built: dict[str, dict[str, Any]] = {name: {} for name in REGISTRIES}
    invalid: dict[str, frozenset[str]] = {}
    unreadable: set[str] = set()
    uses: list[IdUse] = []
    with diagnostics.in_stage(Stage.SCHEMA):
        for name, spec in REGISTRY_FORMATS.items():
            document = sources.registries.get(name)
            if document is None or document.root is None:
                if document is not None and document.unreadable:
                    unreadable.add(name)
                continue
            checking = Checking(diagnostics)
            entries = spec.check(document.root, checking)
            if entries is INVALID:
                unreadable.add(name)  # Not a mapping of ids: it declares nothing that can be known.
                continue
            bad = set()
            for entry_id, (checked, key_origin) in entries.items():
                entry = _built(builders[name], entry_id, checked, key_origin, checking)
                if entry is None:
                    bad.add(entry_id)
                else:
                    built[name][entry_id] = entry
            invalid[name] = frozenset(bad)
            uses.extend(checking.uses)
    registries = CheckedRegistries(
        Registries(
            speakers=MappingProxyType(built["speakers"]),
            outlets=MappingProxyType(built["outlets"]),
            events=MappingProxyType(built["events"]),
            tags=MappingProxyType(built["tags"]),
        ),
        MappingProxyType(invalid),
        frozenset(unreadable),
    )
    with diagnostics.in_stage(Stage.REFERENCE):
        check_uses(uses, registries.known, diagnostics)
    return registries


def _built(builder: _Builder, entry_id: str, checked: Checked | None, origin: Origin, checking: Checking) -> Any:
    """The typed entry, or `None` when it has a problem (reported here or by the format check)."""
    if checked is None or not checked.complete:
        return None
    problems = checking.problems
    entry = builder(entry_id, checked, origin, checking)
    return entry if checking.problems == problems else None


def _strings(values: list[tuple[Any, Origin]] | None) -> tuple[str, ...]:
    return tuple(v for v, _ in values or ())


def _with_items(checked: Checked, *keys: str) -> dict[str, Origin]:
    """The record's field origins plus one per list item (`tags.0`, `tags.1`, ...)."""
    origins = dict(checked.origins)
    for key in keys:
        for number, (_, origin) in enumerate(checked.values.get(key, ())):
            origins[f"{key}.{number}"] = origin
    return origins


def _speaker(entry_id: str, c: Checked, origin: Origin, checking: Checking) -> Speaker:  # noqa: ARG001 - registry builders share one signature: they are dispatched from `builders`
    v = c.values
    roles = tuple(
        Role(r.values["title"], r.values.get("organization"), r.values.get("from"), r.values.get("to"))
        for r, _ in v.get("roles", ())
    )
    origins = dict(c.origins)
    for number, (role, _) in enumerate(v.get("roles", ())):
        if "organization" in role.origins:
            origins[f"roles.{number}.organization"] = role.origins["organization"]
    return Speaker(
        origin,
        origins,
        id=entry_id,
        name=v["name"],
        type=v["type"],
        aliases=_strings(v.get("aliases")),
        description=v.get("description", ""),
        roles=roles,
        wikidata=v.get("wikidata"),
        links=_strings(v.get("links")),
    )


def _outlet(entry_id: str, c: Checked, origin: Origin, checking: Checking) -> Outlet:
    v = c.values
    cleaning = _cleaning(v.get("cleaning"), checking)
    return Outlet(
        origin,
        c.origins,
        id=entry_id,
        name=v["name"],
        url=v.get("url"),
        country=v.get("country"),
        language=v.get("language"),
        owner=v.get("owner"),
        description=v.get("description", ""),
        wikidata=v.get("wikidata"),
        aliases=_strings(v.get("aliases")),
        cleaning=cleaning,
    )


def _event(entry_id: str, c: Checked, origin: Origin, checking: Checking) -> Event:
    v = c.values
    if v.get("end_date") and v["end_date"] < v["date"]:
        checking.error(c.origins["end_date"], f"end_date {v['end_date']} is before date {v['date']}")
    return Event(
        origin,
        _with_items(c, "tags"),
        id=entry_id,
        title=v["title"],
        date=v["date"],
        end_date=v.get("end_date"),
        description=v.get("description", ""),
        tags=_strings(v.get("tags")),
    )


def _tag(entry_id: str, c: Checked, origin: Origin, checking: Checking) -> Tag:  # noqa: ARG001 - registry builders share one signature: they are dispatched from `builders`
    v = c.values
    return Tag(origin, c.origins, id=entry_id, title=v["title"], description=v.get("description", ""))


def _line_rule(value: Any, origin: Origin, groups: tuple[str, ...], checking: Checking) -> LineRule | None:
    if isinstance(value, Checked):
        pattern, reason = value.values["pattern"], value.values.get("reason", "")
        origin = value.origins["pattern"]
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
    v = c.values

    def rules(key: str) -> tuple[LineRule, ...]:
        built = (_line_rule(value, o, (), checking) for value, o in v.get(key, ()) if _usable(value))
        return tuple(r for r in built if r is not None)

    def single(key: str, groups: tuple[str, ...]) -> LineRule | None:
        return _line_rule(v[key], c.origins[key], groups, checking) if key in v else None

    timestamp = None
    if "timestamp" in v and v["timestamp"].complete:
        t = v["timestamp"]
        rule = _line_rule(t.values["pattern"], t.origins["pattern"], (), checking)
        if rule is not None:
            timestamp = TimestampRule(t.origin, pattern=rule.pattern, format=t.values["format"])
    return CleaningRules(
        detect=rules("detect"),
        drop_lines=rules("drop_lines"),
        trailer=rules("trailer"),
        timestamp=timestamp,
        dateline=single("dateline", ("place",)),
        read_more=single("read_more", ("title",)),
        keep_lines=rules("keep_lines"),
    )


def _usable(value: Any) -> bool:
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
        claims = _Claims(article_id, root, checking)
        problems = checking.problems
        cleaning = _cleaning(root.values.get("cleaning"), checking)
        cleaning_ok = checking.problems == problems and _settled(root, "cleaning")
        annotation = Annotation(
            root.origin,
            root.origins,
            article_id=article_id,
            meta=_meta(root.values.get("article")),
            cleaning=cleaning,
            claims=claims.valid,
            references=_references(root),
            notes=root.values.get("notes", ""),
        )
        _warn_unattributed(annotation, diagnostics)
    with diagnostics.in_stage(Stage.REFERENCE):
        failed = check_uses(root.uses, _known_ids(registries, article_ids), diagnostics)
        for reference in annotation.references:
            if reference.target == article_id:
                diagnostics.error(reference.origin, "an article cannot reference itself")
    meta = root.values.get("article")
    outlet_unknown = isinstance(meta, Checked) and meta.origins.get("outlet") in failed
    text_settled = cleaning_ok and _settled(root, "article", _TEXT_FIELDS) and not outlet_unknown
    return CheckedAnnotation(
        article_id,
        document.path,
        annotation,
        invalid_claims=claims.invalid - {c.id for c in claims.valid},
        unlinked_claims=frozenset(c.values["id"] for c in claims.checked if _uses_failed(c, failed))
        & {c.id for c in claims.valid},
        relations=claims.relations,
        claims_known=claims.all_known(document.root),
        text_settled=text_settled,
    )


def _known_ids(registries: CheckedRegistries, article_ids: Collection[str]) -> Callable[[str], Collection[str] | None]:
    def known(registry: str) -> Collection[str] | None:
        return article_ids if registry == "articles" else registries.known(registry)

    return known


def _settled(root: Checked, key: str, fields: frozenset[str] | None = None) -> bool:
    """Whether block `key` of the file has no problem (in `fields` of it, if given)."""
    if key in root.failed:
        return False
    block = root.values.get(key)
    if not isinstance(block, Checked):
        return True
    return block.complete if fields is None else not (block.failed & fields)


def _uses_failed(record: Any, failed: set[Origin]) -> bool:
    return isinstance(record, Checked) and any(use.origin in failed for use in record.uses)


class _Claims:
    """The claims of one file: the valid ones typed, the others known by id; each problem reported once."""

    def __init__(self, article_id: str, root: Checked, checking: Checking) -> None:
        self.checked: list[Checked] = [c for c, _ in root.values.get("claims", ()) if "id" in c.values]
        self.listed = len(root.values.get("claims", ()))
        self.failed = "claims" in root.failed
        valid: list[ClaimSpec] = []
        invalid: set[str] = set()
        relations: list[tuple[str, Relation]] = []
        first: dict[str, Origin] = {}
        for claim in self.checked:
            claim_id = claim.values["id"]
            origin = claim.origins["id"]
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
        self.valid = tuple(valid)
        self.invalid = frozenset(invalid)
        self.relations = tuple(relations)

    def all_known(self, node: Any) -> bool:
        """Whether every claim written in the file has a usable id (and so is known)."""
        if self.failed:
            return False
        claims = node.entries.get("claims") if isinstance(node, YamlMap) else None
        written = len(claims.items) if isinstance(claims, YamlSeq) else 0
        return self.listed == written and len(self.checked) == written


def _claim_relations(article_id: str, claim: Checked) -> list[Relation]:
    """The relations of a claim (valid or not) that point at claims: they are checked across files."""
    return [
        Relation(origin, type=kind, target=_claim_ref(value, article_id))
        for (kind, value), origin in claim.values.get("relations", ())
        if isinstance(value, str)
    ]


def _claim_ref(value: str, article_id: str) -> ClaimRef:
    """`a#c` is claim c of article a; `#c` and `c` are claim c of this article."""
    target_article, _, claim_id = value.rpartition("#")
    return ClaimRef(target_article or article_id, claim_id)


def _external(c: Checked) -> ExternalSource:
    v = c.values
    return ExternalSource(
        c.origin,
        c.origins,
        title=v["title"],
        url=v.get("url"),
        outlet=v.get("outlet"),
        published=v.get("published"),
    )


def _claim_target(value: Any, article_id: str) -> ClaimRef | ExternalSource:
    if isinstance(value, Checked):
        return _external(value)
    return _claim_ref(value, article_id)


def _claim(article_id: str, c: Checked) -> ClaimSpec:
    """The typed claim; only for a claim without problems."""
    v = c.values
    origins = _with_items(c, "tags")
    speaker = v.get("speaker")
    if isinstance(speaker, Checked) and "affiliation" in speaker.origins:
        origins["speaker.affiliation"] = speaker.origins["affiliation"]
    if isinstance(speaker, Checked):
        speaker = UnnamedSpeaker(speaker.values["unnamed"], speaker.values.get("affiliation"))
    review = None
    if "review" in v:
        r = v["review"]
        review = Review(
            r.origin,
            r.origins,
            rating=r.values["rating"],
            explanation=r.values["explanation"],
            sources=_strings(r.values.get("sources")),
        )
    relations = tuple(
        Relation(origin, type=kind, target=_claim_target(value, article_id))
        for (kind, value), origin in v.get("relations", ())
    )
    return ClaimSpec(
        c.origin,
        origins,
        id=v["id"],
        quote=v["quote"],
        prefix=v.get("prefix"),
        suffix=v.get("suffix"),
        speaker=speaker,
        cue=v.get("cue"),
        kind=ClaimKind(v["kind"]),
        summary=v["summary"],
        tags=_strings(v.get("tags")),
        review=review,
        relations=relations,
    )


def _meta(a: Checked | None) -> ArticleMeta | None:
    if a is None:
        return None
    return ArticleMeta(
        a.origin,
        _with_items(a, "tags"),
        title=a.values.get("title"),
        outlet=a.values.get("outlet"),
        published=a.values.get("published"),
        url=a.values.get("url"),
        archived_url=a.values.get("archived_url"),
        language=a.values.get("language"),
        event=a.values.get("event"),
        tags=_strings(a.values.get("tags")),
    )


def _references(root: Checked) -> tuple[Reference, ...]:
    return tuple(
        Reference(origin, type=kind, target=_external(value) if isinstance(value, Checked) else value)
        for (kind, value), origin in root.values.get("references", ())
        if _usable(value)
    )


def _warn_unattributed(annotation: Annotation, diagnostics: Diagnostics) -> None:
    for claim in annotation.claims:
        if claim.speaker is None and claim.kind is not ClaimKind.ASSERTION:
            diagnostics.warning(
                claim.origin_of("id"),
                f"claim '{claim.id}' has no speaker; add 'speaker:' (kind 'assertion' is for the outlet's own voice)",
            )


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
