"""Names become the same nodes whichever loader, language or spelling states them."""

from __future__ import annotations

from datetime import date

from graph.core.model import Label, RelType
from graph.ingest.build import Builder, RecordSet, source_node


def builder(name: str = "recap.txt") -> Builder:
    return Builder(source_node(name, name.encode(), kind="recap"))


def test_spellings_of_one_city_meet_in_one_node() -> None:
    b = builder()
    ids = {
        b.city(n, country=c)
        for n, c in [
            ("Kiew", "Ukraine"),
            ("Kyiv", None),
            ("Київ", "Україна"),
            ("KIEW", "der Ukraine"),
        ]
    }
    assert ids == {"city:ua:kyiv"}
    node = b.records.nodes["city:ua:kyiv"]
    assert node.properties["name"] == "Kyiv"
    names = node.properties["names"]
    assert isinstance(names, tuple) and {"Kiew", "Київ"} <= set(names)
    assert ("city:ua:kyiv", RelType.IN, "country:ua") in b.records.relations


def test_german_and_old_country_names_are_one_iso_country() -> None:
    b = builder()
    assert {b.country(n) for n in ("Weißrussland", "Belarus", "BY")} == {"country:by"}
    assert b.country("der Tschechischen Republik") == "country:cz"
    assert b.records.nodes["country:by"].properties["name"] == "Belarus"


def test_namesakes_are_told_apart_by_country() -> None:
    b = builder()
    assert b.city("La Paz", country="Bolivien") == "city:bo:la-paz"
    assert b.city("La Paz", country="Argentina") == "city:ar:la-paz"


def test_a_city_known_only_abroad_stays_where_the_text_puts_it() -> None:
    b = builder()
    assert b.city("Paris", country="Libanon") == "city:lb:paris"
    assert any("'Paris' (Libanon)" in w for w in b.records.warnings)


def test_an_unknown_name_is_kept_with_a_warning_never_dropped() -> None:
    b = builder()
    city = b.city("Xyzzyville", country="Estonia")
    country = b.country("Atlantis")
    assert city == "city:ee:xyzzyville" and city in b.records.nodes
    assert country == "country:atlantis" and country in b.records.nodes
    assert len(b.records.warnings) == 2


def test_ids_are_stable_across_loads_and_sources_are_kept() -> None:
    first, second = builder("a.txt"), builder("b.txt")
    for b in (first, second):
        event = b.event("Governance exchange", date=date(2021, 3, 12), format="virtual")
        b.practice(
            "E-services",
            city="Tartu",
            country="Estonia",
            event=event,
            presenter=b.person("Raimond Tamm", role="Deputy Mayor"),
            topics=("E-Governance",),
        )
    assert set(first.records.nodes) - {first.source.id} == set(second.records.nodes) - {
        second.source.id
    }
    merged = RecordSet()
    merged.update(first.records)
    merged.update(second.records)
    assert merged.nodes["city:ee:tartu"].sources == (first.source.id, second.source.id)
    assert "event:2021-03-12:governance-exchange" in merged.nodes
    assert (first.source.id, RelType.DESCRIBES, "event:2021-03-12:governance-exchange") in (
        merged.relations
    )


def test_conflicting_values_are_reported_first_value_kept() -> None:
    b = builder()
    b.node("city:ee:tartu", Label.CITY, name="Tartu", lat=58.4)
    second = builder("other.csv")
    second.node("city:ee:tartu", Label.CITY, name="Tartu", lat=10.0)
    records = b.records
    conflicts = records.add_node(second.records.nodes["city:ee:tartu"])
    assert conflicts == ["lat"]
    assert records.nodes["city:ee:tartu"].properties["lat"] == 58.4


def test_source_ids_come_from_content() -> None:
    a = source_node("one/path.txt", b"same bytes", kind="recap")
    b = source_node("other/path.txt", b"same bytes", kind="recap")
    assert a.id == b.id and a.properties["sha256"] == b.properties["sha256"]
    assert a.id != source_node("x", b"other bytes", kind="recap").id


def test_a_village_the_gazetteer_lacks_gets_its_country_from_the_postal_codes() -> None:
    # Biebertal (Hesse) is a municipality GeoNames files as a division, not in cities1000
    b = builder()
    city = b.city("Biebertal")
    assert city == "city:de:biebertal"
    assert (city, RelType.IN, "country:de") in b.records.relations
    assert "lat" not in b.records.nodes[city].properties
    assert any("locality of DE with no position" in w for w in b.records.warnings)
    # a name no postal code gives keeps no country, as before
    assert b.city("Xyzzyville") == "city:xx:xyzzyville"
