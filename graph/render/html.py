"""Any networkx graph -> one self-contained, offline, escaped HTML page (pyvis + vis-network).

pyvis builds the vis.js nodes, edges and options; the page comes from our own template
(``graph/render/templates/network.html``) with vis-network's script and style inlined from the
pyvis package, so nothing is fetched from outside: no CDN, no fonts, no ``http(s)://``
anywhere in the page. Positions are computed here (igraph's Fruchterman-Reingold, seeded,
cached per graph structure), and physics is off by default, so the first frame is drawn at
once. Every text from a loaded file reaches the page as JSON data and is put into the DOM
with ``textContent`` only, so ``<img src=x onerror=...>`` shows as those characters.

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
from collections import OrderedDict
from collections.abc import Hashable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import igraph
import jinja2
import networkx as nx
import pyvis
from pyvis.network import Network

from graph.core.model import Label
from graph.read.anonymise import SPEAKER, hidden_name

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
MAX_VALUE_CHARS = 300  # tooltip values are cut here; the detail panel has the rest
_HIDDEN_PROPERTIES = {"label", "sources", "x", "y"}


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
) -> str:
    """One HTML page drawing ``graph``, with a legend, tooltips, a physics switch and PNG export.

    Args:
        graph: any networkx graph; ``label`` (a node kind) and our properties are used when
            present, never required.
        title: the page's title and heading.
        size_by: a value per node (a centrality, a count); default the node's degree.
        color_by: a group per node (a community number); default the node's label.
        positions: positions to use (as returned by ``layout``); default ``layout(graph)``.
        presenter: show people as "Speaker" (no names anywhere) and use larger text.
        physics: start with vis.js physics running (the page has a switch either way).
        height: the drawing's least height, a CSS length; it fills the window when taller.

    >>> import networkx as nx
    >>> g = nx.Graph([("a", "b")])
    >>> g.nodes["a"]["title"] = "<b>x</b>"
    >>> "<b>x</b>" in network_html(g)
    False
    """
    pos = layout(graph) if positions is None else positions
    ids = _vis_ids(graph)
    sizes = _scaled_sizes(graph, size_by)
    spread = 90.0 * math.sqrt(max(graph.number_of_nodes(), 4))  # canvas units per layout unit
    groups = _groups(graph, color_by)
    font_size = 24 if presenter else 14

    net = Network(height=height, width="100%", directed=True, cdn_resources="in_line")
    for node, attrs in graph.nodes(data=True):
        kind = _kind(attrs)
        colour, shape = _style(kind, groups.get(node))
        x, y = pos.get(node, (0.0, 0.0))
        net.add_node(
            ids[node],
            label=_caption(node, attrs, presenter=presenter) or " ",
            title=_tooltip(node, attrs, graph.degree(node), presenter=presenter),
            shape=shape,
            color=colour,
            size=sizes[node],
            x=round(x * spread, 1),
            y=round(y * spread, 1),
            kind=kind,  # not "group": pyvis drops the colour of grouped nodes
        )
    directed = graph.is_directed()
    for (u, v), types in _edge_types(graph).items():
        options: dict[str, Any] = {"title": " / ".join(types) if types else ""}
        if not directed:
            options["arrows"] = {"to": {"enabled": False}}
        net.add_edge(ids[u], ids[v], **options)
    net.options = _vis_options(physics=physics, font_size=font_size)
    nodes, edges, _heading, height_, _width, options_json = net.get_network_data()
    legend = _legend(graph, groups, color_by is not None)
    return _template().render(
        title=title,
        height=height_,
        font_size=font_size,
        physics=physics,
        data=_script_json(
            {
                "nodes": nodes,
                "edges": edges,
                "legend": legend,
                "options": json.loads(options_json),
                "physics": physics,
            }
        ),
        vis_js=_vis_asset("vis-network.min.js"),
        vis_css=_vis_asset("vis-network.css"),
    )


# --- layout -------------------------------------------------------------------------------

_LAYOUT_CACHE: OrderedDict[str, dict[Hashable, Position]] = OrderedDict()
_LAYOUT_CACHE_SIZE = 64


def layout(
    graph: nx.Graph, *, pinned: Mapping[Hashable, Position] | None = None, seed: int = 42
) -> dict[Hashable, Position]:
    """Positions for every node, in roughly [-1, 1]², the same for the same structure.

    Nodes in ``pinned`` keep their positions (a filter change does not move them); the
    others settle around them. Results are cached per node set, edge set, seed and pins,
    so a Streamlit rerun costs nothing and the picture does not jump.

    >>> import networkx as nx
    >>> g = nx.path_graph(5)
    >>> layout(g) == layout(nx.path_graph(5))
    True
    """
    pins = {n: pinned[n] for n in graph if pinned and n in pinned}
    key = _structure_key(graph, seed, pins)
    if key in _LAYOUT_CACHE:
        _LAYOUT_CACHE.move_to_end(key)
        return dict(_LAYOUT_CACHE[key])
    pos = _compute_layout(graph, pins, seed)
    _LAYOUT_CACHE[key] = pos
    while len(_LAYOUT_CACHE) > _LAYOUT_CACHE_SIZE:
        _LAYOUT_CACHE.popitem(last=False)
    return dict(pos)


def _structure_key(graph: nx.Graph, seed: int, pins: Mapping[Hashable, Position]) -> str:
    digest = hashlib.sha256(repr(seed).encode())
    for part in (
        sorted(map(repr, graph.nodes)),
        sorted(repr(sorted((repr(u), repr(v)))) for u, v in graph.edges()),
        sorted((repr(n), p) for n, p in pins.items()),
    ):
        digest.update(repr(part).encode())
    return digest.hexdigest()


def _start(node: Hashable, seed: int) -> Position:
    """A start position from the node's identity, so a node starts at the same place in
    every view it appears in (and the result does not depend on node order)."""
    h = hashlib.sha256(f"{seed}:{node!r}".encode()).digest()
    return (int.from_bytes(h[:4]) / 2**32 * 2 - 1, int.from_bytes(h[4:8]) / 2**32 * 2 - 1)


def _compute_layout(
    graph: nx.Graph, pins: Mapping[Hashable, Position], seed: int
) -> dict[Hashable, Position]:
    nodes = sorted(graph.nodes, key=repr)
    if not nodes:
        return {}
    if len(nodes) == 1:
        return {nodes[0]: pins.get(nodes[0], (0.0, 0.0))}
    index = {n: i for i, n in enumerate(nodes)}
    edges = sorted({tuple(sorted((index[u], index[v]))) for u, v in graph.edges() if u != v})
    ig = igraph.Graph(n=len(nodes), edges=edges)
    # Fruchterman-Reingold in igraph's units (about sqrt(n) wide); pins are in [-1, 1].
    unit = math.sqrt(len(nodes))
    start = [[c * unit for c in pins.get(n, _start(n, seed))] for n in nodes]
    bounds: dict[str, list[float | None]] = {}
    if pins:
        # A pinned node's box is its point; the others are free (a wide box).
        fixed = [pins.get(n) for n in nodes]
        free = 1e9
        bounds = {
            "minx": [p[0] * unit if p else -free for p in fixed],
            "maxx": [p[0] * unit if p else free for p in fixed],
            "miny": [p[1] * unit if p else -free for p in fixed],
            "maxy": [p[1] * unit if p else free for p in fixed],
        }
    coords = ig.layout_fruchterman_reingold(seed=start, niter=300, grid="auto", **bounds)
    if pins:
        pairs = zip(nodes, coords, strict=True)
        return {n: pins.get(n) or (x / unit, y / unit) for n, (x, y) in pairs}
    # Unpinned: centre and scale into [-1, 1]² so the drawing's size depends only on n.
    xs, ys = [c[0] for c in coords], [c[1] for c in coords]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    half = max(max(xs) - min(xs), max(ys) - min(ys)) / 2 or 1.0
    return {n: ((x - cx) / half, (y - cy) / half) for n, (x, y) in zip(nodes, coords, strict=True)}


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
    graph: nx.Graph, groups: Mapping[Hashable, int], by_group: bool
) -> list[dict[str, Any]]:
    """Legend entries: one per node label (shape and colour), then one per colour group."""
    counts: dict[str, int] = {}
    for _, attrs in graph.nodes(data=True):
        counts[_kind(attrs)] = counts.get(_kind(attrs), 0) + 1
    entries = []
    for kind in sorted(counts):
        colour, shape = _style(kind, None)
        entries.append(
            {
                "text": f"{kind} ({counts[kind]})",
                "color": "#888" if by_group else colour,
                "shape": shape,
            }
        )
    if by_group:
        sizes: dict[int, int] = {}
        for g in groups.values():
            sizes[g] = sizes.get(g, 0) + 1
        for g in sorted(sizes):
            entries.append(
                {
                    "text": f"group {g + 1} ({sizes[g]})",
                    "color": PALETTE[g % len(PALETTE)],
                    "shape": "dot",
                }
            )
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


def _is_person(attrs: Mapping[str, Any]) -> bool:
    return attrs.get("label") == Label.PERSON


def _caption(node: Hashable, attrs: Mapping[str, Any], *, presenter: bool) -> str:
    return _cut(hidden_name(attrs, str(node), hide_people=presenter), 40)


def _tooltip(node: Hashable, attrs: Mapping[str, Any], degree: int, *, presenter: bool) -> str:
    """Plain text (the page puts it in the DOM as text): kind and name, then properties."""
    kind = _kind(attrs)
    if presenter and _is_person(attrs):
        return f"{kind}: {SPEAKER}\nconnections: {degree}"
    lines = [f"{kind}: {_caption(node, attrs, presenter=False)}", f"id: {node}"]
    for key in sorted(attrs, key=str):
        if key in _HIDDEN_PROPERTIES or attrs[key] in (None, "", [], ()):
            continue
        value = attrs[key]
        text = ", ".join(map(str, value)) if isinstance(value, list | tuple) else str(value)
        lines.append(f"{key}: {_cut(text, MAX_VALUE_CHARS)}")
    if attrs.get("sources"):
        lines.append(f"sources: {len(attrs['sources'])}")
    lines.append(f"connections: {degree}")
    return "\n".join(lines)


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


def _vis_options(*, physics: bool, font_size: int) -> dict[str, Any]:
    return {
        "physics": {
            "enabled": physics,
            "stabilization": {"enabled": False},
            "barnesHut": {"gravitationalConstant": -3000, "springLength": 120},
        },
        "nodes": {
            "font": {"size": font_size, "strokeWidth": 3, "strokeColor": "#ffffff"},
            "borderWidth": 1,
        },
        "edges": {
            "color": {"color": "#b8b8b8", "highlight": "#444444"},
            "smooth": False,
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.4}},
            "width": 1,
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": True},
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
def _vis_asset(name: str) -> str:
    """vis-network's script or style from the pyvis package, ready to inline.

    The script holds URLs only as strings and comments (licence notes, the SVG
    namespace); ``:\\/`` means the same in a JS string, so no address text remains.
    """
    path = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2" / name
    text = path.read_text(encoding="utf-8")
    if name.endswith(".js"):
        text = _URL_SCHEME.sub(lambda m: m.group(1) + ":\\/", text)
    if "</script" in text.lower() or "</style" in text.lower():
        raise RuntimeError(f"{path} cannot be inlined: it closes its own tag")
    return text


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
