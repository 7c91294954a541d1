"""The Network view: the filtered subgraph drawn by our component, a detail panel beside it
for the clicked node, search in one step, double-click to expand, the path between two
selected nodes, and downloads.

A large network (more than ``CITY_MAP_ABOVE`` nodes of the default kinds, no focus) is
first drawn as its city map (graph/read/analysis/citymap.py: cities linked when they met,
a connected part of at most ``CITY_MAP_CITIES``), which a ball of thousands of practices
and events is not; one click switches to the node kinds, and back."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from functools import partial
from typing import Any, cast

import networkx as nx
import streamlit as st

from graph.core.model import Label
from graph.read.analysis.citymap import CityMap, city_map
from graph.render.export import export_bytes
from graph.render.html import Drawing, drawing_data, layout_groups, network_html, placement
from graph.render.map import timeline_scripts
from graph.render.words import plural
from graph.store.base import Selection, SubgraphQuery
from graph.ui import detail, time_control
from graph.ui.context import Context
from graph.ui.network_component import View, ids_in, network
from graph.ui.search import best_match
from graph.ui.text import md
from graph.ui.viewstate import DEFAULT_LABELS, ViewState

CANVAS_HEIGHT = 700  # the component's frame; the drawing takes what the legend bar leaves
DOWNLOADS = (
    ("GraphML", "graphml", "application/xml"),
    ("GEXF", "gexf", "application/xml"),
    ("CSV (zip)", "csv", "application/zip"),
    ("PNG", "png", "image/png"),
)
TITLE = "citygraph network"
CITY_MAP_TITLE = "citygraph: city map"
CITY_MAP_ABOVE = 2000  # nodes of the default kinds above which the first picture is the map
CITY_MAP_CITIES = 200  # the most cities the map shows (fewer when "Show at most" is lower)
# Session keys: the view's settings (graph/ui/viewstate.py: the node whose detail shows,
# the nodes double-clicked open, the two ends of the path shown, the search text), and the
# node selected before (for a path) and the last search's match, which no link keeps.
NODE, EXPANDED, PATH, FIND = "node", "expanded", "path", "find"
PREVIOUS, FOUND = "_cg_previous", "_cg_found"


def draw(graph: nx.MultiDiGraph, *, title: str, presenter: bool, key: str) -> str:
    """Draw ``graph`` as a one-way page (views without a detail panel); return its HTML."""
    html = network_html(graph, title=title, presenter=presenter, height=f"{CANVAS_HEIGHT // 2}px")
    st.iframe(html, height=CANVAS_HEIGHT)
    return html


def render(ctx: Context) -> None:
    if not ctx.facets.labels:
        return  # an empty graph: the app already says how to load data
    state, ss = ctx.state, st.session_state
    # Both reads are anonymised in presenter mode (ids too), so clicks, searches, paths
    # and details all speak of the nodes as shown.
    result = ctx.network()
    whole = ctx.whole().graph
    # Fixed slots above the drawing: a line appearing or going must not move the drawing's
    # place in the page, or Streamlit would make a new frame (and draw again) for it.
    switch_slot, shown_slot, loose_slot = st.empty(), st.empty(), st.empty()
    if draws_city_map(state, result.total):
        switch_slot.button(
            "Show cities, practices and events instead",
            key="drawing-kinds",
            on_click=_set_drawing,
            args=("kinds",),
        )
        _render_city_map(ctx, whole, shown_slot)
        return
    switch_slot.button(
        "Show the city map (cities linked when they met)",
        key="drawing-cities",
        on_click=_set_drawing,
        args=("cities",),
    )
    path = _path_nodes(whole, tuple(ss.get(PATH) or ()))
    graph = _with(result.graph, whole, _opened(whole, ss.get(EXPANDED) or ()), path)
    if graph.number_of_nodes() == 0:
        st.info("No node passes these filters. Clear some filters in the sidebar.")
        return
    graph = _without_loose_nodes(graph, loose_slot)
    _say_what_is_shown(ctx, graph, result.total, result.truncated, shown_slot)
    found = _search(graph, whole)
    # One placement for the drawing and its downloads: the files hold what is on screen.
    drawn = placement(graph, presenter=state.presenter)
    data = drawing_data(graph, title=TITLE, presenter=state.presenter, context=whole, drawing=drawn)
    if ss.get(NODE) not in ids_in(data) and ss.get(NODE) not in whole:
        ss[NODE] = None
    time_control.add_timeline(data, graph, whole, period=state.period)
    left, right = st.columns([3, 1], gap="small")
    with left:
        view = View(
            selected=ss.get(NODE),
            focus=found,
            path=tuple(path),
            nonce=int(ss.get("_cg_search_n", 0)),
            period=state.period,
        )
        click = network(
            data, view=view, height=CANVAS_HEIGHT, key="network", scripts=timeline_scripts()
        )
    if click is not None and not time_control.on_period(click):
        _on_click(click.event, click.node)
    with right:
        _panel(whole, presenter=state.presenter)
    _downloads(graph, drawn, presenter=state.presenter)


def draws_city_map(state: ViewState, total: int) -> bool:
    """Whether the Network view draws the city map: when asked to, or by default for a
    network of more than ``CITY_MAP_ABOVE`` nodes of the default kinds without a focus
    (node kinds chosen or a focus mean the user asked for those nodes).

    >>> draws_city_map(ViewState(), 5000), draws_city_map(ViewState(), 113)
    (True, False)
    >>> draws_city_map(ViewState(drawing="kinds"), 5000), draws_city_map(ViewState(focus="x"), 5000)
    (False, False)
    """
    if state.drawing != "auto":
        return state.drawing == "cities"
    return state.focus is None and state.labels == DEFAULT_LABELS and total > CITY_MAP_ABOVE


def _set_drawing(drawing: str) -> None:
    st.session_state["drawing"] = drawing
    st.session_state[EXPANDED], st.session_state[PATH] = [], ()


@st.cache_resource(show_spinner="Drawing the city map…", max_entries=8)
def _city_map(
    _selection: Selection, version: str, query: SubgraphQuery, presenter: bool, limit: int
) -> CityMap:
    # Keyed like the selection it is made from; the result is only read.
    return city_map(_selection.graph, limit=limit)


def _render_city_map(ctx: Context, whole: nx.MultiDiGraph, slot: Any) -> None:
    state, ss = ctx.state, st.session_state
    query = state.query().unbounded()  # the filters, every kind: the cities and their events
    limit = min(state.limit, CITY_MAP_CITIES)
    found = _city_map(ctx.select(query), ctx.version, query, state.presenter, limit)
    graph = found.graph
    if graph.number_of_nodes() == 0:
        st.info(
            "No two cities met at an event with these filters, so the city map is empty: "
            "show cities, practices and events instead, or clear some filters."
        )
        return
    shown = graph.number_of_nodes()
    never = found.cities - found.met
    left_out = [f"{found.cities - shown} of {found.cities} cities"] if found.cities > shown else []
    slot.info(
        f"**City map**: {plural(shown, 'city')}, linked when they met at an event "
        f"({plural(graph.number_of_edges(), 'link')}: each city's strongest ties; hover a "
        "link for the events and topics two cities share). Size: events taken part in; "
        "colour: communities. Left out: "
        + ", ".join(
            [
                *left_out,
                *([f"{plural(never, 'city')} that met no other here"] if never else []),
                "the practices, events and people behind the links",
            ]
        )
        + ". Click a city for its detail, or switch to cities, practices and events above."
    )
    hit = _search(graph, whole, elsewhere=False)
    sizes, groups = _sizes(found.events), _groups(layout_groups(graph))
    drawn = placement(graph, size_by=sizes, color_by=groups, presenter=state.presenter)
    data = drawing_data(
        graph, title=CITY_MAP_TITLE, presenter=state.presenter, context=whole, drawing=drawn
    )
    time_control.add_timeline(data, graph, ctx.select(query).graph, period=state.period)
    left, right = st.columns([3, 1], gap="small")
    with left:
        view = View(
            selected=ss.get(NODE),
            focus=hit,
            nonce=int(ss.get("_cg_search_n", 0)),
            period=state.period,
        )
        click = network(
            data, view=view, height=CANVAS_HEIGHT, key="network", scripts=timeline_scripts()
        )
    if click is not None and not time_control.on_period(click):
        _select(click.node)  # a double-click selects too: the map has nothing to open
    with right:
        node = ss.get(NODE)
        if isinstance(node, str) and node in graph:
            st.button(
                f"Open {detail.name(whole, node)}'s network",
                key="open-city",
                on_click=_open_city,
                args=(node,),
                width="stretch",
            )
        _panel(whole, presenter=state.presenter)
    _downloads(
        graph,
        drawn,
        presenter=state.presenter,
        size_by=sizes,
        color_by=groups,
        title=CITY_MAP_TITLE,
    )


def _open_city(city: str) -> None:
    """From the map to the city's neighbourhood in the kinds view (a sidebar focus)."""
    st.session_state["focus"] = city
    _set_drawing("kinds")


