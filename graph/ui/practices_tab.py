"""The Practices view: who shared what, where, when; every practice the filters select
(the drawing's "Show at most" does not apply), sorted and paged here, with a CSV of all
rows in the table's order. Its filter, sort and page are view settings (in the link)."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Sequence

import networkx as nx
import pandas as pd
import streamlit as st

from graph.read.evidence import node_passages
from graph.read.tables import PRACTICE_COLUMNS, PracticeRow, matching, practice_rows
from graph.render.export import records_csv
from graph.ui import store_access
from graph.ui.context import Context
from graph.ui.frames import table
from graph.ui.text import md

PAGE_ROWS = 100  # rows a page shows


def ordered(rows: Sequence[PracticeRow], column: str, *, descending: bool) -> list[PracticeRow]:
    """``rows`` sorted by ``column`` (``folded``; empty cells last), then by city and
    practice, so the order is the same every time.

    >>> from graph.read.tables import practice_rows
    >>> import networkx as nx
    >>> from graph.store.base import Selection
    >>> g = nx.MultiDiGraph()
    >>> for t in ("b", "a", "c"):
    ...     g.add_node(f"practice:{t}", label="Practice", title=t.upper())
    >>> rows = practice_rows(Selection(g, total=3, truncated=False))
    >>> [r.practice for r in ordered(rows, "practice", descending=True)]
    ['C', 'B', 'A']
    """
    steady = sorted(rows, key=lambda r: (folded(r.city), folded(r.practice), r.practice_id))
    filled = [r for r in steady if r.shown()[column]]
    empty = [r for r in steady if not r.shown()[column]]
    filled.sort(key=lambda r: folded(r.shown()[column]), reverse=descending)
    return filled + empty


def folded(text: str) -> str:
    """``text`` as a table sorts it: without case and accents ("Bălți" beside "Balti").

    >>> sorted(["Bogotá", "Bălți", "Amman"], key=folded)
    ['Amman', 'Bălți', 'Bogotá']
    """
    return "".join(
        c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c)
    )


def _stated_in(graph: nx.MultiDiGraph, practice: str) -> dict[str, str | None]:
    """The passage of the page that stated the practice, and a link to the page."""
    found = node_passages(graph, practice)
    if not found:
        return {"stated in": "", "link": None}
    return {"stated in": found[0].text, "link": found[0].url}


def _for_projector(frame: pd.DataFrame) -> pd.DataFrame:
    """The table in presenter mode, narrow enough for a projector's 1280 px in large text
    with whole words: the country beside the city, the date beside the event; no presenter
    column (every presenter is "Speaker") and no link column (the source links the page).

    >>> row = {"city": "Kassel", "country": "Germany", "practice": "Heat plan",
    ...        "presenter": "Speaker", "event": "Climate", "date": "2019-06-07", "topics": "",
    ...        "source": "a.html", "stated in": "", "link": None}
    >>> _for_projector(pd.DataFrame([row])).iloc[0].to_dict()["city"]
    'Kassel (Germany)'
    """

    def beside(first: str, second: str) -> list[str]:
        return [f"{a} ({b})" if b else a for a, b in zip(frame[first], frame[second], strict=True)]

    narrow = frame.drop(columns=["country", "presenter", "date", "link"])
    narrow["city"] = beside("city", "country")
    narrow["event"] = beside("event", "date")
    return narrow


def render(ctx: Context) -> None:
    ss = st.session_state
    query = ctx.table_query()  # the Network view's filters and focus, every kind, no cap
    selection = ctx.select(query)
    presenter = ctx.state.presenter
    # The rows, once per version and filters (every rerun made them: 75% of a page turn
    # at a million table rows); the search box, sort and page work on them.
    rows = store_access.of_selection(
        ctx.store,
        "practice rows",
        query,
        lambda s: tuple(practice_rows(s, presenter=presenter)),
        version=ctx.version,
        presenter=presenter,
    )
    top = st.columns([3, 2, 1.4])
    text = top[0].text_input(
        "Filter the table", key="table_find", placeholder="any word in any column"
    )
    column = top[1].selectbox("Sort by", options=list(PRACTICE_COLUMNS), key="sort")
    top[2].toggle("Descending", key="descending")
    kept = ordered(matching(rows, text), column, descending=bool(ss.get("descending")))
    pages = max(1, math.ceil(len(kept) / PAGE_ROWS))
    if int(ss.get("page") or 1) > pages:
        ss["page"] = pages  # fewer rows than the link's page: its last
    page = int(ss.get("page") or 1)
    first = (page - 1) * PAGE_ROWS
    shown = kept[first : first + PAGE_ROWS]
    st.caption(
        f"{len(kept):,} of {len(rows):,} practices (the sidebar's filters apply; 'Show at "
        f"most' caps the drawing only). Sorted by {column}"
        + (", descending" if ss.get("descending") else "")
        + (f"; rows {first + 1:,}–{first + len(shown):,}." if kept else ".")
        + (f" Filtered by “{md(text)}”." if text.strip() else "")
    )
    # The page's rows with the passage of the page that stated each (recaps only).
    cells = [{**r.shown(), **_stated_in(selection.graph, r.practice_id)} for r in shown]
    frame = pd.DataFrame(cells, columns=[*PRACTICE_COLUMNS, "stated in", "link"])
    if ctx.state.presenter:
        frame = _for_projector(frame)
    # 15 rows before the grid scrolls (the default showed 10, half the window empty below
    # it at 1920x1080); the pager stays on the first screen at 1400x1000
    table(frame, presenter=ctx.state.presenter, links=["link"], addresses=["source"], rows=15)
    bottom = st.columns([1, 1, 3])
    bottom[0].number_input(f"Page (of {pages:,})", min_value=1, max_value=pages, key="page")
    bottom[1].download_button(
        f"Download CSV ({len(kept):,} rows)",
        data=_csv_of(kept),
        file_name="citygraph-practices.csv",
        mime="text/csv",
        key="download-practices",
    )


def _csv_of(kept: Sequence[PracticeRow]) -> Callable[[], bytes]:
    """The CSV of every row in the table's order, made when the user downloads it
    (Streamlit calls it on the click): made on every rerun before, 40% of turning the
    table's page at a million table rows (py-spy)."""
    return lambda: records_csv([r.shown() for r in kept], list(PRACTICE_COLUMNS))
