"""Any networkx graph -> a drawing: vis-network data, and one self-contained, offline page.

``drawing_data`` turns a graph into what vis-network draws (nodes, edges, options, legend);
``network_html`` puts it into one page from our own template (``templates/network.html``),
with vis-network's script and style inlined from the pyvis package and our drawing script
(``templates/drawing.js``, shared with the dashboard's component), so nothing is fetched
from outside: no CDN, no fonts, no ``http(s)://`` anywhere in the page.

Positions are computed here (``layout``: igraph's Fruchterman-Reingold, seeded, with the
relations inside a community pulling harder, so communities sit apart); physics is off by
default, so the first frame is drawn at once. The layout is a function of the graph alone,
cached by its content, so the same view gives the same picture whatever led to it. Labels
are placed by the page at the current zoom (the biggest nodes first, at a fixed size on
screen, none over another node). Every text from a loaded file reaches the page as JSON
data and is put into the DOM with ``textContent`` only, so ``<img src=x onerror=...>``
shows as those characters.

>>> import networkx as nx
>>> page = network_html(nx.path_graph(3))
>>> page.startswith("<!DOCTYPE html>") and "http://" not in page and "https://" not in page
True
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import threading
from collections import OrderedDict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import igraph
import jinja2
import networkx as nx
import pyvis

from graph.core.model import Label
from graph.core.seeding import seeded
from graph.render.words import SPEAKER, caption, describe

Position = tuple[float, float]

# Colour and shape per label; shapes draw their label underneath, so ``size`` applies.
LABEL_STYLE: dict[str, tuple[str, str]] = {
    Label.CITY: ("#1f77b4", "dot"),
    Label.PRACTICE: ("#ff7f0e", "diamond"),
    Label.EVENT: ("#2ca02c", "square"),
    Label.TOPIC: ("#9467bd", "triangle"),
    Label.COUNTRY: ("#8c564b", "hexagon"),
    Label.PERSON: ("#e377c2", "star"),
    Label.ORGANISATION: ("#7f7f7f", "triangleDown"),
    Label.SOURCE: ("#bcbd22", "square"),
}
PALETTE = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
    "#393b79",
    "#637939",
    "#8c6d31",
    "#843c39",
)
UNLABELLED = "Node"  # the legend entry for nodes without a ``label`` attribute
MIN_SIZE, MAX_SIZE = 8.0, 40.0
LABEL_PX, PRESENTER_LABEL_PX = 13, 20  # labels' size on screen, whatever the zoom
TEXT_PX, PRESENTER_TEXT_PX = 14, 18  # the bar, legend and tooltips
CAPTION_CHARS = 28  # longer names are cut on the canvas (the tooltip has them whole)
SPREAD = 90.0  # canvas units between neighbouring nodes, about


@dataclass(frozen=True)
class DrawingAssets:
    """The scripts and styles a drawing needs, to inline into a page or a component."""

    vis_js: str
    vis_css: str
    drawing_js: str
    drawing_css: str


@dataclass(frozen=True)
class LegendEntry:
    """One line of a drawing's legend: a node kind or a colour group."""

    text: str
    color: str
    shape: str


@dataclass(frozen=True)
class Drawing:
    """A drawing as it is shown: per node its position (canvas units, y pointing down, as
    on screen), size (vis-network's, in the same units), colour and caption (its whole name;
    "Speaker" for a person in presenter mode); and the legend. The page, the GEXF/GraphML
    exports and the PNG are all made from one of these, so they show the same picture."""

    positions: Mapping[Hashable, Position] = field(default_factory=dict)
    colours: Mapping[Hashable, str] = field(default_factory=dict)
    sizes: Mapping[Hashable, float] = field(default_factory=dict)
    captions: Mapping[Hashable, str] = field(default_factory=dict)
    legend: tuple[LegendEntry, ...] = ()
    # What the eye is on (the selection and its neighbours, search hits, a path): labelled
    # first, in the page and in the PNG alike (``attending``).
    attention: frozenset[Hashable] = frozenset()


