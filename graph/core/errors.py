"""One exception root for everything citygraph raises on purpose.

The CLI and the dashboard turn a ``CitygraphError`` into one readable line; anything
else is a bug and keeps its traceback.
"""

from __future__ import annotations

from pathlib import Path


class CitygraphError(Exception):
    """Root of every error citygraph raises for bad input, settings or servers."""


class ConfigError(CitygraphError):
    """A setting is missing or invalid (names the variable or option)."""


class LoadError(CitygraphError):
    """An input file cannot be loaded; says which file, and where in it.

    >>> str(LoadError("data/events.csv", "invalid date '31.02.2021'", line=4, field="date"))
    "data/events.csv:4: field 'date': invalid date '31.02.2021'"
    """

    def __init__(
        self,
        path: str | Path,
        message: str,
        *,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.path = str(path)
        self.line = line
        self.field = field
        self.message = message
        where = self.path if line is None else f"{self.path}:{line}"
        what = message if field is None else f"field '{field}': {message}"
        super().__init__(f"{where}: {what}")


class StoreError(CitygraphError):
    """A graph store failed (an unreachable server, a broken graph file...)."""


class GraphFileError(StoreError):
    """A graph file that is not a citygraph graph: names the file and what is wrong.

    >>> str(GraphFileError(Path("data/graph.json"), "truncated after line 3"))
    'data/graph.json: not a readable citygraph graph file: truncated after line 3'
    """

    def __init__(self, path: Path, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: not a readable citygraph graph file: {problem}")


class BudgetError(CitygraphError):
    """A load stopped at its time or memory budget, before anything was written."""
