"""``citygraph synth``: write a synthetic network as tables, for demos at scale and benchmarks."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from graph.cli import app, console, fail


@app.command()
def synth(
    events: Annotated[int, typer.Option("--events", min=1, help="How many events to make.")],
    out: Annotated[Path, typer.Option("--out", help="Folder to write the tables into.")],
    seed: Annotated[
        int, typer.Option("--seed", help="Random seed: the same seed writes the same bytes.")
    ] = 1,
    transfers: Annotated[
        int,
        typer.Option(
            "--transfers",
            min=0,
            help="Plant this many learning trails among the noise; written to transfers.csv.",
        ),
    ] = 0,
) -> None:
    """Write a synthetic network (real cities, skewed participation) as CSV tables.

    Load it with `citygraph load DIR`; its Source nodes and events are marked synthetic.
    With --transfers K, K known transfers (B attends A's presentation, later presents the
    same kind of practice) are planted, and DIR/transfers.csv lists them with the graph's
    ids (from_city,to_city,topic,first_event,later_event): the answer key for `trails`.
    """
    from graph.ingest.synth import write_synthetic

    if out.exists() and not out.is_dir():
        raise fail(f"{out}: exists and is not a folder")
    if transfers > events // 10:
        raise fail(f"--transfers {transfers}: at most a tenth of the events ({events // 10})")
    started = time.perf_counter()
    summary = write_synthetic(out, events=events, seed=seed, transfers=transfers)
    took = time.perf_counter() - started
    counts = ", ".join(f"{n} {kind}" for kind, n in summary.counts.items())
    console.print(
        f"wrote {len(summary.files)} tables to {out} in {took:.1f}s: {counts}", highlight=False
    )