def _say_what_is_shown(
    ctx: Context, graph: nx.MultiDiGraph, total: int, truncated: bool, slot: Any
) -> None:
    shown, relations = graph.number_of_nodes(), graph.number_of_edges()
    if not truncated:
        slot.caption(
            f"{shown} nodes, {relations} relations. Click a node for its details, "
            "double-click to open its neighbours; Ctrl/⌘ + wheel zooms."
        )
        return
    kinds = Counter(str(a.get("label")) for _, a in graph.nodes(data=True))
    left_out = ""
    query = ctx.state.query()
    if not query.has_anchor_filter and query.focus is None:
        chosen = [str(v) for v in query.labels] or list(ctx.facets.labels)
        gone = {k: ctx.facets.labels.get(k, 0) - kinds.get(k, 0) for k in chosen}
        left_out = ", ".join(plural(n, k.lower()) for k, n in sorted(gone.items()) if n > 0)
        left_out = f" ({left_out})" if left_out else ""
    slot.warning(
        f"Showing {shown} of {total} nodes ({relations} relations): the connected part "
        f"around the best-connected node. Left out: {total - shown} nodes{left_out}. "
        "Raise 'Show at most', narrow the filters, or focus on a node to see others."
    )


def _without_loose_nodes(graph: nx.MultiDiGraph, slot: Any) -> nx.MultiDiGraph:
    """The graph without nodes that have no relation in it (they would float apart and
    shrink the picture), unless nothing is related; says which were left out."""
    loose = sorted(n for n in graph if graph.degree(n) == 0)
    if not loose or len(loose) == graph.number_of_nodes():
        return graph
    names = ", ".join(detail.name(graph, n) for n in loose[:5])
    more = f" and {len(loose) - 5} more" if len(loose) > 5 else ""
    slot.caption(
        f"Not drawn: {plural(len(loose), 'node')} without a relation in this view "
        f"({md(names)}{more}). Add node kinds to see how they connect."
    )
    return nx.MultiDiGraph(graph.subgraph(n for n in graph if n not in set(loose)))


