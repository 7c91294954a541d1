"""Record builders shared by every loader, so the same fact gets the same id everywhere.

A loader makes one ``Builder`` per input file (bound to that file's ``Source`` node),
calls ``country``/``city``/``event``/``person``/``practice``/``topic``/``link``, and hands
back ``builder.records``. Names are resolved to canonical entities here; a name that
resolves to nothing is kept as its own entity with a warning, never dropped.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from graph.core.model import Label, Node, Relation, RelType, make_id
from graph.ingest import resolve, topics

RelKey = tuple[str, RelType, str]


def _merge_properties(
    old: dict[str, Any], new: dict[str, Any], *, prefer_new: bool = False
) -> tuple[dict[str, Any], list[str]]:
    """Merge ``new`` into ``old``: ``names`` and ``warnings`` lists are unions; other keys
    keep the first non-null value (or the new one with ``prefer_new``, as a store does when
    a corrected file is loaded again). Returns the merged properties and the keys whose
    values disagreed."""
    merged = dict(old)
    conflicts = []
    for key, value in new.items():
        if value is None:
            continue
        current = merged.get(key)
        if key in ("names", "warnings") and isinstance(value, tuple):
            merged[key] = tuple(dict.fromkeys((*(current or ()), *value)))
        elif current is None:
            merged[key] = value
        elif current != value:
            conflicts.append(key)
            if prefer_new:
                merged[key] = value
    return merged, conflicts


def merge_nodes(old: Node, new: Node, *, prefer_new: bool = False) -> tuple[Node, list[str]]:
    """One node from two records with the same id; also returns the conflicting keys."""
    props, conflicts = _merge_properties(old.properties, new.properties, prefer_new=prefer_new)
    sources = tuple(dict.fromkeys((*old.sources, *new.sources)))
    return Node(id=old.id, label=old.label, properties=props, sources=sources), conflicts


def merge_relations(old: Relation, new: Relation, *, prefer_new: bool = False) -> Relation:
    props, _ = _merge_properties(old.properties, new.properties, prefer_new=prefer_new)
    sources = tuple(dict.fromkeys((*old.sources, *new.sources)))
    return Relation(start=old.start, type=old.type, end=old.end, properties=props, sources=sources)


@dataclass
class RecordSet:
    """Nodes and relations merged by id, with the warnings met while building them."""

    nodes: dict[str, Node] = field(default_factory=dict)
    relations: dict[RelKey, Relation] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def add_node(self, node: Node) -> list[str]:
        """Add or merge a node; returns the property keys whose values conflicted."""
        old = self.nodes.get(node.id)
        if old is None:
            self.nodes[node.id] = node
            return []
        self.nodes[node.id], conflicts = merge_nodes(old, node)
        return conflicts

    def add_relation(self, rel: Relation) -> None:
        old = self.relations.get(rel.key)
        self.relations[rel.key] = rel if old is None else merge_relations(old, rel)

    def update(self, other: RecordSet) -> None:
        for node in other.nodes.values():
            self.add_node(node)
        for rel in other.relations.values():
            self.add_relation(rel)
        self.warnings.extend(other.warnings)

    def __len__(self) -> int:
        return len(self.nodes) + len(self.relations)


def source_node(
    path: str | Path,
    content: bytes,
    *,
    kind: str,
    url: str | None = None,
    synthetic: bool = False,
    warnings: tuple[str, ...] = (),
) -> Node:
    """The ``Source`` node for one input file: its id is the content's hash, so the same
    bytes loaded from anywhere are one source."""
    digest = hashlib.sha256(content).hexdigest()
    return Node(
        id=make_id(Label.SOURCE, digest[:16]),
        label=Label.SOURCE,
        properties={
            "path": str(path),
            "url": url,
            "sha256": digest,
            "kind": kind,
            "loaded_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "synthetic": synthetic or None,
            "warnings": warnings or None,
        },
    )


def topic_key(name: str) -> str:
    """Topics meet across case, spelling and language: 'E-Governance', 'e governance' and
    'eGovernment' are one; so are 'Abfallwirtschaft' and 'waste management'
    (graph/ingest/topics.py).
    """
    return topics.topic_key(name)


class Builder:
    """Builds the records one source states; every record carries that source's id.

    >>> b = Builder(source_node("x.csv", b"x", kind="table"))
    >>> b.city("Tartu", country="Estland")
    'city:ee:tartu'
    >>> sorted(b.records.nodes)[:3]
    ['city:ee:tartu', 'country:ee', 'source:2d711642b726b044']
    """

    def __init__(self, source: Node) -> None:
        self.source = source
        self.records = RecordSet()
        self.records.add_node(source)
        self._src = (source.id,)

    # -- generic -------------------------------------------------------------------
    def warn(self, message: str) -> None:
        if message not in self.records.warnings:
            self.records.warnings.append(message)

    def node(self, node_id: str, label: Label, **properties: Any) -> str:
        props = {k: v for k, v in properties.items() if v is not None}
        self.records.add_node(Node(id=node_id, label=label, properties=props, sources=self._src))
        return node_id

    def link(self, start: str, rel: RelType, end: str, **properties: Any) -> None:
        props = {k: v for k, v in properties.items() if v is not None}
        self.records.add_relation(
            Relation(start=start, type=rel, end=end, properties=props, sources=self._src)
        )

    # -- places --------------------------------------------------------------------
    def country(self, name: str) -> str:
        """The id of the country ``name`` (any language, an old name, or an ISO code)."""
        match = resolve.country(name)
        if match is None:
            self.warn(f"country {name!r} matches no ISO 3166 country; kept as written")
            return self.node(make_id(Label.COUNTRY, name), Label.COUNTRY, name=name.strip())
        return self.node(
            make_id(Label.COUNTRY, match.code),
            Label.COUNTRY,
            code=match.code,
            name=match.name,
            names=_other_names(match.name, name, match.names),
        )

    def country_code(self, name: str | None) -> str | None:
        match = resolve.country(name) if name else None
        return match.code if match else None

    def city(self, name: str, *, country: str | None = None) -> str:
        """The id of the city ``name``; ``country`` picks among namesakes and is linked by IN."""
        code = self.country_code(country)
        match = resolve.city(name, country_code=code)
        country_id = self.country(country) if country else None
        if match is not None and code is not None and match.country_code != code:
            # Only a namesake abroad is known: the text says where the city is, so keep it
            # there rather than move it to another country.
            match = None
        if match is None:
            self.warn(
                f"city {name!r}{f' ({country})' if country else ''} matches no gazetteer "
                "entry; kept as written"
            )
            node_id = self.node(
                make_id(Label.CITY, code or "xx", name),
                Label.CITY,
                name=name.strip(),
                country_code=code,
            )
        else:
            node_id = self.node(
                make_id(Label.CITY, match.country_code, match.name),
                Label.CITY,
                name=match.name,
                names=_other_names(match.name, name, ()),
                country_code=match.country_code,
                lat=match.lat,
                lon=match.lon,
                geonameid=match.geonameid,
            )
            if country_id is None:
                country_id = self.country(match.country_code)
        if country_id is not None:
            self.link(node_id, RelType.IN, country_id)
        return node_id

    # -- the rest ------------------------------------------------------------------
    def event(
        self,
        title: str,
        *,
        date: date | None = None,
        end_date: date | None = None,
        format: str | None = None,
        participants_count: int | None = None,
        url: str | None = None,
        lang: str | None = None,
        synthetic: bool | None = None,
    ) -> str:
        node_id = make_id(Label.EVENT, date.isoformat() if date else "undated", title)
        self.node(
            node_id,
            Label.EVENT,
            title=title.strip(),
            date=date.isoformat() if date else None,
            end_date=end_date.isoformat() if end_date else None,
            format=format,
            participants_count=participants_count,
            url=url,
            lang=lang,
            synthetic=synthetic,
        )
        self.link(self.source.id, RelType.DESCRIBES, node_id)
        return node_id

    def organisation(self, name: str) -> str:
        return self.node(make_id(Label.ORGANISATION, name), Label.ORGANISATION, name=name.strip())

    def person(
        self,
        name: str,
        *,
        role: str | None = None,
        organisation: str | None = None,
        city: str | None = None,
        country: str | None = None,
    ) -> str:
        node_id = self.node(make_id(Label.PERSON, name), Label.PERSON, name=name.strip(), role=role)
        if organisation:
            self.link(node_id, RelType.REPRESENTS, self.organisation(organisation))
        if city:
            self.link(node_id, RelType.REPRESENTS, self.city(city, country=country))
        return node_id

    def topic(self, name: str) -> str:
        # Named in English when graph/ingest/topics.py knows the topic; the written name is kept.
        canonical = topics.canonical_topic(name)
        return self.node(
            make_id(Label.TOPIC, topic_key(name)),
            Label.TOPIC,
            name=canonical,
            names=_other_names(canonical, name, ()),
        )

    def practice(
        self,
        title: str,
        *,
        city: str | None = None,
        country: str | None = None,
        event: str | None = None,
        presenter: str | None = None,
        summary: str | None = None,
        topics: tuple[str, ...] = (),
    ) -> str:
        """A practice; ``event`` and ``presenter`` are ids already built, ``city`` a name.

        The id holds the city that shared it: two cities presenting "Digital services" are
        two practices, while one city's practice shown at two events stays one.
        """
        city_id = self.city(city, country=country) if city else None
        where = city_id.split(":", 1)[1] if city_id else None
        node_id = self.node(
            make_id(Label.PRACTICE, where, title),
            Label.PRACTICE,
            title=title.strip(),
            summary=summary,
        )
        if city_id:
            self.link(city_id, RelType.SHARED, node_id)
        if event:
            self.link(node_id, RelType.PRESENTED_AT, event)
        if presenter:
            self.link(presenter, RelType.PRESENTED, node_id)
        for topic in topics:
            self.link(node_id, RelType.ABOUT, self.topic(topic))
        return node_id


def _other_names(canonical: str, written: str, known: tuple[str, ...]) -> tuple[str, ...] | None:
    names = tuple(dict.fromkeys(n for n in (*known, written.strip()) if n and n != canonical))
    return names or None
