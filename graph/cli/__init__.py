"""The ``citygraph`` command: one typer app; each module here adds its commands to it.

Errors that citygraph raises on purpose (``CitygraphError``) become one line on stderr and
exit status 1; nothing else is caught, so a bug keeps its traceback.
"""

from __future__ import annotations

import sys
from importlib import import_module

import typer
from rich.console import Console

from graph.core.errors import CitygraphError

app = typer.Typer(
    name="citygraph",
    help="Event recaps and tables of city networks into a knowledge graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
err_console = Console(stderr=True)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print ``message`` as one error line and return the Exit to raise."""
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


# The module that registers each command. Running one command imports only its module:
# the analysis commands pull in scipy, igraph and pyvis, which `extract` never needs
# (0.35 s of a 0.7 s start). A name not listed (`--help`, a typo) imports them all.
COMMAND_MODULES = {
    "extract": "recap_commands",
    "evaluate": "recap_commands",
    "load": "store_commands",
    "stats": "store_commands",
    "export": "store_commands",
    "peers": "analysis_commands",
    "metrics": "analysis_commands",
    "path": "analysis_commands",
    "trails": "analysis_commands",
    "synth": "synth_commands",
    "crawl": "web_commands",
}


@app.callback()
def _commands() -> None:
    # A group even when one module with a single command is registered (typer would
    # otherwise run that command directly, taking its name as an argument).
    pass


def register_commands(argv: list[str]) -> None:
    """Import the module of the command ``argv`` names, or every command module."""
    module = COMMAND_MODULES.get(argv[1]) if len(argv) > 1 else None
    import_module(f"graph.cli.{module}" if module else "graph.cli.commands")


def main() -> None:
    # The command modules register on import (here, not at import time of this package,
    # so importing graph.cli has no side effects beyond the app object).
    register_commands(sys.argv)
    try:
        app()
    except CitygraphError as e:
        err_console.print(f"[bold red]error:[/] {e}", highlight=False, soft_wrap=True)
        sys.exit(1)
