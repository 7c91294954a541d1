"""Network metrics for researchers, on the current (filtered) graph and on the city-city
projection.

- **The knowledge graph** (what the store returned, ``Source`` nodes left out: they link
  every event a file describes and would look central for no reason), taken undirected
  with parallel relations collapsed: degree, betweenness, Louvain communities for every
  node (what the dashboard sizes and colours the network by).
- **The city-city projection**: two cities are linked when they shared practices on a
  topic or took part in the same event (graph/analysis/index.py says what taking part
  means); the link's ``weight`` counts those shared topics and events. On it: weighted
  degree, betweenness (with distance = 1 / weight, so strong ties are short), Louvain
  communities, and **bridging** cities: the participation coefficient (Guimerà & Amaral
  2005), ``1 - sum over communities c of (w_ic / w_i)^2``: 0 when all of a city's ties
  stay in its own community, near 1 when they spread evenly over many.

Betweenness is exact up to ``EXACT_BETWEENNESS_NODES`` nodes; above, it is estimated from
``BETWEENNESS_SAMPLES`` source nodes drawn with a fixed seed, and the result says so in
``notes``. Louvain runs with the same seed, so results repeat.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from itertools import combinations

import networkx as nx

from graph.analysis.index import CityIndex, build_index, name_of
from graph.model import Label

SEED = 42
EXACT_BETWEENNESS_NODES = 1000
BETWEENNESS_SAMPLES = 200
CITY_METRICS = (
    "degree",
    "practices",
    "events",
    "partners",
    "strength",
    "betweenness",
    "participation",
)


@dataclass(frozen=True)
class CityRow:
    """One city's figures (a row of the table the dashboard offers as CSV)."""

    id: str
    name: str
    country_code: str | None
    degree: int  # relations in the knowledge graph
    practices: int  # practices it shared
    events: int  # events it took part in
    partners: int  # cities linked to it in the projection
    strength: float  # the sum of those links' weights
    betweenness: float  # in the projection
    community: int  # in the projection; -1 for a city with no partner
    participation: float  # bridging: how evenly its ties spread over communities


@dataclass
class Metrics:
    cities: list[CityRow]
    node_metrics: dict[str, dict[str, float]]  # "degree"/"betweenness"/"community" -> node
    communities: list[list[str]]  # projection communities, largest first (city ids)
    bridging: list[str]  # city ids, the strongest bridges first
    sizes: dict[str, int]
    notes: list[str] = field(default_factory=list)

    def top(self, metric: str, n: int = 10) -> list[CityRow]:
        """The ``n`` cities with the highest ``metric`` (ties by name)."""
        if metric not in CITY_METRICS:
            raise ValueError(f"unknown metric {metric!r}; one of {', '.join(CITY_METRICS)}")
        return sorted(self.cities, key=lambda r: (-getattr(r, metric), r.name.casefold()))[:n]

    def as_json(self) -> dict:
        return asdict(self)


def city_projection(index: CityIndex) -> nx.Graph:
    """Cities linked by shared topics and events; edge attributes ``weight`` (how many),
    ``topics`` and ``events`` (the shared ones' ids). Every city of the graph is a node.
    """
    pairs: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(
        lambda: {"topics": [], "events": []}
    )
    for kind, groups in (("topics", index.topic_cities), ("events", index.event_cities)):
        for feature, cities in groups.items():
            for a, b in combinations(sorted(cities), 2):
                pairs[a, b][kind].append(feature)
    projection = nx.Graph()
    for city in index.cities:
        projection.add_node(city, **index.graph.nodes[city])
    for (a, b), shared in pairs.items():
        projection.add_edge(
            a,
            b,
            weight=len(shared["topics"]) + len(shared["events"]),
            topics=sorted(shared["topics"]),
            events=sorted(shared["events"]),
        )
    return projection


def knowledge_graph(graph: nx.MultiDiGraph) -> nx.Graph:
    """The graph without Source nodes, undirected, one edge per pair of nodes."""
    keep = [n for n, a in graph.nodes(data=True) if a.get("label") != Label.SOURCE]
    return nx.Graph(graph.subgraph(keep))