def _path_nodes(whole: nx.MultiDiGraph, ends: tuple[str, ...]) -> list[str]:
    """The nodes of the path between the two ``ends`` (none when it has not two ends in
    ``whole``, or they are not connected)."""
    if len(ends) != 2 or not all(e in whole for e in ends):
        return []
    return list(detail.path_between(whole, ends[0], ends[1]))


def _opened(whole: nx.MultiDiGraph, nodes: Iterable[str]) -> set[str]:
    """The double-clicked nodes and their neighbours."""
    found: set[str] = set()
    for node in nodes:
        if node in whole:
            found.add(node)
            found.update(whole.successors(node))
            found.update(whole.predecessors(node))
    return {n for n in found if whole.nodes[n].get("label") != Label.SOURCE}


def _with(
    graph: nx.MultiDiGraph, whole: nx.MultiDiGraph, extra: Iterable[str], path: Iterable[str]
) -> nx.MultiDiGraph:
    """``graph`` with more nodes of the whole graph (and their relations among all)."""
    more = {n for n in (*extra, *path) if n in whole} - set(graph)
    if not more:
        return graph
    return nx.MultiDiGraph(whole.subgraph(set(graph) | more))


def _search(
    graph: nx.MultiDiGraph, whole: nx.MultiDiGraph, *, elsewhere: bool = True
) -> str | None:
    """One step: type, press Enter; the best fuzzy match is selected and zoomed to. With
    ``elsewhere``, a match in the whole graph is opened here when none is drawn."""
    ss = st.session_state
    text = st.text_input(
        "Find in the drawing",
        key=FIND,
        placeholder="a city, practice, event or topic; typos are forgiven",
    )
    slot = st.empty()  # always there, so the drawing below keeps its place
    if not text.strip():
        ss[FOUND] = None
        return None
    if ss.get("_cg_search_text") != text:
        ss["_cg_search_text"] = text
        ss["_cg_search_n"] = int(ss.get("_cg_search_n", 0)) + 1
        hit = best_match(text, graph) or (best_match(text, whole) if elsewhere else None)
        ss[FOUND] = hit
        if hit is not None:
            if hit not in graph:  # found elsewhere: open it here with its neighbours
                ss[EXPANDED] = [*(ss.get(EXPANDED) or ()), hit]
                _select(hit)
                st.rerun()
            _select(hit)
    hit = ss.get(FOUND)
    if hit is None:
        slot.caption(f"No match for “{md(text)}” in this graph.")
        return None
    slot.caption(f"Found: **{md(detail.name(whole, hit))}** ({whole.nodes[hit].get('label')}).")
    return hit


