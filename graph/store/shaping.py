"""Record <-> networkx conversions and result shaping shared by every store.

Both stores return graphs in one shape (see graph/store/base.py); building that shape and
cutting it to a limit happens here once.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from graph.core.model import Label, Node, Relation, RelType
from graph.store.base import Selection, SubgraphQuery

NODE_META = ("label", "sources")
EDGE_META = ("type", "sources")


def _stored(properties: dict[str, Any]) -> dict[str, Any]:
    """Properties as a store keeps them: tuples as lists, missing values left out."""
    return {
        k: list(v) if isinstance(v, tuple) else v for k, v in properties.items() if v is not None
    }


def node_attrs(node: Node) -> dict[str, Any]:
    """The networkx attributes of a node: ``label``, its properties, ``sources`` as lists.

    A missing value is left out rather than kept as None, as Neo4j cannot store None."""
    attrs = _stored(node.properties)
    attrs["label"] = node.label.value
    attrs["sources"] = list(node.sources)
    return attrs


def node_from_attrs(node_id: str, attrs: dict[str, Any]) -> Node:
    props = {k: v for k, v in attrs.items() if k not in NODE_META and v is not None}
    return Node(
        id=node_id,
        label=Label(attrs["label"]),
        properties=props,
        sources=tuple(attrs.get("sources") or ()),
    )


def edge_attrs(rel: Relation) -> dict[str, Any]:
    attrs = _stored(rel.properties)
    attrs["type"] = rel.type.value
    attrs["sources"] = list(rel.sources)
    return attrs


def relation_from_attrs(start: str, end: str, attrs: dict[str, Any]) -> Relation:
    props = {k: v for k, v in attrs.items() if k not in EDGE_META and v is not None}
    return Relation(
        start=start,
        type=RelType(attrs["type"]),
        end=end,
        properties=props,
        sources=tuple(attrs.get("sources") or ()),
    )


def cap_by_degree(
    graph: nx.MultiDiGraph, limit: int, *, keep: str | None = None
) -> tuple[nx.MultiDiGraph, bool]:
    """At most ``limit`` nodes: the highest-degree ones (ties by id), ``keep`` always kept.

    Returns the (possibly) cut graph and whether it was cut.
    """
    if graph.number_of_nodes() <= limit:
        return graph, False
    ranked = sorted(graph.nodes, key=lambda n: (n != keep, -graph.degree(n), n))
    return graph.subgraph(ranked[: max(limit, 1)]).copy(), True


def selection(graph: nx.MultiDiGraph, query: SubgraphQuery) -> Selection:
    """``graph`` (the nodes that passed ``query``'s filters and focus, possibly a view of
    the store's graph) cut to its limit, with only the relations it asks for, frozen and
    owning its data: the end of every store's ``select``."""
    total = graph.number_of_nodes()
    truncated = False
    if query.limit is not None:
        graph, truncated = cap_by_degree(graph, query.limit, keep=query.focus)
    if nx.is_frozen(graph):  # a view of the store's graph (networkx freezes views): copy it
        graph = nx.MultiDiGraph(graph)
    if query.relations:
        wanted = {rel.value for rel in query.relations}
        unwanted = [(u, v, k) for u, v, k in graph.edges(keys=True) if k not in wanted]
        if unwanted:
            graph = graph.copy()
            graph.remove_edges_from(unwanted)
    return Selection(graph=nx.freeze(graph), total=total, truncated=truncated)


def ego(graph: nx.MultiDiGraph, focus: str, hops: int) -> nx.MultiDiGraph:
    """The nodes within ``hops`` steps of ``focus``, relations taken in both directions."""
    if focus not in graph:
        return nx.MultiDiGraph()
    near = nx.single_source_shortest_path_length(
        graph.to_undirected(as_view=True), focus, cutoff=max(hops, 0)
    )
    return graph.subgraph(near).copy()
