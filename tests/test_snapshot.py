"""A graph file's snapshot (graph/store/snapshot.py): the next process opening the same
version of a large graph file gets the graph it would read, without reading the file; a
graph file rewritten since, a damaged snapshot or one of an older layout is noticed in one
line and the file is read."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import networkx as nx
import pytest
from graph_fixtures import TARTU, nodes, relations

from graph.store import memory, snapshot
from graph.store.memory import MemoryStore


@pytest.fixture(autouse=True)
def every_file_large(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(snapshot, "MIN_BYTES", 0)  # the test graphs are small


def saved(path: Path) -> MemoryStore:
    store = MemoryStore(path=path)
    store.upsert(nodes(), relations())
    store.commit()
    return store


def as_compared(g: nx.MultiDiGraph) -> tuple[list[object], list[object], list[object]]:
    return (
        list(g.nodes(data=True)),
        list(g.edges(keys=True, data=True)),
        list(g.in_edges(keys=True, data=True)),
    )


def file_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    def read_graph(path: Path) -> None:
        raise AssertionError("the graph file was read")

    monkeypatch.setattr(memory, "read_graph", read_graph)


def test_the_next_process_gets_the_graph_it_would_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "graph.json"
    saved(path)
    first = MemoryStore.open(path)  # reads the file, keeps the snapshot
    graph_file = (path.read_bytes(), path.stat().st_mtime_ns)
    assert snapshot.path_of(path).is_file()
    file_not_read(monkeypatch)
    again = MemoryStore.open(path)
    assert as_compared(again.graph) == as_compared(first.graph)
    assert again.file_version() == first.file_version() and again.notices == []
    # What the graph shares stays shared: one key dict for both directions, ids as one object.
    u, v = next(iter(again.graph.edges()))
    assert again.graph._succ[u][v] is again.graph._pred[v][u]
    same_id = (k for k in again.graph._pred[v] if k == u)
    assert next(same_id) is next(k for k in again.graph._node if k == u)
    assert again.node_detail(TARTU) == first.node_detail(TARTU)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == graph_file  # a read writes no graph


def test_a_load_drops_the_snapshot_it_makes_stale(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "graph.json"
    saved(path)
    MemoryStore.open(path)
    store = MemoryStore.open(path)
    store.clear()  # another process's load: a new file
    store.commit()
    assert not snapshot.path_of(path).exists()
    with caplog.at_level(logging.WARNING, logger="citygraph"):
        assert MemoryStore.open(path).graph.number_of_nodes() == 0
    assert caplog.records == []  # nothing to say: the stale snapshot went with the load


def test_a_graph_file_replaced_by_another_tool_is_read(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "graph.json"
    saved(path)
    MemoryStore.open(path)
    other = tmp_path / "other.json"
    MemoryStore(path=other).commit()  # an empty graph
    os.replace(other, path)  # a copy put in its place, the snapshot left as it was
    with caplog.at_level(logging.WARNING, logger="citygraph"):
        assert MemoryStore.open(path).graph.number_of_nodes() == 0
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 1 and "another version of graph.json" in lines[0]


def _truncate(kept: Path) -> None:
    kept.write_bytes(kept.read_bytes()[:-20])


def _flip_a_byte(kept: Path) -> None:
    data = bytearray(kept.read_bytes())
    data[-5] ^= 0xFF
    kept.write_bytes(bytes(data))


def _other_layout(kept: Path) -> None:
    kept.write_bytes(kept.read_bytes().replace(b"citygraph-snapshot 1", b"citygraph-snapshot 0"))


@pytest.mark.parametrize(
    ("damage", "notice"),
    [
        (_truncate, "damaged"),
        (_flip_a_byte, "damaged"),
        (lambda kept: kept.write_bytes(b"\x00" * 64), "not a kept graph"),
        (_other_layout, "kept by another citygraph or Python"),
    ],
    ids=["truncated", "a byte changed", "not a snapshot", "an older layout"],
)
def test_a_damaged_snapshot_is_said_and_the_file_read(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, damage: object, notice: str
) -> None:
    path = tmp_path / "graph.json"
    saved(path)
    first = MemoryStore.open(path)
    kept = snapshot.path_of(path)
    damage(kept)  # type: ignore[operator]
    with caplog.at_level(logging.WARNING, logger="citygraph"):
        again = MemoryStore.open(path)
    assert as_compared(again.graph) == as_compared(first.graph)
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 1 and notice in lines[0] and str(kept) in lines[0]
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="citygraph"):
        MemoryStore.open(path)
    assert caplog.records == []  # kept anew: the next process reads it quietly


def test_small_files_and_older_formats_keep_no_snapshot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "graph.json"
    saved(path)
    document = json.loads(path.read_text(encoding="utf-8"))
    document["graph"] = {}
    older = tmp_path / "older.json"
    older.write_text(json.dumps(document), encoding="utf-8")  # format 1: one line
    assert MemoryStore.open(older).notices  # said on every read: never a snapshot
    assert not snapshot.path_of(older).exists()
    monkeypatch.setattr(snapshot, "MIN_BYTES", os.path.getsize(path) + 1)
    MemoryStore.open(path)
    assert not snapshot.path_of(path).exists()
