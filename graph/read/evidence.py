r"""The passages of the pages that stated a node or a relation ("stated in: ...").

A recap's ``Source`` node keeps, for each fact it stated, the words of the page that
state it (``graph/core/passages.py``). A node's passages are those its sources keep for
it; a relation's are those of the fact that made it: a person's ``SPOKE_AT`` and
``REPRESENTS`` are stated where the person is, a city's ``SHARED`` practice and the
practice's ``PRESENTED_AT`` where the practice is, a country's ``PARTICIPATED_IN`` where
the country is named. Tables keep no passages: their facts give none.

>>> g = nx.MultiDiGraph()
>>> g.add_node("source:1", label="Source", url="https://x.org/recap",
...            passages=("city:ee:tartu\tplaces.cue_before\tExperts from Tartu came.",))
>>> g.add_node("city:ee:tartu", label="City", name="Tartu", sources=["source:1"])
>>> [(p.text, p.rule, p.url) for p in node_passages(g, "city:ee:tartu")]
[('Experts from Tartu came.', 'places.cue_before', 'https://x.org/recap')]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from graph.core.model import RelType, source_where
from graph.core.passages import PASSAGES, entries

# Which end of a relation is the fact whose passage states the relation.
_STATED_BY_START = frozenset(
    {
        RelType.SPOKE_AT,
        RelType.REPRESENTS,
        RelType.PRESENTED_AT,
        RelType.PARTICIPATED_IN,
        RelType.IN,
    }
)


@dataclass(frozen=True)
class Passage:
    """Words of one page that state a fact, and where the page is."""

    text: str
    rule: str  # the loader's rule that read the fact there
    source: str  # the Source node's id
    where: str  # its file's path, else its address
    url: str | None  # its address, when it has one (a link to it)


def _sources(attrs: dict[str, object]) -> list[str]:
    found = attrs.get("sources") or ()
    return [str(s) for s in found] if isinstance(found, list | tuple) else []


def passages_for(graph: nx.MultiDiGraph, node: str, sources: Iterable[str]) -> list[Passage]:
    """The passages ``sources`` keep for the fact that made ``node``."""
    found = []
    for sid in dict.fromkeys(sources):
        if sid not in graph:
            continue
        attrs = graph.nodes[sid]
        url = attrs.get("url")
        where = source_where(attrs, sid)
        for entry in entries(attrs.get(PASSAGES)):
            if entry.node == node:
                found.append(
                    Passage(entry.passage, entry.rule, sid, where, str(url) if url else None)
                )
    return list(dict.fromkeys(found))


def node_passages(graph: nx.MultiDiGraph, node: str) -> list[Passage]:
    """Where the pages that stated ``node`` state it (empty for a table's facts)."""
    if node not in graph:
        return []
    return passages_for(graph, node, _sources(graph.nodes[node]))


def relation_passages(
    graph: nx.MultiDiGraph, start: str, rel: RelType | str, end: str
) -> list[Passage]:
    """Where the pages that stated the relation ``start -[rel]-> end`` state it."""
    if not graph.has_edge(start, end, key=str(rel)):
        return []
    attrs = graph.edges[start, end, str(rel)]
    fact = start if RelType(rel) in _STATED_BY_START else end
    return passages_for(graph, fact, _sources(attrs))
