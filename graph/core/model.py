"""The graph's declared schema: node labels, relation types, properties, ids, records.

Loaders yield ``Node`` and ``Relation`` records; stores accept only those. Labels and
relation types come from the two enums here and nowhere else (the Neo4j store puts them
into Cypher, so they must never come from input).
"""

from __future__ import annotations

import functools
import hashlib
import re
import sys
from collections.abc import Mapping
from dataclasses import field as dc_field
from enum import StrEnum
from typing import Any

from pydantic import ConfigDict, TypeAdapter, field_validator, model_validator
from pydantic.dataclasses import dataclass
from slugify import slugify

from graph.core.text_safety import clean_text


class Label(StrEnum):
    EVENT = "Event"
    CITY = "City"
    COUNTRY = "Country"
    PERSON = "Person"
    ORGANISATION = "Organisation"
    PRACTICE = "Practice"
    TOPIC = "Topic"
    SOURCE = "Source"


class RelType(StrEnum):
    IN = "IN"
    SHARED = "SHARED"
    PRESENTED_AT = "PRESENTED_AT"
    PRESENTED = "PRESENTED"
    SPOKE_AT = "SPOKE_AT"
    REPRESENTS = "REPRESENTS"
    PARTICIPATED_IN = "PARTICIPATED_IN"
    HELD_IN = "HELD_IN"
    ABOUT = "ABOUT"
    DESCRIBES = "DESCRIBES"


# Properties each label may carry (besides ``id`` and ``sources``); anything else is a
# loader bug and fails at the boundary.
NODE_PROPERTIES: dict[Label, frozenset[str]] = {
    Label.EVENT: frozenset(
        {"title", "date", "end_date", "format", "participants_count", "url", "lang", "synthetic"}
    ),
    Label.CITY: frozenset({"name", "names", "country_code", "lat", "lon", "geonameid"}),
    Label.COUNTRY: frozenset({"code", "name", "names"}),
    Label.PERSON: frozenset({"name", "names", "role"}),  # names: other spellings met
    Label.ORGANISATION: frozenset({"name"}),
    Label.PRACTICE: frozenset({"title", "summary"}),
    Label.TOPIC: frozenset({"name", "names"}),
    Label.SOURCE: frozenset(
        {
            "path",
            "url",
            "sha256",
            "loaded_at",
            "fetched_at",
            "kind",
            "synthetic",
            "warnings",
            "warning_count",
            "passages",  # a recap's: the words that stated each fact (graph/core/passages.py)
        }
    ),
}

# Which labels a relation type may join: (start labels, end labels).
RELATION_ENDPOINTS: dict[RelType, tuple[frozenset[Label], frozenset[Label]]] = {
    RelType.IN: (frozenset({Label.CITY}), frozenset({Label.COUNTRY})),
    RelType.SHARED: (frozenset({Label.CITY}), frozenset({Label.PRACTICE})),
    RelType.PRESENTED_AT: (frozenset({Label.PRACTICE}), frozenset({Label.EVENT})),
    RelType.PRESENTED: (frozenset({Label.PERSON}), frozenset({Label.PRACTICE})),
    RelType.SPOKE_AT: (frozenset({Label.PERSON}), frozenset({Label.EVENT})),
    RelType.REPRESENTS: (frozenset({Label.PERSON}), frozenset({Label.CITY, Label.ORGANISATION})),
    RelType.PARTICIPATED_IN: (frozenset({Label.COUNTRY}), frozenset({Label.EVENT})),
    RelType.HELD_IN: (frozenset({Label.EVENT}), frozenset({Label.CITY})),
    RelType.ABOUT: (frozenset({Label.EVENT, Label.PRACTICE}), frozenset({Label.TOPIC})),
    RelType.DESCRIBES: (frozenset({Label.SOURCE}), frozenset({Label.EVENT})),
}

RELATION_PROPERTIES: dict[RelType, frozenset[str]] = {
    rel: frozenset({"role"}) if rel is RelType.SPOKE_AT else frozenset() for rel in RelType
}

Scalar = str | int | float | bool | None
PropertyValue = Scalar | tuple[str, ...]


NAME_KEYS = frozenset({"name", "names", "title"})  # one line each, as a person reads them


# The kind of value each property holds, on both stores: a title is text (a number as a
# title made every Neo4j search fail), a count a whole number. Values of another kind are
# turned into the right one where that loses nothing (3.5 -> "3.5", "12" -> 12), else refused.
TEXT, TEXTS, WHOLE, NUMBER, FLAG = "text", "list of texts", "whole number", "number", "true/false"
PROPERTY_KINDS: dict[str, str] = {
    **dict.fromkeys(
        (
            "title",
            "name",
            "summary",
            "role",
            "format",
            "date",
            "end_date",
            "url",
            "lang",
            "code",
            "country_code",
            "path",
            "sha256",
            "loaded_at",
            "fetched_at",
            "kind",
        ),
        TEXT,
    ),
    "names": TEXTS,
    "warnings": TEXTS,
    "passages": TEXTS,
    "lat": NUMBER,
    "lon": NUMBER,
    "participants_count": WHOLE,
    "warning_count": WHOLE,
    "geonameid": WHOLE,
    "synthetic": FLAG,
}