@dataclass(frozen=True)
class Attention:
    """What the screen singles out: a selected node, search hits, a path (node ids)."""

    selected: str | None = None
    found: tuple[str, ...] = ()
    path: tuple[str, ...] = ()

    def nodes(self, graph: nx.Graph) -> frozenset[Hashable]:
        """The nodes it highlights in ``graph``, as the page does: the path, or the
        selected node and its neighbours; and the search hits."""
        shown: list[Hashable] = [n for n in self.path if n in graph]
        if not shown and self.selected is not None and self.selected in graph:
            shown = [self.selected, *nx.all_neighbors(graph, self.selected)]
        return frozenset([*shown, *(n for n in self.found if n in graph)])


def attending(drawing: Drawing, graph: nx.Graph, attention: Attention) -> Drawing:
    """``drawing`` with ``attention``'s nodes to be labelled first."""
    return replace(drawing, attention=attention.nodes(graph))


def placement(
    graph: nx.Graph,
    *,
    size_by: Mapping[Hashable, float] | None = None,
    color_by: Mapping[Hashable, int | str] | None = None,
    positions: Mapping[Hashable, Position] | None = None,
    presenter: bool = False,
    canvas: bool = False,
) -> Drawing:
    """Where and how the drawing shows each node of ``graph``: ``layout``'s positions (or
    ``positions``) scaled to the canvas and pushed apart where shapes would overlap, sizes
    by ``size_by`` (default the degree), colours by ``color_by`` groups (default the kind).
    The arguments are ``network_html``'s; with ``canvas``, ``positions`` are in canvas units
    already and kept exactly (a map's projection: a city never moves off its place).

    >>> import networkx as nx
    >>> g = nx.Graph([("a", "b")])
    >>> drawn = placement(g)
    >>> drawn.positions == {n["id"]: (n["x"], n["y"]) for n in drawing_data(g)["nodes"]}
    True
    """
    sizes = _scaled_sizes(graph, size_by)
    groups = _groups(graph, color_by)
    if canvas and positions is not None:
        placed = {n: positions.get(n, (0.0, 0.0)) for n in graph}
    else:
        pos = layout(graph) if positions is None else positions
        spread = SPREAD * math.sqrt(max(graph.number_of_nodes(), 4))  # canvas units per unit
        scaled = {
            n: (pos.get(n, (0.0, 0.0))[0] * spread, pos.get(n, (0.0, 0.0))[1] * spread)
            for n in graph
        }
        # Pushing overlapping shapes apart costs 0.07 s at the 500-node default but half a
        # minute at 5,000 nodes, where no one clicks single nodes anyway: big drawings keep
        # the layout.
        placed = _separate(scaled, sizes) if len(scaled) <= SEPARATE_MAX_NODES else scaled
    return Drawing(
        positions={n: (round(x, 1), round(y, 1)) for n, (x, y) in placed.items()},
        colours={n: _style(_kind(a), groups.get(n))[0] for n, a in graph.nodes(data=True)},
        sizes=sizes,
        captions={n: caption(n, a, presenter=presenter) for n, a in graph.nodes(data=True)},
        legend=tuple(
            _legend(
                graph,
                groups,
                color_by is not None,
                {groups[n]: color_by[n] for n in groups} if color_by is not None else None,
            )
        ),
    )


