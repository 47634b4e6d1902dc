"""Validate: loaded YAML trees in, typed registries and annotations out (or every problem at once); reads no files.

Each file is checked against its declared format (`formats`), then every id it uses is checked
against the registries and the other annotation files. Problems are collected, never raised, so
that a contributor sees all of them in one run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from build_tools.clean import PatternError, compile_pattern
from build_tools.diagnostics import Diagnostics, Origin, did_you_mean
from build_tools.formats import ANNOTATION, REGISTRY_FORMATS
from build_tools.load import Sources, YamlDocument
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
    Located,
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
from build_tools.schema import INVALID, Checked


@dataclass(frozen=True, slots=True)
class Validated:
    """The checked inputs."""

    registries: Registries
    """Speakers, outlets, events and tags."""
    annotations: Mapping[str, Annotation]
    """Annotations by article id."""


def validate(sources: Sources, diagnostics: Diagnostics) -> Validated:
    """Check every registry and annotation file and build the typed inputs.

    Invalid entries are left out of the result after their errors are recorded, so later checks
    still run on the rest.
    """
    registries = validate_registries(sources, diagnostics)
    annotations: dict[str, Annotation] = {}
    for article_id, document in sources.annotations.items():
        annotation = validate_annotation(article_id, document, registries, set(sources.articles), diagnostics)
        if annotation is not None:
            annotations[article_id] = annotation
    check_claim_targets(annotations, diagnostics)
    return Validated(registries, annotations)


def validate_registries(sources: Sources, diagnostics: Diagnostics) -> Registries:
    """Check the four registries and the references between them."""
    registries = _validate_registries(sources, diagnostics)
    _IdChecker(registries, set(), diagnostics).check_registries()
    return registries


def validate_annotation(
    article_id: str,
    document: YamlDocument,
    registries: Registries,
    article_ids: set[str],
    diagnostics: Diagnostics,
) -> Annotation | None:
    """Check one annotation file: its format, and every id it uses except other claims'."""
    if article_id not in article_ids:
        diagnostics.error(
            Origin(document.path),
            f"annotation file has no raw article: expected articles/{article_id}.txt"
            + did_you_mean(article_id, article_ids),
        )
    annotation = _validate_annotation(article_id, document, diagnostics)
    if annotation is not None:
        _IdChecker(registries, article_ids, diagnostics).check_annotation(annotation)
    return annotation


def _checked_root(document: YamlDocument | None, spec: Any, diagnostics: Diagnostics) -> Any:
    if document is None or document.root is None:
        return INVALID
    return spec.check(document.root, diagnostics)


def _validate_registries(sources: Sources, diagnostics: Diagnostics) -> Registries:
    built: dict[str, dict[str, Any]] = {}
    builders = {"speakers": _speaker, "outlets": _outlet, "events": _event, "tags": _tag}
    for name, spec in REGISTRY_FORMATS.items():
        entries = _checked_root(sources.registries.get(name), spec, diagnostics)
        if entries is INVALID:
            entries = {}
        built[name] = {}
        for entry_id, (checked, key_origin) in entries.items():
            entry = builders[name](entry_id, checked, key_origin, diagnostics)
            if entry is not None:
                built[name][entry_id] = entry
    return Registries(
        speakers=MappingProxyType(built["speakers"]),
        outlets=MappingProxyType(built["outlets"]),
        events=MappingProxyType(built["events"]),
        tags=MappingProxyType(built["tags"]),
    )


def _strings(values: list[tuple[Any, Origin]] | None) -> tuple[str, ...]:
    return tuple(v for v, _ in values or ())


def _with_items(checked: Checked, *keys: str) -> dict[str, Origin]:
    """The record's field origins plus one per list item (`tags.0`, `tags.1`, ...)."""
    origins = dict(checked.origins)
    for key in keys:
        for number, (_, origin) in enumerate(checked.values.get(key, ())):
            origins[f"{key}.{number}"] = origin
    return origins


def _speaker(entry_id: str, c: Checked, origin: Origin, diagnostics: Diagnostics) -> Speaker:  # noqa: ARG001 - registry builders share one signature: they are dispatched from `builders`
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


