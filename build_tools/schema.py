"""The input formats as data: YAML trees in, typed checked values (or diagnostics) out, plus JSON Schema.

One declaration per file format serves three purposes: the validator checks contributors' files
against it, `archive schema` turns it into JSON Schema for editors, and the contributor guide's
field reference is generated from it. Reads no files.

Every spec is typed by the value it checks to (`Text` is a `Spec[str]`, `ListOf(Text())` a
`Spec[list[tuple[str, Origin]]]`), and a record's keys are typed attributes of a `Fields` class,
so a checked record is read with its keys, `claim[ClaimFields.quote]`, and a misspelt key or a
value used as the wrong type is a type error.

Checking a file reports every value that does not fit, once: a value load refused is not
reported again, a misspelt key is not also reported missing, and a mapping with a problem
inside is still returned (marked incomplete) so that the validator knows the id it declares.
The ids a file uses are collected on the way and checked once every file is read.
"""

from __future__ import annotations

import calendar
import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType
from typing import Final, Generic, NamedTuple, TypeVar, cast, overload

from build_tools.diagnostics import Diagnostics, Origin, closest
from build_tools.load import YamlMap, YamlNode, YamlRefused, YamlScalar, YamlSeq, YamlValue

SLUG = r"(?!index$)[a-z0-9][a-z0-9-]*"
"""Ids of articles, claims, speakers, outlets, events and tags."""

MAX_TEXT = 20_000
"""Longest free text accepted in any field."""

JsonSchema = dict[str, object]
"""A JSON Schema document (or part of one)."""

T_co = TypeVar("T_co", covariant=True)
"""What a spec checks to."""
A = TypeVar("A")
"""What an inner spec checks to."""
V = TypeVar("V")
"""The value of a key read from a checked record."""
D = TypeVar("D")
"""A default for a key that was not written."""


class Invalid(enum.Enum):
    """The type of `INVALID`: what a check returns after recording an error."""

    INVALID = "invalid"


INVALID: Final = Invalid.INVALID
"""Returned by a check that recorded an error (the value is left out; its message is written)."""


class IdUse(NamedTuple):
    """An id a file uses to name something declared elsewhere (a speaker, an outlet, an article)."""

    registry: str
    """What it names: `speakers`, `outlets`, `events`, `tags` or `articles`."""
    value: str
    """The id as written."""
    origin: Origin
    """Where it was written."""


@dataclass(slots=True)
class Checking:
    """What checking one file collects besides its values: problems, and the ids it uses."""

    diagnostics: Diagnostics
    """Where problems are recorded."""
    uses: list[IdUse] = field(default_factory=list)
    """Every id found that names something elsewhere, in file order."""
    problems: int = 0
    """How many problems were found so far, counting values load already refused."""

    def error(self, origin: Origin, message: str) -> None:
        """Record a problem at `origin`."""
        self.diagnostics.error(origin, message)
        self.problems += 1

    def refused(self) -> None:
        """Count a value load refused: a problem, already reported."""
        self.problems += 1


def _kind(node: YamlValue) -> str:
    if isinstance(node, YamlMap):
        return "a mapping"
    if isinstance(node, YamlSeq):
        return "a list"
    if node.tag == "null" and node.raw.startswith("#"):
        return f"nothing (' #' starts a comment in YAML: write \"{_clip(node.raw, 40)}\" in quotes)"
    return {"str": "text", "timestamp": "text", "null": "nothing (null)"}.get(
        node.tag, f"{'an' if node.tag == 'int' else 'a'} {node.tag}"
    )


class Spec(Generic[T_co]):
    """A check for one YAML value, typed by the value it checks to, and its JSON Schema."""

    description: str = ""

    def check(self, node: YamlNode, checking: Checking) -> T_co | Invalid:
        """Check `node`; return its plain value or `INVALID` after recording errors.

        A value load refused was reported there: it is `INVALID` without a second message.
        """
        if isinstance(node, YamlRefused):
            checking.refused()
            return INVALID
        return self.check_value(node, checking)

    def check_value(self, node: YamlValue, checking: Checking) -> T_co | Invalid:
        """Check a value load accepted (see `check`)."""
        raise NotImplementedError

    def json_schema(self) -> JsonSchema:
        """The value's JSON Schema."""
        raise NotImplementedError

    def type_name(self) -> str:
        """A short human name for the field reference."""
        raise NotImplementedError


