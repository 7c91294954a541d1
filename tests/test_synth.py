"""The synthetic network: deterministic, loadable, marked synthetic, shaped like the real one."""

from __future__ import annotations

import statistics
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.cli import app
from graph.core.model import RelType
from graph.ingest.build import RecordSet
from graph.ingest.synth import write_synthetic
from loaders.tables import read_tables


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, RecordSet]:
    out = tmp_path_factory.mktemp("synth")
    write_synthetic(out, events=600, seed=5)
    return out, read_tables([out])


def test_same_seed_writes_the_same_bytes(tmp_path: Path) -> None:
    write_synthetic(tmp_path / "a", events=300, seed=11)
    write_synthetic(tmp_path / "b", events=300, seed=11)
    write_synthetic(tmp_path / "c", events=300, seed=12)
    assert files_of(tmp_path / "a") == files_of(tmp_path / "b")
    assert files_of(tmp_path / "a")["events.csv"] != files_of(tmp_path / "c")["events.csv"]


def test_output_loads_with_every_event(network: tuple[Path, RecordSet]) -> None:
    _, records = network
    labels = Counter(n.label.value for n in records.nodes.values())
    assert labels["Event"] == 600
    assert labels["Practice"] > 600 and labels["Person"] > 100 and labels["Country"] > 20
    assert records.warnings == []  # every city and country is a real gazetteer entry


def test_sources_and_events_are_marked_synthetic(network: tuple[Path, RecordSet]) -> None:
    _, records = network
    marked = {
        n.label.value: n.properties.get("synthetic")
        for n in records.nodes.values()
        if n.label.value in ("Source", "Event")
    }
    assert marked == {"Source": True, "Event": True}


def test_cities_are_real_with_coordinates(network: tuple[Path, RecordSet]) -> None:
    _, records = network
    cities = [n for n in records.nodes.values() if n.label == "City"]
    assert len(cities) > 300
    assert all(isinstance(c.properties.get("geonameid"), int) for c in cities)
    located = {start: end for start, rel, end in records.relations if rel is RelType.IN}
    assert {c.id for c in cities} <= set(located)
    assert len(set(located.values())) > 40


def test_participation_is_skewed(network: tuple[Path, RecordSet]) -> None:
    """A few cities present at many events, most at one."""
    _, records = network
    presented_at = {s: e for s, rel, e in records.relations if rel is RelType.PRESENTED_AT}
    events_per_city: dict[str, set[str]] = {}
    for city, rel, practice in records.relations:
        if rel is RelType.SHARED:
            events_per_city.setdefault(city, set()).add(presented_at[practice])
    counts = sorted((len(v) for v in events_per_city.values()), reverse=True)
    assert statistics.median(counts) == 1
    assert counts[0] >= 20 * statistics.median(counts)
    assert sum(counts[:10]) > 0.15 * sum(counts)


def test_dates_spread_over_2010_to_2025(network: tuple[Path, RecordSet]) -> None:
    _, records = network
    years = Counter(
        int(str(n.properties["date"])[:4]) for n in records.nodes.values() if n.label == "Event"
    )
    assert min(years) == 2010 and max(years) == 2025 and len(years) == 16


def test_synth_command_writes_loadable_tables(tmp_path: Path) -> None:
    from graph.cli import commands  # noqa: F401  (registers the commands on the app)

    result = CliRunner().invoke(
        app, ["synth", "--events", "40", "--seed", "3", "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert "40 events" in result.output
    events = [n for n in read_tables([tmp_path]).nodes.values() if n.label == "Event"]
    assert len(events) == 40


def test_synth_command_refuses_zero_events(tmp_path: Path) -> None:
    from graph.cli import commands  # noqa: F401

    result = CliRunner().invoke(app, ["synth", "--events", "0", "--out", str(tmp_path)])
    assert result.exit_code != 0
    assert not any(tmp_path.iterdir())
