"""The dashboard's one read path: one store per process, selections cached per session.

The store keeps itself current (``GraphStore.version``: the memory store rereads a graph
file another process rewrote, Neo4j counts loads on the database), so it is opened once
per process (``st.cache_resource``, never caching a failure). Every view reads through
``select``: a selection is cached in the session by ``(store.version(), query, presenter)``
and its graph is frozen, so no session can change what another one sees. In presenter
mode the selection is anonymised here (graph/read/anonymise.py), before any view sees it.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

import networkx as nx
import streamlit as st

from graph.core.settings import Settings
from graph.read.anonymise import Mask
from graph.store import open_store
from graph.store.base import WHOLE_GRAPH, GraphStore, Selection, SubgraphQuery

MAX_CACHED = 8  # selections a session keeps (the views it switches between)
_SELECTIONS = "_citygraph_selections"
_MASKS = "_citygraph_masks"


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


def select(
    store: GraphStore, query: SubgraphQuery, *, version: str, presenter: bool = False
) -> Selection:
    """``store.select(query)``, anonymised in presenter mode, cached in this session until
    the store's version moves on."""
    cache = _session_cache(_SELECTIONS)
    key = (version, query, presenter)
    found = cache.get(key)
    if found is None:
        found = store.select(query)
        if presenter:
            shown = mask(store, version=version).apply(found.graph)
            found = Selection(graph=nx.freeze(shown), total=found.total, truncated=found.truncated)
        _remember(cache, key, found)
    else:
        cache.move_to_end(key)
    return found


def mask(store: GraphStore, *, version: str) -> Mask:
    """The people of the whole graph, to hide in any selection (and to map shown ids back
    with ``real_id``)."""
    cache = _session_cache(_MASKS)
    found = cache.get(version)
    if found is None:
        found = Mask.of(select(store, WHOLE_GRAPH, version=version).graph)
        cache.clear()  # one version at a time
        cache[version] = found
    return found


def _session_cache(name: str) -> OrderedDict[Hashable, Any]:
    cache = st.session_state.get(name)
    if cache is None:
        cache = st.session_state[name] = OrderedDict()
    return cache


def _remember(cache: OrderedDict[Hashable, Any], key: Hashable, value: Any) -> None:
    cache[key] = value
    while len(cache) > MAX_CACHED:
        cache.popitem(last=False)


def forget() -> None:
    """Drop the cached store (its settings changed); selections follow the version."""
    _open.clear()
