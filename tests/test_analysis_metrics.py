"""Metrics, paths and the per-year series, on the hand-made graph and on small made graphs."""

from __future__ import annotations

import networkx as nx
import pytest
from graph_fixtures import EV_COVID, LA_PAZ, ROSTOCK, TARTU, VIENNA, nodes, relations, selected

from graph.read.analysis import city_path, city_projection, compute_metrics, per_year
from graph.read.analysis import metrics as metrics_module
from graph.read.analysis.index import build_index
from graph.read.analysis.metrics import city_network
from graph.read.analysis.pairs import shared_events, shared_topics
from graph.store.base import GraphStore


@pytest.fixture
def graph(store: GraphStore) -> nx.MultiDiGraph:
    store.upsert(nodes(), relations())
    return store.to_networkx()


def test_projection_links_cities_that_shared_a_topic_or_an_event(graph: nx.MultiDiGraph) -> None:
    projection, left_out = city_projection(build_index(graph))
    assert left_out == []
    assert set(projection.nodes) == {TARTU, LA_PAZ, ROSTOCK, VIENNA}
    index = build_index(graph)
    assert projection.edges[TARTU, LA_PAZ]["weight"] == 2
    assert shared_topics(index, TARTU, LA_PAZ) == ["topic:e-governance"]
    assert shared_events(index, TARTU, LA_PAZ) == [EV_COVID]
    assert projection.edges[ROSTOCK, VIENNA]["weight"] == 1  # Rostock hosted Vienna's event
    assert not projection.has_edge(TARTU, VIENNA)


def test_metrics_find_the_two_groups_and_count_what_each_city_did(
    graph: nx.MultiDiGraph,
) -> None:
    m = compute_metrics(selected(graph))
    assert {frozenset(c) for c in m.communities} == {
        frozenset({TARTU, LA_PAZ}),
        frozenset({ROSTOCK, VIENNA}),
    }
    rows = {r.id: r for r in m.cities}
    assert (rows[TARTU].practices, rows[TARTU].events, rows[TARTU].partners) == (1, 1, 1)
    assert (rows[ROSTOCK].practices, rows[ROSTOCK].events) == (0, 1)
    assert rows[TARTU].community == rows[LA_PAZ].community != rows[VIENNA].community
    assert m.bridging == []  # no city has ties into two groups here
    assert m.notes == []  # small enough for exact betweenness
    assert m.graph is not None
    assert "source:aaaaaaaaaaaaaaaa" not in m.graph.degree  # sources left out
    assert m.graph.community[TARTU] != m.graph.community[VIENNA]  # never linked
    assert m.sizes["cities"] == 4 and m.sizes["city_links"] == 2
    with pytest.raises(ValueError, match="unknown metric"):
        m.top("fame")


def _events_graph(meetings: dict[str, list[str]]) -> nx.MultiDiGraph:
    """Cities meeting at events: event name -> the cities that shared a practice there."""
    g = nx.MultiDiGraph()
    for event, cities in meetings.items():
        e = f"event:2020-01-01:{event}"
        g.add_node(e, label="Event", title=event, date="2020-01-01", sources=[])
        for city in cities:
            c, p = f"city:xx:{city}", f"practice:{event}-{city}"
            g.add_node(c, label="City", name=city, sources=[])
            g.add_node(p, label="Practice", title=f"{city} at {event}", sources=[])
            g.add_edge(c, p, key="SHARED", type="SHARED", sources=[])
            g.add_edge(p, e, key="PRESENTED_AT", type="PRESENTED_AT", sources=[])
    return g


def test_the_city_between_two_groups_is_the_bridge() -> None:
    g = _events_graph(
        {
            "north-1": ["A", "B", "C"],
            "north-2": ["A", "B", "C"],
            "south-1": ["D", "E", "F"],
            "south-2": ["D", "E", "F"],
            "link": ["C", "D"],
        }
    )
    m = compute_metrics(selected(g))
    assert sorted(map(sorted, m.communities)) == [
        ["city:xx:A", "city:xx:B", "city:xx:C"],
        ["city:xx:D", "city:xx:E", "city:xx:F"],
    ]
    assert set(m.bridging) == {"city:xx:C", "city:xx:D"}
    top = m.top("betweenness", 2)
    assert {r.name for r in top} == {"C", "D"} and top[0].betweenness > 0.5


