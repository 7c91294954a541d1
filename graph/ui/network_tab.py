"""The Network view: the filtered subgraph drawn by our component, a detail panel beside it
for the clicked node, search in one step, double-click to expand, the path between two
selected nodes, and downloads."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import partial
from typing import Any

import networkx as nx
import streamlit as st

from graph.core.model import Label
from graph.render.export import export_bytes
from graph.render.html import Drawing, drawing_data, network_html, placement
from graph.render.words import plural
from graph.ui import detail
from graph.ui.context import Context
from graph.ui.network_component import View, ids_in, network
from graph.ui.search import best_match
from graph.ui.text import md

CANVAS_HEIGHT = 700  # the component's frame; the drawing takes what the legend bar leaves
DOWNLOADS = (
    ("GraphML", "graphml", "application/xml"),
    ("GEXF", "gexf", "application/xml"),
    ("CSV (zip)", "csv", "application/zip"),
    ("PNG", "png", "image/png"),
)
TITLE = "citygraph network"
# Session keys: the node whose detail shows (also in the URL), the one selected before it
# (for a path), the nodes double-clicked open, the path shown, the last search.
NODE, PREVIOUS, EXPANDED, PATH, FOUND = (
    "node",
    "_cg_previous",
    "_cg_expanded",
    "_cg_path",
    "_cg_found",
)


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
    graph = _with(result.graph, whole, _opened(whole, ss.get(EXPANDED, ())), ss.get(PATH, ()))
    if graph.number_of_nodes() == 0:
        st.info("No node passes these filters. Clear some filters in the sidebar.")
        return
    # Fixed slots above the drawing: a line appearing or going must not move the drawing's
    # place in the page, or Streamlit would make a new frame (and draw again) for it.
    shown_slot, loose_slot = st.empty(), st.empty()
    graph = _without_loose_nodes(graph, loose_slot)
    _say_what_is_shown(ctx, graph, result.total, result.truncated, shown_slot)
    found = _search(graph, whole)
    # One placement for the drawing and its downloads: the files hold what is on screen.
    drawn = placement(graph, presenter=state.presenter)
    data = drawing_data(graph, title=TITLE, presenter=state.presenter, context=whole, drawing=drawn)
    if ss.get(NODE) not in ids_in(data) and ss.get(NODE) not in whole:
        ss[NODE] = None
    left, right = st.columns([3, 1], gap="small")
    with left:
        view = View(
            selected=ss.get(NODE),
            focus=found,
            path=tuple(ss.get(PATH, ())),
            nonce=int(ss.get("_cg_search_n", 0)),
        )
        click = network(data, view=view, height=CANVAS_HEIGHT, key="network")
    if click is not None:
        _on_click(click.event, click.node)
    with right:
        _panel(whole, presenter=state.presenter)
    _downloads(graph, drawn, presenter=state.presenter)


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


def _search(graph: nx.MultiDiGraph, whole: nx.MultiDiGraph) -> str | None:
    """One step: type, press Enter; the best fuzzy match is selected and zoomed to."""
    ss = st.session_state
    text = st.text_input(
        "Find in the drawing",
        key="network_search",
        placeholder="a city, practice, event or topic; typos are forgiven",
    )
    slot = st.empty()  # always there, so the drawing below keeps its place
    if not text.strip():
        ss[FOUND] = None
        return None
    if ss.get("_cg_search_text") != text:
        ss["_cg_search_text"] = text
        ss["_cg_search_n"] = int(ss.get("_cg_search_n", 0)) + 1
        hit = best_match(text, graph) or best_match(text, whole)
        ss[FOUND] = hit
        if hit is not None:
            if hit not in graph:  # found elsewhere: open it here with its neighbours
                ss[EXPANDED] = [*ss.get(EXPANDED, ()), hit]
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
        ss[EXPANDED] = list(dict.fromkeys([*ss.get(EXPANDED, ()), node]))
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
            ss[PATH] = tuple(detail.path_between(whole, previous, node))
            st.rerun()
    if ss.get(PATH):
        detail.path_text(whole, ss[PATH])
        if st.button("Clear the path", key="path-clear"):
            ss[PATH] = ()
            st.rerun()
    if ss.get(EXPANDED) and st.button("Close opened neighbourhoods", key="collapse"):
        ss[EXPANDED] = []
        st.rerun()
    detail.render(whole, node, presenter=presenter)


def _downloads(graph: nx.MultiDiGraph, drawn: Drawing, *, presenter: bool) -> None:
    """The drawn graph as files: with the drawing's positions, colours and captions (in
    presenter mode ``graph`` and the captions are masked already, so no file names anyone)."""
    columns = st.columns(len(DOWNLOADS) + 1)
    for column, (name, fmt, mime) in zip(columns, DOWNLOADS, strict=False):
        # The file is made only when the button is clicked (a callable), without a rerun.
        column.download_button(
            f"Download {name}",
            data=partial(export_bytes, graph, fmt, drawing=drawn, title=TITLE),
            file_name=f"citygraph-view.{'zip' if fmt == 'csv' else fmt}",
            mime=mime,
            key=f"download-{fmt}",
            on_click="ignore",
        )
    columns[-1].download_button(
        "Download HTML",
        data=partial(_page, graph, presenter),
        file_name="citygraph-view.html",
        mime="text/html",
        key="download-html",
        on_click="ignore",
    )


def _page(graph: nx.MultiDiGraph, presenter: bool) -> bytes:
    return network_html(graph, title=TITLE, presenter=presenter).encode("utf-8")
