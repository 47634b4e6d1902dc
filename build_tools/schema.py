"""The input formats as data: YAML trees in, checked plain values (or diagnostics) out, plus JSON Schema.

One declaration per file format serves three purposes: the validator checks contributors' files
against it, `archive schema` turns it into JSON Schema for editors, and the contributor guide's
field reference is generated from it. Reads no files.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from build_tools.diagnostics import Diagnostics, Origin, did_you_mean
from build_tools.load import YamlMap, YamlNode, YamlScalar, YamlSeq

SLUG = r"(?!index$)[a-z0-9][a-z0-9-]*"
"""Ids of articles, claims, speakers, outlets, events and tags."""

MAX_TEXT = 20_000
"""Longest free text accepted in any field."""

INVALID: Any = object()
"""Returned by a check that recorded an error."""


@dataclass(frozen=True, slots=True)
class Checked:
    """A mapping that passed its checks: plain values plus where each was written."""

    values: dict[str, Any]
    """Checked values by key."""
    origins: dict[str, Origin]
    """Where each value was written, by key."""
    origin: Origin
    """Where the mapping starts."""


def _kind(node: YamlNode) -> str:
    if isinstance(node, YamlMap):
        return "a mapping"
    if isinstance(node, YamlSeq):
        return "a list"
    return {"str": "text", "timestamp": "text", "null": "nothing (null)"}.get(
        node.tag, f"{'an' if node.tag == 'int' else 'a'} {node.tag}"
    )


class Spec:
    """A check for one YAML value, and its JSON Schema."""

    description: str = ""

    def check(self, node: YamlNode, diagnostics: Diagnostics) -> Any:
        """Check `node`; return its plain value or `INVALID` after recording errors."""
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:
        """The value's JSON Schema."""
        raise NotImplementedError

    def type_name(self) -> str:
        """A short human name for the field reference."""
        raise NotImplementedError


def _expect_scalar(node: YamlNode, what: str, diagnostics: Diagnostics) -> YamlScalar | None:
    if isinstance(node, YamlScalar) and node.tag in ("str", "timestamp"):
        return node
    if isinstance(node, YamlScalar) and node.tag == "bool":
        # YAML 1.1 reads words such as NO, yes, off as booleans; in a text field they are text.
        return YamlScalar(node.raw, node.origin, "str", node.raw)
    origin = node.origin
    diagnostics.error(origin, f"expected {what}, got {_kind(node)}")
    return None


@dataclass(frozen=True)
class Text(Spec):
    """A string."""

    description: str = ""
    pattern: str | None = None
    """A regular expression the whole text must match."""
    expected: str = "text"
    """How the expected value is described in messages."""
    max_length: int = MAX_TEXT
    """Longest accepted text, in code points."""
    single_line: bool = False
    """Whether line breaks are refused."""

    def check(self, node: YamlNode, diagnostics: Diagnostics) -> Any:
        scalar = _expect_scalar(node, self.expected, diagnostics)
        if scalar is None:
            return INVALID
        value = str(scalar.value)
        if len(value) > self.max_length:
            diagnostics.error(node.origin, f"text is {len(value):,} characters long; the limit is {self.max_length:,}")
            return INVALID
        if self.single_line and "\n" in value.strip():
            diagnostics.error(node.origin, f"expected {self.expected} on one line")
            return INVALID
        if self.pattern and not re.fullmatch(self.pattern, value):
            diagnostics.error(node.origin, f"expected {self.expected}, got '{_clip(value)}'")
            return INVALID
        if not value.strip():
            diagnostics.error(node.origin, f"expected {self.expected}, got empty text")
            return INVALID
        return value

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "string", "minLength": 1, "maxLength": self.max_length}
        if self.pattern:
            schema["pattern"] = f"^(?:{self.pattern})$"
        return _described(schema, self.description)

    def type_name(self) -> str:
        return self.expected


def _clip(value: str, limit: int = 60) -> str:
    value = value.replace("\n", " ")
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _described(schema: dict[str, Any], description: str) -> dict[str, Any]:
    if description:
        schema["description"] = description
    return schema


@dataclass(frozen=True)
class Id(Text):
    """An id: of the thing being declared, or a reference to one in a registry."""

    refers_to: str | None = None
    """Which registry the id must be found in (checked after every file is read)."""
    pattern: str | None = SLUG
    expected: str = "an id (lowercase letters, digits and hyphens)"
    max_length: int = 120

    def type_name(self) -> str:
        if self.refers_to is None:
            return "id"
        return f"{self.refers_to.removesuffix('s')} id"


