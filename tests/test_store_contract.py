"""The GraphStore contract, run over every store (memory, and Neo4j over real Bolt)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from graph_fixtures import (
    ABLEIDINGER,
    AT,
    BO,
    COVID,
    DE,
    EE,
    EGOV,
    EV_COVID,
    EV_WASTE,
    FLORES,
    GE,
    LA_PAZ,
    P_LAPAZ,
    P_TARTU,
    P_VIENNA,
    ROSTOCK,
    SRC_A,
    SRC_B,
    TAMM,
    TARTU,
    VIENNA,
    WASTE,
    nodes,
    relations,
)

from graph.core.errors import StoreError
from graph.core.model import Label, Node, Relation, RelType
from graph.read.tables import practice_rows
from graph.render.export import export_bytes
from graph.store.base import GraphStore, SubgraphQuery
from graph.store.memory import MemoryStore
from loaders.graph_json import read_graph_json


@pytest.fixture
def loaded(store: GraphStore) -> GraphStore:
    store.upsert(nodes(), relations())
    return store


def node_ids(store: GraphStore, **query: Any) -> set[str]:
    return set(store.select(SubgraphQuery(**query)).graph.nodes)


EXPECTED_STATS = {
    "nodes": {
        "City": 4,
        "Country": 5,
        "Event": 2,
        "Organisation": 1,
        "Person": 3,
        "Practice": 3,
        "Source": 2,
        "Topic": 3,
    },
    "relationships": {
        "ABOUT": 4,
        "DESCRIBES": 2,
        "HELD_IN": 1,
        "IN": 4,
        "PARTICIPATED_IN": 5,
        "PRESENTED": 3,
        "PRESENTED_AT": 3,
        "REPRESENTS": 4,
        "SHARED": 3,
        "SPOKE_AT": 3,
    },
}


def test_stats_count_every_label_and_type(loaded: GraphStore) -> None:
    assert loaded.stats().as_json() == EXPECTED_STATS


def test_loading_the_same_records_twice_changes_nothing(loaded: GraphStore) -> None:
    before = loaded.to_networkx()
    loaded.upsert(nodes(), relations())
    after = loaded.to_networkx()
    assert loaded.stats().as_json() == EXPECTED_STATS
    assert dict(after.nodes(data=True)) == dict(before.nodes(data=True))


def test_a_second_source_merges_into_the_same_node(loaded: GraphStore) -> None:
    again = Node(
        id=TARTU,
        label=Label.CITY,
        sources=(SRC_B,),
        properties={"name": "Tartu", "names": ("Tartu linn",), "lat": 58.3806},
    )
    loaded.upsert([again], [Relation(start=TARTU, type=RelType.IN, end=EE, sources=(SRC_B,))])
    detail = loaded.node_detail(TARTU)
    assert detail is not None
    assert detail.properties["lat"] == 58.3806  # a newer non-null value wins
    assert detail.properties["lon"] == 26.72  # a value the new record lacks is kept
    assert detail.properties["names"] == ["Tartu linn"]
    assert {s["id"] for s in detail.sources} == {SRC_A, SRC_B}
    edge = loaded.to_networkx().edges[TARTU, EE, "IN"]
    assert sorted(edge["sources"]) == [SRC_A, SRC_B]
    assert loaded.stats().as_json() == EXPECTED_STATS


def test_a_relation_to_a_missing_node_fails_and_changes_nothing(loaded: GraphStore) -> None:
    newcomer = Node(id="city:fr:lyon", label=Label.CITY, properties={"name": "Lyon"})
    broken = Relation(start="city:fr:lyon", type=RelType.IN, end="country:fr")
    with pytest.raises(StoreError, match="country:fr"):
        loaded.upsert([newcomer], [broken])
    assert loaded.stats().as_json() == EXPECTED_STATS
    assert loaded.node_detail("city:fr:lyon") is None


def test_networkx_shape_has_labels_types_and_sources(loaded: GraphStore) -> None:
    g = loaded.to_networkx()
    assert g.nodes[TARTU] == {
        "label": "City",
        "name": "Tartu",
        "country_code": "EE",
        "lat": 58.38,
        "lon": 26.72,
        "sources": [SRC_A],
    }
    assert g.edges[TAMM, EV_COVID, "SPOKE_AT"] == {
        "type": "SPOKE_AT",
        "role": "Deputy Mayor",
        "sources": [SRC_A],
    }
    assert g.nodes[VIENNA]["names"] == ["Wien"]


def test_select_without_filters_keeps_chosen_labels(loaded: GraphStore) -> None:
    result = loaded.select(SubgraphQuery(labels=frozenset({Label.CITY, Label.PRACTICE})))
    assert set(result.graph.nodes) == {TARTU, LA_PAZ, ROSTOCK, VIENNA, P_TARTU, P_LAPAZ, P_VIENNA}
    assert sorted(k for *_, k in result.graph.edges(keys=True)) == ["SHARED"] * 3
    assert (result.total, result.truncated) == (7, False)


def test_topic_filter_keeps_practices_on_it_and_their_surroundings(loaded: GraphStore) -> None:
    assert node_ids(loaded, topics=frozenset({EGOV})) == {
        P_TARTU,
        P_LAPAZ,
        EV_COVID,
        TARTU,
        LA_PAZ,
        EGOV,
        TAMM,
        FLORES,
        EE,
        BO,
        GE,
        SRC_A,
    }


def test_country_filter_drops_cities_and_countries_elsewhere(loaded: GraphStore) -> None:
    assert node_ids(loaded, countries=frozenset({"AT"})) == {
        P_VIENNA,
        EV_WASTE,
        VIENNA,
        WASTE,
        ABLEIDINGER,
        AT,
        SRC_B,
    }


def test_city_filter(loaded: GraphStore) -> None:
    assert node_ids(loaded, cities=frozenset({VIENNA})) == {
        P_VIENNA,
        EV_WASTE,
        VIENNA,
        WASTE,
        ABLEIDINGER,
        AT,
        DE,
        SRC_B,
    }


def test_event_filter(loaded: GraphStore) -> None:
    assert node_ids(loaded, events=frozenset({EV_COVID})) == {
        P_TARTU,
        P_LAPAZ,
        EV_COVID,
        TARTU,
        LA_PAZ,
        EGOV,
        COVID,
        TAMM,
        FLORES,
        EE,
        BO,
        GE,
        SRC_A,
    }


def test_date_range_filter(loaded: GraphStore) -> None:
    assert node_ids(loaded, date_from=date(2022, 1, 1)) == {
        P_VIENNA,
        EV_WASTE,
        VIENNA,
        ROSTOCK,
        WASTE,
        ABLEIDINGER,
        AT,
        DE,
        SRC_B,
    }
    assert node_ids(
        loaded,
        date_from=date(2021, 3, 12),
        date_to=date(2021, 3, 12),
        labels=frozenset({Label.EVENT}),
    ) == {EV_COVID}
    assert node_ids(loaded, date_to=date(2020, 12, 31)) == set()


def test_filters_combine(loaded: GraphStore) -> None:
    assert node_ids(
        loaded,
        topics=frozenset({EGOV}),
        countries=frozenset({"BO"}),
        labels=frozenset({Label.CITY, Label.PRACTICE}),
    ) == {LA_PAZ, P_LAPAZ}


def test_focus_with_hops(loaded: GraphStore) -> None:
    assert node_ids(loaded, focus=TARTU, hops=1) == {TARTU, EE, P_TARTU, TAMM}
    assert node_ids(loaded, focus=TARTU, hops=2) == {TARTU, EE, P_TARTU, TAMM, EV_COVID, EGOV}
    # the focus stays even when its label is not shown
    assert node_ids(loaded, focus=TARTU, hops=1, labels=frozenset({Label.PRACTICE})) == {
        TARTU,
        P_TARTU,
    }
    assert node_ids(loaded, focus="city:xx:nowhere") == set()


def test_limit_keeps_a_connected_part_around_the_best_connected_and_says_it_cut(
    loaded: GraphStore,
) -> None:
    result = loaded.select(SubgraphQuery(limit=3))
    assert result.truncated
    assert result.total == 23
    assert result.graph.number_of_nodes() == 3
    assert EV_COVID in result.graph  # the node with most relations
    kept = result.graph.to_undirected()
    assert nx.is_connected(kept) and kept.number_of_edges() >= 2
    # a larger cap still draws one network, not a scatter of unrelated nodes
    larger = loaded.select(SubgraphQuery(limit=12)).graph.to_undirected()
    assert larger.number_of_nodes() == 12 and nx.is_connected(larger)


def test_facets_offer_what_is_loaded(loaded: GraphStore) -> None:
    facets = loaded.facets()
    assert [(t.name, t.count) for t in facets.topics] == [
        ("COVID-19", 1),
        ("e-governance", 2),
        ("waste management", 1),
    ]
    assert [(c.id, c.extra) for c in facets.countries][:2] == [(AT, "AT"), (BO, "BO")]
    assert [(c.name, c.count, c.extra) for c in facets.cities] == [
        ("La Paz", 1, "BO"),
        ("Rostock", 0, "DE"),
        ("Tartu", 1, "EE"),
        ("Vienna", 1, "AT"),
    ]
    assert [(e.id, e.count, e.extra) for e in facets.events] == [
        (EV_WASTE, 1, "2023-09-26"),
        (EV_COVID, 2, "2021-03-12"),
    ]
    assert (facets.date_min, facets.date_max) == (date(2021, 3, 12), date(2023, 9, 26))
    assert facets.labels["City"] == 4


def test_node_detail_lists_neighbours_and_sources(loaded: GraphStore) -> None:
    detail = loaded.node_detail(TARTU)
    assert detail is not None
    assert (detail.label, detail.name) == ("City", "Tartu")
    assert {(n.type, n.direction, n.id) for n in detail.neighbours} == {
        ("IN", "out", EE),
        ("SHARED", "out", P_TARTU),
        ("REPRESENTS", "in", TAMM),
    }
    assert [(s["id"], s["path"]) for s in detail.sources] == [(SRC_A, "recaps/covid.de.txt")]
    assert loaded.node_detail("city:xx:nowhere") is None


def test_search_ranks_exact_then_prefix_then_contains(loaded: GraphStore) -> None:
    assert [h.id for h in loaded.search("tartu")] == [TARTU, P_TARTU]
    assert [h.id for h in loaded.search("WIEN")] == [VIENNA]  # other names count
    assert [h.id for h in loaded.search("in", labels=[Label.CITY])] == []
    assert [h.name for h in loaded.search("la", labels=[Label.CITY, Label.PERSON])] == ["La Paz"]
    assert loaded.search("   ") == []
    assert len(loaded.search("e", limit=2)) == 2


def test_export_json_loads_back_into_the_same_graph(loaded: GraphStore) -> None:
    original = loaded.to_networkx()
    document = json.loads(export_bytes(original, "json"))
    records = read_graph_json(Path("export.json"), document)
    copy = MemoryStore()
    copy.upsert(records.nodes.values(), records.relations.values())
    again = copy.to_networkx()
    assert dict(again.nodes(data=True)) == dict(original.nodes(data=True))
    assert {(u, v, k): d for u, v, k, d in again.edges(keys=True, data=True)} == {
        (u, v, k): d for u, v, k, d in original.edges(keys=True, data=True)
    }


# -- lifecycle: commit, clear, version ---------------------------------------------------
LYON_TABLE = "name,country\nLyon,France\n"


@pytest.fixture
def cli_env(request: pytest.FixtureRequest, store: GraphStore) -> dict[str, str]:
    """The environment under which another process's ``citygraph`` reaches ``store``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "CITYGRAPH_"))}
    if request.node.callspec.params["store"] == "memory":
        assert isinstance(store, MemoryStore) and store.path is not None
        env["CITYGRAPH_GRAPH_FILE"] = str(store.path)
        return env
    target = request.getfixturevalue(
        "neo4j_target" if request.node.callspec.params["store"] == "neo4j" else "env_neo4j_target"
    )
    settings = target.settings
    env.update(NEO4J_URI=settings.uri, NEO4J_USER=settings.user, NEO4J_PASSWORD=settings.password)
    if settings.database:
        env["NEO4J_DATABASE"] = settings.database
    return env


