"""Does a table load stay linear, and fit in memory? ``citygraph load`` and ``citygraph
stats`` at growing row counts.

The tables are a synthetic network (``citygraph synth``: events, practices, people and
speakers, about 8.3 rows an event) with the number of events chosen for each row count.
Each size runs as its own ``citygraph load --fresh`` process, then ``citygraph stats``
opens the graph it wrote, so each peak memory is that process's alone (read from the
child's rusage). Prints, per size: rows, load seconds (wall and CPU), peak memory,
the time ratio to the size before (linear: the ratio of the row counts), the graph file's
size, and the stats seconds and peak; then the machine's load average.

    .venv/bin/python benchmarks/table_scaling.py                    # 100k 300k 1M rows
    .venv/bin/python benchmarks/table_scaling.py --rows 20000,40000 --kind events

``--kind events``: one events table of distinct events (no place resolved), with a
warning on every row when ``--warn`` is given (``venue_country`` without ``venue_city``).

Targets (issue 19): a 1,000,000-row load under 2.5 GB peak; ``stats`` on it under 15 s.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROWS_PER_EVENT = 8.26  # what synth writes, measured at 121,000 events (998,843 rows)


def write_events(path: Path, rows: int, *, warn: bool) -> None:
    """``rows`` distinct events; with ``warn`` every row names a venue country but no
    venue city (a warning per row; no place is resolved either way)."""
    with path.open("w", encoding="utf-8") as f:
        f.write("title,date,venue_country,format\n")
        for i in range(rows):
            day = f"{2000 + i % 25}-{1 + i % 12:02d}-{1 + i % 28:02d}"
            f.write(f"Exchange {i},{day},{'Estonia' if warn else ''},virtual\n")


def write_network(folder: Path, rows: int) -> int:
    """A synthetic network of about ``rows`` table rows in ``folder``; its row count."""
    from graph.ingest.synth import write_synthetic

    summary = write_synthetic(folder, events=max(1, round(rows / ROWS_PER_EVENT)), seed=1)
    return sum(count for name, count in summary.counts.items() if name != "cities")


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    peak: int  # bytes


def citygraph(*args: str) -> Run:
    """Wall and CPU seconds and peak RSS of one ``citygraph`` child process."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "graph.cli", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "NEO4J_URI": ""},
    )
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    if status != 0:
        raise SystemExit(
            f"citygraph {' '.join(args)} failed: "
            f"{child.stderr.read().decode() if child.stderr else ''}"
        )
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024)  # KiB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", default="100000,300000,1000000")
    parser.add_argument("--kind", choices=("network", "events"), default="network")
    parser.add_argument("--warn", action="store_true", help="events: a warning on every row")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        before: tuple[int, float] | None = None
        print(f"-- {args.kind}{' (a warning on every row)' if args.warn else ''}", flush=True)
        for wanted in (int(s) for s in args.rows.split(",")):
            data = work / f"tables-{wanted}"
            data.mkdir()
            if args.kind == "events":
                write_events(data / "events.csv", wanted, warn=args.warn)
                rows = wanted
            else:
                rows = write_network(data, wanted)
            graph = work / f"graph-{wanted}.json"
            load = citygraph("load", str(data), "--fresh", "--graph-file", str(graph))
            stats = citygraph("stats", "--graph-file", str(graph))
            ratio = (
                f"x{load.wall / before[1]:.2f} for x{rows / before[0]:.2f} rows" if before else ""
            )
            print(
                f"{rows:>9,} rows: load {load.wall:6.1f} s (cpu {load.cpu:5.1f} s), peak "
                f"{load.peak / 2**20:6.0f} MiB {ratio}; file {graph.stat().st_size / 2**20:.0f} "
                f"MiB; stats {stats.wall:5.1f} s (cpu {stats.cpu:4.1f} s), peak "
                f"{stats.peak / 2**20:5.0f} MiB; load average {os.getloadavg()[0]:.1f}",
                flush=True,
            )
            before = (rows, load.wall)
            graph.unlink()


if __name__ == "__main__":
    main()