@dataclass(frozen=True)
class Url(Spec):
    """An http or https address; nothing else can become a link on the site."""

    description: str = ""

    def check(self, node: YamlNode, diagnostics: Diagnostics) -> Any:
        scalar = _expect_scalar(node, "an http or https URL", diagnostics)
        if scalar is None:
            return INVALID
        value = str(scalar.value).strip()
        if not re.fullmatch(r"https?://[^\s<>\"'`\\]+", value, flags=re.ASCII) or len(value) > 2000:
            diagnostics.error(node.origin, f"expected an http or https URL, got '{_clip(value)}'")
            return INVALID
        return value

    def json_schema(self) -> dict[str, Any]:
        schema = {"type": "string", "format": "uri", "pattern": "^https?://"}
        return _described(schema, self.description)

    def type_name(self) -> str:
        return "http(s) URL"


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})")


@dataclass(frozen=True)
class Date(Spec):
    """An ISO 8601 date, or a datetime with an offset where `allow_time`."""

    description: str = ""
    allow_time: bool = True

    def check(self, node: YamlNode, diagnostics: Diagnostics) -> Any:
        what = "an ISO 8601 date (YYYY-MM-DD)" + (" or datetime with offset" if self.allow_time else "")
        scalar = _expect_scalar(node, what, diagnostics)
        if scalar is None:
            return INVALID
        value = str(scalar.value).strip()
        try:
            if _DATE.fullmatch(value):
                date.fromisoformat(value)
                return value
            if self.allow_time and _DATETIME.fullmatch(value):
                datetime.fromisoformat(value)
                return value
        except ValueError:
            diagnostics.error(node.origin, f"'{_clip(value)}' is not a real date")
            return INVALID
        diagnostics.error(node.origin, f"expected {what}, got '{_clip(value)}'")
        return INVALID

    def json_schema(self) -> dict[str, Any]:
        pattern = r"^\d{4}-\d{2}-\d{2}"
        if self.allow_time:
            pattern += r"([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?"
        return _described({"type": "string", "pattern": pattern + "$"}, self.description)

    def type_name(self) -> str:
        return "ISO date" + (" or datetime" if self.allow_time else "")


@dataclass(frozen=True)
class Choice(Spec):
    """One value of a closed vocabulary."""

    values: tuple[str, ...] = ()
    description: str = ""

    def check(self, node: YamlNode, diagnostics: Diagnostics) -> Any:
        expected = "one of " + ", ".join(self.values)
        scalar = _expect_scalar(node, expected, diagnostics)
        if scalar is None:
            return INVALID
        value = str(scalar.value)
        if value not in self.values:
            hint = did_you_mean(value, self.values)
            diagnostics.error(node.origin, f"'{_clip(value)}' is not {expected}{hint}")
            return INVALID
        return value

    def json_schema(self) -> dict[str, Any]:
        return _described({"type": "string", "enum": list(self.values)}, self.description)

    def type_name(self) -> str:
        return " \\| ".join(self.values)


@dataclass(frozen=True)
class ListOf(Spec):
    """A list of values of one spec; a single value is not accepted in its place."""

    item: Spec = field(default_factory=Text)
    description: str = ""
    max_items: int = 10_000

    def check(self, node: YamlNode, diagnostics: Diagnostics) -> Any:
        if not isinstance(node, YamlSeq):
            diagnostics.error(node.origin, f"expected a list, got {_kind(node)}")
            return INVALID
        if len(node.items) > self.max_items:
            diagnostics.error(node.origin, f"list has {len(node.items):,} items; the limit is {self.max_items:,}")
            return INVALID
        values = [self.item.check(item, diagnostics) for item in node.items]
        return [(v, item.origin) for v, item in zip(values, node.items, strict=True) if v is not INVALID]

    def json_schema(self) -> dict[str, Any]:
        schema = {"type": "array", "items": self.item.json_schema(), "maxItems": self.max_items}
        return _described(schema, self.description)

    def type_name(self) -> str:
        return f"list of {self.item.type_name()}"


@dataclass(frozen=True)
class Key:
    """One key of a record."""

    spec: Spec
    """The value's check."""
    required: bool = False
    """Whether the key must be present."""
    doc: str = ""
    """What the field means, for the field reference and JSON Schema."""


