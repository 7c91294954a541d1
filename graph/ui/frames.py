"""Tables as the dashboard shows them.

Normally a data grid (sortable, scrollable, cells copyable). In presenter mode a plain
table instead: the grid draws on a canvas at a fixed text size, which a projector's
larger text cannot reach (scaling the grid cut it at the page's edge); a plain table's
text scales with the page's and wraps rather than being cut.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st


def table(frame: pd.DataFrame, *, presenter: bool, links: Sequence[str] = ()) -> None:
    """Show ``frame`` (without its index), as the mode wants it; ``links`` name columns
    of web addresses (a link "open" in the grid, the address in a plain table)."""
    if presenter:
        st.table(frame, hide_index=True, border="horizontal")
    else:
        config = {c: st.column_config.LinkColumn(c, display_text="open") for c in links}
        st.dataframe(frame, hide_index=True, width="stretch", column_config=config)