def _expect_scalar(node: YamlValue, what: str, checking: Checking) -> YamlScalar | None:
    if isinstance(node, YamlScalar) and node.tag in ("str", "timestamp"):
        return node
    if isinstance(node, YamlScalar) and node.tag == "bool":
        # YAML 1.1 reads words such as NO, yes, off as booleans; in a text field they are text.
        return YamlScalar(node.raw, node.origin, "str", node.raw)
    checking.error(node.origin, f"expected {what}, got {_kind(node)}")
    return None


@dataclass(frozen=True)
class Text(Spec[str]):
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

    def check_value(self, node: YamlValue, checking: Checking) -> str | Invalid:
        scalar = _expect_scalar(node, self.expected, checking)
        if scalar is None:
            return INVALID
        value = str(scalar.value)
        if len(value) > self.max_length:
            checking.error(node.origin, f"text is {len(value):,} characters long; the limit is {self.max_length:,}")
            return INVALID
        if self.single_line and "\n" in value.strip():
            checking.error(node.origin, f"expected {self.expected} on one line")
            return INVALID
        if self.pattern and not re.fullmatch(self.pattern, value):
            checking.error(node.origin, f"expected {self.expected}, got '{_clip(value)}'")
            return INVALID
        if not value.strip():
            checking.error(node.origin, f"expected {self.expected}, got empty text")
            return INVALID
        return value

    def json_schema(self) -> JsonSchema:
        schema: JsonSchema = {"type": "string", "minLength": 1, "maxLength": self.max_length}
        if self.pattern:
            schema["pattern"] = f"^(?:{self.pattern})$"
        return _described(schema, self.description)

    def type_name(self) -> str:
        return self.expected


def _clip(value: str, limit: int = 60) -> str:
    value = value.replace("\n", " ")
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _described(schema: JsonSchema, description: str) -> JsonSchema:
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

    def check_value(self, node: YamlValue, checking: Checking) -> str | Invalid:
        value = super().check_value(node, checking)
        if value is not INVALID and self.refers_to is not None:
            checking.uses.append(IdUse(self.refers_to, value, node.origin))
        return value

    def type_name(self) -> str:
        if self.refers_to is None:
            return "id"
        return f"{self.refers_to.removesuffix('s')} id"


@dataclass(frozen=True)
class Url(Spec[str]):
    """An http or https address; nothing else can become a link on the site."""

    description: str = ""

    def check_value(self, node: YamlValue, checking: Checking) -> str | Invalid:
        scalar = _expect_scalar(node, "an http or https URL", checking)
        if scalar is None:
            return INVALID
        value = str(scalar.value).strip()
        if not re.fullmatch(r"https?://[^\s<>\"'`\\]+", value, flags=re.ASCII) or len(value) > 2000:
            checking.error(node.origin, f"expected an http or https URL, got '{_clip(value)}'")
            return INVALID
        return value

    def json_schema(self) -> JsonSchema:
        schema: JsonSchema = {"type": "string", "format": "uri", "pattern": "^https?://"}
        return _described(schema, self.description)

    def type_name(self) -> str:
        return "http(s) URL"


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})")


@dataclass(frozen=True)
class Date(Spec[str]):
    """An ISO 8601 date, or a datetime with an offset where `allow_time`; checks to the text as written."""

    description: str = ""
    allow_time: bool = True

    def check_value(self, node: YamlValue, checking: Checking) -> str | Invalid:
        what = "an ISO 8601 date (YYYY-MM-DD)" + (" or datetime with offset" if self.allow_time else "")
        scalar = _expect_scalar(node, what, checking)
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
            checking.error(node.origin, f"'{_clip(value)}' is not a real date{_why_not_a_date(value)}")
            return INVALID
        checking.error(node.origin, f"expected {what}, got '{_clip(value)}'")
        return INVALID

    def json_schema(self) -> JsonSchema:
        pattern = r"^\d{4}-\d{2}-\d{2}"
        if self.allow_time:
            pattern += r"([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?"
        return _described({"type": "string", "pattern": pattern + "$"}, self.description)

    def type_name(self) -> str:
        return "ISO date" + (" or datetime" if self.allow_time else "")