def load_in_another_process(env: dict[str, str], table: Path, *options: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "graph.cli", "load", str(table), *options],
        env=env,
        cwd=Path(__file__).resolve().parents[1],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr


def test_version_moves_with_every_load_and_clear(store: GraphStore) -> None:
    empty = store.version()
    assert store.version() == empty  # reading changes nothing
    store.upsert(nodes(), relations())
    loaded = store.version()
    assert loaded != empty
    assert store.stats().as_json() == EXPECTED_STATS and store.version() == loaded
    store.clear()
    assert store.stats().nodes == {} and store.version() not in (empty, loaded)


def test_commit_makes_a_load_last(store: GraphStore, tmp_path: Path) -> None:
    store.upsert(nodes(), relations())
    store.commit()
    again = (
        MemoryStore.open(store.path)
        if isinstance(store, MemoryStore) and store.path
        else store  # Neo4j: committed as written
    )
    assert again.stats().as_json() == EXPECTED_STATS


def test_a_load_by_another_process_changes_the_version_and_the_reads(
    store: GraphStore, cli_env: dict[str, str], tmp_path: Path
) -> None:
    store.upsert(nodes(), relations())
    store.commit()
    before = store.version()
    assert store.search("Lyon") == []
    table = tmp_path / "lyon.csv"
    table.write_text(LYON_TABLE, encoding="utf-8")
    load_in_another_process(cli_env, table)
    assert store.version() != before
    assert [h.name for h in store.search("Lyon", labels=[Label.CITY])] == ["Lyon"]
    assert store.stats().nodes["City"] == EXPECTED_STATS["nodes"]["City"] + 1


