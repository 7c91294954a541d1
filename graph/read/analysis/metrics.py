"""Network metrics for researchers, on the current (filtered) graph and on the city-city
projection.

- **The knowledge graph** (what the store returned, ``Source`` nodes left out: they link
  every event a file describes and would look central for no reason), taken undirected
  with parallel relations collapsed: degree, betweenness, Louvain communities for every
  node (what the dashboard sizes and colours the network by).
- **The city-city projection**: two cities are linked when they took part in the same
  event (graph/read/analysis/index.py says what taking part means) or shared practices on the
  same topic; the link's ``weight`` counts those shared events and topics. On it:
  weighted degree (strength), betweenness (distance = 1 / weight, so strong ties are
  short), Louvain communities, and **bridging** cities: the participation coefficient
  (Guimerà & Amaral 2005), ``1 - sum over communities c of (w_ic / w_i)^2``: 0 when all
  of a city's ties stay in its own community, near 1 when they spread evenly over many.

Scale: a topic that hundreds of cities work on would link every one of them to every
other (a near-complete graph that says nothing and takes minutes). When the topics'
pairs exceed ``MAX_TOPIC_PAIRS``, the most widespread topics link no pairs (they still
count in the peer finder), and ``notes`` names how many were left out.

Betweenness runs in igraph's C code on the same graph (networkx's pure-Python version
takes seconds per 50 samples on a 3,500-node graph). It is exact while nodes x links
stay under ``EXACT_BETWEENNESS_WORK``; above, it is estimated from shortest paths out of a
seeded random sample of source nodes (scaled up, as networkx's ``k`` does), and ``notes``
says so. Louvain is networkx's up to ``NX_LOUVAIN_LINKS`` links and igraph's (the same
algorithm in C) above, again with ``notes`` saying so; both run with the same seed, so
results repeat.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import asdict, dataclass, field, replace

import networkx as nx

from graph.core.model import Label
from graph.core.seeding import seeded
from graph.read.analysis.index import CityIndex, build_index, name_of
from graph.read.analysis.pairs import linked_pairs, shared_events, shared_topics
from graph.read.masked import MaskedGraphs
from graph.store.base import Selection

SEED = 42
EXACT_BETWEENNESS_WORK = 10_000_000  # nodes x links; about a second here
MIN_BETWEENNESS_SAMPLES = 100
MAX_TOPIC_PAIRS = 100_000
NX_LOUVAIN_LINKS = 20_000
DRAWN_LINKS = 3  # a drawn city network keeps each city's strongest links
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
class GraphMetrics:
    """Per-node values on the knowledge graph, for sizing and colouring a drawing."""

    degree: dict[str, float]
    betweenness: dict[str, float]
    community: dict[str, int]
    sizes: dict[str, int]
    notes: list[str] = field(default_factory=list)


@dataclass
class Metrics:
    cities: list[CityRow]
    communities: list[list[str]]  # projection communities, largest first (city ids)
    bridging: list[str]  # city ids, the strongest bridges first
    sizes: dict[str, int]
    notes: list[str] = field(default_factory=list)
    graph: GraphMetrics | None = None

    def top(self, metric: str, n: int = 10) -> list[CityRow]:
        """The ``n`` cities with the highest ``metric`` (ties by name)."""
        if metric not in CITY_METRICS:
            raise ValueError(f"unknown metric {metric!r}; one of {', '.join(CITY_METRICS)}")
        return sorted(self.cities, key=lambda r: (-getattr(r, metric), r.name.casefold()))[:n]

    def as_json(self) -> dict:
        return asdict(self)


def city_projection(
    index: CityIndex, *, max_topic_pairs: int = MAX_TOPIC_PAIRS
) -> tuple[nx.Graph, list[str]]:
    """Cities linked by shared events and topics, and the topics left out (see above).

    Edge attribute: ``weight`` (how many events and kept topics the two share: which ones,
    ``pairs.shared_events`` and ``shared_topics`` tell for the links a drawing shows).
    Every city of the graph is a node; links are added in id order.
    """
    kept, left_out = topics_kept(index, max_topic_pairs=max_topic_pairs)
    pairs = linked_pairs(index, topics=kept, by_topics=True)
    projection = nx.Graph()
    projection.add_nodes_from(index.cities)
    projection.add_edges_from(
        (a, b, {"weight": events + topics}) for a, b, events, topics in pairs.named()
    )
    return projection, left_out


def topics_kept(
    index: CityIndex, *, max_topic_pairs: int = MAX_TOPIC_PAIRS
) -> tuple[list[str], list[str]]:
    """The topics that link pairs in the projection, rarest first while their pairs stay
    within ``max_topic_pairs``, and those left out (see the module docstring)."""
    topics = sorted(index.topic_cities, key=lambda t: (len(index.topic_cities[t]), t))
    kept: list[str] = []
    total = 0
    for t in topics:  # rarest first: they say the most about a pair
        size = len(index.topic_cities[t])
        if total + size * (size - 1) // 2 > max_topic_pairs:
            break
        kept.append(t)
        total += size * (size - 1) // 2
    return kept, topics[len(kept) :]


def knowledge_graph(graph: nx.MultiDiGraph) -> nx.Graph:
    """The graph without Source nodes, undirected, one edge per pair, no attributes."""
    keep = {n for n, a in graph.nodes(data=True) if a.get("label") != Label.SOURCE}
    kg = nx.Graph()
    kg.add_nodes_from(sorted(keep))
    kg.add_edges_from((u, v) for u, v in graph.edges() if u in keep and v in keep and u != v)
    return kg


def betweenness(
    graph: nx.Graph, *, weight: str | None = None, seed: int = SEED
) -> tuple[dict[str, float], str | None]:
    """Normalised betweenness (as networkx's), exact or sampled (then with a note)."""
    nodes = list(graph.nodes)
    n, m = len(nodes), graph.number_of_edges()
    if n < 3 or m == 0:
        return dict.fromkeys(nodes, 0.0), None
    position = {node: i for i, node in enumerate(nodes)}
    import igraph  # here, not at the top: every CLI command would pay its 0.3 s import

    ig = igraph.Graph(n=n, edges=[(position[u], position[v]) for u, v in graph.edges()])
    weights = [d[weight] for _, _, d in graph.edges(data=True)] if weight else None
    pairs = (n - 1) * (n - 2)  # ordered pairs of other nodes
    if n * m <= EXACT_BETWEENNESS_WORK:
        raw = ig.betweenness(directed=False, weights=weights)
        return {node: 2 * raw[i] / pairs for i, node in enumerate(nodes)}, None
    k = min(n, max(MIN_BETWEENNESS_SAMPLES, EXACT_BETWEENNESS_WORK // m))
    sources = sorted(random.Random(seed).sample(range(n), k))
    raw = ig.betweenness(directed=False, weights=weights, sources=sources)
    scale = 2 * n / k / pairs  # igraph counts each pair once, as in the exact case
    note = f"betweenness sampled from {k} of {n} nodes (seed {seed}): an estimate"
    return {node: raw[i] * scale for i, node in enumerate(nodes)}, note


def communities(
    graph: nx.Graph, *, weight: str | None = "weight", seed: int = SEED
) -> tuple[list[list[str]], str | None]:
    """Louvain communities, largest first (ties by their smallest member), and a note when
    igraph's Louvain ran instead of networkx's (above ``NX_LOUVAIN_LINKS``, for speed)."""
    if graph.number_of_edges() == 0:
        return [[n] for n in sorted(graph.nodes)], None
    note = None
    if graph.number_of_edges() <= NX_LOUVAIN_LINKS:
        found = nx.community.louvain_communities(graph, weight=weight, seed=seed)
    else:
        found = _igraph_louvain(graph, weight=weight, seed=seed)
        note = (
            f"communities by igraph's Louvain (multilevel), seed {seed}: networkx's "
            f"takes too long above {NX_LOUVAIN_LINKS} links"
        )
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0])), note


