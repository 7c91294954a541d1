"""How fast does a load go into each store? Batched UNWIND MERGE against one MERGE per row.

Loads ``citygraph synth`` networks of 1,000, 5,000 and 20,000 events into the memory store
and into a Bolt server (the ArcadeDB one the tests use, started here on free loopback
ports, or the server ``--uri`` names), and, on the same server in the same run, the
hand-written baseline a user would write: one auto-commit MERGE per node and per
relationship, with the same constraints, on a sample of each network. Prints rows per
second for each and the ratios, then one JSON object (the last line).

    .venv/bin/python benchmarks/ingest.py                     # 1000, 5000, 20000 events
    .venv/bin/python benchmarks/ingest.py --events 5000 --batch-sizes 100,500,1000,2000,5000

Also the whole ``citygraph load --store neo4j`` command on the same tables, against the same
baseline (``--profile FILE`` runs it under cProfile, to see where its time goes).

Targets: at 5,000 events the store's rows/s at least 10x the baseline's (issue 4), the
whole command's at least 8x (issue 19).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import neo4j

from graph.core.model import label_of
from graph.core.settings import DEFAULT_BATCH_SIZE, Neo4jSettings
from graph.ingest.build import RecordSet
from graph.ingest.synth import write_synthetic
from graph.store.memory import MemoryStore
from graph.store.neo4j import Neo4jStore, connect, flatten_properties
from loaders import read_paths

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from bolt_server import BoltServer

# The baseline: what a user writes by hand, one statement and one auto-commit per row.
BASELINE_NODE = "MERGE (n:`{label}` {{id: $id}}) SET n += $props, n.sources = $sources"
BASELINE_RELATION = (
    "MATCH (a:`{start}` {{id: $start}}) MATCH (b:`{end}` {{id: $end}}) "
    "MERGE (a)-[r:`{type}`]->(b) SET r += $props, r.sources = $sources"
)


def synthetic_tables(events: int, seed: int, work: Path) -> Path:
    out = work / f"synth-{events}-{seed}"
    if not out.exists():
        write_synthetic(out, events=events, seed=seed)
    return out


def synthetic_records(events: int, seed: int, work: Path) -> RecordSet:
    records, _ = read_paths([synthetic_tables(events, seed, work)])
    return records


def command_load(
    server: Server, tables: Path, *, batch_size: int, profile: Path | None
) -> tuple[float, float]:
    """Wall and CPU seconds (citygraph's and the server's) of the whole ``citygraph load
    --store neo4j`` command (reading the tables, building records, load markers, batches)
    into a fresh database; with ``profile``, under cProfile writing there."""
    driver, database = server.database()
    settings = server.settings(database)
    env = {
        **os.environ,
        "NEO4J_URI": settings.uri,
        "NEO4J_USER": settings.user,
        "NEO4J_PASSWORD": settings.password,
        "NEO4J_DATABASE": database or "",
        "CITYGRAPH_BATCH_SIZE": str(batch_size),
    }
    profiled = ["-m", "cProfile", "-o", str(profile)] if profile else []
    try:
        cpu_before = server.bolt.cpu_seconds() if server.bolt else 0.0
        started = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, *profiled, "-m", "graph.cli", "load", str(tables), "--store", "neo4j"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        if status != 0:
            raise SystemExit(f"citygraph load failed: {child.stderr.read().decode()}")  # type: ignore[union-attr]
        cpu = usage.ru_utime + usage.ru_stime
        cpu += (server.bolt.cpu_seconds() if server.bolt else 0.0) - cpu_before
    finally:
        server.release(driver, database)
    return seconds, cpu


def timed(fn: Callable[[], Any], server: BoltServer | None = None) -> tuple[float, float]:
    """Wall seconds, and CPU seconds of this process plus the Bolt server's process: CPU
    time shows the cost when other jobs share the machine."""

    def cpu() -> float:
        return time.process_time() + (server.cpu_seconds() if server else 0.0)

    started, cpu_before = time.perf_counter(), cpu()
    fn()
    return time.perf_counter() - started, cpu() - cpu_before


def sample(records: RecordSet, rows: int) -> RecordSet:
    """About ``rows`` rows: the first nodes, and the relations among them."""
    part = RecordSet()
    for node in list(records.nodes.values())[: rows * 2 // 5]:
        part.add_node(node)
    for rel in records.relations.values():
        if len(part) >= rows:
            break
        if rel.start in part.nodes and rel.end in part.nodes:
            part.add_relation(rel)
    return part


def baseline_load(driver: neo4j.Driver, database: str | None, records: RecordSet) -> None:
    """One auto-commit MERGE per node, then per relation (constraints already made)."""
    with driver.session(database=database) as session:
        for node in records.nodes.values():
            props = flatten_properties(node.properties)
            session.run(
                BASELINE_NODE.format(label=node.label.value),
                id=node.id,
                props=props,
                sources=list(node.sources),
            ).consume()
        for rel in records.relations.values():
            query = BASELINE_RELATION.format(
                start=label_of(rel.start), end=label_of(rel.end), type=rel.type.value
            )
            session.run(
                query,
                start=rel.start,
                end=rel.end,
                props=flatten_properties(rel.properties),
                sources=list(rel.sources),
            ).consume()


class Server:
    """Fresh databases on the benchmark's Bolt server."""

    def __init__(self, uri: str | None, work: Path) -> None:
        self.bolt = None if uri else BoltServer.start(work / "arcadedb", heap="3g")
        self.uri = uri
        self.count = 0

    def release(self, driver: neo4j.Driver, database: str | None) -> None:
        """Close the driver and drop the database, so one load's data does not weigh on
        the next (the embedded server keeps open databases in its heap)."""
        driver.close()
        if self.bolt is not None and database is not None:
            self.bolt.drop_database(database)

    def database(self) -> tuple[neo4j.Driver, str | None]:
        self.count += 1
        if self.bolt is not None:
            name = self.bolt.create_database(f"bench_{self.count}")
            return connect(self.bolt.settings(name)), name
        settings = self.settings(None)
        driver = connect(settings)
        Neo4jStore(driver, database=settings.database).clear()  # a real server: one database
        return driver, settings.database

    def settings(self, database: str | None) -> Neo4jSettings:
        if self.bolt is not None:
            return self.bolt.settings(database)
        return Neo4jSettings(
            self.uri or "",
            os.environ.get("NEO4J_USER", "neo4j"),
            os.environ["NEO4J_PASSWORD"],
            os.environ.get("NEO4J_DATABASE"),
        )

    def stop(self) -> None:
        if self.bolt is not None:
            self.bolt.stop()


