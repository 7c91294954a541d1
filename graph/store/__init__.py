"""The store registry: one name -> one GraphStore implementation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.core.errors import ConfigError
from graph.core.settings import STORE_NAMES, Settings
from graph.store.base import GraphStore

if TYPE_CHECKING:  # the driver module is imported only when the Neo4j store is chosen
    from neo4j import Driver


def open_store(settings: Settings, *, driver: Driver | None = None) -> GraphStore:
    """The store ``settings.store`` names: the memory store reads its graph file, the
    Neo4j store uses ``driver`` (or connects once, checking the server answers).

    Raises:
        ConfigError: an unknown store name (the message lists the valid ones).
        StoreError: the graph file is broken, or Neo4j cannot be reached.
    """
    if settings.store == "memory":
        from graph.store.memory import MemoryStore

        return MemoryStore.open(settings.graph_file)
    if settings.store == "neo4j":
        from graph.store.neo4j import Neo4jStore, connect

        if settings.neo4j is None:
            raise ConfigError("the neo4j store needs NEO4J_URI (and NEO4J_PASSWORD) to be set")
        return Neo4jStore(
            driver or connect(settings.neo4j),
            database=settings.neo4j.database,
            batch_size=settings.neo4j.batch_size,
            owns_driver=driver is None,  # close() closes a driver made here, not one handed in
        )
    raise ConfigError(f"unknown store {settings.store!r}; valid stores: {', '.join(STORE_NAMES)}")