def _igraph_louvain(graph: nx.Graph, *, weight: str | None, seed: int) -> list[set[str]]:
    nodes = sorted(graph.nodes)
    position = {node: i for i, node in enumerate(nodes)}
    import igraph

    ig = igraph.Graph(n=len(nodes), edges=[(position[u], position[v]) for u, v in graph.edges()])
    weights = [d.get(weight, 1) for _, _, d in graph.edges(data=True)] if weight else None
    # igraph draws from one process-wide generator: seeded per thread (graph.core.seeding).
    with seeded(seed):
        clusters = ig.community_multilevel(weights=weights)
    return [{nodes[i] for i in members} for members in clusters]


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


def graph_metrics(graph: nx.MultiDiGraph, *, seed: int = SEED) -> GraphMetrics:
    """Degree, betweenness and Louvain community of every node but Sources."""
    kg = knowledge_graph(graph)
    values, note = betweenness(kg, seed=seed)
    found, louvain_note = communities(kg, weight=None, seed=seed)
    return GraphMetrics(
        degree={n: float(d) for n, d in kg.degree()},
        betweenness={n: round(v, 6) for n, v in values.items()},
        community={n: i for i, c in enumerate(found) for n in c},
        sizes={"nodes": kg.number_of_nodes(), "edges": kg.number_of_edges()},
        notes=[f"knowledge graph: {n}" for n in (note, louvain_note) if n],
    )


