"""Peer finder and metrics on a synthetic network: are they fast enough for the dashboard?

Targets (issue 6): peers for one city in under a second, all metrics in under ten seconds,
on ``synth --events 5000`` loaded into the memory store.

    .venv/bin/python benchmarks/analysis.py                  # 5000 events, seed 7
    .venv/bin/python benchmarks/analysis.py --events 500 --graph-file /tmp/synth500.json

The synthetic tables are written and loaded once into ``--graph-file`` (reused when it
exists; ``--fresh`` rebuilds it), so later runs time only the analysis.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from graph.read.analysis import build_index, city_path, compute_metrics, find_peers, per_year
from graph.read.analysis.peers import PeerScope
from graph.store.base import WHOLE_GRAPH
from graph.store.memory import MemoryStore


def timed(fn: Callable[[], Any], *, repeat: int = 1) -> tuple[Any, float, float]:
    """The result, the median wall time and the median CPU time of this process, in
    seconds, over ``repeat`` runs (CPU time shows the cost when other jobs share the
    machine and stretch the wall time)."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return result, statistics.median(walls), statistics.median(cpus)


def load_synthetic(events: int, seed: int, graph_file: Path, *, fresh: bool) -> MemoryStore:
    if graph_file.exists() and not fresh:
        return MemoryStore.open(graph_file)
    from graph.ingest.synth import write_synthetic
    from loaders import read_paths

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        write_synthetic(Path(tmp), events=events, seed=seed)
        records, _ = read_paths([Path(tmp)])
        print(
            f"wrote and read synth --events {events} --seed {seed} in "
            f"{time.perf_counter() - started:.1f} s"
        )
    store = MemoryStore(path=graph_file)
    store.upsert(records.nodes.values(), records.relations.values())
    store.save()
    return store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--graph-file", type=Path, default=None)
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    graph_file = args.graph_file or Path(tempfile.gettempdir()) / (
        f"citygraph-synth-{args.events}-{args.seed}.json"
    )
    store = load_synthetic(args.events, args.seed, graph_file, fresh=args.fresh)
    selection, copy_s, _ = timed(lambda: store.select(WHOLE_GRAPH))
    graph = selection.graph
    stats = store.stats()
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(stats.nodes.items()))
    print(
        f"graph: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} relationships "
        f"({kinds}); select(WHOLE_GRAPH) {copy_s:.2f} s"
    )
    print("times: median wall seconds (median CPU seconds of this process)")

    index, wall, cpu = timed(lambda: build_index(graph), repeat=args.repeat)
    print(f"build_index: {wall:.3f} ({cpu:.3f})")
    busiest = max(index.city_practices, key=lambda c: (len(index.city_practices[c]), c))
    quiet = min(index.city_practices, key=lambda c: (len(index.city_practices[c]), c))
    for label, city in (("the busiest city", busiest), ("a one-practice city", quiet)):
        result, wall, cpu = timed(partial(find_peers, selection, city=city), repeat=args.repeat)
        print(
            f"peers of {label}, {graph.nodes[city]['name']} "
            f"({len(index.city_practices[city])} practices; {result.candidates} candidates): "
            f"{wall:.3f} ({cpu:.3f}); target < 1 s, index included"
        )
    topic = max(index.topic_cities, key=lambda t: len(index.topic_cities[t]))
    _, wall, cpu = timed(lambda: find_peers(selection, topics=[topic]), repeat=args.repeat)
    print(
        f"peers on the commonest topic, {topic} ({len(index.topic_cities[topic])} cities): "
        f"{wall:.3f} ({cpu:.3f})"
    )

    # The dashboard's Peer finder with the sidebar's countries and dates: the store's
    # selections for them (PeerScope.of) are part of the cost.
    codes = sorted({str(graph.nodes[c].get("country_code")) for c in index.city_practices})[:3]
    since = date((index.newest_date or date.today()).year - 4, 1, 1)
    result, wall, cpu = timed(
        lambda: find_peers(
            PeerScope.of(store.select, countries=codes, date_from=since), city=busiest
        ),
        repeat=args.repeat,
    )
    print(
        f"peers of the busiest city in {', '.join(codes)} since {since} "
        f"({result.candidates} candidates): {wall:.3f} ({cpu:.3f}); the selections included"
    )

    metrics, m_wall, m_cpu = timed(lambda: compute_metrics(selection))
    sizes = metrics.sizes
    print(
        f"compute_metrics: {m_wall:.2f} ({m_cpu:.2f}) on {sizes['nodes']} nodes / "
        f"{sizes['edges']} links, projection {sizes['cities']} cities / "
        f"{sizes['city_links']} links; {len(metrics.communities)} communities"
    )
    for note in metrics.notes:
        print(f"  note: {note}")
    _, c_wall, c_cpu = timed(lambda: compute_metrics(selection, per_node=False))
    print(f"  of which the city table alone (citygraph metrics): {c_wall:.2f} ({c_cpu:.2f})")
    timeline, y_wall, y_cpu = timed(lambda: per_year(selection))
    print(f"per_year: {y_wall:.3f} ({y_cpu:.3f}), {len(timeline.years)} years")
    print(
        f"all metrics (compute_metrics + per_year): {m_wall + y_wall:.2f} "
        f"({m_cpu + y_cpu:.2f}); target < 10 s"
    )
    other = quiet if quiet != busiest else next(iter(index.city_practices))
    path, wall, cpu = timed(lambda: city_path(selection, busiest, other))
    print(f"city_path: {wall:.3f} ({cpu:.3f}), {path.hops if path else 'no'} hops")


if __name__ == "__main__":
    main()
