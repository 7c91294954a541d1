"""Loads into one graph file from several processes, and loads killed part way: no lost
update, no torn file, no lock left behind."""

from __future__ import annotations

import json
import os
import random
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.store.lock import graph_file_lock, lock_path

ROOT = Path(__file__).resolve().parents[1]


def write_events(path: Path, prefix: str, rows: int) -> set[str]:
    """An events table of ``rows`` events; returns the titles."""
    titles = {f"{prefix} exchange {i}" for i in range(rows)}
    lines = ["title,date,format"] + [
        f"{t},2021-03-{1 + i % 28:02d},virtual" for i, t in enumerate(sorted(titles))
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return titles


def big_graph(path: Path, events: int) -> set[str]:
    """A graph file of ``events`` events, written directly; returns their titles."""
    titles = [f"Stored event {i}" for i in range(events)]
    nodes = [
        {"label": "Event", "title": t, "date": "2020-01-01", "id": f"event:2020-01-01:stored-{i}"}
        for i, t in enumerate(titles)
    ]
    data = {"directed": True, "multigraph": True, "graph": {}, "nodes": nodes, "links": []}
    path.write_text(json.dumps(data), encoding="utf-8")
    return set(titles)


def citygraph(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "NEO4J_URI": "", "COLUMNS": "200"}
    return subprocess.Popen(
        [sys.executable, "-m", "graph.cli", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(child: subprocess.Popen[str]) -> tuple[int, str]:
    out, err = child.communicate(timeout=300)
    return child.returncode, out + err


def titles_in(graph: Path) -> set[str]:
    data = json.loads(graph.read_text(encoding="utf-8"))
    return {n["title"] for n in data["nodes"] if n["label"] == "Event"}


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.0, 0.7])
def test_two_loads_at_once_both_land(tmp_path: Path, delay: float) -> None:
    graph = tmp_path / "graph.json"
    before = big_graph(graph, 40_000)  # reading and saving it takes each load a while
    first = write_events(tmp_path / "events_a.csv", "Alpha", 100)
    second = write_events(tmp_path / "events_b.csv", "Beta", 100)
    a = citygraph("load", str(tmp_path / "events_a.csv"), "--graph-file", str(graph))
    time.sleep(delay)
    b = citygraph("load", str(tmp_path / "events_b.csv"), "--graph-file", str(graph))
    (code_a, out_a), (code_b, out_b) = finish(a), finish(b)
    assert (code_a, code_b) == (0, 0), out_a + out_b
    assert titles_in(graph) == before | first | second  # neither load lost
    assert not list(tmp_path.glob(".graph.json.*.tmp"))


def test_a_load_waits_for_the_lock_then_gives_up_saying_so(tmp_path: Path) -> None:
    graph = tmp_path / "graph.json"
    write_events(tmp_path / "events.csv", "Gamma", 5)
    with graph_file_lock(graph):  # another load is "running"
        code, output = finish(
            citygraph(
                "load", str(tmp_path / "events.csv"), "--graph-file", str(graph), "--wait", "1"
            )
        )
    assert code == 1
    assert f"waiting for another load of {graph}" in output
    assert f"pid {os.getpid()}" in output  # says who holds it
    assert "nothing was loaded" in output
    assert not graph.exists()


def test_a_waiting_load_completes_once_the_other_is_done(tmp_path: Path) -> None:
    graph = tmp_path / "graph.json"
    titles = write_events(tmp_path / "events.csv", "Delta", 5)
    with graph_file_lock(graph):
        child = citygraph("load", str(tmp_path / "events.csv"), "--graph-file", str(graph))
        assert child.stderr is not None
        told = child.stderr.readline()  # the load says it waits, and goes on waiting
        assert f"waiting for another load of {graph}" in told
        assert child.poll() is None
    code, output = finish(child)
    assert code == 0, output
    assert titles_in(graph) == titles


def test_a_save_keeps_the_graph_files_permissions(tmp_path: Path) -> None:
    graph = tmp_path / "graph.json"
    write_events(tmp_path / "events.csv", "Eta", 3)
    assert (
        finish(citygraph("load", str(tmp_path / "events.csv"), "--graph-file", str(graph)))[0] == 0
    )
    graph.chmod(0o640)
    write_events(tmp_path / "events2.csv", "Theta", 3)
    assert (
        finish(citygraph("load", str(tmp_path / "events2.csv"), "--graph-file", str(graph)))[0] == 0
    )
    assert stat.S_IMODE(graph.stat().st_mode) == 0o640


def test_a_lock_whose_holder_was_killed_is_taken_over_saying_so(tmp_path: Path) -> None:
    graph = tmp_path / "graph.json"
    titles = write_events(tmp_path / "events.csv", "Iota", 3)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; "
            "from graph.store.lock import graph_file_lock\n"
            "with graph_file_lock(Path(sys.argv[1])):\n print('held', flush=True); time.sleep(60)",
            str(graph),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    code, output = finish(
        citygraph("load", str(tmp_path / "events.csv"), "--graph-file", str(graph))
    )
    assert code == 0, output
    assert f"took over the lock on {graph}" in output and f"pid {holder.pid}" in output
    assert titles_in(graph) == titles


@pytest.mark.slow
def test_loads_killed_at_random_moments_leave_old_or_new_and_the_next_load_runs(
    tmp_path: Path,
) -> None:
    graph = tmp_path / "graph.json"
    expected = big_graph(graph, 20_000)  # saving it takes a while: kills land mid-save too
    probe = tmp_path / "probe.json"
    probe.write_bytes(graph.read_bytes())
    write_events(tmp_path / "probe.csv", "Probe", 2000)
    started = time.monotonic()
    assert (
        finish(citygraph("load", str(tmp_path / "probe.csv"), "--graph-file", str(probe)))[0] == 0
    )
    whole = time.monotonic() - started  # how long one such load takes on this machine
    rng = random.Random(12)
    survived = []
    for round_ in range(10):
        new = write_events(tmp_path / "new.csv", f"New{round_}", 2000)
        child = citygraph("load", str(tmp_path / "new.csv"), "--graph-file", str(graph))
        time.sleep(rng.uniform(0.3 * whole, 1.3 * whole))
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=60)
        after = titles_in(graph)  # always a whole, readable file ...
        assert after in (expected, expected | new)  # ... the old graph or the new one
        survived.append(after == expected)
        expected = after
    last = write_events(tmp_path / "last.csv", "Last", 5)
    code, output = finish(citygraph("load", str(tmp_path / "last.csv"), "--graph-file", str(graph)))
    assert code == 0, output
    assert titles_in(graph) == expected | last
    assert not list(tmp_path.glob(".graph.json.*.tmp"))  # no temporary file left behind
    assert lock_path(graph).read_text() == ""  # released cleanly
    assert True in survived  # some kills came before the rename
