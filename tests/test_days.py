"""Days as every reader of them meets them: a table cell, a stored event date (both stores),
a link's date, a command's --since/--until (graph/core/days.py is the one parser)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from cli_runner import run
from graph_fixtures import nodes, relations

from graph.core.days import DayError, day_bound, day_text, parse_day, stored_day
from graph.core.errors import CitygraphError, LoadError
from graph.core.model import Label, Node
from graph.store.base import GraphStore, SubgraphQuery
from graph.store.memory import MemoryStore
from graph.ui.viewstate import ViewState
from loaders.tables import read_table

MARCH_12 = date(2021, 3, 12)


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("2021-03-12", MARCH_12),
        ("2021-3-5", date(2021, 3, 5)),
        ("12.03.2021", MARCH_12),
        ("5.3.2021", date(2021, 3, 5)),
        ("  2021-03-12\t", MARCH_12),
        ("2021-03-12T23:30:00+02:00", MARCH_12),  # the day as written, not moved to UTC
        ("2021-03-12 09:00", MARCH_12),
        ("20210312", MARCH_12),
        (datetime(2021, 3, 12, 9, 30), MARCH_12),
        (MARCH_12, MARCH_12),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_a_cell_is_read_as_the_day_it_states(value: object, day: date | None) -> None:
    assert parse_day(value) == day


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31.02.2021", "impossible date '31.02.2021' (day is out of range for month)"),
        ("2021-13-01", "impossible date '2021-13-01' (month must be in 1..12)"),
        ("2021-05", "not a date: '2021-05' (write YYYY-MM-DD or DD.MM.YYYY)"),  # a month
        ("2021", "not a date: '2021'"),
        ("12/03/2021", "not a date: '12/03/2021'"),
        ("next Tuesday", "not a date: 'next Tuesday'"),
    ],
)
def test_a_cell_that_is_no_day_says_why(value: str, message: str) -> None:
    with pytest.raises(DayError) as info:
        parse_day(value)
    assert message in str(info.value)
    assert isinstance(info.value, CitygraphError) and isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    "value",
    ["2021-3-5", "12.03.2021", "2021-03-12T10:00", "20210312", "2021-02-31", "", "  ", 20210312],
)
def test_a_stored_or_linked_day_is_yyyy_mm_dd_only(value: object) -> None:
    assert stored_day(value) is None


def test_a_stored_day() -> None:
    assert stored_day("2021-03-12") == stored_day(MARCH_12) == MARCH_12
    assert stored_day(datetime(2021, 3, 12, 9)) == MARCH_12


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2021", date(2021, 1, 1), date(2021, 12, 31)),
        ("2021-05", date(2021, 5, 1), date(2021, 5, 31)),
        ("2021-5", date(2021, 5, 1), date(2021, 5, 31)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2023-02", date(2023, 2, 1), date(2023, 2, 28)),
        ("2021-03-12", MARCH_12, MARCH_12),
        (" 2021-3-12 ", MARCH_12, MARCH_12),
    ],
)
def test_a_range_bound_covers_its_year_or_month(text: str, first: date, last: date) -> None:
    assert day_bound(text) == first
    assert day_bound(text, end=True) == last


@pytest.mark.parametrize("text", ["2021-13", "2021-00", "21", "2021-02-30", "12.03.2021", "May"])
def test_a_bad_range_bound_fails(text: str) -> None:
    with pytest.raises(DayError, match="write YYYY, YYYY-MM or YYYY-MM-DD"):
        day_bound(text)


def test_no_range_bound() -> None:
    assert day_bound(None) is None and day_bound("  ", end=True) is None


def test_a_day_as_text() -> None:
    assert [day_text(v) for v in (MARCH_12, "2021-03-12", "spring 2021", None)] == [
        "2021-03-12",
        "2021-03-12",
        "spring 2021",
        "",
    ]


# -- the callers ------------------------------------------------------------------------


def _events_csv(tmp_path: Path, *dates: str) -> Path:
    path = tmp_path / "events.csv"
    lines = ["title,date,venue_city,venue_country"]
    lines += [f"Exchange {i},{d},Tartu,Estonia" for i, d in enumerate(dates)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_table_takes_every_written_form_of_a_day(tmp_path: Path) -> None:
    records = read_table(_events_csv(tmp_path, "12.03.2021", "2021-3-5", "2021-03-12T10:00"))
    dates = sorted(
        str(n.properties["date"]) for n in records.nodes.values() if n.label == Label.EVENT
    )
    assert dates == ["2021-03-05", "2021-03-12", "2021-03-12"]  # stored as YYYY-MM-DD


def test_a_bad_day_in_a_table_names_the_file_line_and_field(tmp_path: Path) -> None:
    path = _events_csv(tmp_path, "2021-03-12", "2021-05")
    with pytest.raises(LoadError) as info:
        read_table(path)
    error = info.value
    assert (error.path, error.line, error.field) == (str(path), 3, "date")
    assert "not a date: '2021-05'" in str(error)


def test_a_bad_date_in_a_link_is_ignored_the_good_one_kept() -> None:
    state = ViewState.from_params({"date_from": "2021-02-30", "date_to": "2021-12-31"})
    assert (state.date_from, state.date_to) == (None, date(2021, 12, 31))
    assert ViewState.from_params({"date_from": "12.03.2021"}).date_from is None
    assert ViewState.from_params(state.to_params()) == state


@pytest.fixture
def odd_dates(store: GraphStore) -> GraphStore:
    """The fixture graph plus events whose stored date is not YYYY-MM-DD (a hand-edited
    graph file, another tool's database)."""
    odd = [
        Node(id=f"event:odd-{i}", label=Label.EVENT, properties={"title": t, "date": d})
        for i, (t, d) in enumerate(
            [
                ("German", "12.03.2021"),
                ("Stamp", "2021-06-01T10:00:00"),
                ("Short", "2021-6-1"),
                ("Compact", "20210601"),
            ]
        )
    ]
    store.upsert([*nodes(), *odd], relations())
    return store


def test_both_stores_count_only_yyyy_mm_dd_as_a_day(odd_dates: GraphStore) -> None:
    """The memory store's filter and facets read a stored day as Cypher compares it."""
    year = SubgraphQuery(
        labels=frozenset({Label.EVENT}),
        date_from=date(2021, 1, 1),
        date_to=date(2021, 12, 31),
        limit=None,
    )
    assert set(odd_dates.select(year).graph.nodes) == {"event:2021-03-12:covid-governance"}
    facets = odd_dates.facets()
    assert (facets.date_min, facets.date_max) == (MARCH_12, date(2023, 9, 26))
    assert {f.id for f in facets.events} >= {"event:odd-0", "event:odd-1"}  # still listed


def test_since_and_until_take_a_year_a_month_or_a_day(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    store = MemoryStore(path=tmp_path / "graph.json")
    store.upsert(nodes(), relations())
    graph_file = str(store.save())

    def peers(*args: str) -> str:
        code, out, err = run(capsys, "peers", "Tartu", *args, "--graph-file", graph_file)
        assert code == 0, err
        return out

    assert "1. La Paz (BO)" in peers("--until", "2021-03")  # the exchange was on 12 March
    assert "No peers found for Tartu" in peers("--until", "2021-02")
    assert "1. La Paz (BO)" in peers("--since", "2021-03-12", "--until", "2021")
    assert "No peers found for Tartu" in peers("--since", "2021-04")
    code, _, err = run(capsys, "peers", "Tartu", "--since", "2021-13", "--graph-file", graph_file)
    assert code == 1
    assert "--since '2021-13': not a date (use YYYY, YYYY-MM or YYYY-MM-DD)" in " ".join(
        err.split()
    )
