"""The graph's declared schema: node labels, relation types, properties, ids, records.

Loaders yield ``Node`` and ``Relation`` records; stores accept only those. Labels and
relation types come from the two enums here and nowhere else (the Neo4j store puts them
into Cypher, so they must never come from input).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator, model_validator
from slugify import slugify


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


# Control characters (but tab, newline, carriage return), lone surrogates and the two
# non-characters: XML (GraphML, GEXF) cannot hold them and terminals act on some (ESC,
# CSI). Bidi embeddings, overrides and isolates: they make a name display reversed.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
_LINE_BREAKS = re.compile(r"[\t\n\r]+")
NAME_KEYS = frozenset({"name", "names", "title"})  # one line each, as a person reads them


def clean_text(text: str, *, one_line: bool = False) -> str:
    r"""``text`` without control characters and bidi overrides; ``one_line`` turns tabs and
    line breaks into spaces too. Every string property passes here when a record is built.

    >>> clean_text("Tar\x0btu\u202e")
    'Tartu'
    >>> clean_text("Cologne\n(Köln)", one_line=True)
    'Cologne (Köln)'
    >>> clean_text("\x1b[31mred\x1b[0m")
    '[31mred[0m'
    """
    if _UNSAFE.search(text):
        text = _UNSAFE.sub("", text)
    if one_line and _LINE_BREAKS.search(text):
        text = _LINE_BREAKS.sub(" ", text)
    return text


def _check_value(key: str, value: Any) -> PropertyValue:
    """Property values are scalars or tuples of strings: what every store can hold.
    Strings lose what ``clean_text`` removes."""
    one_line = key in NAME_KEYS
    if isinstance(value, list | tuple):
        if not all(isinstance(v, str) for v in value):
            raise ValueError(f"property {key!r}: lists may hold only strings")
        return tuple(clean_text(v, one_line=one_line) for v in value)
    if isinstance(value, str):
        return clean_text(value, one_line=one_line)
    if value is None or isinstance(value, int | float | bool):
        return value
    raise ValueError(f"property {key!r}: unsupported value type {type(value).__name__}")


class Node(BaseModel):
    """One node: a stable id, a label, its properties and the sources that stated it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    label: Label
    properties: dict[str, PropertyValue] = {}
    sources: tuple[str, ...] = ()

    @field_validator("properties", mode="before")
    @classmethod
    def _values(cls, value: dict[str, Any]) -> dict[str, PropertyValue]:
        return {k: _check_value(k, v) for k, v in dict(value).items()}

    @model_validator(mode="after")
    def _known_properties(self) -> Node:
        unknown = set(self.properties) - NODE_PROPERTIES[self.label]
        if unknown:
            raise ValueError(f"{self.label} has no properties {sorted(unknown)}")
        if not self.id.startswith(ID_PREFIX[self.label]):
            raise ValueError(
                f"{self.label} id {self.id!r} must start with {ID_PREFIX[self.label]!r}"
            )
        return self

    @property
    def name(self) -> str:
        return display_name(self.properties, self.id)


class Relation(BaseModel):
    """One typed relation between two node ids, with its sources."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: str
    type: RelType
    end: str
    properties: dict[str, PropertyValue] = {}
    sources: tuple[str, ...] = ()

    @field_validator("properties", mode="before")
    @classmethod
    def _values(cls, value: dict[str, Any]) -> dict[str, PropertyValue]:
        return {k: _check_value(k, v) for k, v in dict(value).items()}

    @model_validator(mode="after")
    def _valid_endpoints(self) -> Relation:
        unknown = set(self.properties) - RELATION_PROPERTIES[self.type]
        if unknown:
            raise ValueError(f"{self.type} has no properties {sorted(unknown)}")
        starts, ends = RELATION_ENDPOINTS[self.type]
        if label_of(self.start) not in starts or label_of(self.end) not in ends:
            raise ValueError(f"{self.type} cannot join {self.start!r} to {self.end!r}")
        return self

    @property
    def key(self) -> tuple[str, RelType, str]:
        return (self.start, self.type, self.end)


ID_PREFIX: dict[Label, str] = {label: label.value.lower() + ":" for label in Label}
_LABEL_BY_PREFIX = {prefix[:-1]: label for label, prefix in ID_PREFIX.items()}


def label_of(node_id: str) -> Label | None:
    """The label an id belongs to, read from its prefix (``city:ee:tartu`` -> City)."""
    return _LABEL_BY_PREFIX.get(node_id.split(":", 1)[0])


_ALREADY_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def slug(text: str) -> str:
    """An id part from any text, any script: ``slug('Maßnahmen Köln')`` is ``massnahmen-koln``."""
    if len(text) <= 80 and _ALREADY_SLUG.fullmatch(text):  # dates, codes: skip slugify
        return text
    return (
        slugify(text, max_length=80, word_boundary=True)
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
