"""Writing one load's records into the store the settings name: the one write path of the
CLI's ``load`` and the dashboard's admin page.

Memory store: under the graph file's exclusive lock (graph.store.lock), the file is read
again, the records merged in and the result saved by rename, so two loads at once both
land (the second waits) and a load killed at any moment leaves the old file or the new
one. Neo4j: the load is recorded on the server (graph.store.neo4j's load marker), so one
that died part way shows as incomplete until the same load is run again.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TypeVar

from graph.core.errors import StoreError
from graph.core.model import Label
from graph.core.settings import Settings
from graph.ingest.build import RecordSet
from graph.store import open_store, store_location
from graph.store.base import LoadRecord, Stats
from graph.store.graph_file import set_aside_if_damaged
from graph.store.lock import DEFAULT_WAIT, LockEvent, graph_file_lock

K = TypeVar("K")
V = TypeVar("V")


@dataclass(frozen=True)
class LoadOutcome:
    """What one load wrote and what the store holds after it."""

    nodes: int
    relationships: int
    stats: Stats
    where: str
    notices: tuple[str, ...] = ()  # what the store noticed about the data it held


def load_records(
    settings: Settings,
    records: RecordSet,
    *,
    fresh: bool = False,
    wait: float = DEFAULT_WAIT,
    on_lock: Callable[[LockEvent], None] | None = None,
    let_go: bool = False,
) -> LoadOutcome:
    """Merge ``records`` into the store, all or nothing for the memory store.

    ``fresh`` replaces the graph instead of merging into it. With ``let_go`` the records
    are handed over: their nodes and relations are emptied once stored, so a large load
    does not hold them and the stored graph at once (warnings stay).

    >>> import tempfile; from pathlib import Path
    >>> from graph.core.model import Label, Node
    >>> settings = Settings("memory", Path(tempfile.mkdtemp()) / "g.json", None)
    >>> records = RecordSet()
    >>> _ = records.add_node(Node(id="country:ee", label=Label.COUNTRY, properties={}))
    >>> load_records(settings, records).stats.nodes
    {'Country': 1}

    Raises:
        StoreError: another load held the graph file for longer than ``wait`` seconds
            (nothing written), the file is broken, or the server failed.
    """
    if settings.store == "memory":
        with graph_file_lock(settings.graph_file, wait=wait, on_event=on_lock):
            return _write(settings, records, fresh=fresh, let_go=let_go)  # reads under the lock
    return _write(settings, records, fresh=fresh, let_go=let_go)


def _write(settings: Settings, records: RecordSet, *, fresh: bool, let_go: bool) -> LoadOutcome:
    nodes, relationships = len(records.nodes), len(records.relations)
    load = load_record(records)
    target = open_store(settings, fresh=fresh)
    set_aside: list[str] = []
    try:
        target.begin_load(load)
        try:
            if let_go:  # the store gets the only references, and lets each go once stored
                target.upsert(_drain(records.nodes), _drain(records.relations))
            else:
                target.upsert(records.nodes.values(), records.relations.values())
            if fresh and settings.store == "memory":  # a damaged file is kept, not replaced
                aside = set_aside_if_damaged(settings.graph_file)
                if aside is not None:
                    set_aside.append(
                        f"{settings.graph_file} was damaged (not a readable graph): kept as "
                        f"{aside}; the fresh load writes a new one"
                    )
            target.commit()
        except StoreError as e:
            with contextlib.suppress(StoreError):  # a server that went away cannot be told
                target.end_load(load.id, error=str(e))
            raise
        target.end_load(load.id)
        stats = target.stats()
        notices = (*set_aside, *target.notices)
    finally:
        target.close()
    return LoadOutcome(nodes, relationships, stats, store_location(settings), notices)


def load_record(records: RecordSet) -> LoadRecord:
    """The record of loading ``records``: its id is the hash of the input files' hashes
    (their Source nodes), so the same files make the same load.

    >>> from graph.ingest.build import source_node
    >>> records = RecordSet()
    >>> _ = records.add_node(source_node("cities.csv", b"name,country", kind="table"))
    >>> load_record(records).inputs  # doctest: +ELLIPSIS
    ('cities.csv 26e92053abae9d35...',)
    """
    sources = sorted(
        (str(n.properties.get("path") or n.id), str(n.properties.get("sha256") or n.id))
        for n in records.nodes.values()
        if n.label == Label.SOURCE
    )
    digest = hashlib.sha256("\n".join(sha for _, sha in sources).encode()).hexdigest()
    return LoadRecord(
        id=digest[:32],
        status="running",
        started_at=datetime.now(UTC).isoformat(timespec="seconds"),
        inputs=tuple(f"{path} {sha}" for path, sha in sources),
        nodes=len(records.nodes),
        relationships=len(records.relations),
    )


def _drain(found: dict[K, V]) -> Iterator[V]:
    """The values of ``found``, which is emptied; each is dropped here once handed on."""
    values = list(found.values())
    found.clear()
    values.reverse()
    while values:
        yield values.pop()
