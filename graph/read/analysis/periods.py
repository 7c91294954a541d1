"""When each node and relation of a drawing took part in the network: its first and last
year of dated events, for the time control that replays the network's growth.

A node's years come from the events it is tied to (``RULES``, one per label): an event's
own date; a practice's presentations; a city's events taken part in
(graph/read/analysis/index.py: shared a practice there, hosted it, a representative
spoke); a country's participations and its cities' events; a topic's events and the
presentations of practices on it; a person's talks and presentations; an organisation's
people's; a source's events. A relation appears when both its ends have (a city map's
``MET`` tie: at the first event the two cities shared). Undated events count in no year:
a node known only from them has no years, and the time control leaves it out while a
period is shown, saying how many undated events there are.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("event:a", label="Event", date="2019-05-02")
>>> g.add_node("event:b", label="Event", date="2021-01-20")
>>> g.add_node("practice:p", label="Practice")
>>> _ = g.add_edge("practice:p", "event:a", key="PRESENTED_AT")
>>> _ = g.add_edge("practice:p", "event:b", key="PRESENTED_AT")
>>> found = activity(g, g)
>>> found.years, found.span["practice:p"]
([2019, 2020, 2021], (2019, 2021))
>>> nodes = [{"id": "practice:p"}, {"id": "event:b"}, {"id": "topic:undated"}]
>>> found.stamp(nodes, [])
>>> [n.get("years") for n in nodes]
[[2019, 2021], [2021, 2021], None]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx

from graph.core.model import Label, RelType
from graph.read.analysis.citymap import MET
from graph.read.analysis.index import CityIndex, build_index


@dataclass(frozen=True)
class Activity:
    """Per node of a drawing, its first and last year (``span``; nodes without a dated
    event are absent), per relation the year it appears, the years from the first to the
    last, and how many events are undated; ``reason`` when no event has a date."""

    years: list[int]
    span: dict[str, tuple[int, int]]
    edges: dict[tuple[str, str], int]  # (from, to) -> the year the relation appears
    undated_events: int
    reason: str | None = None

    def as_data(self) -> dict[str, object]:
        """What templates/timeline.js reads as ``data.timeline`` of a drawing (the nodes' and
        relations' own years go on them: ``stamp``)."""
        return {
            "years": self.years,
            "steps": [str(y) for y in self.years],
            "undated": self.undated_events,
            "reason": self.reason,
        }

    def stamp(self, nodes: Iterable[dict[str, Any]], edges: Iterable[dict[str, Any]]) -> None:
        """Write each drawn node's years (``years``: [first, last]) and each relation's
        (``year``) on the drawing's own node and edge records, as templates/timeline.js
        reads them: beside the ids already sent, not in a list naming them again (a map of
        4,281 cities and 11,576 ties: 3.72 -> 3.28 MB of drawing data)."""
        for node in nodes:
            span = self.span.get(str(node["id"]))
            if span:
                node["years"] = list(span)
        for edge in edges:
            year = self.edges.get((str(edge["from"]), str(edge["to"])))
            if year is not None:
                edge["year"] = year


class _Dates:
    """The context graph's event dates and the lookups the rules share."""

    def __init__(self, context: nx.MultiDiGraph, index: CityIndex | None = None) -> None:
        self.graph = context
        self.index: CityIndex = build_index(context) if index is None else index
        self.dates: dict[str, date] = {
            e: d for e, d in self.index.event_dates.items() if d is not None
        }

    def events_of(self, node: str, rel: RelType, *, out: bool) -> list[date]:
        g = self.graph
        edges = g.out_edges(node, keys=True) if out else g.in_edges(node, keys=True)
        ends = (v if out else u for u, v, k in edges if k == rel)
        return [self.dates[e] for e in ends if e in self.dates]

    def practice(self, node: str) -> list[date]:
        return self.events_of(node, RelType.PRESENTED_AT, out=True)

    def ends(self, node: str, rel: RelType, *, out: bool) -> list[str]:
        g = self.graph
        edges = g.out_edges(node, keys=True) if out else g.in_edges(node, keys=True)
        return [v if out else u for u, v, k in edges if k == rel]


def _event(d: _Dates, node: str) -> Iterable[date]:
    return [d.dates[node]] if node in d.dates else []


def _practice(d: _Dates, node: str) -> Iterable[date]:
    return d.practice(node)


def _city(d: _Dates, node: str) -> Iterable[date]:
    return [d.dates[e] for e in d.index.city_events.get(node, {}) if e in d.dates]


def _country(d: _Dates, node: str) -> Iterable[date]:
    found = d.events_of(node, RelType.PARTICIPATED_IN, out=True)
    for city in d.ends(node, RelType.IN, out=False):
        found.extend(_city(d, city))
    return found


def _topic(d: _Dates, node: str) -> Iterable[date]:
    found = d.events_of(node, RelType.ABOUT, out=False)  # events about it
    for practice in d.ends(node, RelType.ABOUT, out=False):
        found.extend(d.practice(practice))
    return found


def _person(d: _Dates, node: str) -> Iterable[date]:
    found = d.events_of(node, RelType.SPOKE_AT, out=True)
    for practice in d.ends(node, RelType.PRESENTED, out=True):
        found.extend(d.practice(practice))
    return found


def _organisation(d: _Dates, node: str) -> Iterable[date]:
    return [x for person in d.ends(node, RelType.REPRESENTS, out=False) for x in _person(d, person)]


def _source(d: _Dates, node: str) -> Iterable[date]:
    return d.events_of(node, RelType.DESCRIBES, out=True)


Rule = Callable[[_Dates, str], Iterable[date]]
RULES: dict[str, Rule] = {
    Label.EVENT: _event,
    Label.PRACTICE: _practice,
    Label.CITY: _city,
    Label.COUNTRY: _country,
    Label.TOPIC: _topic,
    Label.PERSON: _person,
    Label.ORGANISATION: _organisation,
    Label.SOURCE: _source,
}


def activity(
    drawn: nx.MultiDiGraph, context: nx.MultiDiGraph, *, index: CityIndex | None = None
) -> Activity:
    """The years of ``drawn``'s nodes and relations, read in ``context`` (the graph the
    drawing was cut from: a capped drawing's nodes keep all their events); ``index``:
    ``context``'s, when the caller has it already."""
    d = _Dates(context, index)
    undated = len(d.index.event_dates) - len(d.dates)
    if not d.dates:
        return Activity(
            years=[],
            span={},
            edges={},
            undated_events=undated,
            reason="no event has a date, so the network cannot be replayed over time",
        )
    span: dict[str, tuple[int, int]] = {}
    for node, attrs in drawn.nodes(data=True):
        rule = RULES.get(str(attrs.get("label")))
        found = [x.year for x in rule(d, node)] if rule and node in context else []
        if found:
            span[node] = (min(found), max(found))
    edges: dict[tuple[str, str], int] = defaultdict(int)
    for u, v, k, attrs in drawn.edges(keys=True, data=True):
        if u not in span or v not in span:
            continue
        year = max(span[u][0], span[v][0])
        if k == MET:
            met = [d.dates[e].year for e in attrs.get("events") or () if e in d.dates]
            year = min(met) if met else year
        edges[u, v] = max(edges.get((u, v), 0), year)
    first = min(x.year for x in d.dates.values())
    last = max(x.year for x in d.dates.values())
    return Activity(
        years=list(range(first, last + 1)),
        span=span,
        edges=dict(edges),
        undated_events=undated,
    )


__all__ = ["RULES", "Activity", "activity"]
