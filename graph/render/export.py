"""Exports of any citygraph-shaped networkx graph: node-link JSON, GraphML, GEXF 1.3, CSV, PNG.

For Gephi and yEd a node's ``label`` is what a person reads (its name or title) and its
kind is in ``kind``; a relation's type is in ``relation`` (and the edge's label), never in
GEXF's ``type``, which the format keeps for directed/undirected. GEXF and GraphML carry
the drawing's positions, colours and sizes (GEXF in ``viz``, GraphML as the ``x``, ``y``,
``size``, ``r``, ``g``, ``b`` attributes Gephi reads), so the file opens as it was drawn:
``html.placement``'s, the very positions the page draws, in its canvas units (y flipped,
since Gephi's y axis points up).
Lists become ';'-joined text and missing values are left out. JSON keeps the store's own
shape (``label`` is the kind), since ``citygraph load`` reads it back.

Every CSV the product writes goes through ``csv_text``, which neutralises cells a
spreadsheet would run as a formula.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Hashable, Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
from lxml import etree

from graph.core.errors import CitygraphError
from graph.core.model import display_name
from graph.render import FORMATS, html

LIST_SEPARATOR = ";"
GEXF_NS = "http://gexf.net/1.3"
VIZ_NS = "http://gexf.net/1.3/viz"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# --- the drawing an export carries ---------------------------------------------------------

# The record the page is drawn from (positions in canvas units, sizes, colours, captions).
Drawing = html.Drawing


def drawing_of(
    graph: nx.MultiDiGraph,
    *,
    color_by: Mapping[Hashable, int | str] | None = None,
    presenter: bool = False,
) -> Drawing:
    """The drawing the Network view makes of ``graph`` (``html.placement``): the same
    positions as on screen, after shapes are pushed apart, sizes by degree, colours by kind
    or by ``color_by`` groups.

    >>> g = nx.MultiDiGraph(); g.add_node("city:ee:tartu", label="City")
    >>> drawing_of(g).colours["city:ee:tartu"] == html.LABEL_STYLE["City"][0]
    True
    """
    return html.placement(graph, color_by=color_by, presenter=presenter)


def _rgb(colour: str) -> tuple[int, int, int]:
    text = colour.lstrip("#")
    if len(text) == 3:
        text = "".join(c * 2 for c in text)
    try:
        return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)
    except ValueError:
        return (153, 153, 153)


# --- shared shaping --------------------------------------------------------------------------


def _flat(value: Any) -> Any:
    return LIST_SEPARATOR.join(map(str, value)) if isinstance(value, list | tuple) else value


def _kept(value: Any) -> bool:
    return value is not None and value != [] and value != ()


def _name(node: Hashable, attrs: Mapping[str, Any]) -> str:
    return display_name(dict(attrs), str(node))


def flat_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attributes are all scalars (what GraphML and GEXF can hold)."""
    flat = nx.MultiDiGraph()
    for node, attrs in graph.nodes(data=True):
        flat.add_node(node, **{k: _flat(v) for k, v in attrs.items() if v is not None})
    for u, v, key, attrs in graph.edges(keys=True, data=True):
        flat.add_edge(u, v, key=key, **{k: _flat(x) for k, x in attrs.items() if x is not None})
    return flat


def _gephi_graph(graph: nx.MultiDiGraph, drawing: Drawing) -> nx.MultiDiGraph:
    """Flat, with ``label`` = name, ``kind`` = the node's label, ``relation`` = the edge's
    type, and the drawing's ``x``, ``y``, ``size``, ``r``, ``g``, ``b``, ``color``."""
    out = nx.MultiDiGraph()
    for node, attrs in graph.nodes(data=True):
        row = {k: _flat(v) for k, v in attrs.items() if _kept(v) and k != "label"}
        row["label"] = _name(node, attrs)
        row["kind"] = str(attrs.get("label") or "")
        if node in drawing.positions:
            x, y = drawing.positions[node]
            # Canvas units, as the sizes: Gephi shows the proportions of the screen. Its
            # y axis points up, the screen's down.
            row["x"], row["y"] = round(float(x), 2), round(-float(y), 2)
        if node in drawing.sizes:
            row["size"] = float(drawing.sizes[node])
        if node in drawing.colours:
            row["r"], row["g"], row["b"] = _rgb(drawing.colours[node])
            row["color"] = drawing.colours[node]
        out.add_node(node, **row)
    for u, v, key, attrs in graph.edges(keys=True, data=True):
        row = {k: _flat(x) for k, x in attrs.items() if _kept(x) and k != "type"}
        relation = str(attrs.get("type") or key)
        row["relation"] = relation
        row["label"] = relation
        out.add_edge(u, v, key=key, **row)
    return out


