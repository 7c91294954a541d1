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
PRESENTED_EVENTS_CHARS = 100  # a source's events, in presenter mode: the first that fit


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


def first_words(names: str, *, most: int = PRESENTED_EVENTS_CHARS) -> str:
    """A list of names cut after the last whole name that fits in ``most`` characters.

    >>> first_words("Forum, Workshop, Summit", most=17)
    'Forum, Workshop, …'
    >>> first_words("Forum", most=3)
    'Forum'
    """
    if len(names) <= most:
        return names
    end = names.rfind(", ", 0, most)
    return names if end < 0 else names[: end + 2] + "…"


def render(ctx: Context) -> None:
    for load in ctx.store.incomplete_loads():  # a Neo4j load that died part way
        st.warning(md(load.describe()))
    rows = source_rows(ctx.whole())
    warned = [r for r in rows if r["warning details"]]
    st.caption(f"{len(rows)} sources loaded; {len(warned)} with warnings.")
    shown = pd.DataFrame(rows, columns=COLUMNS)
    shown["loaded at"] = shown["loaded at"].map(when)
    if ctx.state.presenter:  # a table of events (11 titles) filled the projector's screen
        shown["events"] = shown["events"].map(first_words)
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