def drawing_data(
    graph: nx.Graph,
    *,
    title: str = "citygraph",
    size_by: Mapping[Hashable, float] | None = None,
    color_by: Mapping[Hashable, int | str] | None = None,
    positions: Mapping[Hashable, Position] | None = None,
    presenter: bool = False,
    physics: bool = False,
    context: nx.Graph | None = None,
    drawing: Drawing | None = None,
    attention: Attention | None = None,
) -> dict[str, Any]:
    """What the drawing script draws ``graph`` from (JSON-ready): nodes, edges, legend,
    vis-network options and our settings. See ``network_html`` for the arguments;
    ``context`` is the graph tooltips count in (default ``graph``): the whole graph, so a
    city's tooltip tells all its practices, not only those drawn. ``drawing`` is
    ``placement``'s result when the caller has it already (to export what it drew); the
    placing arguments are then not used. ``attention``: what the page singles out when it
    opens (a standalone page showing what the screen showed).

    >>> import networkx as nx
    >>> data = drawing_data(nx.Graph([("a", "b")]))
    >>> sorted(data["nodes"][0])
    ['caption', 'color', 'id', 'kind', 'shape', 'size', 'title', 'x', 'y']
    """
    drawn = (
        placement(
            graph, size_by=size_by, color_by=color_by, positions=positions, presenter=presenter
        )
        if drawing is None
        else drawing
    )
    ids = _vis_ids(graph)
    counted = graph if context is None else context
    nodes = []
    for node, attrs in graph.nodes(data=True):
        kind = _kind(attrs)
        x, y = drawn.positions[node]
        name = drawn.captions[node]
        words = describe(counted if node in counted else graph, node, presenter=presenter)
        nodes.append(
            {
                "id": ids[node],
                "caption": _cut(name, CAPTION_CHARS),  # drawn when there is room (drawing.js)
                "title": f"{name}\n{words}",
                "shape": _style(kind, None)[1],
                "color": drawn.colours[node],
                "size": drawn.sizes[node],
                "x": x,
                "y": y,
                "kind": kind,
            }
        )
    edges = []
    undirected = not graph.is_directed()
    # A relation's own ``title`` is its tooltip (a derived link saying what it stands for).
    titles = {(u, v): str(t) for u, v, t in graph.edges(data="title") if t}
    for (u, v), types in _edge_types(graph).items():
        edge: dict[str, Any] = {"from": ids[u], "to": ids[v]}
        if (u, v) in titles:
            edge["title"] = titles[u, v]
        elif types:
            edge["title"] = " / ".join(t.replace("_", " ").lower() for t in types)
        if undirected:
            edge["arrows"] = {"to": {"enabled": False}}
        edges.append(edge)
    view = None
    if attention is not None:
        view = {
            "selected": ids.get(attention.selected) if attention.selected is not None else None,
            "found": [ids[n] for n in attention.found if n in ids],
            "path": [ids[n] for n in attention.path if n in ids],
        }
    return {
        "title": title,
        "nodes": nodes,
        "edges": edges,
        "view": view,
        "legend": [asdict(entry) for entry in drawn.legend],
        "options": _vis_options(physics=physics),
        "physics": physics,
        "labelPx": PRESENTER_LABEL_PX if presenter else LABEL_PX,
        "textPx": PRESENTER_TEXT_PX if presenter else TEXT_PX,
        "key": _content_key(graph, presenter),
    }


def network_html(
    graph: nx.Graph,
    *,
    title: str = "citygraph",
    size_by: Mapping[Hashable, float] | None = None,
    color_by: Mapping[Hashable, int | str] | None = None,
    positions: Mapping[Hashable, Position] | None = None,
    presenter: bool = False,
    physics: bool = False,
    height: str = "400px",
    context: nx.Graph | None = None,
    attention: Attention | None = None,
) -> str:
    """One HTML page drawing ``graph``, with a legend, tooltips in words, zoom buttons, a
    physics switch and PNG export.

    Args:
        graph: any networkx graph; ``label`` (a node kind) and our properties are used when
            present, never required.
        title: the page's title and heading.
        size_by: a value per node (a centrality, a count); default the node's degree.
        color_by: a group per node (a community number); default the node's label.
        positions: positions to use (as returned by ``layout``); default ``layout(graph)``.
        presenter: show people as "Speaker" (no names anywhere) and use larger text and
            labels.
        physics: start with vis.js physics running (the page has a switch either way).
        height: the drawing's least height, a CSS length; it fills the window when taller.
        context: the graph the tooltips count in (default ``graph``).
        attention: the selection, search hits or path to single out (and label first).

    >>> import networkx as nx
    >>> g = nx.Graph([("a", "b")])
    >>> g.nodes["a"]["title"] = "<b>x</b>"
    >>> "<b>x</b>" in network_html(g)
    False
    """
    data = drawing_data(
        graph,
        title=title,
        size_by=size_by,
        color_by=color_by,
        positions=positions,
        presenter=presenter,
        physics=physics,
        context=context,
        attention=attention,
    )
    return data_html(data, height=height)