def _outlet(entry_id: str, c: Checked, origin: Origin, diagnostics: Diagnostics) -> Outlet:
    v = c.values
    cleaning = _cleaning(v.get("cleaning"), diagnostics)
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


def _event(entry_id: str, c: Checked, origin: Origin, diagnostics: Diagnostics) -> Event:
    v = c.values
    if v.get("end_date") and v["end_date"] < v["date"]:
        diagnostics.error(c.origins["end_date"], f"end_date {v['end_date']} is before date {v['date']}")
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


def _tag(entry_id: str, c: Checked, origin: Origin, diagnostics: Diagnostics) -> Tag:  # noqa: ARG001 - registry builders share one signature: they are dispatched from `builders`
    v = c.values
    return Tag(origin, c.origins, id=entry_id, title=v["title"], description=v.get("description", ""))


def _line_rule(value: Any, origin: Origin, groups: tuple[str, ...], diagnostics: Diagnostics) -> LineRule | None:
    if isinstance(value, Checked):
        pattern, reason = value.values["pattern"], value.values.get("reason", "")
        origin = value.origins["pattern"]
    else:
        pattern, reason = value, ""
    try:
        compiled = compile_pattern(pattern)
    except PatternError as exc:
        diagnostics.error(origin, f"invalid regular expression: {exc}")
        return None
    missing = [g for g in groups if g not in compiled.groupindex]
    if missing:
        diagnostics.error(origin, f"pattern needs a named group (?P<{missing[0]}>...)")
        return None
    return LineRule(origin, pattern=pattern, reason=reason)


def _cleaning(c: Checked | None, diagnostics: Diagnostics) -> CleaningRules:
    if c is None:
        return CleaningRules()
    v = c.values

    def rules(key: str) -> tuple[LineRule, ...]:
        built = (_line_rule(value, o, (), diagnostics) for value, o in v.get(key, ()))
        return tuple(r for r in built if r is not None)

    def single(key: str, groups: tuple[str, ...]) -> LineRule | None:
        return _line_rule(v[key], c.origins[key], groups, diagnostics) if key in v else None

    timestamp = None
    if "timestamp" in v:
        t = v["timestamp"]
        rule = _line_rule(t.values["pattern"], t.origins["pattern"], (), diagnostics)
        if rule is not None:
            timestamp = TimestampRule(t.origin, pattern=rule.pattern, format=t.values["format"])
    return CleaningRules(
        detect=rules("detect"),
        drop_lines=rules("drop_lines"),
        trailer=rules("trailer"),
        timestamp=timestamp,
        dateline=single("dateline", ("place",)),
        read_more=single("read_more", ("title",)),
    )


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
    target_article, claim_id = value.split("#", 1)
    return ClaimRef(target_article or article_id, claim_id)


def _claim(article_id: str, c: Checked) -> ClaimSpec:
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