def run_size(
    server: Server,
    records: RecordSet,
    *,
    batch_size: int,
    baseline_rows: int,
    events: int,
    tables: Path,
    profile: Path | None,
) -> dict[str, Any]:
    rows = len(records)
    memory_s, _ = timed(
        lambda: MemoryStore().upsert(records.nodes.values(), records.relations.values())
    )
    driver, database = server.database()
    try:
        store = Neo4jStore(driver, database=database, batch_size=batch_size)
        store.ensure_constraints()
        neo_s, neo_cpu = timed(
            lambda: store.upsert(records.nodes.values(), records.relations.values()),
            server.bolt,
        )
        first = store.stats()
        again_s, _ = timed(lambda: store.upsert(records.nodes.values(), records.relations.values()))
        unchanged = store.stats() == first
        expected = MemoryStore()
        expected.upsert(records.nodes.values(), records.relations.values())
        agrees = first.as_json() == expected.stats().as_json()
    finally:
        server.release(driver, database)
    part = sample(records, baseline_rows)
    driver, database = server.database()
    try:
        Neo4jStore(driver, database=database).ensure_constraints()  # the same constraints
        base_s, base_cpu = timed(lambda: baseline_load(driver, database, part), server.bolt)
    finally:
        server.release(driver, database)
    # Last, so that it meets the server as warm as the store's own upsert did.
    command_s, command_cpu = command_load(server, tables, batch_size=batch_size, profile=profile)
    result = {
        "events": events,
        "rows": rows,
        "memory_rows_per_s": round(rows / memory_s),
        "neo4j_rows_per_s": round(rows / neo_s),
        "neo4j_seconds": round(neo_s, 2),
        "neo4j_reload_rows_per_s": round(rows / again_s),
        "baseline_rows": len(part),
        "baseline_rows_per_s": round(len(part) / base_s),
        "neo4j_rows_per_cpu_s": round(rows / neo_cpu),
        "baseline_rows_per_cpu_s": round(len(part) / base_cpu),
        "reload_leaves_counts_unchanged": unchanged,
        "stats_agree_with_memory": agrees,
    }
    result["command_seconds"] = round(command_s, 2)
    result["command_rows_per_s"] = round(rows / command_s)
    result["command_vs_baseline"] = round(
        result["command_rows_per_s"] / result["baseline_rows_per_s"], 1
    )
    result["command_vs_baseline_cpu"] = round(
        rows / command_cpu / result["baseline_rows_per_cpu_s"], 1
    )
    result["neo4j_vs_baseline"] = round(
        result["neo4j_rows_per_s"] / result["baseline_rows_per_s"], 1
    )
    result["neo4j_vs_baseline_cpu"] = round(
        result["neo4j_rows_per_cpu_s"] / result["baseline_rows_per_cpu_s"], 1
    )
    result["memory_vs_neo4j"] = round(result["memory_rows_per_s"] / result["neo4j_rows_per_s"], 1)
    return result


