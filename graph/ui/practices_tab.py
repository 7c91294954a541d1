"""The Practices view: who shared what, where, when; sortable, filterable, downloadable."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import streamlit as st

from graph.read.evidence import node_passages
from graph.read.tables import matching, practice_rows
from graph.render.export import records_csv
from graph.ui.context import Context

COLUMNS = ["city", "country", "practice", "presenter", "event", "date", "topics", "source"]


def _stated_in(graph: nx.MultiDiGraph, practice: str) -> dict[str, str | None]:
    """The passage of the page that stated the practice, and a link to the page."""
    found = node_passages(graph, practice)
    if not found:
        return {"stated in": "", "link": None}
    return {"stated in": found[0].text, "link": found[0].url}


def render(ctx: Context) -> None:
    selection = ctx.table()  # the Network view's query, every kind of node
    rows = practice_rows(selection, presenter=ctx.state.presenter)
    text = st.text_input(
        "Filter the table", key="practice_filter", placeholder="any word in any column"
    )
    kept = matching(rows, text)
    st.caption(f"{len(kept)} of {len(rows)} practices (the sidebar's filters apply).")
    if selection.truncated:
        st.warning(
            f"The selection holds the {selection.graph.number_of_nodes()} best connected of "
            f"{selection.total} nodes: raise 'Show at most' in the sidebar, or narrow the "
            "filters, to list every practice."
        )
    shown = [{**r.shown(), **_stated_in(selection.graph, r.practice_id)} for r in kept]
    frame = pd.DataFrame(shown, columns=[*COLUMNS, "stated in", "link"])
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        column_config={"link": st.column_config.LinkColumn("link", display_text="open")},
    )
    st.download_button(
        "Download CSV",
        data=records_csv([r.shown() for r in kept], COLUMNS),
        file_name="citygraph-practices.csv",
        mime="text/csv",
        key="download-practices",
    )
