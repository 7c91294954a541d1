"""The Practices view: who shared what, where, when; sortable, filterable, downloadable."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from graph.read.tables import filter_rows, practice_rows
from graph.render.export import records_csv
from graph.ui.context import Context

COLUMNS = ["city", "country", "practice", "presenter", "event", "date", "topics", "source"]


def render(ctx: Context) -> None:
    rows = practice_rows(ctx.full_graph(), presenter=ctx.state.presenter)
    text = st.text_input(
        "Filter the table", key="practice_filter", placeholder="any word in any column"
    )
    kept = filter_rows(rows, ctx.state, text=text)
    st.caption(f"{len(kept)} of {len(rows)} practices (the sidebar's filters apply).")
    frame = pd.DataFrame([r.shown() for r in kept], columns=COLUMNS)
    st.dataframe(frame, hide_index=True, width="stretch")
    st.download_button(
        "Download CSV",
        data=records_csv([r.shown() for r in kept], COLUMNS),
        file_name="citygraph-practices.csv",
        mime="text/csv",
        key="download-practices",
    )
