"""Who did what, where and when: one pass over a graph into the lookups analysis needs.

Every analysis function takes a networkx graph in the store's shape (graph/store/base.py),
so it works on whatever a store returns (``select(query).graph``).
``CityIndex`` reads it once:

- a city **took part** in an event when it shared a practice presented there (SHARED ->
  PRESENTED_AT), when the event was held in it (HELD_IN), or when a person who represents
  it spoke there (REPRESENTS, SPOKE_AT);
- a city **works on** a topic when it shared a practice about it (SHARED -> ABOUT);
- a practice's **date** is the latest date of the events it was presented at.

The index filters nothing: with a date range or countries it is built on the store's
selection for them (graph/store/base.py's semantics, the Network view's), so the practices
it holds are those presented in the range by cities in those countries, and with them what
the selection holds around them (a practice presented in the range and again later keeps
both events; a city that only sent a speaker is not in a filtered selection).
"""

from __future__ import annotations

import threading
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from datetime import date

import networkx as nx

from graph.core.days import stored_day
from graph.core.errors import CitygraphError
from graph.core.model import Label, RelType, display_name
from graph.ingest.topics import fold, topic_key

# How a city took part in an event (the evidence says which).
SHARED_THERE, HOSTED, SPOKE_THERE = "shared a practice", "hosted it", "a representative spoke"


class AnalysisInputError(CitygraphError):
    """A city or topic asked for is not in the graph, or names several nodes."""


@dataclass
class PracticeInfo:
    id: str
    title: str
    cities: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    presenters: list[str] = field(default_factory=list)
    date: date | None = None


def name_of(graph: nx.MultiDiGraph, node_id: str) -> str:
    return display_name(graph.nodes[node_id], node_id) if node_id in graph else node_id


@dataclass
class CityIndex:
    """Lookups over one graph (see the module docstring for what they mean)."""

    graph: nx.MultiDiGraph
    practices: dict[str, PracticeInfo]
    event_dates: dict[str, date | None]
    city_practices: dict[str, list[str]]  # city -> the practices it shared
    city_topics: dict[str, dict[str, list[str]]]  # city -> topic -> its practices on it
    city_events: dict[str, dict[str, set[str]]]  # city -> event -> how it took part
    topic_cities: dict[str, set[str]]
    event_cities: dict[str, set[str]]

    @property
    def cities(self) -> list[str]:
        return sorted(n for n, a in self.graph.nodes(data=True) if a.get("label") == Label.CITY)

    @property
    def newest_date(self) -> date | None:
        dates = [d for d in self.event_dates.values() if d is not None]
        return max(dates) if dates else None


def _by_type(graph: nx.MultiDiGraph) -> dict[str, list[tuple[str, str]]]:
    edges: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for u, v, k in graph.edges(keys=True):
        edges[str(k)].append((u, v))
    return edges


_INDEXED: OrderedDict[int, CityIndex] = OrderedDict()
_INDEXED_KEEP = 4  # the graphs sessions read at once: the whole graph, a filter or two
_INDEXED_LOCK = threading.Lock()


def build_index(graph: nx.MultiDiGraph) -> CityIndex:
    """``graph``'s ``CityIndex``, read once per frozen graph: a store's selections are
    frozen and shared by every session of the dashboard (graph/ui/store_access.py), so the
    Peer finder, the city map and the time control all use one index of the whole graph
    (0.4 s at 27,000 nodes) instead of each making its own on every rerun. The last few
    are kept (each holds its graph, so an id is never another graph's).
    """
    if not nx.is_frozen(graph):
        return index_graph(graph)
    with _INDEXED_LOCK:
        found = _INDEXED.get(id(graph))
        if found is not None and found.graph is graph:
            _INDEXED.move_to_end(id(graph))
            return found
    found = index_graph(graph)
    with _INDEXED_LOCK:
        _INDEXED[id(graph)] = found
        while len(_INDEXED) > _INDEXED_KEEP:
            _INDEXED.popitem(last=False)
    return found