def _why_not_a_date(value: str) -> str:
    """Why a date of the right shape does not exist: ` (February 2017 has 28 days)`."""
    year, month, day = int(value[:4]), int(value[5:7]), int(value[8:10])
    if year < 1:
        return " (there is no year 0)"
    if not 1 <= month <= 12:
        return f" (there is no month {month})"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return f" ({calendar.month_name[month]} {year} has {days} days)"
    return " (the time of day does not exist)"


@dataclass(frozen=True)
class Choice(Spec[str]):
    """One value of a closed vocabulary."""

    values: tuple[str, ...] = ()
    description: str = ""

    def check_value(self, node: YamlValue, checking: Checking) -> str | Invalid:
        expected = "one of " + ", ".join(self.values)
        scalar = _expect_scalar(node, expected, checking)
        if scalar is None:
            return INVALID
        value = str(scalar.value)
        if value not in self.values:
            meant = closest(value, self.values)
            hint = f" (did you mean '{meant}'?)" if meant else ""
            checking.error(node.origin, f"'{_clip(value)}' is not {expected}{hint}")
            return INVALID
        return value

    def json_schema(self) -> JsonSchema:
        return _described({"type": "string", "enum": list(self.values)}, self.description)

    def type_name(self) -> str:
        return " \\| ".join(self.values)


@dataclass(frozen=True)
class ListOf(Spec[list[tuple[A, Origin]]]):
    """A list of values of one spec, each with where it was written; a single value is not accepted in its place."""

    item: Spec[A]
    """The check of every item."""
    description: str = ""
    max_items: int = 10_000

    def check_value(self, node: YamlValue, checking: Checking) -> list[tuple[A, Origin]] | Invalid:
        if not isinstance(node, YamlSeq):
            checking.error(node.origin, f"expected a list, got {_kind(node)}")
            return INVALID
        if len(node.items) > self.max_items:
            checking.error(node.origin, f"list has {len(node.items):,} items; the limit is {self.max_items:,}")
            return INVALID
        checked = []
        for item in node.items:
            value = self.item.check(item, checking)
            if value is not INVALID:
                checked.append((value, item.origin))
        return checked

    def json_schema(self) -> JsonSchema:
        schema: JsonSchema = {"type": "array", "items": self.item.json_schema(), "maxItems": self.max_items}
        return _described(schema, self.description)

    def type_name(self) -> str:
        return f"list of {self.item.type_name()}"


@dataclass(slots=True)
class Key(Generic[T_co]):
    """One key of a record, declared as an attribute of its `Fields` class (the attribute name is the key)."""

    spec: Spec[T_co]
    """The value's check."""
    required: bool = False
    """Whether the key must be present."""
    doc: str = ""
    """What the field means, for the field reference and JSON Schema."""
    name: str = ""
    """The key as written in YAML: the attribute's name, unless given (`from` is a Python keyword)."""

    def __set_name__(self, owner: type[Fields], attribute: str) -> None:
        self.name = self.name or attribute


class Fields:
    """The keys of one record format: each a `Key` class attribute, in the order the field reference lists them.

    A checked record is read with them, `role[RoleFields.title]`, so that mypy knows the key
    exists and the type of its value.
    """

    def __init_subclass__(cls) -> None:
        # Keys are named (`Key.__set_name__`) before a class's `__init_subclass__` runs.
        _KEYS[cls] = MappingProxyType({key.name: key for key in vars(cls).values() if isinstance(key, Key)})


_KEYS: dict[type[Fields], Mapping[str, Key[object]]] = {}
"""The keys of every `Fields` class, by key name, in declaration order."""


