"""The citygraph command as a user meets it: load, stats, export, and bad input."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import networkx as nx
import pytest
from cli_runner import run

from graph.store.memory import MemoryStore

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"

EVENTS = (
    "key,title,date,format,countries\nc21,Governance exchange,2021-03-12,virtual,Estland;Bolivien\n"
)
CITIES = "name,country\nTartu,Estland\nLa Paz,Bolivien\n"


@pytest.fixture
def tables(tmp_path: Path) -> Path:
    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / "events.csv").write_text(EVENTS, encoding="utf-8")
    (folder / "cities.csv").write_text(CITIES, encoding="utf-8")
    return folder


def stats_json(capsys: pytest.CaptureFixture[str], graph_file: Path) -> dict:
    code, out, _ = run(capsys, "stats", "--json", "--graph-file", str(graph_file))
    assert code == 0
    return json.loads(out)


def test_load_then_stats_counts_what_the_tables_say(capsys, tables: Path, tmp_path: Path) -> None:
    graph_file = tmp_path / "graph.json"
    code, out, _ = run(capsys, "load", str(tables), "--graph-file", str(graph_file))
    assert code == 0
    assert "Loaded 2 file(s)" in out
    counts = stats_json(capsys, graph_file)
    assert counts["nodes"] == {"City": 2, "Country": 2, "Event": 1, "Source": 2}
    assert counts["relationships"] == {"DESCRIBES": 1, "IN": 2, "PARTICIPATED_IN": 2}
    # loading again changes nothing
    assert run(capsys, "load", str(tables), "--graph-file", str(graph_file))[0] == 0
    assert stats_json(capsys, graph_file) == counts


def test_graph_file_from_the_environment(
    capsys, tables: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    graph_file = tmp_path / "env-graph.json"
    monkeypatch.setenv("CITYGRAPH_GRAPH_FILE", str(graph_file))
    monkeypatch.delenv("NEO4J_URI", raising=False)
    assert run(capsys, "load", str(tables))[0] == 0
    assert graph_file.exists()


@pytest.mark.parametrize(
    ("name", "content", "where"),
    [
        ("events.csv", b"", "events.csv"),
        ("cities.csv", b"\x00\x9f\x92\x96\xff" * 200, "cities.csv"),
        ("events.json", b'[{"title": "A", "date": "2021-01-0', "events.json:1"),
        ("topics.yaml", b"- name: a\n- name: [b\n", "topics.yaml:"),
        ("mystery.csv", b"colour,flavour\nred,sweet\n", "mystery.csv"),
        ("events2.csv", b"title,date\nAn exchange,31.02.2021\n", "events2.csv:2"),
        (
            "cities2.csv",
            b"name,country,lat,lon\nTartu,Estonia,58.4,26.7\nTartu,Estonia,10,10\n",
            "cities2.csv:3",
        ),
    ],
)
def test_one_bad_file_fails_the_load_with_one_line_and_writes_nothing(
    capsys, tables: Path, tmp_path: Path, name: str, content: bytes, where: str
) -> None:
    graph_file = tmp_path / "graph.json"
    assert run(capsys, "load", str(tables), "--graph-file", str(graph_file))[0] == 0
    before = graph_file.read_bytes()
    bad = tmp_path / "bad" / name
    bad.parent.mkdir()
    bad.write_bytes(content)
    more = tmp_path / "more.csv"
    more.write_text("name,country\nRostock,Germany\n", encoding="utf-8")
    code, out, err = run(capsys, "load", str(more), str(bad), "--graph-file", str(graph_file))
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ") and where in lines[0]
    assert "Traceback" not in err + out
    assert graph_file.read_bytes() == before  # the good file of that call was not loaded


def test_latin1_csv_loads_without_mojibake(capsys, tmp_path: Path) -> None:
    table = tmp_path / "cities.csv"
    table.write_bytes("name,country\nMünchen,Deutschland\nKöln,Deutschland\n".encode("cp1252"))
    graph_file = tmp_path / "graph.json"
    assert run(capsys, "load", str(table), "--graph-file", str(graph_file))[0] == 0
    graph = MemoryStore.open(graph_file).graph
    assert graph.nodes["city:de:munich"]["names"] == ["München"]
    assert graph.nodes["city:de:cologne"]["names"] == ["Köln"]


def test_a_missing_path_and_an_unknown_type_are_named(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "load", str(tmp_path / "nope.csv"))
    assert code == 1 and "nope.csv: no such file or folder" in err
    odd = tmp_path / "notes.docx"
    odd.write_bytes(b"PK")
    code, _, err = run(capsys, "load", str(odd))
    assert code == 1 and "notes.docx" in err and ".csv" in err


def test_exports_open_in_gephi_formats_and_csv(capsys, tables: Path, tmp_path: Path) -> None:
    graph_file = tmp_path / "graph.json"
    run(capsys, "load", str(tables), "--graph-file", str(graph_file))
    stored = MemoryStore.open(graph_file).graph
    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        out = tmp_path / f"g.{fmt}"
        assert (
            run(
                capsys,
                "export",
                "--format",
                fmt,
                "--out",
                str(out),
                "--graph-file",
                str(graph_file),
            )[0]
            == 0
        )
        read = reader(out)
        assert set(read.nodes) == set(stored.nodes)
        assert read.number_of_edges() == stored.number_of_edges()
        assert read.nodes["city:ee:tartu"]["label"] == "Tartu"  # what Gephi shows
        assert read.nodes["city:ee:tartu"]["kind"] == "City"
    folder = tmp_path / "csv"
    assert (
        run(
            capsys,
            "export",
            "--format",
            "csv",
            "--out",
            str(folder),
            "--graph-file",
            str(graph_file),
        )[0]
        == 0
    )
    nodes_csv = (folder / "nodes.csv").read_text(encoding="utf-8").splitlines()
    rels_csv = (folder / "relationships.csv").read_text(encoding="utf-8").splitlines()
    assert nodes_csv[0].startswith("id,label,")
    assert (len(nodes_csv) - 1, len(rels_csv) - 1) == (
        stored.number_of_nodes(),
        stored.number_of_edges(),
    )
    code, _, err = run(
        capsys,
        "export",
        "--format",
        "pdf",
        "--out",
        str(tmp_path / "x"),
        "--graph-file",
        str(graph_file),
    )
    assert code == 1 and "valid formats: json, graphml, gexf, csv, png" in err


def test_json_export_loads_back_as_the_same_graph(capsys, tables: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    run(capsys, "load", str(tables), "--graph-file", str(first))
    export = tmp_path / "export.json"
    assert (
        run(capsys, "export", "--format", "json", "--out", str(export), "--graph-file", str(first))[
            0
        ]
        == 0
    )
    assert run(capsys, "load", str(export), "--graph-file", str(second))[0] == 0
    a, b = MemoryStore.open(first).graph, MemoryStore.open(second).graph
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    assert sorted(a.edges(keys=True, data=True)) == sorted(b.edges(keys=True, data=True))


def test_the_installed_command_reports_errors_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "events.csv"
    bad.write_text("title,date\nX,31.02.2021\n", encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "graph.cli",
            "load",
            str(bad),
            "--graph-file",
            str(tmp_path / "g.json"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "events.csv:2" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "g.json").exists()


def test_sample_data_loads(capsys, tmp_path: Path) -> None:
    graph_file = tmp_path / "graph.json"
    code, _, err = run(capsys, "load", str(SAMPLES), "--fresh", "--graph-file", str(graph_file))
    assert code == 0, err
    counts = stats_json(capsys, graph_file)
    assert counts["nodes"]["Event"] >= 10 and counts["relationships"]["SHARED"] >= 20


def test_csv_zip_export_bytes_holds_both_tables() -> None:
    from graph.render.export import export_bytes

    g = nx.MultiDiGraph()
    g.add_node("city:ee:tartu", label="City", name="Tartu", names=["Tartu linn"])
    with zipfile.ZipFile(__import__("io").BytesIO(export_bytes(g, "csv"))) as zf:
        assert sorted(zf.namelist()) == ["nodes.csv", "relationships.csv"]
        assert "Tartu linn" in zf.read("nodes.csv").decode()


def test_each_command_imports_the_module_that_registers_it() -> None:
    """`citygraph NAME` imports only NAME's module: every command must be listed there, so
    none is missing when typed (its module's name is where it is registered)."""
    from graph.cli import COMMAND_MODULES, app, commands  # noqa: F401  (registers all)

    registered = {
        (info.name or info.callback.__name__).replace("_", "-"): info.callback.__module__
        for info in app.registered_commands
        if info.callback is not None
    }
    assert {name: f"graph.cli.{module}" for name, module in COMMAND_MODULES.items()} == registered


def test_extract_starts_without_the_analysis_libraries(tmp_path: Path) -> None:
    """`citygraph extract` of one page never imports scipy, pyvis or networkx (its start
    time is what a user waits for on every page)."""
    page = tmp_path / "page.txt"
    page.write_text("Workshop in Tartu\n\nAm 12. März 2021 trafen sich Städte.\n", "utf-8")
    script = (
        "import sys; sys.argv = ['citygraph', 'extract', sys.argv[1]]\n"
        "from graph.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = {'scipy', 'pyvis', 'networkx', 'igraph', 'httpx'}\n"
        "print(sorted(heavy & set(sys.modules)), file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(page)], capture_output=True, text=True, check=True
    )
    assert done.stderr.strip().splitlines()[-1] == "[]"
