"""The Learning trails view: which city may have learned from which (graph/read/analysis/
trails.py), as a list with the evidence and sources, and as arrows over the map from A to
B, labelled with the topic and coloured by year. The sidebar's filters apply."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import partial

import pandas as pd
import streamlit as st

from graph.read.analysis.trails import (
    TRAIL_COLUMNS,
    WHAT_A_TRAIL_IS,
    TrailResult,
    find_trails,
    trail_rows,
    trails_graph,
)
from graph.render.export import export_bytes, records_csv
from graph.render.map import map_scripts
from graph.render.map_trails import trails_data, trails_drawing
from graph.render.words import plural
from graph.store.base import Selection, SubgraphQuery
from graph.ui import detail, frames
from graph.ui.context import Context
from graph.ui.network_component import View, network

CANVAS_HEIGHT = 560
DRAWN = 100  # the strongest trails drawn (the list has them all)
TABLE_ROWS = 1000  # the table's rows, strongest first (the filter and the CSV have all)
TITLE = "citygraph: learning trails"
NODE = "node"
SHOWN = (
    ("rank", "#"),
    ("from_city_name", "from"),
    ("to_city_name", "to"),
    ("topic_name", "topic"),
    ("first_practice_title", "A's practice"),
    ("first_presenters", "presented by"),
    ("first_event_title", "at (E1)"),
    ("first_date", "E1 date"),
    ("presence", "B took part"),
    ("later_practice_title", "B's practice"),
    ("later_presenters", "B's presenters"),
    ("later_event_title", "at (E2)"),
    ("later_date", "E2 date"),
    ("months", "months"),
    ("score", "score"),
    ("first_sources", "sources (E1)"),
    ("later_sources", "sources (E2)"),
    # Where recaps state it (tables keep no passages): A at E1, B's presence there, B at E2.
    ("first_passages", "stated (A at E1)"),
    ("presence_passages", "stated (B at E1)"),
    ("later_passages", "stated (B at E2)"),
)
PRESENTED_ROWS = 20  # a plain table's rows in presenter mode: the strongest, as a room reads them


def presented_row(row: dict[str, object]) -> dict[str, object]:
    """A trail as a room reads it (presenter mode): the two cities, the topic, both events
    with their dates, the months between and the strength; the rest is in the CSV.

    >>> presented_row({"rank": 1, "from_city_name": "Wien", "to_city_name": "Rostock",
    ...     "topic_name": "waste", "first_event_title": "Forum", "first_date": "2019-05-02",
    ...     "later_event_title": "Expo", "later_date": "2021-03-01", "months": 22,
    ...     "score": 2.456})["first event"]
    'Forum, 2019-05-02'
    """
    return {
        "from": row["from_city_name"],
        "to": row["to_city_name"],
        "topic": row["topic_name"],
        "first event": f"{row['first_event_title']}, {row['first_date']}",
        "later event": f"{row['later_event_title']}, {row['later_date']}",
        "months": row["months"],
        "strength": f"{float(str(row['score'])):.2f}",
    }


def render(ctx: Context) -> None:
    if not ctx.facets.labels:
        return
    state, ss = ctx.state, st.session_state
    st.markdown(f"**Learning trails.** {WHAT_A_TRAIL_IS}")
    query = state.query().unbounded()
    listed = _trails(ctx.select(query), ctx.version, query, state.presenter)
    found, rows = listed.found, listed.rows
    if not found.trails:
        st.info(f"No learning trails: {found.reason}.")
        return
    text = st.text_input(
        "Filter the trails", key="trails_filter", placeholder="a city, topic, event or year"
    )
    needle = text.strip().casefold()
    kept = [r for r, words in zip(rows, listed.words, strict=True) if needle in words]
    rows_shown = PRESENTED_ROWS if state.presenter else TABLE_ROWS
    more = len(kept) - rows_shown
    st.caption(
        f"{plural(len(kept), 'trail')} of {found.found}, strongest first (score: topic and "
        "title alike, how B took part, the lag, whether the topic was new to B; see "
        "docs/analysis.md). The sidebar's filters apply."
        + (
            f" The table lists the strongest {rows_shown:,}; the filter searches all, and "
            f"the CSV holds all {len(kept):,}."
            if more > 0
            else ""
        )
        + (
            " Presenter mode shows the main columns; the CSV holds them all."
            if state.presenter
            else ""
        )
    )
    if state.presenter:  # the columns a room reads, in text that scales (frames.table)
        frames.table(pd.DataFrame([presented_row(r) for r in kept[:rows_shown]]), presenter=True)
    else:
        frame = pd.DataFrame([{label: r[key] for key, label in SHOWN} for r in kept[:rows_shown]])
        st.dataframe(frame, hide_index=True, width="stretch")
    shown_ranks = {int(str(r["rank"])) for r in kept}
    drawn = [t for i, t in enumerate(found.trails, 1) if i in shown_ranks][:DRAWN]
    whole = ctx.whole().graph
    graph = ctx.select(query).graph
    data, not_placed = trails_data(graph, drawn, title=TITLE, presenter=state.presenter)
    left, right = st.columns([3, 1], gap="small")
    with left:
        st.caption(
            f"The {plural(len(drawn), 'strongest trail')} shown as arrows from A to B, "
            "labelled with the topic, coloured by the year B presented (legend)."
        )
        click = network(
            data,
            view=View(selected=ss.get(NODE)),
            height=CANVAS_HEIGHT,
            key="trails",
            scripts=map_scripts(),
        )
        if not_placed:
            names = ", ".join(detail.name(graph, c) for c in not_placed)
            st.caption(f"not placed (no valid coordinates; their trails are in the list): {names}")
    if click is not None and click.event == "select":
        ss[NODE] = click.node
    with right:
        node = ss.get(NODE)
        if node and node in whole:
            detail.render(whole, node, presenter=state.presenter)
        else:
            st.markdown("**Click a city** for its detail.")
    columns = st.columns(3)
    chosen = [t for i, t in enumerate(found.trails, 1) if i in shown_ranks]
    columns[0].download_button(
        "Download CSV",
        data=partial(records_csv, kept, TRAIL_COLUMNS),
        file_name="citygraph-trails.csv",
        mime="text/csv",
        key="trails-csv",
        on_click="ignore",
    )
    columns[1].download_button(
        "Download GEXF",
        data=partial(
            export_bytes,
            trails_graph(graph, chosen),
            "gexf",
            drawing=trails_drawing(data),
            title=TITLE,
        ),
        file_name="citygraph-trails.gexf",
        mime="application/xml",
        key="trails-gexf",
        on_click="ignore",
    )
    columns[2].download_button(
        "Download JSON",
        data=partial(_json, found, shown_ranks),
        file_name="citygraph-trails.json",
        mime="application/json",
        key="trails-json",
        on_click="ignore",
    )


@dataclass(frozen=True)
class _Listed:
    """The trails of a selection with their table rows, and each row's words as the
    filter searches them (folded once: 40,000 trails at 5,000 events)."""

    found: TrailResult
    rows: list[dict[str, object]]
    words: list[str]


@st.cache_resource(show_spinner="Following the trails…", max_entries=8)
def _trails(_selection: Selection, version: str, query: SubgraphQuery, presenter: bool) -> _Listed:
    # Keyed like the selection it is made from; the result is only read.
    found = find_trails(_selection, limit=None)
    rows = trail_rows(found.trails)
    words = [" ".join(str(v) for v in r.values()).casefold() for r in rows]
    return _Listed(found=found, rows=rows, words=words)


def _json(found: TrailResult, ranks: set[int]) -> bytes:
    chosen = [t.as_json() for i, t in enumerate(found.trails, 1) if i in ranks]
    return json.dumps(chosen, ensure_ascii=False, indent=1).encode("utf-8")
