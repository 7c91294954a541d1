"""The embedded store: a networkx MultiDiGraph, saved as one node-link JSON file.

No server needed: this is the default for laptops and demos. The file is written
atomically (a temporary file in the same folder, then a rename), so a crash mid-write
leaves the previous file whole; its layout and the checks on reading it are in
graph/store/graph_file.py. The graph shares what repeats (ids, relation attributes: see
``CompactGraph``), so a million table rows fit in a laptop's memory.
"""

from __future__ import annotations

import itertools
import threading
import weakref
from collections import Counter
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

import networkx as nx

from graph.core.bulk import paused_gc
from graph.core.days import stored_day
from graph.core.errors import StoreError
from graph.core.files import mode_for, write_atomically
from graph.core.model import Label, Node, Relation, RelType, display_name, make_id
from graph.store import snapshot
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
from graph.store.graph_file import (
    CompactGraph,
    os_reason,
    read_graph,
    writable_folder,
    write_graph,
)
from graph.store.shaping import (
    edge_attrs,
    ego_ids,
    merged_attrs,
    node_attrs,
    select_among,
    shared_copy,
)


class MemoryStore:
    """The GraphStore contract over an in-process ``nx.MultiDiGraph``.

    Opened from a file (``open``), the store is that file's graph: ``commit`` writes it, and
    a read after another process rewrote the file (``citygraph load`` while the dashboard
    runs) rereads it first, unless this store holds changes not yet committed. Made with
    ``MemoryStore(path=...)``, it is a new graph that replaces the file on ``commit``.

    >>> from graph.core.model import Label, Node
    >>> store = MemoryStore()
    >>> estonia = Node(id="country:ee", label=Label.COUNTRY, properties={"name": "Estonia"})
    >>> before = store.version()
    >>> store.upsert([estonia], [])
    UpsertSummary(nodes=1, relationships=0)
    >>> store.stats().nodes, store.version() != before
    ({'Country': 1}, True)
    """

    name = "memory"

    def __init__(self, graph: nx.MultiDiGraph | None = None, *, path: Path | None = None) -> None:
        self.graph = graph if graph is not None else nx.MultiDiGraph()
        self.path = Path(path) if path is not None else None
        self._stamp: FileStamp | None = None  # the file as last read or written
        self._changes = 0  # upserts, clears and rereads in this process: part of version()
        # Changes not yet committed: never reread over them. A graph made for a file (not
        # ``open``ed from it) is one: it replaces the file on ``commit``.
        self._dirty = self.path is not None
        self._lock = threading.Lock()  # one reread at a time (the dashboard's threads)
        self._index: tuple[tuple[int, ...], RelationIndex] | None = None
        self._compact: CompactGraph | None = None
        # The graph that selections share (the whole graph is handed out as a read-only
        # view, other selections share its attribute dicts): changed only after a copy.
        self._lent: weakref.ref[nx.MultiDiGraph] | None = None
        self.notices: list[str] = []  # what a user should know about the file (its format)

    # -- file --------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path) -> MemoryStore:
        """The store saved at ``path``, or an empty one bound to it when there is no file.

        Raises:
            StoreError: the file exists but is not a citygraph graph file.
        """
        store = cls(path=Path(path))
        store._stamp, store._dirty = _stamp(store.path), False
        if store._stamp is not None:
            store._read(Path(path), store._stamp)
        return store

    def _read(self, path: Path, stamp: FileStamp) -> None:
        """Read version ``stamp`` of the graph file: from the snapshot a process kept of it
        (graph/store/snapshot.py), else the file, then kept for the next process."""
        version = stamp.version()
        large = snapshot.worth_keeping(stamp.size)
        kept = snapshot.read(path, version) if large else None
        if kept is not None:
            self.graph, self.notices = kept, []
            return
        read = read_graph(path)
        self.graph, self.notices = read.graph, read.notices
        # Only a graph surely of that version (no rename while it was read), in citygraph's
        # own format (a notice about the file's format is said on every read).
        if large and not read.notices and _stamp(path) == stamp:
            snapshot.keep(path, version, read.graph)

    def save(self, path: Path | None = None) -> Path:
        """Write the graph atomically to ``path`` (default: the file it was opened from).

        A temporary file beside the target, then a rename: a reader sees the old file or
        the new one, never a torn one. The file keeps the permissions it had. The JSON is
        written node by node (graph/store/graph_file.py), so a save holds no second copy
        of the graph.

        Raises:
            StoreError: the file cannot be written (one line: the path and the reason).
        """
        target = Path(path or self.path or "")
        if not str(target):
            raise StoreError("this memory store has no file to save to")
        writable_folder(target)
        try:
            write_atomically(
                target, lambda f: write_graph(self.graph, f), mode=mode_for(target), durable=True
            )
        except OSError as e:
            raise StoreError(f"{target}: cannot write the graph file ({os_reason(e)})") from None
        snapshot.forget(target)
        if self.path is not None and target.resolve() == self.path.resolve():
            self._stamp = _stamp(target)
            self._dirty = False
        return target

    def commit(self) -> None:
        """Write the graph to its file (see ``save``); without a file, nothing to write."""
        if self.path is None:
            self._dirty = False
            return
        self.save()

    def clear(self) -> None:
        """Empty the graph; the file keeps the old one until ``commit``."""
        self.graph = nx.MultiDiGraph()
        self._changed()

    def version(self) -> str:
        """The file's modification time and size as read, and this process's change count.

        >>> store = MemoryStore()
        >>> first = store.version(); store.clear(); first == store.version()
        False
        """
        self._refresh()
        stamp = self._stamp or FileStamp(0, 0)
        return f"{stamp.mtime_ns}:{stamp.size}:{stamp.inode}:{self._changes}"

    def file_version(self) -> str | None:
        """The graph file's stamp (modification time, size, inode) when the graph in memory
        is exactly that file's (read from it or saved to it, nothing uncommitted), else
        None: what a cache of results beside the file is keyed by (graph/read/cache.py).

        >>> MemoryStore().file_version() is None
        True
        """
        self._refresh()
        if self.path is None or self._dirty or self._stamp is None:
            return None
        return self._stamp.version()

    def close(self) -> None:
        """Nothing to release: the graph lives in this process."""

    def _changed(self) -> None:
        self._changes += 1
        self._dirty = True

    def _refresh(self) -> None:
        """Reread the file when another process rewrote it (and we hold nothing uncommitted)."""
        if self.path is None or self._dirty:
            return
        with self._lock:
            now = _stamp(self.path)
            if now == self._stamp:
                return
            if now is not None:
                self._read(self.path, now)
            else:
                self.graph, self.notices = nx.MultiDiGraph(), []
            self._stamp = now
            self._changes += 1

    def _relation_index(self) -> RelationIndex:
        """The current graph's RelationIndex, made again after any change to it."""
        g = self.graph
        key = (id(g), self._changes, g.number_of_nodes())  # (counting edges is a pass)
        if self._index is None or self._index[0] != key:
            self._index = (key, RelationIndex(g))
        return self._index[1]

    # -- load records: a memory-store load is all or nothing (graph.store.lock) ---------
    def begin_load(self, load: LoadRecord) -> None:
        """Nothing to record: the load lands whole at ``commit`` or not at all."""

    def end_load(self, load_id: str, *, error: str = "") -> None:
        """Nothing to record (see ``begin_load``)."""

    def incomplete_loads(self) -> list[LoadRecord]:
        """Always empty: a load killed before its rename left the old file whole."""
        return []

    # -- writes ------------------------------------------------------------------------
    def upsert(self, nodes: Iterable[Node], relations: Iterable[Relation]) -> UpsertSummary:
        """Merge records (see GraphStore.upsert). Checked whole before anything changes,
        so a failing call leaves the graph as it was.

        Raises:
            StoreError: a relation names a node that is neither stored nor in ``nodes``.
        """
        self._refresh()  # merge into what the file holds now
        nodes, relations = list(nodes), list(relations)
        incoming = {n.id for n in nodes}
        for rel in relations:
            for end in (rel.start, rel.end):
                if end not in incoming and end not in self.graph:
                    raise StoreError(
                        f"relation {rel.type} {rel.start} -> {rel.end}: no node {end!r}"
                    )
        summary = UpsertSummary(nodes=len(nodes), relationships=len(relations))
        if self._lent is not None and self._lent() is self.graph:
            self.graph = shared_copy(self.graph)  # readers keep the graph they were given
            self._lent = None
        g, build = self.graph, self._builder()
        # Each record is let go once it is in the graph: a caller that handed over its only
        # references (graph.store.loading) never holds a large load's records and graph whole.
        nodes.reverse()
        relations.reverse()
        with paused_gc():
            self._put(g, build, nodes, relations)
        self._changed()
        return summary

    def _put(
        self,
        g: nx.MultiDiGraph,
        build: CompactGraph,
        nodes: list[Node],
        relations: list[Relation],
    ) -> None:
        """Move the records (reversed) into the graph, merging each with what it holds."""
        while nodes:
            node = nodes.pop()
            attrs, old = node_attrs(node), g._node.get(node.id)
            build.node(node.id, attrs if old is None else merged_attrs(old, attrs))
        while relations:
            rel = relations.pop()
            attrs, key = edge_attrs(rel), rel.type.value
            old = g._succ[rel.start].get(rel.end, {}).get(key)
            build.edge(rel.start, rel.end, key, attrs if old is None else merged_attrs(old, attrs))
        build.done()

    def _builder(self) -> CompactGraph:
        """The CompactGraph of the current graph (its shared attributes kept across loads)."""
        if self._compact is None or self._compact.graph is not self.graph:
            self._compact = CompactGraph(self.graph)
        return self._compact

    # -- reads -------------------------------------------------------------------------
    def stats(self) -> Stats:
        self._refresh()
        g = self.graph
        nodes = Counter(attrs["label"] for attrs in g._node.values())
        # Straight from the adjacency: networkx's edge view makes a tuple per relation.
        keys = (k for near in g._succ.values() for k in near.values())
        rels = Counter(itertools.chain.from_iterable(keys))
        return Stats(nodes=dict(nodes), relationships=dict(rels))

    def to_networkx(self) -> nx.MultiDiGraph:
        self._refresh()
        return self.graph.copy()

    def node_detail(self, node_id: str) -> NodeDetail | None:
        self._refresh()
        g = self.graph
        if node_id not in g:
            return None
        attrs = g.nodes[node_id]
        neighbours = [
            Neighbour(id=v, label=g.nodes[v]["label"], name=_name(g, v), type=k, direction="out")
            for _, v, k in g.out_edges(node_id, keys=True)
        ] + [
            Neighbour(id=u, label=g.nodes[u]["label"], name=_name(g, u), type=k, direction="in")
            for u, _, k in g.in_edges(node_id, keys=True)
        ]
        neighbours.sort(key=lambda n: (n.type, n.label, n.name.casefold(), n.id))
        sources = [
            {"id": s, **{k: v for k, v in g.nodes[s].items() if k not in ("label", "sources")}}
            for s in attrs.get("sources", [])
            if s in g
        ]
        props = {k: v for k, v in attrs.items() if k not in ("label", "sources")}
        return NodeDetail(
            id=node_id,
            label=attrs["label"],
            name=_name(g, node_id),
            properties=props,
            sources=sources,
            neighbours=neighbours,
        )

    def search(
        self, text: str, *, labels: Iterable[Label] = (), limit: int = DEFAULT_SEARCH_LIMIT
    ) -> list[SearchHit]:
        self._refresh()
        needle = text.strip().casefold()
        if not needle:
            return []
        wanted = {str(label) for label in labels}
        ranked = []
        for node_id, attrs in self.graph.nodes(data=True):
            if wanted and attrs["label"] not in wanted:
                continue
            rank = _match_rank(needle, _search_texts(attrs))
            if rank is not None:
                name = _name(self.graph, node_id)
                ranked.append((rank, name.casefold(), node_id, attrs["label"], name))
        ranked.sort()
        return [SearchHit(id=i, label=lab, name=n) for _, _, i, lab, n in ranked[:limit]]

    def facets(self) -> Facets:
        self._refresh()
        g = self.graph
        by_label: dict[str, list[str]] = {label.value: [] for label in Label}
        for node_id, attrs in g.nodes(data=True):
            by_label[attrs["label"]].append(node_id)

        # Straight from the adjacency (a relation's key is its type, one per pair and type):
        # networkx's edge views make a tuple per relation (16% of a first drawing at a
        # million table rows, py-spy).
        def count_in(node_id: str, rel: RelType) -> int:
            return sum(rel.value in keys for keys in g._pred[node_id].values())

        def count_out(node_id: str, rel: RelType) -> int:
            return sum(rel.value in keys for keys in g._succ[node_id].values())

        def values(label: Label, count, extra=None) -> list[FacetValue]:
            found = [
                FacetValue(
                    id=n, name=_name(g, n), count=count(n), extra=extra(n) if extra else None
                )
                for n in by_label[label]
            ]
            return sorted(found, key=lambda f: (f.name.casefold(), f.id))

        dates = sorted(d for n in by_label[Label.EVENT] if (d := _event_date(g, n)))
        return Facets(
            labels={k: len(v) for k, v in by_label.items() if v},
            topics=values(Label.TOPIC, lambda n: count_in(n, RelType.ABOUT)),
            countries=values(
                Label.COUNTRY,
                lambda n: count_in(n, RelType.IN) + count_out(n, RelType.PARTICIPATED_IN),
                lambda n: g.nodes[n].get("code"),
            ),
            cities=values(
                Label.CITY,
                lambda n: count_out(n, RelType.SHARED),
                lambda n: g.nodes[n].get("country_code"),
            ),
            events=values(
                Label.EVENT,
                lambda n: count_in(n, RelType.PRESENTED_AT),
                lambda n: g.nodes[n].get("date"),
            ),
            date_min=dates[0] if dates else None,
            date_max=dates[-1] if dates else None,
        )

    def select(self, query: SubgraphQuery) -> Selection:
        """The selection ``query`` describes (the semantics in graph/store/base.py).

        Nothing is copied but the selection's own structure: the whole graph is the
        store's graph as a read-only view (every session of the dashboard shares it), and
        any other selection shares its attribute dicts; a later change in this process
        works on a copy (``upsert``), so a selection never changes."""
        self._refresh()
        g = self.graph
        self._lent = weakref.ref(g)
        if _everything(query):
            view = nx.graphviews.generic_graph_view(g)
            return Selection(graph=view, total=g.number_of_nodes(), truncated=False)
        candidates = (
            _anchored_candidates(g, query, self._relation_index())
            if query.has_anchor_filter
            else set(g.nodes)
        )
        if query.labels:
            wanted = {str(label) for label in query.labels}
            candidates = {
                n for n in candidates if g.nodes[n]["label"] in wanted or n == query.focus
            }
        if query.focus is not None:
            candidates = ego_ids(g, query.focus, query.hops, candidates)
        return select_among(g, candidates, query)


