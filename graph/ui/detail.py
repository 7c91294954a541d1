"""The node detail panel: properties, neighbours, sources."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from graph.core.model import Label, source_where
from graph.read.tables import SPEAKER
from graph.store.base import GraphStore
from graph.ui.text import md, md_link

_PERSONAL = {"name", "role"}


def render(store: GraphStore, node_id: str | None, *, presenter: bool) -> None:
    if not node_id:
        return
    detail = store.node_detail(node_id)
    if detail is None:
        st.caption(f"No node {node_id!r} in the graph.")
        return
    person = detail.label == Label.PERSON
    st.markdown(f"#### {md(detail.label)}: {md(SPEAKER if presenter and person else detail.name)}")
    props = {
        k: v for k, v in detail.properties.items() if not (presenter and person and k in _PERSONAL)
    }
    rows = [
        {"property": k, "value": ", ".join(map(str, v)) if isinstance(v, list | tuple) else str(v)}
        for k, v in sorted(props.items())
        if v not in (None, "", [], ())
    ]
    st.dataframe(
        pd.DataFrame(rows, columns=["property", "value"]), hide_index=True, width="stretch"
    )
    if detail.neighbours:
        st.markdown("**Neighbours**")
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "relation": n.type if n.direction == "out" else f"← {n.type}",
                        "kind": n.label,
                        "name": SPEAKER if presenter and n.label == Label.PERSON else n.name,
                        "id": n.id,
                    }
                    for n in detail.neighbours
                ]
            ),
            hide_index=True,
            width="stretch",
        )
    st.markdown("**Sources**")
    if not detail.sources:
        st.caption("No source recorded.")
    for source in detail.sources:
        where = source_where(source, str(source["id"]))
        loaded = f" (loaded {source['loaded_at']})" if source.get("loaded_at") else ""
        if source.get("url") and not source.get("path"):  # a web page: link to it
            url = str(source["url"])
            st.markdown(f"- {md_link(url, url)}{md(loaded)}")
        else:
            st.text(f"• {where}{loaded}")
