"""Options several commands share, and the store they open."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from graph.core.settings import Settings

if TYPE_CHECKING:  # the store (and networkx) only when a command opens one
    from graph.store.base import GraphStore
    from loaders.web import FetchOptions

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

AllowPrivateOption = Annotated[
    bool,
    typer.Option(
        "--allow-private",
        help="Also fetch from private, loopback and link-local addresses (an intranet); "
        "cloud metadata addresses stay refused.",
    ),
]
AllowNetworkOption = Annotated[
    list[str] | None,
    typer.Option(
        "--allow-network",
        help="Also fetch from this network only, e.g. 10.20.0.0/16 (repeatable).",
    ),
]


def fetch_options(
    *, allow_private: bool, allow_network: list[str] | None, **given: float
) -> FetchOptions:
    """How to fetch, from the command line's options (``given``: timeouts, delays).

    Raises:
        typer.BadParameter: an --allow-network value is not a network.
    """
    from loaders.web import AddressPolicy, FetchOptions
    from loaders.web.address import parse_networks

    try:
        allowed = parse_networks(allow_network or ())
    except ValueError as e:
        raise typer.BadParameter(str(e), param_hint="--allow-network") from None
    policy = AddressPolicy(allow_private=allow_private, allowed=allowed)
    return FetchOptions(policy=policy, **given)  # type: ignore[arg-type]


def settings_for(store: str | None, graph_file: Path | None) -> Settings:
    """The environment's settings with the command line's overrides."""
    settings = Settings.from_env().with_store(store)
    if graph_file is not None:
        settings = replace(settings, graph_file=graph_file)
    return settings


def store_for(store: str | None, graph_file: Path | None) -> GraphStore:
    """The store the options name, opened; what it notices about its data said on stderr."""
    from graph.store import open_store

    opened = open_store(settings_for(store, graph_file))
    say_notices(opened.notices)
    return opened


def say_notices(notices: list[str]) -> None:
    """One line on stderr for each thing a store noticed (an older graph file's format)."""
    from graph.cli import err_console

    for notice in notices:
        err_console.print(f"[yellow]note:[/] {notice}", highlight=False, soft_wrap=True)