@dataclass(frozen=True, slots=True)
class Checked:
    """A mapping after its checks: the values that fit, where each was written, and what did not fit.

    Read values with the keys of the record's `Fields`: `checked[key]` for a key that is there
    (a required key of a complete record), `checked.get(key)` for one that may not be.
    """

    record: Record
    """The format the mapping was checked against."""
    values: Mapping[str, object]
    """Checked values by key (values that did not fit are left out); read them with `Key`s."""
    origins: Mapping[str, Origin]
    """Where each value was written, by key."""
    origin: Origin
    """Where the mapping starts."""
    complete: bool = True
    """Whether nothing inside the mapping had a problem; an incomplete record is known, never used."""
    failed: frozenset[str] = frozenset()
    """Keys written (or required) whose value did not fit, and unknown keys."""
    uses: tuple[IdUse, ...] = ()
    """Every id used inside the mapping, at any depth."""

    def __getitem__(self, key: Key[V]) -> V:
        """The value of `key`, which must be there."""
        # `Record.check_value` stored under each key only what that key's spec checked to.
        return cast("V", self.values[self._name(key)])

    @overload
    def get(self, key: Key[V]) -> V | None: ...
    @overload
    def get(self, key: Key[V], default: D) -> V | D: ...
    def get(self, key: Key[V], default: object = None) -> object:
        """The value of `key`, or `default` when it was not written or did not fit."""
        return self.values.get(self._name(key), default)

    def __contains__(self, key: Key[object]) -> bool:
        """Whether `key` has a value that fits."""
        return self._name(key) in self.values

    def origin_of(self, key: Key[object]) -> Origin:
        """Where the value of `key`, which must be there, was written."""
        return self.origins[self._name(key)]

    def has_failed(self, key: Key[object]) -> bool:
        """Whether `key` was written (or is required) and its value did not fit."""
        return self._name(key) in self.failed

    def _name(self, key: Key[object]) -> str:
        if self.record.keys.get(key.name) is not key:
            raise KeyError(f"'{key.name}' is not a key of {self.record.name}")
        return key.name


@dataclass(frozen=True)
class Record(Spec[Checked]):
    """A mapping with known keys (the `Key` attributes of `fields`); unknown keys are errors."""

    name: str
    """How the mapping is called in messages and the field reference."""
    fields: type[Fields]
    """The keys, declared as attributes."""
    description: str = ""

    @property
    def keys(self) -> Mapping[str, Key[object]]:
        """The keys by name, in declaration order."""
        return _KEYS[self.fields]

    def check_value(self, node: YamlValue, checking: Checking) -> Checked | Invalid:
        if not isinstance(node, YamlMap):
            checking.error(node.origin, f"expected a mapping ({self.name}), got {_kind(node)}")
            return INVALID
        keys = self.keys
        problems, first_use = checking.problems, len(checking.uses)
        missing = [k for k, spec in keys.items() if spec.required and k not in node.entries]
        failed = set(missing)
        for key in node.entries:
            if key not in keys:
                self._unknown_key(node, key, missing, checking)
                failed.add(key)
        values: dict[str, object] = {}
        origins: dict[str, Origin] = {}
        for key, value_node in node.entries.items():
            spec = keys.get(key)
            if spec is None or (_is_null(value_node) and not spec.required):
                continue
            value = spec.spec.check(value_node, checking)
            if value is INVALID:
                failed.add(key)
                continue
            values[key] = value
            origins[key] = value_node.origin
        for key in missing:
            checking.error(node.origin, f"missing required key '{key}' in {self.name}")
        return Checked(
            self,
            values,
            origins,
            node.origin,
            complete=checking.problems == problems,
            failed=frozenset(failed),
            uses=tuple(checking.uses[first_use:]),
        )

    def _unknown_key(self, node: YamlMap, key: str, missing: list[str], checking: Checking) -> None:
        """Report an unknown key; if it is a misspelt required key, that key is not also reported missing."""
        meant = closest(key, self.keys)
        if meant in missing:
            missing.remove(meant)
        hint = f" (did you mean '{meant}'?)" if meant else f" (expected one of: {', '.join(self.keys)})"
        checking.error(node.key_origins[key], f"unknown key '{_clip(key)}' in {self.name}{hint}")

    def json_schema(self) -> JsonSchema:
        properties: JsonSchema = {}
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
class Either(Spec[A | Checked]):
    """A short text form or a mapping form of the same thing (`speaker: id` or `speaker: {unnamed: ...}`)."""

    text: Spec[A]
    """The short form."""
    mapping: Record
    """The mapping form."""
    description: str = ""

    def check_value(self, node: YamlValue, checking: Checking) -> A | Checked | Invalid:
        if isinstance(node, YamlMap):
            return self.mapping.check(node, checking)
        if isinstance(node, YamlScalar) and node.tag in ("str", "timestamp"):
            return self.text.check(node, checking)
        checking.error(
            node.origin, f"expected {self.text.type_name()} or a mapping ({self.mapping.name}), got {_kind(node)}"
        )
        return INVALID

    def json_schema(self) -> JsonSchema:
        schema: JsonSchema = {"oneOf": [self.text.json_schema(), self.mapping.json_schema()]}
        return _described(schema, self.description)

    def type_name(self) -> str:
        return f"{self.text.type_name()} or {self.mapping.name}"


