"""A Neo4j load whose server goes away part way: one clear line, the load shows as
incomplete, and running it again completes it to exactly a clean load."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import neo4j
import pytest
from bolt_server import BoltServer

from graph.core.errors import StoreError
from graph.ingest.synth import write_synthetic
from graph.store.neo4j import Neo4jStore, connect

pytestmark = pytest.mark.bolt
ROOT = Path(__file__).resolve().parents[1]


def citygraph(server: BoltServer, database: str, *args: str) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "NEO4J_URI": server.uri,
        "NEO4J_USER": "root",
        "NEO4J_PASSWORD": server.password,
        "NEO4J_DATABASE": database,
        "CITYGRAPH_BATCH_SIZE": "25",  # many small transactions: the stop lands between them
        "COLUMNS": "300",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "graph.cli", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def run(server: BoltServer, database: str, *args: str) -> tuple[int, str, str]:
    child = citygraph(server, database, *args)
    out, err = child.communicate(timeout=600)
    return child.returncode, out, err


def node_count(server: BoltServer, database: str) -> int:
    with neo4j.GraphDatabase.driver(server.uri, auth=("root", server.password)) as driver:
        records, _, _ = driver.execute_query("MATCH (n) RETURN count(n) AS n", database_=database)
        return int(records[0]["n"])


@pytest.mark.slow
def test_a_load_cut_off_by_the_server_is_incomplete_until_run_again(tmp_path: Path) -> None:
    tables = tmp_path / "network"
    write_synthetic(tables, events=150, seed=3)
    server = BoltServer.start(tmp_path / "server")
    try:
        server.create_database("clean")
        server.create_database("cut")
        code, _, err = run(server, "clean", "load", str(tables))
        assert code == 0, err
        clean = json.loads(run(server, "clean", "stats", "--json")[1])

        loading = citygraph(server, "cut", "load", str(tables))
        deadline = time.monotonic() + 300
        while node_count(server, "cut") < 200 and time.monotonic() < deadline:
            time.sleep(0.2)  # some batches are in
        server.stop()  # the server goes away part way through the load
        _, err = loading.communicate(timeout=300)
    finally:
        server.stop()
    assert loading.returncode == 1
    lines = [line for line in err.splitlines() if line.strip()]
    assert "Traceback" not in err and len(lines) == 1, err
    assert "run the same load again" in lines[0]

    # back, with what it had committed
    server = BoltServer.start(tmp_path / "server", password=server.password)
    try:
        code, out, err = run(server, "cut", "stats", "--json")
        assert code == 0, err
        cut = json.loads(out)
        (incomplete,) = cut["incomplete_loads"]
        assert incomplete["status"] == "running"  # the load could not say it failed
        assert len(incomplete["inputs"]) == len(list(tables.iterdir()))
        assert sum(cut["nodes"].values()) < sum(clean["nodes"].values())
        code, _, err = run(server, "cut", "stats")
        assert "incomplete load of" in err and "run the same load again" in err

        code, _, err = run(server, "cut", "load", str(tables))  # the same load again
        assert code == 0, err
        assert json.loads(run(server, "cut", "stats", "--json")[1]) == clean
    finally:
        server.stop()


def test_a_server_that_stops_answering_is_unreachable_after_the_deadline(
    bolt_server: BoltServer,
) -> None:
    settings = bolt_server.settings(bolt_server.create_database("t_frozen"))
    driver = connect(settings)
    pid = bolt_server._process.pid
    try:
        store = Neo4jStore(driver, database=settings.database, deadline=3)
        store.stats()  # answers while it runs
        os.kill(pid, signal.SIGSTOP)  # alive, connections open, but no answer ever
        try:
            with pytest.raises(StoreError) as caught:
                store.stats()
        finally:
            os.kill(pid, signal.SIGCONT)
    finally:
        driver.close()
    assert str(caught.value).startswith("Cannot reach Neo4j database 't_frozen': timed out.")
