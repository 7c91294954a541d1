"""The peer finder, on the hand-made graph of graph_fixtures.py, over every store."""

from __future__ import annotations

from datetime import date
from typing import Any

import networkx as nx
import pytest
from graph_fixtures import (
    EV_COVID,
    LA_PAZ,
    P_LAPAZ,
    P_VIENNA,
    SRC_A,
    TARTU,
    VIENNA,
    nodes,
    relations,
    selected,
)

from graph.core.model import Label, Node, PropertyValue, Relation, RelType
from graph.read.analysis import (
    AnalysisInputError,
    PeerScope,
    find_peers,
    resolve_city,
    resolve_topic,
)
from graph.read.tables import practice_rows
from graph.store.base import GraphStore, SubgraphQuery
from graph.store.memory import MemoryStore


@pytest.fixture
def graph(store: GraphStore) -> nx.MultiDiGraph:
    store.upsert(nodes(), relations())
    return store.to_networkx()


def test_la_paz_is_tartus_peer_with_the_evidence_that_earned_it(graph: nx.MultiDiGraph) -> None:
    result = find_peers(selected(graph), city="Tartu")
    assert [p.id for p in result.peers] == [LA_PAZ]  # Vienna shares neither topic nor event
    peer = result.peers[0]
    assert peer.shared_topics == ["e-governance"]
    assert [p.id for p in peer.practices] == [P_LAPAZ]
    assert peer.practices[0].presenters == ["Roberto Flores"]
    assert [e.id for e in peer.events] == [EV_COVID]
    assert peer.events[0].how == ["a representative spoke", "shared a practice"]
    assert peer.presenters == ["Roberto Flores"]
    assert peer.sources == [SRC_A]
    assert peer.source_files == ["recaps/covid.de.txt"]
    assert "I-Government in La Paz" in peer.reason
    assert "Municipal COVID-19 governance" in peer.reason
    assert peer.topic_score > 0 and peer.event_score > 0
    assert result.city == TARTU and result.city_name == "Tartu"


def test_a_topic_in_another_spelling_or_language_finds_its_practices(
    graph: nx.MultiDiGraph,
) -> None:
    by_spelling = find_peers(selected(graph), topics=["E-Government"])
    assert {p.name for p in by_spelling.peers} == {"Tartu", "La Paz"}
    by_german = find_peers(selected(graph), topics=["Abfallwirtschaft"])
    assert [(p.name, [pr.id for pr in p.practices]) for p in by_german.peers] == [
        ("Vienna", [P_VIENNA])
    ]
    assert by_german.topic_names == ["waste management"]


def test_country_and_date_filters_narrow_the_peers(store: GraphStore) -> None:
    store.upsert(nodes(), relations())

    def peers(**filters: Any) -> list[str]:
        scope = PeerScope.of(store.select, **filters)
        return [p.id for p in find_peers(scope, city="Tartu").peers]

    assert peers(countries=["AT"]) == []
    assert peers(countries=["bo"]) == [LA_PAZ]
    assert peers(date_from=date(2022, 1, 1)) == []  # Tartu took part in nothing since
    assert peers(date_from=date(2021, 1, 1), date_to=date(2021, 12, 31)) == [LA_PAZ]
    assert peers(countries=["BO"], date_to=date(2020, 12, 31)) == []
    with pytest.raises(AnalysisInputError, match="'Atlantis'"):  # looked up in the whole graph
        find_peers(PeerScope.of(store.select, date_from=date(2022, 1, 1)), city="Atlantis")
    late = find_peers(PeerScope.of(store.select, date_from=date(2022, 1, 1)), city="tartu")
    assert (late.city, late.city_name, late.peers) == (TARTU, "Tartu", [])


def test_with_a_topic_only_cities_that_shared_a_practice_on_it_are_peers(
    graph: nx.MultiDiGraph,
) -> None:
    assert (
        find_peers(selected(graph), city="Tartu", topics=["waste management"]).peers[0].id == VIENNA
    )
    assert (
        find_peers(selected(graph), city="Tartu", topics=["COVID-19"]).peers == []
    )  # only the event


def test_cities_and_topics_resolve_by_name_id_and_other_names(graph: nx.MultiDiGraph) -> None:
    assert resolve_city(graph, "wien") == resolve_city(graph, VIENNA) == VIENNA
    assert resolve_topic(graph, "Waste-Management") == "topic:waste-management"
    with pytest.raises(AnalysisInputError, match="'Atlantis'"):
        find_peers(selected(graph), city="Atlantis")
    with pytest.raises(AnalysisInputError, match="'Urban gardening'"):
        find_peers(selected(graph), topics=["Urban gardening"])
    with pytest.raises(AnalysisInputError, match="give a city, a topic"):
        find_peers(selected(graph))


