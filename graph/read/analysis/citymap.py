"""The city map: a large network's first picture, its cities linked when they met.

Drawn with every practice, event and person, a network of thousands of nodes is a ball of
lines; its cities and who met whom is what a first look asks for. Two cities are linked
when they took part in the same event (graph/read/analysis/index.py says what taking part
means); a link's ``weight`` counts the events they shared and the topics both worked on,
and its ``title`` names them. Topics alone link no pair: one that hundreds of cities work
on would link each to every other.

To stay readable, each city keeps only its ``links_per_city`` strongest links (the union
over cities: every city keeps at least its best tie), and when there are more than
``limit`` cities, the map grows from the best-connected city along the strongest links,
so what is shown hangs together. ``CityMap`` says how much was left out.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> for c in ("a", "b", "c"):
...     g.add_node(f"city:xx:{c}", label="City", name=c.upper())
>>> g.add_node("practice:p", label="Practice", title="P")
>>> g.add_node("practice:q", label="Practice", title="Q")
>>> g.add_node("event:e", label="Event", title="Forum")
>>> for city, practice in (("a", "p"), ("b", "q")):
...     _ = g.add_edge(f"city:xx:{city}", f"practice:{practice}", key="SHARED", type="SHARED")
...     _ = g.add_edge(f"practice:{practice}", "event:e", key="PRESENTED_AT",
...                    type="PRESENTED_AT")
>>> found = city_map(g, limit=10)
>>> list(found.graph.edges(data="title"))
[('city:xx:a', 'city:xx:b', 'met at: Forum')]
>>> found.cities, found.met, found.events["city:xx:a"]
(3, 2, 1)
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import networkx as nx

from graph.read.analysis.index import CityIndex, build_index
from graph.read.analysis.metrics import link_text
from graph.read.analysis.pairs import linked_pairs, shared_events, shared_topics, strongest
from graph.read.masked import MaskedGraphs

LINKS_PER_CITY = 3
MET = "MET"  # the links' relation type (in exports: ``relation``)


@dataclass(frozen=True)
class CityMap:
    """The map to draw, and what it leaves out."""

    graph: nx.MultiDiGraph  # cities (label, name, country_code); one MET link per pair
    cities: int  # cities in the graph read
    met: int  # of them, those that met another city at an event
    pairs: int  # pairs of cities that met
    events: dict[str, int]  # per city shown: the events it took part in


def city_map(
    graph: nx.MultiDiGraph,
    *,
    limit: int,
    links_per_city: int = LINKS_PER_CITY,
    index: CityIndex | None = None,
) -> CityMap:
    """The cities of ``graph`` linked when they met (see the module docstring), at most
    ``limit`` of them, connected; ``index``: ``graph``'s, when the caller has it already."""
    index = build_index(graph) if index is None else index
    met = linked_pairs(index)  # pairs that met at an event, with their shared topics
    weights = met.events + met.topics
    weight = {(a, b): w for (a, b, *_), w in zip(met.named(), weights.tolist(), strict=True)}
    kept = strongest(met, weights, links_per_city)
    backbone = nx.Graph()
    backbone.add_weighted_edges_from((a, b, weight[a, b]) for a, b in kept)
    chosen = _grown(backbone, limit)
    drawn = nx.MultiDiGraph()
    for city in sorted(chosen):
        attrs = graph.nodes[city]
        drawn.add_node(
            city, **{k: attrs[k] for k in ("label", "name", "country_code") if attrs.get(k)}
        )
    for a, b in kept:
        if a in chosen and b in chosen:
            events, topics = shared_events(index, a, b), shared_topics(index, a, b)
            drawn.add_edge(
                a,
                b,
                key=MET,
                type=MET,
                weight=weight[a, b],
                title=link_text(graph, {"events": events, "topics": topics}),
                events=events,
                topics=topics,
            )
    return CityMap(
        graph=drawn,
        cities=len(index.cities),
        met=len(set(met.first.tolist()) | set(met.second.tolist())),
        pairs=len(met),
        events={c: len(index.city_events.get(c, {})) for c in chosen},
    )


def _grown(backbone: nx.Graph, limit: int) -> set[str]:
    """At most ``limit`` nodes that hang together: from the node of highest strength, the
    strongest link out of the part chosen so far, again and again (ties by id)."""
    if backbone.number_of_nodes() <= limit:
        return set(backbone.nodes)
    strength = dict(backbone.degree(weight="weight"))
    start = min(backbone.nodes, key=lambda n: (-strength[n], n))
    chosen: set[str] = set()
    frontier: list[tuple[int, str]] = [(0, start)]
    while frontier and len(chosen) < limit:
        _, node = heapq.heappop(frontier)
        if node in chosen:
            continue
        chosen.add(node)
        for other, attrs in backbone[node].items():
            if other not in chosen:
                heapq.heappush(frontier, (-attrs["weight"], other))
    return chosen


def city_map_json(found: CityMap) -> dict[str, Any]:
    """``found`` as JSON-ready data (to keep it on disk: graph/read/cache.py)."""
    return {
        "nodes": [[n, a] for n, a in found.graph.nodes(data=True)],
        "links": [[u, v, k, a] for u, v, k, a in found.graph.edges(keys=True, data=True)],
        "cities": found.cities,
        "met": found.met,
        "pairs": found.pairs,
        "events": found.events,
    }


def city_map_from_json(data: Mapping[str, Any]) -> CityMap:
    """The ``CityMap`` ``city_map_json`` made data of.

    >>> g = nx.MultiDiGraph(); g.add_node("city:xx:a", label="City", name="A")
    >>> found = CityMap(graph=g, cities=1, met=0, pairs=0, events={"city:xx:a": 2})
    >>> again = city_map_from_json(city_map_json(found))
    >>> dict(again.graph.nodes(data=True)) == dict(g.nodes(data=True)), again.events
    (True, {'city:xx:a': 2})
    """
    graph = nx.MultiDiGraph()
    for node, attrs in data["nodes"]:
        graph.add_node(node, **attrs)
    for u, v, key, attrs in data["links"]:
        graph.add_edge(u, v, key=key, **attrs)
    return CityMap(
        graph=graph,
        cities=int(data["cities"]),
        met=int(data["met"]),
        pairs=int(data["pairs"]),
        events={str(k): int(v) for k, v in data["events"].items()},
    )


def masked_city_map(found: CityMap, masked: MaskedGraphs) -> CityMap:
    """``found`` as presenter mode shows it: what ``city_map`` makes of the masked graph
    (cities' ids and names as shown, the links' titles masked, their events and topics by
    their shown ids), made from the map itself rather than from the masked graph again."""
    mask = masked.mask
    ids = {n: masked.shown_id(n, a) for n, a in found.graph.nodes(data=True)}
    graph = nx.MultiDiGraph()
    for node, attrs in found.graph.nodes(data=True):
        graph.add_node(ids[node], **masked.node_attrs(node, attrs))
    for u, v, key, attrs in found.graph.edges(keys=True, data=True):
        graph.add_edge(
            ids[u],
            ids[v],
            key=key,
            **{
                **attrs,
                "title": mask.text(str(attrs.get("title", ""))),
                "events": [mask.public_id(e) for e in attrs.get("events", ())],
                "topics": [mask.public_id(t) for t in attrs.get("topics", ())],
            },
        )
    return replace(found, graph=graph, events={ids.get(c, c): n for c, n in found.events.items()})


__all__ = [
    "MET",
    "CityMap",
    "city_map",
    "city_map_from_json",
    "city_map_json",
    "masked_city_map",
]
