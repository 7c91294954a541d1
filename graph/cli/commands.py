"""Registers every command module on the app (each module decorates ``app`` on import)."""

from graph.cli import (  # noqa: F401
    analysis_commands,
    recap_commands,
    store_commands,
    synth_commands,
    web_commands,
)