def _everything(query: SubgraphQuery) -> bool:
    """Whether ``query`` selects every node and relation (``WHOLE_GRAPH``)."""
    return (
        query.limit is None
        and query.focus is None
        and not query.labels
        and not query.relations
        and not query.has_anchor_filter
    )


# -- helpers -------------------------------------------------------------------------------
class FileStamp(NamedTuple):
    """What tells one version of a file from the next without reading it (the inode too:
    every save is a new file renamed into place, even when time and size come out equal)."""

    mtime_ns: int
    size: int
    inode: int = 0

    def version(self) -> str:
        """The stamp as text (``MemoryStore.file_version``).

        >>> FileStamp(1, 2, 3).version()
        '1:2:3'
        """
        return f"{self.mtime_ns}:{self.size}:{self.inode}"


def _stamp(path: Path | None) -> FileStamp | None:
    try:
        info = path.stat() if path is not None else None
    except FileNotFoundError:
        return None
    except OSError as e:
        raise StoreError(f"{path}: cannot read the graph file ({e})") from e
    return FileStamp(info.st_mtime_ns, info.st_size, info.st_ino) if info else None


def _name(g: nx.MultiDiGraph, node_id: str) -> str:
    return display_name(g.nodes[node_id], node_id)


def _search_texts(attrs: dict[str, Any]) -> list[str]:
    texts = [attrs.get(k) for k in ("name", "title", "path", "code")]
    texts.extend(attrs.get("names") or ())
    return [t.casefold() for t in texts if isinstance(t, str) and t]


