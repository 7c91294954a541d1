"""Files made to hurt: each gives one clear line (or a clean load) with bounded work."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from cli_runner import run

ROOT = Path(__file__).resolve().parents[1]
MEMORY_LIMIT = 1 << 30  # 1 GiB of address space for the child: a bomb that expands fails


def alias_bomb() -> str:
    """A "billion laughs": nine levels of nine aliases each, a few hundred bytes."""
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 9):
        name, before = chr(ord("a") + level), chr(ord("a") + level - 1)
        lines.append(f"{name}: &{name} [{', '.join(['*' + before] * 9)}]")
    lines.append("events: [{title: Exchange, topics: *i}]")
    return "\n".join(lines) + "\n"


def limited_load(path: Path, graph: Path) -> subprocess.CompletedProcess[str]:
    """``citygraph load`` in a child limited to ``MEMORY_LIMIT`` of memory."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    return subprocess.run(
        [sys.executable, "-m", "graph.cli", "load", str(path), "--graph-file", str(graph)],
        cwd=ROOT,
        env={**os.environ, "NEO4J_URI": "", "COLUMNS": "300"},
        preexec_fn=limit,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_yaml_alias_bomb_is_refused_in_one_line(tmp_path: Path) -> None:
    bomb = tmp_path / "network.yaml"
    bomb.write_text(alias_bomb(), encoding="utf-8")
    assert bomb.stat().st_size < 500
    done = limited_load(bomb, tmp_path / "graph.json")
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert f"{bomb}:1:" in done.stderr and "alias" in done.stderr
    assert not (tmp_path / "graph.json").exists()  # nothing written


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("events.json", "[" * 100_000 + "]" * 100_000),
        ("events.yaml", "[" * 100_000 + "]" * 100_000),
        ("events.json", '{"events": ' + '{"a": ' * 100_000 + "1" + "}" * 100_001),
    ],
)
def test_deeply_nested_files_give_one_line_not_a_traceback(
    tmp_path: Path, name: str, text: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    done = limited_load(path, tmp_path / "graph.json")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1, done.stderr
    assert str(path) in done.stderr and "nest" in done.stderr


def test_a_nested_list_in_a_cell_is_refused_naming_the_column(capsys, tmp_path: Path) -> None:
    path = tmp_path / "events.json"
    path.write_text('[{"title": "Exchange", "topics": [["mobility", ["energy"]]]}]')
    code, _, err = run(capsys, "load", str(path), "--graph-file", str(tmp_path / "g.json"))
    assert code == 1
    assert "field 'topics'" in err and "not nested lists" in err


def test_control_and_bidi_characters_leave_names_so_exports_reopen(capsys, tmp_path: Path) -> None:
    people = tmp_path / "people.csv"
    people.write_text(
        "name,organisation\n"
        "Maria\x0b Tamm,\u202eStadtwerke Tartu\u202c\n"
        'Jaan\x1b[31m Kask,"Energy\nAgency"\n'
        + "".join(f"Person {i},City of Tartu\n" for i in range(20)),  # a real table's size
        encoding="utf-8",
    )
    graph = tmp_path / "g.json"
    assert run(capsys, "load", str(people), "--graph-file", str(graph))[0] == 0
    for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        out = tmp_path / f"g.{fmt}"
        code, _, err = run(
            capsys, "export", "--format", fmt, "--out", str(out), "--graph-file", str(graph)
        )
        assert code == 0, err
        names = {attrs.get("name") for _, attrs in read(out).nodes(data=True)}
        assert {"Maria Tamm", "Stadtwerke Tartu", "Jaan[31m Kask", "Energy Agency"} <= names


def test_extract_prints_no_escape_codes_from_a_page(capsys, tmp_path: Path) -> None:
    page = tmp_path / "recap.en.txt"
    page.write_text(
        "Smart city exchange \x1b[2J\x1b]0;owned\x07 in Tartu\n\n12 March 2021, Tartu, Estonia\n\n"
        "Maria Tamm\u202e of the City of Tartu presented the open data portal.\n",
        encoding="utf-8",
    )
    for args in ((), ("--json",)):
        code, out, err = run(capsys, "extract", *args, str(page))
        assert code == 0, err
        assert "Smart city exchange" in out
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
        assert "\u009b" not in out


@pytest.mark.slow  # child processes run into their limits: seconds, kept out of make check
def test_uploads_are_read_within_time_and_memory_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    from graph.ui import uploads

    table = uploads.Upload("events.csv", b"title,date\nExchange,2021-03-12\n")
    records = uploads.parse([table])
    assert "event:2021-03-12:exchange" in records.nodes
    rows = "".join(f"Exchange {i},2021-03-12\n" for i in range(150_000))
    many = uploads.Upload("events.csv", ("title,date\n" + rows).encode())
    assert len(many.content) < uploads.MAX_FILE_BYTES
    monkeypatch.setattr(uploads, "PARSE_MEMORY", 200 * 2**20)  # less than 150,000 rows take
    with pytest.raises(uploads.UploadError, match=r"went over 200 MB .* nothing was loaded"):
        uploads.parse([many])
    monkeypatch.setattr(uploads, "PARSE_MEMORY", 2 * 2**30)
    monkeypatch.setattr(uploads, "PARSE_SECONDS", 2)
    with pytest.raises(uploads.UploadError, match=r"took longer than 2 s"):
        uploads.parse([many])


def test_uploads_over_the_size_limit_or_of_unknown_type_are_refused() -> None:
    from graph.ui import uploads

    big = uploads.Upload("events.csv", b"x" * (uploads.MAX_FILE_BYTES + 1))
    with pytest.raises(uploads.UploadError, match=r"events.csv: 10.0 MB is over the limit"):
        uploads.check([big])
    with pytest.raises(uploads.UploadError, match="not a file type"):
        uploads.check([uploads.Upload("..", b"name,country\n")])
