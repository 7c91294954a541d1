"""The embedded store's file: saved whole or not at all, read back the same."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest
from graph_fixtures import TARTU, nodes, relations

from graph.core.errors import StoreError
from graph.store.memory import MemoryStore


def filled(path: Path) -> MemoryStore:
    store = MemoryStore(path=path)
    store.upsert(nodes(), relations())
    return store


def test_saved_file_opens_as_the_same_graph(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "graph.json"
    original = filled(path)
    original.save()
    reopened = MemoryStore.open(path)
    assert reopened.stats() == original.stats()
    assert dict(reopened.graph.nodes(data=True)) == dict(original.graph.nodes(data=True))
    data = json.loads(path.read_text(encoding="utf-8"))
    assert all("label" in n for n in data["nodes"])
    assert all("type" in e for e in data["links"])


def test_a_crash_while_saving_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "graph.json"
    store = filled(path)
    store.save()
    before = path.read_bytes()
    store.graph.nodes[TARTU]["name"] = "Changed"

    written: list[object] = []
    real_dumps = orjson.dumps

    def crash(value: object) -> bytes:
        if len(written) == 2:
            raise KeyboardInterrupt  # the user pulls the plug half way through the write
        written.append(value)
        return real_dumps(value)

    monkeypatch.setattr(orjson, "dumps", crash)
    with pytest.raises(KeyboardInterrupt):
        store.save()
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["graph.json"]  # no temporary left


def test_a_missing_file_is_an_empty_store(tmp_path: Path) -> None:
    store = MemoryStore.open(tmp_path / "absent.json")
    assert store.stats().nodes == {}


@pytest.mark.parametrize(
    "content",
    [b"", b"{not json", b"\x00\xff\xfe garbage", b'{"nodes": [{"id": "x"}], "links": []}'],
)
def test_a_broken_graph_file_names_itself(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "graph.json"
    path.write_bytes(content)
    with pytest.raises(StoreError, match=r"graph\.json"):
        MemoryStore.open(path)
