"""Learning trails on synthetic networks with planted transfers: how well they are found,
and how fast.

For each size, ``citygraph synth --events N --transfers K`` plants K transfers of four
kinds (B attends A's presentation, in person or only through its country; 3 to 20 months
later presents a practice of nearly A's title or of its own words, on the same topic; two
decoys each) among the noise; the tables are loaded into the memory store, and the trails
ranked by ``find_trails`` are compared with ``transfers.csv``. A planted transfer is found
by the trail from A to B on its topic from E1 (one trail per A, B and topic: its later
event may be an earlier practice of B's on the topic, which is the same evidence):

- precision at 20: the share of the 20 strongest trails that are planted ones;
- recall in the top 50: the share of the planted transfers among the 50 strongest trails;
- per kind: its recall in the top 50, the ranks it was found at, and its precision among
  the trails of its shape (titles alike or not, B there in person or through its
  country): the share of planted ones among that shape's strongest as many as were planted.

Aims (issue 18): recall >= 0.9 in the top 50, precision >= 0.8 at 20; ``trails`` at 5,000
events under 2 s. Transfers with another title and only a shared topic are evidence like
the noise's (a city presenting later on a topic it met): they are not expected at the top.

    .venv/bin/python benchmarks/trails.py                       # 500 and 5,000 events
    .venv/bin/python benchmarks/trails.py --events 5000 --transfers 80 --repeat 5

The graph files are kept in the temporary folder and reused (``--fresh`` rebuilds them),
so later runs time only the trails: ``find_trails`` as the command asks (the strongest 50,
their evidence read) and for every trail (as the Learning trails view asks). The last line
times the command a user runs, ``citygraph trails --json``, which also reads the graph file.
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

from graph.ingest.synth import TRANSFER_KINDS, write_synthetic
from graph.read.analysis.trails import (
    COUNTRY_THERE,
    DEFAULT_TRAIL_LIMIT,
    TITLE_ALONE,
    Trail,
    find_trails,
)
from graph.store.base import WHOLE_GRAPH, Selection
from graph.store.memory import MemoryStore
from loaders.tables import read_tables

Key = tuple[str, str, str, str]  # from_city, to_city, topic, first_event


def prepared(events: int, transfers: int, seed: int, *, fresh: bool) -> tuple[Path, dict[Key, str]]:
    """The graph file and the planted transfers of ``synth`` at this size (built once), with
    their kinds."""
    folder = Path(tempfile.gettempdir()) / f"citygraph-trails-{events}-{transfers}-{seed}"
    graph_file = folder.with_suffix(".json")
    if fresh or not graph_file.exists() or not (folder / "transfers.csv").exists():
        started = time.perf_counter()
        graph_file.unlink(missing_ok=True)
        write_synthetic(folder, events=events, seed=seed, transfers=transfers)
        records = read_tables([folder])
        store = MemoryStore(path=graph_file)
        store.upsert(records.nodes.values(), records.relations.values())
        store.save()
        print(f"  built {graph_file} in {time.perf_counter() - started:.1f} s")
    with (folder / "transfers.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    if rows and "kind" not in rows[0]:
        raise SystemExit(f"{folder} was written by an older synth: run with --fresh")
    return graph_file, {
        (r["from_city"], r["to_city"], r["topic"], r["first_event"]): r["kind"] for r in rows
    }


def key(t: Trail) -> Key:
    return (t.from_city, t.to_city, t.topic or "", t.first_event)


def shape(t: Trail) -> tuple[bool, bool]:
    """A trail's evidence: titles alike, B there in person."""
    return t.title_similarity >= TITLE_ALONE, t.presence != COUNTRY_THERE


def timed(selection: Selection, limit: int | None, repeat: int) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        find_trails(selection, limit=limit)
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def measure(events: int, transfers: int, seed: int, *, repeat: int, fresh: bool) -> None:
    graph_file, planted = prepared(events, transfers, seed, fresh=fresh)
    selection = MemoryStore.open(graph_file).select(WHOLE_GRAPH)
    graph = selection.graph
    result = find_trails(selection, limit=None)
    ranked = [key(t) for t in result.trails]
    rank = {k: i for i, k in reversed(list(enumerate(ranked, 1)))}
    precision = sum(k in planted for k in ranked[:20]) / 20
    recall = len(planted.keys() & set(ranked[:50])) / len(planted)
    found_at_all = len(planted.keys() & set(ranked)) / len(planted)
    print(
        f"{events} events, {transfers} planted ({graph.number_of_nodes()} nodes, "
        f"{graph.number_of_edges()} relations): {result.found} trails"
    )
    print(
        f"  precision at 20: {precision:.2f}; recall in the top 50: {recall:.2f} "
        f"(aims 0.8 and 0.9); planted found at any rank: {found_at_all:.2f}"
    )
    shapes = [shape(t) for t in result.trails]
    for kind in TRANSFER_KINDS:
        mine = [k for k, name in planted.items() if name == kind.name]
        if not mine:
            continue
        within = [
            k for k, s in zip(ranked, shapes, strict=True) if s == (kind.alike, kind.in_person)
        ]
        top = within[: len(mine)]
        ranks = sorted(rank.get(k, 0) for k in mine)
        print(
            f"  {kind.name}: recall in the top 50 {sum(0 < r <= 50 for r in ranks) / len(mine):.2f}"
            f", precision among its shape's {len(mine)} strongest "
            f"{sum(k in planted for k in top) / len(mine):.2f}; ranks "
            + ", ".join(str(r) if r else "-" for r in ranks)
        )
    for limit, what in ((DEFAULT_TRAIL_LIMIT, "the strongest 50"), (None, "every trail")):
        wall, cpu = timed(selection, limit, repeat)
        print(
            f"  find_trails, {what}: median {wall:.3f} s wall, {cpu:.3f} s CPU over {repeat} "
            f"runs; load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}"
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
