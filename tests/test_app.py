"""The dashboard through Streamlit's AppTest: every view, filters, the URL, errors."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from dashboard_fixtures import (
    PERSON_NAMES,
    empty_graph,
    markup_graph,
    sample_graph,
    samples_graph,
    synthetic_graph,
)
from streamlit.testing.v1 import AppTest

from graph.read.anonymise import opaque_id

if TYPE_CHECKING:
    from bolt_server import Target

    from graph.core.settings import Neo4jSettings
    from graph.store.neo4j import Neo4jStore

APP = str(Path(__file__).resolve().parents[1] / "app.py")
VIEWS = ("network", "practices", "city", "sources")
GRAPHS: dict[str, Callable[[Path], Path]] = {
    "sample": sample_graph,
    "empty": empty_graph,
    "synthetic": synthetic_graph,
    "markup": markup_graph,
}


@pytest.fixture(scope="module")
def bundled_samples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """data/samples loaded once for the module (reading them takes seconds)."""
    return samples_graph(tmp_path_factory.mktemp("samples") / "graph.json")


@pytest.fixture
def graph_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Callable[[str], Path]:
    """Point the app at a freshly written graph file of the named kind."""
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.delenv("CITYGRAPH_ADMIN_PASSWORD", raising=False)

    def make(kind: str) -> Path:
        if kind == "samples":
            path = request.getfixturevalue("bundled_samples")
        else:
            path = GRAPHS[kind](tmp_path / f"{kind}.json")
        monkeypatch.setenv("CITYGRAPH_GRAPH_FILE", str(path))
        return path

    return make


def run(params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def drawing(at: AppTest) -> dict | None:
    """The data the Network view's component draws (graph.render.html.drawing_data)."""
    for component in at.get("component_instance"):
        args = json.loads(component.proto.json_args)
        if "data" in args:
            return args["data"]
    return None


def drawn_node_ids(at: AppTest) -> set[str]:
    """The node ids the view draws: in the Network view's component, else in the
    vis-network data of the page a view embeds."""
    data = drawing(at)
    if data is not None:
        return {n["id"] for n in data["nodes"]}
    frames = at.get("iframe")
    assert frames, "the view draws a network"
    page = frames[0].proto.srcdoc
    found = re.search(r'<script id="cg-data" type="application/json">(.*?)</script>', page, re.S)
    assert found
    return {n["id"] for n in json.loads(found.group(1))["nodes"]}


def shown_text(at: AppTest) -> str:
    parts = [
        e.value
        for kind in ("caption", "markdown", "info", "warning", "error", "text")
        for e in getattr(at, kind)
    ]
    for frame in [*at.dataframe, *at.table]:
        parts.append(frame.value.to_csv(index=False))
    # as a reader sees it: the Markdown escapes of loaded text (graph/ui/text.md) undone,
    # so a name checked for is found however it was escaped
    return re.sub(r"\\(.)", r"\1", "\n".join(map(str, parts)))


@pytest.mark.parametrize("kind", ["samples", "sample", "empty", "synthetic", "markup"])
@pytest.mark.parametrize("view", VIEWS)
def test_every_view_renders(graph_file: Callable[[str], Path], kind: str, view: str) -> None:
    graph_file(kind)
    at = run({"tab": view})
    assert not at.error
    assert at.radio(key="tab").value == view
    if kind == "empty":
        assert "citygraph load data/samples" in at.info[0].value


def test_network_view_defaults_to_cities_practices_and_their_events(
    graph_file: Callable[[str], Path],
) -> None:
    graph_file("sample")
    at = run()
    data = drawing(at)
    assert data is not None
    ids = {n["id"] for n in data["nodes"]}
    assert ids and all(i.startswith(("city:", "practice:", "event:")) for i in ids)
    assert data["edges"]  # a network, not pairs
    assert f"{len(ids)} nodes, " in at.caption[0].value


def test_filters_change_what_is_shown(graph_file: Callable[[str], Path]) -> None:
    graph_file("sample")
    at = run()
    before = drawn_node_ids(at)
    at.multiselect(key="topics").select("topic:waste-management").run()
    after = drawn_node_ids(at)
    assert after < before
    # Vienna's waste practice, the waste dialogue it was presented at, and Rostock where
    # the dialogue was held
    assert after == {
        "city:at:vienna",
        "practice:integrated-waste-management-in-vienna",
        "event:2023-09-26:waste-dialogue",
        "city:de:rostock",
    }

    at.multiselect(key="labels").select("Topic").run()
    assert "topic:waste-management" in drawn_node_ids(at)


