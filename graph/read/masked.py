"""Presenter mode's graphs without a second copy of the graph: one ``Mask`` applied once.

``Mask.apply`` (graph/read/anonymise.py) makes a new graph with every attribute dict
masked: at 27,000 nodes that is a second copy of the graph, 1.5 s, for every selection a
view reads. Most of a graph does not change under the mask (a city, an event, a relation
naming nobody), so ``MaskedGraphs`` learns once, from the whole graph, which nodes and
relations do (their masked attributes, their shown ids), and ``apply`` then builds a
selection's masked graph from its structure alone: each unchanged attribute dict is the
store's own (read-only, as every selection), a changed one the masked one learnt. The
result equals ``mask.apply(graph)`` (tested); what it costs is the structure's dicts.

>>> g = nx.MultiDiGraph()
>>> g.add_node("person:ada-lind", label="Person", name="Ada Lind", role="Mayor")
>>> g.add_node("practice:bikes", label="Practice", title="Bikes, by Ada Lind")
>>> g.add_node("city:ee:tartu", label="City", name="Tartu")
>>> _ = g.add_edge("person:ada-lind", "practice:bikes", key="PRESENTED", type="PRESENTED")
>>> _ = g.add_edge("city:ee:tartu", "practice:bikes", key="SHARED", type="SHARED")
>>> masked = MaskedGraphs.of(g)
>>> shown = masked.apply(g)
>>> sorted(a.get("name") or a.get("title") for _, a in shown.nodes(data=True))
['Bikes, by Speaker', 'Speaker', 'Tartu']
>>> shown.nodes["city:ee:tartu"] is g.nodes["city:ee:tartu"]  # unchanged: not copied
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from pydantic import TypeAdapter

from graph.read.anonymise import Mask

Attrs = dict[str, Any]


@dataclass(frozen=True)
class MaskedGraphs:
    """What ``mask`` changes in a graph: the masked attributes of the nodes it changes and
    the ids it shows instead of the store's (both learnt from the whole graph; a node
    outside it is masked when met), and relation attribute dicts, masked as they come."""

    mask: Mask
    nodes: Mapping[str, tuple[Attrs, Attrs]]  # store id -> (its dict, masked), changed only
    ids: Mapping[str, str]  # store id -> shown id, for renamed nodes only
    learnt: frozenset[str]  # the whole graph's nodes: any other is masked when met
    _edges: dict[int, tuple[Attrs, Attrs | None]] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, whole: nx.MultiDiGraph, mask: Mask | None = None) -> MaskedGraphs:
        """The changes ``mask`` (default: the mask of ``whole``'s people) makes in ``whole``:
        one pass over its nodes, masking each text once."""
        mask = Mask.of(whole) if mask is None else mask
        nodes: dict[str, tuple[Attrs, Attrs]] = {}
        ids: dict[str, str] = {}
        for node, attrs in whole.nodes(data=True):
            changed = _masked_node(mask, attrs)
            if changed is not None:
                nodes[node] = (attrs, changed)
            shown = mask.shown_id(str(node), attrs)
            if shown != node:
                ids[node] = shown
        return cls(mask=mask, nodes=nodes, ids=ids, learnt=frozenset(whole.nodes))

    def as_json(self) -> dict[str, Any]:
        """What ``of`` learnt, as JSON-ready data (kept beside the graph file: learning it
        is a pass over every text of the graph, 0.7 s at 27,000 nodes)."""
        return {
            "mask": _MASK.dump_python(self.mask, mode="json"),
            "nodes": {node: masked for node, (_, masked) in self.nodes.items()},
            "ids": dict(self.ids),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any], whole: nx.MultiDiGraph) -> MaskedGraphs:
        """What ``as_json`` kept, for ``whole`` (the graph it was learnt from).

        Raises:
            KeyError: a node it names is not in ``whole`` (it was learnt elsewhere).
        """
        nodes = whole._node
        return cls(
            mask=_MASK.validate_python(data["mask"]),
            nodes={node: (nodes[node], masked) for node, masked in data["nodes"].items()},
            ids={str(k): str(v) for k, v in data["ids"].items()},
            learnt=frozenset(whole.nodes),
        )

    def shown_id(self, node: str, attrs: Attrs) -> str:
        """The id presenter mode shows for ``node``."""
        if node in self.learnt:
            return self.ids.get(node, node)
        return self.mask.shown_id(str(node), attrs)

    def node_attrs(self, node: str, attrs: Attrs) -> Attrs:
        """A node's attributes as shown: the learnt masked ones when ``attrs`` is the whole
        graph's dict, ``attrs`` itself when the mask changed nothing of the whole graph's
        (nor then of any part of it); else (a drawing's own dict, a node the whole graph
        did not hold) masked here."""
        found = self.nodes.get(node)
        if found is not None and found[0] is attrs:
            return found[1]
        if found is None and node in self.learnt:
            return attrs
        changed = _masked_node(self.mask, attrs)
        return attrs if changed is None else changed

    def edge_attrs(self, attrs: Attrs) -> Attrs:
        """A relation's attributes as shown. Relations share attribute dicts (the store's
        CompactGraph): each distinct dict is masked once (the entry keeps the dict, so its
        id stays its own)."""
        found = self._edges.get(id(attrs))
        if found is None or found[0] is not attrs:
            found = (attrs, _masked_edge(self.mask, attrs))
            self._edges[id(attrs)] = found
        return attrs if found[1] is None else found[1]

    def apply(self, graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
        """``graph`` (the whole graph or a selection of it) as presenter mode shows it,
        frozen: equal to ``mask.apply(graph)``, sharing every dict the mask leaves alone."""
        shown = nx.MultiDiGraph()
        shown.graph.update({k: self.mask.value(v) for k, v in graph.graph.items()})
        ids = {n: self.shown_id(n, a) for n, a in graph._node.items()}
        node_attrs, edge_attrs = self.node_attrs, self.edge_attrs
        succ, pred = shown._succ, shown._pred
        for node, attrs in graph._node.items():
            shown._node[ids[node]] = node_attrs(node, attrs)
            succ[ids[node]], pred[ids[node]] = {}, {}
        for u, neighbours in graph._succ.items():
            su = ids[u]
            for v, keys in neighbours.items():
                sv = ids[v]
                masked = {k: edge_attrs(a) for k, a in keys.items()}
                if all(masked[k] is keys[k] for k in keys):
                    masked = keys  # nothing changes: the store's key dict itself
                succ[su][sv] = pred[sv][su] = masked
        return nx.freeze(shown)


_MASK: TypeAdapter[Mask] = TypeAdapter(Mask)


def _masked_node(mask: Mask, attrs: Attrs) -> Attrs | None:
    """``attrs`` as ``Mask.apply`` shows them, or None when that changes nothing."""
    kept = mask.node_attrs(attrs)
    return None if kept == attrs else kept


def _masked_edge(mask: Mask, attrs: Attrs) -> Attrs | None:
    kept = mask.edge_attrs(attrs)
    return None if kept == attrs else kept


__all__ = ["MaskedGraphs"]