def check_value(key: str, value: Any) -> PropertyValue:
    """``value`` as property ``key`` holds it (see PROPERTY_KINDS); strings lose what
    ``clean_text`` removes.

    >>> check_value("title", 3.5), check_value("participants_count", "12")
    ('3.5', 12)
    >>> check_value("lat", "north")
    Traceback (most recent call last):
    ...
    ValueError: property 'lat' must be a number, not 'north'
    """
    kind = PROPERTY_KINDS.get(key, TEXT)
    if type(value) is str and kind == TEXT:  # the common case first
        return clean_text(value, one_line=key in NAME_KEYS)
    if value is None:
        return None
    one_line = key in NAME_KEYS
    if kind == TEXT:
        if isinstance(value, str):
            return clean_text(value, one_line=one_line)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
    elif kind == TEXTS:
        if isinstance(value, str):
            value = (value,)
        if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
            return tuple(clean_text(v, one_line=one_line) for v in value)
    elif kind == FLAG:
        if isinstance(value, bool):
            return value
    else:
        number = _number(value)
        if number is not None and (kind == NUMBER or float(number).is_integer()):
            return float(number) if kind == NUMBER else int(number)
    raise ValueError(f"property {key!r} must be a {kind}, not {_shown(value)}")


def _number(value: Any) -> int | float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value if value == value and abs(value) != float("inf") else None
    if isinstance(value, str):
        try:
            return _number(float(value.strip()))
        except ValueError:
            return None
    return None


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def check_id(value: Any) -> str:
    """An id as records hold it: text without control characters or bidi overrides (they
    broke GraphML and GEXF exports), one string object for all its uses (interned: a
    large load names each node in many relations)."""
    if not isinstance(value, str):
        raise ValueError(f"an id must be text, not {_shown(value)}")
    return sys.intern(clean_text(value, one_line=True))


def _check_sources(value: Any) -> tuple[str, ...]:
    """Sources as records hold them: a tuple of ids, shared as given (a builder hands the
    same tuple to every record of its file)."""
    if type(value) is tuple and all(type(v) is str for v in value):
        return value
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return tuple(check_id(v) for v in value)
    raise ValueError(f"sources must be a list of ids, not {_shown(value)}")


def _check_properties(value: Any) -> dict[str, PropertyValue]:
    if not value:
        return _NO_PROPERTIES
    if not isinstance(value, dict):
        raise ValueError(f"properties must be a mapping, not {_shown(value)}")
    return {k: check_value(k, v) for k, v in value.items()}


# Records never change (frozen): every record without properties shares this one dict.
_NO_PROPERTIES: dict[str, PropertyValue] = {}
_RECORD = ConfigDict(extra="forbid")


@dataclass(frozen=True, slots=True, config=_RECORD)
class Node:
    """One node: a stable id, a label, its properties and the sources that stated it.

    A frozen, slotted record (a large load makes millions): its id and sources are checked
    and shared, its properties checked against PROPERTY_KINDS and NODE_PROPERTIES.

    >>> Node(id="city:ee:tar\x0btu", label=Label.CITY, properties={"name": 7}).properties
    {'name': '7'}
    """

    id: str
    label: Label
    properties: dict[str, PropertyValue] = dc_field(default_factory=lambda: _NO_PROPERTIES)
    sources: tuple[str, ...] = ()

    _id = field_validator("id", mode="plain")(check_id)
    _props = field_validator("properties", mode="plain")(_check_properties)
    _sources = field_validator("sources", mode="plain")(_check_sources)

    @model_validator(mode="after")
    def _known_properties(self) -> Node:
        if not NODE_PROPERTIES[self.label].issuperset(self.properties):
            unknown = set(self.properties) - NODE_PROPERTIES[self.label]
            raise ValueError(f"{self.label} has no properties {sorted(unknown)}")
        if not self.id.startswith(ID_PREFIX[self.label]):
            raise ValueError(
                f"{self.label} id {self.id!r} must start with {ID_PREFIX[self.label]!r}"
            )
        return self

    @property
    def name(self) -> str:
        return display_name(self.properties, self.id)

    @classmethod
    def model_validate(cls, data: Any) -> Node:
        """A Node from plain data (a dict, as ``model_dump`` gives it back)."""
        found: Any = _adapter(cls).validate_python(data)
        return found

    def model_dump(self, *, mode: str = "python") -> dict[str, Any]:
        """The record as plain data; ``mode="json"``: only JSON types (lists, strings)."""
        return _dump(self, mode)


