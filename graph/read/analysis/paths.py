"""How two cities are connected: the shortest chain of practices, events and people.

The walk goes over relations in either direction, through Practice, Event, Person,
Organisation and City nodes only by default: a chain through a Topic ("both work on
mobility") or a Country ("both are in Germany") is true but says nothing about who met
whom, so those are opt-in (``through``). Among chains of equal length, one through
practices and events is preferred to one through people (a tiny extra cost per step
that touches a Person or Organisation), so the answer does not depend on node order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

import networkx as nx

from graph.core.model import Label
from graph.read.analysis.index import name_of, resolve_city
from graph.store.base import Selection

PATH_LABELS = frozenset({Label.CITY, Label.PRACTICE, Label.EVENT, Label.PERSON, Label.ORGANISATION})
_DETOUR = 1e-3  # the extra cost of a step that touches a person or an organisation
_DETOUR_LABELS = frozenset({Label.PERSON.value, Label.ORGANISATION.value})


@dataclass(frozen=True)
class Step:
    id: str
    label: str
    name: str
    relation: str | None  # the relation to the next step (None for the last)
    forward: bool  # True when this step is the relation's start


@dataclass(frozen=True)
class CityPath:
    steps: list[Step]

    @property
    def hops(self) -> int:
        return len(self.steps) - 1

    def text(self) -> str:
        """The chain on one line: ``Tartu -SHARED-> E-services ... <-SHARED- La Paz``."""
        parts = []
        for step in self.steps:
            parts.append(step.name)
            if step.relation:
                parts.append(f"-{step.relation}->" if step.forward else f"<-{step.relation}-")
        return " ".join(parts)

    def as_json(self) -> dict:
        return {"hops": self.hops, "text": self.text(), **asdict(self)}


def city_path(
    selection: Selection,
    start: str,
    end: str,
    *,
    through: Iterable[Label | str] = PATH_LABELS,
) -> CityPath | None:
    """The shortest chain connecting two cities (ids or names), or None when there is none.

    Raises:
        AnalysisInputError: a city is not in the graph.

    Example (the graph of tests/graph_fixtures.py)::

        city_path(selection, "Tartu", "La Paz").text()
        -> 'Tartu -SHARED-> E-services in Tartu -PRESENTED_AT-> Municipal COVID-19
           governance <-PRESENTED_AT- I-Government in La Paz <-SHARED- La Paz'
    """
    graph = selection.graph
    a, b = resolve_city(graph, start), resolve_city(graph, end)
    return node_path(graph, a, b, through={*through, Label.CITY})


def node_path(
    graph: nx.MultiDiGraph, a: str, b: str, *, through: Iterable[Label | str] = PATH_LABELS
) -> CityPath | None:
    """The shortest chain between any two nodes (ids in ``graph``), walking through nodes
    of the ``through`` kinds (the two ends may be of any kind); None when there is none.

    >>> g = nx.MultiDiGraph()
    >>> for n, label in [("t", "Topic"), ("p", "Practice"), ("e", "Event")]:
    ...     g.add_node(n, label=label, title=n)
    >>> _ = g.add_edge("p", "t", key="ABOUT")
    >>> _ = g.add_edge("p", "e", key="PRESENTED_AT")
    >>> node_path(g, "t", "e").text()
    't <-ABOUT- p -PRESENTED_AT-> e'
    """
    allowed = {str(label) for label in through}
    keep = [
        n for n, attrs in graph.nodes(data=True) if attrs.get("label") in allowed or n in (a, b)
    ]
    walk = graph.subgraph(keep).to_undirected(as_view=True)
    labels = {n: graph.nodes[n].get("label") for n in keep}

    def cost(u: str, v: str, _: object) -> float:
        return 1 + _DETOUR * ((labels[u] in _DETOUR_LABELS) + (labels[v] in _DETOUR_LABELS))

    try:
        nodes = nx.shortest_path(walk, a, b, weight=cost)
    except nx.NetworkXNoPath:
        return None
    steps = []
    for i, node in enumerate(nodes):
        relation, forward = None, True
        if i + 1 < len(nodes):
            nxt = nodes[i + 1]
            if graph.has_edge(node, nxt):
                relation, forward = min(graph[node][nxt]), True
            else:
                relation, forward = min(graph[nxt][node]), False
        steps.append(
            Step(
                id=node,
                label=str(graph.nodes[node].get("label")),
                name=name_of(graph, node),
                relation=relation,
                forward=forward,
            )
        )
    return CityPath(steps=steps)
