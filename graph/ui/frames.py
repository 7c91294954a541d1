"""Tables as the dashboard shows them.

Normally a data grid (sortable, scrollable, cells copyable). In presenter mode a plain
table instead: the grid draws on a canvas at a fixed text size, which a projector's
larger text cannot reach (scaling the grid cut it at the page's edge); a plain table's
text scales with the page's and wraps rather than being cut.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import pandas as pd
import streamlit as st

from graph.ui.text import md, md_link, short_address

GRID_ROW_PX = 35  # a data grid's row (and header) height


def table(
    frame: pd.DataFrame,
    *,
    presenter: bool,
    links: Sequence[str] = (),
    addresses: Sequence[str] = (),
    rows: int | None = None,
) -> None:
    """Show ``frame`` (without its index), as the mode wants it. ``links`` name columns
    of web addresses (a link "open" in the grid), ``addresses`` columns of files' paths or
    pages' addresses (in full in the grid); a plain table shows both short, a file's name
    or a page's site and page, linked to the page. ``rows``: how many rows the grid
    shows before it scrolls (Streamlit's default height shows ten)."""
    if presenter:
        st.table(_as_markdown(frame, [*links, *addresses]), hide_index=True, border="horizontal")
    else:
        config = {c: st.column_config.LinkColumn(c, display_text="open") for c in links}
        height: int | Literal["auto"] = "auto"
        if rows is not None:  # a row and the header are 35 px, the border 2
            height = GRID_ROW_PX * (min(rows, max(len(frame), 1)) + 1) + 3
        st.dataframe(frame, hide_index=True, width="stretch", height=height, column_config=config)


def _as_markdown(frame: pd.DataFrame, addresses: Sequence[str]) -> pd.DataFrame:
    """A plain table renders every cell as Markdown: loaded text must stay text (a name
    holding ``![](http://…)`` would fetch from outside), so each text cell is escaped;
    an address is shown short and linked."""
    shown = frame.copy()
    for column in shown.columns:
        if column in addresses:
            shown[column] = [
                md_link(short_address(v), v) if isinstance(v, str) and v else ""
                for v in shown[column]
            ]
        elif pd.api.types.is_float_dtype(shown[column]) and _whole(shown[column]):
            shown[column] = shown[column].astype(int)  # 29, not 29.0000
        else:
            shown[column] = [md(v) if isinstance(v, str) else v for v in shown[column]]
    return shown


def _whole(values: pd.Series) -> bool:
    return bool(values.notna().all() and (values % 1 == 0).all())