# --- GEXF 1.3 ----------------------------------------------------------------------------------

_RESERVED_NODE = {"label", "x", "y", "size", "r", "g", "b", "color"}
_RESERVED_EDGE = {"label"}


def _gexf_type(values: Iterable[Any]) -> str:
    kinds = {type(v) for v in values}
    if kinds <= {bool}:
        return "boolean"
    if kinds <= {int}:
        return "long"
    if kinds <= {int, float}:
        return "double"
    return "string"


def _gexf_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _declare(
    parent: etree._Element, cls: str, rows: Iterable[Mapping[str, Any]], reserved: set[str]
) -> dict[str, str]:
    """An <attributes> block for every key the rows hold; returns key -> attribute id."""
    columns: dict[str, list[Any]] = {}
    for row in rows:
        for key, value in row.items():
            if key not in reserved:
                columns.setdefault(key, []).append(value)
    block = etree.SubElement(parent, f"{{{GEXF_NS}}}attributes", {"class": cls, "mode": "static"})
    ids = {}
    for number, key in enumerate(sorted(columns)):
        ids[key] = f"{cls[0]}{number}"
        etree.SubElement(
            block,
            f"{{{GEXF_NS}}}attribute",
            {"id": ids[key], "title": key, "type": _gexf_type(columns[key])},
        )
    return ids


def _attvalues(element: etree._Element, row: Mapping[str, Any], ids: Mapping[str, str]) -> None:
    values = [(ids[k], v) for k, v in sorted(row.items()) if k in ids]
    if values:
        box = etree.SubElement(element, f"{{{GEXF_NS}}}attvalues")
        for key, value in values:
            etree.SubElement(
                box, f"{{{GEXF_NS}}}attvalue", {"for": key, "value": _gexf_value(value)}
            )


def gexf_bytes(graph: nx.MultiDiGraph, drawing: Drawing | None = None) -> bytes:
    """GEXF 1.3 (what Gephi 0.9.3 and later read), validating against the published schema.

    >>> g = nx.MultiDiGraph(); g.add_node("city:ee:tartu", label="City", name="Tartu")
    >>> b'label="Tartu"' in gexf_bytes(g)
    True
    """
    flat = _gephi_graph(graph, drawing_of(graph) if drawing is None else drawing)
    root = etree.Element(
        f"{{{GEXF_NS}}}gexf", {"version": "1.3"}, nsmap={None: GEXF_NS, "viz": VIZ_NS}
    )
    meta = etree.SubElement(
        root, f"{{{GEXF_NS}}}meta", {"lastmodifieddate": date.today().isoformat()}
    )
    etree.SubElement(meta, f"{{{GEXF_NS}}}creator").text = "citygraph"
    body = etree.SubElement(
        root, f"{{{GEXF_NS}}}graph", {"defaultedgetype": "directed", "mode": "static"}
    )
    node_ids = _declare(body, "node", (a for _, a in flat.nodes(data=True)), _RESERVED_NODE)
    edge_ids = _declare(body, "edge", (a for *_, a in flat.edges(data=True)), _RESERVED_EDGE)
    nodes = etree.SubElement(body, f"{{{GEXF_NS}}}nodes", {"count": str(flat.number_of_nodes())})
    for node, attrs in flat.nodes(data=True):
        element = etree.SubElement(
            nodes, f"{{{GEXF_NS}}}node", {"id": str(node), "label": str(attrs["label"])}
        )
        _attvalues(element, attrs, node_ids)
        if "color" in attrs:
            etree.SubElement(
                element,
                f"{{{VIZ_NS}}}color",
                {"r": str(attrs["r"]), "g": str(attrs["g"]), "b": str(attrs["b"])},
            )
        if "x" in attrs:
            etree.SubElement(
                element,
                f"{{{VIZ_NS}}}position",
                {"x": str(attrs["x"]), "y": str(attrs["y"]), "z": "0.0"},
            )
        if "size" in attrs:
            etree.SubElement(element, f"{{{VIZ_NS}}}size", {"value": str(attrs["size"])})
    edges = etree.SubElement(body, f"{{{GEXF_NS}}}edges", {"count": str(flat.number_of_edges())})
    for number, (u, v, attrs) in enumerate(flat.edges(data=True)):
        element = etree.SubElement(
            edges,
            f"{{{GEXF_NS}}}edge",
            {
                "id": str(number),
                "source": str(u),
                "target": str(v),
                "type": "directed",
                "label": str(attrs["relation"]),
                # GEXF 1.3's own field for parallel edges of different kinds: Gephi keeps
                # a SHARED and an ABOUT between the same two nodes apart by it.
                "kind": str(attrs["relation"]),
            },
        )
        _attvalues(element, attrs, edge_ids)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def graphml_bytes(graph: nx.MultiDiGraph, drawing: Drawing | None = None) -> bytes:
    """GraphML with the Gephi attribute names (``label``, ``kind``, ``relation``, ``x``,
    ``y``, ``size``, ``r``, ``g``, ``b``)."""
    flat = _gephi_graph(graph, drawing_of(graph) if drawing is None else drawing)
    return "\n".join(nx.generate_graphml(flat)).encode("utf-8")