@dataclass(frozen=True, slots=True, config=_RECORD)
class Relation:
    """One typed relation between two node ids, with its sources (a frozen, slotted
    record, checked as Node is)."""

    start: str
    type: RelType
    end: str
    properties: dict[str, PropertyValue] = dc_field(default_factory=lambda: _NO_PROPERTIES)
    sources: tuple[str, ...] = ()

    _ends = field_validator("start", "end", mode="plain")(check_id)
    _props = field_validator("properties", mode="plain")(_check_properties)
    _sources = field_validator("sources", mode="plain")(_check_sources)

    @model_validator(mode="after")
    def _valid_endpoints(self) -> Relation:
        if self.properties and not RELATION_PROPERTIES[self.type].issuperset(self.properties):
            unknown = set(self.properties) - RELATION_PROPERTIES[self.type]
            raise ValueError(f"{self.type} has no properties {sorted(unknown)}")
        starts, ends = RELATION_ENDPOINTS[self.type]
        if label_of(self.start) not in starts or label_of(self.end) not in ends:
            raise ValueError(f"{self.type} cannot join {self.start!r} to {self.end!r}")
        return self

    @property
    def key(self) -> tuple[str, RelType, str]:
        return (self.start, self.type, self.end)

    @classmethod
    def model_validate(cls, data: Any) -> Relation:
        """A Relation from plain data (a dict, as ``model_dump`` gives it back)."""
        found: Any = _adapter(cls).validate_python(data)
        return found

    def model_dump(self, *, mode: str = "python") -> dict[str, Any]:
        """The record as plain data; ``mode="json"``: only JSON types (lists, strings)."""
        return _dump(self, mode)


_ADAPTERS: dict[str, TypeAdapter[Any]] = {}


def _adapter(kind: type) -> TypeAdapter[Any]:
    """The validator of ``model_validate``, made on first use (not at import)."""
    if kind.__name__ not in _ADAPTERS:
        _ADAPTERS[kind.__name__] = TypeAdapter(kind)
    return _ADAPTERS[kind.__name__]


def _dump(record: Node | Relation, mode: str) -> dict[str, Any]:
    data = {f: getattr(record, f) for f in record.__dataclass_fields__}
    if mode == "json":
        data = {
            k: v.value
            if isinstance(v, Label | RelType)
            else list(v)
            if isinstance(v, tuple)
            else {pk: list(pv) if isinstance(pv, tuple) else pv for pk, pv in v.items()}
            if isinstance(v, dict)
            else v
            for k, v in data.items()
        }
    else:
        data["properties"] = dict(data["properties"])
    return data


ID_PREFIX: dict[Label, str] = {label: label.value.lower() + ":" for label in Label}
_LABEL_BY_PREFIX = {prefix[:-1]: label for label, prefix in ID_PREFIX.items()}


def label_of(node_id: str) -> Label | None:
    """The label an id belongs to, read from its prefix (``city:ee:tartu`` -> City)."""
    return _LABEL_BY_PREFIX.get(node_id.split(":", 1)[0])


_ALREADY_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@functools.lru_cache(maxsize=1 << 16)
def slug(text: str) -> str:
    """An id part from any text, any script: ``slug('Maßnahmen Köln')`` is ``massnahmen-koln``.

    Cached: a table names the same cities, people and topics on row after row. The
    transliteration is text-unidecode's, named rather than left to slugify's choice ('auto'
    tried to import unidecode on every non-ASCII text, 100 µs each, and would give other
    ids wherever unidecode happened to be installed).
    """
    if len(text) <= 80 and _ALREADY_SLUG.fullmatch(text):  # dates, codes: skip slugify
        return text
    return (
        slugify(text, max_length=80, word_boundary=True, backend="text-unidecode")
        or hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
    )


def make_id(label: Label, *parts: str | None) -> str:
    """A stable id derived from content, so the same facts always meet in one node.

    >>> make_id(Label.CITY, "EE", "Tartu")
    'city:ee:tartu'
    >>> make_id(Label.COUNTRY, "EE")
    'country:ee'
    """
    return ID_PREFIX[label] + ":".join(slug(p) for p in parts if p)


def source_where(properties: Mapping[str, Any], source_id: str) -> str:
    """Where a Source's facts come from, as a person opens it: its file's path, else its
    page's address, else its id.

    >>> source_where({"url": "https://example.org/recap"}, "source:1")
    'https://example.org/recap'
    >>> source_where({}, "source:1")
    'source:1'
    """
    return str(properties.get("path") or properties.get("url") or source_id)


def display_name(properties: dict[str, Any], fallback: str) -> str:
    """What a person reads for a node: its name, else its title, else its path or id."""
    for key in ("name", "title", "path", "url"):
        value = properties.get(key)
        if value:
            return str(value)
    return fallback
