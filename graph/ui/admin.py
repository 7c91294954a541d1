"""Loading from the dashboard: only with CITYGRAPH_ADMIN_PASSWORD set and entered.

Upload recaps or tables, see what the loaders find, then confirm to write it to the store.
"""

from __future__ import annotations

import hmac
import tempfile
from collections import Counter
from pathlib import Path

import pandas as pd
import streamlit as st

from graph.ui import store_access
from graph.ui.context import Context

ACCEPTED = ["txt", "html", "htm", "csv", "json", "yaml", "yml"]


def render(ctx: Context) -> None:
    from loaders import read_paths

    password = ctx.settings.admin_password
    if not password:  # the app does not offer this view then; a guard all the same
        st.info("Loading from the dashboard is off: set CITYGRAPH_ADMIN_PASSWORD to allow it.")
        return
    given = st.text_input("Admin password", type="password", key="admin_password")
    if not hmac.compare_digest(given.encode(), password.encode()):
        if given:
            st.error("Wrong password.")
        return
    files = st.file_uploader(
        "Recaps (.txt, .html) or tables (.csv, .json, .yaml)",
        type=ACCEPTED,
        accept_multiple_files=True,
        key="admin_files",
    )
    if not files:
        return
    with tempfile.TemporaryDirectory(prefix="citygraph-upload-") as folder:
        paths = []
        for upload in files:
            path = Path(folder) / Path(upload.name).name  # no folders from the browser
            path.write_bytes(upload.getvalue())
            paths.append(path)
        records, _plan = read_paths(paths)
    labels = Counter(str(n.label) for n in records.nodes.values())
    st.markdown("**What the loaders found**")
    st.dataframe(pd.DataFrame(sorted(labels.items()), columns=["kind", "nodes"]), hide_index=True)
    st.caption(f"{len(records.relations)} relations.")
    found = [
        {"kind": str(n.label), "name": n.name}
        for n in records.nodes.values()
        if str(n.label) in ("Event", "Practice", "City")
    ]
    st.dataframe(pd.DataFrame(found, columns=["kind", "name"]), hide_index=True)
    for warning in records.warnings:
        st.text(f"warning: {warning}")
    if st.button("Load into the graph", type="primary", key="admin_confirm"):
        summary = ctx.store.upsert(records.nodes.values(), records.relations.values())
        ctx.store.commit()
        store_access.forget()
        st.success(f"Loaded {summary.nodes} nodes and {summary.relationships} relations.")
