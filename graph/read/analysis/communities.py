"""Communities named by what their members share most: their top topics, else their
countries ("e-governance, mobility" rather than "group 3").

A member's topics: a Topic itself; the topics a Practice or an Event is ABOUT; the topics
of the practices a City SHARED. Its country: a City's ``country_code``, a Country's code.
A community is named by the two topics most its own (held by at least ``TOPIC_SHARE`` of
its members, and two of them; ranked by how much more often its members hold them than
all members do, so a topic every community shares names none), otherwise by the
countries most its own, otherwise it keeps its number. Names are unique (a repeated one
gets its number).

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> for c, cc in (("a", "EE"), ("b", "EE"), ("c", "BO"), ("d", "BO")):
...     g.add_node(f"city:{c}", label="City", name=c, country_code=cc)
>>> g.add_node("country:ee", label="Country", name="Estonia", code="EE")
>>> g.add_node("country:bo", label="Country", name="Bolivia", code="BO")
>>> g.add_node("topic:w", label="Topic", name="waste")
>>> for c in ("a", "b"):
...     _ = g.add_edge(f"city:{c}", f"practice:{c}", key="SHARED")
...     _ = g.add_edge(f"practice:{c}", "topic:w", key="ABOUT")
>>> community_names(g, {"city:a": 0, "city:b": 0, "city:c": 1, "city:d": 1})
{0: 'waste', 1: 'Bolivia'}
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterator, Mapping
from typing import TypeVar

import networkx as nx

from graph.core.model import Label, RelType, display_name

T = TypeVar("T", bound=Hashable)
TOPIC_SHARE = 0.3  # of a community's members holding its top topic, for a name by topics
NAMES = 2  # topics or countries in a name


def _topics(graph: nx.MultiDiGraph, node: Hashable) -> set[Hashable]:
    attrs = graph.nodes[node]
    label = attrs.get("label")
    if label == Label.TOPIC:
        return {node}
    if label in (Label.PRACTICE, Label.EVENT):
        return set(_ends(graph, node, RelType.ABOUT))
    if label == Label.CITY:
        return {
            t for p in _ends(graph, node, RelType.SHARED) for t in _ends(graph, p, RelType.ABOUT)
        }
    return set()


def _ends(graph: nx.MultiDiGraph, node: Hashable, relation: RelType) -> Iterator[Hashable]:
    for _, end, key in graph.out_edges(node, keys=True):
        if key == relation:
            yield end


def _country(graph: nx.MultiDiGraph, node: Hashable) -> str | None:
    attrs = graph.nodes[node]
    code = attrs.get("code") if attrs.get("label") == Label.COUNTRY else attrs.get("country_code")
    return str(code).upper() if code else None


def _most_their_own(
    here: Counter[T], overall: Counter[T], size: int, everyone: int, *, least: float
) -> list[T]:
    """The ``NAMES`` values held by at least ``least`` members here that are most this
    group's own: by how much more often they are held here than over all groups (a topic
    every community shares names none of them), then by how often."""
    held = [v for v, n in here.items() if n >= least]
    held.sort(key=lambda v: (-(here[v] / size - overall[v] / everyone), -here[v], str(v)))
    return held[:NAMES]


def country_names(graph: nx.MultiDiGraph) -> dict[str, str]:
    """The names of ``graph``'s countries by their code (upper case).

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("country:ee", label="Country", name="Estonia", code="ee")
    >>> country_names(g)
    {'EE': 'Estonia'}
    """
    return {
        str(a.get("code")).upper(): display_name(dict(a), str(n))
        for n, a in graph.nodes(data=True)
        if a.get("label") == Label.COUNTRY and a.get("code")
    }


def community_names(graph: nx.MultiDiGraph, groups: Mapping[Hashable, int]) -> dict[int, str]:
    """A name for each group number in ``groups`` (node -> group), read in ``graph``
    (the whole graph, or the one the groups were found in: nodes it lacks count for
    nothing)."""
    members: dict[int, list[Hashable]] = {}
    for node, group in groups.items():
        members.setdefault(group, []).append(node)
    names_of_countries = country_names(graph)
    topics_of = {n: {t for t in _topics(graph, n) if t in graph} for n in groups if n in graph}
    country_of = {n: _country(graph, n) for n in groups if n in graph}
    everyone = len(topics_of) or 1
    topic_all = Counter(t for ts in topics_of.values() for t in ts)
    country_all = Counter(c for c in country_of.values() if c)
    names: dict[int, str] = {}
    for group in sorted(members):
        inside = [n for n in members[group] if n in graph]
        size = len(inside) or 1
        topics = Counter(t for n in inside for t in topics_of[n])
        countries = Counter(c for n in inside if (c := country_of[n]))
        top = _most_their_own(topics, topic_all, size, everyone, least=max(2, TOPIC_SHARE * size))
        if top:
            name = ", ".join(display_name(dict(graph.nodes[t]), str(t)) for t in top)
        elif countries:
            mine = _most_their_own(countries, country_all, size, everyone, least=1)
            name = ", ".join(names_of_countries.get(str(c), str(c)) for c in mine)
        else:
            name = f"group {group + 1}"
        names[group] = name if name not in names.values() else f"{name} ({group + 1})"
    return names


__all__ = ["community_names", "country_names"]
