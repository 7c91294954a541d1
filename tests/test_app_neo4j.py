"""The dashboard on the Neo4j store (a real Bolt server): a load by another process while
the app runs shows in every view on the next rerun."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from bolt_server import Target
from graph_fixtures import nodes, relations
from streamlit.testing.v1 import AppTest
from test_app import APP, drawn_node_ids, shown_text

from graph.store.neo4j import Neo4jStore

pytestmark = pytest.mark.bolt
ROOT = Path(__file__).resolve().parents[1]
LYON = "city:fr:lyon"
EVENTS = (
    "key,title,date,venue_city,venue_country,topics\n"
    "lyon-2024,Cargo bike exchange in Lyon,2024-05-02,Lyon,France,cycling\n"
)
PRACTICES = (
    "title,city,country,event,topics\nCargo bikes for deliveries,Lyon,France,lyon-2024,cycling\n"
)
VIEWS = ("network", "practices", "city", "sources", "peers", "metrics")


@pytest.fixture
def app_on_neo4j(neo4j_target: Target, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The app's environment pointed at the module's database, holding the fixture graph."""
    store = Neo4jStore(neo4j_target.driver, database=neo4j_target.settings.database)
    store.clear()
    store.upsert(nodes(), relations())
    settings = neo4j_target.settings
    env = {
        "NEO4J_URI": settings.uri,
        "NEO4J_USER": settings.user,
        "NEO4J_PASSWORD": settings.password,
        "NEO4J_DATABASE": settings.database or "",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("CITYGRAPH_ADMIN_PASSWORD", raising=False)
    return env


def shows_lyon(view: str, at: AppTest) -> bool:
    text = shown_text(at)
    if view == "network":
        return LYON in drawn_node_ids(at)
    if view == "practices":
        return "Cargo bikes for deliveries" in text
    if view == "city":
        return "Lyon, France" in at.selectbox(key="city").options
    if view == "sources":
        return "practices.csv" in text
    if view == "peers":
        return any("Lyon" in option for s in at.selectbox for option in s.options)
    return "Lyon" in text  # metrics: the city table


def test_a_load_by_another_process_shows_in_every_view_on_the_next_rerun(
    app_on_neo4j: dict[str, str], tmp_path: Path
) -> None:
    apps = {}
    for view in VIEWS:
        at = AppTest.from_file(APP, default_timeout=120)
        at.query_params["tab"] = view
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert not shows_lyon(view, at), view
        apps[view] = at
    (tmp_path / "events.csv").write_text(EVENTS, encoding="utf-8")
    (tmp_path / "practices.csv").write_text(PRACTICES, encoding="utf-8")
    env = {**os.environ, **app_on_neo4j}
    done = subprocess.run(
        [sys.executable, "-m", "graph.cli", "load", str(tmp_path)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    for view, at in apps.items():
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert shows_lyon(view, at), view