def index_graph(graph: nx.MultiDiGraph) -> CityIndex:
    """Read ``graph`` once into a ``CityIndex``. It filters nothing: to narrow it (dates,
    countries), index the store's selection for the filters (``PeerScope.of``).

    Example (the graph of tests/graph_fixtures.py)::

        sorted(build_index(graph).topic_cities["topic:e-governance"])
        -> ['city:bo:la-paz', 'city:ee:tartu']
    """
    labels = {n: a.get("label") for n, a in graph.nodes(data=True)}
    event_dates = {
        node: stored_day(graph.nodes[node].get("date"))
        for node, label in labels.items()
        if label == Label.EVENT
    }

    edges = _by_type(graph)
    practices = {
        n: PracticeInfo(id=n, title=name_of(graph, n))
        for n, label in labels.items()
        if label == Label.PRACTICE
    }
    for p, e in edges[RelType.PRESENTED_AT]:
        if p in practices and e in event_dates:
            info = practices[p]
            info.events.append(e)
            d = event_dates[e]
            if d is not None and (info.date is None or d > info.date):
                info.date = d
    for p, t in edges[RelType.ABOUT]:
        if p in practices:
            practices[p].topics.append(t)
    for person, p in edges[RelType.PRESENTED]:
        if p in practices:
            practices[p].presenters.append(person)

    city_practices: dict[str, list[str]] = defaultdict(list)
    city_topics: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    city_events: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for c, p in edges[RelType.SHARED]:
        if p not in practices:
            continue
        info = practices[p]
        info.cities.append(c)
        city_practices[c].append(p)
        for t in info.topics:
            city_topics[c][t].append(p)
        for e in info.events:
            city_events[c][e].add(SHARED_THERE)
    for e, c in edges[RelType.HELD_IN]:
        if e in event_dates:
            city_events[c][e].add(HOSTED)
    spoke: dict[str, list[str]] = defaultdict(list)
    for person, e in edges[RelType.SPOKE_AT]:
        if e in event_dates:
            spoke[person].append(e)
    for person, c in edges[RelType.REPRESENTS]:
        if labels.get(c) == Label.CITY:
            for e in spoke.get(person, ()):
                city_events[c][e].add(SPOKE_THERE)

    topic_cities: dict[str, set[str]] = defaultdict(set)
    for c, topics in city_topics.items():
        for t in topics:
            topic_cities[t].add(c)
    event_cities: dict[str, set[str]] = defaultdict(set)
    for c, events in city_events.items():
        for e in events:
            event_cities[e].add(c)
    return CityIndex(
        graph=graph,
        practices=practices,
        event_dates=event_dates,
        city_practices=city_practices,
        city_topics=city_topics,
        city_events=city_events,
        topic_cities=topic_cities,
        event_cities=event_cities,
    )


def resolve_city(graph: nx.MultiDiGraph, text: str) -> str:
    """The id of the city ``text`` names: an id, a name or another name (any case).

    Raises:
        AnalysisInputError: no city has that name, or several do (the message lists them).
    """
    wanted = text.strip()
    if graph.has_node(wanted) and graph.nodes[wanted].get("label") == Label.CITY:
        return wanted
    needle = wanted.casefold()
    matches = []
    for node, attrs in graph.nodes(data=True):
        if attrs.get("label") != Label.CITY:
            continue
        names = [attrs.get("name"), *(attrs.get("names") or ())]
        if any(isinstance(n, str) and n.casefold() == needle for n in names):
            matches.append(node)
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise AnalysisInputError(f"city {text!r}: no city of that name in the graph")
    raise AnalysisInputError(
        f"city {text!r} names {len(matches)} cities ({', '.join(sorted(matches))}); "
        "give the id instead"
    )


def resolve_topic(graph: nx.MultiDiGraph, text: str) -> str:
    """The id of the topic ``text`` names, in any spelling or language graph/ingest/topics.py
    knows ("E-Government", "Abfallwirtschaft"), or by a topic node's own other names.

    Raises:
        AnalysisInputError: no topic in the graph matches.
    """
    wanted = text.strip()
    if graph.has_node(wanted) and graph.nodes[wanted].get("label") == Label.TOPIC:
        return wanted
    candidate = "topic:" + topic_key(wanted)
    if graph.has_node(candidate):
        return candidate
    key, folded = topic_key(wanted), fold(wanted)
    for node, attrs in graph.nodes(data=True):
        if attrs.get("label") != Label.TOPIC:
            continue
        names = [attrs.get("name"), *(attrs.get("names") or ())]
        if any(isinstance(n, str) and (topic_key(n) == key or fold(n) == folded) for n in names):
            return node
    raise AnalysisInputError(f"topic {text!r}: no topic of that name in the graph")
