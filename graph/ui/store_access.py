"""The dashboard's one read path: one store per process, one set of reads per store version,
shared by every session.

The store keeps itself current (``GraphStore.version``: the memory store rereads a graph
file another process rewrote, Neo4j counts loads on the database), so it is opened once
per process (``st.cache_resource``, never caching a failure). What the views read of one
version is kept once for all sessions (``Shared``, an ``st.cache_resource`` keyed by the
store and its version): the selections (their graphs are frozen and the memory store's
share its data, so the whole graph exists once however many sessions read it), the
facets, and results derived from a selection that do not change until the data does (the
city map, metrics: ``result``; a drawing's years for the time control: ``years``), each
computed once even when sessions ask at the same moment. For the memory store, results of
the unfiltered graph are also kept on disk beside the graph file (graph/read/cache.py), for
the next server.

Presenter mode (graph/ui/presenter.PresentedStore) reads the same: its selections are the
shared ones masked by the one mask of this version (graph/read/masked.py: a cheap last
step, no second copy of the graph), and a result is the shared one masked
(``result(..., masked=...)``). The caches keep the two modes apart.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

import networkx as nx
import streamlit as st

from graph.core.settings import Settings
from graph.read.analysis.periods import Activity, activity
from graph.read.cache import DiskResults
from graph.read.masked import MaskedGraphs
from graph.store import open_store
from graph.store.base import WHOLE_GRAPH, Facets, GraphStore, Selection, SubgraphQuery
from graph.ui.presenter import PresentedStore, shown
from graph.ui.reader import Reader

T = TypeVar("T")
# Selections kept per version: the views and filters sessions switch between. Each shares
# the store's attribute dicts; its own node and adjacency dicts are what it costs (a date
# range holding half of the 5,000-event graph: 19 MB, the graph itself 55 MB, tracemalloc).
MAX_SELECTIONS = 16
MAX_RESULTS = 64


def _key(settings: Settings) -> tuple[str, str, str]:
    neo4j = settings.neo4j
    where = f"{neo4j.uri}/{neo4j.database}" if neo4j else ""
    return (settings.store, str(settings.graph_file), where)


@st.cache_resource(show_spinner=False, max_entries=2)
def _open(key: tuple[str, str, str], _settings: Settings) -> GraphStore:
    # An exception here is not cached: the next rerun tries again (a server back up).
    return open_store(_settings)


def get_store(settings: Settings) -> GraphStore:
    return _open(_key(settings), settings)


class Shared:
    """The reads of one version of one store, shared by every session: values by key,
    each made once (a second session asking while the first makes it waits for it), the
    least recently used dropped past a bound. ``disk``: where results of the unfiltered
    graph are kept for the next process (the memory store's graph file), or None.

    >>> shared = Shared(disk=None)
    >>> shared.once(("x",), lambda: [1]) is shared.once(("x",), lambda: [2])
    True
    """

    def __init__(self, disk: DiskResults | None) -> None:
        self.disk = disk
        self._lock = threading.Lock()
        self._values: OrderedDict[Hashable, Any] = OrderedDict()
        self._making: dict[Hashable, threading.Lock] = {}

    def once(self, key: Hashable, make: Callable[[], T], *, bound: int = MAX_RESULTS) -> T:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
            making = self._making.setdefault(key, threading.Lock())
        with making:
            with self._lock:
                if key in self._values:
                    return self._values[key]
            value = make()  # an exception is not kept: the next read tries again
            with self._lock:
                self._values[key] = value
                self._making.pop(key, None)
                kind = key[0] if isinstance(key, tuple) else None
                same = [k for k in self._values if isinstance(k, tuple) and k[0] == kind]
                for old in same[: max(len(same) - bound, 0)]:
                    del self._values[old]
        return value


@st.cache_resource(show_spinner=False, max_entries=2)
def _shared(store_id: int, version: str, _store: Reader) -> Shared:
    # Keyed by the store object and its version: a new version starts empty, and the
    # previous one's reads go once no session holds them.
    return Shared(disk=_disk(_store))


def _disk(store: Reader) -> DiskResults | None:
    """Where the memory store's results are kept on disk (None for Neo4j, or a graph that
    is not its file's: uncommitted changes)."""
    path = getattr(store, "path", None)
    file_version = getattr(store, "file_version", None)
    if path is None or file_version is None:
        return None
    stamp = file_version()
    return None if stamp is None else DiskResults(path, stamp)


def _real(store: Reader) -> Reader:
    return store.store if isinstance(store, PresentedStore) else store


def shared_reads(store: Reader, version: str) -> Shared:
    """The reads every session shares of ``store`` (or presenter mode's) at ``version``."""
    real = _real(store)
    return _shared(id(real), version, real)


def select(
    store: Reader, query: SubgraphQuery, *, version: str, presenter: bool = False
) -> Selection:
    """``store.select(query)``, made once per store version for every session.

    ``presenter`` says ``store`` is presenter mode's (``presented``), whose selections are
    the shared ones masked: kept apart, so neither mode is ever served the other's."""
    shared = shared_reads(store, version)
    return shared.once(
        ("select", query, presenter), lambda: store.select(query), bound=MAX_SELECTIONS
    )


def of_selection(
    store: Reader,
    name: str,
    query: SubgraphQuery,
    make: Callable[[Selection], T],
    *,
    version: str,
    presenter: bool = False,
) -> T:
    """``make(select(query))``, once per store version, query and mode for every session:
    what a view reads off its own selection, as presenter mode's store gives it (already
    masked), on every rerun that does not change the filters (the Practices table's rows:
    three quarters of turning its page at a million table rows). ``make``'s result is
    shared: never change it."""
    shared = shared_reads(store, version)
    return shared.once(
        ("of selection", name, query, presenter),
        lambda: make(select(store, query, version=version, presenter=presenter)),
        bound=MAX_SELECTIONS,
    )


def facets(store: Reader, *, version: str, presenter: bool = False) -> Facets:
    """``store.facets()`` (the sidebar's choices), once per store version: counting them is
    a pass over the whole graph (0.2 s at 27,000 nodes, several queries on Neo4j), and
    every rerun needs them. The memory store's are kept on disk too."""
    shared = shared_reads(store, version)
    if presenter:  # masked already: no name reaches the disk
        return shared.once(
            ("facets", True), lambda: _on_disk(shared, "facets-presented", FACETS, store.facets)
        )
    return shared.once(("facets", False), lambda: _on_disk(shared, "facets", FACETS, store.facets))


def presented(real: Reader, *, version: str) -> PresentedStore:
    """Presenter mode's store for ``real`` at ``version``: one for every session, reading
    the shared selections and facets and masking them with the version's one mask."""
    shared = shared_reads(real, version)

    def made() -> PresentedStore:
        whole = select(real, WHOLE_GRAPH, version=version).graph
        codec = Codec(
            encode=MaskedGraphs.as_json, decode=lambda data: MaskedGraphs.from_json(data, whole)
        )
        # What the mask changes, learnt once per version (kept on disk: 0.7 s at 5,000 events)
        masked = _on_disk(shared, "presenter-mask", codec, lambda: MaskedGraphs.of(whole))
        return PresentedStore(
            real,
            whole,
            view=shown(whole, masked=masked),
            select=lambda query: select(real, query, version=version),
            facets=lambda: facets(real, version=version),
        )

    return shared.once(("presented",), made)


def years(
    store: Reader,
    *,
    version: str,
    drawing: str,
    drawn: nx.MultiDiGraph,
    context: nx.MultiDiGraph,
) -> Activity:
    """``activity(drawn, context)``: the years of a drawing for the time control, once per
    store version for every session. ``drawing``: what identifies ``drawn`` (the drawing
    data's ``key``, which changes with anything drawn); ``context``: the graph it was cut
    from, a shared selection's (kept by identity: reading it takes a pass over its events,
    4 s at a million table rows, on every rerun before)."""
    shared = shared_reads(store, version)

    def compute() -> Activity:
        return activity(drawn, context)

    def made() -> tuple[weakref.ref[nx.MultiDiGraph], Activity]:
        # A drawing of the whole graph: its years kept on disk too (a restarted server's
        # first drawing read them off an index of the whole graph: 2.6 s at a million rows).
        whole = (
            shared.disk is not None  # (never a whole selection made only to compare)
            and not isinstance(store, PresentedStore)
            and context is select(store, WHOLE_GRAPH, version=version).graph
        )
        if whole:
            return weakref.ref(context), _on_disk(shared, f"years-{drawing}", ACTIVITY, compute)
        return weakref.ref(context), compute()

    kept, found = shared.once(("years", drawing, id(context)), made, bound=MAX_SELECTIONS)
    # An id is reused once its graph is gone: the kept years are then another graph's.
    return found if kept() is context else activity(drawn, context)


@dataclass(frozen=True)
class Codec:
    """How a result is kept on disk: to JSON-ready data and back."""

    encode: Callable[[Any], Any]
    decode: Callable[[Any], Any]


def result(
    store: Reader,
    name: str,
    query: SubgraphQuery,
    make: Callable[[Selection], T],
    *,
    version: str,
    presenter: bool = False,
    masked: Callable[[T, MaskedGraphs], T] | None = None,
    disk: Codec | None = None,
) -> T:
    """``make(selection of query)``, computed once per store version, query and ``name``
    for every session, on the real store's selection. In presenter mode (``store`` is
    ``presented``'s) the same result, masked once by ``masked`` (required then).

    ``disk``: keep the result for the whole graph (``WHOLE_GRAPH``, what an analysis reads
    without filters) beside the memory store's graph file too; ``name`` must then say
    everything else the result depends on."""
    shared = shared_reads(store, version)
    real = _real(store)
    wanted = store.real_query(query) if isinstance(store, PresentedStore) else query

    def made() -> T:
        def compute() -> T:
            return make(select(real, wanted, version=version))

        if disk is None or wanted != WHOLE_GRAPH:
            return compute()
        return _on_disk(shared, name, disk, compute)

    value = shared.once(("result", name, wanted), made)
    if not isinstance(store, PresentedStore):
        return value
    if masked is None:
        raise ValueError(f"{name}: presenter mode needs a way to mask this result")
    return shared.once(("masked result", name, wanted), lambda: masked(value, store.masked))


def _on_disk(shared: Shared, name: str, codec: Codec, compute: Callable[[], T]) -> T:
    """``compute()``, or what the disk keeps of it for this version (then kept there)."""
    disk = shared.disk
    if disk is None:
        return compute()
    kept = disk.get(name)
    if kept is not None:
        try:
            return codec.decode(kept)
        except (KeyError, TypeError, ValueError) as e:
            logging.getLogger("citygraph").warning(
                "%s: damaged cache (%s); making it again", disk.path(name), e
            )
    value = compute()
    disk.put(name, codec.encode(value))
    return value


def _facets_codec() -> Codec:
    from pydantic import TypeAdapter

    adapter = TypeAdapter(Facets)
    return Codec(
        encode=lambda value: adapter.dump_python(value, mode="json"),
        decode=adapter.validate_python,
    )


FACETS = _facets_codec()


def _activity_data(found: Activity) -> dict[str, Any]:
    return {
        "years": found.years,
        "span": found.span,
        "edges": [[u, v, year] for (u, v), year in found.edges.items()],
        "undated": found.undated_events,
        "reason": found.reason,
    }


def _activity(data: dict[str, Any]) -> Activity:
    return Activity(
        years=[int(y) for y in data["years"]],
        span={str(n): (int(a), int(b)) for n, (a, b) in data["span"].items()},
        edges={(str(u), str(v)): int(year) for u, v, year in data["edges"]},
        undated_events=int(data["undated"]),
        reason=data["reason"],
    )


ACTIVITY = Codec(encode=_activity_data, decode=_activity)


def forget() -> None:
    """Drop the cached store (its settings changed); shared reads follow the version."""
    _open.clear()
