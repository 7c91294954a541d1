"""One store per process (``st.cache_resource``), never caching a failure."""

from __future__ import annotations

import networkx as nx
import streamlit as st

from graph.core.settings import Settings
from graph.store import open_store
from graph.store.base import GraphStore


def store_version(settings: Settings) -> str:
    """A cache key that changes when the data changes under us (the graph file rebuilt)."""
    if settings.store == "memory":
        try:
            return f"memory:{settings.graph_file}:{settings.graph_file.stat().st_mtime_ns}"
        except OSError:
            return f"memory:{settings.graph_file}:missing"
    return f"neo4j:{settings.neo4j.uri if settings.neo4j else ''}"


@st.cache_resource(show_spinner=False, max_entries=2)
def _open(version: str, _settings: Settings) -> GraphStore:
    # An exception here is not cached: the next rerun tries again (a server back up).
    return open_store(_settings)


def get_store(settings: Settings) -> GraphStore:
    return _open(store_version(settings), settings)


@st.cache_resource(show_spinner=False, max_entries=2)
def _full_graph(version: str, _store: GraphStore) -> nx.MultiDiGraph:
    return _store.to_networkx()


def full_graph(settings: Settings, store: GraphStore) -> nx.MultiDiGraph:
    """The whole graph for the tables; shared by reruns until the data changes."""
    return _full_graph(store_version(settings), store)


def forget() -> None:
    """Drop cached stores and graphs (after a load from the dashboard)."""
    _open.clear()
    _full_graph.clear()
