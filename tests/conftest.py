"""Shared fixtures. ``store`` runs a test once per store implementation: the memory store
always, and Neo4j through a real Bolt server (see bolt_server.py)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.store.base import GraphStore
from graph.store.memory import MemoryStore

pytest_plugins = ["bolt_server", "browser_fixtures"]  # Bolt server; browser, served graphs

STORE_PARAMS = ["memory", pytest.param("neo4j", marks=pytest.mark.bolt)]
if os.environ.get("NEO4J_URI"):  # a real Neo4j as well (read at collection; see bolt_server.py)
    STORE_PARAMS.append(pytest.param("neo4j-env", marks=pytest.mark.bolt))


@pytest.fixture(params=STORE_PARAMS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    """An empty store of each kind."""
    if request.param == "memory":
        yield MemoryStore(path=tmp_path / "graph.json")
    else:
        fixture = "empty_neo4j_store" if request.param == "neo4j" else "empty_env_neo4j_store"
        yield request.getfixturevalue(fixture)
