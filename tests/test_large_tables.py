"""Large tables: their progress is told row by row, and a load past its time or memory
budget stops in one line, leaving the graph as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_runner import run

from loaders.tables import PROGRESS_STEP, read_tables


def events_table(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8") as f:
        f.write("title,date,format\n")
        for i in range(rows):
            f.write(f"Exchange {i},20{10 + i % 15}-0{1 + i % 9}-1{i % 9},virtual\n")
    return path


def test_the_rows_progress_is_told_stage_by_stage_up_to_every_row(tmp_path: Path) -> None:
    table = events_table(tmp_path / "events.csv", 3 * PROGRESS_STEP + 5)
    told: list[tuple[str, int, int]] = []
    records = read_tables([table], progress=lambda *step: told.append(step))
    rows = 3 * PROGRESS_STEP + 5
    assert len([n for n in records.nodes if n.startswith("event:")]) == rows
    for stage in ("checking rows", "building records"):
        steps = [done for s, done, total in told if s == stage and total == rows]
        assert steps[0] == 0 and steps[-1] == rows
        assert steps == sorted(steps) and len(steps) >= 4  # a step every PROGRESS_STEP rows
    assert [s for s, _, _ in told].index("building records") > len(told) // 3  # in order


@pytest.mark.parametrize(
    ("option", "says"),
    [
        (["--max-minutes", "0.000001"], "time budget of"),
        (["--max-memory", "0.01"], "memory budget of 0.01 GB (--max-memory)"),
    ],
)
def test_a_load_past_its_budget_stops_in_one_line_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: list[str], says: str
) -> None:
    graph = tmp_path / "graph.json"
    small = events_table(tmp_path / "first.csv", 3)
    assert run(capsys, "load", str(small), "--graph-file", str(graph))[0] == 0
    before = graph.read_bytes()
    table = events_table(tmp_path / "events.csv", 2 * PROGRESS_STEP + 1)
    code, _, err = run(capsys, "load", str(table), "--graph-file", str(graph), *option)
    assert code == 1
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert f"rows of {table}: the load" in err and says in err
    assert "nothing was written, the graph is as it was" in err
    assert graph.read_bytes() == before
    # Within its budget, the same load goes through.
    code, _, err = run(capsys, "load", str(table), "--graph-file", str(graph))
    assert code == 0, err
