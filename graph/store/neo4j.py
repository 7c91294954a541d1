"""The Neo4j store: the GraphStore contract over the official neo4j driver.

The driver is made once per process by ``connect`` and handed in; the store does no I/O
until it is asked something. All Cypher lives in ``graph.store.cypher``.

Writes: the uniqueness constraints on every label's ``id`` come first (``IF NOT EXISTS``),
then the records go in batches of ``UNWIND $rows AS row MERGE ...``, one managed
transaction (``execute_write``, which retries transient errors) per batch, grouped by label
and by relation type. Merge rules are the memory store's: non-null new values win,
``sources``, ``names`` and ``warnings`` grow as ordered unions.

Property rule: Neo4j stores scalars and lists of scalars, nothing nested. The model only
allows scalars and tuples of strings, so tuples become lists and ``None`` means "no value"
(never written; it cannot erase a stored value). ``flatten_properties`` also turns a nested
mapping, should one ever reach it, into dotted keys (``{"geo": {"lat": 1}}`` ->
``{"geo.lat": 1}``), the one rule for anything Neo4j cannot store.

Failure part way: a load is not one transaction (a large graph would not fit one), so
batches already committed stay. Everything the store can check beforehand (every relation's
two ends exist) is checked before the first write, and MERGE makes every batch idempotent:
**running the same load again completes it**, with exactly the counts of a load that never
failed. The error message says so.
"""

from __future__ import annotations

import contextlib
import logging
import re
import threading
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, date, datetime
from typing import Any, TypeVar

import neo4j
import networkx as nx
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConfigurationError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from graph.core.days import stored_day
from graph.core.errors import ConfigError, StoreError
from graph.core.model import Label, Node, Relation, RelType, display_name, label_of, make_id
from graph.core.settings import DEFAULT_BATCH_SIZE, DEFAULT_NEO4J_TIMEOUT, Neo4jSettings
from graph.ingest.build import merge_nodes, merge_relations
from graph.store import cypher
from graph.store.base import (
    DEFAULT_SEARCH_LIMIT,
    Facets,
    FacetValue,
    LoadRecord,
    Neighbour,
    NodeDetail,
    SearchHit,
    Selection,
    Stats,
    SubgraphQuery,
    UpsertSummary,
)
from graph.store.shaping import capped_ids, finished, selection

# The driver logs each retry and lost connection as a warning; with no handler configured,
# Python prints those to stderr, burying the one line a failed command prints.
logging.getLogger("neo4j").addHandler(logging.NullHandler())

T = TypeVar("T")
_LABELS = {label.value for label in Label}
_TYPES = {rel.value for rel in RelType}
URI_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
CONNECTION_TIMEOUT = 10.0  # seconds: an unreachable host fails fast in the CLI and the app
RETRY_TIME = 15.0  # seconds execute_write/execute_query retry transient errors (driver: 30)
# Seconds one call (a read, a batch, a marker, closing a session) may take before the store
# gives up on a server that accepts connections but stopped answering (the driver itself
# waits forever): NEO4J_TIMEOUT, graph.core.settings.
CALL_DEADLINE = DEFAULT_NEO4J_TIMEOUT


# -- connecting ----------------------------------------------------------------------------------
def connect(settings: Neo4jSettings) -> neo4j.Driver:
    """A driver for ``settings.uri`` whose server answered and let us in.

    Call once per process and hand the driver to ``Neo4jStore``; close it at exit.

    Raises:
        ConfigError: the URI is not a Bolt address (bolt://, neo4j://, neo4j+s:// ...).
        StoreError: the server cannot be reached, it refuses the credentials, or the
            database does not exist (one line, saying what to do).
    """
    uri = settings.uri
    scheme = uri.split("://", 1)[0].lower() if "://" in uri else ""
    if scheme not in URI_SCHEMES:
        raise ConfigError(
            f"NEO4J_URI {uri!r} is not a Neo4j Bolt address; use one of "
            f"{', '.join(s + '://' for s in URI_SCHEMES)} (e.g. bolt://localhost:7687)"
        )
    try:
        driver = neo4j.GraphDatabase.driver(
            uri,
            auth=(settings.user, settings.password),
            connection_timeout=CONNECTION_TIMEOUT,
            max_transaction_retry_time=RETRY_TIME,
        )
    except (ConfigurationError, ValueError) as e:
        raise ConfigError(f"NEO4J_URI {uri!r} is not usable: {_first_line(e)}") from e

    def check() -> None:
        driver.verify_connectivity()
        # verify_connectivity does not open the database: a query does
        driver.execute_query(cypher.PING, database_=settings.database)

    try:
        _within(settings.timeout, check)  # a frozen server accepts connections, then nothing
    except BaseException as e:
        _let_go(driver.close, wait=1.0)
        if isinstance(e, Exception):
            raise connection_error(e, settings) from e
        raise
    return driver