# -- ranking on small graphs made for one property each --------------------------------------
def _city_graph(rows: list[tuple[str, str, str, str]]) -> nx.MultiDiGraph:
    """A graph from (city, practice, event date, topic) rows; one event per date."""
    g = nx.MultiDiGraph()
    for city, practice, day, topic in rows:
        c, p, e, t = f"city:xx:{city}", f"practice:{practice}", f"event:{day}:meeting", topic
        g.add_node(c, label=Label.CITY.value, name=city.title(), sources=["source:s"])
        g.add_node(p, label=Label.PRACTICE.value, title=practice, sources=["source:s"])
        g.add_node(e, label=Label.EVENT.value, title=f"Meeting {day}", date=day, sources=[])
        g.add_node(f"topic:{t}", label=Label.TOPIC.value, name=t, sources=[])
        for u, rel, v in ((c, "SHARED", p), (p, "PRESENTED_AT", e), (p, "ABOUT", f"topic:{t}")):
            g.add_edge(u, v, key=rel, type=rel, sources=["source:s"])
    return g


def test_one_shared_topic_outranks_many_shared_events() -> None:
    rows = [("home", "home-waste", "2020-01-01", "waste")]
    rows += [("home", f"home-{i}", f"2020-0{i}-02", f"home-topic-{i}") for i in range(1, 6)]
    rows += [("busy", f"busy-{i}", f"2020-0{i}-02", f"busy-topic-{i}") for i in range(1, 6)]
    rows += [("quiet", "quiet-waste", "2010-01-01", "waste")]
    peers = find_peers(selected(_city_graph(rows)), city="home").peers
    assert [p.name for p in peers] == ["Quiet", "Busy"]
    assert peers[1].event_score > peers[0].score  # more points, still ranked below
    assert peers[1].shared_topics == [] and "met Home at" in peers[1].reason


def test_recent_practices_weigh_more_than_old_ones() -> None:
    rows = [
        ("home", "home-p", "2024-01-01", "mobility"),
        ("recent", "recent-p", "2023-06-01", "mobility"),
        ("old", "old-p", "2013-06-01", "mobility"),
    ]
    peers = find_peers(selected(_city_graph(rows)), city="home", half_life_years=5).peers
    assert [p.name for p in peers] == ["Recent", "Old"]
    assert peers[0].score > 2 * peers[1].score  # ten years apart: two half-lives


def test_a_rare_shared_topic_counts_more_than_a_common_one() -> None:
    rows = [
        ("home", "home-a", "2020-01-01", "rare"),
        ("home", "home-b", "2020-01-01", "common"),
        ("rare", "rare-p", "2020-02-01", "rare"),
        ("common", "common-p", "2020-02-01", "common"),
    ]
    rows += [(f"other{i}", f"other-{i}", "2020-03-01", "common") for i in range(5)]
    peers = find_peers(selected(_city_graph(rows)), city="home").peers
    assert peers[0].name == "Rare"
    assert peers[0].score > peers[1].score


def test_peers_are_the_same_whichever_way_the_city_is_named(graph: nx.MultiDiGraph) -> None:
    by_name = find_peers(selected(graph), city="tartu")
    by_id = find_peers(selected(graph), city=TARTU)
    assert by_name.as_json() == by_id.as_json()


def test_an_undated_practice_still_counts_without_a_date_range() -> None:
    g = _city_graph([("home", "home-p", "2020-01-01", "water")])
    g.add_node("city:xx:nodate", label="City", name="Nodate", sources=[])
    g.add_node("practice:nodate", label="Practice", title="Undated", sources=[])
    g.add_edge("city:xx:nodate", "practice:nodate", key="SHARED", type="SHARED", sources=[])
    g.add_edge("practice:nodate", "topic:water", key="ABOUT", type="ABOUT", sources=[])
    assert [p.name for p in find_peers(selected(g), city="home").peers] == ["Nodate"]
    dated = PeerScope.of(MemoryStore(g).select, date_from=date(2000, 1, 1))
    assert find_peers(dated, city="home").peers == []


def test_records_built_by_the_model_work_too() -> None:
    """The store's shape, not just hand-made dicts: Node/Relation records via a store."""
    store = MemoryStore()
    store.upsert(
        [
            Node(id="city:ee:tartu", label=Label.CITY, properties={"name": "Tartu"}),
            Node(id="city:lv:riga", label=Label.CITY, properties={"name": "Riga"}),
            Node(id="practice:a", label=Label.PRACTICE, properties={"title": "A"}),
            Node(id="practice:b", label=Label.PRACTICE, properties={"title": "B"}),
            Node(id="topic:open-data", label=Label.TOPIC, properties={"name": "open data"}),
        ],
        [
            Relation(start="city:ee:tartu", type=RelType.SHARED, end="practice:a"),
            Relation(start="city:lv:riga", type=RelType.SHARED, end="practice:b"),
            Relation(start="practice:a", type=RelType.ABOUT, end="topic:open-data"),
            Relation(start="practice:b", type=RelType.ABOUT, end="topic:open-data"),
        ],
    )
    result = find_peers(selected(store.to_networkx()), city="Tartu", topics=["offene Daten"])
    assert [p.name for p in result.peers] == ["Riga"]


