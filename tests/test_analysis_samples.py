"""Answers a person can check by reading data/samples (its tables: events.csv,
practices.csv, cities.csv, people.csv, speakers.csv, network.yaml)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from graph_fixtures import selected

from graph.read.analysis import city_path, compute_metrics, find_peers, per_year, resolve_city
from graph.store.memory import MemoryStore
from loaders.tables import read_tables

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"
COVID_GOVERNANCE = "Municipal responses to COVID-19 in governance"


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    tables = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".csv", ".yaml"))
    records = read_tables(tables)
    store = MemoryStore()
    store.upsert(records.nodes.values(), records.relations.values())
    return store.to_networkx()


def test_la_paz_is_tartus_first_peer_on_e_governance(graph: nx.MultiDiGraph) -> None:
    # practices.csv: Tartu and La Paz both presented e-governance practices at covid-gov-2021.
    result = find_peers(selected(graph), city="Tartu", topics=["e-governance"])
    la_paz = result.peers[0]
    assert la_paz.name == "La Paz"
    practice = la_paz.practices[0]
    assert practice.title == "Public services and e-government in the COVID-19 era"
    assert practice.presenters == ["Roberto Zambrana Flores"]
    assert [e.title for e in practice.events] == [COVID_GOVERNANCE]
    assert [e.title for e in la_paz.events] == [COVID_GOVERNANCE]
    assert COVID_GOVERNANCE in la_paz.reason and "2021-03-12" in la_paz.reason
    assert any(f.endswith("practices.csv") for f in la_paz.source_files)


def test_every_e_governance_peer_shared_a_practice_on_it(graph: nx.MultiDiGraph) -> None:
    # practices.csv rows with e-governance in their topics, other than Tartu's own.
    # (ids, not names: the gazetteer's spelling of Bălți may change, its id does not)
    ids = {p.id for p in find_peers(selected(graph), city="Tartu", topics=["E-Government"]).peers}
    assert ids == {
        "city:bo:la-paz",
        "city:md:chisinau",
        "city:ua:lutsk",
        "city:al:tirana",
        "city:md:balti",
        "city:de:leipzig",
        "city:de:hamburg",
    }


def test_a_german_topic_finds_the_waste_management_practices(graph: nx.MultiDiGraph) -> None:
    peers = find_peers(selected(graph), topics=["Abfallwirtschaft"]).peers
    assert {p.name for p in peers} == {"Vienna", "Benslimane", "Rostock", "Tirana", "Sidon"}
    assert peers[0].name == "Sidon"  # the most recent (2019; the others 2017)


def test_tartu_answers_to_its_german_name(graph: nx.MultiDiGraph) -> None:
    assert resolve_city(graph, "Dorpat") == resolve_city(graph, "Tartu")  # cities.csv


def test_tartu_and_la_paz_meet_at_the_covid_governance_exchange(graph: nx.MultiDiGraph) -> None:
    found = city_path(selected(graph), "Tartu", "La Paz")
    assert found is not None and found.hops == 4
    assert found.steps[2].name == COVID_GOVERNANCE


def test_events_per_year_follow_events_csv(graph: nx.MultiDiGraph) -> None:
    counts = {y.year: y.events for y in per_year(selected(graph)).years}
    assert counts == {
        2016: 1,
        2017: 2,
        2018: 1,
        2019: 1,
        2020: 1,
        2021: 2,
        2022: 1,
        2023: 1,
        2024: 1,
    }


def test_metrics_cover_every_sample_city(graph: nx.MultiDiGraph) -> None:
    m = compute_metrics(selected(graph))
    assert m.sizes["cities"] == 38  # cities.csv and the cities the other tables name
    assert len([c for c in m.communities if len(c) > 1]) >= 2
    assert m.bridging  # some city ties two groups together
