"""Record <-> networkx conversions and result shaping shared by every store.

Both stores return graphs in one shape (see graph/store/base.py); building that shape and
cutting it to a limit happens here once.
"""

from __future__ import annotations

import heapq
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


def cap_connected(
    graph: nx.MultiDiGraph, limit: int, *, keep: str | None = None
) -> tuple[nx.MultiDiGraph, bool]:
    """At most ``limit`` nodes that hang together: grown along relations from the most
    important node (``keep`` when given, else the highest degree), always taking next the
    frontier node with the most relations into what is already kept (then the higher
    degree, then the id). When a component is used up, the next grows from the best node
    left. Nodes without any relation are left out of a cut graph, so a cap never draws a
    scatter of unrelated nodes.

    Returns the (possibly) cut graph and whether it was cut.

    >>> g = nx.MultiDiGraph([("hub", "a"), ("hub", "b"), ("a", "b"), ("x", "y")])
    >>> g.add_node("alone")
    >>> cut, truncated = cap_connected(g, 3)
    >>> sorted(cut.nodes), truncated
    (['a', 'b', 'hub'], True)
    >>> sorted(cap_connected(g, 5)[0].nodes)
    ['a', 'b', 'hub', 'x', 'y']
    """
    if graph.number_of_nodes() <= limit:
        return graph, False
    return graph.subgraph(connected_selection(graph, max(limit, 1), keep=keep)).copy(), True


def connected_selection(graph: nx.Graph, limit: int, *, keep: str | None = None) -> list[str]:
    """The node ids ``cap_connected`` keeps, in the order it took them."""
    near = graph.to_undirected(as_view=True)
    degree = {n: sum(1 for m in near[n] if m != n) for n in near}
    # Seeds, best first: ``keep``, then every node with a relation by degree (ties by id).
    seeds = sorted((n for n in near if degree[n] > 0), key=lambda n: (-degree[n], str(n)))
    if keep is not None and keep in near:
        seeds.insert(0, keep)
    chosen: dict[str, None] = {}
    links: dict[str, int] = {}  # frontier node -> relations into the chosen nodes
    frontier: list[tuple[int, int, str, str]] = []
    for seed in seeds:
        if len(chosen) >= limit:
            break
        if seed in chosen:
            continue
        heapq.heappush(frontier, (0, -degree[seed], str(seed), seed))
        while frontier and len(chosen) < limit:
            minus_links, _, _, node = heapq.heappop(frontier)
            if node in chosen or -minus_links != links.get(node, 0):
                continue  # taken already, or an outdated entry
            chosen[node] = None
            for other in near[node]:
                if other not in chosen and other != node:
                    links[other] = links.get(other, 0) + 1
                    heapq.heappush(frontier, (-links[other], -degree[other], str(other), other))
        frontier.clear()  # a new component starts from its own best node
        links.clear()
    return list(chosen)


def selection(graph: nx.MultiDiGraph, query: SubgraphQuery) -> Selection:
    """``graph`` (the nodes that passed ``query``'s filters and focus, possibly a view of
    the store's graph) cut to its limit, with only the relations it asks for, frozen and
    owning its data: the end of every store's ``select``."""
    total = graph.number_of_nodes()
    truncated = False
    if query.limit is not None:
        graph, truncated = cap_connected(graph, query.limit, keep=query.focus)
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
