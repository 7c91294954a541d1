"""Presenter mode's transform: no person's name survives it, anywhere in the graph."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from graph.read.anonymise import SPEAKER, Mask, anonymise, hidden_name, opaque_id

SRC = "source:0123456789abcdef"


def graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node(
        SRC,
        label="Source",
        path="recaps/interview-ada-lindqvist.txt",
        warnings=[
            "line 4: speaker 'Ada Lindqvist' has no city",
        ],
    )
    g.add_node("city:ee:tartu", label="City", name="Tartu", sources=[SRC])
    g.add_node("city:se:lund", label="City", name="Lund")
    g.add_node(
        "person:ada-lindqvist",
        label="Person",
        name="Ada Lindqvist",
        role="Mayor of Tartu",
        sources=[SRC],
    )
    g.add_node("person:jorg-mussig", label="Person", name="Jörg Müßig")
    g.add_node("person:lund", label="Person", name="Lund")  # a loader slip: a city as a name
    g.add_node(
        "practice:tartu:bikes-presented-by-ada-lindqvist",
        label="Practice",
        title="Bikes presented by ADA LINDQVIST",
        summary="Lindqvist showed the bikes; Herr Jorg Mussig asked. Lund joined.",
        sources=[SRC],
    )
    g.add_node("event:2024-05-01:forum", label="Event", title="Forum", date="2024-05-01")
    g.add_edge(
        "person:ada-lindqvist",
        "practice:tartu:bikes-presented-by-ada-lindqvist",
        key="PRESENTED",
        type="PRESENTED",
        sources=[SRC],
    )
    g.add_edge(
        "person:jorg-mussig",
        "event:2024-05-01:forum",
        key="SPOKE_AT",
        type="SPOKE_AT",
        role="moderator, with Ada Lindqvist",
    )
    g.add_edge(
        "city:ee:tartu",
        "practice:tartu:bikes-presented-by-ada-lindqvist",
        key="SHARED",
        type="SHARED",
    )
    return g


def everything(g: nx.MultiDiGraph) -> str:
    return json.dumps(nx.node_link_data(g, edges="links"), ensure_ascii=False).casefold()


def test_no_name_is_left_in_any_text_or_id() -> None:
    shown = anonymise(graph())
    text = everything(shown)
    for leak in ("ada", "lindqvist", "jörg", "jorg", "müßig", "mussig", "mayor"):
        assert leak not in text, leak
    titles = {a.get("title") for _, a in shown.nodes(data=True)}
    assert "Bikes presented by Speaker" in titles
    summary = next(a["summary"] for _, a in shown.nodes(data=True) if "summary" in a)
    # the surname alone, a name spelt without accents, and a one-word "name" that is a city
    assert summary == "Speaker showed the bikes; Herr Speaker asked. Lund joined."


def test_people_keep_their_relations_under_opaque_ids() -> None:
    g = graph()
    shown = anonymise(g)
    people = [n for n, a in shown.nodes(data=True) if a["label"] == "Person"]
    assert len(people) == 3
    assert all(shown.nodes[p]["name"] == SPEAKER and "role" not in shown.nodes[p] for p in people)
    assert all(p.startswith("person:") and p not in g for p in people)
    assert sorted(k for *_, k in shown.edges(keys=True)) == sorted(
        k for *_, k in g.edges(keys=True)
    )
    assert shown.number_of_nodes() == g.number_of_nodes()
    # the original is untouched
    assert g.nodes["person:ada-lindqvist"]["name"] == "Ada Lindqvist"


def test_ids_translate_back_to_the_store() -> None:
    g = graph()
    mask = Mask.of(g)
    practice = "practice:tartu:bikes-presented-by-ada-lindqvist"
    assert mask.public_id(practice) == opaque_id(practice) != practice
    assert mask.real_id(mask.public_id(practice)) == practice
    assert mask.real_id(mask.public_id("person:ada-lindqvist")) == "person:ada-lindqvist"
    assert mask.public_id("city:ee:tartu") == "city:ee:tartu"
    assert mask.real_id("city:ee:tartu") == "city:ee:tartu"
    shown = mask.apply(g)
    assert shown.nodes["city:ee:tartu"]["sources"] == [SRC]


def test_a_selection_without_people_is_masked_with_the_whole_graphs_names() -> None:
    g = graph()
    selection = g.subgraph(["city:ee:tartu", "practice:tartu:bikes-presented-by-ada-lindqvist"])
    alone = anonymise(nx.MultiDiGraph(selection))
    assert "lindqvist" in everything(alone)  # nobody to learn the name from
    shown = anonymise(nx.MultiDiGraph(selection), people_from=g)
    assert "lindqvist" not in everything(shown)


@pytest.mark.parametrize(
    ("attrs", "expected"),
    [({"label": "Person", "name": "Ada"}, SPEAKER), ({"label": "City", "name": "Lund"}, "Lund")],
)
def test_hidden_name(attrs: dict[str, str], expected: str) -> None:
    assert hidden_name(attrs, "x:y", hide_people=True) == expected
    assert hidden_name(attrs, "x:y", hide_people=False) == attrs["name"]


def test_masking_twice_changes_nothing() -> None:
    once = anonymise(graph())
    twice = anonymise(once)
    assert sorted(twice.nodes(data=True)) == sorted(once.nodes(data=True))
    assert sorted(twice.edges(keys=True)) == sorted(once.edges(keys=True))
