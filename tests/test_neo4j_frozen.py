"""A Bolt server that freezes (SIGSTOP: connections stay open, nothing answers) ends a
load in one line after NEO4J_TIMEOUT, closing included, and the dashboard says so."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import neo4j
import pytest
from bolt_server import BoltServer
from streamlit.testing.v1 import AppTest

from graph.ingest.synth import write_synthetic

pytestmark = pytest.mark.bolt
ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = "4"  # NEO4J_TIMEOUT for these tests, in seconds


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BoltServer]:
    """A server of this module's own: freezing the session's would stall other tests."""
    with BoltServer.start(tmp_path_factory.mktemp("frozen-server")) as started:
        yield started


@contextmanager
def frozen(server: BoltServer) -> Iterator[None]:
    pid = server._process.pid
    os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.kill(pid, signal.SIGCONT)


def env(server: BoltServer, database: str) -> dict[str, str]:
    return {
        "NEO4J_URI": server.uri,
        "NEO4J_USER": "root",
        "NEO4J_PASSWORD": server.password,
        "NEO4J_DATABASE": database,
        "NEO4J_TIMEOUT": TIMEOUT,
    }


def node_count(server: BoltServer, database: str) -> int:
    with neo4j.GraphDatabase.driver(server.uri, auth=("root", server.password)) as driver:
        records, _, _ = driver.execute_query("MATCH (n) RETURN count(n) AS n", database_=database)
        return int(records[0]["n"])


def test_a_load_on_a_server_that_freezes_ends_in_one_line(
    server: BoltServer, tmp_path: Path
) -> None:
    tables = tmp_path / "network"
    write_synthetic(tables, events=150, seed=3)
    database = server.create_database("loading")
    loading = subprocess.Popen(
        [sys.executable, "-m", "graph.cli", "load", str(tables)],
        cwd=ROOT,
        env={
            **os.environ,
            **env(server, database),
            "CITYGRAPH_BATCH_SIZE": "25",  # many small transactions: the freeze lands in one
            "COLUMNS": "300",
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 300
    while node_count(server, database) < 200 and time.monotonic() < deadline:
        time.sleep(0.2)  # some batches are in
    with frozen(server):
        # Before: silent after 600 s. Now NEO4J_TIMEOUT (4 s), then closing let go.
        _, err = loading.communicate(timeout=120)
    assert loading.returncode == 1
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in err, err
    assert "timed out" in lines[0] and "run the same load again" in lines[0]


def test_the_dashboard_on_a_frozen_server_gives_up_with_a_message(
    server: BoltServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = server.create_database("viewing")
    for name, value in env(server, database).items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("CITYGRAPH_ADMIN_PASSWORD", raising=False)
    with frozen(server):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not at.exception, [e.value for e in at.exception]
    message = at.error[0].value
    assert "Cannot reach Neo4j" in message and "timed out" in message
