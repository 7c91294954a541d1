"""The Network view: the filtered subgraph drawn by graph.render.html, with downloads and
details."""

from __future__ import annotations

from functools import partial

import networkx as nx
import streamlit as st

from graph.read.tables import name_of
from graph.render.export import export_bytes
from graph.render.html import layout, network_html
from graph.ui import detail
from graph.ui.context import Context

CANVAS_HEIGHT = 700  # the frame; the drawing takes what the legend bar leaves
DOWNLOADS = (
    ("GraphML", "graphml", "application/xml"),
    ("GEXF", "gexf", "application/xml"),
    ("CSV (zip)", "csv", "application/zip"),
)


def draw(graph: nx.MultiDiGraph, *, title: str, presenter: bool, key: str) -> str:
    """Draw ``graph`` in the page and return its HTML. Nodes already placed in an earlier
    view keep their place (``pinned``), so changing a filter does not reshuffle them."""
    known = st.session_state.setdefault(f"_positions_{key}", {})
    positions = layout(graph, pinned=known)
    known.update(positions)
    html = network_html(
        graph,
        title=title,
        presenter=presenter,
        positions=positions,
        height=f"{CANVAS_HEIGHT // 2}px",
    )
    st.iframe(html, height=CANVAS_HEIGHT)
    return html


def render(ctx: Context) -> None:
    if not ctx.facets.labels:
        return  # an empty graph: the app already says how to load data
    state = ctx.state
    result = ctx.network()
    graph = result.graph
    shown, total = graph.number_of_nodes(), result.total
    if result.truncated:
        st.warning(
            f"Showing {shown} of {total} nodes (the best connected). Raise "
            "'Show at most' in the sidebar, or narrow the filters, to see more."
        )
    else:
        st.caption(
            f"Showing {shown} of {total} nodes, {graph.number_of_edges()} relations. "
            "Add node kinds (Event, Topic, Country, Person) in the sidebar to see how "
            "they connect; hover a node for its details."
        )
    if shown == 0:
        st.info("No node passes these filters. Clear some filters in the sidebar.")
        return
    html = draw(graph, title="citygraph network", presenter=state.presenter, key="network")
    columns = st.columns(len(DOWNLOADS) + 1)
    for column, (name, fmt, mime) in zip(columns, DOWNLOADS, strict=False):
        # The file is made only when the button is clicked (a callable), without a rerun.
        column.download_button(
            f"Download {name}",
            data=partial(export_bytes, graph, fmt),
            file_name=f"citygraph-view.{'zip' if fmt == 'csv' else fmt}",
            mime=mime,
            key=f"download-{fmt}",
            on_click="ignore",
        )
    columns[-1].download_button(
        "Download HTML",
        data=html.encode("utf-8"),
        file_name="citygraph-view.html",
        mime="text/html",
        key="download-html",
        on_click="ignore",
    )
    names = {
        n: f"{name_of(graph, n, presenter=state.presenter)} ({a.get('label', '')})"
        for n, a in graph.nodes(data=True)
    }
    options = [None, *sorted(names, key=lambda n: names[n].casefold())]
    if st.session_state.get("node") not in options:
        st.session_state["node"] = None
    st.selectbox(
        "Details for",
        options=options,
        key="node",
        format_func=lambda n: "pick a node…" if n is None else names[n],
    )
    node = st.session_state.get("node")
    detail.render(ctx.store, ctx.real_id(node) if node else None, presenter=state.presenter)
