"""Exports of any citygraph-shaped networkx graph: node-link JSON, GraphML, GEXF, CSV.

GraphML and GEXF hold only scalar attributes, so lists become ';'-joined text and missing
values are left out; Gephi opens both. CSV is two tables: nodes and relationships.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import networkx as nx

from graph.core.errors import CitygraphError

FORMATS = ("json", "graphml", "gexf", "csv")
LIST_SEPARATOR = ";"


def _flat(value: Any) -> Any:
    return LIST_SEPARATOR.join(map(str, value)) if isinstance(value, list | tuple) else value


def flat_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attributes are all scalars (what GraphML and GEXF can hold)."""
    flat = nx.MultiDiGraph()
    for node, attrs in graph.nodes(data=True):
        flat.add_node(node, **{k: _flat(v) for k, v in attrs.items() if v is not None})
    for u, v, key, attrs in graph.edges(keys=True, data=True):
        flat.add_edge(u, v, key=key, **{k: _flat(x) for k, x in attrs.items() if x is not None})
    return flat


def _csv_tables(graph: nx.MultiDiGraph) -> tuple[str, str]:
    node_keys = sorted({k for _, a in graph.nodes(data=True) for k in a} - {"label"})
    edge_keys = sorted({k for *_, a in graph.edges(data=True) for k in a} - {"type"})
    nodes, rels = io.StringIO(), io.StringIO()
    writer = csv.writer(nodes)
    writer.writerow(["id", "label", *node_keys])
    for node, attrs in sorted(graph.nodes(data=True)):
        writer.writerow([node, attrs.get("label"), *(_flat(attrs.get(k)) for k in node_keys)])
    writer = csv.writer(rels)
    writer.writerow(["start", "type", "end", *edge_keys])
    for u, v, attrs in sorted(graph.edges(data=True), key=lambda e: (e[0], e[2].get("type"), e[1])):
        writer.writerow([u, attrs.get("type"), v, *(_flat(attrs.get(k)) for k in edge_keys)])
    return nodes.getvalue(), rels.getvalue()


def export_bytes(graph: nx.MultiDiGraph, fmt: str) -> bytes:
    """The graph in ``fmt`` as one file's bytes (CSV: a zip of nodes.csv and relationships.csv).

    >>> g = nx.MultiDiGraph(); g.add_node("city:ee:tartu", label="City", name="Tartu")
    >>> b'"name": "Tartu"' in export_bytes(g, "json")
    True
    """
    if fmt == "json":
        data = nx.node_link_data(graph, edges="links")
        return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
    if fmt == "graphml":
        return "\n".join(nx.generate_graphml(flat_graph(graph))).encode("utf-8")
    if fmt == "gexf":
        return "\n".join(nx.generate_gexf(flat_graph(graph))).encode("utf-8")
    if fmt == "csv":
        nodes, rels = _csv_tables(graph)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("nodes.csv", nodes)
            zf.writestr("relationships.csv", rels)
        return buffer.getvalue()
    raise CitygraphError(f"unknown export format {fmt!r}; valid formats: {', '.join(FORMATS)}")


def export_to(graph: nx.MultiDiGraph, fmt: str, out: Path) -> list[Path]:
    """Write the export; CSV writes ``OUT/nodes.csv`` and ``OUT/relationships.csv`` (OUT a
    folder), every other format the one file ``out``. Returns the paths written."""
    if fmt == "csv":
        out.mkdir(parents=True, exist_ok=True)
        nodes, rels = _csv_tables(graph)
        written = [out / "nodes.csv", out / "relationships.csv"]
        for path, text in zip(written, (nodes, rels), strict=True):
            path.write_text(text, encoding="utf-8")
        return written
    data = export_bytes(graph, fmt)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return [out]
