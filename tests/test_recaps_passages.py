"""The graph keeps the passage that stated each fact with the fact's source: a node's and
a relation's passages are read back (graph/read/evidence.py), follow a person merged
across pages, hide names in presenter mode, and tables keep none."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from graph.core.model import Label, RelType
from graph.core.passages import PASSAGES
from graph.read.anonymise import anonymise, person_names
from graph.read.evidence import node_passages, relation_passages
from graph.store.memory import MemoryStore
from loaders import read_paths

FIXTURES = Path(__file__).parent / "fixtures"
RECAPS = FIXTURES / "recaps"


def _graph(*paths: Path) -> nx.MultiDiGraph:
    records, _ = read_paths(paths)
    store = MemoryStore()
    store.upsert(records.nodes.values(), records.relations.values())
    return store.to_networkx()


def _one(graph: nx.MultiDiGraph, label: Label, name: str) -> str:
    [node] = [
        n
        for n, a in graph.nodes(data=True)
        if a.get("label") == label and name in {a.get("name"), a.get("title")}
    ]
    return str(node)


def test_a_nodes_and_a_relations_passages_state_them() -> None:
    graph = _graph(RECAPS / "de_egov_practices.txt")
    tartu = _one(graph, Label.CITY, "Tartu")
    [stated] = node_passages(graph, tartu)
    assert stated.text == "Kaja Männik, Stadtverwaltung Tartu, Estland"
    assert stated.rule == "talks.speaker_line"
    assert stated.where.endswith("de_egov_practices.txt")
    practice = _one(graph, Label.PRACTICE, "Ein Portal für alle Anträge")
    assert "Ein Portal für alle Anträge" in node_passages(graph, practice)[0].text
    assert [p.text for p in relation_passages(graph, tartu, RelType.SHARED, practice)] == [
        p.text for p in node_passages(graph, practice)
    ]
    person = _one(graph, Label.PERSON, "Kaja Männik")
    event = next(v for _, v, k in graph.out_edges(person, keys=True) if k == RelType.SPOKE_AT)
    assert "Kaja Männik" in relation_passages(graph, person, RelType.SPOKE_AT, event)[0].text


def test_a_saved_pages_address_is_the_passages_link(tmp_path: Path) -> None:
    page = tmp_path / "saved.txt"
    page.write_text(
        "URL: https://network.example/news/kiel-reception\n\nReception in Kiel\n\n"
        "The mayor of Kiel, Jana Roe, welcomed guests from Tartu.\n",
        encoding="utf-8",
    )
    graph = _graph(page)
    [stated] = node_passages(graph, _one(graph, Label.CITY, "Tartu"))
    assert stated.url == "https://network.example/news/kiel-reception"
    assert "Tartu" in stated.text


def test_passages_follow_a_person_merged_across_pages() -> None:
    graph = _graph(RECAPS / "people_pair_de.txt", RECAPS / "people_pair_en.txt")
    klitschko = _one(graph, Label.PERSON, "Vitaliy Klitschko")
    texts = [p.text for p in node_passages(graph, klitschko)]
    assert len({p.source for p in node_passages(graph, klitschko)}) == 2  # both pages
    assert any("Klitschko" in t for t in texts)


def test_presenter_mode_masks_names_in_passages_and_finds_them_by_shown_id() -> None:
    graph = _graph(RECAPS / "de_egov_practices.txt")
    names = set(person_names(graph))
    shown = anonymise(graph)
    person = next(n for n, a in shown.nodes(data=True) if a.get("label") == Label.PERSON)
    passages = node_passages(shown, person)
    assert passages and all("Speaker" in p.text for p in passages)
    for _, attrs in shown.nodes(data=True):
        for entry in attrs.get(PASSAGES) or ():
            assert not any(name in entry for name in names)


def test_tables_keep_no_passages() -> None:
    graph = _graph(FIXTURES / "tables" / "network")
    sources = [a for _, a in graph.nodes(data=True) if a.get("label") == Label.SOURCE]
    assert sources and not any(PASSAGES in a for a in sources)