def _validate_annotation(article_id: str, document: YamlDocument, diagnostics: Diagnostics) -> Annotation | None:
    if document.root is None:
        # Load already explained unreadable files; an empty one is a mistake of its own.
        if not diagnostics.errors or all(d.origin.path != document.path for d in diagnostics.errors):
            diagnostics.error(Origin(document.path), "annotation file is empty; expected a mapping with 'claims'")
        return None
    checked = ANNOTATION.check(document.root, diagnostics)
    if checked is INVALID:
        return None
    v = checked.values
    meta = None
    if "article" in v:
        a = v["article"]
        meta = ArticleMeta(
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
    claims = tuple(_claim(article_id, c) for c, _ in v.get("claims", ()))
    _check_unique_claim_ids(claims, diagnostics)
    references = tuple(
        Reference(origin, type=kind, target=_external(value) if isinstance(value, Checked) else value)
        for (kind, value), origin in v.get("references", ())
    )
    return Annotation(
        checked.origin,
        checked.origins,
        article_id=article_id,
        meta=meta,
        cleaning=_cleaning(v.get("cleaning"), diagnostics),
        claims=claims,
        references=references,
        notes=v.get("notes", ""),
    )


def _check_unique_claim_ids(claims: tuple[ClaimSpec, ...], diagnostics: Diagnostics) -> None:
    first: dict[str, ClaimSpec] = {}
    for claim in claims:
        if claim.id in first:
            line = first[claim.id].origin_of("id").line
            diagnostics.error(claim.origin_of("id"), f"duplicate claim id '{claim.id}' (first used at line {line})")
        else:
            first[claim.id] = claim


class _IdChecker:
    """Checks that every id a file uses names something that exists."""

    def __init__(self, registries: Registries, article_ids: set[str], diagnostics: Diagnostics) -> None:
        self.known: dict[str, Mapping[str, Any] | set[str]] = {
            "speakers": registries.speakers,
            "outlets": registries.outlets,
            "events": registries.events,
            "tags": registries.tags,
            "articles": article_ids,
        }
        self.registries = registries
        self.diagnostics = diagnostics

    def check(self, kind: str, value: str | None, origin: Origin) -> None:
        if value is None or value in self.known[kind]:
            return
        singular = {
            "speakers": "speaker",
            "outlets": "outlet",
            "events": "event",
            "tags": "tag",
            "articles": "article",
        }[kind]
        hint = did_you_mean(value, self.known[kind])
        self.diagnostics.error(origin, f"unknown {singular} '{value}'{hint}")

    def check_tags(self, record: Located, tags: tuple[str, ...]) -> None:
        for number, tag in enumerate(tags):
            self.check("tags", tag, record.origin_of(f"tags.{number}"))

    def check_registries(self) -> None:
        for speaker in self.registries.speakers.values():
            for number, role in enumerate(speaker.roles):
                self.check("speakers", role.organization, speaker.origin_of(f"roles.{number}.organization"))
        for event in self.registries.events.values():
            self.check_tags(event, event.tags)

    def check_external(self, source: ExternalSource) -> None:
        self.check("outlets", source.outlet, source.origin_of("outlet"))

    def check_annotation(self, annotation: Annotation) -> None:
        if annotation.meta is not None:
            meta = annotation.meta
            self.check("outlets", meta.outlet, meta.origin_of("outlet"))
            self.check("events", meta.event, meta.origin_of("event"))
            self.check_tags(meta, meta.tags)
        for claim in annotation.claims:
            if isinstance(claim.speaker, UnnamedSpeaker):
                self.check("speakers", claim.speaker.affiliation, claim.origin_of("speaker.affiliation"))
            else:
                self.check("speakers", claim.speaker, claim.origin_of("speaker"))
            if claim.speaker is None and claim.kind is not ClaimKind.ASSERTION:
                self.diagnostics.warning(
                    claim.origin_of("id"),
                    f"claim '{claim.id}' has no speaker; add 'speaker:' (kind 'assertion' is for the outlet's own voice)",
                )
            self.check_tags(claim, claim.tags)
            for relation in claim.relations:
                if isinstance(relation.target, ExternalSource):
                    self.check_external(relation.target)
        for reference in annotation.references:
            if isinstance(reference.target, ExternalSource):
                self.check_external(reference.target)
            else:
                self.check("articles", reference.target, reference.origin)
                if reference.target == annotation.article_id:
                    self.diagnostics.error(reference.origin, "an article cannot reference itself")


def check_claim_targets(annotations: Mapping[str, Annotation], diagnostics: Diagnostics) -> None:
    """Every claim a relation names must exist; a claim cannot relate to itself."""
    claim_ids = {aid: {c.id for c in a.claims} for aid, a in annotations.items()}
    for article_id, annotation in annotations.items():
        for claim in annotation.claims:
            for relation in claim.relations:
                target = relation.target
                if not isinstance(target, ClaimRef):
                    continue
                if target == ClaimRef(article_id, claim.id):
                    diagnostics.error(relation.origin, f"claim '{claim.id}' cannot relate to itself")
                elif target.article_id not in claim_ids:
                    hint = did_you_mean(target.article_id, claim_ids)
                    diagnostics.error(relation.origin, f"unknown article '{target.article_id}' in '{target}'{hint}")
                elif target.claim_id not in claim_ids[target.article_id]:
                    hint = did_you_mean(target.claim_id, claim_ids[target.article_id])
                    diagnostics.error(
                        relation.origin, f"unknown claim '{target.claim_id}' in article '{target.article_id}'{hint}"
                    )
                elif relation.type == "same-as" and target.article_id == article_id:
                    diagnostics.error(
                        relation.origin,
                        "same-as links appearances in different articles; within one article use 'repeats'",
                    )
