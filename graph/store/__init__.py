"""The store registry: one name -> one GraphStore implementation.

The one place that knows which stores exist: callers open a store here and then speak
only the GraphStore contract (graph/store/base.py); what to tell a user about the
configured store (where its data is, how to repair it) is answered here too.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from graph.core.errors import ConfigError, GraphFileError
from graph.core.settings import STORE_NAMES, Settings
from graph.store.base import GraphStore

if TYPE_CHECKING:  # the driver module is imported only when the Neo4j store is chosen
    from neo4j import Driver


def open_store(
    settings: Settings, *, driver: Driver | None = None, fresh: bool = False
) -> GraphStore:
    """The store ``settings.store`` names: the memory store reads its graph file, the
    Neo4j store uses ``driver`` (or connects once, checking the server answers).

    ``fresh``: start from an empty graph. The memory store then does not read its file
    (so a broken file can be replaced) and writes it on ``commit``; Neo4j is cleared.

    Raises:
        ConfigError: an unknown store name (the message lists the valid ones).
        StoreError: the graph file is broken, or Neo4j cannot be reached.
    """
    _check_name(settings)
    if settings.store == "memory":
        from graph.store.memory import MemoryStore

        if fresh:
            return MemoryStore(path=settings.graph_file)
        return MemoryStore.open(settings.graph_file)
    from graph.store.neo4j import Neo4jStore, connect

    if settings.neo4j is None:
        raise ConfigError("the neo4j store needs NEO4J_URI (and NEO4J_PASSWORD) to be set")
    store = Neo4jStore(
        driver or connect(settings.neo4j),
        database=settings.neo4j.database,
        batch_size=settings.neo4j.batch_size,
        deadline=settings.neo4j.timeout,
        owns_driver=driver is None,  # close() closes a driver made here, not one handed in
    )
    if fresh:
        store.clear()
    return store


def store_location(settings: Settings) -> str:
    """Where the configured store keeps the graph, as a user reads it.

    >>> store_location(Settings.from_env({"CITYGRAPH_GRAPH_FILE": "g.json"}))
    'the graph file g.json'
    """
    _check_name(settings)
    if settings.store == "memory":
        return f"the graph file {settings.graph_file}"
    uri = settings.neo4j.uri if settings.neo4j else "NEO4J_URI"
    database = settings.neo4j.database if settings.neo4j else None
    return f"the Neo4j database at {uri}" + (f" ({database})" if database else "")


def store_repair(settings: Settings | None, error: Exception | None = None) -> str:
    """How to get a failing store working again (for an error message). A damaged graph
    file is never to be overwritten: the advice moves it aside first and says where.

    >>> settings = Settings.from_env({"CITYGRAPH_GRAPH_FILE": "data/graph.json"})
    >>> fix = store_repair(settings, GraphFileError(Path("data/graph.json"), "truncated"))
    >>> fix[fix.index("`") : fix.rindex("`") + 1]
    '`mv data/graph.json data/graph.json.broken && citygraph load data/samples`'
    """
    if settings is not None and settings.store == "neo4j":
        uri = settings.neo4j.uri if settings.neo4j else "NEO4J_URI"
        return (
            f"Check that Neo4j is running and reachable at {uri} with NEO4J_USER and "
            "NEO4J_PASSWORD, then reload this page; or unset NEO4J_URI to use the "
            "embedded store."
        )
    target = settings.graph_file if settings else Path("data/graph.json")
    if isinstance(error, GraphFileError):
        aside = target.with_name(target.name + ".broken")
        return (
            "The graph file is kept as it is. Move it aside and rebuild the graph (the "
            f"broken file stays at {aside}, to repair or send to whoever wrote it): "
            f"`mv {target} {aside} && citygraph load data/samples`, then reload this page."
        )
    return (
        f"Check that {target} and its folder can be read and written by this user, then "
        "reload this page; `citygraph stats` says what is wrong in one line."
    )


def _check_name(settings: Settings) -> None:
    if settings.store not in STORE_NAMES:
        raise ConfigError(
            f"unknown store {settings.store!r}; valid stores: {', '.join(STORE_NAMES)}"
        )
