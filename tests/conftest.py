"""Shared fixtures. ``store`` runs a test once per store implementation: the memory store
always, and Neo4j through a real Bolt server (see bolt_server.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.store.base import GraphStore
from graph.store.memory import MemoryStore

STORE_PARAMS = ["memory", pytest.param("neo4j", marks=pytest.mark.bolt)]


@pytest.fixture(params=STORE_PARAMS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    """An empty store of each kind."""
    if request.param == "memory":
        yield MemoryStore(path=tmp_path / "graph.json")
    else:
        yield request.getfixturevalue("empty_neo4j_store")