def data_html(
    data: Mapping[str, Any], *, height: str = "400px", scripts: Sequence[str] = ()
) -> str:
    """One self-contained page drawing ``data`` (``drawing_data``'s, possibly added to),
    with ``scripts`` hooking into the drawing (the map's, the time control's)."""
    assets = drawing_assets()
    return _template().render(
        title=data["title"],
        height=height,
        font_size=data["textPx"],
        data=_script_json(data),
        vis_js=assets.vis_js,
        vis_css=assets.vis_css,
        drawing_js=assets.drawing_js,
        drawing_css=assets.drawing_css,
        scripts=list(scripts),
    )


# --- layout -------------------------------------------------------------------------------

_LAYOUT_CACHE: OrderedDict[str, dict[Hashable, Position]] = OrderedDict()
_LAYOUT_CACHE_SIZE = 64
_LAYOUT_LOCK = threading.Lock()  # Streamlit serves each session from its own thread


LAYOUT_SEED = 42


def layout(graph: nx.Graph, *, seed: int = LAYOUT_SEED) -> dict[Hashable, Position]:
    """Positions for every node, in [-1, 1]², a function of the graph's nodes and relations
    only: the same subgraph gets the same picture, whichever view or filter led to it.

    Results are cached by content (node set, relation set, seed), so a Streamlit rerun costs
    nothing; the cache is shared by the server's threads.

    >>> import networkx as nx
    >>> g = nx.path_graph(5)
    >>> layout(g) == layout(nx.path_graph(5))
    True
    """
    key = _structure_key(graph, seed)
    with _LAYOUT_LOCK:
        if key in _LAYOUT_CACHE:
            _LAYOUT_CACHE.move_to_end(key)
            return dict(_LAYOUT_CACHE[key])
    pos = _compute_layout(graph, seed)  # outside the lock: two threads may both compute
    with _LAYOUT_LOCK:
        _LAYOUT_CACHE[key] = pos
        while len(_LAYOUT_CACHE) > _LAYOUT_CACHE_SIZE:
            _LAYOUT_CACHE.popitem(last=False)
    return dict(pos)


def _structure_key(graph: nx.Graph, seed: int) -> str:
    digest = hashlib.sha256(repr(seed).encode())
    for part in (
        sorted(map(repr, graph.nodes)),
        sorted(repr(sorted((repr(u), repr(v)))) for u, v in graph.edges()),
    ):
        digest.update(repr(part).encode())
    return digest.hexdigest()


def _content_key(graph: nx.Graph, presenter: bool) -> str:
    """Changes whenever anything drawn changes (the page redraws only then)."""
    digest = hashlib.sha256(repr(presenter).encode())
    for node, attrs in sorted(graph.nodes(data=True), key=lambda item: repr(item[0])):
        digest.update(repr((node, sorted(attrs.items(), key=str))).encode())
    digest.update(_structure_key(graph, 0).encode())
    return digest.hexdigest()[:16]


def _start(node: Hashable, seed: int) -> Position:
    """A start position from the node's identity, so the result does not depend on the
    order nodes were added in."""
    h = hashlib.sha256(f"{seed}:{node!r}".encode()).digest()
    return (
        int.from_bytes(h[:4], "big") / 2**32 * 2 - 1,
        int.from_bytes(h[4:8], "big") / 2**32 * 2 - 1,
    )


INSIDE_WEIGHT, ACROSS_WEIGHT = 10.0, 0.1  # attraction along relations within/across communities