def _match_rank(needle: str, texts: list[str]) -> int | None:
    """0 exact, 1 prefix, 2 contains; None when no text holds the needle."""
    best = None
    for text in texts:
        rank = (
            0 if text == needle else 1 if text.startswith(needle) else 2 if needle in text else None
        )
        if rank is not None and (best is None or rank < best):
            best = rank
    return best


def _event_date(g: nx.MultiDiGraph, node_id: str) -> date | None:
    return stored_day(g.nodes[node_id].get("date"))


class RelationIndex:
    """What the filters look up in a graph, kept per version: a node's neighbours by
    relation type, read straight off the adjacency dicts (networkx's views made view
    objects per lookup: 0.3 s of 0.5 s measured on 27,000 nodes; the lists by type built
    up front instead, 3.5 s of the first filter change at a million table rows and a list
    entry per relation), and each event's day.

    >>> g = nx.MultiDiGraph(); g.add_edge("city:a", "practice:p", key="SHARED")
    'SHARED'
    >>> RelationIndex(g).neighbours("practice:p", RelType.SHARED, out=False)
    ['city:a']
    """

    def __init__(self, g: nx.MultiDiGraph) -> None:
        self._succ, self._pred = g._succ, g._pred
        # Each event's day, read once: a date filter asks for it once per practice presented
        # there, and each answer parsed the stored text again.
        self.event_days: dict[str, date | None] = {
            n: stored_day(attrs.get("date"))
            for n, attrs in g._node.items()
            if attrs.get("label") == Label.EVENT
        }

    def event_day(self, g: nx.MultiDiGraph, event: str) -> date | None:
        """``event``'s day (``_event_date``), read off the index."""
        return self.event_days[event] if event in self.event_days else _event_date(g, event)

    def neighbours(self, node_id: str, rel: RelType, *, out: bool) -> list[str]:
        """The nodes ``rel`` links ``node_id`` to (from it when ``out``, else to it)."""
        near = (self._succ if out else self._pred).get(node_id)
        if not near:
            return []
        key = rel.value  # a relation's key is its type
        return [n for n, keys in near.items() if key in keys]


