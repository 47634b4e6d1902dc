"""The annotation and registry file formats, declared once with `schema` specs; reads no files.

The validator checks files against these declarations, `archive schema` exports them as JSON
Schema and the contributor guide's field reference is generated from them. Each record's keys
are the attributes of its `Fields` class, which the validator reads checked records with
(`claim[ClaimFields.quote]`), so that mypy checks every key name and value type.
"""

from __future__ import annotations

from build_tools.model import ClaimKind
from build_tools.schema import (
    SLUG,
    Choice,
    Date,
    Either,
    Fields,
    Id,
    Key,
    ListOf,
    MapOf,
    OneKey,
    Record,
    Spec,
    Text,
    Url,
)
from build_tools.vocabulary import RATINGS, REFERENCE_TYPES, RELATION_TYPES

CLAIM_TARGET = f"(?:{SLUG})?#{SLUG}|{SLUG}"
"""A claim: its global id `<article-id>#<claim-id>`, or `#<claim-id>` (or just `<claim-id>`) in the same article."""

WIKIDATA = Text(pattern=r"Q[1-9][0-9]*", expected="a Wikidata id (Q followed by digits)", max_length=20)
PATTERN = Text(expected="a regular expression (RE2 syntax)", max_length=500, single_line=True)
TAG_LIST = ListOf(Id(refers_to="tags"), max_items=50)
LINE = Text(single_line=True, max_length=500)
LANGUAGE = Text(pattern=r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", expected="a language code such as en")


class LineRuleFields(Fields):
    """A cleaning rule with its reason."""

    pattern = Key(PATTERN, required=True, doc="Regular expression (RE2) matched against one raw line.")
    reason = Key(LINE, doc="Why such lines are noise; shown in the cleaning log.")


LINE_RULE = Record("line rule", LineRuleFields)
LINE_RULES = ListOf(Either(PATTERN, LINE_RULE, description="A pattern, or a pattern with its reason."), max_items=100)


class TimestampRuleFields(Fields):
    """How an outlet writes the publication time."""

    pattern = Key(PATTERN, required=True, doc="Matches the whole timestamp line.")
    format = Key(LINE, required=True, doc="Python `strptime` format of that line.")


class CleaningFields(Fields):
    """Noise rules of an outlet, or an article's additions to them."""

    detect = Key(LINE_RULES, doc="A raw line matching one of these identifies the outlet.")
    drop_lines = Key(LINE_RULES, doc="Noise lines, removed and logged.")
    trailer = Key(LINE_RULES, doc="The first line matching one of these, and everything after it, is noise.")
    keep_lines = Key(
        LINE_RULES,
        doc="Lines that no rule may remove: an article's exceptions to its outlet's rules (a line a rule would wrongly drop).",
    )
    timestamp = Key(
        Record("timestamp rule", TimestampRuleFields),
        doc="A line giving the publication time: removed from the text, used as the date.",
    )
    dateline = Key(PATTERN, doc="Pattern with a named group `place`, matched at the start of the first paragraph.")
    read_more = Key(
        PATTERN,
        doc="Pattern with a named group `title`: a related-article line, turned into a read-more reference.",
    )


CLEANING = Record("cleaning rules", CleaningFields)


class ExternalFields(Fields):
    """A document outside the archive."""

    title = Key(LINE, required=True, doc="Title of the document.")
    url = Key(Url(), doc="Its address, when known (http or https).")
    outlet = Key(Id(refers_to="outlets"), doc="Outlet id of its publisher, when registered.")
    published = Key(Date(), doc="When it was published.")


EXTERNAL = Record("external source", ExternalFields)


class UnnamedFields(Fields):
    """A source the article does not name."""

    unnamed = Key(LINE, required=True, doc="Who the source is, as the article describes them.")
    affiliation = Key(Id(refers_to="speakers"), doc="Speaker id of the organization they belong to.")


UNNAMED = Record("unnamed speaker", UnnamedFields)

RELATION = OneKey(
    "relation",
    RELATION_TYPES,
    Either(
        Text(
            pattern=CLAIM_TARGET,
            expected="a claim id ('<article-id>#<claim-id>', or '#<claim-id>' in the same article)",
            max_length=250,
        ),
        EXTERNAL,
    ),
    description=(
        "A relation to another claim (`<article-id>#<claim-id>`; a claim of the same article may be written "
        "`#<claim-id>`) or to an external source."
    ),
)


class ReviewFields(Fields):
    """The archive's verdict on a claim."""

    rating = Key(Choice(tuple(RATINGS)), required=True, doc="The verdict.")
    explanation = Key(Text(), required=True, doc="Why, with the evidence in words.")
    sources = Key(ListOf(Url(), max_items=50), doc="Evidence (http or https).")


REVIEW = Record("review", ReviewFields)


class ClaimFields(Fields):
    """A claim of an annotation file."""

    id = Key(Id(), required=True, doc="Unique in the file; the claim's global id is `<article-id>#<id>`.")
    quote = Key(Text(max_length=5000), required=True, doc="The span of the article text, as written there.")
    prefix = Key(Text(max_length=500), doc="Text just before the quote, to pick one of several matches.")
    suffix = Key(Text(max_length=500), doc="Text just after the quote, to pick one of several matches.")
    speaker = Key(
        Either(Id(refers_to="speakers"), UNNAMED),
        doc="Speaker id, or `{unnamed: ..., affiliation: ...}`; omit for the outlet's own assertion.",
    )
    cue = Key(LINE, doc="The attribution words in the text (said, stressed, slammed).")
    kind = Key(
        Choice(tuple(k.value for k in ClaimKind)),
        required=True,
        doc="direct (verbatim), indirect (paraphrase) or assertion (the outlet's own voice).",
    )
    summary = Key(Text(max_length=1000), required=True, doc="One neutral sentence in the archive's voice.")
    tags = Key(TAG_LIST, doc="Tag ids from `annotations/tags.yml`.")
    review = Key(REVIEW, doc="The archive's verdict, only where it reviews the claim.")
    relations = Key(
        ListOf(RELATION, max_items=200),
        doc=(
            "Relations to other claims (`<article-id>#<claim-id>`, or `#<claim-id>` in the same article) "
            "or to external sources."
        ),
    )


CLAIM = Record("claim", ClaimFields)

REFERENCE = OneKey(
    "reference",
    REFERENCE_TYPES,
    Either(Id(expected="an article id", refers_to="articles"), EXTERNAL),
    description="A reference to another article of the archive (its id) or to an external source.",
)


class ArticleFields(Fields):
    """The `article:` block: metadata, each field detected from the text where it can be."""

    title = Key(LINE, doc="Headline; detected from the text when omitted.")
    outlet = Key(Id(refers_to="outlets"), doc="Outlet id; detected from the text when omitted.")
    published = Key(Date(), doc="ISO 8601 date, or datetime with offset; detected when omitted.")
    url = Key(Url(), doc="Original address.")
    archived_url = Key(Url(), doc="Address of an archived copy.")
    language = Key(LANGUAGE, doc="Language code (BCP 47).")
    event = Key(Id(refers_to="events"), doc="Event id from `annotations/events.yml`.")
    tags = Key(TAG_LIST, doc="Tag ids.")


ARTICLE = Record("article metadata", ArticleFields)


class AnnotationFields(Fields):
    """An annotation file."""

    article = Key(ARTICLE, doc="Metadata; every field that can be detected may be omitted.")
    cleaning = Key(CLEANING, doc="Additions to the outlet's cleaning rules for this article.")
    claims = Key(ListOf(CLAIM, max_items=2000), doc="The claims of the article.")
    references = Key(ListOf(REFERENCE, max_items=500), doc="Article-level cross-references.")
    notes = Key(Text(), doc="Free text for readers.")


ANNOTATION = Record(
    "annotation file", AnnotationFields, description="Annotations of one article: annotations/articles/<article-id>.yml"
)


class RoleFields(Fields):
    """A position a speaker held."""

    title = Key(LINE, required=True, doc="The position.")
    organization = Key(Id(refers_to="speakers"), doc="Speaker id of the organization.")
    start = Key(Date(allow_time=False), name="from", doc="When it began.")
    end = Key(Date(allow_time=False), name="to", doc="When it ended.")


ROLE = Record("role", RoleFields)


class SpeakerFields(Fields):
    """An entry of the speakers registry."""

    name = Key(LINE, required=True, doc="The name readers see.")
    type = Key(Choice(("person", "organization")), required=True, doc="person or organization.")
    aliases = Key(ListOf(LINE, max_items=50), doc="Other forms of the name used in articles.")
    description = Key(Text(max_length=2000), doc="One neutral sentence.")
    roles = Key(ListOf(ROLE, max_items=50), doc="Positions held.")
    wikidata = Key(WIKIDATA, doc="Wikidata id, only where certain.")
    links = Key(ListOf(Url(), max_items=20), doc="Further reading.")


SPEAKERS = MapOf(Record("speaker", SpeakerFields), description="The speakers registry: annotations/speakers.yml")


class OutletFields(Fields):
    """An entry of the outlets registry."""

    name = Key(LINE, required=True, doc="The name readers see.")
    url = Key(Url(), doc="Home page.")
    country = Key(Text(pattern=r"[A-Z]{2}", expected="an ISO 3166-1 alpha-2 code such as GB"), doc="Country code.")
    language = Key(LANGUAGE, doc="Main language of its articles here.")
    owner = Key(LINE, doc="Who owns it.")
    description = Key(Text(max_length=2000), doc="One neutral sentence.")
    wikidata = Key(WIKIDATA, doc="Wikidata id, only where certain.")
    aliases = Key(ListOf(LINE, max_items=50), doc="Other forms of the name used in articles.")
    cleaning = Key(CLEANING, doc="Noise rules for its raw articles.")


OUTLETS = MapOf(Record("outlet", OutletFields), description="The outlets registry: annotations/outlets.yml")


class EventFields(Fields):
    """An entry of the events registry."""

    title = Key(LINE, required=True, doc="What readers see.")
    date = Key(Date(allow_time=False), required=True, doc="When it happened (or began).")
    end_date = Key(Date(allow_time=False), doc="When it ended, for a range.")
    description = Key(Text(max_length=5000), doc="A few neutral sentences.")
    tags = Key(TAG_LIST, doc="Tag ids.")


EVENTS = MapOf(Record("event", EventFields), description="The events registry: annotations/events.yml")


class TagFields(Fields):
    """An entry of the tag vocabulary."""

    title = Key(LINE, required=True, doc="What readers see.")
    description = Key(Text(max_length=2000), doc="What the tag covers.")


TAGS = MapOf(Record("tag", TagFields), description="The controlled tag vocabulary: annotations/tags.yml")


SCHEMA_FILES: dict[str, tuple[Record | MapOf, str]] = {
    "annotation": (ANNOTATION, "Annotation file (annotations/articles/<article-id>.yml)"),
    "speakers": (SPEAKERS, "Speakers registry (annotations/speakers.yml)"),
    "outlets": (OUTLETS, "Outlets registry (annotations/outlets.yml)"),
    "events": (EVENTS, "Events registry (annotations/events.yml)"),
    "tags": (TAGS, "Tags registry (annotations/tags.yml)"),
}
"""Every file format, by the name of its JSON Schema file (`schemas/<name>.schema.json`)."""


def json_schemas() -> dict[str, dict[str, object]]:
    """The JSON Schema of every file format, generated from the declarations the validator uses."""
    schemas: dict[str, dict[str, object]] = {}
    for name, (spec, title) in SCHEMA_FILES.items():
        schema: dict[str, object] = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"{name}.schema.json",
            "title": title,
        }
        schema.update(spec.json_schema())
        schemas[name] = schema
    return schemas