def _compute_layout(graph: nx.Graph, seed: int) -> dict[Hashable, Position]:
    nodes = sorted(graph.nodes, key=repr)
    if not nodes:
        return {}
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {n: i for i, n in enumerate(nodes)}
    edges = sorted({tuple(sorted((index[u], index[v]))) for u, v in graph.edges() if u != v})
    ig = igraph.Graph(n=len(nodes), edges=edges)
    weights = None
    # Fruchterman-Reingold in igraph's units (about sqrt(n) wide, which its grid needs).
    unit = math.sqrt(len(nodes))
    start = [[c * unit for c in _start(n, seed)] for n in nodes]
    with seeded(seed):  # igraph draws random numbers, from one generator for all threads
        if edges:
            membership = _membership(ig)
            weights = [
                INSIDE_WEIGHT if membership[a] == membership[b] else ACROSS_WEIGHT for a, b in edges
            ]
        coords = ig.layout_fruchterman_reingold(
            seed=start, niter=layout_iterations(len(nodes)), grid=True, weights=weights
        )
    # Centre and scale into [-1, 1]² so the drawing's size depends only on n.
    xs, ys = [c[0] for c in coords], [c[1] for c in coords]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    half = max(max(xs) - min(xs), max(ys) - min(ys)) / 2 or 1.0
    return {n: ((x - cx) / half, (y - cy) / half) for n, (x, y) in zip(nodes, coords, strict=True)}


LAYOUT_ITERATIONS, FEWER_ITERATIONS_ABOVE, LEAST_ITERATIONS = 300, 2000, 50


