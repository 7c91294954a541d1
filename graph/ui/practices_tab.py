"""The Practices view: who shared what, where, when; sortable, filterable, downloadable."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from graph.read.tables import matching, practice_rows
from graph.render.export import records_csv
from graph.ui.context import Context

COLUMNS = ["city", "country", "practice", "presenter", "event", "date", "topics", "source"]


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
    frame = pd.DataFrame([r.shown() for r in kept], columns=COLUMNS)
    st.dataframe(frame, hide_index=True, width="stretch")
    st.download_button(
        "Download CSV",
        data=records_csv([r.shown() for r in kept], COLUMNS),
        file_name="citygraph-practices.csv",
        mime="text/csv",
        key="download-practices",
    )
