"""Whom a city met: the city, the events it took part in and the other cities there.

What "Open X's network" on the city map shows: the ties behind X's links on the map
(graph/read/analysis/citymap.py), not X's whole neighbourhood of practices and people.
A city took part in an event as graph/read/analysis/index.py says (it shared a practice
there, hosted it, or one of its people spoke there). When there are more nodes than
``limit``, the events with the most other cities are kept first (then the newest).

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> for c in ("a", "b", "c"):
...     g.add_node(f"city:xx:{c}", label="City", name=c.upper())
>>> g.add_node("event:e", label="Event", title="Forum", date="2021-03-12")
>>> for c in ("a", "b"):
...     g.add_node(f"practice:{c}", label="Practice", title=c)
...     _ = g.add_edge(f"city:xx:{c}", f"practice:{c}", key="SHARED", type="SHARED")
...     _ = g.add_edge(f"practice:{c}", "event:e", key="PRESENTED_AT", type="PRESENTED_AT")
>>> found = meetings(g, "city:xx:a", limit=50)
>>> sorted(found.graph.nodes), found.events, found.cities
(['city:xx:a', 'city:xx:b', 'event:e'], 1, 1)
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from graph.read.analysis.index import build_index

TOOK_PART = "TOOK_PART_IN"  # the drawn relations' type: a city took part in an event


@dataclass(frozen=True)
class Meetings:
    """The drawing, and how much it holds of what there is."""

    graph: nx.MultiDiGraph
    events: int  # events the city took part in
    cities: int  # other cities it met there
    kept_events: int  # of the events, those drawn (all unless over the limit)


def meetings(graph: nx.MultiDiGraph, city: str, *, limit: int) -> Meetings:
    """The cities ``city`` met in ``graph`` and the events where (see the module)."""
    index = build_index(graph)
    taken = index.city_events.get(city, {})
    others = {e: sorted(index.event_cities.get(e, set()) - {city}) for e in taken}
    met = {c for cities in others.values() for c in cities}
    newest_first = sorted(taken, key=lambda e: str(graph.nodes[e].get("date") or ""), reverse=True)
    order = sorted(newest_first, key=lambda e: -len(others[e]))  # stable: newest among equals
    drawn = nx.MultiDiGraph()
    if city in graph:
        drawn.add_node(city, **graph.nodes[city])
    kept = 0
    for event in order:
        new = [event, *(c for c in others[event] if c not in drawn)]
        if drawn.number_of_nodes() + len(new) > max(limit, 2) and kept:
            break
        kept += 1
        for node in new:
            drawn.add_node(node, **graph.nodes[node])
        for member in (city, *others[event]):
            how = ", ".join(sorted(index.city_events.get(member, {}).get(event, ())))
            drawn.add_edge(member, event, key=TOOK_PART, type=TOOK_PART, title=f"took part: {how}")
    return Meetings(graph=drawn, events=len(taken), cities=len(met), kept_events=kept)


__all__ = ["TOOK_PART", "Meetings", "meetings"]
