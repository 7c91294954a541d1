"""The one contract every graph store meets, and the value types it speaks.

A store holds ``Node`` and ``Relation`` records and answers the dashboard's and the CLI's
questions with networkx graphs, so analysis and views never know which store they talk to.

Graph shape returned by every read (``nx.MultiDiGraph``):
- node key: the node id; attributes: ``label`` (str), every property, ``sources`` (list);
- edge key: the relation type; attributes: ``type`` (str), every property, ``sources``.

Every view and command reads through one call, ``select(query) -> Selection``: the query
says which kinds of node (``labels``), which relations (``relations``), the filters, a
focus and a ``limit``; the selection is the graph, how many nodes passed before the limit,
and whether it was cut. The selection's graph is frozen (networkx raises on any change),
so one selection can be cached and shared.

Selection semantics (the same in every store; the contract tests hold them to it):
- With no filter set, every node of the chosen labels is a candidate.
- With any of topics, countries, cities, events, date_from, date_to set, the *anchors* are
  the Practices and Events that pass all of them:
    * a Practice passes ``topics`` when it is ABOUT one of them; ``cities`` when a chosen
      city SHARED it; ``countries`` when a city IN a chosen country SHARED it; ``events``
      when it was PRESENTED_AT a chosen event; the date range when it was PRESENTED_AT an
      event whose ``date`` lies in the range.
    * an Event passes ``topics`` when it is ABOUT one of them or a passing Practice was
      PRESENTED_AT it; ``cities``/``countries`` when it was HELD_IN a chosen city (or one
      in a chosen country), a chosen country PARTICIPATED_IN it, or a passing Practice was
      PRESENTED_AT it; ``events`` when it is one of them; the date range by its own
      ``date`` (an event without a date never passes a date range).
  The candidates are then the anchors and their direct neighbours, except that a City must
  pass ``cities``/``countries``, a Country ``countries`` and a Topic ``topics`` when those
  filters are set.
- Only candidates whose label is in ``labels`` remain (all labels when empty).
- ``focus`` keeps the nodes within ``hops`` steps of it, edges taken in both directions,
  walking only over remaining nodes (the focus node itself is kept even when its label is
  not chosen, so a focus is never empty).
- When more than ``limit`` nodes remain, ``limit`` of them that hang together are kept
  (``graph.store.shaping.cap_connected``: grown along relations from the best-connected
  node, or from ``focus``), and the result says it was truncated. A limit of ``None``
  keeps them all (the analysis views, which need the whole network).
Relations among the remaining nodes come along: those of the types in ``relations``
(every type when empty). They only shape the result: nodes are chosen as above.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Protocol, runtime_checkable

import networkx as nx

from graph.core.model import Label, Node, Relation, RelType

DEFAULT_NODE_LIMIT = 500
DEFAULT_SEARCH_LIMIT = 20


@dataclass(frozen=True)
class SubgraphQuery:
    """What ``GraphStore.select`` returns: kinds, relations, filters, focus, limit.

    ``cities``, ``events`` and ``topics`` hold node ids; ``countries`` upper-case ISO codes.
    Frozen and hashable: with ``store.version()`` it is the cache key of a selection.

    >>> SubgraphQuery(topics=frozenset({"topic:mobility"})).has_anchor_filter
    True
    >>> WHOLE_GRAPH.limit is None and not WHOLE_GRAPH.has_anchor_filter
    True
    """

    labels: frozenset[Label] = frozenset()
    relations: frozenset[RelType] = frozenset()
    topics: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    cities: frozenset[str] = frozenset()
    events: frozenset[str] = frozenset()
    date_from: date | None = None
    date_to: date | None = None
    focus: str | None = None
    hops: int = 1
    limit: int | None = DEFAULT_NODE_LIMIT

    @property
    def has_anchor_filter(self) -> bool:
        return bool(
            self.topics
            or self.countries
            or self.cities
            or self.events
            or self.date_from
            or self.date_to
        )

    @classmethod
    def around(cls, node_id: str, *, hops: int, limit: int | None) -> SubgraphQuery:
        """Every kind of node within ``hops`` steps of ``node_id`` (no filters)."""
        return cls(focus=node_id, hops=hops, limit=limit)

    def unbounded(self) -> SubgraphQuery:
        """The same filters with every kind, no focus and no limit: the network the
        analysis views compute on (``WHOLE_GRAPH`` when nothing filters).

        >>> SubgraphQuery(focus="city:ee:tartu", limit=9).unbounded() == WHOLE_GRAPH
        True
        """
        return replace(
            self, labels=frozenset(), relations=frozenset(), focus=None, hops=1, limit=None
        )

    def widened(self) -> SubgraphQuery:
        """The same filters, focus and limit with every kind of node and relation: what a
        table needs to describe the nodes the query selects (the Practices table)."""
        return replace(self, labels=frozenset(), relations=frozenset())


WHOLE_GRAPH = SubgraphQuery(limit=None)
"""Every node and relation: what the analysis views read."""


@dataclass(frozen=True)
class Selection:
    """What ``select`` returns: a frozen graph in the shape above, how many nodes passed
    the filters before the limit, and whether the limit cut it."""

    graph: nx.MultiDiGraph
    total: int
    truncated: bool


@dataclass(frozen=True)
class FacetValue:
    id: str
    name: str
    count: int  # relations that make it useful as a filter (practices, events)
    extra: str | None = None  # a city's country code, an event's date


@dataclass(frozen=True)
class Facets:
    """What the filter widgets offer, from what is loaded."""

    labels: dict[str, int]
    topics: list[FacetValue]
    countries: list[FacetValue]
    cities: list[FacetValue]
    events: list[FacetValue]
    date_min: date | None
    date_max: date | None


@dataclass(frozen=True)
class Neighbour:
    id: str
    label: str
    name: str
    type: str  # relation type
    direction: str  # "out" when the detail node is the start, else "in"


@dataclass(frozen=True)
class NodeDetail:
    id: str
    label: str
    name: str
    properties: dict[str, object]
    sources: list[dict[str, object]]  # the Source nodes' properties, with their ids
    neighbours: list[Neighbour] = field(default_factory=list)


@dataclass(frozen=True)
class SearchHit:
    id: str
    label: str
    name: str


@dataclass(frozen=True)
class Stats:
    nodes: dict[str, int]
    relationships: dict[str, int]

    def as_json(self) -> dict[str, dict[str, int]]:
        return {
            "nodes": dict(sorted(self.nodes.items())),
            "relationships": dict(sorted(self.relationships.items())),
        }


@dataclass(frozen=True)
class LoadRecord:
    """One load as the store recorded it: begun, then ended (complete or failed).

    >>> LoadRecord("ab12", "running", "2026-01-02T10:00:00+00:00", ("a.csv 9f86d081",), 5, 4)
    ... # doctest: +ELLIPSIS
    LoadRecord(id='ab12', status='running', ...)
    """

    id: str  # the hash of the load's input files: the same files, the same load
    status: str  # "running" (or interrupted: a killed process cannot say), "failed", "complete"
    started_at: str
    inputs: tuple[str, ...]  # "path sha256" of each input file
    nodes: int
    relationships: int
    attempts: int = 1
    error: str = ""

    def describe(self) -> str:
        """One line for a user: which load, since when, and what to do."""
        files = ", ".join(i.rsplit(" ", 1)[0] for i in self.inputs[:3])
        more = f" and {len(self.inputs) - 3} more" if len(self.inputs) > 3 else ""
        state = "failed" if self.status == "failed" else "did not finish (stopped or still running)"
        why = f" ({self.error})" if self.error else ""
        return (
            f"incomplete load of {files}{more} ({self.nodes} nodes, {self.relationships} "
            f"relationships), started {self.started_at}, {state}{why}: run the same load "
            "again to complete it"
        )


@dataclass(frozen=True)
class UpsertSummary:
    nodes: int
    relationships: int


@runtime_checkable
class GraphStore(Protocol):
    """What the CLI, the loaders' callers, analysis and the dashboard may ask of a store.

    Lifecycle, the same for every store, so no caller asks which one it holds: ``upsert``
    (and ``clear``) change the data, ``commit`` makes the changes last (the memory store
    writes its file; Neo4j has committed already), ``version`` says whether the data
    changed since a value was read, ``close`` releases the store.
    """

    name: str
    notices: list[str]  # what a user should know about the stored data (an older format)

    def upsert(self, nodes: Iterable[Node], relations: Iterable[Relation]) -> UpsertSummary:
        """Merge records by id (relations by start, type, end): a second load of the same
        records changes nothing. Non-null properties of the new record win; ``sources``
        and ``names`` are unions. All or nothing for the memory store; for Neo4j see there.

        Raises:
            StoreError: the write failed; a relation names a node that does not exist.
        """
        ...

    def commit(self) -> None:
        """Make the changes since the last commit last: the memory store writes its file
        atomically (a crash mid-write leaves the previous file whole), Neo4j has nothing
        left to do. Call it once after a load's upserts (and after ``clear``).

        Raises:
            StoreError: the file cannot be written (the previous one stays whole).
        """
        ...

    def clear(self) -> None:
        """Remove every node and relation (the memory store: until ``commit``, in this
        process only; Neo4j: at once, every citygraph node of the database)."""
        ...

    def version(self) -> str:
        """An opaque value that changes whenever the data reads see changes: a load or
        clear through this store, or one by another process (the memory store watches its
        file's modification time and size and rereads a file another process rewrote;
        Neo4j reads the counter every load increments on the database). Equal values mean
        the same data, so ``(version(), query)`` is a sound cache key for a read."""
        ...

    def begin_load(self, load: LoadRecord) -> None:
        """Record that ``load`` starts writing (Neo4j: a marker in the database, so a load
        that dies part way shows as incomplete; memory: nothing, its loads are all or
        nothing)."""
        ...

    def end_load(self, load_id: str, *, error: str = "") -> None:
        """Record that the load ended: complete, or failed with ``error``."""
        ...

    def incomplete_loads(self) -> list[LoadRecord]:
        """Loads begun and not completed (always empty for the memory store)."""
        ...

    def select(self, query: SubgraphQuery) -> Selection:
        """The one read every view and command uses (see the module's docstring)."""
        ...

    def facets(self) -> Facets: ...

    def node_detail(self, node_id: str) -> NodeDetail | None: ...

    def search(
        self, text: str, *, labels: Iterable[Label] = (), limit: int = DEFAULT_SEARCH_LIMIT
    ) -> list[SearchHit]:
        """Nodes whose name, title or other names contain ``text`` (case-insensitive):
        exact matches first, then prefixes, then the rest; ties by name."""
        ...

    def stats(self) -> Stats: ...

    def to_networkx(self) -> nx.MultiDiGraph:
        """The whole graph, in the shape above (for export and analysis)."""
        ...

    def close(self) -> None: ...