# -- the peers read the store's selection: one filter ---------------------------------------
MOBILITY = "topic:mobility"
BALTIC = {
    "city:ee:tartu": ("Tartu", "EE"),
    "city:lv:riga": ("Riga", "LV"),
    "city:lt:vilnius": ("Vilnius", "LT"),
    "city:lt:kaunas": ("Kaunas", "LT"),
}
# (event id, date, host city, [(city, practice, topic), ...])
BALTIC_EVENTS = [
    ("event:2020-05-01:a", "2020-05-01", "city:lv:riga", [
        ("city:lv:riga", "practice:riga-buses", MOBILITY),
        ("city:ee:tartu", "practice:tartu-old-buses", MOBILITY),
    ]),
    ("event:2021-06-01:b", "2021-06-01", "city:ee:tartu", [
        ("city:ee:tartu", "practice:tartu-bikes", MOBILITY),
        ("city:lt:vilnius", "practice:vilnius-lanes", MOBILITY),
        ("city:lv:riga", "practice:riga-buses", MOBILITY),  # presented in 2020 and 2021
    ]),
    ("event:2022-09-01:c", "2022-09-01", "city:lt:vilnius", [
        ("city:lt:vilnius", "practice:vilnius-trams", MOBILITY),
        ("city:lv:riga", "practice:riga-water", "topic:water"),
    ]),
    ("event:undated:d", None, "city:lt:kaunas", [
        ("city:lt:kaunas", "practice:kaunas-car-sharing", MOBILITY),
    ]),
    ("event:2023-03-01:e", "2023-03-01", "city:lt:kaunas", [
        ("city:lt:kaunas", "practice:kaunas-parking", MOBILITY),
    ]),
]  # fmt: skip


def _baltic(store: GraphStore) -> None:
    nodes_ = [
        Node(id=c, label=Label.CITY, properties={"name": name, "country_code": code})
        for c, (name, code) in BALTIC.items()
    ]
    nodes_ += [
        Node(id=t, label=Label.TOPIC, properties={"name": t.split(":")[1]})
        for t in (MOBILITY, "topic:water")
    ]
    rels = []
    practices: dict[str, Node] = {}
    for event, day, host, shared in BALTIC_EVENTS:
        props: dict[str, PropertyValue] = {"title": event, **({"date": day} if day else {})}
        nodes_.append(Node(id=event, label=Label.EVENT, properties=props))
        rels.append(Relation(start=event, type=RelType.HELD_IN, end=host))
        for city, practice, topic in shared:
            practices[practice] = Node(
                id=practice, label=Label.PRACTICE, properties={"title": practice}
            )
            rels += [
                Relation(start=city, type=RelType.SHARED, end=practice),
                Relation(start=practice, type=RelType.PRESENTED_AT, end=event),
                Relation(start=practice, type=RelType.ABOUT, end=topic),
            ]
    store.upsert([*nodes_, *practices.values()], rels)


@pytest.mark.parametrize("city", [None, "Tartu"])
def test_the_peers_candidate_practices_are_the_practices_table_of_the_selection(
    store: GraphStore, city: str | None
) -> None:
    """For a date range and countries, the practices the peers are found by are exactly the
    rows the Practices table lists for the same query (the store's one filter), whether
    the asking city is inside the countries or not."""
    _baltic(store)
    filters: dict[str, Any] = {
        "countries": ["LV", "LT"],
        "date_from": date(2021, 1, 1),
        "date_to": date(2022, 12, 31),
    }
    scope = PeerScope.of(store.select, **filters)
    result = find_peers(scope, city=city, topics=["mobility"] if city is None else (), limit=99)
    found = {(peer.id, p.id) for peer in result.peers for p in peer.practices}

    query = SubgraphQuery(
        countries=frozenset(filters["countries"]),
        date_from=filters["date_from"],
        date_to=filters["date_to"],
        limit=None,
    )
    listed = {
        (row.city_id, row.practice_id)
        for row in practice_rows(store.select(query))
        if row.city_id and MOBILITY in row.topic_ids
    }
    assert found == listed
    assert found == {  # not Tartu (EE), not Kaunas (undated, 2023), not Riga's water
        ("city:lv:riga", "practice:riga-buses"),
        ("city:lt:vilnius", "practice:vilnius-lanes"),
        ("city:lt:vilnius", "practice:vilnius-trams"),
    }
    assert result.candidates == 2
    if city:  # Tartu's own side is read in the date range alone: its 2021 bikes, its events
        assert result.topics == [MOBILITY]
        assert {e.id for peer in result.peers for e in peer.events} == {"event:2021-06-01:b"}
