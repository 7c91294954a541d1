"""Reads shared by every session: a selection is the store's data, never a copy that could
go stale or a graph that a later change in the same process could alter."""

from __future__ import annotations

import networkx as nx
import pytest
from graph_fixtures import TARTU, nodes, relations

from graph.core.model import Label, Node, Relation, RelType
from graph.store.base import WHOLE_GRAPH, SubgraphQuery
from graph.store.memory import MemoryStore

LYON = "city:fr:lyon"


def filled() -> MemoryStore:
    store = MemoryStore()
    store.upsert(nodes(), relations())
    return store


def lyon() -> tuple[list[Node], list[Relation]]:
    node = Node(id=LYON, label=Label.CITY, properties={"name": "Lyon", "country_code": "FR"})
    country = Node(id="country:fr", label=Label.COUNTRY, properties={"code": "FR"})
    return [node, country], [Relation(start=LYON, type=RelType.IN, end="country:fr")]


def test_a_selection_stays_as_it_was_when_the_store_changes_after() -> None:
    store = filled()
    whole = store.select(WHOLE_GRAPH).graph
    cities = store.select(SubgraphQuery(labels=frozenset({Label.CITY}), limit=None)).graph
    before = (dict(whole.nodes(data=True)), sorted(whole.edges(keys=True)), set(cities))
    tartu = dict(whole.nodes[TARTU])
    added_nodes, added_relations = lyon()
    tartu_again = Node(id=TARTU, label=Label.CITY, properties={"name": "Tartu", "lat": 1.5})
    store.upsert([*added_nodes, tartu_again], added_relations)
    assert (dict(whole.nodes(data=True)), sorted(whole.edges(keys=True)), set(cities)) == before
    assert whole.nodes[TARTU] == tartu
    # the store itself moved on
    now = store.select(WHOLE_GRAPH).graph
    assert LYON in now and now.nodes[TARTU]["lat"] == 1.5


def test_selections_are_read_only() -> None:
    store = filled()
    for query in (WHOLE_GRAPH, SubgraphQuery(labels=frozenset({Label.CITY}), limit=None)):
        graph = store.select(query).graph
        with pytest.raises(nx.NetworkXError):
            graph.add_node("city:xx:new")
        with pytest.raises(nx.NetworkXError):
            graph.remove_node(TARTU)
