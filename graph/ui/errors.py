"""Errors as one message with how to fix them, never a traceback."""

from __future__ import annotations

import streamlit as st

from graph.core.errors import CitygraphError, ConfigError, LoadError, StoreError
from graph.core.settings import Settings
from graph.store import store_repair


def advice(error: CitygraphError, settings: Settings | None) -> str:
    """What to tell the user about ``error``: the message and how to fix it.

    >>> advice(StoreError("bolt://db:7687 refused"), None).splitlines()[0]
    'The graph store failed: bolt://db:7687 refused'
    """
    if isinstance(error, StoreError):
        fix = store_repair(settings, error)
        return f"The graph store failed: {error}\n\n{fix}"
    if isinstance(error, ConfigError):
        return f"A setting is wrong: {error}\n\nFix the environment variable and restart."
    if isinstance(error, LoadError):
        return f"A file could not be loaded: {error}\n\nFix the file where named, then retry."
    return str(error)


def show(error: CitygraphError, settings: Settings | None) -> None:
    st.error(advice(error, settings))
    st.button("Try again", key="retry")  # a click reruns the script
