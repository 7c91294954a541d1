"""Record <-> networkx conversions and result shaping shared by every store.

Both stores return graphs in one shape (see graph/store/base.py); building that shape and
cutting it to a limit happens here once.
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Hashable, Mapping
from typing import Any

import networkx as nx

from graph.core.model import Node, Relation
from graph.ingest.build import merge_properties
from graph.store.base import Selection, SubgraphQuery


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


def edge_attrs(rel: Relation) -> dict[str, Any]:
    attrs = _stored(rel.properties)
    attrs["type"] = rel.type.value
    attrs["sources"] = list(rel.sources)
    return attrs


def merged_attrs(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Stored attributes ``new`` merged into ``old`` as a store merges a record again:
    ``merge_properties`` with the new values winning, sources joined. A new dict: the old
    one may be shared by many relations (graph/store/graph_file.py's CompactGraph).

    >>> merged_attrs({"label": "City", "names": ["Tartu"], "lat": 1.0, "sources": ["s1"]},
    ...              {"label": "City", "names": ["Dorpat"], "lat": 2.0, "sources": ["s2"]})
    {'names': ['Tartu', 'Dorpat'], 'lat': 2.0, 'label': 'City', 'sources': ['s1', 's2']}
    """
    meta = ("label", "type", "sources")

    def props(attrs: dict[str, Any]) -> dict[str, Any]:
        return {
            k: tuple(v) if isinstance(v, list) else v for k, v in attrs.items() if k not in meta
        }

    merged = _stored(merge_properties(props(old), props(new), prefer_new=True)[0])
    for key in ("label", "type"):
        if key in new:
            merged[key] = new[key]
    merged["sources"] = list(dict.fromkeys((*(old.get("sources") or ()), *new["sources"])))
    return merged


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
    return connected_choice(adjacency(graph), limit, keep=keep)


def adjacency(graph: nx.Graph, among: Collection[Hashable] | None = None) -> dict[Any, set[Any]]:
    """Each node's neighbours, relations taken in both directions, self-loops left out.

    ``among``: only these nodes of ``graph`` (and relations among them), read straight from
    the graph's own adjacency: much faster than through a subgraph view, which filters
    every step.

    >>> g = nx.MultiDiGraph([("a", "b"), ("b", "a"), ("b", "c"), ("c", "c")])
    >>> sorted(adjacency(g, {"a", "b"}).items()), adjacency(g)["c"]
    ([('a', {'b'}), ('b', {'a'})], {'b'})
    """
    nodes = set(graph.nodes) if among is None else {n for n in among if n in graph}
    directed = graph.is_directed()
    near: dict[Any, set[Any]] = {}
    for n in nodes:
        linked = set(graph.succ[n]) | set(graph.pred[n]) if directed else set(graph.adj[n])
        linked.discard(n)
        near[n] = linked if among is None else linked & nodes
    return near


def connected_choice(
    near: Mapping[Any, Collection[Any]], limit: int, *, keep: Any | None = None
) -> list[Any]:
    """``connected_selection`` over an adjacency (``adjacency``'s shape)."""
    degree = {n: len(linked) for n, linked in near.items()}
    # Seeds, best first: ``keep``, then every node with a relation by degree (ties by id).
    seeds = sorted((n for n in near if degree[n] > 0), key=lambda n: (-degree[n], str(n)))
    if keep is not None and keep in near:
        seeds.insert(0, keep)
    chosen: dict[Any, None] = {}
    links: dict[Any, int] = {}  # frontier node -> relations into the chosen nodes
    frontier: list[tuple[int, int, str, Any]] = []
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
                if other not in chosen:
                    links[other] = links.get(other, 0) + 1
                    heapq.heappush(frontier, (-links[other], -degree[other], str(other), other))
        frontier.clear()  # a new component starts from its own best node
        links.clear()
    return list(chosen)


def capped_ids(
    structure: nx.MultiDiGraph, query: SubgraphQuery, *, total: int | None = None
) -> tuple[set[str], bool]:
    """The ids a selection keeps of ``structure`` (the nodes that passed ``query``'s
    filters and focus, with the relations among them; attributes not needed), and whether
    the limit cut it: ``cap_connected``'s choice, for a store that fetches only those.
    ``total``: how many nodes passed, when ``structure`` holds only the related ones (a
    cut keeps no unrelated node).

    >>> g = nx.MultiDiGraph([("hub", "a"), ("hub", "b"), ("x", "y")])
    >>> sorted(capped_ids(g, SubgraphQuery(limit=3))[0])
    ['a', 'b', 'hub']
    """
    passed = structure.number_of_nodes() if total is None else total
    if query.limit is None or passed <= query.limit:
        return set(structure.nodes), False
    return set(connected_choice(adjacency(structure), max(query.limit, 1), keep=query.focus)), True


def select_among(graph: nx.MultiDiGraph, candidates: set[str], query: SubgraphQuery) -> Selection:
    """The selection of ``candidates`` (the nodes of the store's ``graph`` that passed
    ``query``'s filters and focus): cut on their adjacency, then only the kept nodes
    copied. What the memory store's ``select`` ends with."""
    if query.limit is None or len(candidates) <= query.limit:
        kept, truncated = candidates, False
    else:
        near = adjacency(graph, candidates)
        kept, truncated = set(connected_choice(near, query.limit, keep=query.focus)), True
    return finished(copy_among(graph, kept), query, total=len(candidates), truncated=truncated)


