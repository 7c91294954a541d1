"""Options several commands share, and the store they open."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from graph.core.settings import Settings
from graph.store import open_store
from graph.store.base import GraphStore

StoreOption = Annotated[
    str | None,
    typer.Option("--store", help="memory or neo4j (default: neo4j when NEO4J_URI is set)."),
]
GraphFileOption = Annotated[
    Path | None,
    typer.Option(
        "--graph-file",
        help="The memory store's file (default: $CITYGRAPH_GRAPH_FILE or data/graph.json).",
        dir_okay=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a summary.")]
CacheOption = Annotated[
    Path | None,
    typer.Option(
        "--cache",
        help="Folder for fetched pages (default: citygraph's folder in the user's cache).",
        file_okay=False,
    ),
]


def settings_for(store: str | None, graph_file: Path | None) -> Settings:
    """The environment's settings with the command line's overrides."""
    settings = Settings.from_env().with_store(store)
    if graph_file is not None:
        settings = Settings(settings.store, graph_file, settings.neo4j, settings.admin_password)
    return settings


def store_for(store: str | None, graph_file: Path | None) -> GraphStore:
    return open_store(settings_for(store, graph_file))
