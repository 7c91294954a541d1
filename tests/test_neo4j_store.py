"""What is particular to the Neo4j store, against a real Bolt server (see bolt_server.py):
one-line connection errors, batching, the property rule, and the rerun guarantee."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import neo4j
import pytest
from bolt_server import BoltServer, Target, free_port
from graph_fixtures import SRC_B, VIENNA, nodes, relations
from neo4j.exceptions import ServiceUnavailable

from graph.core.errors import ConfigError, StoreError
from graph.core.model import Label, Node
from graph.store import cypher
from graph.store.memory import MemoryStore
from graph.store.neo4j import Neo4jStore, connect, flatten_properties
from loaders import read_paths

pytestmark = pytest.mark.bolt
ROOT = Path(__file__).resolve().parents[1]
# The CLI of this checkout (run from ROOT), not whatever the installed script imports.
CITYGRAPH = [sys.executable, "-m", "graph.cli"]


@pytest.fixture
def fresh(neo4j_target: Target) -> Iterator[Target]:
    Neo4jStore(neo4j_target.driver, database=neo4j_target.settings.database).clear()
    yield neo4j_target


def reference() -> MemoryStore:
    store = MemoryStore()
    store.upsert(nodes(), relations())
    return store


def edges(store: Any) -> dict[tuple[str, str, str], dict[str, Any]]:
    return {(u, v, k): d for u, v, k, d in store.to_networkx().edges(keys=True, data=True)}


def same_graph(store: Any, other: Any) -> bool:
    a, b = store.to_networkx(), other.to_networkx()
    return dict(a.nodes(data=True)) == dict(b.nodes(data=True)) and edges(store) == edges(other)


# -- connecting ------------------------------------------------------------------------------------
def test_unreachable_server_is_one_line_saying_what_to_do(bolt_server: BoltServer) -> None:
    settings = bolt_server.settings(None)
    port = free_port()
    unreachable = type(settings)(f"bolt://localhost:{port}", "root", "x", None)
    with pytest.raises(StoreError) as caught:
        connect(unreachable)
    assert str(caught.value) == (
        f"Cannot reach Neo4j at bolt://localhost:{port}: connection refused. "
        "Start Neo4j or unset NEO4J_URI to use the embedded store."
    )


def test_reads_from_a_server_that_went_away_are_one_line() -> None:
    driver = neo4j.GraphDatabase.driver(  # the driver retries for 1 s instead of 15
        f"bolt://localhost:{free_port()}", auth=("u", "p"), max_transaction_retry_time=1.0
    )
    try:
        store = Neo4jStore(driver, database="gone")
        with pytest.raises(StoreError) as caught:
            store.stats()
    finally:
        driver.close()
    assert str(caught.value) == (
        "Cannot reach Neo4j database 'gone': connection refused. "
        "Start Neo4j or unset NEO4J_URI to use the embedded store."
    )


def test_wrong_password_and_missing_database_are_one_line(bolt_server: BoltServer) -> None:
    good = bolt_server.settings(None)
    wrong = type(good)(good.uri, good.user, "not-the-password", None)
    with pytest.raises(StoreError, match=r"refused user 'root': check NEO4J_USER") as caught:
        connect(wrong)
    assert "\n" not in str(caught.value)
    with pytest.raises(StoreError, match=r"has no database 'no_such_db'") as caught:
        connect(bolt_server.settings("no_such_db"))
    assert "\n" not in str(caught.value)


def test_a_uri_that_is_not_neo4j_says_which_schemes_work() -> None:
    from graph.core.settings import Neo4jSettings

    with pytest.raises(ConfigError, match=r"NEO4J_URI 'http://localhost:7474' .*bolt://"):
        connect(Neo4jSettings("http://localhost:7474", "neo4j", "x", None))


def test_cli_prints_one_line_without_traceback_when_neo4j_is_down(tmp_path: Path) -> None:
    env = {**os.environ, "NEO4J_URI": f"bolt://localhost:{free_port()}", "NEO4J_PASSWORD": "x"}
    done = subprocess.run(
        [*CITYGRAPH, "stats", "--store", "neo4j"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Cannot reach Neo4j at bolt://localhost:" in lines[0]


# -- writes ----------------------------------------------------------------------------------------
def test_constraints_on_every_label_come_first(fresh: Target) -> None:
    store = fresh.store()
    store.upsert([], [])
    records, _, _ = fresh.driver.execute_query(
        "SHOW CONSTRAINTS", database_=fresh.settings.database
    )
    constrained = {(tuple(r["labelsOrTypes"]), tuple(r["properties"])) for r in records}
    assert {((label.value,), ("id",)) for label in Label} <= constrained


class CountingDriver:
    """The real driver, counting write transactions; after ``fail_after`` of them the
    server 'goes away' (every further write raises ServiceUnavailable)."""

    def __init__(self, driver: Any, fail_after: int | None = None) -> None:
        self.driver = driver
        self.fail_after = fail_after
        self.writes = 0

    def session(self, **config: Any) -> Any:
        outer = self

        class Session:
            def __init__(self) -> None:
                self.inner = outer.driver.session(**config)

            def __enter__(self) -> Session:
                return self

            def __exit__(self, *exc: object) -> None:
                self.inner.close()

            def close(self) -> None:
                self.inner.close()

            def run(self, *args: Any, **kwargs: Any) -> Any:
                return self.inner.run(*args, **kwargs)

            def execute_write(self, work: Any, *args: Any) -> Any:
                if outer.fail_after is not None and outer.writes >= outer.fail_after:
                    raise ServiceUnavailable("connection to the server lost")
                outer.writes += 1
                return self.inner.execute_write(work, *args)

        return Session()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.driver, name)


def test_one_transaction_per_batch_grouped_by_label_and_type(fresh: Target) -> None:
    counting = CountingDriver(fresh.driver)
    store = Neo4jStore(counting, database=fresh.settings.database, batch_size=2)  # type: ignore[arg-type]
    summary = store.upsert(nodes(), relations())
    by_label: dict[str, int] = {}
    for node in nodes():
        by_label[node.label] = by_label.get(node.label, 0) + 1
    by_group: dict[tuple[str, str, str], int] = {}
    for rel in relations():
        key = (rel.type, rel.start.split(":")[0], rel.end.split(":")[0])
        by_group[key] = by_group.get(key, 0) + 1
    expected = sum((n + 1) // 2 for n in [*by_label.values(), *by_group.values()])
    assert counting.writes == expected
    assert (summary.nodes, summary.relationships) == (len(nodes()), len(relations()))
    assert same_graph(store, reference())


def test_batch_size_does_not_change_the_graph(fresh: Target) -> None:
    one_by_one = fresh.store(batch_size=1)
    one_by_one.upsert(nodes(), relations())
    assert same_graph(one_by_one, reference())
    fresh.store(batch_size=1000).upsert(nodes(), relations())
    assert same_graph(one_by_one, reference())


def test_a_load_that_fails_part_way_completes_when_run_again(fresh: Target) -> None:
    database = fresh.settings.database
    counting = CountingDriver(fresh.driver, fail_after=6)
    # The real driver, counting: it stands in for one (it has the calls the store makes).
    failing = Neo4jStore(cast(neo4j.Driver, counting), database=database, batch_size=3)
    with pytest.raises(StoreError, match="run the same load again to complete it") as caught:
        failing.upsert(nodes(), relations())
    assert "\n" not in str(caught.value)
    store = fresh.store(batch_size=3)
    partial = store.stats()
    assert 0 < sum(partial.nodes.values()) < len(nodes())  # earlier batches were kept
    store.upsert(nodes(), relations())
    assert store.stats() == reference().stats()
    assert same_graph(store, reference())


def test_version_counts_loads_from_a_new_database_on(bolt_server: BoltServer) -> None:
    settings = bolt_server.settings(bolt_server.create_database("t_version_new"))
    driver = connect(settings)
    try:
        store = Neo4jStore(driver, database=settings.database)
        assert store.version() == "0"  # nothing loaded yet, not even the metadata node
        store.upsert([], [])
        assert store.version() == "0"  # nothing written, nothing changed
        store.upsert(nodes(), relations())
        first = store.version()
        store.upsert(nodes(), relations())
        assert first != "0" and store.version() not in ("0", first)
        assert store.stats() == reference().stats()  # the metadata node is no graph node
        assert store.search("store") == [] and same_graph(store, reference())
    finally:
        driver.close()


def test_a_load_that_fails_part_way_still_moves_the_version(fresh: Target) -> None:
    store = fresh.store()
    before = store.version()
    failing = Neo4jStore(
        CountingDriver(fresh.driver, fail_after=2),  # type: ignore[arg-type]
        database=fresh.settings.database,
        batch_size=3,
    )
    with pytest.raises(StoreError, match="run the same load again"):
        failing.upsert(nodes(), relations())
    assert store.version() != before


def test_relation_to_a_missing_node_writes_nothing(fresh: Target) -> None:
    store = fresh.store(batch_size=2)
    with pytest.raises(StoreError, match=f"no node '{VIENNA}'"):
        store.upsert([n for n in nodes() if n.id != VIENNA], relations())
    assert store.stats().nodes == {}


# -- the property rule -----------------------------------------------------------------------------
def test_flatten_properties_rule() -> None:
    assert flatten_properties(
        {"names": ("Wien", "Vienne"), "lat": None, "geo": {"lat": 48.2, "src": {"id": 7}}, "n": 3}
    ) == {"names": ["Wien", "Vienne"], "geo.lat": 48.2, "geo.src.id": 7, "n": 3}


def test_null_never_erases_and_names_grow_in_order(fresh: Target) -> None:
    store = fresh.store()
    store.upsert(nodes(), relations())
    again = Node(
        id=VIENNA,
        label=Label.CITY,
        properties={"name": "Vienna", "names": ("Vienne", "Wien"), "country_code": None},
        sources=(SRC_B,),
    )
    store.upsert([again], [])
    attrs = store.to_networkx().nodes[VIENNA]
    assert attrs["names"] == ["Wien", "Vienne"]
    assert attrs["country_code"] == "AT"
    assert attrs["sources"] == [SRC_B]


def test_labels_and_types_reach_cypher_only_from_the_schema() -> None:
    with pytest.raises(TypeError, match="only schema labels"):
        cypher.merge_nodes("City`) DETACH DELETE (n")  # type: ignore[arg-type]
    assert "`City`" in cypher.merge_nodes(Label.CITY)


# -- the command line ------------------------------------------------------------------------------
def test_sample_data_via_the_cli_matches_the_memory_store(
    bolt_server: BoltServer, tmp_path: Path
) -> None:
    database = bolt_server.create_database("t_cli_samples")
    env = {
        **os.environ,
        "NEO4J_URI": bolt_server.uri,
        "NEO4J_USER": "root",
        "NEO4J_PASSWORD": bolt_server.password,
        "NEO4J_DATABASE": database,
    }
    done = subprocess.run(
        [*CITYGRAPH, "load", "data/samples", "--store", "neo4j"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    records, _ = read_paths([ROOT / "data" / "samples"])
    memory = MemoryStore()
    memory.upsert(records.nodes.values(), records.relations.values())
    driver = connect(bolt_server.settings(database))
    try:
        neo = Neo4jStore(driver, database=database)
        assert neo.stats().as_json() == memory.stats().as_json()
        neo.upsert(records.nodes.values(), records.relations.values())  # loading twice
        assert neo.stats().as_json() == memory.stats().as_json()
        assert sum(memory.stats().nodes.values()) > 0
    finally:
        driver.close()