@dataclass(frozen=True)
class OneKey(Spec[tuple[str, A]]):
    """A mapping with exactly one key from a vocabulary, e.g. `- same-as: <claim>`; checks to (key, value)."""

    name: str
    """How the mapping is called in messages."""
    keys: tuple[str, ...]
    """The vocabulary of its key."""
    value: Spec[A]
    """The check of its value."""
    description: str = ""

    def check_value(self, node: YamlValue, checking: Checking) -> tuple[str, A] | Invalid:
        if not isinstance(node, YamlMap) or len(node.entries) != 1:
            got = _kind(node) if not isinstance(node, YamlMap) else f"{len(node.entries)} keys"
            checking.error(
                node.origin, f"expected a {self.name} with exactly one key ({', '.join(self.keys)}), got {got}"
            )
            return INVALID
        ((key, value_node),) = node.entries.items()
        if key not in self.keys:
            meant = closest(key, self.keys)
            hint = f" (did you mean '{meant}'?)" if meant else ""
            checking.error(
                node.key_origins[key],
                f"unknown {self.name} type '{_clip(key)}'{hint} (expected one of: {', '.join(self.keys)})",
            )
            return INVALID
        value = self.value.check(value_node, checking)
        return INVALID if value is INVALID else (key, value)

    def json_schema(self) -> JsonSchema:
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


Entries = dict[str, tuple[Checked | None, Origin]]
"""A checked registry: every valid id with its record (`None` for an entry that is not a mapping) and where the id is."""


@dataclass(frozen=True)
class MapOf(Spec[Entries]):
    """A registry: a mapping from ids to records; checks to `Entries`.

    Every valid id is kept, with `None` for an entry that is not a mapping: the id is declared
    even though its entry is unusable, so references to it are not reported unknown.
    """

    value: Record
    """The format of every entry."""
    description: str = ""

    def check_value(self, node: YamlValue, checking: Checking) -> Entries | Invalid:
        if not isinstance(node, YamlMap):
            checking.error(node.origin, f"expected a mapping of ids to {self.value.name} entries, got {_kind(node)}")
            return INVALID
        entries: Entries = {}
        for key, value_node in node.entries.items():
            key_origin = node.key_origins[key]
            if not re.fullmatch(SLUG, key):
                checking.error(
                    key_origin, f"'{_clip(key)}' is not a valid id (expected lowercase letters, digits and hyphens)"
                )
                continue
            value = self.value.check(value_node, checking)
            # An entry that is not even a mapping still declares its id.
            entries[key] = (None if value is INVALID else value, key_origin)
        return entries

    def json_schema(self) -> JsonSchema:
        schema: JsonSchema = {
            "type": "object",
            "propertyNames": {"pattern": f"^{SLUG}$"},
            "additionalProperties": self.value.json_schema(),
        }
        return _described(schema, self.description)

    def type_name(self) -> str:
        return f"mapping of ids to {self.value.name}"