def betweenness(
    graph: nx.Graph, *, weight: str | None = None, seed: int = SEED
) -> tuple[dict[str, float], str | None]:
    """Normalised betweenness, exact or sampled (then with a note that says so)."""
    n = graph.number_of_nodes()
    if n <= EXACT_BETWEENNESS_NODES:
        return nx.betweenness_centrality(graph, weight=weight), None
    k = BETWEENNESS_SAMPLES
    values = nx.betweenness_centrality(graph, k=k, weight=weight, seed=seed)
    return values, f"betweenness sampled from {k} of {n} nodes (seed {seed}): an estimate"


def communities(graph: nx.Graph, *, weight: str | None = "weight", seed: int = SEED) -> list:
    """Louvain communities, largest first (ties by their smallest member)."""
    if graph.number_of_edges() == 0:
        return [[n] for n in sorted(graph.nodes)]
    found = nx.community.louvain_communities(graph, weight=weight, seed=seed)
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))


def participation(graph: nx.Graph, membership: dict[str, int]) -> dict[str, float]:
    """The participation coefficient of every node (0 for a node without ties)."""
    result = {}
    for node in graph.nodes:
        per_community: Counter[int] = Counter()
        for other, attrs in graph[node].items():
            per_community[membership[other]] += attrs.get("weight", 1)
        total = sum(per_community.values())
        result[node] = (
            round(1 - sum((w / total) ** 2 for w in per_community.values()), 4) if total else 0.0
        )
    return result


def compute_metrics(graph: nx.MultiDiGraph, *, seed: int = SEED) -> Metrics:
    """Every metric above, on ``graph`` (a store's graph or a filtered subgraph).

    Example (the graph of tests/graph_fixtures.py)::

        m = compute_metrics(graph)
        [(r.name, r.partners) for r in m.top("partners", 2)]
        -> [('La Paz', 1), ('Tartu', 1)]
    """
    notes: list[str] = []
    kg = knowledge_graph(graph)
    kg_betweenness, note = betweenness(kg, seed=seed)
    notes += [f"knowledge graph: {note}"] if note else []
    kg_communities = communities(kg, weight=None, seed=seed)
    kg_membership = {n: i for i, c in enumerate(kg_communities) for n in c}

    index = build_index(graph)
    projection = city_projection(index)
    for _, _, attrs in projection.edges(data=True):
        attrs["distance"] = 1 / attrs["weight"]
    city_betweenness, note = betweenness(projection, weight="distance", seed=seed)
    notes += [f"city projection: {note}"] if note else []
    linked = projection.subgraph(n for n in projection if projection.degree(n) > 0)
    city_communities = communities(nx.Graph(linked), seed=seed)
    membership = {n: i for i, c in enumerate(city_communities) for n in c}
    bridging_values = participation(linked, membership)

    rows = [
        CityRow(
            id=c,
            name=name_of(graph, c),
            country_code=graph.nodes[c].get("country_code"),
            degree=kg.degree(c) if c in kg else 0,
            practices=len(index.city_practices.get(c, ())),
            events=len(index.city_events.get(c, {})),
            partners=projection.degree(c),
            strength=float(projection.degree(c, weight="weight")),
            betweenness=round(city_betweenness.get(c, 0.0), 6),
            community=membership.get(c, -1),
            participation=bridging_values.get(c, 0.0),
        )
        for c in projection.nodes
    ]
    rows.sort(key=lambda r: (r.name.casefold(), r.id))
    bridging = [
        r.id
        for r in sorted(rows, key=lambda r: (-r.participation, -r.betweenness, r.name))
        if r.participation > 0
    ]
    return Metrics(
        cities=rows,
        node_metrics={
            "degree": {n: float(d) for n, d in kg.degree()},
            "betweenness": kg_betweenness,
            "community": {n: float(i) for n, i in kg_membership.items()},
        },
        communities=city_communities,
        bridging=bridging,
        sizes={
            "nodes": kg.number_of_nodes(),
            "edges": kg.number_of_edges(),
            "cities": projection.number_of_nodes(),
            "city_links": projection.number_of_edges(),
        },
        notes=notes,
    )