def layout_iterations(nodes: int) -> int:
    """Fruchterman-Reingold's iterations for a graph of ``nodes``: 300, fewer above 2,000
    nodes (each costs about 2 µs a node: a 27,000-node export spent 16 s in 300 of them,
    for a picture no better than after 50, since a ball of that many nodes does not
    untangle).

    >>> layout_iterations(500), layout_iterations(5000), layout_iterations(27000)
    (300, 120, 50)
    """
    if nodes <= FEWER_ITERATIONS_ABOVE:
        return LAYOUT_ITERATIONS
    return max(LEAST_ITERATIONS, LAYOUT_ITERATIONS * FEWER_ITERATIONS_ABOVE // nodes)


def _membership(ig: igraph.Graph) -> list[int]:
    """The communities the layout pulls together: igraph's Louvain (multilevel), which
    draws random numbers (call it seeded). Fast greedy took 5-12 s on a 27,000-node graph
    (a whole-graph export), Louvain 0.1-0.2 s."""
    return list(ig.community_multilevel().membership)


def layout_groups(graph: nx.Graph) -> dict[Hashable, int]:
    """The communities ``layout`` draws apart, numbered from the largest (ties by their
    first node): as ``color_by``, colours match the places.

    >>> import networkx as nx
    >>> two = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z")])
    >>> two.add_edge("c", "x")
    >>> groups = layout_groups(two)
    >>> groups["a"] == groups["b"] == groups["c"] != groups["x"] == groups["y"] == groups["z"]
    True
    """
    nodes = sorted(graph.nodes, key=repr)
    index = {n: i for i, n in enumerate(nodes)}
    edges = sorted({tuple(sorted((index[u], index[v]))) for u, v in graph.edges() if u != v})
    if not edges:
        return {n: i for i, n in enumerate(nodes)}
    with seeded(LAYOUT_SEED):
        membership = _membership(igraph.Graph(n=len(nodes), edges=edges))
    members: dict[int, list[int]] = {}
    for i, group in enumerate(membership):
        members.setdefault(group, []).append(i)
    order = sorted(members.values(), key=lambda m: (-len(m), m[0]))
    return {nodes[i]: number for number, m in enumerate(order) for i in m}


NODE_GAP = 6.0  # canvas units left between two nodes' shapes
SEPARATE_MAX_NODES = 2000  # above this, shapes may overlap (see drawing_data)


def _separate(
    xy: Mapping[Hashable, Position], radius: Mapping[Hashable, float], *, rounds: int = 40
) -> dict[Hashable, Position]:
    """Positions moved apart just enough that no two nodes' shapes overlap (a force layout
    puts a node with one relation right on its neighbour, where a click cannot tell them
    apart). Deterministic: nodes are visited in a fixed order.

    >>> _separate({"a": (0.0, 0.0), "b": (1.0, 0.0)}, {"a": 5.0, "b": 5.0})
    {'a': (-7.5, 0.0), 'b': (8.5, 0.0)}
    """
    order = sorted(xy, key=repr)
    if len(order) < 2:
        return {n: (p[0], p[1]) for n, p in xy.items()}
    # Work on indexes: comparing and hashing ints, not reprs, in the inner loop.
    xs = [float(xy[n][0]) for n in order]
    ys = [float(xy[n][1]) for n in order]
    rs = [float(radius[n]) for n in order]
    cell = 2 * max(rs) + NODE_GAP
    for _ in range(rounds):
        grid: dict[tuple[int, int], list[int]] = {}
        for i in range(len(order)):
            grid.setdefault((math.floor(xs[i] / cell), math.floor(ys[i] / cell)), []).append(i)
        moved = False
        for (gi, gj), members in grid.items():
            near = [m for di, dj in _AROUND for m in grid.get((gi + di, gj + dj), ())]
            own = len(members)  # near starts with the cell's own members (_AROUND[0])
            for a in members:
                for k, b in enumerate(near):
                    if k < own and b <= a:
                        continue  # each pair in one cell once
                    dx, dy = xs[b] - xs[a], ys[b] - ys[a]
                    need = rs[a] + rs[b] + NODE_GAP
                    if dx * dx + dy * dy >= need * need:
                        continue
                    dist = math.hypot(dx, dy)
                    if dist == 0:
                        dx, dy, dist = 1.0, 0.0, 1.0
                    push = (need - dist) / 2 / dist
                    xs[a] -= dx * push
                    ys[a] -= dy * push
                    xs[b] += dx * push
                    ys[b] += dy * push
                    moved = True
        if not moved:
            break
    return {n: (xs[i], ys[i]) for i, n in enumerate(order)}


# The cell itself and the four neighbouring cells after it: each pair of cells once.
_AROUND = ((0, 0), (1, 0), (0, 1), (1, 1), (1, -1))


# --- nodes, edges, legend -----------------------------------------------------------------


def _kind(attrs: Mapping[str, Any]) -> str:
    label = attrs.get("label")
    return str(label) if label else UNLABELLED


def _style(kind: str, group: int | None) -> tuple[str, str]:
    colour, shape = LABEL_STYLE.get(kind, ("", "dot"))
    if group is not None:
        colour = PALETTE[group % len(PALETTE)]
    elif not colour:
        colour = PALETTE[int(hashlib.sha256(kind.encode()).hexdigest(), 16) % len(PALETTE)]
    return colour, shape


def _groups(graph: nx.Graph, color_by: Mapping[Hashable, int | str] | None) -> dict[Hashable, int]:
    """``color_by`` values numbered in order of first appearance (stable palette slots)."""
    if color_by is None:
        return {}
    slots: dict[int | str, int] = {}
    for value in sorted({color_by[n] for n in graph if n in color_by}, key=repr):
        slots[value] = len(slots)
    return {n: slots[color_by[n]] for n in graph if n in color_by}


def _legend(
    graph: nx.Graph,
    groups: Mapping[Hashable, int],
    by_group: bool,
    values: Mapping[int, int | str] | None = None,
) -> list[LegendEntry]:
    """Legend entries: one per node label (shape and colour; in grey when coloured by group,
    and none when all are of one kind), then one per colour group, named by its value when
    that is text (a community's name), else numbered."""
    counts: dict[str, int] = {}
    for _, attrs in graph.nodes(data=True):
        counts[_kind(attrs)] = counts.get(_kind(attrs), 0) + 1
    entries = []
    # Coloured by group, a kind's entry is its shape in grey: of one kind only, no node is
    # grey and the shape tells nothing ("City (44)" in grey above a map of coloured cities).
    for kind in sorted(counts) if not (by_group and len(counts) == 1) else ():
        colour, shape = _style(kind, None)
        entries.append(
            LegendEntry(f"{kind} ({counts[kind]})", "#888" if by_group else colour, shape)
        )
    if by_group:
        sizes: dict[int, int] = {}
        for g in groups.values():
            sizes[g] = sizes.get(g, 0) + 1
        for g in sorted(sizes):
            value = (values or {}).get(g)
            name = value if isinstance(value, str) else f"group {g + 1}"
            entries.append(LegendEntry(f"{name} ({sizes[g]})", PALETTE[g % len(PALETTE)], "dot"))
    return entries


def _vis_ids(graph: nx.Graph) -> dict[Hashable, str | int]:
    """vis ids: the node key as text (what the page and tests read), unless two keys share
    a text form, then positions."""
    texts = {n: str(n) for n in graph}
    if len(set(texts.values())) == len(texts):
        return dict(texts)
    return {n: i for i, n in enumerate(graph)}


def _scaled_sizes(
    graph: nx.Graph, size_by: Mapping[Hashable, float] | None
) -> dict[Hashable, float]:
    values = {
        n: float(size_by.get(n, 0.0)) if size_by is not None else float(d)
        for n, d in graph.degree()
    }
    low, high = min(values.values(), default=0.0), max(values.values(), default=0.0)
    span = high - low
    return {
        n: round(MIN_SIZE + (MAX_SIZE - MIN_SIZE) * math.sqrt((v - low) / span), 1)
        if span > 0
        else (MIN_SIZE + MAX_SIZE) / 3
        for n, v in values.items()
    }


def _edge_types(graph: nx.Graph) -> dict[tuple[Hashable, Hashable], list[str]]:
    """Parallel edges drawn once, titled with their relation types."""
    merged: dict[tuple[Hashable, Hashable], list[str]] = {}
    for u, v, attrs in graph.edges(data=True):
        types = merged.setdefault((u, v), [])
        kind = attrs.get("type")
        if kind and str(kind) not in types:
            types.append(str(kind))
    return merged


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _vis_options(*, physics: bool) -> dict[str, Any]:
    return {
        "physics": {
            "enabled": physics,
            "stabilization": {"enabled": False},
            "barnesHut": {"gravitationalConstant": -3000, "springLength": 120},
        },
        "nodes": {
            "font": {"size": LABEL_PX, "strokeWidth": 3, "strokeColor": "#ffffff"},
            "borderWidth": 1,
        },
        "edges": {
            "color": {"color": "#c4c4c4", "highlight": "#333333", "hover": "#666666"},
            "smooth": False,
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.4}},
            "width": 1,
            "selectionWidth": 2,
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": True,
            "zoomView": False,  # the wheel scrolls the page; zoom is Ctrl/⌘ + wheel or buttons
            "multiselect": False,
        },
        "layout": {"improvedLayout": False},  # positions come from Python
    }