def connection_error(error: Exception, settings: Neo4jSettings) -> StoreError:
    """The one line a user reads when the server cannot be used."""
    uri = settings.uri
    if isinstance(error, AuthError):
        return StoreError(
            f"Neo4j at {uri} refused user {settings.user!r}: check NEO4J_USER and NEO4J_PASSWORD."
        )
    if isinstance(error, ClientError) and "DatabaseNotFound" in (error.code or ""):
        return StoreError(
            f"Neo4j at {uri} has no database {settings.database!r}: create it, or set "
            "NEO4J_DATABASE to one that exists (unset: the server's default)."
        )
    if isinstance(error, ServiceUnavailable | OSError):
        return StoreError(
            f"Cannot reach Neo4j at {uri}: {_reason(error)}. Start Neo4j or unset NEO4J_URI "
            "to use the embedded store."
        )
    return StoreError(f"Neo4j at {uri}: {_first_line(error)}")


def _first_line(error: BaseException) -> str:
    message = getattr(error, "message", None) or str(error) or type(error).__name__
    return str(message).strip().splitlines()[0]


def _reason(error: BaseException) -> str:
    text = str(error)
    for pattern, reason in (
        ("Connection refused", "connection refused"),
        ("Name or service not known|nodename nor servname|getaddrinfo", "unknown host"),
        ("timed out|Timeout", "timed out"),
        ("SSL|certificate", "TLS handshake failed (check the scheme: neo4j+s:// for Aura)"),
    ):
        if re.search(pattern, text):
            return reason
    return _first_line(error)


# -- property rule -------------------------------------------------------------------------------
def flatten_properties(props: Mapping[str, Any], *, prefix: str = "") -> dict[str, Any]:
    """Properties as Neo4j can store them: ``None`` dropped, tuples as lists, nested
    mappings as dotted keys.

    >>> flatten_properties({"names": ("Wien",), "lat": None, "geo": {"lat": 48.2}})
    {'names': ['Wien'], 'geo.lat': 48.2}
    """
    flat: dict[str, Any] = {}
    for key, value in props.items():
        if value is None:
            continue
        if isinstance(value, Mapping):
            flat.update(flatten_properties(value, prefix=f"{prefix}{key}."))
        elif isinstance(value, tuple | list):
            flat[f"{prefix}{key}"] = list(value)
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def _node_row(node: Node) -> dict[str, Any]:
    props = flatten_properties(node.properties)
    row: dict[str, Any] = {"id": node.id, "sources": list(node.sources)}
    for key in cypher.union_keys(node.label):
        row[key] = props.pop(key, None)
    row["props"] = props
    return row


def _relation_row(rel: Relation) -> dict[str, Any]:
    return {
        "start": rel.start,
        "end": rel.end,
        "props": flatten_properties(rel.properties),
        "sources": list(rel.sources),
    }


