"""One store per process (``st.cache_resource``), never caching a failure.

The store keeps itself current (see ``GraphStore.version``): the memory store rereads a
graph file another process rewrote, and Neo4j is read live, so the store is opened once
and what is read from it is cached by ``store.version()``.
"""

from __future__ import annotations

import networkx as nx
import streamlit as st

from graph.core.settings import Settings
from graph.store import open_store
from graph.store.base import GraphStore


def _key(settings: Settings) -> tuple[str, str, str]:
    neo4j = settings.neo4j
    return (
        settings.store,
        str(settings.graph_file),
        f"{neo4j.uri}/{neo4j.database}" if neo4j else "",
    )


@st.cache_resource(show_spinner=False, max_entries=2)
def _open(key: tuple[str, str, str], _settings: Settings) -> GraphStore:
    # An exception here is not cached: the next rerun tries again (a server back up).
    return open_store(_settings)


def get_store(settings: Settings) -> GraphStore:
    return _open(_key(settings), settings)


@st.cache_resource(show_spinner=False, max_entries=2)
def _full_graph(version: str, _store: GraphStore) -> nx.MultiDiGraph:
    return _store.to_networkx()


def full_graph(settings: Settings, store: GraphStore) -> nx.MultiDiGraph:
    """The whole graph for the tables; shared by reruns until the data changes."""
    return _full_graph(store.version(), store)


def forget() -> None:
    """Drop cached stores and graphs (after a load from the dashboard)."""
    _open.clear()
    _full_graph.clear()
