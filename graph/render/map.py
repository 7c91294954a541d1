"""The offline map: cities at their coordinates over country outlines, ties drawn as arcs.

Cities are placed by the Equal Earth projection (Šavrič, Patterson and Jenny, 2018) of
their ``lat``/``lon`` (the gazetteer's, on every City node it resolved), in the drawing's
canvas units; the page paints the country outlines underneath with the same projection
(``templates/map.js``). The outlines are Natural Earth's 1:110m countries as TopoJSON
(npm ``world-atlas`` 2.0.2, 107,761 bytes) decoded in the page by npm ``topojson-client``
3.1.0 and drawn by d3-geo 3.1.2 (its ``geoEqualEarth``: the same formula as
``equal_earth`` here), all vendored in ``templates/vendor`` with their licences (README
there; 168 KB in all): nothing is fetched, the map works unplugged.

A city without coordinates, or with impossible ones (a latitude beyond ±90, a longitude
beyond ±180, not a number), is not placed: ``MapGraph.not_placed`` lists it, and the view
says so under the map.

>>> x, y = equal_earth(0.0, 0.0)
>>> (x, y)
(0.0, 0.0)
>>> place(91.0, 10.0) is None and place(float("nan"), 1.0) is None
True
>>> tartu = place(58.38, 26.72)
>>> tartu is not None and tartu[0] > 0 and tartu[1] < 0   # east, and north is up
True
"""

from __future__ import annotations

import json
import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, cast

import networkx as nx

from graph.read.analysis.citymap import city_map
from graph.read.analysis.communities import community_names, country_names
from graph.read.analysis.index import CityIndex, build_index
from graph.render.html import Drawing, Position, drawing_data, layout_groups, placement
from graph.render.words import city_choice, plural

MAP_SCALE = 400.0  # canvas units per unit of the projection (the world is ~2,170 wide)
MAP_SIZES = (5.0, 24.0)  # the least and largest city, canvas units (the map is crowded)
ARC_ROUNDNESS = 0.2
MAP_EXTENT = 1500.0  # canvas units across which cities get their full MAP_SIZES
MIN_UNIT = 0.02
MAP_MAX_ZOOM = 20.0
UNPLACED_COLOUR = "#9a9a9a"

# Equal Earth's coefficients (the same in templates/map.js).
_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2


