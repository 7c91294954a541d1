"""The city map, a large network's first picture: cities linked when they met, each keeping
its strongest ties, a connected part when capped, the links saying what they stand for."""

from __future__ import annotations

import networkx as nx

from graph.read.analysis.citymap import MET, city_map
from graph.ui.network_tab import draws_city_map
from graph.ui.viewstate import ViewState


def network(
    events: dict[str, list[str]], topics: dict[str, list[str]] | None = None
) -> nx.MultiDiGraph:
    """Cities presenting a practice each at the events named (``events``: event -> cities),
    and practices on topics (``topics``: city -> its practices' topics)."""
    g = nx.MultiDiGraph()
    cities = {c for members in events.values() for c in members} | set(topics or {})
    for city in sorted(cities):
        g.add_node(f"city:xx:{city}", label="City", name=city.title(), country_code="XX")
    for event, members in events.items():
        g.add_node(f"event:{event}", label="Event", title=f"Forum {event}")
        for city in members:
            practice = f"practice:{city}-{event}"
            g.add_node(practice, label="Practice", title=f"{city} at {event}")
            g.add_edge(f"city:xx:{city}", practice, key="SHARED", type="SHARED")
            g.add_edge(practice, f"event:{event}", key="PRESENTED_AT", type="PRESENTED_AT")
    for city, subjects in (topics or {}).items():
        practice = f"practice:{city}-work"
        g.add_node(practice, label="Practice", title=f"{city}'s work")
        g.add_edge(f"city:xx:{city}", practice, key="SHARED", type="SHARED")
        for topic in subjects:
            g.add_node(f"topic:{topic}", label="Topic", name=topic)
            g.add_edge(practice, f"topic:{topic}", key="ABOUT", type="ABOUT")
    return g


def test_cities_are_linked_when_they_met_and_the_link_names_what_they_share() -> None:
    g = network(
        {"1": ["tartu", "riga"], "2": ["tartu", "riga"], "3": ["riga", "vilnius"]},
        topics={"tartu": ["mobility"], "riga": ["mobility", "waste"], "oslo": ["waste"]},
    )
    found = city_map(g, limit=10)
    links = {(u, v): a for u, v, a in found.graph.edges(data=True)}
    assert set(links) == {("city:xx:riga", "city:xx:tartu"), ("city:xx:riga", "city:xx:vilnius")}
    tie = links["city:xx:riga", "city:xx:tartu"]
    assert tie["type"] == MET and tie["weight"] == 3  # two events and one topic
    assert tie["title"] == "met at: Forum 1, Forum 2; topics: mobility"
    # a topic alone links no one: Oslo works on waste like Riga, but never met anyone
    assert "city:xx:oslo" not in found.graph
    assert (found.cities, found.met, found.pairs) == (4, 3, 2)
    assert found.events == {"city:xx:riga": 3, "city:xx:tartu": 2, "city:xx:vilnius": 1}
    assert found.graph.nodes["city:xx:tartu"] == {
        "label": "City",
        "name": "Tartu",
        "country_code": "XX",
    }


def test_each_city_keeps_its_strongest_ties() -> None:
    # one big event where everyone met, and each pair of neighbours met again at their own
    ring = [f"c{i}" for i in range(8)]
    events = {"all": ring} | {f"pair{i}": [ring[i], ring[(i + 1) % 8]] for i in range(8)}
    found = city_map(network(events), limit=50, links_per_city=2)
    drawn = nx.Graph(found.graph)
    assert found.pairs == 28  # every pair met once
    # the ties kept are the neighbours' (met twice): a ring, not the 28 pairs
    assert sorted(d for _, d in drawn.degree()) == [2] * 8
    assert nx.is_connected(drawn) and drawn.number_of_edges() == 8


def test_a_capped_map_is_one_connected_part_around_the_best_connected_city() -> None:
    # two groups of cities: a big one around a hub, a small one apart
    events = {f"hub{i}": ["hub", f"h{i}"] for i in range(12)}
    events |= {f"hub{i}b": ["hub", f"h{i}"] for i in range(3)}  # the hub's strongest ties
    events |= {"apart": ["x", "y", "z"]}
    found = city_map(network(events), limit=5)
    drawn = nx.Graph(found.graph)
    assert drawn.number_of_nodes() == 5 and nx.is_connected(drawn)
    assert {"city:xx:hub", "city:xx:h0", "city:xx:h1", "city:xx:h2"} <= set(drawn)
    assert not {"city:xx:x", "city:xx:y", "city:xx:z"} & set(drawn)
    assert found.cities == 16


def test_the_first_picture_is_the_map_only_for_a_large_network_of_the_default_kinds() -> None:
    assert draws_city_map(ViewState(), 7842)
    assert not draws_city_map(ViewState(), 113)  # the samples: their kinds are readable
    assert not draws_city_map(ViewState(labels=("City", "Topic")), 7842)  # kinds chosen
    assert not draws_city_map(ViewState(focus="city:xx:tartu"), 7842)  # a neighbourhood
    assert not draws_city_map(ViewState(drawing="kinds"), 7842)  # asked for
    assert draws_city_map(ViewState(drawing="cities"), 113)
    state = ViewState(drawing="kinds")
    assert ViewState.from_params(state.to_params()) == state  # a link keeps the choice
