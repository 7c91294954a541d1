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
) -> None:
    """Write a synthetic network (real cities, skewed participation) as CSV tables.

    Load it with `citygraph load DIR`; its Source nodes and events are marked synthetic.
    """
    from graph.ingest.synth import write_synthetic

    if out.exists() and not out.is_dir():
        raise fail(f"{out}: exists and is not a folder")
    started = time.perf_counter()
    summary = write_synthetic(out, events=events, seed=seed)
    took = time.perf_counter() - started
    counts = ", ".join(f"{n} {kind}" for kind, n in summary.counts.items())
    console.print(
        f"wrote {len(summary.files)} tables to {out} in {took:.1f}s: {counts}", highlight=False
    )
