"""One person, one node across pages: spellings of one name meet (transliterations,
honorifics, diacritics), namesakes of two cities stay two."""

from __future__ import annotations

from pathlib import Path

from graph.core.model import Label, RelType
from graph.ingest.build import Builder, RecordSet, merge_same_people, source_node
from loaders.recaps import merge_same_events, read_recap

FIXTURES = Path(__file__).parent / "fixtures" / "recaps"


def _load(*names: str) -> RecordSet:
    records = RecordSet()
    for name in names:
        records.update(read_recap(FIXTURES / name))
    return merge_same_events(records)


def _people(records: RecordSet) -> dict[str, dict[str, object]]:
    return {n.id: dict(n.properties) for n in records.nodes.values() if n.label is Label.PERSON}


def test_a_german_and_an_english_recap_give_one_node_per_person() -> None:
    records = _load("people_pair_de.txt", "people_pair_en.txt")
    people = _people(records)
    klitschko = [p for p in people.values() if "Klitschko" in str(p["name"])]
    assert len(klitschko) == 1  # Witalij (German) = Vitaliy (English)
    spellings = {klitschko[0]["name"], *klitschko[0]["names"]}  # type: ignore[misc]
    assert spellings == {"Witalij Klitschko", "Vitaliy Klitschko"}
    # "Dr. Giorgi Khishtovani" on one page, without the title on the other.
    assert [p["name"] for p in people.values() if "Khishtovani" in str(p["name"])] == [
        "Giorgi Khishtovani"
    ]
    # The one speaker is evidence that both pages report one event.
    events = [n for n in records.nodes.values() if n.label is Label.EVENT]
    assert len(events) == 1


def test_namesakes_in_two_cities_stay_two_people() -> None:
    records = _load("people_pair_de.txt", "people_pair_en.txt")
    bergs = sorted(pid for pid, p in _people(records).items() if p["name"] == "Anna Berg")
    assert bergs == ["person:anna-berg:de:kiel", "person:anna-berg:se:uppsala"]
    represents = {
        (r.start, r.end) for r in records.relations.values() if r.type is RelType.REPRESENTS
    }
    assert ("person:anna-berg:de:kiel", "city:de:kiel") in represents
    assert ("person:anna-berg:se:uppsala", "city:se:uppsala") in represents


def test_a_person_without_a_city_joins_the_one_namesake_with_one() -> None:
    b = Builder(source_node("a.csv", b"a", kind="table"))
    b.person("Päivi Laajala", city="Oulu", country="Finland")
    b.person("Paivi Laajala")  # a table row without the city, written without diacritics
    b.person("Dr. Jan Novak", city="Brno", country="Czechia")
    b.person("Jan Novak", city="Ostrava", country="Czechia")
    b.person("Jan Novák")  # which of the two? No page says: a node of its own
    people = _people(merge_same_people(b.records))
    assert people["person:paivi-laajala"]["names"] == ("Paivi Laajala",)
    assert sorted(p for p in people if "novak" in p) == [
        "person:jan-novak",
        "person:jan-novak:cz:brno",
        "person:jan-novak:cz:ostrava",
    ]
    assert people["person:jan-novak:cz:brno"]["name"] == "Jan Novak"  # no honorific