def _anchored_candidates(g: nx.MultiDiGraph, q: SubgraphQuery, index: RelationIndex) -> set[str]:
    """Anchors (Practices and Events passing every filter) plus their allowed neighbours."""
    attrs = dict(g.nodes(data=True))  # one lookup table: NodeView lookups cost ~2 µs each
    country_ids = {make_id(Label.COUNTRY, c) for c in q.countries}

    def city_ok(city: str) -> bool:
        if q.cities and city not in q.cities:
            return False
        return not q.countries or attrs[city].get("country_code") in q.countries

    place_filter = bool(q.cities or q.countries)
    date_filter = bool(q.date_from or q.date_to)

    def event_date_ok(event: str) -> bool:
        d = index.event_day(g, event)
        return (
            d is not None
            and (q.date_from is None or d >= q.date_from)
            and (q.date_to is None or d <= q.date_to)
        )

    def event_self_ok(event: str) -> bool:
        return (not q.events or event in q.events) and (not date_filter or event_date_ok(event))

    practices = set()
    for node_id, node in attrs.items():
        if node["label"] != Label.PRACTICE:
            continue
        if q.topics and not set(index.neighbours(node_id, RelType.ABOUT, out=True)) & q.topics:
            continue
        if place_filter and not any(
            city_ok(c) for c in index.neighbours(node_id, RelType.SHARED, out=False)
        ):
            continue
        if (q.events or date_filter) and not any(
            event_self_ok(e) for e in index.neighbours(node_id, RelType.PRESENTED_AT, out=True)
        ):
            continue
        practices.add(node_id)

    def passing(event: str) -> bool:
        """Whether a practice that passed was presented at ``event``."""
        return not practices.isdisjoint(index.neighbours(event, RelType.PRESENTED_AT, out=False))

    events = set()
    for node_id, node in attrs.items():
        if node["label"] != Label.EVENT or not event_self_ok(node_id):
            continue
        if q.topics and not (
            passing(node_id) or set(index.neighbours(node_id, RelType.ABOUT, out=True)) & q.topics
        ):
            continue
        if place_filter and not (
            passing(node_id)
            or any(city_ok(c) for c in index.neighbours(node_id, RelType.HELD_IN, out=True))
            or (set(index.neighbours(node_id, RelType.PARTICIPATED_IN, out=False)) & country_ids)
        ):
            continue
        events.add(node_id)

    anchors = practices | events
    candidates = set(anchors)
    for other in _neighbourhood(g, anchors) - anchors:
        label = attrs[other]["label"]
        if label in (Label.PRACTICE, Label.EVENT):
            continue  # other anchors come in only by passing the filters themselves
        if label == Label.CITY and place_filter and not city_ok(other):
            continue
        if label == Label.COUNTRY and q.countries and attrs[other].get("code") not in q.countries:
            continue
        if label == Label.TOPIC and q.topics and other not in q.topics:
            continue
        candidates.add(other)
    return candidates


def _neighbourhood(g: nx.MultiDiGraph, nodes: Iterable[str]) -> set[str]:
    """The nodes related to any of ``nodes`` (either direction): one set union over the
    adjacency dicts (networkx's views: a view object and a set per node, 1.9 s for the
    anchors of half of a million-row graph, cProfile).

    >>> sorted(_neighbourhood(nx.MultiDiGraph([("a", "b"), ("c", "a"), ("d", "e")]), ["a"]))
    ['b', 'c']
    """
    succ, pred = g._succ, g._pred
    return set().union(*(succ[n] for n in nodes), *(pred[n] for n in nodes))
