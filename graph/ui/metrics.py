"""The Metrics view for researchers: central cities, communities, bridges, growth, paths.

Everything is computed on the graph the sidebar's filters select (topics, countries,
cities, events, dates; node kinds and the node limit apply only to the drawing), with
graph/analysis. Results are cached per data version and filter set.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import asdict
from typing import Any, cast

import networkx as nx
import pandas as pd
import streamlit as st
from pydantic import TypeAdapter

from graph.core.model import RelType
from graph.read.analysis import CITY_METRICS, city_path, compute_metrics, per_year
from graph.read.analysis.communities import community_names
from graph.read.analysis.metrics import (
    DRAWN_LINKS,
    CityRow,
    Metrics,
    city_network,
    graph_metrics,
    masked_city_network,
    masked_metrics,
)
from graph.read.analysis.timeline import Timeline
from graph.read.masked import MaskedGraphs
from graph.read.tables import name_of
from graph.render.export import records_csv
from graph.render.html import network_html
from graph.store.base import Selection, SubgraphQuery
from graph.ui import frames
from graph.ui.context import Context
from graph.ui.store_access import Codec
from graph.ui.text import city_choice, country_names, md, relation_words
from graph.ui.viewstate import ViewState

CANVAS_HEIGHT = 560
CHART_TEXT_PX = {False: 12, True: 20}  # the per-year chart's text, by presenter mode
PRESENTED = ("practices", "events")  # the figures a projector's table shows beside the metric
SIZE_OPTIONS = {
    "degree": "Degree (this drawing)",
    "betweenness": "Betweenness (this drawing)",
    "strength": "Strength: shared events and topics (cities)",
    "city_betweenness": "Betweenness in the city network (cities)",
    "participation": "Bridging: participation coefficient (cities)",
}
DRAWINGS = {
    "cities": "City network (cities linked by shared events and topics)",
    "graph": "The Network view's graph",
}
COLOUR_OPTIONS = {
    "community": "Community (this drawing)",
    "city_community": "Community in the city network (cities)",
    "kind": "Node kind",
}
METRIC_HELP = {
    "degree": "relations in the graph",
    "practices": "practices the city shared",
    "events": "events it took part in",
    "partners": "cities it is linked to (shared event or topic)",
    "strength": "shared events and topics, summed over its links",
    "betweenness": "how often it lies on the shortest paths between other cities",
    "participation": "bridging: how evenly its links spread over communities (0 to 1)",
}


def analysed_query(state: ViewState) -> SubgraphQuery:
    """The sidebar's filters without kinds, focus and limit (the whole graph when nothing
    filters): the network the metrics describe."""
    return state.query().unbounded()


def _analysed(selection: Selection) -> tuple[Metrics, Timeline]:
    return compute_metrics(selection, per_node=False), per_year(selection)


def _masked_analysed(
    found: tuple[Metrics, Timeline], masked: MaskedGraphs
) -> tuple[Metrics, Timeline]:
    return masked_metrics(found[0], masked), found[1]  # the years count, they name no one


def _analysed_codec() -> Codec:
    adapter = TypeAdapter(tuple[Metrics, Timeline])
    return Codec(
        encode=lambda value: adapter.dump_python(value, mode="json"),
        decode=adapter.validate_python,
    )


_ANALYSED = _analysed_codec()


def render(ctx: Context) -> None:
    query = analysed_query(ctx.state)
    selection = ctx.select(query)
    graph = selection.graph
    # Once per data version for every session (beside the graph file for the whole graph);
    # presenter mode's is the same, masked (graph/ui/store_access.py).
    result, timeline = ctx.result(
        "metrics", query, _analysed, masked=_masked_analysed, disk=_ANALYSED
    )
    if not result.cities:
        st.info("No city passes these filters. Clear some filters in the sidebar.")
        return
    sizes = result.sizes
    groups = [c for c in result.communities if len(c) > 1]
    st.caption(
        f"On {'the filtered graph' if query.has_anchor_filter else 'the whole graph'}: "
        f"{graph.number_of_nodes()} nodes; city network: {sizes['cities']} cities, "
        f"{sizes['city_links']} links (shared events and topics), {len(groups)} communities."
    )
    for note in result.notes:
        st.caption(f"Note: {note}")
    _top_table(result, graph, presenter=ctx.state.presenter)
    _drawing(ctx, result, graph)
    _per_year(timeline, presenter=ctx.state.presenter)
    _path(selection, result, country_names(ctx.facets.countries), presenter=ctx.state.presenter)


def _shown(rows: Sequence[CityRow], result: Metrics, graph: nx.MultiDiGraph) -> pd.DataFrame:
    """The table as read: each city's country by name, its community by what its cities
    share (as the drawing's legend names it), not 'DE' and '3'; the CSV keeps the codes."""
    named = community_names(graph, {r.id: r.community for r in result.cities if r.community >= 0})
    shown = []
    for row in rows:
        cells = asdict(row)
        del cells["id"], cells["country_code"], cells["name"]
        countries = (
            [c for _, c, kind in graph.out_edges(row.id, keys=True) if kind == RelType.IN]
            if row.id in graph
            else []
        )
        shown.append(
            {
                "city": row.name,
                "country": name_of(graph, countries[0]) if countries else (row.country_code or ""),
                **cells,
                "community": named.get(row.community, "none (no partner)"),
            }
        )
    return pd.DataFrame(shown)


def _top_table(result: Metrics, graph: nx.MultiDiGraph, *, presenter: bool) -> None:
    st.markdown("#### Top cities")
    left, right = st.columns([3, 1])
    metric = left.selectbox(
        "Metric",
        options=list(CITY_METRICS),
        index=CITY_METRICS.index("strength"),
        key="metric_pick",
        format_func=lambda m: f"{m}: {METRIC_HELP[m]}",
    )
    top = right.number_input("Show", min_value=5, max_value=500, value=15, key="metric_top")
    shown = _shown(result.top(metric, int(top)), result, graph)
    if presenter:  # ten figures and a community's name were wider than a 1280 px screen
        shown = shown[["city", "country", *dict.fromkeys((metric, *PRESENTED)), "community"]]
    frames.table(shown, presenter=presenter)
    names = {r.id: r.name for r in result.cities}
    bridges = ", ".join(names[c] for c in result.bridging[:10]) or "none"
    st.markdown(f"**Bridging cities** (ties into several communities): {md(bridges)}")
    st.download_button(
        "Download every city's metrics (CSV)",
        data=records_csv([asdict(r) for r in result.cities]),
        file_name="citygraph-city-metrics.csv",
        mime="text/csv",
        key="metrics-csv",
    )


def _drawing(ctx: Context, result: Metrics, analysed: nx.MultiDiGraph) -> None:
    st.markdown("#### The network, sized and coloured by a metric")
    which = st.radio(
        "Draw",
        options=list(DRAWINGS),
        format_func=DRAWINGS.__getitem__,
        horizontal=True,
        key="metric_draw",
    )
    if which == "cities":
        limit = ctx.state.limit
        graph, total = ctx.result(
            f"city-network-{limit}",
            analysed_query(ctx.state),
            lambda selection: city_network(selection.graph, limit=limit),
            masked=lambda found, masked: (masked_city_network(found[0], masked), found[1]),
        )
        shown = (
            f"the {graph.number_of_nodes()} cities of highest strength of {total} "
            "(the sidebar's 'Show at most')"
            if total > graph.number_of_nodes()
            else "every city"
        )
        st.caption(f"Drawing {shown}, each with its {DRAWN_LINKS} strongest links.")
    else:
        drawn = ctx.network()
        graph = drawn.graph
        if drawn.truncated:
            st.caption(
                f"Drawing the {graph.number_of_nodes()} best connected of {drawn.total}"
                " nodes (the sidebar's 'Show at most')."
            )
    if graph.number_of_nodes() == 0:
        st.info("Nothing to draw with these filters and node kinds.")
        return
    left, right = st.columns(2)
    size = left.selectbox(
        "Size by", list(SIZE_OPTIONS), format_func=SIZE_OPTIONS.__getitem__, key="metric_size"
    )
    colour = right.selectbox(
        "Colour by",
        list(COLOUR_OPTIONS),
        format_func=COLOUR_OPTIONS.__getitem__,
        key="metric_colour",
    )
    local = graph_metrics(graph)
    rows = {r.id: r for r in result.cities}
    # The drawing takes any hashable node; a mapping's key type is invariant, hence the casts.
    size_by = cast(
        Mapping[Hashable, float],
        {
            "degree": local.degree,
            "betweenness": local.betweenness,
            "strength": {c: r.strength for c, r in rows.items()},
            "city_betweenness": {c: r.betweenness for c, r in rows.items()},
            "participation": {c: r.participation for c, r in rows.items()},
        }[size],
    )
    groups = cast(
        Mapping[Hashable, int] | None,
        {
            "kind": None,
            "community": local.community,
            "city_community": {c: r.community for c, r in rows.items() if r.community >= 0},
        }[colour],
    )
    # Communities are named by what their members share most (top topics or countries).
    colour_by: Mapping[Hashable, int | str] | None = None
    if groups is not None:
        names = community_names(analysed, groups)
        colour_by = {n: names[g] for n, g in groups.items()}
    for note in local.notes:
        st.caption(f"Note: {note}")
    html = network_html(
        graph,
        title="citygraph: metrics",
        size_by=size_by,
        color_by=colour_by,
        presenter=ctx.state.presenter,
        height=f"{CANVAS_HEIGHT}px",
    )
    st.iframe(html, height=CANVAS_HEIGHT + 60)


def per_year_chart(timeline: Timeline, *, presenter: bool) -> dict[str, Any]:
    """Events, countries and cities per year as lines (a Vega-Lite spec); on a projector its
    text is as large as the page's (a chart's 10 px axis labels could not be read from the
    room)."""
    text = CHART_TEXT_PX[presenter]
    rows = [
        {"year": str(row["year"]), "of": kind, "number": row[kind]}
        for row in timeline.rows()
        for kind in ("events", "countries", "cities")
    ]
    return {
        "data": {"values": rows},
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": {"field": "year", "type": "ordinal", "title": None, "axis": {"labelAngle": 0}},
            "y": {"field": "number", "type": "quantitative", "title": None},
            "color": {"field": "of", "type": "nominal", "title": None},
            "tooltip": [{"field": f} for f in ("year", "of", "number")],
        },
        "config": {
            "axis": {"labelFontSize": text},
            "legend": {"labelFontSize": text, "orient": "bottom"},
        },
    }


