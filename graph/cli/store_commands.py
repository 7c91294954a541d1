"""``load``, ``stats`` and ``export``: files into a store, and what a store holds."""

from __future__ import annotations

import json
import time
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.status import Status
from rich.table import Table
from rich.text import Text

from graph.cli import app, console, err_console
from graph.cli.options import (
    AllowNetworkOption,
    AllowPrivateOption,
    CacheOption,
    GraphFileOption,
    JsonOption,
    StoreOption,
    fetch_options,
    say_notices,
    settings_for,
    store_for,
)
from graph.core.bulk import Budget, paused_gc, physical_memory
from graph.core.settings import Settings
from graph.ingest.build import RecordSet
from graph.render import FORMATS
from graph.store import store_location
from graph.store.loading import load_records
from graph.store.lock import DEFAULT_WAIT, LockEvent
from loaders import LoadPlan, plan, read_plan


@app.command()
def load(
    paths: Annotated[list[str], typer.Argument(help="Files, folders or http(s) URLs to load.")],
    store: StoreOption = None,
    graph_file: GraphFileOption = None,
    fresh: Annotated[
        bool,
        typer.Option(
            "--fresh", help="Start from an empty graph (Neo4j: deletes the database's graph)."
        ),
    ] = False,
    cache: CacheOption = None,
    wait: Annotated[
        float,
        typer.Option(
            "--wait",
            help="Memory store: seconds to wait for another load of the same graph file.",
            min=0,
        ),
    ] = DEFAULT_WAIT,
    allow_private: AllowPrivateOption = False,
    allow_network: AllowNetworkOption = None,
    max_memory: Annotated[
        float | None,
        typer.Option(
            "--max-memory",
            help="GB of memory the load may use before it stops, writing nothing "
            "(default: 80% of this machine's).",
            min=0,
        ),
    ] = None,
    max_minutes: Annotated[
        float | None,
        typer.Option(
            "--max-minutes",
            help="Minutes the reading may take before the load stops, writing nothing.",
            min=0,
        ),
    ] = None,
) -> None:
    """Load recaps (.txt/.html, or web pages) and tables (.csv/.json/.yaml) into the graph.

    Every file is read before anything is written: when one file fails, nothing is loaded.
    Large tables show their progress (rows done, rows a second).
    """
    budget = Budget(
        seconds=max_minutes * 60 if max_minutes is not None else None,
        memory=int((max_memory or physical_memory() * 0.8 / 2**30) * 2**30),
    )
    settings = settings_for(store, graph_file)
    started = time.perf_counter()
    fetch = (  # only for URLs: the web loader's modules cost other loads a second
        fetch_options(allow_private=allow_private, allow_network=allow_network)
        if any("://" in p for p in paths)
        else None
    )
    todo = plan(paths, exclude=[settings.graph_file], cache=cache, fetch=fetch)
    load_plan(
        todo, settings, fresh=fresh, started=started, wait=wait, keep_records=False, budget=budget
    )


def load_plan(
    todo: LoadPlan,
    settings: Settings,
    *,
    fresh: bool,
    started: float,
    wait: float = DEFAULT_WAIT,
    keep_records: bool = True,
    budget: Budget | None = None,
) -> RecordSet:
    """The load flow every command shares: read the whole plan, then write it (under the
    graph file's lock, see graph.store.loading), then say what the graph holds. Returns the
    records written (after the recap merge); without ``keep_records`` their nodes and
    relations are let go once stored (a large load then holds the graph only once).
    ``budget``: the reading stops past it (BudgetError), before anything is written."""
    with paused_gc():  # millions of records that all stay alive until written
        return _load_plan(
            todo,
            settings,
            fresh=fresh,
            started=started,
            wait=wait,
            keep_records=keep_records,
            budget=budget,
        )