def test_large_graphs_get_sampled_betweenness_that_says_so_and_repeats(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    g = _events_graph({f"e{i}": [f"c{i}", f"c{i + 1}", f"c{i + 2}"] for i in range(30)})
    monkeypatch.setattr(metrics_module, "EXACT_BETWEENNESS_WORK", 100)
    monkeypatch.setattr(metrics_module, "MIN_BETWEENNESS_SAMPLES", 10)
    monkeypatch.setattr(metrics_module, "NX_LOUVAIN_LINKS", 10)
    first, second = compute_metrics(selected(g)), compute_metrics(selected(g))
    assert any("sampled from 10 of" in note for note in first.notes)
    assert any("igraph's Louvain" in note for note in first.notes)
    assert len(first.communities) > 1
    assert first.cities == second.cities
    assert first.communities == second.communities


def test_path_between_two_cities_is_the_chain_of_practices_and_event(
    graph: nx.MultiDiGraph,
) -> None:
    found = city_path(selected(graph), "Tartu", "La Paz")
    assert found is not None
    assert [s.label for s in found.steps] == ["City", "Practice", "Event", "Practice", "City"]
    assert found.steps[2].id == EV_COVID
    assert found.text() == (
        "Tartu -SHARED-> E-services in Tartu -PRESENTED_AT-> Municipal COVID-19 governance "
        "<-PRESENTED_AT- I-Government in La Paz <-SHARED- La Paz"
    )
    assert (
        city_path(selected(graph), "Tartu", "Vienna") is None
    )  # only a topic-less, event-less gap
    rostock_vienna = city_path(selected(graph), "Rostock", "Vienna")
    assert rostock_vienna is not None and rostock_vienna.hops == 3  # held in Rostock, Vienna shared


def test_path_through_people_when_that_is_the_only_way() -> None:
    g = _events_graph({"meet": ["A"]})
    g.add_node("city:xx:B", label="City", name="B", sources=[])
    g.add_node("person:p", label="Person", name="P", sources=[])
    g.add_edge("person:p", "city:xx:B", key="REPRESENTS", type="REPRESENTS", sources=[])
    g.add_edge("person:p", "event:2020-01-01:meet", key="SPOKE_AT", type="SPOKE_AT", sources=[])
    found = city_path(selected(g), "A", "B")
    assert found is not None
    assert [s.label for s in found.steps] == ["City", "Practice", "Event", "Person", "City"]


def test_events_countries_and_cities_per_year(graph: nx.MultiDiGraph) -> None:
    timeline = per_year(selected(graph))
    assert [(y.year, y.events, y.countries, y.cities) for y in timeline.years] == [
        (2021, 1, 3, 2),  # Estonia, Bolivia, Georgia; Tartu, La Paz
        (2022, 0, 0, 0),
        (2023, 1, 2, 2),  # Austria, Germany; Vienna, Rostock
    ]
    assert timeline.undated_events == 0
    assert timeline.rows()[0] == {"year": 2021, "events": 1, "countries": 3, "cities": 2}


def test_metrics_on_an_empty_graph_are_empty() -> None:
    m = compute_metrics(selected(nx.MultiDiGraph()))
    assert (m.cities, m.communities, m.bridging) == ([], [], [])
    assert per_year(selected(nx.MultiDiGraph())).years == []


def test_city_network_to_draw_says_what_each_link_stands_for(graph: nx.MultiDiGraph) -> None:
    drawing, total = city_network(graph)
    assert total == 4 and drawing.number_of_nodes() == 4
    assert drawing.nodes[TARTU]["name"] == "Tartu" and drawing.nodes[TARTU]["label"] == "City"
    assert drawing.edges[TARTU, LA_PAZ]["type"] == (
        "met at: Municipal COVID-19 governance; topics: e-governance"
    )
    strongest, total = city_network(graph, limit=2)
    assert set(strongest.nodes) == {TARTU, LA_PAZ} and total == 4


def test_a_drawn_city_network_keeps_each_citys_strongest_links() -> None:
    # A, B and C met twice, every other pair once: with one link each, A-B, A-C (or B-C)
    # stay, and D and E keep theirs: no city is left without a link, none keeps a weak one
    g = _events_graph(
        {"1": ["A", "B", "C", "D", "E"], "2": ["A", "B"], "3": ["A", "C"], "4": ["B", "C"]}
    )
    full, _ = city_network(g, links_per_city=4)
    assert full.number_of_edges() == 10
    drawn, _ = city_network(g, links_per_city=1)
    assert all(drawn.degree(n) >= 1 for n in drawn)
    weights = {frozenset((a, b)): w for a, b, w in drawn.edges(data="weight")}
    for city in ("city:xx:A", "city:xx:B", "city:xx:C"):
        assert max(w for pair, w in weights.items() if city in pair) == 2
    assert drawn.number_of_edges() < full.number_of_edges()
