"""Learning trails on synthetic networks with planted transfers: how well they are found,
and how fast.

For each size, ``citygraph synth --events N --transfers K`` plants K transfers (B attends
A's presentation, 3 to 20 months later presents the same kind of practice; two decoys
each) among the noise; the tables are loaded into the memory store, and the trails ranked
by ``find_trails`` are compared with ``transfers.csv``:

- precision at 20: the share of the 20 strongest trails that are planted ones;
- recall in the top 50: the share of the planted transfers among the 50 strongest trails.

Aims (issue 18): recall >= 0.9 in the top 50, precision >= 0.8 at 20; ``trails`` at 5,000
events under 2 s.

    .venv/bin/python benchmarks/trails.py                       # 500 and 5,000 events
    .venv/bin/python benchmarks/trails.py --events 5000 --transfers 50 --repeat 5

The graph files are kept in the temporary folder and reused (``--fresh`` rebuilds them),
so later runs time only the trails. The last line times the command a user runs,
``citygraph trails --json``, which also reads the graph file.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from graph.ingest.synth import write_synthetic
from graph.read.analysis.trails import find_trails
from graph.store.base import WHOLE_GRAPH
from graph.store.memory import MemoryStore
from loaders.tables import read_tables

Key = tuple[str, ...]


def prepared(events: int, transfers: int, seed: int, *, fresh: bool) -> tuple[Path, set[Key]]:
    """The graph file and the planted transfers of ``synth`` at this size (built once)."""
    folder = Path(tempfile.gettempdir()) / f"citygraph-trails-{events}-{transfers}-{seed}"
    graph_file = folder.with_suffix(".json")
    if fresh or not graph_file.exists():
        started = time.perf_counter()
        write_synthetic(folder, events=events, seed=seed, transfers=transfers)
        records = read_tables([folder])
        store = MemoryStore(path=graph_file)
        store.upsert(records.nodes.values(), records.relations.values())
        store.save()
        print(f"  built {graph_file} in {time.perf_counter() - started:.1f} s")
    with (folder / "transfers.csv").open(encoding="utf-8") as f:
        planted = {tuple(row.values()) for row in csv.DictReader(f)}
    return graph_file, planted


def measure(events: int, transfers: int, seed: int, *, repeat: int, fresh: bool) -> None:
    graph_file, planted = prepared(events, transfers, seed, fresh=fresh)
    selection = MemoryStore.open(graph_file).select(WHOLE_GRAPH)
    graph = selection.graph
    walls, cpus = [], []
    result = None
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        result = find_trails(selection, limit=None)
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    assert result is not None
    ranked = [
        (t.from_city, t.to_city, t.topic or "", t.first_event, t.later_event) for t in result.trails
    ]
    precision = sum(k in planted for k in ranked[:20]) / 20
    recall = len(planted & set(ranked[:50])) / len(planted)
    found_at_all = len(planted & set(ranked)) / len(planted)
    print(
        f"{events} events, {transfers} planted ({graph.number_of_nodes()} nodes, "
        f"{graph.number_of_edges()} relations): {result.found} trails"
    )
    print(
        f"  precision at 20: {precision:.2f}; recall in the top 50: {recall:.2f} "
        f"(aims 0.8 and 0.9); planted found at any rank: {found_at_all:.2f}"
    )
    missed = [k for k in planted if k not in set(ranked[:50])]
    for key in missed[:3]:
        rank = ranked.index(key) + 1 if key in ranked else None
        print(f"  not in the top 50: {key} (rank {rank})")
    print(
        f"  find_trails: median {statistics.median(walls):.3f} s wall, "
        f"{statistics.median(cpus):.3f} s CPU over {repeat} runs; load average "
        f"{', '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    started = time.perf_counter()
    subprocess.run(
        [
            Path(sys.executable).with_name("citygraph"),
            "trails",
            "--json",
            "--graph-file",
            str(graph_file),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    print(
        f"  citygraph trails --json (reading the graph file included): "
        f"{time.perf_counter() - started:.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, nargs="*", default=[500, 5000])
    parser.add_argument("--transfers", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--fresh", action="store_true")
    args = parser.parse_args()
    for events in args.events:
        measure(events, args.transfers, args.seed, repeat=args.repeat, fresh=args.fresh)


if __name__ == "__main__":
    main()
