"""The node detail panel beside the drawing: name and kind, the facts with the sources that
stated them, the neighbours by relation, and the path between two selected nodes.

It reads the whole graph the view was given (in presenter mode one without any person's
name, graph.read.anonymise), so what it shows is what the drawing shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import networkx as nx
import pandas as pd
import pycountry
import streamlit as st

from graph.core.model import Label, display_name, source_where
from graph.read.analysis.paths import PATH_LABELS, node_path
from graph.read.evidence import node_passages
from graph.render.words import describe
from graph.ui.frames import table
from graph.ui.text import md, md_link, relation_words, short_address

_NOT_FACTS = {"label", "sources", "names", "passages"}
_SHOWN_PASSAGES = 3


def name(graph: nx.MultiDiGraph, node: str) -> str:
    return display_name(dict(graph.nodes[node]), node) if node in graph else node


def _sources(graph: nx.MultiDiGraph, ids: Iterable[str]) -> str:
    """Where a fact was stated: the source files (or addresses), comma-separated."""
    found = [source_where(graph.nodes[s] if s in graph else {}, s) for s in ids]
    return ", ".join(dict.fromkeys(found))


def _stated_in(graph: nx.MultiDiGraph, ids: Iterable[str], *, short: bool = False) -> str:
    """``_sources`` as Markdown: a web page is a link to it, a file its path; ``short``:
    a file's name, a page's site and page (a narrow column, a projector), linked."""
    shown = []
    for source in dict.fromkeys(ids):
        attrs = graph.nodes[source] if source in graph else {}
        where = source_where(attrs, source)
        text = short_address(where) if short else where
        url = attrs.get("url")
        shown.append(md_link(text, str(url)) if url and not attrs.get("path") else md(text))
    return ", ".join(shown)


def _link(where: str, url: str | None) -> str:
    return md_link(url, url) if url else md(where)


def _value(value: object) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list | tuple) else str(value)


# The facts as a reader names them (the schema's keys otherwise, "_" read as a space).
_FACT_NAMES = {
    "lat": "latitude",
    "lon": "longitude",
    "geonameid": "GeoNames id",
    "participants_count": "participants",
    "end_date": "until",
    "lang": "language",
    "sha256": "SHA-256",
}


def _fact_value(key: str, value: object) -> str:
    """A fact's value as read: a language by its name ("German", not "de").

    >>> _fact_value("lang", "de"), _fact_value("lang", "xx"), _fact_value("names", ["a", "b"])
    ('German', 'xx', 'a, b')
    """
    if key == "lang" and isinstance(value, str):
        language = pycountry.languages.get(alpha_2=value.lower())
        return str(language.name) if language else value
    return _value(value)


def render(graph: nx.MultiDiGraph, node: str | None, *, presenter: bool) -> None:
    if not node:
        return
    if node not in graph:
        st.caption(f"No node {node!r} in the graph.")
        return
    attrs = graph.nodes[node]
    st.markdown(f"#### {md(name(graph, node))}")
    st.caption(md(describe(graph, node, presenter=presenter)))
    stated = _stated_in(graph, attrs.get("sources") or (), short=presenter)
    heading = name(graph, node)
    facts = [
        {"fact": _FACT_NAMES.get(key, key.replace("_", " ")), "value": _fact_value(key, value)}
        for key, value in sorted(attrs.items())
        if key not in _NOT_FACTS
        and value not in (None, "", [], ())
        and not (key in ("name", "title") and value == heading)  # the heading says it
    ]
    if attrs.get("names"):
        facts.append({"fact": "also called", "value": _value(attrs["names"])})
    if facts:
        table(pd.DataFrame(facts), presenter=presenter)
    st.markdown(f"**Stated in:** {stated}" if stated else "*No source recorded.*")
    for passage in node_passages(graph, node)[:_SHOWN_PASSAGES]:
        st.markdown(f"stated in: “{md(passage.text)}” ({_link(passage.where, passage.url)})")
    rows = list(_neighbours(graph, node, short=presenter))
    if not rows:
        return
    st.markdown(f"**Connected to** ({len(rows)})")
    if presenter:  # a narrow column in large text: a list wraps, four columns scrolled sideways
        st.markdown("\n".join(f"- {row.markdown()}" for row in rows))
    else:
        table(pd.DataFrame([row.cells() for row in rows]), presenter=False)


@dataclass(frozen=True)
class Neighbour:
    """One relation of the node: its type and direction, the other end, where stated (the
    full addresses as text; Markdown of short linked names in presenter mode)."""

    relation: str
    kind: str
    name: str
    stated_in: str

    def cells(self) -> dict[str, str]:
        return {
            "relation": self.relation,
            "kind": self.kind,
            "name": self.name,
            "stated in": self.stated_in,
        }

    def markdown(self) -> str:
        stated = f" · {self.stated_in}" if self.stated_in else ""
        return f"{md(self.relation)} **{md(self.name)}** ({md(self.kind)}){stated}"


def _neighbours(graph: nx.MultiDiGraph, node: str, *, short: bool = False) -> Iterable[Neighbour]:
    """One per relation, grouped by relation type, then kind, then name; ``short``:
    where each was stated as short linked names (Markdown), else the full addresses."""

    def stated(ids: Iterable[str]) -> str:
        return _stated_in(graph, ids, short=True) if short else _sources(graph, ids)

    rows = []
    for _, other, key, data in graph.out_edges(node, keys=True, data=True):
        rows.append((f"{key} →", other, data))
    for other, _, key, data in graph.in_edges(node, keys=True, data=True):
        rows.append((f"← {key}", other, data))
    rows.sort(key=lambda r: (r[0], str(graph.nodes[r[1]].get("label")), name(graph, r[1])))
    for relation, other, data in rows:
        if graph.nodes[other].get("label") == Label.SOURCE:
            continue  # shown as "Stated in"
        yield Neighbour(
            relation=relation_words(relation),
            kind=str(graph.nodes[other].get("label", "")),
            name=name(graph, other),
            stated_in=stated(data.get("sources") or ()),
        )


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
                chain.append(f"→ {relation_words(min(graph[node][nxt]))} →")
            else:
                chain.append(f"← {relation_words(min(graph[nxt][node]))} ←")
    st.markdown(f"Path in {len(path) - 1} steps: " + " ".join(chain))
