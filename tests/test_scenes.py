"""Scenes without a browser: the file format's bad input, the shelves of both stores,
and the Scenes view's import, which names what it left out (AppTest)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from dashboard_fixtures import sample_graph
from streamlit.testing.v1 import AppTest

from graph.core.scenes import MAX_BYTES, Scene, read_scenes, scenes_json
from graph.store.base import GraphStore
from graph.store.scenes import FileShelf, Neo4jShelf

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def test_a_damaged_file_loads_what_it_can_and_names_what_it_dropped() -> None:
    assert read_scenes(b"[" * 10).dropped[0].startswith("the file is not JSON (line 1, column 11)")
    big = scenes_json([Scene("x", "a=" + "b" * 100)] * 12_000)
    assert len(big) > MAX_BYTES
    assert read_scenes(big).dropped == ("the file is 1.7 MB, over the 1 MB limit: nothing loaded",)
    mixed = json.dumps({"scenes": [{"name": "<script>x</script>", "view": "hops=2"}, ["no"]]})
    found = read_scenes(mixed)
    assert found.scenes == (Scene("<script>x</script>", "hops=2"),)  # a name is kept as text
    assert found.dropped == ("scene 2: not a name and a view",)


def test_both_stores_keep_the_scenes_and_a_fresh_load_does_not_lose_them(
    store: GraphStore, tmp_path: Path
) -> None:
    shelf = Neo4jShelf(store) if store.name == "neo4j" else FileShelf(tmp_path / "graph.json")
    assert shelf.load().scenes == ()
    kept = [Scene("Tartu", "node=city%3Aee%3Atartu"), Scene("Practices", "tab=practices")]
    shelf.save(kept)
    store.clear()  # what `citygraph load --fresh` does first
    store.commit()
    assert list(shelf.load().scenes) == kept


def test_importing_a_stale_scene_keeps_its_view_and_names_the_nodes_gone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.delenv("CITYGRAPH_ADMIN_PASSWORD", raising=False)
    path = sample_graph(tmp_path / "graph.json")
    monkeypatch.setenv("CITYGRAPH_GRAPH_FILE", str(path))
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["tab"] = "scenes"
    at.run()
    pasted = scenes_json(
        [Scene("Old", "node=city%3Axx%3Agone&limit=40"), Scene("Tartu", "node=city%3Aee%3Atartu")]
    )
    at.text_area(key="_cg_scenes_import").input(pasted.decode()).run()
    at.button(key="scenes-import").click().run()
    said = " ".join(c.value for c in at.caption).replace("\\", "")
    gone = "scene 1 (Old): node=city:xx:gone (not in this graph)"
    assert f"Added 2 scene(s); left out: {gone}" in said
    # no upload without the admin password (Streamlit's upload endpoint refuses it then)
    assert "Uploading the file is offered when an admin password is set" in said
    kept = FileShelf(path).load().scenes
    assert [s.view for s in kept] == ["limit=40", "node=city%3Aee%3Atartu"]