def copy_among(graph: nx.MultiDiGraph, kept: Collection[str]) -> nx.MultiDiGraph:
    """``graph.subgraph(kept).copy()`` sharing ``graph``'s attribute dicts: its own node
    and adjacency dicts, built straight from ``graph``'s (a subgraph view tests every edge
    through its filters: 1.6 s for 27,000 edges; networkx's ``add_edges_from`` copies
    every attribute dict: 1 s for half of a 27,000-node graph). Nodes keep ``graph``'s
    order. The store never changes an attribute dict in place (it replaces them), and the
    selection is frozen, so sharing is safe.

    >>> g = nx.MultiDiGraph([("a", "b", "X"), ("b", "c", "Y")])
    >>> sub = copy_among(g, {"a", "b"})
    >>> sorted(sub.edges(keys=True)), sub.edges["a", "b", "X"] is g.edges["a", "b", "X"]
    ([('a', 'b', 'X')], True)
    """
    among = kept if isinstance(kept, set | frozenset) else set(kept)
    copy = nx.MultiDiGraph()
    nodes, succ, pred = copy._node, copy._succ, copy._pred
    inside = among.issuperset  # a C loop over a dict's keys, nothing built
    for n, attrs in graph._node.items():
        if n in among:
            nodes[n] = attrs
            # A node whose relations all stay shares its adjacency dict: the store changes
            # a graph it lent only on a copy of those dicts (``shared_copy``).
            out, into = graph._succ[n], graph._pred[n]
            succ[n] = out if inside(out) else {v: keys for v, keys in out.items() if v in among}
            pred[n] = into if inside(into) else {u: k for u, k in into.items() if u in among}
    return copy


def shared_copy(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A graph of the same nodes and relations whose node, adjacency and key dicts are its
    own and whose attribute dicts are ``graph``'s: what a store changes when readers hold
    ``graph`` (its key dicts gain keys in place; its attribute dicts are only replaced).

    >>> g = nx.MultiDiGraph([("a", "b", "X")])
    >>> c = shared_copy(g); _ = c.add_edge("a", "b", "Y")
    >>> sorted(g.edges(keys=True)), c.edges["a", "b", "X"] is g.edges["a", "b", "X"]
    ([('a', 'b', 'X')], True)
    """
    copy = nx.MultiDiGraph()
    copy.graph.update(graph.graph)
    copy._node.update(graph._node)
    succ, pred = copy._succ, copy._pred
    for n in graph._node:
        succ[n], pred[n] = {}, {}
    for u, nbrs in graph._succ.items():
        for v, keys in nbrs.items():
            succ[u][v] = pred[v][u] = dict(keys)  # one key dict for both directions
    return copy


def selection(graph: nx.MultiDiGraph, query: SubgraphQuery) -> Selection:
    """``graph`` (the nodes that passed ``query``'s filters and focus, possibly a view of
    the store's graph) cut to its limit, with only the relations it asks for, frozen and
    owning its data: the end of every store's ``select``."""
    kept, truncated = capped_ids(graph, query)
    if truncated:
        return finished(
            graph.subgraph(kept).copy(), query, total=graph.number_of_nodes(), truncated=True
        )
    return finished(graph, query, total=graph.number_of_nodes(), truncated=False)


def finished(
    graph: nx.MultiDiGraph, query: SubgraphQuery, *, total: int, truncated: bool
) -> Selection:
    """The selection of ``graph``, already cut to the limit (of ``total`` nodes that
    passed): only the relations ``query`` asks for, frozen and owning its data."""
    if nx.is_frozen(graph):  # a view of the store's graph (networkx freezes views): copy it
        graph = nx.MultiDiGraph(graph)
    if query.relations:
        wanted = {rel.value for rel in query.relations}
        unwanted = [(u, v, k) for u, v, k in graph.edges(keys=True) if k not in wanted]
        if unwanted:
            graph = graph.copy()
            graph.remove_edges_from(unwanted)
    return Selection(graph=nx.freeze(graph), total=total, truncated=truncated)


def ego_ids(graph: nx.MultiDiGraph, focus: str, hops: int, among: Collection[str]) -> set[str]:
    """The nodes of ``among`` within ``hops`` steps of ``focus`` over nodes of ``among``,
    relations taken in both directions (``focus`` itself must be in ``among``).

    >>> g = nx.MultiDiGraph([("a", "b"), ("c", "b"), ("c", "d")])
    >>> sorted(ego_ids(g, "a", 2, {"a", "b", "c", "d"})), sorted(ego_ids(g, "a", 2, {"a", "c"}))
    (['a', 'b', 'c'], ['a'])
    """
    if focus not in graph or focus not in among:
        return set()
    seen, frontier = {focus}, {focus}
    for _ in range(max(hops, 0)):
        reached = set()
        for n in frontier:
            reached.update(graph.succ[n])
            reached.update(graph.pred[n])
        frontier = {m for m in reached - seen if m in among}
        if not frontier:
            break
        seen |= frontier
    return seen