@dataclass(frozen=True)
class Record(Spec):
    """A mapping with known keys; unknown keys are errors."""

    name: str = "record"
    keys: Mapping[str, Key] = field(default_factory=dict)
    description: str = ""

    def check(self, node: YamlNode, diagnostics: Diagnostics) -> Any:
        if not isinstance(node, YamlMap):
            diagnostics.error(node.origin, f"expected a mapping ({self.name}), got {_kind(node)}")
            return INVALID
        values: dict[str, Any] = {}
        origins: dict[str, Origin] = {}
        # Unknown keys and bad optional values are reported and left out; the record itself is
        # kept unless a required value is missing or bad, so later checks still see the rest.
        ok = True
        for key, value_node in node.entries.items():
            if key not in self.keys:
                hint = did_you_mean(key, self.keys)
                expected = "" if hint else f" (expected one of: {', '.join(self.keys)})"
                diagnostics.error(node.key_origins[key], f"unknown key '{_clip(key)}' in {self.name}{hint}{expected}")
                continue
            if _is_null(value_node) and not self.keys[key].required:
                continue
            value = self.keys[key].spec.check(value_node, diagnostics)
            if value is INVALID:
                ok = ok and not self.keys[key].required
                continue
            values[key] = value
            origins[key] = value_node.origin
        for key, spec in self.keys.items():
            if spec.required and key not in node.entries and key not in values:
                diagnostics.error(node.origin, f"missing required key '{key}' in {self.name}")
                ok = False
        return Checked(values, origins, node.origin) if ok else INVALID

    def json_schema(self) -> dict[str, Any]:
        properties = {}
        for key, spec in self.keys.items():
            schema = spec.spec.json_schema()
            if spec.doc:
                schema["description"] = spec.doc
            properties[key] = schema
        schema = {
            "type": "object",
            "properties": properties,
            "required": [k for k, s in self.keys.items() if s.required],
            "additionalProperties": False,
        }
        return _described(schema, self.description)

    def type_name(self) -> str:
        return self.name


def _is_null(node: YamlNode) -> bool:
    return isinstance(node, YamlScalar) and node.tag == "null"


@dataclass(frozen=True)
class Either(Spec):
    """A short text form or a mapping form of the same thing (`speaker: id` or `speaker: {unnamed: ...}`)."""

    text: Spec = field(default_factory=Text)
    mapping: Record = field(default_factory=Record)
    description: str = ""

    def check(self, node: YamlNode, diagnostics: Diagnostics) -> Any:
        if isinstance(node, YamlMap):
            return self.mapping.check(node, diagnostics)
        if isinstance(node, YamlScalar) and node.tag in ("str", "timestamp"):
            return self.text.check(node, diagnostics)
        diagnostics.error(
            node.origin, f"expected {self.text.type_name()} or a mapping ({self.mapping.name}), got {_kind(node)}"
        )
        return INVALID

    def json_schema(self) -> dict[str, Any]:
        schema = {"oneOf": [self.text.json_schema(), self.mapping.json_schema()]}
        return _described(schema, self.description)

    def type_name(self) -> str:
        return f"{self.text.type_name()} or {self.mapping.name}"


@dataclass(frozen=True)
class OneKey(Spec):
    """A mapping with exactly one key from a vocabulary, e.g. `- same-as: <claim>`; checks to (key, value)."""

    name: str = "entry"
    keys: tuple[str, ...] = ()
    value: Spec = field(default_factory=Text)
    description: str = ""

    def check(self, node: YamlNode, diagnostics: Diagnostics) -> Any:
        if not isinstance(node, YamlMap) or len(node.entries) != 1:
            got = _kind(node) if not isinstance(node, YamlMap) else f"{len(node.entries)} keys"
            diagnostics.error(
                node.origin, f"expected a {self.name} with exactly one key ({', '.join(self.keys)}), got {got}"
            )
            return INVALID
        ((key, value_node),) = node.entries.items()
        if key not in self.keys:
            hint = did_you_mean(key, self.keys)
            diagnostics.error(
                node.key_origins[key],
                f"unknown {self.name} type '{_clip(key)}'{hint} (expected one of: {', '.join(self.keys)})",
            )
            return INVALID
        value = self.value.check(value_node, diagnostics)
        return INVALID if value is INVALID else (key, value)

    def json_schema(self) -> dict[str, Any]:
        variants = [
            {
                "type": "object",
                "properties": {key: self.value.json_schema()},
                "required": [key],
                "additionalProperties": False,
            }
            for key in self.keys
        ]
        return _described({"oneOf": variants}, self.description)

    def type_name(self) -> str:
        return f"{self.name} (one of {', '.join(self.keys)})"


@dataclass(frozen=True)
class MapOf(Spec):
    """A registry: a mapping from ids to records."""

    value: Record = field(default_factory=Record)
    description: str = ""

    def check(self, node: YamlNode, diagnostics: Diagnostics) -> Any:
        if not isinstance(node, YamlMap):
            diagnostics.error(node.origin, f"expected a mapping of ids to {self.value.name} entries, got {_kind(node)}")
            return INVALID
        entries: dict[str, tuple[Checked, Origin]] = {}
        for key, value_node in node.entries.items():
            key_origin = node.key_origins[key]
            if not re.fullmatch(SLUG, key):
                diagnostics.error(
                    key_origin, f"'{_clip(key)}' is not a valid id (expected lowercase letters, digits and hyphens)"
                )
                continue
            value = self.value.check(value_node, diagnostics)
            if value is not INVALID:
                entries[key] = (value, key_origin)
        return entries

    def json_schema(self) -> dict[str, Any]:
        schema = {
            "type": "object",
            "propertyNames": {"pattern": f"^{SLUG}$"},
            "additionalProperties": self.value.json_schema(),
        }
        return _described(schema, self.description)

    def type_name(self) -> str:
        return f"mapping of ids to {self.value.name}"
