"""The Practices table lists everything the filters select, whatever the drawing's cap:
paged and sorted here, and its CSV holds every row in the table's order (AppTest)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from dashboard_fixtures import synthetic_graph, write
from streamlit.testing.v1 import AppTest

from graph.read.tables import practice_rows
from graph.store.base import WHOLE_GRAPH
from graph.store.memory import MemoryStore

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def practices_in(path: Path) -> int:
    graph = MemoryStore.open(path).graph
    return sum(1 for _, a in graph.nodes(data=True) if a["label"] == "Practice")


def run(path: Path, monkeypatch: pytest.MonkeyPatch, **params: str) -> AppTest:
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.delenv("CITYGRAPH_ADMIN_PASSWORD", raising=False)
    monkeypatch.setenv("CITYGRAPH_GRAPH_FILE", str(path))
    at = AppTest.from_file(APP, default_timeout=300)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def saved_csv(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """What a user downloads with the Practices view's Download CSV button, run by run:
    the CSV is made on the click (the callable the button is handed), never by a rerun."""
    from streamlit.delta_generator import DeltaGenerator

    from graph.ui import practices_tab

    made: list[bytes] = []
    real_button, real_csv = DeltaGenerator.download_button, practices_tab.records_csv

    def made_on_a_rerun(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("the CSV was made by a rerun, not by a download")

    def button(self: DeltaGenerator, label: str, data: object, **kwargs: object) -> object:
        if kwargs.get("key") == "download-practices":
            assert callable(data)
            monkeypatch.setattr(practices_tab, "records_csv", real_csv)
            made.append(data())  # the user clicks: Streamlit calls it
            monkeypatch.setattr(practices_tab, "records_csv", made_on_a_rerun)
        return real_button(self, label, data, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(DeltaGenerator, "download_button", button)
    monkeypatch.setattr(practices_tab, "records_csv", made_on_a_rerun)
    return made


def test_the_cap_of_the_drawing_does_not_cut_the_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = synthetic_graph(tmp_path / "graph.json", events=120)
    everyone = practices_in(path)
    made = saved_csv(monkeypatch)
    at = run(path, monkeypatch, tab="practices", limit="10", sort="practice", descending="1")
    assert everyone > 100 + 10  # more than a page, and than the cap
    assert f"{everyone:,} of {everyone:,} practices" in at.caption[0].value
    first = at.dataframe[0].value
    assert len(first) == 100 and list(first["practice"]) == sorted(first["practice"], reverse=True)
    at.number_input(key="page").set_value(2).run()
    second = at.dataframe[0].value
    assert len(second) == min(100, everyone - 100)
    assert second["practice"].iloc[0] <= first["practice"].iloc[-1]  # the order goes on
    assert at.query_params["page"] == "2" and at.query_params["sort"] == "practice"
    # the CSV: every row, in the table's order
    rows = list(csv.DictReader(io.StringIO(made[-1].decode("utf-8"))))
    assert len(rows) == everyone
    assert [r["practice"] for r in rows[:200]] == [*first["practice"], *second["practice"]]


@pytest.mark.slow
def test_at_5000_events_the_table_and_its_csv_hold_every_practice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graph.ingest.synth import write_synthetic
    from loaders import read_paths

    write_synthetic(tmp_path / "tables", events=5000, seed=1)
    records, _ = read_paths([tmp_path / "tables"])
    path = write(
        tmp_path / "graph.json", list(records.nodes.values()), list(records.relations.values())
    )
    everyone = practices_in(path)
    made = saved_csv(monkeypatch)
    at = run(path, monkeypatch, tab="practices", limit="5000")
    assert f"{everyone:,} of {everyone:,} practices" in at.caption[0].value
    rows = list(csv.DictReader(io.StringIO(made[-1].decode("utf-8"))))
    every = practice_rows(MemoryStore.open(path).select(WHOLE_GRAPH))
    assert len(rows) == len(every) and everyone > 5000  # a row per practice and city
    assert {r["practice"] for r in rows} == {r.practice for r in every}
