"""The Sources view: what was loaded from where, with the loaders' warnings."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from graph.read.tables import source_rows
from graph.ui.context import Context
from graph.ui.frames import table
from graph.ui.text import md, md_link

COLUMNS = ["source", "kind", "loaded at", "events", "facts (nodes)", "warnings"]


def when(loaded_at: str) -> str:
    """A load's time as a reader takes it in, to the minute (the graph keeps ISO 8601).

    >>> when("2026-12-07T21:19:07+00:00"), when("2026-12-07T22:19:07+01:00"), when("")
    ('2026-12-07 21:19 UTC', '2026-12-07 22:19 UTC+01:00', '')
    >>> when("yesterday")
    'yesterday'
    """
    try:
        moment = datetime.fromisoformat(loaded_at)
    except ValueError:
        return loaded_at
    zone = moment.strftime("%z")
    offset = "" if not zone else " UTC" if zone == "+0000" else f" UTC{zone[:3]}:{zone[3:]}"
    return moment.strftime("%Y-%m-%d %H:%M") + offset


def render(ctx: Context) -> None:
    for load in ctx.store.incomplete_loads():  # a Neo4j load that died part way
        st.warning(md(load.describe()))
    rows = source_rows(ctx.whole())
    warned = [r for r in rows if r["warning details"]]
    st.caption(f"{len(rows)} sources loaded; {len(warned)} with warnings.")
    shown = pd.DataFrame(rows, columns=COLUMNS)
    shown["loaded at"] = shown["loaded at"].map(when)
    table(shown, presenter=ctx.state.presenter, addresses=["source"])
    pages = [r for r in rows if r["source"].startswith(("http://", "https://"))]
    if pages:  # the table cannot hold real links: list the web pages below it
        st.markdown(f"**{len(pages)} page(s) from the web**")
        st.markdown(
            "\n".join(
                f"- {md_link(r['source'], r['source'])}"
                + (f": {md(r['events'])}" if r["events"] else "")
                for r in pages
            )
        )
    for row in warned:
        with st.expander(f"{md(row['source'])}: {row['warnings']} warning(s)"):
            for warning in row["warning details"]:
                st.text(warning)
