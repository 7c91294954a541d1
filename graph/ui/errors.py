"""Errors as one message with how to fix them, never a traceback."""

from __future__ import annotations

import streamlit as st

from graph.core.errors import CitygraphError, ConfigError, LoadError, StoreError
from graph.core.settings import Settings


def advice(error: CitygraphError, settings: Settings | None) -> str:
    """What to tell the user about ``error``: the message and how to fix it.

    >>> advice(StoreError("bolt://db:7687 refused"), None).splitlines()[0]
    'The graph store failed: bolt://db:7687 refused'
    """
    if isinstance(error, StoreError):
        if settings is not None and settings.store == "neo4j":
            uri = settings.neo4j.uri if settings.neo4j else "NEO4J_URI"
            fix = (
                f"Check that Neo4j is running and reachable at {uri} with NEO4J_USER and "
                "NEO4J_PASSWORD, then reload this page; or unset NEO4J_URI to use the "
                "embedded store."
            )
        else:
            target = settings.graph_file if settings else "the graph file"
            fix = (
                f"Rebuild {target} with `citygraph load data/samples --fresh` "
                "(or `make run`), then reload this page."
            )
        return f"The graph store failed: {error}\n\n{fix}"
    if isinstance(error, ConfigError):
        return f"A setting is wrong: {error}\n\nFix the environment variable and restart."
    if isinstance(error, LoadError):
        return f"A file could not be loaded: {error}\n\nFix the file where named, then retry."
    return str(error)


def show(error: CitygraphError, settings: Settings | None) -> None:
    st.error(advice(error, settings))
    st.button("Try again", key="retry")  # a click reruns the script