def sweep(server: Server, records: RecordSet, sizes: list[int]) -> dict[int, int]:
    """Rows per second of the store at each batch size (a fresh database each)."""
    found = {}
    for size in sizes:
        driver, database = server.database()
        try:
            store = Neo4jStore(driver, database=database, batch_size=size)
            store.ensure_constraints()
            seconds, _ = timed(
                partial(store.upsert, records.nodes.values(), records.relations.values())
            )
        finally:
            server.release(driver, database)
        found[size] = round(len(records) / seconds)
        print(f"  batch size {size:>5}: {found[size]:>7} rows/s", flush=True)
    return found


def warm_up(server: Server, records: RecordSet) -> None:
    """An untimed load first: the server's JIT and caches warm up before any figure."""
    driver, database = server.database()
    try:
        Neo4jStore(driver, database=database).upsert(
            records.nodes.values(), records.relations.values()
        )
        baseline_load(driver, database, sample(records, 300))
    finally:
        server.release(driver, database)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", default="1000,5000,20000")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    parser.add_argument("--batch-sizes", default="", help="also sweep these at the middle size")
    parser.add_argument("--baseline-rows", type=int, default=2000)
    parser.add_argument("--uri", default=None, help="a real Neo4j (NEO4J_PASSWORD from env)")
    parser.add_argument(
        "--profile", type=Path, default=None, help="cProfile the load command into this file"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        server = Server(args.uri, work)
        results, swept = [], {}
        try:
            sizes = [int(n) for n in args.events.split(",")]
            warm_up(server, synthetic_records(200, args.seed + 1, work))
            for events in sizes:
                records = synthetic_records(events, args.seed, work)
                print(
                    f"{events} events: {len(records.nodes)} nodes, "
                    f"{len(records.relations)} relationships",
                    flush=True,
                )
                if args.batch_sizes and events == sizes[len(sizes) // 2]:
                    swept = sweep(server, records, [int(n) for n in args.batch_sizes.split(",")])
                r = run_size(
                    server,
                    records,
                    batch_size=args.batch_size,
                    baseline_rows=args.baseline_rows,
                    events=events,
                    tables=synthetic_tables(events, args.seed, work),
                    profile=args.profile,
                )
                print(
                    f"  memory {r['memory_rows_per_s']:>8} rows/s | neo4j (UNWIND, batch "
                    f"{args.batch_size}) {r['neo4j_rows_per_s']:>7} rows/s "
                    f"({r['neo4j_seconds']} s; reload {r['neo4j_reload_rows_per_s']}) | "
                    f"baseline (MERGE per row, {r['baseline_rows']} rows) "
                    f"{r['baseline_rows_per_s']:>5} rows/s | neo4j/baseline "
                    f"{r['neo4j_vs_baseline']}x (per CPU second {r['neo4j_vs_baseline_cpu']}x) | "
                    f"citygraph load --store neo4j {r['command_rows_per_s']} rows/s "
                    f"({r['command_seconds']} s), /baseline {r['command_vs_baseline']}x "
                    f"(per CPU second {r['command_vs_baseline_cpu']}x) | "
                    f"memory/neo4j {r['memory_vs_neo4j']}x | "
                    f"reload unchanged: {r['reload_leaves_counts_unchanged']} | "
                    f"stats = memory: {r['stats_agree_with_memory']}",
                    flush=True,
                )
                results.append(r)
        finally:
            server.stop()
    server_name = args.uri or "arcadedb-embedded Bolt (Neo4j 5.26-compatible)"
    print(
        json.dumps(
            {
                "server": server_name,
                "batch_size": args.batch_size,
                "batch_size_sweep": swept,
                "sizes": results,
            }
        )
    )


if __name__ == "__main__":
    main()
