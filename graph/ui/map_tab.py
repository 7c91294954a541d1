"""The Map view: the cities of the sidebar's selection where they are on earth, sized by
the events they took part in, coloured by the communities of their ties, linked by arcs
where they met (the city map's ties), over the countries' outlines; the time control
replays the years; a click opens the node's detail, as in the Network view.

A large selection shows the city map's best-connected cities (at most ``CITY_MAP_CITIES``,
fewer when "Show at most" is lower); one click shows them all. Cities without coordinates
(or with impossible ones) are named under the map."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

import networkx as nx
import streamlit as st

from graph.read.analysis.index import build_index
from graph.render.export import export_bytes
from graph.render.html import Drawing, data_html
from graph.render.map import (
    MapGraph,
    map_data,
    map_drawing,
    map_graph,
    map_view_scripts,
    not_placed_text,
)
from graph.render.words import plural
from graph.store.base import Selection, SubgraphQuery
from graph.ui import detail, time_control
from graph.ui.context import Context
from graph.ui.network_component import View, network

CANVAS_HEIGHT = 700  # the downloaded page's least height
# The map's frame: at least this, else down to the window's end, as the Network view's
# (at 1280x720 in presenter mode a 700 px frame ended 140 px below the window).
LEAST_HEIGHT = 420
CITY_MAP_CITIES = 200  # as the Network view's city map
TITLE = "citygraph: map"
NODE = "node"  # the selected node (the Network view's setting)
MAP_CITIES = "map_cities"  # the setting: "all" cities of the selection, or the "best"


def render(ctx: Context) -> None:
    if not ctx.facets.labels:
        return  # an empty graph: the app already says how to load data
    state, ss = ctx.state, st.session_state
    query = state.query().unbounded()  # the filters, every kind: cities and their events
    selection = ctx.select(query)
    whole = ctx.whole().graph
    every = state.map_cities == "all"
    limit = None if every else min(state.limit, CITY_MAP_CITIES)
    placed = _placed(selection, whole, ctx.version, query, state.presenter, limit)
    found = placed.found
    switch, said = st.empty(), st.empty()
    if placed.drawing is None:
        st.info("No city passes these filters, so the map is empty. Clear some filters.")
        return
    if found.left_out:
        switch.button(
            f"Show all {found.cities} cities",
            key="map-all",
            on_click=_set_cities,
            args=("all",),
        )
    elif every and found.cities > CITY_MAP_CITIES:
        switch.button(
            f"Show the {CITY_MAP_CITIES} best-connected cities only",
            key="map-best",
            on_click=_set_cities,
            args=("best",),
        )
    said.info(_what_is_shown(found))
    period = state.period
    data = time_control.with_period(placed.data, period)
    scripts = map_view_scripts()
    left, right = st.columns([3, 1], gap="small")
    with left:
        view = View(selected=ss.get(NODE), period=period)
        click = network(data, view=view, height=LEAST_HEIGHT, key="map", scripts=scripts, fill=True)
        line = not_placed_text(found)
        if line:
            st.caption(line)
    if click is not None and not time_control.on_period(click):
        ss[NODE] = click.node
    with right:
        node = ss.get(NODE)
        if not node or node not in whole:
            st.markdown(
                "**Click a city** to see what it is, where that was stated and what it connects to."
            )
        else:
            detail.render(whole, node, presenter=state.presenter)
    _downloads(found, placed.drawing, data, scripts)


@dataclass(frozen=True)
class _Placed:
    """The map of a selection, made once per store version, filters and presenter mode:
    the cities placed, their drawing, and its data with the years (the period is added at
    each rerun: ``time_control.with_period``). No drawing when no city passes the filters."""

    found: MapGraph
    drawing: Drawing | None
    data: dict[str, Any]


@st.cache_resource(show_spinner="Placing the cities…", max_entries=8)
def _placed(
    _selection: Selection,
    _whole: nx.MultiDiGraph,
    version: str,
    query: SubgraphQuery,
    presenter: bool,
    limit: int | None,
) -> _Placed:
    # Keyed like the selection it is made from; the result is only read. The selection's
    # index is read once for the map, the city map's ties and the years.
    graph = _selection.graph
    index = build_index(graph)
    found = map_graph(graph, limit=limit, index=index)
    if not found.cities:
        return _Placed(found=found, drawing=None, data={})
    drawing = map_drawing(found, presenter=presenter, context=graph)
    data = map_data(found, title=TITLE, presenter=presenter, context=_whole, drawing=drawing)
    time_control.add_timeline(data, found.graph, graph, period=None, index=index)
    return _Placed(found=found, drawing=drawing, data=data)


def _set_cities(value: str) -> None:
    st.session_state[MAP_CITIES] = value


def _what_is_shown(found: MapGraph) -> str:
    shown = len(found.placed)
    parts = [
        f"**Map**: {plural(shown, 'city')} where they are on earth, "
        f"{plural(found.graph.number_of_edges(), 'arc')} between cities that met at an "
        "event (each city's strongest ties). Size: events taken part in; colour: "
        "communities of the ties, named by their cities' top topics (or countries). Hover "
        "a city for its counts, click it for its detail."
    ]
    if found.left_out:
        parts.append(
            f"Left out: {found.left_out} of {found.cities} cities (the best-connected are shown)."
        )
    return " ".join(parts)


def _downloads(
    found: MapGraph, drawn: Drawing, data: dict[str, Any], scripts: tuple[str, ...]
) -> None:
    """The map as files: GEXF and CSV with the cities' map positions, and the page itself
    (outlines and time control included); the drawing's own "download PNG" has the picture."""
    columns = st.columns(3)
    for column, (name, fmt, mime) in zip(
        columns,
        (("GEXF", "gexf", "application/xml"), ("CSV (zip)", "csv", "application/zip")),
        strict=False,
    ):
        column.download_button(
            f"Download {name}",
            data=partial(export_bytes, found.graph, fmt, drawing=drawn, title=TITLE),
            file_name=f"citygraph-map.{'zip' if fmt == 'csv' else fmt}",
            mime=mime,
            key=f"map-download-{fmt}",
            on_click="ignore",
        )
    columns[-1].download_button(
        "Download HTML",
        data=partial(_page, data, scripts),
        file_name="citygraph-map.html",
        mime="text/html",
        key="map-download-html",
        on_click="ignore",
    )


def _page(data: dict, scripts: tuple[str, ...]) -> bytes:
    return data_html(data, height=f"{CANVAS_HEIGHT}px", scripts=scripts).encode("utf-8")


__all__ = ["render"]
