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
from graph.core.passages import PASSAGES, rekeyed
from graph.ingest import resolve, topics
from graph.ingest.person_names import HONORIFIC, person_key

RelKey = tuple[str, RelType, str]


def merge_properties(
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
    props, conflicts = merge_properties(old.properties, new.properties, prefer_new=prefer_new)
    sources = tuple(dict.fromkeys((*old.sources, *new.sources)))
    return Node(id=old.id, label=old.label, properties=props, sources=sources), conflicts


def merge_relations(old: Relation, new: Relation, *, prefer_new: bool = False) -> Relation:
    props, _ = merge_properties(old.properties, new.properties, prefer_new=prefer_new)
    sources = tuple(dict.fromkeys((*old.sources, *new.sources)))
    return Relation(start=old.start, type=old.type, end=old.end, properties=props, sources=sources)


KEPT_WARNINGS = 100  # warnings a RecordSet keeps word for word; the rest are counted


@dataclass
class RecordSet:
    """Nodes and relations merged by id, with the warnings met while building them.

    Warnings are summarised, not held per row: the first ``KEPT_WARNINGS`` distinct ones
    are kept, the others only counted in ``more_warnings`` (a table with a warning on each
    of a million rows costs a counter, not a million strings compared with each other).

    >>> r = RecordSet()
    >>> for i in range(KEPT_WARNINGS + 5):
    ...     r.warn(f"row {i}: no venue city")
    >>> r.warn("row 0: no venue city")  # seen before: not counted twice
    >>> (len(r.warnings), r.more_warnings, r.warning_count)
    (100, 5, 105)
    """

    nodes: dict[str, Node] = field(default_factory=dict)
    relations: dict[RelKey, Relation] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    more_warnings: int = 0
    # hashes of every warning met, to count each once (an int each, not the text)
    _seen: set[int] = field(default_factory=set, repr=False, compare=False)

    @property
    def warning_count(self) -> int:
        """Every distinct warning met, kept or only counted."""
        return len(self.warnings) + self.more_warnings

    def warn(self, message: str) -> None:
        """Record a warning once: kept word for word while there are few, else counted."""
        key = hash(message)
        if key in self._seen:
            return
        self._seen.add(key)
        if len(self.warnings) < KEPT_WARNINGS:
            self.warnings.append(message)
        else:
            self.more_warnings += 1

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
        for message in other.warnings:
            self.warn(message)
        self.more_warnings += other.more_warnings

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


def event_id(title: str, date: date | None) -> str:
    """An event's id: its date and title (what ``Builder.event`` makes, without a record).

    >>> event_id("Smart Cities Exchange", date(2021, 3, 12))
    'event:2021-03-12:smart-cities-exchange'
    """
    return make_id(Label.EVENT, date.isoformat() if date else "undated", title)


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
        self.records.warn(message)

    def node(self, node_id: str, label: Label, **properties: Any) -> str:
        props = {k: v for k, v in properties.items() if v is not None}
        known = self.records.nodes.get(node_id)
        if known is None or known.sources != self._src or known.properties != props:
            # (stated again exactly as before: nothing to add, no record to make)
            self.records.add_node(
                Node(id=node_id, label=label, properties=props, sources=self._src)
            )
        return node_id

    def link(self, start: str, rel: RelType, end: str, **properties: Any) -> None:
        props = {k: v for k, v in properties.items() if v is not None}
        known = self.records.relations.get((start, rel, end))
        if known is None or known.sources != self._src or known.properties != props:
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
            # A village cities1000 lacks may still be a known locality: its country then
            # (the postal data give no position).
            village = resolve.locality(name, country_code=code)
            if village is not None and village.country_code and code is None:
                code = village.country_code
                country_id = self.country(code)
            self.warn(
                f"city {name!r}{f' ({country})' if country else ''} matches no gazetteer "
                + (
                    f"entry; kept as written, a locality of {code} with no position"
                    if village is not None and code
                    else "entry; kept as written"
                )
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
        node_id = event_id(title, date)
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
        """A person; the id holds the city they represent, when known, so that namesakes of
        two cities stay two. ``merge_same_people`` gives one person one node afterwards."""
        city_id = self.city(city, country=country) if city else None
        node_id = self.node(
            make_id(Label.PERSON, name, *(city_id.split(":")[1:] if city_id else ())),
            Label.PERSON,
            name=name.strip(),
            role=role,
        )
        if organisation:
            self.link(node_id, RelType.REPRESENTS, self.organisation(organisation))
        if city_id:
            self.link(node_id, RelType.REPRESENTS, city_id)
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


# -- one person, one node ----------------------------------------------------------------


def _represented(records: RecordSet) -> dict[str, tuple[set[str], set[str]]]:
    """Per person id: the cities and the organisations they represent."""
    found: dict[str, tuple[set[str], set[str]]] = {}
    for rel in records.relations.values():
        if rel.type is RelType.REPRESENTS:
            cities, orgs = found.setdefault(rel.start, (set(), set()))
            (cities if rel.end.startswith("city:") else orgs).add(rel.end)
    return found


@dataclass(frozen=True)
class _Person:
    """Person ids that are one person, and the city that tells them from namesakes."""

    ids: tuple[str, ...]
    city: str | None  # a city id; None when no page gives one


def _people_groups(records: RecordSet) -> list[list[_Person]]:
    """Per name key: the people it stands for. Ids with the same key are one person when
    they represent the same city; one whose city no page gives joins the only namesake
    with a city, or the one sharing an organisation with it. Namesakes of two cities
    stay apart."""
    represented = _represented(records)
    none: tuple[set[str], set[str]] = (set(), set())
    by_key: dict[str, list[str]] = {}
    for node in records.nodes.values():
        if node.label is Label.PERSON:
            by_key.setdefault(person_key(str(node.properties.get("name", ""))), []).append(node.id)
    found: list[list[_Person]] = []
    for ids in by_key.values():
        clusters: dict[str, list[str]] = {}
        placeless: list[str] = []
        for pid in sorted(ids):
            cities = represented.get(pid, none)[0]
            if cities:
                clusters.setdefault(min(cities), []).append(pid)
            else:
                placeless.append(pid)
        if len(clusters) <= 1:
            city = next(iter(clusters), None)
            found.append([_Person((*clusters.get(city or "", []), *placeless), city)])
            continue
        alone: list[str] = []
        for pid in placeless:
            orgs = represented.get(pid, none)[1]
            sharing = [
                c
                for c, members in clusters.items()
                if any(orgs & represented.get(m, none)[1] for m in members)
            ]
            if len(sharing) == 1:
                clusters[sharing[0]].append(pid)
            else:
                alone.append(pid)  # which of the namesakes it is, no page says
        people = [_Person(tuple(m), c) for c, m in clusters.items()]
        found.append(people + ([_Person(tuple(alone), None)] if alone else []))
    return found


def _chosen_name(spellings: list[str]) -> str:
    """The name most of a person's records use; among equals one without an honorific,
    then the one with its accents ("Päivi", not "Paivi"), then the first in order: the
    choice does not depend on the order files were read."""
    return min(
        dict.fromkeys(spellings),
        key=lambda s: (
            -spellings.count(s),
            bool(HONORIFIC.match(s)),
            -sum(not c.isascii() for c in s),
            s,
        ),
    )


def merge_same_people(records: RecordSet) -> RecordSet:
    """``records`` with one Person node per person (see ``person_key``): the other
    spellings a person was met under are kept in ``names``, relations and sources joined.
    A person alone under their key has the id ``person:<name>``; namesakes keep ids that
    hold their city. Other records pass unchanged.

    Changes ``records`` in place and returns it: only the renamed people and their
    relations are touched (a copy of a million-row load's records was a second million).
    Within one load: a later load that spells a known person anew adds a node.
    """
    rename: dict[str, str] = {}
    names: dict[str, list[str]] = {}
    for people in _people_groups(records):
        for person in people:
            spellings = [str(records.nodes[i].properties.get("name", "")) for i in person.ids]
            name = HONORIFIC.sub("", _chosen_name(spellings))
            where = person.city.split(":")[1:] if person.city and len(people) > 1 else []
            target = make_id(Label.PERSON, name, *where)
            names.setdefault(target, []).extend(spellings)
            rename.update({i: target for i in person.ids if i != target})
    if not rename:
        return records
    # The renamed people and those they join, taken out and put back in the order they
    # were read, so merging them gives what merging the whole set in order would.
    affected = set(rename) | set(rename.values())
    for node in [records.nodes.pop(i) for i in [i for i in records.nodes if i in affected]]:
        target = rename.get(node.id, node.id)
        records.add_node(
            Node(id=target, label=node.label, properties=node.properties, sources=node.sources)
        )
    for target, spellings in names.items():
        node = records.nodes[target]
        chosen = HONORIFIC.sub("", _chosen_name(spellings))
        known = node.properties.get("names")
        written = [*known, *spellings] if isinstance(known, tuple) else spellings
        others = tuple(dict.fromkeys(s for s in written if s != chosen))
        props = {**node.properties, "name": chosen, "names": others or None}
        records.nodes[target] = Node(
            id=target,
            label=node.label,
            properties={k: v for k, v in props.items() if v is not None},
            sources=node.sources,
        )
    _rekey_passages(records, rename)
    touched = [k for k in records.relations if k[0] in affected or k[2] in affected]
    for rel in [records.relations.pop(k) for k in touched]:
        records.add_relation(
            Relation(
                start=rename.get(rel.start, rel.start),
                type=rel.type,
                end=rename.get(rel.end, rel.end),
                properties=rel.properties,
                sources=rel.sources,
            )
        )
    return records


def _rekey_passages(records: RecordSet, rename: dict[str, str]) -> None:
    """A recap's passages follow the people they state: only the sources of renamed
    people are looked at (graph/core/passages.py)."""
    for sid in {s for target in set(rename.values()) for s in records.nodes[target].sources}:
        source = records.nodes.get(sid)
        if source is not None and PASSAGES in source.properties:
            props = {**source.properties, PASSAGES: rekeyed(source.properties[PASSAGES], rename)}
            records.nodes[sid] = Node(
                id=sid, label=source.label, properties=props, sources=source.sources
            )


def _other_names(canonical: str, written: str, known: tuple[str, ...]) -> tuple[str, ...] | None:
    names = tuple(dict.fromkeys(n for n in (*known, written.strip()) if n and n != canonical))
    return names or None
