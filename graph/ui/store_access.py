"""The dashboard's one read path: one store per process, selections cached per session.

The store keeps itself current (``GraphStore.version``: the memory store rereads a graph
file another process rewrote, Neo4j counts loads on the database), so it is opened once
per process (``st.cache_resource``, never caching a failure). Every view reads through
``select``: a selection is cached in the session by ``(store.version(), query, presenter)``
and its graph is frozen, so no session can change what another one sees. In presenter
mode the store read is graph/ui/presenter.PresentedStore, which masks each selection once
(graph/read/anonymise.py) before any view sees it; the cache keeps those apart.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

import streamlit as st

from graph.core.settings import Settings
from graph.store import open_store
from graph.store.base import Facets, GraphStore, Selection, SubgraphQuery
from graph.ui.reader import Reader

MAX_CACHED = 8  # selections a session keeps (the views it switches between)
_SELECTIONS = "_citygraph_selections"
_FACETS = "_citygraph_facets"


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
    store: Reader, query: SubgraphQuery, *, version: str, presenter: bool = False
) -> Selection:
    """``store.select(query)``, cached in this session until the store's version moves on.

    ``presenter`` says ``store`` is presenter mode's (graph/ui/presenter.PresentedStore),
    whose selections are masked already, once: it keeps them apart in the cache from the
    real store's, so neither mode is ever served the other's."""
    cache = _session_cache(_SELECTIONS)
    key = (version, query, presenter)
    found = cache.get(key)
    if found is None:
        found = store.select(query)
        _remember(cache, key, found)
    else:
        cache.move_to_end(key)
    return found


def facets(store: Reader, *, version: str, presenter: bool = False) -> Facets:
    """``store.facets()`` (the sidebar's choices), cached in this session until the store's
    version moves on: counting them is a pass over the whole graph (0.2 s at 27,000 nodes,
    several queries on Neo4j), and every rerun needs them."""
    cache = _session_cache(_FACETS)
    key = (version, presenter)
    found = cache.get(key)
    if found is None:
        cache.clear()  # an older version's facets are of no further use
        found = cache[key] = store.facets()
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