def test_cap_says_how_many_are_hidden(graph_file: Callable[[str], Path]) -> None:
    graph_file("synthetic")
    at = run({"limit": "10"})
    assert len(drawn_node_ids(at)) == 10
    assert re.search(r"Showing 10 of \d{2,} nodes", at.warning[0].value)
    at.number_input(key="limit").set_value(1000).run()
    assert len(drawn_node_ids(at)) > 10 and not at.warning


def test_focus_and_search(graph_file: Callable[[str], Path]) -> None:
    graph_file("sample")
    at = run({"labels": ""})  # every kind
    at.text_input(key="search").input("Tartu").run()
    assert "city:ee:tartu" in at.selectbox(key="focus").options or any(
        "Tartu" in o for o in at.selectbox(key="focus").options
    )
    at.selectbox(key="focus").set_value("city:ee:tartu").run()
    ids = drawn_node_ids(at)
    assert "city:ee:tartu" in ids and "city:at:vienna" not in ids


def test_practices_table_filters_and_downloads(graph_file: Callable[[str], Path]) -> None:
    graph_file("sample")
    at = run({"tab": "practices"})
    table = at.dataframe[0].value
    assert list(table.columns) == [
        "city",
        "country",
        "practice",
        "presenter",
        "event",
        "date",
        "topics",
        "source",
        "stated in",  # the passage of the page that stated it (recaps only)
        "link",
    ]
    assert len(table) == 3
    at.multiselect(key="countries").select("EE").run()
    assert list(at.dataframe[0].value["city"]) == ["Tartu"]
    at.text_input(key="table_find").input("nothing like this").run()
    assert at.dataframe[0].value.empty
    assert at.get("download_button")


def test_url_round_trip_restores_the_view(graph_file: Callable[[str], Path]) -> None:
    graph_file("sample")
    at = run()
    at.multiselect(key="countries").select("EE").select("BO")
    at.multiselect(key="labels").select("Event")
    at.toggle(key="presenter").set_value(True)
    at.number_input(key="limit").set_value(250)
    at.run()
    params = at.query_params
    assert params  # the URL holds the view
    again = run({k: v[-1] if isinstance(v, list) else v for k, v in params.items()})
    assert again.multiselect(key="countries").value == ["EE", "BO"]
    assert set(again.multiselect(key="labels").value) == {"City", "Practice", "Event"}
    assert again.toggle(key="presenter").value is True
    assert again.number_input(key="limit").value == 250
    assert drawn_node_ids(again) == drawn_node_ids(at)


def test_a_bad_link_is_ignored_not_fatal(graph_file: Callable[[str], Path]) -> None:
    graph_file("sample")
    at = run(
        {
            "topics": "topic:nonexistent",
            "limit": "many",
            "date_from": "yesterday",
            "tab": "nosuchview",
        }
    )
    assert at.radio(key="tab").value == "network" and not at.error


def test_presenter_mode_hides_names_everywhere(graph_file: Callable[[str], Path]) -> None:
    graph_file("sample")
    for view in VIEWS:
        at = run({"tab": view, "presenter": "1", "labels": ""})
        text = shown_text(at)
        if view == "network":
            # presenter mode shows people under ids that spell no name
            data = drawing(at)
            assert data is not None
            person = opaque_id("person:raimond-tamm")
            assert person in {n["id"] for n in data["nodes"]}
            at.session_state["node"] = person  # as a click on the person would
            at.run()
            text = shown_text(at) + json.dumps(drawing(at), ensure_ascii=False)
            assert "Speaker" in text
        assert not any(name in text for name in PERSON_NAMES), view
        assert "raimond-tamm" not in text + str(at.query_params), view
    at = run({"tab": "practices"})
    assert "Raimond Tamm" in shown_text(at)  # ...and shows them otherwise


def test_sources_view_lists_loaders_warnings(graph_file: Callable[[str], Path]) -> None:
    graph_file("sample")
    at = run({"tab": "sources"})
    assert "recaps/covid.de.txt" in shown_text(at)
    assert "text says 2 countries, 3 are listed" in shown_text(at)


