"""A node in words, for tooltips and captions: "City in Estonia · 3 practices · 2 events".

Counts come from the graph given (the dashboard passes the whole graph, so a tooltip tells
what is known, not only what is drawn). People are "Speaker" in presenter mode, and no
other node's words name a person.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("city:ee:tartu", label="City", name="Tartu", country_code="EE")
>>> g.add_node("country:ee", label="Country", name="Estonia")
>>> g.add_node("practice:a", label="Practice", title="E-services")
>>> g.add_node("event:e", label="Event", title="Forum", date="2021-03-12")
>>> _ = g.add_edge("city:ee:tartu", "country:ee", key="IN", type="IN")
>>> _ = g.add_edge("city:ee:tartu", "practice:a", key="SHARED", type="SHARED")
>>> _ = g.add_edge("practice:a", "event:e", key="PRESENTED_AT", type="PRESENTED_AT")
>>> describe(g, "city:ee:tartu")
'City in Estonia · 1 practice · 1 event'
>>> describe(g, "practice:a")
'Practice shared by Tartu · presented at Forum (2021-03-12)'
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping
from typing import Any

import networkx as nx

from graph.core.model import Label, RelType
from graph.read.anonymise import SPEAKER, hidden_name

SEP = " · "


def city_choice(name: str, code: str | None, countries: Mapping[str, str]) -> str:
    """A city as the dashboard names it (pickers, the peers' headings, the map's tooltips):
    its name and its country's ("Tartu, Estonia"); a city without a country, its name
    alone; a code ``countries`` (names by upper-case code) lacks, the code.

    >>> city_choice("Tartu", "ee", {"EE": "Estonia"}), city_choice("Atlantis", None, {})
    ('Tartu, Estonia', 'Atlantis')
    >>> city_choice("Narva", "EE", {})
    'Narva, EE'
    """
    if not code:
        return name
    return f"{name}, {countries.get(code.upper(), code.upper())}"


def caption(node: Hashable, attrs: Mapping[str, Any], *, presenter: bool = False) -> str:
    """A node's name as drawn: its name, title, path or url, else its id; "Speaker" for a
    person in presenter mode.

    >>> caption("person:x", {"label": "Person", "name": "Ann"}, presenter=True)
    'Speaker'
    """
    return hidden_name(attrs, str(node), hide_people=presenter)


def plural(count: int, word: str) -> str:
    """A count and a word, the word in plural when the count is not one.

    >>> plural(1, "event"), plural(3, "city"), plural(2, "match")
    ('1 event', '3 cities', '2 matches')
    """
    if count == 1:
        return f"1 {word}"
    if word.endswith("y") and word[-2:] not in ("ay", "ey", "oy"):
        return f"{count} {word[:-1]}ies"
    if word.endswith(("s", "sh", "ch", "x", "z")):
        return f"{count} {word}es"
    return f"{count} {word}s"


def _relations(graph: nx.Graph, node: Hashable) -> Iterator[tuple[str, Hashable, bool]]:
    """(relation type, the other node, whether ``node`` is the start) for each relation."""
    if graph.is_directed():
        for _, other, attrs in graph.out_edges(node, data=True):
            yield str(attrs.get("type", "")), other, True
        for other, _, attrs in graph.in_edges(node, data=True):
            yield str(attrs.get("type", "")), other, False
    else:
        for _, other, attrs in graph.edges(node, data=True):
            yield str(attrs.get("type", "")), other, True


def _label(graph: nx.Graph, node: Hashable) -> str:
    return str(graph.nodes[node].get("label", ""))


def _names(graph: nx.Graph, nodes: list[Hashable], limit: int = 2) -> str:
    """The first few names (never a person's), "and N more" after them."""
    shown = sorted({caption(n, graph.nodes[n]) for n in nodes if _label(graph, n) != Label.PERSON})
    text = ", ".join(_short(n) for n in shown[:limit])
    return text + (f" and {len(shown) - limit} more" if len(shown) > limit else "")


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe(graph: nx.Graph, node: Hashable, *, presenter: bool = False) -> str:
    """One line saying what ``node`` is and how it is connected, in words."""
    attrs = graph.nodes[node]
    kind = str(attrs.get("label") or "Node")
    by: dict[tuple[str, bool], list[Hashable]] = {}
    for rel, other, out in _relations(graph, node):
        by.setdefault((rel, out), []).append(other)

    def ends(rel: RelType, *, out: bool) -> list[Hashable]:
        return list(dict.fromkeys(by.get((rel.value, out), [])))

    parts: list[str]
    if kind == Label.CITY:
        countries = ends(RelType.IN, out=True)
        where = _names(graph, countries, 1) if countries else str(attrs.get("country_code") or "")
        practices = ends(RelType.SHARED, out=True)
        met = {
            e
            for p in practices
            for rel, e, out in _relations(graph, p)
            if rel == RelType.PRESENTED_AT and out
        }
        met.update(ends(RelType.HELD_IN, out=False))
        parts = [f"City in {where}" if where else "City"]
        parts += [plural(len(practices), "practice"), plural(len(met), "event")]
    elif kind == Label.PRACTICE:
        cities = ends(RelType.SHARED, out=False)
        events = ends(RelType.PRESENTED_AT, out=True)
        topics = ends(RelType.ABOUT, out=True)
        parts = [f"Practice shared by {_names(graph, cities)}" if cities else "Practice"]
        if events:
            first = graph.nodes[events[0]]
            when = f" ({first['date']})" if first.get("date") else ""
            more = f" and {len(events) - 1} more" if len(events) > 1 else ""
            parts.append(f"presented at {_short(caption(events[0], first))}{when}{more}")
        if topics:
            parts.append(f"about {_names(graph, topics, 3)}")
    elif kind == Label.EVENT:
        held = ends(RelType.HELD_IN, out=True)
        parts = ["Event" + (f" on {attrs['date']}" if attrs.get("date") else "")]
        if held:
            parts[0] += f" in {_names(graph, held, 1)}"
        parts += [
            plural(len(ends(RelType.PRESENTED_AT, out=False)), "practice"),
            plural(len(ends(RelType.PARTICIPATED_IN, out=False)), "country"),
        ]
    elif kind == Label.TOPIC:
        about = ends(RelType.ABOUT, out=False)
        practices = [n for n in about if _label(graph, n) == Label.PRACTICE]
        events = [n for n in about if _label(graph, n) == Label.EVENT]
        parts = ["Topic", plural(len(practices), "practice"), plural(len(events), "event")]
    elif kind == Label.COUNTRY:
        parts = [
            "Country",
            plural(len(ends(RelType.IN, out=False)), "city"),
            f"took part in {plural(len(ends(RelType.PARTICIPATED_IN, out=True)), 'event')}",
        ]
    elif kind == Label.PERSON:
        represents = ends(RelType.REPRESENTS, out=True)
        parts = [SPEAKER if presenter else "Person"]
        if represents:
            parts[0] += f" for {_names(graph, represents, 1)}"
        parts += [
            f"presented {plural(len(ends(RelType.PRESENTED, out=True)), 'practice')}",
            f"spoke at {plural(len(ends(RelType.SPOKE_AT, out=True)), 'event')}",
        ]
    elif kind == Label.ORGANISATION:
        parts = ["Organisation", plural(len(ends(RelType.REPRESENTS, out=False)), "person")]
    elif kind == Label.SOURCE:
        where = attrs.get("url") or attrs.get("path")
        parts = [f"Source: {where}" if where else "Source"]
        parts.append(f"describes {plural(len(ends(RelType.DESCRIBES, out=True)), 'event')}")
    else:
        parts = [kind, plural(graph.degree(node), "connection")]
    return SEP.join(parts)
