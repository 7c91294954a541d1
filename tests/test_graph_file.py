"""The memory store's graph file: read back equal, older files read, damage named in one
line by every command and the dashboard, never overwritten; unwritable places named."""

from __future__ import annotations

import dataclasses
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from cli_runner import run
from graph_fixtures import TARTU, nodes, relations
from streamlit.testing.v1 import AppTest

from graph.core.errors import GraphFileError
from graph.store.memory import MemoryStore

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def saved(path: Path) -> MemoryStore:
    store = MemoryStore(path=path)
    store.upsert(nodes(), relations())
    store.commit()
    return store


def format_1(path: Path) -> bytes:
    """The graph of ``saved`` as citygraph wrote it before format 2: one line of JSON."""
    store = MemoryStore()
    store.upsert(nodes(), relations())
    data = nx.node_link_data(store.graph, edges="links")
    data["graph"] = {"citygraph_format": 1}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def test_a_saved_graph_reads_back_equal_and_is_node_link_json(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    original = saved(path)
    reopened = MemoryStore.open(path)
    assert dict(reopened.graph.nodes(data=True)) == dict(original.graph.nodes(data=True))
    assert sorted(reopened.graph.edges(keys=True, data=True)) == sorted(
        original.graph.edges(keys=True, data=True)
    )
    assert reopened.notices == []
    # Any JSON reader takes the file as one node-link document.
    data = json.loads(path.read_text(encoding="utf-8"))
    read = nx.node_link_graph(data, directed=True, multigraph=True, edges="links")
    assert dict(read.nodes(data=True)) == dict(reopened.graph.nodes(data=True))
    assert sorted(read.edges(keys=True, data=True)) == sorted(
        reopened.graph.edges(keys=True, data=True)
    )


def test_a_reloaded_graph_keeps_merging_as_before(tmp_path: Path) -> None:
    """Relations share their attributes in memory; merging one must not change the others."""
    path = tmp_path / "graph.json"
    saved(path)
    store = MemoryStore.open(path)
    before = {(u, v, k): dict(d) for u, v, k, d in store.graph.edges(keys=True, data=True)}
    changed = next(r for r in relations() if r.start == TARTU)
    store.upsert([], [dataclasses.replace(changed, sources=("source:cccccccccccccccc",))])
    after = {(u, v, k): d for u, v, k, d in store.graph.edges(keys=True, data=True)}
    assert after[changed.key[0], changed.end, changed.type.value]["sources"] == [
        *before[changed.key[0], changed.end, changed.type.value]["sources"],
        "source:cccccccccccccccc",
    ]
    others = {k: v for k, v in after.items() if k != (changed.start, changed.end, changed.type)}
    assert all(others[k] == before[k] for k in others)


def test_a_format_1_file_is_read_with_a_note_and_left_as_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "graph.json"
    old = format_1(path)
    path.write_bytes(old)
    code, out, err = run(capsys, "stats", "--graph-file", str(path))
    assert code == 0 and "8 nodes" not in err
    assert err.count("\n") == 1 and "older citygraph's format (1)" in err and str(path) in err
    assert path.read_bytes() == old  # a read never writes
    fresh = tmp_path / "fresh.json"
    saved(fresh)
    assert out == run(capsys, "stats", "--graph-file", str(fresh))[1]
    # A load rewrites it in the current format, keeping what it held.
    table = tmp_path / "topics.csv"
    table.write_text("name\nUrban mobility\n", encoding="utf-8")
    code, _, err = run(capsys, "load", str(table), "--graph-file", str(path))
    assert code == 0, err
    assert path.read_bytes().startswith(b'{"directed":true,"multigraph":true,"graph":{"citygraph')
    assert MemoryStore.open(path).notices == []
    assert {TARTU, "topic:urban-mobility"} <= set(MemoryStore.open(path).graph)


def _truncated(path: Path) -> bytes:
    saved(path)
    whole = path.read_bytes()
    return whole[: len(whole) // 2]


DAMAGED: dict[str, tuple[object, str]] = {
    # name: (file content, or a function of the path; what the one line says)
    "a list": (b"[1, 2, 3]", "holds a list, not a graph"),
    "null": (b"null", "holds null, not a graph"),
    "a string": (b'"graph"', "holds a string, not a graph"),
    "nodes not a list": (b'{"nodes": 5, "links": []}', "'nodes' is a number, not a list"),
    "links not a list": (b'{"nodes": [], "links": {}}', "'links' is an object, not a list"),
    "a node that is a string": (
        b'{"nodes": ["city:ee:tartu"], "links": []}',
        "node 1: a node is a string, not an object",
    ),
    "a node without a label": (b'{"nodes": [{"id": "x"}], "links": []}', "no valid 'label'"),
    "a link to no node": (
        b'{"nodes": [], "links": [{"source": "a", "target": "b", "key": "IN"}]}',
        "link 1: a link to 'a', which is not a node",
    ),
    "nested 100k deep": (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    "not JSON": (b"{not json", "not valid JSON"),
    "empty": (b"", "the file is empty"),
    "truncated": (_truncated, "truncated"),
    "a format 1 file truncated": (lambda p: format_1(p)[:-300], "truncated"),
}


@pytest.fixture(params=sorted(DAMAGED))
def damaged(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A damaged graph file and the words its message must hold; unchanged afterwards."""
    content, says = DAMAGED[request.param]
    path = tmp_path / "data" / "graph.json"
    path.parent.mkdir()
    data = content(path) if callable(content) else content
    assert isinstance(data, bytes)
    path.write_bytes(data)
    yield path, says
    assert path.read_bytes() == data  # never overwritten, whatever was run
    assert sorted(p.name for p in path.parent.iterdir() if p.name != "graph.json.lock") == [
        "graph.json"
    ]


@pytest.mark.parametrize(
    "command",
    [
        ["stats"],
        ["load", "TABLE"],
        ["export", "--format", "json", "--out", "OUT"],
        ["metrics"],
        ["peers", "Tartu"],
    ],
    ids=lambda c: " ".join(c[:2]),
)
def test_a_damaged_graph_file_is_one_line_from_every_command(
    damaged: tuple[Path, str],
    command: list[str],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    path, says = damaged
    table = tmp_path / "topics.csv"
    table.write_text("name\nUrban mobility\n", encoding="utf-8")
    args = [
        str(table) if a == "TABLE" else str(tmp_path / "out.json") if a == "OUT" else a
        for a in command
    ]
    code, _, err = run(capsys, *args, "--graph-file", str(path))
    assert code == 1
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert f"{path}: not a readable citygraph graph file" in err and says in err, err


def test_a_fresh_load_over_a_damaged_file_keeps_it_aside(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--fresh`` starts anew (``make run`` does it when a sample is newer than the
    graph); a damaged file it would replace is renamed aside and named, not lost."""
    path = tmp_path / "graph.json"
    damaged = b'{"nodes": [{"id": "city:ee:tartu", "label": "City"}], "links": [' + b"x" * 50
    path.write_bytes(damaged)
    table = tmp_path / "topics.csv"
    table.write_text("name\nUrban mobility\n", encoding="utf-8")
    code, _, err = run(capsys, "load", str(table), "--fresh", "--graph-file", str(path))
    assert code == 0, err
    (aside,) = tmp_path.glob("graph.json.broken-*")
    assert aside.read_bytes() == damaged
    assert err.count("\n") == 1 and f"kept as {aside}" in err and str(path) in err
    assert set(MemoryStore.open(path).graph) >= {"topic:urban-mobility"}
    # A readable graph is simply replaced, as --fresh says.
    code, _, err = run(capsys, "load", str(table), "--fresh", "--graph-file", str(path))
    assert code == 0 and not err and len(list(tmp_path.glob("graph.json.broken-*"))) == 1


def test_a_damaged_graph_file_is_a_message_in_the_dashboard_with_safe_advice(
    damaged: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, says = damaged
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.delenv("CITYGRAPH_ADMIN_PASSWORD", raising=False)
    monkeypatch.setenv("CITYGRAPH_GRAPH_FILE", str(path))
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception, [e.value for e in at.exception]
    message = at.error[0].value
    assert f"{path}: not a readable citygraph graph file" in message and says in message
    # The advice moves the file aside before anything writes a graph there.
    assert f"mv {path} {path}.broken && citygraph load" in message
    assert "--fresh" not in message


def test_the_damaged_file_errors_are_graph_file_errors(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    path.write_bytes(b"[]")
    with pytest.raises(GraphFileError) as caught:
        MemoryStore.open(path)
    assert caught.value.path == path


# -- places the store cannot write ----------------------------------------------------------
@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Path]:
    """A folder on a read-only file system holding a good graph file (``graph.json``)."""
    folder = tmp_path / "ro"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a file system here: {mounted.stderr.decode().strip()}")
    try:
        saved(folder / "graph.json")
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


@pytest.mark.parametrize("where", ["graph.json", "new/sub/graph.json"])
def test_a_graph_file_that_cannot_be_written_is_one_line(
    read_only: Path, where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = tmp_path / "topics.csv"
    table.write_text("name\nUrban mobility\n", encoding="utf-8")
    target = read_only / where
    code, _, err = run(capsys, "load", str(table), "--graph-file", str(target))
    assert code == 1
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert str(target) in err and "Read-only file system" in err
    # Reading still works, and what was there is intact.
    code, out, err = run(capsys, "stats", "--graph-file", str(read_only / "graph.json"))
    assert code == 0 and not err and "relationships" in out
