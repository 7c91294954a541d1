"""Picks the loader for each input file and reads a whole load's files into one RecordSet.

Loaders know no database: they turn files into records. Every file of one load is read
before anything is written, so a load with one bad file writes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from graph.core.errors import LoadError
from graph.ingest.build import RecordSet

RECAP_SUFFIXES = frozenset({".txt", ".html", ".htm"})
TABLE_SUFFIXES = frozenset({".csv", ".json", ".yaml", ".yml"})
SUFFIXES = RECAP_SUFFIXES | TABLE_SUFFIXES


@dataclass
class LoadPlan:
    """The files one load will read, and what it passed over while walking folders."""

    recaps: list[Path] = field(default_factory=list)
    tables: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)

    @property
    def files(self) -> list[Path]:
        return [*self.tables, *self.recaps]


def plan(paths: Iterable[Path], *, exclude: Iterable[Path] = ()) -> LoadPlan:
    """Sort the named files, and the files below named folders, by loader.

    Inside folders, hidden files, files of unknown types, ``exclude`` (the store's own graph
    file) and ``NN.json`` annotations lying beside an ``NN.txt`` recap are passed over. A
    named file of an unknown type is an error.

    Raises:
        LoadError: a path does not exist, or a named file has a type no loader reads.
    """
    excluded = {p.resolve() for p in exclude}
    result = LoadPlan()
    for path in paths:
        if not path.exists():
            raise LoadError(path, "no such file or folder")
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                if _is_hidden(file.relative_to(path)) or file.resolve() in excluded:
                    continue
                if file.suffix.lower() not in SUFFIXES or _is_annotation(file):
                    result.skipped.append(file)
                else:
                    _add(result, file)
        elif path.suffix.lower() in SUFFIXES:
            _add(result, path)
        else:
            raise LoadError(
                path,
                f"no loader reads {path.suffix or 'files without a type'}; "
                f"known types: {', '.join(sorted(SUFFIXES))}",
            )
    return result


def read_paths(
    paths: Iterable[Path],
    *,
    exclude: Iterable[Path] = (),
    on_file: Callable[[Path], None] | None = None,
) -> tuple[RecordSet, LoadPlan]:
    """Read every file of one load into one RecordSet (nothing is written anywhere).

    Raises:
        LoadError: any file cannot be read; the message names the file and where.
    """
    todo = plan(paths, exclude=exclude)
    return read_plan(todo, on_file=on_file), todo


def read_plan(todo: LoadPlan, *, on_file: Callable[[Path], None] | None = None) -> RecordSet:
    """Read the files of a plan into one RecordSet; ``on_file`` is called after each file
    is read (a progress bar's step).

    Raises:
        LoadError: any file cannot be read; the message names the file and where.
    """
    from loaders.graph_json import is_node_link, read_graph_json
    from loaders.recaps import merge_same_events, read_recap
    from loaders.tables import read_tables

    records = RecordSet()
    tables = []
    for file in todo.tables:
        document = _node_link_document(file)
        if document is not None and is_node_link(document):
            records.update(read_graph_json(file, document))
            if on_file:
                on_file(file)
        else:
            tables.append(file)
    if tables:
        records.update(read_tables(tables))
        for file in tables:
            if on_file:
                on_file(file)
    for file in todo.recaps:
        records.update(read_recap(file))
        if on_file:
            on_file(file)
    return merge_same_events(records)


def _node_link_document(path: Path) -> object | None:
    """The parsed JSON when ``path`` is a JSON file that parses; the table loader reports
    every other case with its own line-precise errors."""
    if path.suffix.lower() != ".json":
        return None
    try:
        return json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None


def _add(result: LoadPlan, file: Path) -> None:
    (result.recaps if file.suffix.lower() in RECAP_SUFFIXES else result.tables).append(file)


def _is_hidden(relative: Path) -> bool:
    return any(part.startswith((".", "_")) for part in relative.parts)


def _is_annotation(file: Path) -> bool:
    return file.suffix.lower() == ".json" and any(
        file.with_suffix(s).exists() for s in RECAP_SUFFIXES
    )
