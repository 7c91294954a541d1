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

Every format is written as it is made (lxml's incremental ``xmlfile``, the csv module),
straight from the graph: an export never holds a second copy of the graph nor the whole
file in memory (``export_to``; the dashboard's downloads of a drawn view go to bytes).
Whatever the ids and texts hold, the files stay valid: a character XML 1.0 cannot carry
(a control character from an old graph file) is written as its escape (``\\x00``).

Every CSV the product writes goes through ``write_csv``, which neutralises cells a
spreadsheet would run as a formula and writes raw control characters as escapes.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any, BinaryIO, TextIO

import networkx as nx
from lxml import etree

from graph.core.errors import CitygraphError
from graph.core.files import mode_for, write_atomically
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

# What XML 1.0 cannot hold (control characters but tab, newline and return; lone surrogates;
# U+FFFE, U+FFFF), and what a CSV cell should not carry raw (C0 and C1 control characters
# but tab, newline and return; DEL).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def xml_text(value: object) -> str:
    r"""``value`` as text XML 1.0 can hold: a character it cannot (a control character in
    an id from an old graph file) is written as its escape, visible and distinct.

    >>> xml_text("city:xx:a\x00b"), xml_text(3.5)
    ('city:xx:a\\x00b', '3.5')
    """
    text = value if isinstance(value, str) else str(value)
    return _NOT_XML.sub(_escaped, text)


def cell_text(value: str) -> str:
    r"""A CSV cell's text without raw control characters (written as escapes).

    >>> cell_text("Tartu\x1b[31m")
    'Tartu\\x1b[31m'
    """
    return _CONTROL.sub(_escaped, value)


def _flat(value: Any) -> Any:
    return LIST_SEPARATOR.join(map(str, value)) if isinstance(value, list | tuple) else value


def _kept(value: Any) -> bool:
    return value is not None and value != [] and value != ()


def _name(node: Hashable, attrs: Mapping[str, Any]) -> str:
    return display_name(dict(attrs), str(node))


def _node_row(node: Hashable, attrs: Mapping[str, Any], drawing: Drawing) -> dict[str, Any]:
    """A node as Gephi reads it, flat: ``label`` = name, ``kind`` = the node's label, and the
    drawing's ``x``, ``y``, ``size``, ``r``, ``g``, ``b``, ``color``."""
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
    return row


def _edge_row(key: Hashable, attrs: Mapping[str, Any]) -> dict[str, Any]:
    """A relation as Gephi reads it, flat: its type as ``relation`` and ``label``."""
    row = {k: _flat(x) for k, x in attrs.items() if _kept(x) and k != "type"}
    relation = str(attrs.get("type") or key)
    row["relation"] = relation
    row["label"] = relation
    return row


def _node_rows(graph: nx.MultiDiGraph, drawing: Drawing) -> Iterator[tuple[Any, dict[str, Any]]]:
    for node, attrs in graph.nodes(data=True):
        yield node, _node_row(node, attrs, drawing)


def _edge_rows(graph: nx.MultiDiGraph) -> Iterator[tuple[Any, Any, Any, dict[str, Any]]]:
    for u, v, key, attrs in graph.edges(keys=True, data=True):
        yield u, v, key, _edge_row(key, attrs)


@dataclass(frozen=True)
class Column:
    """One attribute an XML export declares before its nodes or edges: its id in the file
    and the type every value of it fits."""

    id: str
    title: str
    type: str


def _columns(
    rows: Iterable[Mapping[str, Any]], reserved: Iterable[str], prefix: str, type_of: Any
) -> dict[str, Column]:
    """The columns ``rows`` hold (one pass, keeping only each column's value types)."""
    kinds: dict[str, set[type]] = {}
    skip = set(reserved)
    for row in rows:
        for key, value in row.items():
            if key not in skip:
                kinds.setdefault(key, set()).add(type(value))
    return {
        key: Column(id=f"{prefix}{number}", title=key, type=type_of(kinds[key]))
        for number, key in enumerate(sorted(kinds))
    }


def _xml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return xml_text(value)


# --- GEXF 1.3 ----------------------------------------------------------------------------------

_RESERVED_NODE = {"label", "x", "y", "size", "r", "g", "b", "color"}
_RESERVED_EDGE = {"label"}


def _gexf_type(kinds: set[type]) -> str:
    if kinds <= {bool}:
        return "boolean"
    if kinds <= {int}:
        return "long"
    if kinds <= {int, float}:
        return "double"
    return "string"


def _g(tag: str) -> str:
    return f"{{{GEXF_NS}}}{tag}"


def _gexf_attvalues(
    element: etree._Element, row: Mapping[str, Any], columns: Mapping[str, Column]
) -> None:
    values = [(columns[k].id, v) for k, v in sorted(row.items()) if k in columns]
    if values:
        box = etree.SubElement(element, _g("attvalues"))
        for key, value in values:
            etree.SubElement(box, _g("attvalue"), {"for": key, "value": _xml_value(value)})


def write_gexf(graph: nx.MultiDiGraph, out: BinaryIO, drawing: Drawing | None = None) -> None:
    """GEXF 1.3 (what Gephi 0.9.3 and later read), valid against the published schema,
    written to ``out`` node by node: one pass over the graph declares the attributes,
    a second writes them; no copy of the graph is made.

    >>> g = nx.MultiDiGraph(); g.add_node("city:ee:tartu", label="City", name="Tartu")
    >>> out = io.BytesIO(); write_gexf(g, out); b'label="Tartu"' in out.getvalue()
    True
    """
    drawn = drawing_of(graph) if drawing is None else drawing
    node_columns = _columns(
        (row for _, row in _node_rows(graph, drawn)), _RESERVED_NODE, "n", _gexf_type
    )
    edge_columns = _columns((row for *_, row in _edge_rows(graph)), _RESERVED_EDGE, "e", _gexf_type)
    with etree.xmlfile(out, encoding="UTF-8") as xf:
        xf.write_declaration()
        with xf.element(_g("gexf"), {"version": "1.3"}, nsmap={None: GEXF_NS, "viz": VIZ_NS}):
            xf.write("\n")
            meta = etree.Element(_g("meta"), {"lastmodifieddate": date.today().isoformat()})
            etree.SubElement(meta, _g("creator")).text = "citygraph"
            xf.write(meta, pretty_print=True)
            with xf.element(_g("graph"), {"defaultedgetype": "directed", "mode": "static"}):
                xf.write("\n")
                for cls, columns in (("node", node_columns), ("edge", edge_columns)):
                    block = etree.Element(_g("attributes"), {"class": cls, "mode": "static"})
                    for column in columns.values():
                        etree.SubElement(
                            block,
                            _g("attribute"),
                            {"id": column.id, "title": column.title, "type": column.type},
                        )
                    xf.write(block, pretty_print=True)
                with xf.element(_g("nodes"), {"count": str(graph.number_of_nodes())}):
                    xf.write("\n")
                    for node, row in _node_rows(graph, drawn):
                        xf.write(_gexf_node(node, row, node_columns), pretty_print=True)
                xf.write("\n")
                with xf.element(_g("edges"), {"count": str(graph.number_of_edges())}):
                    xf.write("\n")
                    for number, (u, v, _, row) in enumerate(_edge_rows(graph)):
                        xf.write(_gexf_edge(number, u, v, row, edge_columns), pretty_print=True)
                xf.write("\n")
            xf.write("\n")


def _gexf_node(node: Any, row: Mapping[str, Any], columns: Mapping[str, Column]) -> etree._Element:
    element = etree.Element(_g("node"), {"id": xml_text(node), "label": xml_text(row["label"])})
    _gexf_attvalues(element, row, columns)
    if "color" in row:
        etree.SubElement(
            element,
            f"{{{VIZ_NS}}}color",
            {"r": str(row["r"]), "g": str(row["g"]), "b": str(row["b"])},
        )
    if "x" in row:
        etree.SubElement(
            element, f"{{{VIZ_NS}}}position", {"x": str(row["x"]), "y": str(row["y"]), "z": "0.0"}
        )
    if "size" in row:
        etree.SubElement(element, f"{{{VIZ_NS}}}size", {"value": str(row["size"])})
    return element


def _gexf_edge(
    number: int, u: Any, v: Any, row: Mapping[str, Any], columns: Mapping[str, Column]
) -> etree._Element:
    relation = xml_text(row["relation"])
    element = etree.Element(
        _g("edge"),
        {
            "id": str(number),
            "source": xml_text(u),
            "target": xml_text(v),
            "type": "directed",
            "label": relation,
            # GEXF 1.3's own field for parallel edges of different kinds: Gephi keeps
            # a SHARED and an ABOUT between the same two nodes apart by it.
            "kind": relation,
        },
    )
    _gexf_attvalues(element, row, columns)
    return element


def gexf_bytes(graph: nx.MultiDiGraph, drawing: Drawing | None = None) -> bytes:
    """``write_gexf`` into bytes (a download of a drawn view).

    >>> g = nx.MultiDiGraph(); g.add_node("city:ee:tartu", label="City", name="Tartu")
    >>> b'label="Tartu"' in gexf_bytes(g)
    True
    """
    out = io.BytesIO()
    write_gexf(graph, out, drawing)
    return out.getvalue()


# --- GraphML ---------------------------------------------------------------------------------

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_GRAPHML_SCHEMA = f"{GRAPHML_NS} http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"


_graphml_type = _gexf_type  # the same type names


def _m(tag: str) -> str:
    return f"{{{GRAPHML_NS}}}{tag}"


def write_graphml(graph: nx.MultiDiGraph, out: BinaryIO, drawing: Drawing | None = None) -> None:
    """GraphML with the Gephi attribute names (``label``, ``kind``, ``relation``, ``x``,
    ``y``, ``size``, ``r``, ``g``, ``b``), as networkx writes it (an edge's ``id`` is its
    relation type, which networkx reads back as the key), written to ``out`` node by node.

    >>> g = nx.MultiDiGraph(); g.add_node("city:ee:tartu", label="City", name="Tartu")
    >>> out = io.BytesIO(); write_graphml(g, out)
    >>> nx.read_graphml(io.BytesIO(out.getvalue())).nodes["city:ee:tartu"]["label"]
    'Tartu'
    """
    drawn = drawing_of(graph) if drawing is None else drawing
    node_columns = _columns((row for _, row in _node_rows(graph, drawn)), (), "d", _graphml_type)
    edge_columns = {
        key: Column(id=f"d{len(node_columns) + i}", title=c.title, type=c.type)
        for i, (key, c) in enumerate(
            _columns((row for *_, row in _edge_rows(graph)), (), "", _graphml_type).items()
        )
    }
    with etree.xmlfile(out, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element(
            _m("graphml"),
            {f"{{{_XSI}}}schemaLocation": _GRAPHML_SCHEMA},
            nsmap={None: GRAPHML_NS, "xsi": _XSI},
        ):
            xf.write("\n")
            for scope, columns in (("node", node_columns), ("edge", edge_columns)):
                for column in columns.values():
                    key = etree.Element(
                        _m("key"),
                        {
                            "id": column.id,
                            "for": scope,
                            "attr.name": xml_text(column.title),
                            "attr.type": column.type,
                        },
                    )
                    xf.write(key, pretty_print=True)
            with xf.element(_m("graph"), {"edgedefault": "directed"}):
                xf.write("\n")
                for node, row in _node_rows(graph, drawn):
                    element = etree.Element(_m("node"), {"id": xml_text(node)})
                    _graphml_data(element, row, node_columns)
                    xf.write(element, pretty_print=True)
                for u, v, key, row in _edge_rows(graph):
                    element = etree.Element(
                        _m("edge"),
                        {"source": xml_text(u), "target": xml_text(v), "id": xml_text(key)},
                    )
                    _graphml_data(element, row, edge_columns)
                    xf.write(element, pretty_print=True)
            xf.write("\n")


def _graphml_data(
    element: etree._Element, row: Mapping[str, Any], columns: Mapping[str, Column]
) -> None:
    for key, value in row.items():
        etree.SubElement(element, _m("data"), {"key": columns[key].id}).text = _xml_value(value)


def graphml_bytes(graph: nx.MultiDiGraph, drawing: Drawing | None = None) -> bytes:
    """``write_graphml`` into bytes (a download of a drawn view)."""
    out = io.BytesIO()
    write_graphml(graph, out, drawing)
    return out.getvalue()


# --- CSV -----------------------------------------------------------------------------------------


def safe_cell(value: Any) -> Any:
    """A cell a spreadsheet shows as text: a text starting with ``= + - @``, a tab or a
    carriage return gets a leading ``'`` (so ``=HYPERLINK(...)`` is not run), and raw
    control characters are written as escapes. Numbers stay.

    >>> safe_cell("=1+1"), safe_cell("-2"), safe_cell(-2), safe_cell("Tartu")
    ("'=1+1", "'-2", -2, 'Tartu')
    """
    if isinstance(value, str):
        value = cell_text(value)
        if value.startswith(_FORMULA_START):
            return "'" + value
    return value


def write_csv(header: Sequence[str], rows: Iterable[Sequence[Any]], out: TextIO) -> None:
    """The one CSV writer: ``header`` then ``rows`` to ``out``, every text cell made safe."""
    writer = csv.writer(out)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(_flat(v)) if v is not None else "" for v in row])


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """``write_csv`` into a string.

    >>> csv_text(["city", "note"], [["Tartu", "=1+1"]]).splitlines()
    ['city,note', "Tartu,'=1+1"]
    """
    buffer = io.StringIO()
    write_csv(header, rows, buffer)
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


def write_csv_tables(
    graph: nx.MultiDiGraph, *, nodes: TextIO | None = None, relationships: TextIO | None = None
) -> None:
    """The graph as two tables, each written row by row (to those given): nodes (id, name,
    kind, then every property) and relationships (start, type, end, then every property)."""
    if nodes is not None:
        _node_table(graph, nodes)
    if relationships is not None:
        _relationship_table(graph, relationships)


def _node_table(graph: nx.MultiDiGraph, out: TextIO) -> None:
    node_keys = sorted({k for _, a in graph.nodes(data=True) for k in a} - {"label"})
    write_csv(
        ["id", "label", "kind", *node_keys],
        (
            [node, _name(node, attrs), attrs.get("label"), *(attrs.get(k) for k in node_keys)]
            for node, attrs in sorted(graph.nodes(data=True), key=lambda item: str(item[0]))
        ),
        out,
    )


def _relationship_table(graph: nx.MultiDiGraph, out: TextIO) -> None:
    edge_keys = sorted({k for *_, a in graph.edges(data=True) for k in a} - {"type"})
    write_csv(
        ["start", "type", "end", *edge_keys],
        (
            [u, attrs.get("type"), v, *(attrs.get(k) for k in edge_keys)]
            for u, v, attrs in sorted(
                graph.edges(data=True), key=lambda e: (str(e[0]), str(e[2].get("type")), str(e[1]))
            )
        ),
        out,
    )


# --- node-link JSON ----------------------------------------------------------------------------


def write_json(graph: nx.MultiDiGraph, out: TextIO) -> None:
    """``nx.node_link_data(graph, edges="links")`` as JSON, written node by node (what
    ``citygraph load`` reads back)."""

    def dumps(value: object) -> str:
        return json.dumps(value, ensure_ascii=False)

    out.write('{"directed": true, "multigraph": true, "graph": ')
    out.write(dumps(dict(graph.graph)))
    out.write(', "nodes": [')
    for i, (node, attrs) in enumerate(graph.nodes(data=True)):
        out.write(("," if i else "") + "\n " + dumps({**attrs, "id": node}))
    out.write('\n], "links": [')
    for i, (u, v, k, attrs) in enumerate(graph.edges(keys=True, data=True)):
        out.write(("," if i else "") + "\n " + dumps({**attrs, "source": u, "target": v, "key": k}))
    out.write("\n]}\n")


# --- entry points ------------------------------------------------------------------------------


def write_export(
    graph: nx.MultiDiGraph,
    fmt: str,
    out: BinaryIO,
    *,
    drawing: Drawing | None = None,
    title: str = "citygraph",
) -> None:
    """The graph in ``fmt`` as one file, written to ``out`` as it is made (CSV: a zip of
    nodes.csv and relationships.csv). See ``export_bytes`` for the arguments."""
    if fmt == "json":
        _text_to(out, lambda text: write_json(graph, text))
    elif fmt == "graphml":
        write_graphml(graph, out, drawing)
    elif fmt == "gexf":
        write_gexf(graph, out, drawing)
    elif fmt == "csv":
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            # One member at a time (zipfile writes one stream at once): the graph is read
            # twice, never held as text.
            with zf.open("nodes.csv", "w", force_zip64=True) as member:
                _text_to(member, lambda text: write_csv_tables(graph, nodes=text))
            with zf.open("relationships.csv", "w", force_zip64=True) as member:
                _text_to(member, lambda text: write_csv_tables(graph, relationships=text))
    elif fmt == "png":
        from graph.render.picture import png_bytes

        out.write(png_bytes(graph, drawing_of(graph) if drawing is None else drawing, title=title))
    else:
        raise CitygraphError(f"unknown export format {fmt!r}; valid formats: {', '.join(FORMATS)}")


def _text_to(out: IO[bytes], write: Callable[[TextIO], None]) -> None:
    """``write`` text into the binary stream ``out`` as UTF-8 (``out`` stays open)."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    try:
        write(text)
        text.flush()
    finally:
        text.detach()


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
    out = io.BytesIO()
    write_export(graph, fmt, out, drawing=drawing, title=title)
    return out.getvalue()


def export_to(graph: nx.MultiDiGraph, fmt: str, out: Path) -> list[Path]:
    """Write the export as it is made; CSV writes ``OUT/nodes.csv`` and
    ``OUT/relationships.csv`` (OUT a folder), every other format the one file ``out``. Each
    file is written beside its target and renamed into place, so a failed export leaves no
    half-written file. Returns the paths written.

    Raises:
        CitygraphError: an unknown format, or a file that cannot be written.
    """
    if fmt not in FORMATS:
        raise CitygraphError(f"unknown export format {fmt!r}; valid formats: {', '.join(FORMATS)}")
    if fmt == "csv":
        written = [out / "nodes.csv", out / "relationships.csv"]
        _atomically(written[0], lambda f: _text_to(f, lambda t: write_csv_tables(graph, nodes=t)))
        _atomically(
            written[1], lambda f: _text_to(f, lambda t: write_csv_tables(graph, relationships=t))
        )
        return written
    _atomically(out, lambda f: write_export(graph, fmt, f))
    return [out]


def _atomically(target: Path, write: Callable[[BinaryIO], None]) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, write, mode=mode_for(target))
    except OSError as e:
        raise CitygraphError(f"{target}: cannot write the export ({e.strerror or e})") from e
