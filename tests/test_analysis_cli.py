"""``citygraph peers``, ``metrics`` and ``path`` as a user meets them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import run
from graph_fixtures import nodes, relations

from graph.store.memory import MemoryStore


@pytest.fixture
def graph_file(tmp_path: Path) -> str:
    store = MemoryStore(path=tmp_path / "graph.json")
    store.upsert(nodes(), relations())
    return str(store.save())


def test_peers_prints_the_ranked_peers_with_reasons(
    capsys: pytest.CaptureFixture[str], graph_file: str
) -> None:
    code, out, _ = run(capsys, "peers", "Tartu", "--graph-file", graph_file)
    assert code == 0
    assert "1. La Paz (BO)" in out
    assert "I-Government in La Paz" in out and "recaps/covid.de.txt" in out
    assert "Vienna" not in out


def test_peers_json_carries_the_evidence(
    capsys: pytest.CaptureFixture[str], graph_file: str
) -> None:
    code, out, _ = run(
        capsys, "peers", "Tartu", "--topic", "E-Governance", "--json", "--graph-file", graph_file
    )
    assert code == 0
    data = json.loads(out)
    assert data["topic_names"] == ["e-governance"]
    peer = data["peers"][0]
    assert (peer["name"], peer["presenters"]) == ("La Paz", ["Roberto Flores"])
    assert peer["practices"][0]["events"][0]["date"] == "2021-03-12"


def test_peers_by_german_topic_and_country(
    capsys: pytest.CaptureFixture[str], graph_file: str
) -> None:
    code, out, _ = run(
        capsys,
        "peers",
        "--topic",
        "Abfallwirtschaft",
        "--country",
        "Österreich",
        "--json",
        "--graph-file",
        graph_file,
    )
    assert code == 0
    assert [p["name"] for p in json.loads(out)["peers"]] == ["Vienna"]
    code, out, _ = run(capsys, "peers", "Tartu", "--since", "2022", "--graph-file", graph_file)
    assert code == 0 and "No peers found for Tartu" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["peers", "Atlantis"], "city 'Atlantis': no city of that name"),
        (["peers"], "give a city, a --topic, or both"),
        (["peers", "Tartu", "--since", "March"], "--since 'March': not a date"),
        (["peers", "Tartu", "--country", "Narnia"], "--country 'Narnia': no such country"),
        (["peers", "--topic", "Urban gardening"], "topic 'Urban gardening'"),
        (["path", "Tartu", "Atlantis"], "city 'Atlantis'"),
    ],
)
def test_bad_input_gets_one_clear_line(
    capsys: pytest.CaptureFixture[str], graph_file: str, args: list[str], message: str
) -> None:
    code, _, err = run(capsys, *args, "--graph-file", graph_file)
    assert code == 1
    assert message in " ".join(err.split())
    assert "Traceback" not in err


def test_metrics_table_and_json(capsys: pytest.CaptureFixture[str], graph_file: str) -> None:
    code, out, _ = run(capsys, "metrics", "--graph-file", graph_file)
    assert code == 0
    text = " ".join(out.split())
    assert "city projection: 4 cities, 2 links; 2 communities" in text and "per year" in text
    code, out, _ = run(capsys, "metrics", "--json", "--graph-file", graph_file)
    data = json.loads(out)
    assert sorted(r["name"] for r in data["cities"]) == ["La Paz", "Rostock", "Tartu", "Vienna"]
    assert [y["events"] for y in data["per_year"]["years"]] == [1, 0, 1]


def test_metrics_on_a_filtered_subgraph(
    capsys: pytest.CaptureFixture[str], graph_file: str
) -> None:
    code, out, _ = run(
        capsys, "metrics", "--json", "--topic", "waste management", "--graph-file", graph_file
    )
    assert code == 0
    assert sorted(r["name"] for r in json.loads(out)["cities"]) == ["Rostock", "Vienna"]


def test_path_prints_the_chain(capsys: pytest.CaptureFixture[str], graph_file: str) -> None:
    code, out, _ = run(capsys, "path", "Tartu", "La Paz", "--graph-file", graph_file)
    assert code == 0
    assert "4 steps" in out and "Municipal COVID-19 governance" in out
    code, out, _ = run(capsys, "path", "Tartu", "Vienna", "--graph-file", graph_file)
    assert code == 0 and "are not connected" in out
