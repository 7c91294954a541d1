"""A view's whole state in the URL, and empty results that say why (Streamlit's AppTest)."""

from __future__ import annotations

from pathlib import Path

import pytest
from dashboard_fixtures import sample_graph
from graph_fixtures import LA_PAZ, TARTU
from streamlit.testing.v1 import AppTest

from graph.read.anonymise import opaque_id
from graph.store.memory import MemoryStore

APP = str(Path(__file__).resolve().parents[1] / "app.py")
PERSON = "person:raimond-tamm"


@pytest.fixture(autouse=True)
def graph_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.delenv("CITYGRAPH_ADMIN_PASSWORD", raising=False)
    path = sample_graph(tmp_path / "sample.json")
    monkeypatch.setenv("CITYGRAPH_GRAPH_FILE", str(path))
    return path


def run(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def said(at: AppTest) -> str:
    text = " ".join(e.value for kind in ("info", "warning", "caption") for e in getattr(at, kind))
    return text.replace("\\", "")  # Markdown escapes


def peers(at: AppTest) -> list[str]:
    return [e.label.split(":")[0] for e in at.expander]


def test_peer_finder_topics_and_count_are_in_the_link() -> None:
    at = run(tab="peers")
    at.multiselect(key="peer_topics").set_value(["topic:e-governance"])
    at.number_input(key="peers").set_value(1).run()
    assert at.query_params["peer_topics"] == "topic:e-governance"
    assert at.query_params["peers"] == "1"
    listed = peers(at)
    assert len(listed) == 1
    again = run(**dict(at.query_params))
    assert again.multiselect(key="peer_topics").value == ["topic:e-governance"]
    assert peers(again) == listed


def test_metrics_path_endpoints_are_in_the_link() -> None:
    at = run(tab="metrics")
    at.selectbox(key="path_from").set_value(TARTU)
    at.selectbox(key="path_to").set_value(LA_PAZ).run()
    assert (at.query_params["path_from"], at.query_params["path_to"]) == (TARTU, LA_PAZ)
    again = run(tab="metrics", path_from=TARTU, path_to=LA_PAZ)
    assert (again.selectbox(key="path_from").value, again.selectbox(key="path_to").value) == (
        TARTU,
        LA_PAZ,
    )
    assert "4 steps" in " ".join(m.value for m in again.markdown)


def test_the_selected_node_is_in_the_link_without_a_name_in_presenter_mode(
    graph_file: Path,
) -> None:
    at = run(node=PERSON, labels="")  # every kind drawn, people too
    assert at.query_params["node"] == PERSON
    at.toggle(key="presenter").set_value(True).run()
    assert at.query_params["node"] == opaque_id(PERSON)
    assert "raimond" not in str(dict(at.query_params)).casefold()
    at.toggle(key="presenter").set_value(False).run()
    # back to the store's ids (which person: the picker tells people apart only by name)
    assert at.query_params["node"] in MemoryStore.open(graph_file).graph


def test_from_after_to_says_so() -> None:
    at = run(date_from="2024-01-01", date_to="2020-01-01")
    assert "the start date (2024-01-01) is after the end date (2020-01-01)" in said(at)


def test_an_unknown_focus_says_so_and_shows_everything() -> None:
    at = run(focus="city:xx:atlantis")
    assert "Ignored in the link: focus=city:xx:atlantis (not in this graph)." in said(at)
    assert "focus" not in at.query_params
    assert at.get("component_instance")  # the whole view is drawn (the Network component)


def test_no_peers_says_why() -> None:
    at = run(tab="peers", city=TARTU, date_from="2030-01-01")
    assert "No peer of Tartu passes the sidebar's filters (from 2030-01-01)" in said(at)


def test_a_link_with_a_name_loses_it_in_presenter_mode() -> None:
    at = run(node=PERSON, labels="", presenter="1")
    assert at.query_params["node"] == opaque_id(PERSON)


def test_a_bad_date_in_a_link_is_ignored_and_named() -> None:
    at = run(date_from="2021-02-30", date_to="2021-12-31", limit="lots")
    assert (
        "Ignored in the link: date_from=2021-02-30 (not a date (YYYY-MM-DD)), "
        "limit=lots (not a whole number)." in said(at)
    )
    assert "date_from" not in at.query_params and "limit" not in at.query_params
    assert at.query_params["date_to"] == "2021-12-31"


def test_a_topic_the_graph_lacks_is_named_with_the_nearest_topics() -> None:
    at = run(tab="peers", peer_topics="topic:e-govern,topic:flood")
    assert "peer_topics=topic:e-govern,topic:flood (no such topic; the nearest: e-governance" in (
        said(at)
    )
    assert "peer_topics" not in at.query_params  # the link keeps what the graph holds


def test_an_unknown_city_profile_says_so_and_shows_no_other_city() -> None:
    at = run(tab="city", city="city:xx:atlantis")
    assert "city=city:xx:atlantis (not in this graph)" in said(at)
    assert "Pick one of the" in said(at) and not at.get("iframe")  # no profile drawn


def test_a_filter_with_thousands_of_choices_is_searched_not_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dashboard_fixtures import write

    from graph.core.model import Label, Node, Relation, RelType

    cities = [
        Node(id=f"city:xx:town-{i}", label=Label.CITY, properties={"name": f"Town {i}"})
        for i in range(2500)
    ]
    practice = Node(id="practice:p", label=Label.PRACTICE, properties={"title": "P"})
    shared = [Relation(start=c.id, type=RelType.SHARED, end=practice.id) for c in cities[:3]]
    path = write(tmp_path / "many.json", [*cities, practice], shared)
    monkeypatch.setenv("CITYGRAPH_GRAPH_FILE", str(path))
    at = run(cities="city:xx:town-2042")
    picker = at.multiselect(key="cities")
    assert len(picker.options) <= 101  # the most used, and the chosen one
    assert picker.value == ["city:xx:town-2042"]
    at.text_input(key="_cg_find_cities").input("Town 1999").run()
    found = at.multiselect(key="cities").options
    assert "Town 1999 (0)" in found and len(found) <= 101


def test_a_capped_single_kind_says_it_is_capped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dashboard_fixtures import synthetic_graph

    monkeypatch.setenv("CITYGRAPH_GRAPH_FILE", str(synthetic_graph(tmp_path / "s.json")))
    at = run(labels="City", limit="10")
    assert "30 cities pass these filters, over 'Show at most' (10)" in said(at)
    assert "No node passes" not in said(at)
