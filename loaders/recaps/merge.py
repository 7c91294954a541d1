"""One Event for one event: pages that report the same event (a German and an English
recap of it) meet in a single node that keeps every page as a source."""

from __future__ import annotations

from collections import defaultdict

from graph.core.model import Label, Node, Relation, RelType
from graph.core.passages import PASSAGES, rekeyed
from graph.ingest.build import RecordSet, merge_nodes, merge_same_people


def _evidence(records: RecordSet) -> dict[str, set[str]]:
    """Per event id: the people who spoke at it and the cities tied to it (its venue, its
    practices' cities, its speakers' cities)."""
    speakers: dict[str, set[str]] = defaultdict(set)
    found: dict[str, set[str]] = defaultdict(set)
    represents: dict[str, set[str]] = defaultdict(set)
    shared_by: dict[str, set[str]] = defaultdict(set)
    practice_at: dict[str, set[str]] = defaultdict(set)
    for rel in records.relations.values():
        if rel.type is RelType.SPOKE_AT:
            speakers[rel.end].add(rel.start)
            found[rel.end].add(rel.start)
        elif rel.type is RelType.HELD_IN:
            found[rel.start].add(rel.end)
        elif rel.type is RelType.REPRESENTS:
            represents[rel.start].add(rel.end)
        elif rel.type is RelType.SHARED:
            shared_by[rel.end].add(rel.start)
        elif rel.type is RelType.PRESENTED_AT:
            practice_at[rel.end].add(rel.start)
    for event, people in speakers.items():
        for person in people:
            found[event] |= {c for c in represents[person] if c.startswith("city:")}
    for event, practices in practice_at.items():
        for practice in practices:
            found[event] |= shared_by[practice]
    return found


def _told_by_recap(records: RecordSet, event_id: str) -> bool:
    for source_id in records.nodes[event_id].sources:
        source = records.nodes.get(source_id)
        if source is not None and source.properties.get("kind") == "recap":
            return True
    return False


def _find(parent: dict[str, str], x: str) -> str:
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def merge_same_events(records: RecordSet) -> RecordSet:
    """``records`` with one Person node per person (``merge_same_people``: "Witalij" and
    "Vitaliy Klitschko" of two pages are one speaker, which is evidence below), then every
    group of same-event Event nodes merged into one.

    Two events are the same when they have the same (known) date, share at least one
    speaker or city, and at least one of them was told by a recap: events that only tables
    state are distinct by their own keys, however alike. The kept node is the one with the
    smallest id; the others' relations are moved onto it and their sources added to it.
    Other records pass unchanged.
    """
    records = merge_same_people(records)
    events = sorted(n.id for n in records.nodes.values() if n.label is Label.EVENT)
    from_recap = {e for e in events if _told_by_recap(records, e)}
    if not from_recap:  # only tables' events: each is its own (a large table pays nothing)
        return records
    by_date: dict[str, list[str]] = defaultdict(list)
    for event_id in events:
        day = records.nodes[event_id].properties.get("date")
        if day:
            by_date[str(day)].append(event_id)
    evidence = _evidence(records)
    parent = {e: e for e in events}
    for group in by_date.values():
        # Only pairs with a recap's event: a table of 100,000 events on one day costs no
        # pairs at all (every pair of them did, 5 billion).
        for a in (e for e in group if e in from_recap):
            for b in group:
                if b != a and evidence.get(a, set()) & evidence.get(b, set()):
                    ra, rb = _find(parent, a), _find(parent, b)
                    parent[max(ra, rb)] = min(ra, rb)
    rename = {e: _find(parent, e) for e in events if _find(parent, e) != e}
    if not rename:
        return records

    merged = RecordSet(warnings=list(records.warnings), more_warnings=records.more_warnings)
    for node in records.nodes.values():
        if node.id in rename:
            continue
        if PASSAGES in node.properties:  # a page's passages follow the event they state
            props = {**node.properties, PASSAGES: rekeyed(node.properties[PASSAGES], rename)}
            node = Node(id=node.id, label=node.label, properties=props, sources=node.sources)
        merged.add_node(node)
    for old_id, kept in rename.items():
        merged.nodes[kept], _ = merge_nodes(merged.nodes[kept], records.nodes[old_id])
    for rel in records.relations.values():
        start, end = rename.get(rel.start, rel.start), rename.get(rel.end, rel.end)
        merged.add_relation(
            Relation(
                start=start, type=rel.type, end=end, properties=rel.properties, sources=rel.sources
            )
        )
    return merged
