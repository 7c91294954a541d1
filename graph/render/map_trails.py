"""Learning trails drawn: arrows from A to B over the map, labelled with the topic and
coloured by the year B presented (graph/read/analysis/trails.py finds them).

Cities are placed as on the Map view (graph/render/map.py: the Equal Earth projection of
their coordinates, over the countries' outlines); a trail between cities of which one
cannot be placed is left out of the drawing (the list has it) and the city is named."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import networkx as nx

from graph.read.analysis.trails import Trail, trails_graph
from graph.render.html import Drawing, Position, drawing_data, placement
from graph.render.map import (
    MAP_MAX_ZOOM,
    MAP_SCALE,
    map_sizes,
    map_unit,
    place,
    scale_lines,
)
from graph.render.words import plural

# Years from light to dark (ColorBrewer's YlGnBu, 9 classes): older trails paler.
YEAR_COLOURS = (
    "#c7e9b4",
    "#a1dab4",
    "#7fcdbb",
    "#41b6c4",
    "#1d91c0",
    "#225ea8",
    "#253494",
    "#1a2a6c",
    "#081d58",
)
CITY_COLOUR = "#555555"


def year_colour(year: int, first: int, last: int) -> str:
    """The colour of a year between the first and the last shown.

    >>> year_colour(2016, 2016, 2024), year_colour(2024, 2016, 2024)
    ('#c7e9b4', '#081d58')
    """
    if last <= first:
        return YEAR_COLOURS[-1]
    share = (year - first) / (last - first)
    return YEAR_COLOURS[round(share * (len(YEAR_COLOURS) - 1))]


def trails_data(
    graph: nx.MultiDiGraph,
    trails: Sequence[Trail],
    *,
    title: str,
    presenter: bool = False,
) -> tuple[dict[str, Any], list[str]]:
    """What the drawing script draws the trails from (``map`` included, so templates/map.js
    paints the outlines), and the cities that could not be placed (ids)."""
    drawn = trails_graph(graph, trails)
    positions: dict[Hashable, Position] = {}
    not_placed = []
    for city, attrs in drawn.nodes(data=True):
        where = place(attrs.get("lat"), attrs.get("lon"))
        if where is None:
            not_placed.append(city)
        else:
            positions[city] = where
    shown = [t for t in trails if t.from_city in positions and t.to_city in positions]
    kept = nx.MultiDiGraph(drawn.subgraph(positions))
    ends = Counter(c for t in shown for c in (t.from_city, t.to_city))
    laid = placement(
        kept,
        size_by={c: float(ends.get(str(c), 0)) for c in kept},
        positions=positions,
        presenter=presenter,
        canvas=True,
    )
    drawing = Drawing(
        positions=laid.positions,
        colours={c: CITY_COLOUR for c in kept},
        sizes=map_sizes(
            {str(c): p for c, p in positions.items()}, {str(c): ends.get(str(c), 0) for c in kept}
        ),
        captions=laid.captions,
        legend=(),
    )
    data = drawing_data(kept, title=title, presenter=presenter, drawing=drawing)
    for node in data["nodes"]:
        count = ends.get(str(node["id"]), 0)
        node["title"] = f"{laid.captions[node['id']]}\n{plural(count, 'trail')} from or to it"
    unit = map_unit({str(c): p for c, p in positions.items()})
    years = [t.later.date.year for t in shown]
    first, last = min(years, default=0), max(years, default=0)
    pairs: Counter[tuple[str, str]] = Counter()
    edges = []
    for t in shown:
        pairs[t.from_city, t.to_city] += 1
        colour = year_colour(t.later.date.year, first, last)
        edges.append(
            {
                "from": t.from_city,
                "to": t.to_city,
                # Named by templates/drawing.js at a fixed size on screen, where it covers
                # no other name or city (vis-network's labels scale with the map and overlap).
                "caption": t.topic_name or "similar title",
                "title": f"{t.later.date.year}: {t.sentence()}",
                "color": {"color": colour, "highlight": colour, "hover": colour},
                "width": 3,
                "arrows": {"to": {"enabled": True, "scaleFactor": round(0.6 * unit, 3)}},
                # Several trails between two cities: each its own curve.
                "smooth": {
                    "enabled": True,
                    "type": "curvedCW",
                    "roundness": 0.15 + 0.12 * (pairs[t.from_city, t.to_city] - 1),
                },
            }
        )
    data["edges"] = edges
    data["legend"] = [
        {"text": str(year), "color": year_colour(year, first, last), "shape": "dot"}
        for year in sorted(set(years))
    ]
    options = data["options"]
    options["interaction"]["dragNodes"] = False
    scale_lines(data, {str(c): p for c, p in positions.items()})
    data["maxZoom"] = MAP_MAX_ZOOM  # a fit may zoom in on a country's cities
    data["map"] = {"scale": MAP_SCALE, "placed": sorted(map(str, kept)), "notPlaced": not_placed}
    return data, not_placed


def trails_drawing(data: Mapping[str, Any]) -> Drawing:
    """The drawing's positions and colours, for a GEXF of the trails as drawn."""
    nodes = data.get("nodes", ())
    return Drawing(
        positions={n["id"]: (n["x"], n["y"]) for n in nodes},
        colours={n["id"]: n["color"] for n in nodes},
        sizes={n["id"]: n["size"] for n in nodes},
        captions={n["id"]: n["caption"] for n in nodes},
    )


__all__ = ["trails_data", "trails_drawing", "year_colour"]
