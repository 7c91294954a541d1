"""Reading recap files: dates, encodings, unreadable files, records and merging."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from graph.core.errors import LoadError
from graph.core.model import Label, RelType
from loaders.recaps import extract, merge_same_events, read_recap
from loaders.recaps.dates import event_date
from loaders.recaps.language import detect

FIXTURES = Path(__file__).parent / "fixtures" / "recaps"


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Rückblick auf den Fachaustausch am 12. März 2021", date(2021, 3, 12), None),
        ("Workshop vom 28. bis 29. November 2023", date(2023, 11, 28), date(2023, 11, 29)),
        ("Workshop, 18th to 20th May 2016 in Toluca", date(2016, 5, 18), date(2016, 5, 20)),
        ("held 30-31 October & 2 November 2023", date(2023, 10, 30), date(2023, 11, 2)),
        ("The meeting on March 12, 2021 was online", date(2021, 3, 12), None),
        ("Treffen am 28./29. Mai 2019", date(2019, 5, 28), date(2019, 5, 29)),
        ("Seminar vom 30. Dezember bis 2. Januar 2020", date(2019, 12, 30), date(2020, 1, 2)),
        ("06.04.2021\n\nDas Treffen fand am 3. Februar 2021 statt", date(2021, 2, 3), None),
    ],
)
def test_event_dates(text: str, start: date, end: date | None) -> None:
    found = event_date(text)
    assert (found.date, found.end_date) == (start, end)


def test_publication_date_alone_is_not_the_event_date() -> None:
    found = event_date("Aktuelles\n\n10.03.2021\n\nEin Bericht ohne Termin.")
    assert found.date is None
    assert found.warnings == ("only a publication date found, no event date",)


def test_impossible_dates_are_not_dates() -> None:
    assert event_date("Treffen am 31. Juni 2021").date is None


def test_language_detection() -> None:
    assert detect("Die Teilnehmenden tauschten sich über kommunale Strategien aus.") == "de"
    assert detect("Participants exchanged their municipal strategies.") == "en"
    assert detect("12345 --- !!!") is None


def test_legacy_encoding_is_decoded(tmp_path: Path) -> None:
    page = tmp_path / "alt.txt"
    page.write_bytes(
        "Rückblick auf das Treffen am 5. März 2020 in München\n\n"
        "Teilnehmende aus Österreich und der Schweiz tauschten Erfahrungen über Grünflächen, "
        "Straßenbäume und Förderprogramme aus.\n".encode("cp1252")
    )
    result = extract(page)
    assert result.event is not None and result.event.date == date(2020, 3, 5)
    assert list(result.countries) == ["Austria", "Switzerland"]  # the text names no Germany
    assert result.cities[0].name == "Munich"


def test_unreadable_and_binary_files_raise_load_error(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match=r"missing\.txt"):
        extract(tmp_path / "missing.txt")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(LoadError, match=r"image\.txt.*not a text file"):
        read_recap(binary)


def test_every_fact_links_to_the_source() -> None:
    path = FIXTURES / "en_speaker_first.txt"
    records = merge_same_events(read_recap(path))  # as a load does: one node per person
    sources = [n for n in records.nodes.values() if n.label is Label.SOURCE]
    assert len(sources) == 1
    source = sources[0]
    assert source.properties["path"] == str(path)
    assert source.properties["kind"] == "recap"
    assert all(n.sources == (source.id,) for n in records.nodes.values() if n is not source)
    assert all(r.sources == (source.id,) for r in records.relations.values())
    events = [n for n in records.nodes.values() if n.label is Label.EVENT]
    assert len(events) == 1
    event = events[0].id
    rels = set(records.relations)
    assert (source.id, RelType.DESCRIBES, event) in rels
    assert (event, RelType.HELD_IN, "city:ua:lviv") in rels
    assert ("country:cz", RelType.PARTICIPATED_IN, event) in rels
    spoke = {
        r.start: r.properties.get("role")
        for r in records.relations.values()
        if r.type is RelType.SPOKE_AT
    }
    assert spoke["person:olena-kovalenko"] == "Deputy Mayor"
    practice = next(
        n.id
        for n in records.nodes.values()
        if n.label is Label.PRACTICE and n.properties["title"] == "Shade for bus stops"
    )
    assert ("city:ua:ternopil", RelType.SHARED, practice) in rels
    assert ("person:andriy-shevchuk", RelType.PRESENTED, practice) in rels
    assert (practice, RelType.PRESENTED_AT, event) in rels


def test_page_without_event_loads_nothing_and_says_so() -> None:
    records = read_recap(FIXTURES / "about_page.txt")
    assert len(records) == 0
    assert any("about_page.txt" in w and "no event" in w for w in records.warnings)


def test_german_and_english_pages_of_one_event_become_one_event() -> None:
    records = read_recap(FIXTURES / "pair_de.txt")
    records.update(read_recap(FIXTURES / "pair_en.txt"))
    records.update(read_recap(FIXTURES / "de_title_first.txt"))  # another event
    assert sum(n.label is Label.EVENT for n in records.nodes.values()) == 3
    merged = merge_same_events(records)
    events = [n for n in merged.nodes.values() if n.label is Label.EVENT]
    assert len(events) == 2
    pair = next(e for e in events if e.properties["date"] == "2022-10-06")
    assert len(pair.sources) == 2
    describes = [
        r for r in merged.relations.values() if r.type is RelType.DESCRIBES and r.end == pair.id
    ]
    assert len(describes) == 2
    # No relation still points at the dropped duplicate.
    ids = set(merged.nodes)
    assert all(r.start in ids and r.end in ids for r in merged.relations.values())
    practices = [
        r for r in merged.relations.values() if r.type is RelType.PRESENTED_AT and r.end == pair.id
    ]
    assert len(practices) == 2  # the German and the English talk title


def test_same_date_without_shared_people_or_cities_stays_apart(tmp_path: Path) -> None:
    other = tmp_path / "other.txt"
    other.write_text(
        "Wasser\n\nRückblick auf den Workshop am 6. Oktober 2022 in Kassel\n", encoding="utf-8"
    )
    records = read_recap(FIXTURES / "pair_de.txt")
    records.update(read_recap(other))
    merged = merge_same_events(records)
    assert sum(n.label is Label.EVENT for n in merged.nodes.values()) == 2


def test_two_table_events_on_one_day_stay_two_events(tmp_path: Path) -> None:
    from loaders.tables import read_tables

    table = tmp_path / "events.csv"
    table.write_text(
        "key,title,date,venue_city,venue_country\n"
        "a,Morning workshop on water,2022-10-06,Kassel,Germany\n"
        "b,Afternoon workshop on waste,2022-10-06,Kassel,Germany\n",
        encoding="utf-8",
    )
    merged = merge_same_events(read_tables([table]))
    assert sum(n.label is Label.EVENT for n in merged.nodes.values()) == 2


def test_other_file_types_are_refused(tmp_path: Path) -> None:
    table = tmp_path / "events.csv"
    table.write_text("title,date\nA,2021-01-01\n", encoding="utf-8")
    with pytest.raises(LoadError, match=r"events\.csv: not a recap file"):
        extract(table)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Veröffentlicht am 20.09.2021 von Redaktion\n\nAm Dienstag, den 14. September 2021, "
            "trafen sich Fachleute.",
            date(2021, 9, 14),
        ),
        (
            "Published on 3 May 2022 by the team\nThe workshop on 28 April 2022 in Riga",
            date(2022, 4, 28),
        ),
        ("Datum: 14.09.2021\nOrt: Kiel", date(2021, 9, 14)),  # an event page's own date
    ],
)
def test_labelled_publication_dates(text: str, expected: date) -> None:
    assert event_date(text).date == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Rückblicke\n\n06.04.2021\n\nWasser in der Stadt\n\nRückblick auf ...",
            "Wasser in der Stadt",
        ),
        (
            "The network invited planners to the Workshop on Shade and Water in Schools, in Split "
            "from 3 to 5 May 2022.",
            "Shade and Water in Schools",
        ),
        ("Im März luden wir zum Austausch zum Thema „Kühle Plätze“ nach Kiel ein.", "Kühle Plätze"),
    ],
)
def test_event_titles(text: str, expected: str) -> None:
    from loaders.recaps.event import title

    assert title(text.split("\n"), text, html_title=None) == expected
