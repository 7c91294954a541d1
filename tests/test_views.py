"""graph.render.html: one self-contained, escaped page for any networkx graph."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from collections.abc import Hashable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import networkx as nx
import pytest

from graph.render import html as html_module
from graph.render.html import drawing_assets, drawing_data, layout, network_html
from graph.render.words import describe

MARKUP = "<img src=x onerror=alert(1)>"


def page_data(page: str) -> dict:
    """The JSON the page hands to vis-network."""
    match = re.search(r'<script id="cg-data" type="application/json">(.*?)</script>', page, re.S)
    assert match, "the page carries its data block"
    return json.loads(match.group(1))


def small_city_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("city:ee:tartu", label="City", name="Tartu", country_code="EE", sources=["source:a"])
    g.add_node(
        "practice:x", label="Practice", title=MARKUP, summary="</script><script>x()</script>"
    )
    g.add_node("person:anna", label="Person", name="Anna Example", role="mayor")
    g.add_node("source:a", label="Source", url="https://example.org/recap", path="recaps/a.txt")
    g.add_edge("city:ee:tartu", "practice:x", key="SHARED", type="SHARED")
    g.add_edge("person:anna", "practice:x", key="PRESENTED", type="PRESENTED")
    return g


def test_page_is_self_contained_even_with_urls_in_the_data() -> None:
    page = network_html(small_city_graph())
    assert not re.search(r"(?i)(https?|ftp)://", page)
    assert not re.search(r"(?i)<(script|link|img|iframe)[^>]+(src|href)=", page)
    assert "@import" not in page
    # ...and the URL is still there as data, for the tooltip.
    source = next(n for n in page_data(page)["nodes"] if n["id"] == "source:a")
    assert "https://example.org/recap" in source["title"]


def test_loaded_text_never_reaches_the_page_as_markup() -> None:
    page = network_html(small_city_graph(), title=MARKUP)
    assert MARKUP not in page
    assert "</script><script>x()" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page  # the heading, escaped
    practice = next(n for n in page_data(page)["nodes"] if n["id"] == "practice:x")
    assert practice["caption"] == MARKUP  # drawn on the canvas as text
    assert MARKUP in practice["title"]  # shown as text (vis-network's innerText), never as HTML
    own_script = drawing_assets().drawing_js
    assert own_script in page  # inlined
    assert "textContent = text" in own_script and "innerHTML" not in own_script


def test_colour_shape_and_legend_follow_the_node_label() -> None:
    data = page_data(network_html(small_city_graph()))
    by_id = {n["id"]: n for n in data["nodes"]}
    assert by_id["city:ee:tartu"]["shape"] != by_id["practice:x"]["shape"]
    assert by_id["city:ee:tartu"]["color"] != by_id["practice:x"]["color"]
    legend = {e["text"]: e for e in data["legend"]}
    assert set(legend) == {"City (1)", "Practice (1)", "Person (1)", "Source (1)"}
    assert legend["City (1)"]["color"] == by_id["city:ee:tartu"]["color"]


def test_a_legend_of_groups_names_no_grey_kind_when_one_kind_is_drawn() -> None:
    cities = nx.MultiDiGraph()
    for city in ("city:ee:tartu", "city:ee:voru", "city:bo:la-paz"):
        cities.add_node(city, label="City", name=city.rsplit(":", 1)[1])
    groups: dict[Hashable, int | str] = {
        "city:ee:tartu": "Estonia",
        "city:ee:voru": "Estonia",
        "city:bo:la-paz": "Bolivia",
    }
    legend = [e["text"] for e in page_data(network_html(cities, color_by=groups))["legend"]]
    assert legend == ["Bolivia (1)", "Estonia (2)"]  # no grey "City (3)": no city is grey
    cities.add_node("practice:x", label="Practice", title="X")
    legend = [e["text"] for e in page_data(network_html(cities, color_by=groups))["legend"]]
    assert "City (3)" in legend and "Practice (1)" in legend  # the shapes tell kinds apart


def test_size_by_and_color_by_options() -> None:
    g = nx.star_graph(4)
    data = page_data(network_html(g))
    sizes = {n["id"]: n["size"] for n in data["nodes"]}
    assert sizes["0"] > sizes["1"]  # by degree: the hub is biggest
    data = page_data(network_html(g, size_by={1: 10.0}, color_by={0: 0, 1: 0, 2: 1, 3: 1, 4: 2}))
    sizes = {n["id"]: n["size"] for n in data["nodes"]}
    colours = {n["id"]: n["color"] for n in data["nodes"]}
    assert sizes["1"] > sizes["0"]
    assert colours["0"] == colours["1"] != colours["2"] == colours["3"] != colours["4"]
    assert [e["text"] for e in data["legend"]][-3:] == ["group 1 (2)", "group 2 (2)", "group 3 (1)"]


def test_graph_without_our_attributes() -> None:
    g = nx.karate_club_graph()
    for _, attrs in g.nodes(data=True):
        attrs.clear()
    data = page_data(network_html(g))
    assert len(data["nodes"]) == g.number_of_nodes()
    assert len(data["edges"]) == g.number_of_edges()
    assert [e["text"] for e in data["legend"]] == ["Node (34)"]
    assert all(e["arrows"] == {"to": {"enabled": False}} for e in data["edges"])


def test_mixed_key_types_get_distinct_ids() -> None:
    g = nx.Graph([(1, "1"), ((1, 2), "x")])
    data = page_data(network_html(g))
    assert len({n["id"] for n in data["nodes"]}) == 4


def test_empty_graph_renders() -> None:
    data = page_data(network_html(nx.MultiDiGraph()))
    assert data["nodes"] == [] and data["legend"] == []


def test_positions_are_stable_and_physics_is_off_by_default() -> None:
    g = nx.barabasi_albert_graph(300, 2, seed=7)
    first, second = page_data(network_html(g)), page_data(network_html(g.copy()))
    assert [(n["x"], n["y"]) for n in first["nodes"]] == [(n["x"], n["y"]) for n in second["nodes"]]
    assert len({(n["x"], n["y"]) for n in first["nodes"]}) == 300  # really laid out
    assert first["options"]["physics"]["enabled"] is False
    assert page_data(network_html(g, physics=True))["options"]["physics"]["enabled"] is True


def test_the_layout_does_not_depend_on_insertion_order() -> None:
    g = nx.barabasi_albert_graph(60, 2, seed=3)
    h = nx.Graph()
    h.add_nodes_from(reversed(list(g.nodes)))
    h.add_edges_from(reversed(list(g.edges)))
    assert layout(g) == layout(h)


def _fingerprint(positions: dict) -> str:
    return hashlib.sha256(repr(sorted(positions.items(), key=repr)).encode()).hexdigest()


LAYOUT_IN_A_NEW_PROCESS = """
import hashlib, networkx as nx
from graph.render.html import layout
pos = layout(nx.barabasi_albert_graph(120, 2, seed=11))
print(hashlib.sha256(repr(sorted(pos.items(), key=repr)).encode()).hexdigest())
"""


def test_the_same_subgraph_gets_the_same_picture_in_a_new_server_process() -> None:
    """A shared link, opened by someone else (another server process), shows the same
    picture: the layout depends on the graph only, not on a process-wide random state."""
    here = _fingerprint(layout(nx.barabasi_albert_graph(120, 2, seed=11)))
    root = Path(__file__).resolve().parents[1]
    there = subprocess.run(
        [sys.executable, "-c", LAYOUT_IN_A_NEW_PROCESS],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert there == here


def test_the_layout_does_not_depend_on_the_views_seen_before() -> None:
    g = nx.barabasi_albert_graph(80, 2, seed=5)
    smaller = g.subgraph(list(g.nodes)[:50]).copy()
    fresh = layout(smaller)
    html_module._LAYOUT_CACHE.clear()
    layout(g)  # the way one came: the bigger view first, then the filter
    assert layout(smaller) == fresh


def test_layouts_computed_in_parallel_threads_are_those_computed_alone() -> None:
    """Streamlit serves sessions from threads: two people drawing at once get the same
    pictures as each alone (igraph's random numbers are not shared between them)."""
    graphs = [nx.barabasi_albert_graph(150 + 10 * i, 2, seed=i) for i in range(6)]
    html_module._LAYOUT_CACHE.clear()
    alone = [_fingerprint(layout(g)) for g in graphs]
    html_module._LAYOUT_CACHE.clear()
    with ThreadPoolExecutor(max_workers=6) as pool:
        together = list(pool.map(lambda g: _fingerprint(layout(g)), graphs * 2))
    assert together == alone * 2


def test_communities_are_drawn_apart() -> None:
    """Two tight groups joined by one relation: each group's members sit closer to each
    other than to the other group."""
    g = nx.disjoint_union(nx.complete_graph(12), nx.complete_graph(12))
    g.add_edge(0, 12)
    pos = layout(g)

    def mean_distance(pairs: list[tuple[int, int]]) -> float:
        return sum(
            ((pos[a][0] - pos[b][0]) ** 2 + (pos[a][1] - pos[b][1]) ** 2) ** 0.5 for a, b in pairs
        ) / len(pairs)

    inside = [(a, b) for a in range(12) for b in range(12) if a < b]
    across = [(a, b) for a in range(12) for b in range(12, 24)]
    assert mean_distance(across) > 2 * mean_distance(inside)


def test_tooltips_say_in_words_what_a_node_is() -> None:
    g = small_city_graph()
    g.add_node("country:ee", label="Country", name="Estonia", code="EE")
    g.add_edge("city:ee:tartu", "country:ee", key="IN", type="IN")
    data = drawing_data(g)
    city = next(n for n in data["nodes"] if n["id"] == "city:ee:tartu")
    assert city["title"] == "Tartu\nCity in Estonia · 1 practice · 0 events"
    assert "geonameid" not in city["title"] and "id:" not in city["title"]
    practice = next(n for n in data["nodes"] if n["id"] == "practice:x")
    assert "shared by Tartu" in practice["title"]
    assert "Anna" not in practice["title"]  # the words never name a person


def test_tooltips_count_in_the_whole_graph_when_given() -> None:
    whole = small_city_graph()
    whole.add_node("practice:y", label="Practice", title="Another")
    whole.add_edge("city:ee:tartu", "practice:y", key="SHARED", type="SHARED")
    shown = whole.subgraph(["city:ee:tartu", "practice:x"]).copy()
    assert "1 practice" in describe(shown, "city:ee:tartu")
    data = drawing_data(shown, context=whole)
    city = next(n for n in data["nodes"] if n["id"] == "city:ee:tartu")
    assert "2 practices" in city["title"]


def test_presenter_mode_hides_person_names_and_enlarges_text() -> None:
    page = network_html(small_city_graph(), presenter=True)
    assert "Anna" not in page
    data = page_data(page)
    person = next(n for n in data["nodes"] if n["id"] == "person:anna")
    assert person["caption"] == "Speaker" and person["title"].startswith("Speaker\n")
    plain = page_data(network_html(small_city_graph()))
    assert data["labelPx"] > plain["labelPx"] >= 12  # labels' size on screen
    assert data["textPx"] > plain["textPx"]


@pytest.mark.parametrize("directed", [True, False])
def test_parallel_edges_are_drawn_once_with_their_types(directed: bool) -> None:
    g = nx.MultiDiGraph() if directed else nx.MultiGraph()
    g.add_edge("a", "b", type="SHARED")
    g.add_edge("a", "b", type="ABOUT")
    edges = page_data(network_html(g))["edges"]
    assert len(edges) == 1 and edges[0]["title"] == "shared / about"


def test_no_two_nodes_are_drawn_on_top_of_each_other() -> None:
    """A force layout puts a node with one relation on its neighbour; the drawing moves
    them apart, so a click can tell them apart."""
    g = nx.barabasi_albert_graph(300, 1, seed=2)  # a tree: many nodes with one relation
    nodes = drawing_data(g)["nodes"]
    for i, a in enumerate(nodes):
        for b in nodes[i + 1 :]:
            distance = ((a["x"] - b["x"]) ** 2 + (a["y"] - b["y"]) ** 2) ** 0.5
            assert distance >= a["size"] + b["size"], (a["id"], b["id"])


def test_tooltips_stay_text_in_vis_network() -> None:
    # drawing.js hands titles to vis-network as text; the bundled vis-network shows a text
    # title with innerText (an HTML element would be shown as it is, a string never parsed)
    assert "else this.frame.innerText=t" in drawing_assets().vis_js