def field_reference() -> str:
    """Markdown tables describing every field of every file format (for the contributor guide)."""
    sections: list[str] = []
    seen: set[str] = set()
    for spec, title in SCHEMA_FILES.values():
        root = spec.value if isinstance(spec, MapOf) else spec
        sections.append(f"### {title}")
        if isinstance(spec, MapOf):
            sections.append(f"A mapping from ids (lowercase letters, digits, hyphens) to {root.name} entries.")
        _describe(root, sections, seen)
    return "\n\n".join(sections)


def _describe(record: Record, sections: list[str], seen: set[str]) -> None:
    rows = ["| field | type | required | meaning |", "|---|---|---|---|"]
    nested: list[Record] = []
    for key, field in record.keys.items():
        required = "yes" if field.required else ""
        rows.append(f"| `{key}` | {field.spec.type_name()} | {required} | {field.doc} |")
        nested.extend(r for r in _records_in(field.spec) if r.name not in seen)
    sections.append(f"**{record.name}**\n\n" + "\n".join(rows))
    seen.add(record.name)
    for child in nested:
        if child.name not in seen:
            _describe(child, sections, seen)


def _records_in(spec: Spec[object]) -> list[Record]:
    if isinstance(spec, Record):
        return [spec]
    if isinstance(spec, ListOf):
        return _records_in(spec.item)
    if isinstance(spec, Either):
        return _records_in(spec.mapping)
    if isinstance(spec, OneKey):
        return _records_in(spec.value)
    return []
