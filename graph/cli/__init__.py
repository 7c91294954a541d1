"""The ``citygraph`` command: one typer app; each module here adds its commands to it.

Errors that citygraph raises on purpose (``CitygraphError``) become one line on stderr and
exit status 1; nothing else is caught, so a bug keeps its traceback.
"""

from __future__ import annotations

import sys

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


def main() -> None:
    # Import the command modules for their registrations (kept here, not at import time
    # of this package, so importing graph.cli has no side effects beyond the app object).
    from graph.cli import commands  # noqa: F401

    try:
        app()
    except CitygraphError as e:
        err_console.print(f"[bold red]error:[/] {e}", highlight=False, soft_wrap=True)
        sys.exit(1)
