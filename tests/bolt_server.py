"""A real Bolt server for the Neo4j store's tests, and the pytest fixtures around it.

Neo4j itself is not installable from the registries this project can reach; the
``arcadedb-embedded`` wheel (dev extra) runs an ArcadeDB server in a child process (its
own Java runtime, through JPype) that speaks Bolt and answers the neo4j driver as
"Neo4j/5.26.0 compatible". It is started once per test session on free loopback ports in a
temporary folder, each test module gets a database of its own, and it stops at the end.

When ``NEO4J_URI`` (and ``NEO4J_PASSWORD``) are set, the same tests also run against that
server (a real Neo4j 5). They delete everything in its database, so they refuse (skip) a
database that already holds nodes when the session starts.

Registered from tests/conftest.py with ``pytest_plugins = ["bolt_server"]``; its ``store``
fixture asks for ``empty_neo4j_store`` (and ``empty_env_neo4j_store`` when NEO4J_URI is
set). Also usable alone: ``with BoltServer.start(tmp) as server: server.create_database("x")``.
"""

from __future__ import annotations

import base64
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import neo4j
import pytest

from graph.core.settings import Neo4jSettings, Settings
from graph.store.neo4j import Neo4jStore, connect

ROOT_USER = "root"


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class BoltServer:
    """An ArcadeDB server with its Bolt plugin, running in a child process."""

    root: Path
    password: str
    bolt_port: int
    http_port: int
    _process: subprocess.Popen[bytes] = field(repr=False)

    @classmethod
    def start(
        cls, root: Path, *, heap: str = "1g", timeout: float = 300, password: str | None = None
    ) -> BoltServer:
        """Start a server whose databases live under ``root``, on free loopback ports, in a
        child process (see arcadedb_process.py for why). ``password``: the root password
        the server under ``root`` already has, to start it again (a new one otherwise)."""
        root.mkdir(parents=True, exist_ok=True)
        password = password or secrets.token_hex(12)
        bolt_port, http_port = free_port(), free_port()
        config = {
            "root": str(root),
            "password": password,
            "bolt_port": bolt_port,
            "http_port": http_port,
            "heap": heap,
        }
        log = (root / "server.log").open("wb")
        process = subprocess.Popen(
            [
                sys.executable,
                str(Path(__file__).with_name("arcadedb_process.py")),
                json.dumps(config),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            cwd=root,
        )
        server = cls(root, password, bolt_port, http_port, process)
        ready = threading.Event()

        def wait_for_ready_line() -> None:
            if process.stdout and process.stdout.readline():
                ready.set()

        threading.Thread(target=wait_for_ready_line, daemon=True).start()
        if not ready.wait(timeout):
            server.stop()
            raise RuntimeError(
                f"the ArcadeDB server did not start in {timeout:.0f} s; see {root / 'server.log'}"
            )
        return server

    @property
    def uri(self) -> str:
        return f"bolt://localhost:{self.bolt_port}"

    def settings(self, database: str | None, *, batch_size: int | None = None) -> Neo4jSettings:
        extra = {} if batch_size is None else {"batch_size": batch_size}
        return Neo4jSettings(
            uri=self.uri, user=ROOT_USER, password=self.password, database=database, **extra
        )

    def create_database(self, name: str) -> str:
        self._command(f"create database {name}")
        return name

    def drop_database(self, name: str) -> None:
        """Delete a database and free its memory (the server keeps every open one cached)."""
        self._command(f"drop database {name}")

    def _command(self, command: str) -> None:
        """A server command through the HTTP API."""
        request = urllib.request.Request(
            f"http://localhost:{self.http_port}/api/v1/server",
            data=json.dumps({"command": command}).encode(),
            headers={
                "Content-Type": "application/json",
                "Authorization": "Basic "
                + base64.b64encode(f"{ROOT_USER}:{self.password}".encode()).decode(),
            },
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()

    def cpu_seconds(self) -> float:
        """CPU time the server process has used so far (user + system, from /proc)."""
        stat = Path(f"/proc/{self._process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        """End the server process: closing its input asks it to leave; a kill follows."""
        process = self._process
        if process.stdin:
            process.stdin.close()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def __enter__(self) -> BoltServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


@dataclass
class Target:
    """Where a test module's Neo4j store lives: a driver, a database and its settings."""

    name: str
    settings: Neo4jSettings
    driver: neo4j.Driver

    def store(self, **options: Any) -> Neo4jStore:
        return Neo4jStore(self.driver, database=self.settings.database, **options)


def _database_name(module: str) -> str:
    return "t_" + re.sub(r"[^a-z0-9]", "_", module.lower())[-40:]


def _env_settings() -> Neo4jSettings | None:
    if not os.environ.get("NEO4J_URI"):
        return None
    return Settings.from_env().neo4j


@pytest.fixture(scope="session")
def bolt_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BoltServer]:
    """The session's ArcadeDB Bolt server (started on first use, stopped at the end)."""
    server = BoltServer.start(tmp_path_factory.mktemp("arcadedb"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def neo4j_target(request: pytest.FixtureRequest, bolt_server: BoltServer) -> Iterator[Target]:
    """A fresh database on the session's Bolt server for this test module."""
    database = bolt_server.create_database(_database_name(request.module.__name__))
    settings = bolt_server.settings(database)
    driver = connect(settings)
    try:
        yield Target("bolt", settings, driver)
    finally:
        driver.close()


@pytest.fixture(scope="session")
def env_neo4j_target() -> Iterator[Target]:
    """The server NEO4J_URI names (Community edition cannot make databases, so its one
    database is used), only if that database is empty: the tests wipe it."""
    settings = _env_settings()
    if settings is None:
        pytest.skip("NEO4J_URI is not set")
    driver = connect(settings)
    try:
        records, _, _ = driver.execute_query(
            "MATCH (n) RETURN count(n) AS n", database_=settings.database
        )
        if records[0]["n"]:
            pytest.skip(f"{settings.uri}: the database holds data and these tests wipe it")
        yield Target("env", settings, driver)
        Neo4jStore(driver, database=settings.database).clear()
    finally:
        driver.close()


def _empty_store(target: Target) -> Iterator[Neo4jStore]:
    store = target.store()
    store.clear()
    yield store
    store.close()


@pytest.fixture
def empty_neo4j_store(neo4j_target: Target) -> Iterator[Neo4jStore]:
    """An empty Neo4j store on the Bolt server (the module's database, cleared)."""
    yield from _empty_store(neo4j_target)


@pytest.fixture
def empty_env_neo4j_store(env_neo4j_target: Target) -> Iterator[Neo4jStore]:
    """An empty Neo4j store on the NEO4J_URI server."""
    yield from _empty_store(env_neo4j_target)