def _load_plan(
    todo: LoadPlan,
    settings: Settings,
    *,
    fresh: bool,
    started: float,
    wait: float,
    keep_records: bool,
    budget: Budget | None,
) -> RecordSet:
    total = len(todo.files)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        _RowsPerSecond(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("reading files", total=total, visible=total >= 5)
        rows = _RowsShown(progress, budget, [str(f) for f in todo.tables])
        records = read_plan(todo, on_file=lambda _: progress.advance(task), on_rows=rows)
    read_seconds = time.perf_counter() - started
    warnings, more_warnings = list(records.warnings), records.more_warnings
    if len(records) >= _RowsShown.SHOWN_FROM * 5:  # the writing takes a while too: say so
        err_console.print(
            f"Writing {len(records.nodes):,} nodes and {len(records.relations):,} "
            f"relationships to {store_location(settings)} ...",
            highlight=False,
        )
    reporter = _LockReporter(wait)
    try:
        outcome = load_records(
            settings, records, fresh=fresh, wait=wait, on_lock=reporter, let_go=not keep_records
        )
    finally:
        reporter.stop()
    seconds = time.perf_counter() - started
    say_notices(list(outcome.notices))
    stats = outcome.stats
    console.print(
        f"Loaded {_inputs(todo)} into {outcome.where}: {outcome.nodes} nodes and "
        f"{outcome.relationships} relationships merged in {seconds:.1f} s "
        f"(reading {read_seconds:.1f} s). The graph now holds "
        f"{sum(stats.nodes.values())} nodes and {sum(stats.relationships.values())} "
        "relationships.",
        highlight=False,
    )
    if todo.skipped:
        console.print(
            f"Passed over {len(todo.skipped)} file(s) no loader reads (e.g. {todo.skipped[0]}).",
            highlight=False,
        )
    if warnings:
        total = len(warnings) + more_warnings
        console.print(f"[yellow]{total:,} warning(s):[/]")
        for warning in warnings[:10]:
            console.print(f"  - {warning}", highlight=False, markup=False)
        if total > 10:
            console.print(
                f"  ... and {total - 10:,} more (the dashboard's Sources view lists the first "
                "ones of each file and counts the rest)"
            )
    return records


class _RowsPerSecond(ProgressColumn):
    """Rows a second, for the row tasks (files have none)."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        if not task.fields.get("rows") or speed is None:
            return Text("")
        return Text(f"{speed:,.0f} rows/s", style="progress.data.speed")


class _RowsShown:
    """The tables' progress (``loaders.tables.RowProgress``): a bar per stage once the
    tables are large enough to wait for, and the budget checked at each step."""

    SHOWN_FROM = 20_000  # rows: smaller tables are read before a bar would be drawn

    def __init__(self, progress: Progress, budget: Budget | None, tables: list[str]) -> None:
        self.progress, self.budget = progress, budget
        self.where = tables[0] if len(tables) == 1 else f"{len(tables)} tables"
        self.tasks: dict[str, TaskID] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage not in self.tasks:
            self.tasks[stage] = self.progress.add_task(
                stage, total=total, visible=total >= self.SHOWN_FROM, rows=True
            )
        self.progress.update(self.tasks[stage], completed=done)
        if self.budget is not None:
            self.budget.check(self.where, done)


def _inputs(todo: LoadPlan) -> str:
    files, pages = len(todo.files) - len(todo.pages), len(todo.pages)
    said = [f"{files} file(s)"] if files or not pages else []
    return " and ".join([*said, f"{pages} web page(s)"] if pages else said)


class _LockReporter:
    """Tells the user a load is waiting for another one, with a line of seconds waited."""

    def __init__(self, wait: float) -> None:
        self.wait = wait
        self.status: Status | None = None

    def __call__(self, event: LockEvent) -> None:
        if event.kind == "took over":
            err_console.print(f"[yellow]note:[/] {event.message}", highlight=False)
        elif self.status is None:
            err_console.print(f"{event.message} (up to {self.wait:.0f} s) ...", highlight=False)
            self.status = err_console.status("waiting")
            self.status.start()
        else:
            self.status.update(f"waited {event.waited:.0f} s of {self.wait:.0f} s")

    def stop(self) -> None:
        if self.status is not None:
            self.status.stop()


@app.command()
def stats(
    as_json: JsonOption = False, store: StoreOption = None, graph_file: GraphFileOption = None
) -> None:
    """Count nodes per label and relationships per type; name loads that did not finish."""
    target = store_for(store, graph_file)
    try:
        counts = target.stats()
        incomplete = target.incomplete_loads()
    finally:
        target.close()
    if as_json:
        data: dict[str, object] = dict(counts.as_json())
        if incomplete:  # only then: a completed load's JSON equals a clean load's
            data["incomplete_loads"] = [asdict(load) for load in incomplete]
        console.print_json(json.dumps(data))
        return
    for load in incomplete:
        err_console.print(f"[yellow]warning:[/] {load.describe()}", highlight=False)
    table = Table("kind", "name", "count", title="citygraph", title_justify="left")
    for kind, values in (("node", counts.nodes), ("relationship", counts.relationships)):
        for name, count in sorted(values.items()):
            table.add_row(kind, name, str(count))
    console.print(table)
    console.print(
        f"{sum(counts.nodes.values())} nodes, {sum(counts.relationships.values())} relationships"
    )


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", help=f"One of: {', '.join(FORMATS)}.")],
    out: Annotated[Path, typer.Option("--out", help="File to write (csv: a folder).")],
    store: StoreOption = None,
    graph_file: GraphFileOption = None,
) -> None:
    """Export the whole graph: json (node-link), graphml and gexf (Gephi), csv, png."""
    from graph.render.export import export_to  # lxml and Pillow only when exporting
    from graph.store.base import WHOLE_GRAPH

    target = store_for(store, graph_file)
    try:
        # The store's whole graph as it holds it (the memory store: no copy), written as
        # it is read (graph/render/export.py).
        written = export_to(target.select(WHOLE_GRAPH).graph, fmt, out)
    finally:
        target.close()
    console.print("Wrote " + ", ".join(str(p) for p in written), highlight=False)