# --- the page -----------------------------------------------------------------------------

_URL_SCHEME = re.compile(r"(?i)(https?|ftp|wss?):/")


def _script_json(value: Any) -> str:
    """JSON safe inside ``<script>``: no ``</script>``, no HTML comment openers, and no
    URL text (a ``/`` is written ``\\/``, the same string to JSON.parse)."""
    text = json.dumps(value, ensure_ascii=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("/", "\\/")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


@cache
def drawing_assets() -> DrawingAssets:
    """vis-network's script and style from the pyvis package, and our drawing script and
    style, ready to inline.

    vis-network's script holds URLs only as strings and comments (licence notes, the SVG
    namespace); ``:\\/`` means the same in a JS string, so no address text remains.
    """
    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    own = resources.files("graph.render").joinpath("templates")
    texts = {
        "vis_js": (lib / "vis-network.min.js").read_text(encoding="utf-8"),
        "vis_css": (lib / "vis-network.css").read_text(encoding="utf-8"),
        "drawing_js": own.joinpath("drawing.js").read_text("utf-8"),
        "drawing_css": own.joinpath("drawing.css").read_text("utf-8"),
    }
    texts["vis_js"] = _URL_SCHEME.sub(lambda m: m.group(1) + ":\\/", texts["vis_js"])
    for name, text in texts.items():
        if "</script" in text.lower() or "</style" in text.lower():
            raise RuntimeError(f"{name} cannot be inlined: it closes its own tag")
    return DrawingAssets(**texts)


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(
            lambda name: (
                resources.files("graph.render").joinpath("templates", name).read_text("utf-8")
            )
        ),
        autoescape=True,
    )
    return env.get_template("network.html")


__all__ = [
    "SPEAKER",
    "Attention",
    "Drawing",
    "DrawingAssets",
    "LegendEntry",
    "attending",
    "data_html",
    "drawing_assets",
    "drawing_data",
    "layout",
    "layout_groups",
    "network_html",
    "placement",
]