def equal_earth(lat: float, lon: float) -> Position:
    """The Equal Earth projection of a point, in canvas units (y down, as on screen)."""
    theta = math.asin(_M * math.sin(math.radians(lat)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = (
        math.radians(lon)
        * math.cos(theta)
        / (_M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    )
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return (round(x * MAP_SCALE, 2), round(-y * MAP_SCALE, 2) + 0.0)


def place(lat: object, lon: object) -> Position | None:
    """Where a city with these coordinates is drawn, or None when they are missing or
    impossible."""
    try:
        la, lo = float(lat), float(lon)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if not (math.isfinite(la) and math.isfinite(lo)) or abs(la) > 90 or abs(lo) > 180:
        return None
    return equal_earth(la, lo)


@dataclass(frozen=True)
class MapGraph:
    """What the map draws: the cities placed (with MET ties among them), those that could
    not be placed, the events each took part in, and how many cities were left out."""

    graph: nx.MultiDiGraph  # placed cities (label, name, country_code) and MET ties
    positions: dict[str, Position]
    not_placed: list[str]  # city ids, by name
    names: dict[str, str]  # every city's name, placed or not
    events: dict[str, int]  # events taken part in, per city
    cities: int  # cities in the graph read
    left_out: int  # cities not shown because of the limit (the city map's choice)
    countries: dict[str, str] = field(default_factory=dict)  # names by code (upper case)

    @property
    def placed(self) -> list[str]:
        return sorted(self.graph.nodes)


def map_graph(
    graph: nx.MultiDiGraph, *, limit: int | None, index: CityIndex | None = None
) -> MapGraph:
    """The map of ``graph``'s cities: every one when ``limit`` is None or not exceeded,
    else the city map's ``limit`` best-connected (graph/read/analysis/citymap.py); their
    ties are the city map's (cities linked when they met at an event). ``index``:
    ``graph``'s, when the caller has it already."""
    index = build_index(graph) if index is None else index
    every = index.cities
    if limit is None or len(every) <= limit:
        chosen = every
        ties = city_map(graph, limit=max(len(every), 1), index=index).graph
    else:
        ties = city_map(graph, limit=limit, index=index).graph
        chosen = sorted(ties.nodes)
    drawn = nx.MultiDiGraph()
    positions: dict[str, Position] = {}
    not_placed: list[str] = []
    for city in chosen:
        attrs = graph.nodes[city]
        where = place(attrs.get("lat"), attrs.get("lon"))
        if where is None:
            not_placed.append(city)
            continue
        positions[city] = where
        drawn.add_node(
            city, **{k: attrs[k] for k in ("label", "name", "country_code") if attrs.get(k)}
        )
    for u, v, key, attrs in ties.edges(keys=True, data=True):
        if u in positions and v in positions:
            drawn.add_edge(u, v, key=key, **attrs)
    names = {c: str(graph.nodes[c].get("name") or c) for c in chosen}
    return MapGraph(
        graph=drawn,
        positions=positions,
        not_placed=sorted(not_placed, key=lambda c: (names[c], c)),
        names=names,
        events={c: len(index.city_events.get(c, {})) for c in chosen},
        cities=len(every),
        left_out=len(every) - len(chosen),
        countries=country_names(graph),
    )


def map_drawing(
    found: MapGraph, *, presenter: bool = False, context: nx.MultiDiGraph | None = None
) -> Drawing:
    """Placement of the map: the projected positions as they are (never pushed apart),
    sizes by events taken part in, colours by the ties' communities, as the city map;
    with ``context`` (the graph the cities were selected from) the communities are named
    by what they share, as the Network view's city map names them."""
    groups = layout_groups(found.graph)
    names = community_names(context, groups) if context is not None else {}
    colour_by: dict[Hashable, int | str] = {n: names.get(groups[n], groups[n]) for n in found.graph}
    drawn = placement(
        found.graph,
        size_by={n: float(found.events.get(n, 0)) for n in found.graph},
        color_by=colour_by,
        positions=cast(Mapping[Hashable, Position], found.positions),
        presenter=presenter,
        canvas=True,
    )
    resized = map_sizes(found.positions, {n: found.events.get(n, 0) for n in found.graph})
    return Drawing(
        positions=drawn.positions,
        colours=drawn.colours,
        sizes=resized,
        captions=drawn.captions,
        legend=drawn.legend,
    )


def map_unit(positions: Mapping[str, Position]) -> float:
    """Canvas units per unit of a map's sizes and line widths: 1 for a world's breadth of
    cities, less for cities close together (the view zooms in on them, and a map of one
    country would otherwise be all circles and thick lines).

    >>> map_unit({"a": (0.0, 0.0), "b": (1500.0, 0.0)})
    1.0
    >>> map_unit({"a": (0.0, 0.0), "b": (150.0, 0.0)})
    0.1
    """
    xs = [p[0] for p in positions.values()] or [0.0]
    ys = [p[1] for p in positions.values()] or [0.0]
    extent = max(max(xs) - min(xs), max(ys) - min(ys))
    return round(min(max(extent / MAP_EXTENT, MIN_UNIT), 1.0), 3)


def map_sizes(
    positions: Mapping[str, Position], counts: Mapping[str, int]
) -> dict[Hashable, float]:
    """City sizes on a map: by ``counts`` (square root, within ``MAP_SIZES``), times
    ``map_unit``.

    >>> map_sizes({"a": (0.0, 0.0), "b": (1500.0, 0.0)}, {"a": 1, "b": 9})
    {'a': 5.0, 'b': 24.0}
    """
    unit = map_unit(positions)
    low, high = MAP_SIZES
    values = {c: math.sqrt(max(counts.get(c, 0), 0)) for c in positions}
    smallest, largest = min(values.values(), default=0.0), max(values.values(), default=0.0)
    span = largest - smallest
    return {
        c: round(unit * (low + (high - low) * ((v - smallest) / span if span else 0.3)), 2)
        for c, v in values.items()
    }


def scale_lines(data: dict[str, Any], positions: Mapping[str, Position]) -> None:
    """Line widths, arrows and edge labels of a map drawing times ``map_unit``."""
    unit = map_unit(positions)
    edges = data["options"]["edges"]
    edges["width"] = round(1.2 * unit, 3)
    edges["selectionWidth"] = round(2.5 * unit, 3)
    edges["font"] = {"size": round(12 * unit, 2), "strokeWidth": 3 * unit, "align": "horizontal"}
    for edge in data["edges"]:
        if "width" in edge:
            edge["width"] = round(edge["width"] * unit, 3)


def tooltip(found: MapGraph, city: str) -> str:
    """A city's tooltip on the map: its name and country's, as the pickers say them, and
    its counts."""
    name = found.names.get(city, city)
    code = found.graph.nodes[city].get("country_code") if city in found.graph else None
    met = found.graph.degree(city) if city in found.graph else 0
    events = plural(found.events.get(city, 0), "event")
    return (
        f"{city_choice(name, code, found.countries)}\n{events} taken part in · "
        f"linked to {plural(met, 'city')} on this map"
    )


def map_data(
    found: MapGraph,
    *,
    title: str,
    presenter: bool = False,
    context: nx.MultiDiGraph | None = None,
    drawing: Drawing | None = None,
) -> dict[str, Any]:
    """What the drawing script draws the map from: ``drawing_data`` with the map's
    tooltips, arcs for ties, cities fixed where they are, and ``map`` for templates/map.js
    (the projection's scale, the cities placed and not placed)."""
    drawn = map_drawing(found, presenter=presenter, context=context) if drawing is None else drawing
    data = drawing_data(
        found.graph, title=title, presenter=presenter, context=context, drawing=drawn
    )
    for node in data["nodes"]:
        node["title"] = tooltip(found, str(node["id"]))
    options = data["options"]
    options["edges"]["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": ARC_ROUNDNESS}
    options["edges"]["arrows"] = {"to": {"enabled": False}}
    options["interaction"]["dragNodes"] = False  # a city stays where it is on earth
    scale_lines(data, found.positions)
    data["maxZoom"] = MAP_MAX_ZOOM  # a fit may zoom in on a country's cities
    data["map"] = {
        "scale": MAP_SCALE,
        "placed": found.placed,
        "notPlaced": found.not_placed,
    }
    return data


def not_placed_text(found: MapGraph, *, limit: int = 12) -> str | None:
    """The line under the map naming the cities it could not place, or None."""
    if not found.not_placed:
        return None
    names = [found.names[c] for c in found.not_placed[:limit]]
    more = len(found.not_placed) - limit
    return (
        f"not placed ({plural(len(found.not_placed), 'city')} without valid "
        f"coordinates): {', '.join(names)}" + (f" and {more} more" if more > 0 else "")
    )


@cache
def map_scripts() -> tuple[str, ...]:
    """The map's script, inline in its page or served to its component: d3-array and d3-geo
    (the projection, outlines cut at the antimeridian), topojson-client, the world's
    outlines (as ``window.citygraphWorld``) and templates/map.js, as one script (the
    component loads its files one after another: one file, one wait)."""
    own = resources.files("graph.render").joinpath("templates")
    vendor = own.joinpath("vendor")
    world = json.loads(vendor.joinpath("countries-110m.json").read_text("utf-8"))
    world["objects"].pop("land", None)  # the countries' outlines are all the map paints
    return (
        joined(
            *(
                _no_address(vendor.joinpath(name).read_text("utf-8"))
                for name in ("d3-array.min.js", "d3-geo.min.js", "topojson-client.min.js")
            ),
            "window.citygraphWorld = " + json.dumps(world, separators=(",", ":")) + ";",
            own.joinpath("map.js").read_text("utf-8"),
        ),
    )


@cache
def timeline_scripts() -> tuple[str, ...]:
    """The time control's script (templates/timeline.js), for the Network and Map views."""
    own = resources.files("graph.render").joinpath("templates")
    return (own.joinpath("timeline.js").read_text("utf-8"),)


@cache
def map_view_scripts() -> tuple[str, ...]:
    """The Map view's scripts (the map's and the time control's) as one."""
    return (joined(*map_scripts(), *timeline_scripts()),)


def joined(*scripts: str) -> str:
    r"""Scripts run one after another, as one script (each ends its last statement).

    >>> joined("var a = 1", "var b = a + 1;")
    'var a = 1\n;\nvar b = a + 1;'
    """
    return "\n;\n".join(scripts)


def _no_address(code: str) -> str:
    """Script text without URL text (``https://`` becomes ``https:\\/\\/`` in a comment)."""
    for scheme in ("https://", "http://"):
        code = code.replace(scheme, scheme.replace("/", "\\/"))
    return code


__all__ = [
    "MAP_SCALE",
    "MapGraph",
    "equal_earth",
    "map_data",
    "map_drawing",
    "map_graph",
    "map_scripts",
    "map_view_scripts",
    "not_placed_text",
    "place",
    "timeline_scripts",
    "tooltip",
]