def _select(node: str | None) -> None:
    ss = st.session_state
    if node is not None and ss.get(NODE) not in (None, node):
        ss[PREVIOUS] = ss[NODE]
    ss[NODE] = node


def _on_click(event: str, node: str | None) -> None:
    ss = st.session_state
    if event == "select":
        _select(node)
        ss[PATH] = ()
    elif event == "expand" and node is not None:
        ss[EXPANDED] = list(dict.fromkeys([*(ss.get(EXPANDED) or ()), node]))
        _select(node)
        st.rerun()


def _panel(whole: nx.MultiDiGraph, *, presenter: bool) -> None:
    ss = st.session_state
    node = ss.get(NODE)
    if node is None or node not in whole:
        st.markdown(
            "**Click a node** to see what it is, where that was stated and what it connects to."
        )
        return
    previous = ss.get(PREVIOUS)
    if isinstance(previous, str) and previous in whole and previous != node:
        names = f"{detail.name(whole, previous)} → {detail.name(whole, node)}"
        if st.button(f"Path: {names}", key="path-button", width="stretch"):
            ss[PATH] = [previous, node]
            st.rerun()
    if ss.get(PATH):
        detail.path_text(whole, _path_nodes(whole, tuple(ss[PATH])))
        if st.button("Clear the path", key="path-clear"):
            ss[PATH] = ()
            st.rerun()
    if ss.get(EXPANDED) and st.button("Close opened neighbourhoods", key="collapse"):
        ss[EXPANDED] = []
        st.rerun()
    detail.render(whole, node, presenter=presenter)


def _downloads(
    graph: nx.MultiDiGraph,
    drawn: Drawing,
    *,
    presenter: bool,
    size_by: Mapping[Hashable, float] | None = None,
    color_by: Mapping[Hashable, int | str] | None = None,
    title: str = TITLE,
) -> None:
    """The drawn graph as files: with the drawing's positions, colours and captions (in
    presenter mode ``graph`` and the captions are masked already, so no file names anyone)."""
    columns = st.columns(len(DOWNLOADS) + 1)
    for column, (name, fmt, mime) in zip(columns, DOWNLOADS, strict=False):
        # The file is made only when the button is clicked (a callable), without a rerun.
        column.download_button(
            f"Download {name}",
            data=partial(export_bytes, graph, fmt, drawing=drawn, title=title),
            file_name=f"citygraph-view.{'zip' if fmt == 'csv' else fmt}",
            mime=mime,
            key=f"download-{fmt}",
            on_click="ignore",
        )
    columns[-1].download_button(
        "Download HTML",
        data=partial(_page, graph, presenter, size_by, color_by, title),
        file_name="citygraph-view.html",
        mime="text/html",
        key="download-html",
        on_click="ignore",
    )


def _page(
    graph: nx.MultiDiGraph,
    presenter: bool,
    size_by: Mapping[Hashable, float] | None,
    color_by: Mapping[Hashable, int | str] | None,
    title: str,
) -> bytes:
    page = network_html(graph, title=title, presenter=presenter, size_by=size_by, color_by=color_by)
    return page.encode("utf-8")


def _sizes(values: Mapping[str, int]) -> Mapping[Hashable, float]:
    """A per-city count as the drawing's ``size_by`` (a mapping's key type is invariant)."""
    return cast(Mapping[Hashable, float], {k: float(v) for k, v in values.items()})


def _groups(values: Mapping[Hashable, int]) -> Mapping[Hashable, int | str]:
    return cast(Mapping[Hashable, int | str], values)