def test_sources_view_says_when_in_words(graph_file: Callable[[str], Path]) -> None:
    graph_file("samples")
    loaded = run({"tab": "sources"}).dataframe[0].value["loaded at"]
    assert len(loaded) == 10  # as read: "2026-12-07 21:19 UTC", not "…T21:19:07+00:00"
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", t) for t in loaded)
    # on a projector a table's eleven events are the first few, not a screenful
    events = run({"tab": "sources", "presenter": "1"}).table[0].value["events"]
    assert max(len(e) for e in events) <= 101 and any(e.endswith("…") for e in events)


def test_city_profile(graph_file: Callable[[str], Path]) -> None:
    graph_file("sample")
    at = run({"tab": "city", "city": "city:ee:tartu"})
    text = shown_text(at)
    assert "E-services in Tartu" in text and "Municipal COVID-19 governance" in text
    held = at.dataframe[0].value["held in"]
    assert "" not in set(held) and "online" in set(held)  # the virtual meeting, in words
    assert "city:ee:tartu" in drawn_node_ids(at)
    # presenter mode: the people counted, not listed as rows of "Speaker" with blank roles
    at = run({"tab": "city", "city": "city:ee:tartu", "presenter": "1"})
    assert not [t for t in at.table if "person" in t.value.columns]
    assert "1 person; presenter mode hides who." in shown_text(at)


def test_city_pickers_name_the_country(graph_file: Callable[[str], Path]) -> None:
    """ "Tartu, Estonia", not "Tartu (EE)": in the City profile's, the peer finder's and
    the path's pickers and the sidebar's City filter (with its count)."""
    graph_file("sample")
    at = run({"tab": "city"})
    assert {"Tartu, Estonia", "La Paz, Bolivia", "Vienna, Austria"} <= set(
        at.selectbox(key="city").options
    )
    assert "Tartu, Estonia (1)" in at.multiselect(key="cities").options
    at = run({"tab": "peers"})
    assert "Rostock, Germany" in at.selectbox(key="city").options
    at = run({"tab": "metrics"})
    assert "La Paz, Bolivia" in at.selectbox(key="path_from").options
    everything = [o for s in (*at.selectbox, *at.multiselect) for o in s.options]
    assert not [o for o in everything if re.search(r"\((\d+, )?([A-Z]{2}|\?)\)", o)]


def test_a_link_naming_only_a_path_says_it_in_words(graph_file: Callable[[str], Path]) -> None:
    graph_file("sample")
    at = run({"path": "city:ee:tartu,city:bo:la-paz"})  # no node selected
    assert "Path in 4 steps: **Tartu**" in shown_text(at)


def test_node_detail_panel(graph_file: Callable[[str], Path]) -> None:
    graph_file("sample")
    at = run({"node": "city:ee:tartu"})
    text = shown_text(at)
    assert "shared →" in text and "E-services in Tartu" in text and "recaps/covid.de.txt" in text
    assert "City in Estonia" in text
    (facts,) = [d.value for d in at.dataframe if "fact" in d.value.columns]
    named = dict(zip(facts["fact"], facts["value"], strict=True))
    assert named["latitude"] == "58.38" and "lat" not in named  # as a reader names them
    assert "name" not in named  # the heading says it


def test_a_broken_graph_file_is_a_message_and_the_app_recovers(
    graph_file: Callable[[str], Path], tmp_path: Path
) -> None:
    path = graph_file("sample")
    good = path.read_bytes()
    path.write_text("{not json", encoding="utf-8")
    at = run()
    assert "citygraph load data/samples" in at.error[0].value
    assert not at.exception
    path.write_bytes(good)  # fixed: the failure was not cached
    at.button(key="retry").click().run()
    assert not at.error and drawn_node_ids(at)