# --- CSV -----------------------------------------------------------------------------------------


def safe_cell(value: Any) -> Any:
    """A cell a spreadsheet shows as text: a text starting with ``= + - @``, a tab or a
    carriage return gets a leading ``'`` (so ``=HYPERLINK(...)`` is not run). Numbers stay.

    >>> safe_cell("=1+1"), safe_cell("-2"), safe_cell(-2), safe_cell("Tartu")
    ("'=1+1", "'-2", -2, 'Tartu')
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """The one CSV writer: ``header`` then ``rows``, every text cell made safe.

    >>> csv_text(["city", "note"], [["Tartu", "=1+1"]]).splitlines()
    ['city,note', "Tartu,'=1+1"]
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(_flat(v)) if v is not None else "" for v in row])
    return buffer.getvalue()


def records_csv(
    records: Sequence[Mapping[str, Any]], columns: Sequence[str] | None = None
) -> bytes:
    """Rows of a table (one mapping per row) as UTF-8 CSV, for the dashboard's downloads.

    >>> records_csv([{"city": "Tartu", "score": -0.5}])
    b'city,score\\r\\nTartu,-0.5\\r\\n'
    """
    keys = (
        list(columns) if columns is not None else list(dict.fromkeys(k for r in records for k in r))
    )
    return csv_text(keys, ([r.get(k) for k in keys] for r in records)).encode("utf-8")


def _csv_tables(graph: nx.MultiDiGraph) -> tuple[str, str]:
    node_keys = sorted({k for _, a in graph.nodes(data=True) for k in a} - {"label"})
    edge_keys = sorted({k for *_, a in graph.edges(data=True) for k in a} - {"type"})
    nodes = csv_text(
        ["id", "label", "kind", *node_keys],
        (
            [node, _name(node, attrs), attrs.get("label"), *(attrs.get(k) for k in node_keys)]
            for node, attrs in sorted(graph.nodes(data=True))
        ),
    )
    rels = csv_text(
        ["start", "type", "end", *edge_keys],
        (
            [u, attrs.get("type"), v, *(attrs.get(k) for k in edge_keys)]
            for u, v, attrs in sorted(
                graph.edges(data=True), key=lambda e: (e[0], str(e[2].get("type")), e[1])
            )
        ),
    )
    return nodes, rels


# --- entry points ------------------------------------------------------------------------------


def export_bytes(
    graph: nx.MultiDiGraph,
    fmt: str,
    *,
    drawing: Drawing | None = None,
    title: str = "citygraph",
) -> bytes:
    """The graph in ``fmt`` as one file's bytes (CSV: a zip of nodes.csv and relationships.csv).

    ``drawing`` is what the view drew (default ``drawing_of(graph)``); ``title`` heads the PNG.

    >>> g = nx.MultiDiGraph(); g.add_node("city:ee:tartu", label="City", name="Tartu")
    >>> b'"name": "Tartu"' in export_bytes(g, "json")
    True
    """
    if fmt == "json":
        data = nx.node_link_data(graph, edges="links")
        return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
    if fmt == "graphml":
        return graphml_bytes(graph, drawing)
    if fmt == "gexf":
        return gexf_bytes(graph, drawing)
    if fmt == "csv":
        nodes, rels = _csv_tables(graph)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("nodes.csv", nodes)
            zf.writestr("relationships.csv", rels)
        return buffer.getvalue()
    if fmt == "png":
        from graph.render.picture import png_bytes

        return png_bytes(graph, drawing_of(graph) if drawing is None else drawing, title=title)
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
