"""Does a table load stay linear? ``citygraph load events.csv`` at growing row counts.

Each size runs as its own ``citygraph load --fresh`` process (so peak memory is that load's
alone, read from the child's rusage), once with clean rows and once with a row that raises
a warning on every line (``venue_country`` without ``venue_city``). Prints, per size, wall
seconds, peak resident memory, bytes per node, and the time ratio to the size before it
(linear: about 2.0 when the rows double).

    .venv/bin/python benchmarks/table_scaling.py                         # 25k 50k 100k 200k
    .venv/bin/python benchmarks/table_scaling.py --sizes 10000,20000,40000

Target (issue 12): doubling the rows at most doubles the time (within 10%), warnings or
not; a 1,000,000-row load under 3 GB.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def write_events(path: Path, rows: int, *, warn: bool) -> None:
    """``rows`` distinct events; with ``warn`` every row names a venue country but no
    venue city (a warning per row; no place is resolved either way)."""
    with path.open("w", encoding="utf-8") as f:
        f.write("title,date,venue_country,format\n")
        for i in range(rows):
            day = f"{2000 + i % 25}-{1 + i % 12:02d}-{1 + i % 28:02d}"
            f.write(f"Exchange {i},{day},{'Estonia' if warn else ''},virtual\n")


def load(events: Path, graph: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (bytes) of one ``citygraph load`` child process."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "graph.cli",
            "load",
            str(events),
            "--fresh",
            "--graph-file",
            str(graph),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "NEO4J_URI": ""},
    )
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0:
        raise SystemExit(
            f"load of {events} failed: {child.stderr.read().decode() if child.stderr else ''}"
        )
    return seconds, usage.ru_maxrss * 1024  # Linux reports KiB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="25000,50000,100000,200000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for warn in (False, True):
            before: float | None = None
            print(f"-- {'a warning on every row' if warn else 'clean rows'}")
            for rows in sizes:
                events = work / "events.csv"
                write_events(events, rows, warn=warn)
                seconds, peak = load(events, work / "graph.json")
                ratio = f"x{seconds / before:.2f}" if before else "    "
                nodes = rows + 3  # events, the source, Estonia, Tartu
                print(
                    f"{rows:>9,} rows: {seconds:6.1f} s {ratio}  peak {peak / 2**20:7.0f} MiB "
                    f"({peak / nodes / 1024:.1f} KiB per node)",
                    flush=True,
                )
                before = seconds


if __name__ == "__main__":
    main()