def test_loading_needs_the_admin_password(
    graph_file: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from graph.ui import admin

    graph_file("sample")
    assert "load" not in run().radio(key="tab").options
    monkeypatch.setattr(admin, "GUARD", admin.PasswordGuard())  # no other test's guesses
    monkeypatch.setenv("CITYGRAPH_ADMIN_PASSWORD", "s3cret")
    at = run({"tab": "load"})
    assert not at.get("file_uploader")
    at.text_input(key="admin_password").input("wrong").run()
    assert "Wrong password" in at.error[0].value and not at.get("file_uploader")
    at.text_input(key="admin_password").input("s3cret").run()
    assert at.get("file_uploader")


@pytest.fixture
def neo4j_env(
    empty_neo4j_store: Neo4jStore, neo4j_target: Target, monkeypatch: pytest.MonkeyPatch
) -> Neo4jSettings:
    """The app pointed at the test Bolt server's database, holding the small sample graph."""
    import graph_fixtures

    empty_neo4j_store.upsert(graph_fixtures.nodes(), graph_fixtures.relations())
    settings = neo4j_target.settings
    monkeypatch.delenv("CITYGRAPH_ADMIN_PASSWORD", raising=False)
    monkeypatch.setenv("NEO4J_URI", settings.uri)
    monkeypatch.setenv("NEO4J_USER", settings.user)
    monkeypatch.setenv("NEO4J_PASSWORD", settings.password)
    if settings.database:
        monkeypatch.setenv("NEO4J_DATABASE", settings.database)
    return settings


@pytest.mark.bolt
@pytest.mark.parametrize("view", VIEWS)
def test_every_view_renders_on_neo4j(neo4j_env: Neo4jSettings, view: str) -> None:
    at = run({"tab": view, "labels": ""})
    assert not at.error
    if view == "network":
        assert "city:ee:tartu" in drawn_node_ids(at)
    if view == "practices":
        assert "E-services in Tartu" in shown_text(at)


@pytest.mark.bolt
def test_unreachable_neo4j_is_a_message_then_recovers(
    neo4j_env: Neo4jSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bolt_server import free_port

    good = neo4j_env.uri
    monkeypatch.setenv("NEO4J_URI", f"bolt://127.0.0.1:{free_port()}")  # nothing listens
    at = run()
    message = at.error[0].value
    assert "Neo4j" in message and "NEO4J_URI" in message
    monkeypatch.setenv("NEO4J_URI", good)  # the server is back
    at.button(key="retry").click().run()
    assert not at.exception and not at.error
    assert drawn_node_ids(at)


def test_date_range_filters_the_network_and_the_table(graph_file: Callable[[str], Path]) -> None:
    graph_file("sample")
    at = run({"date_from": "2022-01-01"})
    assert "practice:e-services-in-tartu" not in drawn_node_ids(at)
    assert "practice:integrated-waste-management-in-vienna" in drawn_node_ids(at)
    at = run({"tab": "practices", "date_to": "2022-01-01"})
    assert sorted(at.dataframe[0].value["city"]) == ["La Paz", "Tartu"]


def test_presenter_tables_keep_loaded_markdown_as_text_and_name_sources_short(
    graph_file: Callable[[str], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Presenter mode's plain tables render their cells as Markdown: a city named with an
    image's syntax stays those characters (no image fetched from outside), and a source
    is its file's name, not a path that pushes the table past the window."""
    from dashboard_fixtures import write

    from graph.core.model import Label, Node, Relation, RelType
    from graph.ui.text import md

    graph_file("sample")  # the environment; the graph is this test's own
    named = "![x](http://evil.example/x.png) Town"
    deep = "/srv/citygraph/uploads/2024/spring/network-recaps/tartu-2024.html"
    path = write(
        tmp_path / "graph.json",
        [
            Node(id="source:deep", label=Label.SOURCE, properties={"path": deep}),
            Node(
                id="city:xx:x",
                label=Label.CITY,
                sources=("source:deep",),
                properties={"name": named},
            ),
            Node(
                id="practice:p",
                label=Label.PRACTICE,
                sources=("source:deep",),
                properties={"title": "Shade"},
            ),
        ],
        [
            Relation(
                start="city:xx:x", type=RelType.SHARED, end="practice:p", sources=("source:deep",)
            )
        ],
    )
    monkeypatch.setenv("CITYGRAPH_GRAPH_FILE", str(path))
    at = run({"tab": "practices", "presenter": "1"})
    cells = at.table[0].value.iloc[0].to_dict()
    assert cells["city"] == md(named) and cells["source"] == md("tartu-2024.html")
    at = run({"node": "city:xx:x", "presenter": "1"})
    said = " ".join(m.value for m in at.markdown)
    assert md("tartu-2024.html") in said and md(deep) not in said
