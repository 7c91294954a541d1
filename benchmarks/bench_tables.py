"""How long ``synth`` takes to write a network, and the table loader to read it back.

Run: ``.venv/bin/python benchmarks/bench_tables.py [--events 20000] [--seed 1]``
(prints figures, asserts nothing). The gazetteer indexes of graph.ingest.resolve are built
first and timed apart, since every process pays for them once, whatever it loads.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import Counter
from pathlib import Path

from graph.ingest import resolve
from graph.ingest.synth import write_synthetic
from loaders.tables import read_table, read_tables


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "synth"
        started = time.perf_counter()
        summary = write_synthetic(out, events=args.events, seed=args.seed)
        size = sum(p.stat().st_size for p in summary.files) / 1e6
        print(
            f"synth --events {args.events}: {time.perf_counter() - started:.1f}s, "
            f"{size:.1f} MB, {summary.counts}"
        )

        started = time.perf_counter()
        resolve.city("Tartu", country_code="EE")
        resolve.country("Estonia")
        print(f"resolve indexes (once per process): {time.perf_counter() - started:.1f}s")

        started = time.perf_counter()
        records = read_tables([out])
        labels = Counter(n.label.value for n in records.nodes.values())
        print(
            f"read_tables: {time.perf_counter() - started:.1f}s, {len(records.nodes)} nodes "
            f"{dict(labels)}, {len(records.relations)} relations"
        )

        big = Path(tmp) / "cities.json"  # a 5 MB table on one line
        rows = [
            {"name": "Tartu", "country": "Estonia", "names": [f"T{i}" for i in range(500)]}
            for _ in range(1300)
        ]
        big.write_text(json.dumps(rows))
        started = time.perf_counter()
        read_table(big)
        print(f"5 MB one-line JSON table: {time.perf_counter() - started:.2f}s")


if __name__ == "__main__":
    main()
