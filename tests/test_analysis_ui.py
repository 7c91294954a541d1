"""The Peer finder and Metrics views through Streamlit's AppTest, on the hand-made graph."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from dashboard_fixtures import sample_graph
from graph_fixtures import LA_PAZ, TARTU
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")


@pytest.fixture(autouse=True)
def graph_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.delenv("CITYGRAPH_ADMIN_PASSWORD", raising=False)
    path = sample_graph(tmp_path / "sample.json")
    monkeypatch.setenv("CITYGRAPH_GRAPH_FILE", str(path))
    return path


def run(tab: str, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["tab"] = tab
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def drawn_ids(at: AppTest, index: int = 0) -> set[str]:
    page = at.get("iframe")[index].proto.srcdoc
    data = re.search(r'<script id="cg-data" type="application/json">(.*?)</script>', page, re.S)
    assert data
    return {n["id"] for n in json.loads(data.group(1))["nodes"]}


def test_peer_finder_lists_la_paz_for_tartu_with_reason_and_network() -> None:
    at = run("peers")
    assert any("Pick your city" in i.value for i in at.info)
    at.selectbox(key="city").set_value(TARTU).run()
    assert not at.exception
    assert at.query_params["city"] == TARTU  # a link to these peers
    assert len(at.expander) == 1
    assert re.fullmatch(r"1\. La Paz, Bolivia: score \d\.\d{3}", at.expander[0].label)
    text = " ".join(m.value for m in at.markdown)
    assert "I\\-Government in La Paz" in text  # the reason, escaped as Markdown
    assert {TARTU, LA_PAZ, "event:2021-03-12:covid-governance"} <= drawn_ids(at)


def test_a_link_opens_the_peers_of_its_city() -> None:
    at = run("peers", city=LA_PAZ)
    assert [e.label.split(":")[0] for e in at.expander] == ["1. Tartu, Estonia"]
    sources = [c.value for c in at.caption if c.value.startswith("Sources: ")]
    assert sources and "recaps/covid\\.de\\.txt" in sources[0]  # Markdown, escaped
    # on a projector, the file's name, as every table there shows it
    at = run("peers", city=LA_PAZ, presenter="1")
    sources = [c.value for c in at.caption if c.value.startswith("Sources: ")]
    assert sources and "covid\\.de\\.txt" in sources[0] and "recaps/" not in sources[0]


def test_peer_finder_by_topic_and_presenter_mode_hides_names() -> None:
    at = run("peers", presenter="1")
    at.multiselect(key="peer_topics").set_value(["topic:e-governance"]).run()
    assert not at.exception
    assert {e.label.split(":")[0] for e in at.expander} == {
        "1. La Paz, Bolivia",
        "2. Tartu, Estonia",
    }
    shown = " ".join(str(d.value.to_csv()) for d in [*at.dataframe, *at.table])
    assert "Roberto Flores" not in shown and "Speaker" in shown


def test_metrics_view_shows_the_table_the_chart_and_a_path() -> None:
    at = run("metrics")
    table = at.dataframe[0].value
    assert set(table["city"]) == {"Tartu", "La Paz", "Rostock", "Vienna"}
    # read as words: countries by name, communities by what their cities share
    assert "country_code" not in table.columns
    assert dict(zip(table["city"], table["country"], strict=True))["Tartu"] == "Estonia"
    assert not any(str(c).lstrip("-").isdigit() for c in table["community"])
    assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")
    assert drawn_ids(at) == {TARTU, LA_PAZ, "city:de:rostock", "city:at:vienna"}
    at.selectbox(key="path_from").set_value(TARTU)
    at.selectbox(key="path_to").set_value(LA_PAZ).run()
    text = " ".join(m.value for m in at.markdown)
    assert "4 steps" in text and "Municipal COVID" in text
    assert "shared" in text and not re.search(r"[A-Z]{2,}_[A-Z]", text)  # not SPOKE_AT


def test_metrics_follow_the_sidebar_topic_filter() -> None:
    at = run("metrics", topics="topic:waste-management")
    assert set(at.dataframe[0].value["city"]) == {"Rostock", "Vienna"}
    at.selectbox(key="metric_colour").set_value("community").run()
    assert not at.exception


def test_communities_are_named_by_what_they_share() -> None:
    at = run("metrics")
    at.radio(key="metric_draw").set_value("graph").run()
    at.selectbox(key="metric_colour").set_value("community").run()
    page = at.get("iframe")[0].proto.srcdoc
    found = re.search(r'<script id="cg-data" type="application/json">(.*?)</script>', page, re.S)
    assert found
    legend = [entry["text"] for entry in json.loads(found.group(1))["legend"]]
    groups = [t for t in legend if not t.startswith(("City", "Event", "Practice", "Country"))]
    assert groups and not any(re.match(r"group \d", t) for t in groups), legend
    # the Map view's legend names them as the Network view's city map does
    at = run("map")
    (args,) = [json.loads(c.proto.json_args) for c in at.get("component_instance")]
    legend = [entry["text"] for entry in args["data"]["legend"]]
    groups = [t for t in legend if not t.startswith("City")]
    assert groups and not any(re.match(r"group \d", t) for t in groups), legend


def test_the_map_names_a_citys_country_as_the_pickers_do() -> None:
    at = run("map")
    (args,) = [json.loads(c.proto.json_args) for c in at.get("component_instance")]
    titles = {n["id"]: n["title"] for n in args["data"]["nodes"]}
    assert titles[TARTU].splitlines()[0] == "Tartu, Estonia"  # was "Tartu (EE)"
    assert titles[LA_PAZ].splitlines()[0] == "La Paz, Bolivia"


def chart_text_px(at: AppTest) -> int:
    (chart,) = at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")
    return int(json.loads(chart.proto.spec)["config"]["axis"]["labelFontSize"])


def test_presenter_mode_metrics_read_from_the_room() -> None:
    at = run("metrics", presenter="1")
    strength = at.table[0].value["strength"]
    assert pd.api.types.is_integer_dtype(strength)  # a plain table showed 3 as "3.0000"
    assert chart_text_px(at) >= 18  # the per-year chart's labels were 10 px
    assert chart_text_px(run("metrics")) < 18