def compute_metrics(selection: Selection, *, seed: int = SEED, per_node: bool = True) -> Metrics:
    """The city table, communities and bridges on the projection of the selection (the
    whole graph or a filtered one), and with ``per_node`` the knowledge graph's metrics.

    Example (the graph of tests/graph_fixtures.py)::

        m = compute_metrics(selection)
        [(r.name, r.partners) for r in m.top("partners", 2)]
        -> [('La Paz', 1), ('Rostock', 1)]
    """
    graph = selection.graph
    index = build_index(graph)
    projection, left_out = city_projection(index)
    notes = []
    if left_out:
        notes.append(
            f"city projection: {len(left_out)} topic(s) worked on by "
            f"{len(index.topic_cities[left_out[0]])} or more cities link no pairs "
            "(they would link nearly every city to every other)"
        )
    for _, _, attrs in projection.edges(data=True):
        attrs["distance"] = 1 / attrs["weight"]
    city_betweenness, note = betweenness(projection, weight="distance", seed=seed)
    notes += [f"city projection: {note}"] if note else []
    # Louvain puts a city without partners alone; such a city has no community (-1).
    found, louvain_note = communities(projection, seed=seed)
    city_communities = [c for c in found if len(c) > 1 or projection.degree(c[0]) > 0]
    notes += [f"city projection: {louvain_note}"] if louvain_note else []
    membership = {n: i for i, c in enumerate(city_communities) for n in c}
    bridging_values = participation(projection, membership)
    degree = Counter[str]()
    for u, v in graph.edges():
        degree[u] += 1
        degree[v] += 1

    rows = [
        CityRow(
            id=c,
            name=name_of(graph, c),
            country_code=graph.nodes[c].get("country_code"),
            degree=degree[c],
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
    per_graph = graph_metrics(graph, seed=seed) if per_node else None
    return Metrics(
        cities=rows,
        communities=city_communities,
        bridging=bridging,
        sizes={
            **(per_graph.sizes if per_graph else {}),
            "cities": projection.number_of_nodes(),
            "city_links": projection.number_of_edges(),
        },
        notes=(per_graph.notes if per_graph else []) + notes,
        graph=per_graph,
    )


def masked_metrics(found: Metrics, masked: MaskedGraphs) -> Metrics:
    """``found`` as presenter mode shows it: the cities by their shown ids and masked names
    (sorted again by them), communities and bridges by shown ids, notes masked. The
    numbers stay: masking renames, it changes no relation."""
    mask = masked.mask

    def shown(city: str) -> str:
        return mask.public_id(city, Label.CITY)

    rows = sorted(
        (replace(r, id=shown(r.id), name=mask.text(r.name)) for r in found.cities),
        key=lambda r: (r.name.casefold(), r.id),
    )
    return replace(
        found,
        cities=rows,
        communities=[[shown(c) for c in group] for group in found.communities],
        bridging=[shown(c) for c in found.bridging],
        notes=[mask.text(n) for n in found.notes],
    )


def city_network(
    graph: nx.MultiDiGraph, *, limit: int | None = None, links_per_city: int = DRAWN_LINKS
) -> tuple[nx.Graph, int]:
    """The city projection ready to draw: cities with their ``label``, ``name`` and
    ``country_code``; links with their ``weight`` and, as ``type``, what the two cities
    share. With ``limit``, only the cities with the highest strength (ties by id). Each
    city keeps its ``links_per_city`` strongest links (the union over cities, as the city
    map): the 500 strongest cities of synth --events 5000 have 44,963 links among them, a
    7 MB page that takes a browser seconds to draw and shows a solid disc.

    Returns the drawing and the number of cities before the limit.
    """
    index = build_index(graph)
    projection, _ = city_projection(index)
    topics, _ = topics_kept(index)
    keep = list(projection.nodes)
    if limit is not None and len(keep) > limit:
        strength = dict(projection.degree(weight="weight"))
        keep = sorted(keep, key=lambda c: (-strength[c], c))[: max(limit, 1)]
    kept = set(keep)
    drawing = nx.Graph()
    for city in sorted(kept):
        attrs = graph.nodes[city]
        drawing.add_node(
            city,
            **{k: attrs[k] for k in ("label", "name", "country_code") if attrs.get(k)},
        )
    links = [
        (a, b, attrs["weight"])
        for a, b, attrs in projection.edges(kept, data=True)
        if a in kept and b in kept
    ]
    for a, b, weight in _strongest_links(links, links_per_city):
        shared = {
            "events": shared_events(index, a, b),
            "topics": shared_topics(index, a, b, among=topics),
        }
        drawing.add_edge(a, b, weight=weight, type=link_text(graph, shared))
    return drawing, projection.number_of_nodes()


def _strongest_links(
    links: list[tuple[str, str, int]], per_city: int
) -> list[tuple[str, str, int]]:
    """Each city's ``per_city`` strongest links (ties by the other city's id), the union,
    in the order given.

    >>> _strongest_links([("a", "b", 1), ("a", "c", 2), ("b", "c", 3)], 1)
    [('a', 'c', 2), ('b', 'c', 3)]
    """
    ties: dict[str, list[tuple[int, str, int]]] = {}
    for number, (a, b, weight) in enumerate(links):
        ties.setdefault(a, []).append((-weight, b, number))
        ties.setdefault(b, []).append((-weight, a, number))
    kept = {number for found in ties.values() for *_, number in sorted(found)[:per_city]}
    return [link for number, link in enumerate(links) if number in kept]


def masked_city_network(drawing: nx.Graph, masked: MaskedGraphs) -> nx.Graph:
    """``city_network``'s drawing as presenter mode shows it: cities by their shown ids and
    masked attributes, links' texts masked."""
    ids = {n: masked.shown_id(n, a) for n, a in drawing.nodes(data=True)}
    shown = nx.Graph()
    for node, attrs in drawing.nodes(data=True):
        shown.add_node(ids[node], **masked.node_attrs(node, attrs))
    for u, v, attrs in drawing.edges(data=True):
        shown.add_edge(ids[u], ids[v], **{**attrs, "type": masked.mask.text(str(attrs["type"]))})
    return shown


def link_text(graph: nx.MultiDiGraph, attrs: dict) -> str:
    """'met at: A, B; topics: e-governance' (at most three names of each): what two
    linked cities share (``attrs``: the ids of their ``events`` and ``topics``)."""
    parts = []
    for key, what in (("events", "met at"), ("topics", "topics")):
        ids = attrs[key]
        if ids:
            names = ", ".join(name_of(graph, i) for i in ids[:3])
            parts.append(f"{what}: {names}" + (f" and {len(ids) - 3} more" if len(ids) > 3 else ""))
    return "; ".join(parts)
