"""The node detail panel beside the drawing: name and kind, the facts with the sources that
stated them, the neighbours by relation, and the path between two selected nodes.

It reads the whole graph the view was given (in presenter mode one without any person's
name, graph.read.anonymise), so what it shows is what the drawing shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import networkx as nx
import pandas as pd
import streamlit as st

from graph.core.model import Label, display_name, source_where
from graph.read.analysis.paths import PATH_LABELS, node_path
from graph.read.evidence import node_passages
from graph.render.words import describe
from graph.ui.frames import table
from graph.ui.text import md, md_link

_NOT_FACTS = {"label", "sources", "names", "passages"}
_SHOWN_PASSAGES = 3


def name(graph: nx.MultiDiGraph, node: str) -> str:
    return display_name(dict(graph.nodes[node]), node) if node in graph else node


def _sources(graph: nx.MultiDiGraph, ids: Iterable[str]) -> str:
    """Where a fact was stated: the source files (or addresses), comma-separated."""
    found = [source_where(graph.nodes[s] if s in graph else {}, s) for s in ids]
    return ", ".join(dict.fromkeys(found))


def _stated_in(graph: nx.MultiDiGraph, ids: Iterable[str]) -> str:
    """``_sources`` as Markdown: a web page is a link to it, a file its path."""
    shown = []
    for source in dict.fromkeys(ids):
        attrs = graph.nodes[source] if source in graph else {}
        where = source_where(attrs, source)
        url = attrs.get("url")
        shown.append(md_link(where, str(url)) if url and not attrs.get("path") else md(where))
    return ", ".join(shown)


def _link(where: str, url: str | None) -> str:
    return md_link(url, url) if url else md(where)


def _value(value: object) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list | tuple) else str(value)


def render(graph: nx.MultiDiGraph, node: str | None, *, presenter: bool) -> None:
    if not node:
        return
    if node not in graph:
        st.caption(f"No node {node!r} in the graph.")
        return
    attrs = graph.nodes[node]
    st.markdown(f"#### {md(name(graph, node))}")
    st.caption(md(describe(graph, node, presenter=presenter)))
    stated = _stated_in(graph, attrs.get("sources") or ())
    facts = [
        {"fact": key.replace("_", " "), "value": _value(value)}
        for key, value in sorted(attrs.items())
        if key not in _NOT_FACTS and value not in (None, "", [], ())
    ]
    if attrs.get("names"):
        facts.append({"fact": "also called", "value": _value(attrs["names"])})
    if facts:
        table(pd.DataFrame(facts), presenter=presenter)
    st.markdown(f"**Stated in:** {stated}" if stated else "*No source recorded.*")
    for passage in node_passages(graph, node)[:_SHOWN_PASSAGES]:
        st.markdown(f"stated in: “{md(passage.text)}” ({_link(passage.where, passage.url)})")
    rows = list(_neighbour_rows(graph, node))
    if rows:
        st.markdown(f"**Connected to** ({len(rows)})")
        table(pd.DataFrame(rows), presenter=presenter)


def _neighbour_rows(graph: nx.MultiDiGraph, node: str) -> Iterable[dict[str, str]]:
    """One row per relation, grouped by relation type, then kind, then name."""
    rows = []
    for _, other, key, data in graph.out_edges(node, keys=True, data=True):
        rows.append((f"{key} →", other, data))
    for other, _, key, data in graph.in_edges(node, keys=True, data=True):
        rows.append((f"← {key}", other, data))
    rows.sort(key=lambda r: (r[0], str(graph.nodes[r[1]].get("label")), name(graph, r[1])))
    for relation, other, data in rows:
        if graph.nodes[other].get("label") == Label.SOURCE:
            continue  # shown as "Stated in"
        yield {
            "relation": relation.replace("_", " ").lower(),
            "kind": str(graph.nodes[other].get("label", "")),
            "name": name(graph, other),
            "stated in": _sources(graph, data.get("sources") or ()),
        }


def path_between(graph: nx.MultiDiGraph, start: str, end: str) -> Sequence[str]:
    """The nodes of the shortest chain from ``start`` to ``end`` through practices, events,
    people and cities; through topics and countries only when there is no such chain."""
    found = node_path(graph, start, end) or node_path(
        graph, start, end, through={*PATH_LABELS, Label.TOPIC, Label.COUNTRY}
    )
    return [s.id for s in found.steps] if found else []


def path_text(graph: nx.MultiDiGraph, path: Sequence[str]) -> None:
    if not path:
        st.info("These two nodes are not connected in this graph.")
        return
    chain = []
    for i, node in enumerate(path):
        chain.append(f"**{md(name(graph, node))}**")
        if i + 1 < len(path):
            nxt = path[i + 1]
            if graph.has_edge(node, nxt):
                chain.append(f"→ {min(graph[node][nxt]).replace('_', ' ').lower()} →")
            else:
                chain.append(f"← {min(graph[nxt][node]).replace('_', ' ').lower()} ←")
    st.markdown(f"Path in {len(path) - 1} steps: " + " ".join(chain))
