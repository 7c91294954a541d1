"""The table loader: what a user loading CSV, JSON or YAML tables sees."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from graph.core.errors import LoadError
from graph.core.model import Label, RelType
from graph.ingest.build import RecordSet
from loaders.tables import read_table, read_tables

FIXTURES = Path(__file__).parent / "fixtures" / "tables"
BAD = FIXTURES / "bad"
SAMPLES = Path(__file__).parent.parent / "data" / "samples"


def rels(records: RecordSet, rel: RelType) -> set[tuple[str, str]]:
    return {(start, end) for start, t, end in records.relations if t is rel}


def load_error(path: Path) -> LoadError:
    with pytest.raises(LoadError) as info:
        read_table(path)
    return info.value


# -- decoding ---------------------------------------------------------------------------


def test_latin1_csv_with_umlauts_loads_without_mojibake() -> None:
    assert b"M\xfcnchen" in (FIXTURES / "latin1_cities.csv").read_bytes()  # really Latin-1
    records = read_table(FIXTURES / "latin1_cities.csv")
    cities = {n.id: n for n in records.nodes.values() if n.label == "City"}
    assert set(cities) == {"city:de:munich", "city:de:cologne", "city:de:dusseldorf"}
    munich, cologne = (cities[c].properties["names"] for c in ("city:de:munich", "city:de:cologne"))
    assert isinstance(munich, tuple) and "München" in munich
    assert isinstance(cologne, tuple) and "Köln" in cologne
    text = json.dumps([n.properties for n in records.nodes.values()], ensure_ascii=False)
    assert "Ã" not in text and "\ufffd" not in text
    assert records.warnings == []


def test_utf8_bom_is_not_part_of_the_first_column() -> None:
    records = read_table(FIXTURES / "bom_cities.csv")
    assert "city:de:nuremberg" in records.nodes


def test_cp1251_export_is_read_as_cyrillic(tmp_path: Path) -> None:
    path = tmp_path / "cities.csv"
    path.write_bytes(
        "name,country\nКиев,Украина\nХарьков,Украина\nЛьвов,Украина\n".encode("cp1251")
    )
    records = read_table(path)
    assert {"city:ua:kyiv", "city:ua:kharkiv", "city:ua:lviv"} <= set(records.nodes)


# -- bad input: one line naming file, line and field ------------------------------------


@pytest.mark.parametrize(
    ("name", "line", "field", "words"),
    [
        ("empty.csv", None, None, "empty file"),
        ("garbage.csv", None, None, "binary"),
        ("truncated.json", 3, None, "invalid JSON"),
        ("broken.yaml", 4, None, "invalid YAML"),
        ("no_table.csv", 1, None, "match no table"),
        ("events.csv", 3, "date", "impossible date '31.02.2021'"),
        ("cities.csv", 4, "lat", "already given with lat 58.38 at"),
        ("events_duplicate_key.csv", 3, "key", "event key 'k1' already names"),
        ("events_unknown_column.csv", 2, "colour", "unknown column"),
        ("events_bad_count.csv", 2, "participants_count", "whole number"),
        ("speakers.csv", 2, "event", "no event with key or title 'no-such-event'"),
    ],
)
def test_bad_input_gives_one_line_naming_file_line_and_field(
    name: str, line: int | None, field: str | None, words: str
) -> None:
    path = BAD / name
    error = load_error(path)
    message = str(error)
    assert "\n" not in message
    assert message.startswith(str(path) + (f":{line}:" if line else ":"))
    assert (error.line, error.field) == (line, field)
    assert words in message


def test_columns_that_match_no_table_list_the_tables() -> None:
    message = str(load_error(BAD / "no_table.csv"))
    for table in ("events (title)", "cities (name, country)", "speakers (event, person)"):
        assert table in message


def test_conflicting_event_dates_for_one_key_across_files_fail(tmp_path: Path) -> None:
    (tmp_path / "events.csv").write_text("key,title,date\nk,Waste,2020-01-01\n")
    (tmp_path / "events_more.yaml").write_text("- {key: k, title: Waste, date: 2020-02-01}\n")
    with pytest.raises(LoadError) as info:
        read_tables([tmp_path])
    assert info.value.path.endswith("events_more.yaml")
    assert (info.value.line, info.value.field) == (1, "key")


def test_same_event_twice_with_other_format_fails(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text("title,date,format\nWaste,2020-01-01,virtual\nWaste,2020-01-01,hybrid\n")
    error = load_error(path)
    assert (error.line, error.field) == (3, "format")


def test_repeating_the_same_facts_is_not_a_conflict(tmp_path: Path) -> None:
    path = tmp_path / "cities.csv"
    path.write_text("name,country,lat,lon\nTartu,Estonia,58.4,26.7\nTartu,Estonia,58.4,26.7\n")
    assert read_table(path).nodes["city:ee:tartu"].properties["lat"] == 58.4


def test_yaml_row_errors_name_the_rows_line(tmp_path: Path) -> None:
    path = tmp_path / "network.yaml"
    path.write_text(
        "events:\n  - title: A\n    date: 2020-01-01\n\n  - title: B\n    date: 31.02.2021\n"
    )
    error = load_error(path)
    assert (error.line, error.field) == (5, "date")


def test_json_row_errors_name_the_row(tmp_path: Path) -> None:
    path = tmp_path / "events.json"
    path.write_text(json.dumps([{"title": "A"}, {"title": "B", "format": "on paper"}]))
    error = load_error(path)
    assert error.field == "format"
    assert "row 2" in str(error)


def test_a_cell_too_many_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "cities.csv"
    path.write_text("name,country\nTartu,Estonia\nBonn,Germany,extra\n")
    assert load_error(path).line == 3


def test_five_megabyte_one_line_files_fail_cleanly(tmp_path: Path) -> None:
    csv_path = tmp_path / "events.csv"
    csv_path.write_text("title," + "x" * 5_000_000)
    assert "events.csv" in str(load_error(csv_path))
    json_path = tmp_path / "events.json"
    json_path.write_text('[{"title": "' + "y" * 5_000_000)
    assert load_error(json_path).line == 1


def test_a_five_megabyte_one_line_json_table_loads(tmp_path: Path) -> None:
    rows = [
        {"name": "Tartu", "country": "Estonia", "names": [f"T{i}" for i in range(500)]}
        for _ in range(1300)
    ]
    path = tmp_path / "cities.json"
    path.write_text(json.dumps(rows))
    assert path.stat().st_size > 5_000_000 and b"\n" not in path.read_bytes()
    assert "city:ee:tartu" in read_table(path).nodes


# -- what loads --------------------------------------------------------------------------


def test_references_across_files_by_key_title_and_date() -> None:
    records = read_tables([FIXTURES / "network"])
    assert rels(records, RelType.PRESENTED_AT) == {
        (
            "practice:ee-tartu:digital-council-meetings",
            "event:2021-03-12:pandemic-governance-exchange",
        ),
        ("practice:bo-la-paz:paperless-permits", "event:2021-03-12:pandemic-governance-exchange"),
        ("practice:ma-benslimane:separate-collection", "event:2017-09-26:waste-dialogue"),
        ("practice:at-vienna:waste-company", "event:2019-05-02:waste-dialogue"),
    }
    assert ("person:raimond-tamm", "event:2021-03-12:pandemic-governance-exchange") in rels(
        records, RelType.SPOKE_AT
    )
    assert ("city:ma:benslimane", "practice:ma-benslimane:separate-collection") in rels(
        records, RelType.SHARED
    )
    role = records.relations[
        ("person:abdallah-nassour", RelType.SPOKE_AT, "event:2017-09-26:waste-dialogue")
    ].properties["role"]
    assert role == "keynote"


def test_a_title_two_events_share_needs_a_date(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "network" / "events.csv", tmp_path)
    (tmp_path / "practices.csv").write_text("title,event\nSorting,Waste dialogue\n")
    with pytest.raises(LoadError) as info:
        read_tables([tmp_path])
    assert info.value.field == "event" and "event_date" in str(info.value)


def test_an_event_from_elsewhere_is_named_by_title_and_date(tmp_path: Path) -> None:
    path = tmp_path / "practices.csv"
    path.write_text(
        "title,city,country,event,event_date\nTiny forest,Darmstadt,Germany,"
        "Urban Thinkers Campus,04.10.2022\n"
    )
    records = read_table(path)
    assert ("practice:de-darmstadt:tiny-forest", "event:2022-10-04:urban-thinkers-campus") in rels(
        records, RelType.PRESENTED_AT
    )


def test_several_tables_in_one_json_file_refer_to_each_other() -> None:
    records = read_table(FIXTURES / "multi.json")
    event = "event:2016-05-18:mobility-workshop"
    assert ("practice:mx-puebla:public-bicycles", event) in rels(records, RelType.PRESENTED_AT)
    assert ("country:pe", event) in rels(records, RelType.PARTICIPATED_IN)
    assert (event, "city:mx:toluca") in rels(records, RelType.HELD_IN)


def test_table_is_known_by_its_columns_when_the_name_says_nothing(tmp_path: Path) -> None:
    path = tmp_path / "export-2023.csv"
    path.write_text("person,event,event_date,role\nAnna Weber,Open data day,2023-03-04,host\n")
    assert ("person:anna-weber", "event:2023-03-04:open-data-day") in rels(
        read_table(path), RelType.SPOKE_AT
    )


def test_semicolon_separated_spreadsheet_export(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text('title;date;topics\nMobility day;14.06.2023;"cycling;walking"\n')
    records = read_table(path)
    assert rels(records, RelType.ABOUT) == {
        ("event:2023-06-14:mobility-day", "topic:cycling"),
        ("event:2023-06-14:mobility-day", "topic:walking"),
    }


def test_city_coordinates_from_the_table_win(tmp_path: Path) -> None:
    path = tmp_path / "cities.csv"
    path.write_text("name,country,lat,lon\nBonn,Germany,50.5,7.5\n")
    props = read_table(path).nodes["city:de:bonn"].properties
    assert (props["lat"], props["lon"]) == (50.5, 7.5)


def test_ids_are_stable_across_loads() -> None:
    first, second = read_tables([SAMPLES]), read_tables([SAMPLES])
    assert set(first.nodes) == set(second.nodes)
    assert set(first.relations) == set(second.relations)
    assert "city:ee:tartu" in first.nodes and "country:bo" in first.nodes


def test_sample_network_holds_the_covid_governance_exchange() -> None:
    records = read_tables([SAMPLES])
    assert records.warnings == []
    event = "event:2021-03-12:municipal-responses-to-covid-19-in-governance"
    assert records.nodes[event].properties["format"] == "virtual"
    shared_there = {
        city
        for city, practice in rels(records, RelType.SHARED)
        if (practice, event) in rels(records, RelType.PRESENTED_AT)
    }
    assert shared_there == {"city:ee:tartu", "city:bo:la-paz"}
    labels = [n.label for n in records.nodes.values()]
    assert labels.count(Label.EVENT) == 11 and 25 <= labels.count(Label.CITY) <= 40
    sources = [n for n in records.nodes.values() if n.label == "Source"]
    assert sources and not any(s.properties.get("synthetic") for s in sources)


def test_a_known_title_on_another_date_is_kept_with_a_warning(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "network" / "events.csv", tmp_path)
    (tmp_path / "practices.csv").write_text(
        "title,event,event_date\nSorting,Waste dialogue,2018-01-01\n"
    )
    records = read_tables([tmp_path])
    assert ("practice:sorting", "event:2018-01-01:waste-dialogue") in rels(
        records, RelType.PRESENTED_AT
    )
    assert any("practices.csv:2" in w and "2017-09-26" in w for w in records.warnings)


def test_an_empty_required_cell_names_its_column(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text("title,date\nA,2020-01-01\n,2020-01-02\n")
    error = load_error(path)
    assert (error.line, error.field) == (3, "title")
    assert "required" in str(error)


def test_a_warning_on_every_row_is_summarised_not_kept_per_row(capsys, tmp_path: Path) -> None:
    from cli_runner import run

    from graph.ingest.build import KEPT_WARNINGS
    from graph.read.tables import source_rows
    from graph.store.base import WHOLE_GRAPH
    from graph.store.memory import MemoryStore

    rows = KEPT_WARNINGS + 50
    path = tmp_path / "events.csv"
    path.write_text(
        "title,date,venue_country\n"
        + "".join(f"Exchange {i},2021-03-12,Estonia\n" for i in range(rows)),
        encoding="utf-8",
    )
    records = read_table(path)
    assert len(records.warnings) == KEPT_WARNINGS and records.warning_count == rows
    assert f"{path}:2: venue_country without venue_city" in records.warnings[0]

    graph = tmp_path / "g.json"
    code, out, _ = run(capsys, "load", str(path), "--graph-file", str(graph))
    assert code == 0
    assert f"{rows} warning(s)" in out and f"and {rows - 10} more" in out
    (source,) = source_rows(MemoryStore.open(graph).select(WHOLE_GRAPH))  # the Sources view
    assert source["warnings"] == rows
    assert source["warning details"][-1] == f"... and {rows - KEPT_WARNINGS} more"