def _per_year(timeline: Timeline, *, presenter: bool) -> None:
    st.markdown("#### Events, countries and cities per year")
    if not timeline.years:
        st.info("No dated event passes these filters.")
        return
    st.vega_lite_chart(per_year_chart(timeline, presenter=presenter), width="stretch")
    if timeline.undated_events:
        st.caption(f"{timeline.undated_events} event(s) without a date are not counted.")


def _path(
    selection: Selection, result: Metrics, countries: Mapping[str, str], *, presenter: bool
) -> None:
    graph = selection.graph
    st.markdown("#### How are two cities connected?")
    names = {r.id: city_choice(r.name, r.country_code, countries) for r in result.cities}
    options = sorted(names, key=lambda c: names[c].casefold())
    left, right = st.columns(2)
    # The endpoints live in the URL (graph/ui/viewstate.py): a link opens the same path.
    ss = st.session_state
    for key, default in (("path_from", 0), ("path_to", min(1, len(options) - 1))):
        if ss.get(key) not in options:
            ss[key] = options[default]
    start = left.selectbox("From", options, format_func=names.__getitem__, key="path_from")
    end = right.selectbox("To", options, format_func=names.__getitem__, key="path_to")
    if start == end:
        st.caption("Pick two different cities.")
        return
    found = city_path(selection, start, end)
    if found is None:
        st.info(
            "These two cities are not connected through practices, events or people in this graph."
        )
        return
    chain = []
    for step in found.steps:
        chain.append(f"**{md(name_of(graph, step.id, presenter=presenter))}** ({step.label})")
        if step.relation:
            arrow = "→" if step.forward else "←"
            chain.append(f"{arrow} {relation_words(step.relation)} {arrow}")
    st.markdown(f"{found.hops} steps: " + " ".join(chain))
    path_graph = graph.subgraph(s.id for s in found.steps).copy()
    st.iframe(
        network_html(path_graph, title="citygraph: path", presenter=presenter, height="320px"),
        height=380,
    )