def test_memory_store_keeps_uncommitted_changes_over_another_write(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    writer = MemoryStore(path=path)
    writer.upsert(nodes(), relations())
    writer.commit()
    reader = MemoryStore.open(path)
    lyon = Node(id="city:fr:lyon", label=Label.CITY, properties={"name": "Lyon"})
    reader.upsert([lyon], [])  # not committed: the file changing must not drop it
    writer.clear()
    writer.commit()
    assert reader.node_detail("city:fr:lyon") is not None
    reader.commit()
    assert MemoryStore.open(path).stats().nodes == {
        "City": 5,
        **{k: v for k, v in EXPECTED_STATS["nodes"].items() if k != "City"},
    }


def test_a_fresh_load_replaces_the_graph_on_every_store(
    store: GraphStore, cli_env: dict[str, str], tmp_path: Path
) -> None:
    store.upsert(nodes(), relations())
    store.commit()
    table = tmp_path / "lyon.csv"
    table.write_text(LYON_TABLE, encoding="utf-8")
    load_in_another_process(cli_env, table, "--fresh")
    assert store.stats().nodes == {"City": 1, "Country": 1, "Source": 1}


# -- one read: select -----------------------------------------------------------------------
# Every filter the dashboard offers, alone and combined, with and without a focus or a cap.
QUERIES = {
    "everything": SubgraphQuery(limit=None),
    "cities and practices": SubgraphQuery(labels=frozenset({Label.CITY, Label.PRACTICE})),
    "topic": SubgraphQuery(topics=frozenset({EGOV})),
    "country": SubgraphQuery(countries=frozenset({"AT"})),
    "city": SubgraphQuery(cities=frozenset({VIENNA})),
    "event": SubgraphQuery(events=frozenset({EV_COVID})),
    "dates": SubgraphQuery(date_from=date(2021, 1, 1), date_to=date(2021, 12, 31)),
    "topic and country": SubgraphQuery(topics=frozenset({EGOV}), countries=frozenset({"BO"})),
    "focus": SubgraphQuery(focus=TARTU, hops=2),
    "capped": SubgraphQuery(limit=5),
    "kinds, capped": SubgraphQuery(labels=frozenset({Label.CITY, Label.PRACTICE}), limit=3),
    "topic, capped": SubgraphQuery(topics=frozenset({EGOV}), limit=3),
    "focus, capped": SubgraphQuery(focus=TARTU, hops=2, limit=3),
}


def reference_store() -> MemoryStore:
    store = MemoryStore()
    store.upsert(nodes(), relations())
    return store


def edge_set(graph: object) -> set[tuple[str, str, str]]:
    return set(graph.edges(keys=True))  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", list(QUERIES))
def test_select_gives_every_relation_among_the_nodes_it_selects(
    loaded: GraphStore, name: str
) -> None:
    selection = loaded.select(QUERIES[name])
    whole = loaded.to_networkx()
    chosen = set(selection.graph.nodes)
    assert edge_set(selection.graph) == {
        (u, v, k) for u, v, k in whole.edges(keys=True) if u in chosen and v in chosen
    }
    assert selection.total >= len(chosen) and selection.truncated == (selection.total > len(chosen))


@pytest.mark.parametrize("name", list(QUERIES))
def test_select_is_the_same_on_every_store(loaded: GraphStore, name: str) -> None:
    ours, reference = loaded.select(QUERIES[name]), reference_store().select(QUERIES[name])
    assert set(ours.graph.nodes) == set(reference.graph.nodes)
    assert edge_set(ours.graph) == edge_set(reference.graph)
    assert (ours.total, ours.truncated) == (reference.total, reference.truncated)


def test_select_keeps_only_the_relations_asked_for(loaded: GraphStore) -> None:
    everything = loaded.select(QUERIES["topic"])
    shared = loaded.select(
        SubgraphQuery(topics=frozenset({EGOV}), relations=frozenset({RelType.SHARED}))
    )
    assert set(shared.graph.nodes) == set(everything.graph.nodes)  # nodes are chosen alike
    assert edge_set(shared.graph) == {(TARTU, P_TARTU, "SHARED"), (LA_PAZ, P_LAPAZ, "SHARED")}


def test_a_selection_cannot_be_changed_by_its_reader(loaded: GraphStore) -> None:
    selection = loaded.select(QUERIES["everything"])
    with pytest.raises(nx.NetworkXError):
        selection.graph.add_node("city:xx:intruder")
    assert "city:xx:intruder" not in loaded.select(QUERIES["everything"]).graph


@pytest.mark.parametrize("name", list(QUERIES))
def test_the_practices_table_lists_exactly_the_practices_of_the_selection(
    loaded: GraphStore, name: str
) -> None:
    query = QUERIES[name].widened()
    network = loaded.select(query)
    rows = practice_rows(loaded.select(query))
    practices = {n for n, a in network.graph.nodes(data=True) if a["label"] == "Practice"}
    assert {r.practice_id for r in rows} == practices
    assert {(r.practice_id, r.city_id) for r in rows if r.city_id} == {
        (p, c) for c, p, k in network.graph.edges(keys=True) if k == "SHARED"
    }


# The default drawing (cities and practices) under every filter; a focus walks over the
# drawn kinds only, and a cut drawing keeps the best connected of its own kinds.
UNCAPPED_FILTERS = [n for n, q in QUERIES.items() if not q.focus and "capped" not in n]


@pytest.mark.parametrize("name", UNCAPPED_FILTERS)
def test_the_practices_table_and_the_network_view_agree(loaded: GraphStore, name: str) -> None:
    drawn = loaded.select(replace(QUERIES[name], labels=frozenset({Label.CITY, Label.PRACTICE})))
    listed = practice_rows(loaded.select(QUERIES[name].widened()))
    assert not drawn.truncated
    assert {r.practice_id for r in listed} == {
        n for n, a in drawn.graph.nodes(data=True) if a["label"] == "Practice"
    }