def _batches(rows: list[T], size: int) -> Iterator[list[T]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


# -- the store -----------------------------------------------------------------------------------
class Neo4jStore:
    """The GraphStore contract in a Neo4j database (or any server speaking Neo4j 5 Cypher).

    >>> store = Neo4jStore(driver, database="neo4j", batch_size=1000)  # doctest: +SKIP
    >>> store.upsert(nodes, relations)  # doctest: +SKIP
    UpsertSummary(nodes=23, relationships=32)
    """

    name = "neo4j"

    def __init__(
        self,
        driver: neo4j.Driver,
        *,
        database: str | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
        owns_driver: bool = False,
        deadline: float = CALL_DEADLINE,
    ) -> None:
        """``owns_driver``: ``close()`` closes the driver too (a CLI run that made it);
        ``deadline``: seconds one call may go unanswered before it fails as unreachable."""
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.driver = driver
        self.database = database
        self.batch_size = batch_size
        self.owns_driver = owns_driver
        self.deadline = deadline
        self._constraints_done = False
        self._lost = False  # a call went unanswered: the server is not asked again
        self.notices: list[str] = []  # nothing to say of a server's data

    def close(self) -> None:
        """Release the driver if this store owns it; an injected shared driver stays open.
        Within the deadline: a frozen server's connections are let go, not waited for."""
        if self.owns_driver:
            _let_go(self.driver.close, wait=0.0 if self._lost else self.deadline)

    def _call(self, call: Callable[[], T]) -> T:
        """``call()`` within the deadline (``_within``); once a call went unanswered, every
        later one fails at once (a load's failure marker, the version bump, closing) instead
        of each waiting out the deadline again.

        Raises:
            TimeoutError: no answer within the deadline, now or before.
        """
        if self._lost:
            raise TimeoutError(f"no answer within {self.deadline:.0f} s before (timed out)")
        try:
            return _within(self.deadline, call)
        except TimeoutError:
            self._lost = True
            raise

    # -- plumbing ---------------------------------------------------------------------------------
    def _where(self) -> str:
        return f"Neo4j{f' database {self.database!r}' if self.database else ''}"

    def _error(self, doing: str, error: BaseException) -> StoreError:
        """One line for a failed call; a lost server reads as in ``connect``."""
        if isinstance(error, ServiceUnavailable | SessionExpired | OSError):
            return StoreError(
                f"Cannot reach {self._where()}: {_reason(error)}. Start Neo4j or unset "
                "NEO4J_URI to use the embedded store."
            )
        return StoreError(f"{self._where()}: {doing}: {_first_line(error)}")

    def _read(self, query: str, **params: Any) -> list[dict[str, Any]]:
        """One read query's records as dicts; driver errors become one-line StoreErrors."""
        try:
            records, _, _ = self._call(
                lambda: self.driver.execute_query(
                    query, params, database_=self.database, routing_=neo4j.RoutingControl.READ
                ),
            )
        except (Neo4jError, DriverError, OSError) as e:
            raise self._error("read failed", e) from e
        return [record.data() for record in records]

    def _write(self, session: neo4j.Session, query: str, rows: list[dict[str, Any]]) -> int:
        def work(tx: neo4j.ManagedTransaction) -> int:
            record = tx.run(query, rows=rows).single()
            return int(record["written"]) if record else 0

        return self._call(lambda: session.execute_write(work))

    def ensure_constraints(self) -> None:
        """Create the ``id`` uniqueness constraints (once per store; idempotent on the server)."""
        if self._constraints_done:
            return

        def create() -> None:
            with self.driver.session(database=self.database) as session:
                for label in Label:
                    session.run(cypher.create_constraint(label)).consume()
                session.run(cypher.META_CONSTRAINT).consume()
                session.run(cypher.LOAD_CONSTRAINT).consume()

        try:
            self._call(create)
        except (Neo4jError, DriverError, OSError) as e:
            raise self._error("cannot create constraints", e) from e
        self._constraints_done = True

    # -- writes -----------------------------------------------------------------------------------
    def upsert(self, nodes: Iterable[Node], relations: Iterable[Relation]) -> UpsertSummary:
        """Merge records (see GraphStore.upsert) in batches of ``batch_size`` rows.

        Not all or nothing: relation ends are checked before anything is written, but a
        failure after that (the server going away) leaves the batches already committed.
        Running the same load again completes it; the counts then equal a clean load.

        Raises:
            StoreError: a relation names a node that is neither stored nor in ``nodes``
                (nothing is written), or the server failed part way (rerun to complete).
        """
        merged_nodes: dict[str, Node] = {}
        for node in nodes:
            old = merged_nodes.get(node.id)
            if old is not None:
                node, _ = merge_nodes(old, node, prefer_new=True)
            merged_nodes[node.id] = node
        merged_rels: dict[tuple[str, RelType, str], Relation] = {}
        for rel in relations:
            old_rel = merged_rels.get(rel.key)
            merged_rels[rel.key] = (
                rel if old_rel is None else merge_relations(old_rel, rel, prefer_new=True)
            )

        self.ensure_constraints()
        self._check_ends(merged_nodes, merged_rels.values())

        node_groups: dict[Label, list[dict[str, Any]]] = defaultdict(list)
        for node in merged_nodes.values():
            node_groups[node.label].append(_node_row(node))
        rel_groups: dict[tuple[RelType, Label, Label], list[dict[str, Any]]] = defaultdict(list)
        for rel in merged_rels.values():
            key = (rel.type, _label(rel.start), _label(rel.end))
            rel_groups[key].append(_relation_row(rel))

        total = len(merged_nodes) + len(merged_rels)
        done = 0
        session = self.driver.session(database=self.database)
        try:
            for label, rows in sorted(node_groups.items()):
                query = cypher.merge_nodes(label)
                for batch in _batches(rows, self.batch_size):
                    self._write(session, query, batch)
                    done += len(batch)
            for (rel_type, start, end), rows in sorted(rel_groups.items()):
                query = cypher.merge_relations(rel_type, start, end)
                for batch in _batches(rows, self.batch_size):
                    self._write(session, query, batch)
                    done += len(batch)
            self._call(session.close)
        except (Neo4jError, DriverError, OSError) as e:
            # Closing a session talks to the server: with one gone silent, let it go.
            _let_go(session.close, wait=0.0 if self._lost else 1.0)
            if done:  # a part-written load changed the data too: tell readers if we can
                with contextlib.suppress(StoreError):
                    self._bump_version()
            lost = isinstance(e, ServiceUnavailable | SessionExpired | OSError)
            why = f"lost the server: {_reason(e)}" if lost else _first_line(e)
            raise StoreError(
                f"{self._where()}: write failed after {done} of {total} records "
                f"({why}); the batches before it are saved: run the same load "
                "again to complete it"
            ) from e
        if done:
            self._bump_version()
        return UpsertSummary(nodes=len(merged_nodes), relationships=len(merged_rels))

    def _check_ends(self, nodes: Mapping[str, Node], relations: Iterable[Relation]) -> None:
        """Every relation's ends exist (in this load or stored), before anything is written."""
        relations = list(relations)
        wanted: dict[Label, set[str]] = defaultdict(set)
        for rel in relations:
            for end in (rel.start, rel.end):
                if end not in nodes:
                    wanted[_label(end)].add(end)
        stored: set[str] = set()
        for label, ids in wanted.items():
            rows = self._read(cypher.existing_ids(label), ids=sorted(ids))
            stored.update(row["id"] for row in rows)
        for rel in relations:
            for end in (rel.start, rel.end):
                if end not in nodes and end not in stored:
                    raise StoreError(
                        f"relation {rel.type} {rel.start} -> {rel.end}: no node {end!r}"
                    )

    # -- reads ------------------------------------------------------------------------------------
    def stats(self) -> Stats:
        nodes = {r["key"]: r["count"] for r in self._read(cypher.count_nodes()) if r["count"]}
        rels = {r["key"]: r["count"] for r in self._read(cypher.count_relations()) if r["count"]}
        return Stats(nodes=nodes, relationships=rels)

    def to_networkx(self) -> nx.MultiDiGraph:
        graph = nx.MultiDiGraph()
        for row in self._read(cypher.ALL_NODES):
            _add_node(graph, row)
        for row in self._read(cypher.ALL_RELATIONS):
            _add_edge(graph, row)
        return graph

    def node_detail(self, node_id: str) -> NodeDetail | None:
        label = label_of(node_id)
        if label is None:
            return None
        rows = self._read(cypher.NODE_BY_ID[label], id=node_id)
        if not rows:
            return None
        props = {k: v for k, v in rows[0]["props"].items() if k != "id"}
        source_ids = list(props.pop("sources", None) or [])
        neighbours = [
            Neighbour(
                id=r["id"],
                label=_main_label(r["labels"]) or "",
                name=display_name(r, r["id"]),
                type=r["type"],
                direction="out" if r["out"] else "in",
            )
            for r in self._read(cypher.NEIGHBOURS[label], id=node_id)
        ]
        neighbours.sort(key=lambda n: (n.type, n.label, n.name.casefold(), n.id))
        found = {
            r["props"]["id"]: r["props"]
            for r in self._read(cypher.nodes_by_ids(Label.SOURCE), ids=source_ids)
        }
        sources = [
            {"id": s, **{k: v for k, v in found[s].items() if k not in ("id", "sources")}}
            for s in source_ids
            if s in found
        ]
        return NodeDetail(
            id=node_id,
            label=label.value,
            name=display_name(props, node_id),
            properties=props,
            sources=sources,
            neighbours=neighbours,
        )

    def search(
        self, text: str, *, labels: Iterable[Label] = (), limit: int = DEFAULT_SEARCH_LIMIT
    ) -> list[SearchHit]:
        """As GraphStore.search, ranked on the server. Lower-casing is Cypher's ``toLower``,
        which unlike Python's ``casefold`` keeps ``ß`` (the only case-rule difference)."""
        needle = text.strip().lower()
        if not needle or limit < 1:
            return []
        rows = self._read(
            cypher.SEARCH, needle=needle, labels=[str(label) for label in labels], limit=limit
        )
        return [
            SearchHit(id=r["id"], label=_main_label(r["labels"]) or "", name=r["name"])
            for r in rows
        ]

    def facets(self) -> Facets:
        def values(query: str) -> list[FacetValue]:
            found = [
                FacetValue(
                    id=r["id"], name=display_name(r, r["id"]), count=r["count"], extra=r["extra"]
                )
                for r in self._read(query)
            ]
            return sorted(found, key=lambda f: (f.name.casefold(), f.id))

        events = values(cypher.FACET_EVENTS)
        dates = sorted(d for e in events if (d := stored_day(e.extra)))
        return Facets(
            labels=self.stats().nodes,
            topics=values(cypher.FACET_TOPICS),
            countries=values(cypher.FACET_COUNTRIES),
            cities=values(cypher.FACET_CITIES),
            events=events,
            date_min=dates[0] if dates else None,
            date_max=dates[-1] if dates else None,
        )

    def select(self, query: SubgraphQuery) -> Selection:
        """The selection ``query`` describes (the semantics in graph/store/base.py).

        The filters, the walk around ``focus`` and (for an unfiltered graph) the degree
        ranking run on the server; only ids travel until the kept nodes are fetched.
        """
        labels = tuple(sorted(query.labels)) if query.labels else tuple(Label)
        if not query.has_anchor_filter and query.focus is None:
            return self._whole(labels, query)
        wanted = {label.value for label in labels}
        anchored = self._anchored_candidates(query) if query.has_anchor_filter else None

        def remains(node_id: str) -> bool:
            if anchored is not None and node_id not in anchored:
                return False
            return node_id == query.focus or _prefix_label(node_id) in wanted

        if query.focus is not None:
            ids = self._walk(query.focus, query.hops, remains)
        else:
            ids = {n for n in anchored or () if remains(n)}
        if query.limit is None or len(ids) <= query.limit:
            return selection(self._fetch(ids), query)  # nothing to cut: fetch them at once
        return self._capped(self._structure(ids), query)

    def _whole(self, labels: tuple[Label, ...], query: SubgraphQuery) -> Selection:
        """Every node of ``labels``, cut to the limit as every selection is."""
        if query.limit is None and set(labels) == set(Label):
            return selection(self.to_networkx(), query)  # two queries, nothing to count
        counts = {r["key"]: r["count"] for r in self._read(cypher.count_nodes())}
        total = sum(counts.get(label.value, 0) for label in labels)
        if query.limit is None or total <= query.limit:
            ids = {r["id"] for r in self._read(cypher.node_ids_of(labels))}
            return selection(self._fetch(ids), query)
        # Cut: only related nodes can be kept (graph/store/shaping.py), so the relations
        # among these labels are the whole structure the cap needs.
        wanted = {label.value for label in labels}
        structure = nx.MultiDiGraph()
        for label in labels:
            for row in self._read(cypher.relation_ends_of(label, labels)):
                if _prefix_label(row["end"]) in wanted:
                    structure.add_edge(row["start"], row["end"], key=row["type"])
        return self._capped(structure, query, total=total)

    def _structure(self, ids: set[str]) -> nx.MultiDiGraph:
        """The nodes ``ids`` and the relations among them, ids and types only."""
        structure = nx.MultiDiGraph()
        structure.add_nodes_from(ids)
        groups = _by_label(ids)
        ends = tuple(sorted(groups))
        for label, members in sorted(groups.items()):
            for row in self._read(cypher.relation_ends_among(label, ends), ids=sorted(members)):
                if row["end"] in ids:
                    structure.add_edge(row["start"], row["end"], key=row["type"])
        return structure

    def _capped(
        self, structure: nx.MultiDiGraph, query: SubgraphQuery, *, total: int | None = None
    ) -> Selection:
        """The cap chosen on the structure (graph/store/shaping.py, as the memory store
        does), then only the kept nodes fetched whole: properties travel for at most
        ``limit`` nodes, not for every candidate. ``total``: how many passed (default the
        structure's nodes)."""
        kept, truncated = capped_ids(structure, query, total=total)
        passed = structure.number_of_nodes() if total is None else total
        return finished(self._fetch(kept), query, total=passed, truncated=truncated)

    def _anchored_candidates(self, q: SubgraphQuery) -> set[str]:
        params: dict[str, Any] = {
            "topics": sorted(q.topics),
            "cities": sorted(q.cities),
            "countries": sorted(q.countries),
            "country_ids": sorted(make_id(Label.COUNTRY, c) for c in q.countries),
            "events": sorted(q.events),
            "place": bool(q.cities or q.countries),
            "dated": bool(q.date_from or q.date_to),
            "date_from": _iso(q.date_from),
            "date_to": _iso(q.date_to),
        }
        query = cypher.anchor_practices(by_topic=bool(q.topics))
        practices = sorted(r["id"] for r in self._read(query, **params))
        reached = self._read(cypher.EVENTS_OF_PRACTICES, practices=practices, **params)
        own = self._read(cypher.ANCHOR_EVENTS, **params)
        events = sorted({r["id"] for r in reached} | {r["id"] for r in own})
        candidates = set(practices) | set(events)
        # Without a focus only the kinds asked for remain: the server sends no others (with
        # one, the focus may be of any kind).
        kinds = tuple(sorted(q.labels)) if q.labels and q.focus is None else ()
        if kinds and not set(kinds) - {Label.PRACTICE, Label.EVENT}:
            return candidates  # anchors bring in no node of these kinds
        for label, ids in ((Label.PRACTICE, practices), (Label.EVENT, events)):
            if ids:
                rows = self._read(cypher.anchor_neighbours(label, kinds), ids=ids, **params)
                candidates.update(r["id"] for r in rows)
        return candidates

    def _walk(self, focus: str, hops: int, remains: Callable[[str], bool]) -> set[str]:
        """Breadth-first from ``focus`` over nodes that remain, one server query per hop
        (node ids carry their label, so each step looks nodes up through the id index)."""
        label = label_of(focus)
        if label is None or not remains(focus):
            return set()
        if not self._read(cypher.existing_ids(label), ids=[focus]):
            return set()
        seen, frontier = {focus}, {focus}
        for _ in range(max(hops, 0)):
            reached: set[str] = set()
            for group, ids in _by_label(frontier).items():
                rows = self._read(cypher.neighbour_ids(group), ids=sorted(ids))
                reached.update(r["id"] for r in rows)
            frontier = {n for n in reached - seen if remains(n)}
            if not frontier:
                break
            seen |= frontier
        return seen

    def _fetch(self, ids: set[str]) -> nx.MultiDiGraph:
        """The nodes ``ids`` with every relation among them, in the store-neutral shape."""
        graph = nx.MultiDiGraph()
        groups = _by_label(ids)
        ends = tuple(sorted(groups))
        for label, members in sorted(groups.items()):
            for row in self._read(cypher.nodes_by_ids(label), ids=sorted(members)):
                _add_node(graph, row)
        for label, members in sorted(groups.items()):
            for row in self._read(cypher.relations_among(label, ends), ids=sorted(members)):
                _add_edge(graph, row)  # keeps only relations whose other end is in the graph
        return graph

    # -- lifecycle --------------------------------------------------------------------------------
    def commit(self) -> None:
        """Nothing to do: every batch ``upsert`` wrote is committed already."""

    def clear(self) -> None:
        """Delete every node and relation in this database (``load --fresh``, tests); the
        version counter stays and moves on."""
        try:
            self._call(
                lambda: self.driver.execute_query(cypher.CLEAR, database_=self.database),
            )
        except (Neo4jError, DriverError, OSError) as e:
            raise self._error("clear failed", e) from e
        self._bump_version()

    def version(self) -> str:
        """The database's load counter (and the epoch of its metadata node): every load
        and clear, from any process, moves it. ``"0"`` before the first one."""
        rows = self._read(cypher.VERSION)
        return f"{rows[0]['epoch']}:{rows[0]['counter']}" if rows else "0"

    # -- load markers -----------------------------------------------------------------------------
    def begin_load(self, load: LoadRecord) -> None:
        """Mark ``load`` running in the database before its first batch (the same load run
        again finds its marker and runs it again)."""
        self.ensure_constraints()
        self._marker(
            cypher.BEGIN_LOAD,
            "cannot record the load",
            id=load.id,
            now=_now(),
            inputs=list(load.inputs),
            nodes=load.nodes,
            relationships=load.relationships,
        )

    def end_load(self, load_id: str, *, error: str = "") -> None:
        """Mark the load complete, or failed with ``error`` (while the server answers)."""
        status = "failed" if error else "complete"
        self._marker(
            cypher.END_LOAD,
            "cannot record the load",
            id=load_id,
            status=status,
            now=_now(),
            error=error,
        )

    def incomplete_loads(self) -> list[LoadRecord]:
        return [
            LoadRecord(
                id=r["id"],
                status=r["status"] or "running",
                started_at=r["started_at"] or "",
                inputs=tuple(r["inputs"] or ()),
                nodes=int(r["nodes"] or 0),
                relationships=int(r["relationships"] or 0),
                attempts=int(r["attempts"] or 1),
                error=r["error"] or "",
            )
            for r in self._read(cypher.INCOMPLETE_LOADS)
        ]

    def _marker(self, query: str, doing: str, **params: Any) -> None:
        try:
            self._call(
                lambda: self.driver.execute_query(query, params, database_=self.database),
            )
        except (Neo4jError, DriverError, OSError) as e:
            raise self._error(doing, e) from e

    def _bump_version(self) -> None:
        try:
            epoch = uuid.uuid4().hex
            self._call(
                lambda: self.driver.execute_query(
                    cypher.BUMP_VERSION, {"epoch": epoch}, database_=self.database
                ),
            )
        except (Neo4jError, DriverError, OSError) as e:
            raise self._error("cannot record the load", e) from e


# -- helpers -------------------------------------------------------------------------------------
def _within(seconds: float, call: Callable[[], T]) -> T:
    """``call()``, or a TimeoutError when it has not returned within ``seconds``: a
    client-side deadline. The call runs in a daemon thread, left behind if it hangs (its
    connection is lost anyway), so neither the CLI's exit nor other sessions wait for it.

    >>> _within(1.0, lambda: 42)
    42
    """
    result: list[T] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            result.append(call())
        except BaseException as e:  # handed to the caller's thread
            failure.append(e)

    worker = threading.Thread(target=run, name="citygraph-neo4j-call", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise TimeoutError(f"no answer within {seconds:.0f} s (timed out)")
    if failure:
        raise failure[0]
    return result[0]


def _let_go(close: Callable[[], object], *, wait: float) -> None:
    """Run ``close`` (a session's or a driver's), waiting at most ``wait`` seconds: one
    stuck on a frozen server is left to a daemon thread, which the process's exit does not
    wait for; its errors do not matter any more."""

    def quietly() -> None:
        with contextlib.suppress(BaseException):  # (also at the process's exit)
            close()

    if wait <= 0:
        threading.Thread(target=quietly, name="citygraph-neo4j-close", daemon=True).start()
        return
    with contextlib.suppress(Exception):
        _within(wait, quietly)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _label(node_id: str) -> Label:
    label = label_of(node_id)
    if label is None:
        raise StoreError(f"node id {node_id!r} has no known label prefix")
    return label


def _prefix_label(node_id: str) -> str | None:
    label = label_of(node_id)
    return label.value if label else None


def _by_label(ids: Iterable[str]) -> dict[Label, set[str]]:
    groups: dict[Label, set[str]] = defaultdict(set)
    for node_id in ids:
        label = label_of(node_id)
        if label is not None:
            groups[label].add(node_id)
    return groups


def _main_label(labels: list[str]) -> str | None:
    """The schema label among a node's labels (a database may add labels of its own)."""
    return next((label for label in labels if label in _LABELS), None)


def _add_node(graph: nx.MultiDiGraph, row: dict[str, Any]) -> None:
    label = _main_label(row["labels"])
    props = dict(row["props"])
    node_id = props.pop("id", None)
    if label is None or node_id is None:
        return  # not ours: another application's data in the same database
    props["label"] = label
    props["sources"] = list(props.get("sources") or [])
    graph.add_node(node_id, **props)


def _add_edge(graph: nx.MultiDiGraph, row: dict[str, Any]) -> None:
    if row["start"] not in graph or row["end"] not in graph or row["type"] not in _TYPES:
        return
    props = dict(row["props"])
    props["type"] = row["type"]
    props["sources"] = list(props.get("sources") or [])
    graph.add_edge(row["start"], row["end"], key=row["type"], **props)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
