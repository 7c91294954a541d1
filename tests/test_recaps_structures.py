"""The recap loader on one fixture per page structure (fixtures written by us, in
tests/fixtures/recaps/): each extracted field is checked against what the page states."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from loaders.recaps import extract
from loaders.recaps.extraction import EventInfo, Extraction, PersonRef

FIXTURES = Path(__file__).parent / "fixtures" / "recaps"


def _page(name: str) -> Extraction:
    return extract(FIXTURES / name)


def _event(result: Extraction) -> EventInfo:
    """The page's event; the test fails when the page has none."""
    assert result.event is not None, "no event found"
    return result.event


def _people(result: Extraction) -> dict[str, PersonRef]:
    return {p.name: p for p in result.people}


def _cities(result: Extraction) -> dict[str, str | None]:
    return {c.name: c.country for c in result.cities}


def test_publication_date_then_event_date_and_virtual_format() -> None:
    result = _page("de_virtual_country_list.txt")
    assert result.lang == "de"
    event = _event(result)
    assert event.title == "Energiesparen in kommunalen Gebäuden"
    assert event.date == date(2022, 5, 4)  # not the 21.05.2022 publication line
    assert event.end_date is None
    assert event.format == "virtual"
    assert event.participants_count == 35
    assert event.venue_city is None


def test_country_list_with_case_forms_and_a_disagreeing_count() -> None:
    result = _page("de_virtual_country_list.txt")
    assert list(result.countries) == [
        "Georgia",
        "Ukraine",
        "Moldova",
        "Belarus",
        "Slovakia",
        "Germany",
    ]
    assert "text says 5 countries, 6 are listed" in result.warnings


def test_author_line_is_a_person_and_photo_credit_is_not() -> None:
    people = _people(_page("de_virtual_country_list.txt"))
    assert people["Katrin Vogel"].role == "author"
    assert people["Katrin Vogel"].organisation == "Städtenetz Ost"
    assert "Lena Lichtbild" not in people
    assert "Udo Beispielmann" not in people  # in the "Verwandte Inhalte" teaser
    assert "Nino Beridze" in people  # "präsentierte Dr. Nino Beridze"


def test_good_practices_from_cities_with_countries_in_brackets() -> None:
    result = _page("de_virtual_country_list.txt")
    assert _cities(result) == {"Kutaisi": "Georgia", "Lviv": "Ukraine"}
    practices = {p.city: p for p in result.practices}
    assert set(practices) == {"Kutaisi", "Lviv"}
    assert all(p.presenter is None for p in practices.values())


def test_speaker_first_lines_with_prefixes_sections_and_language_tags() -> None:
    result = _page("en_speaker_first.txt")
    assert result.lang == "en"
    event = _event(result)
    assert (event.date, event.end_date) == (date(2019, 6, 7), date(2019, 6, 9))
    assert (event.venue_city, event.venue_country) == ("Lviv", "Ukraine")
    assert event.format == "in-person"
    assert event.participants_count == 20  # "12 Ukrainian and 8 German participants"
    people = _people(result)
    assert set(people) == {
        "Olena Kovalenko",
        "Peter Hansen",
        "Maria Lopez Garcia",
        "Sabine Krüger",
        "Andriy Shevchuk",
        "Tomas Novak",
    }
    kovalenko = people["Olena Kovalenko"]
    assert kovalenko.role == "Deputy Mayor"
    assert kovalenko.organisation == "City of Lviv"
    assert (kovalenko.city, kovalenko.country) == ("Lviv", "Ukraine")
    assert people["Maria Lopez Garcia"].city == "Bonn"  # shares the "&" line
    assert people["Tomas Novak"].country == "Czech Republic"
    # "UK: <title>" is a language tag, not the United Kingdom.
    assert list(result.countries) == ["Ukraine", "Germany", "Czech Republic"]


def test_only_municipal_or_place_talks_outside_welcome_and_keynote_are_practices() -> None:
    practices = _page("en_speaker_first.txt").practices
    assert [(p.title, p.city, p.presenter) for p in practices] == [
        ("Shade for bus stops", "Ternopil", "Andriy Shevchuk"),  # EN line, not the UK one
        ("Rain gardens along the tram line in Brno", "Brno", "Tomas Novak"),
    ]


def test_title_first_blocks() -> None:
    result = _page("de_title_first.txt")
    event = _event(result)
    assert (event.date, event.end_date) == (date(2023, 11, 28), date(2023, 11, 29))
    assert event.format == "in-person"
    assert event.venue_city == "Chemnitz"
    assert event.participants_count == 60
    titles = {p.presenter: p.title for p in result.practices}
    assert titles == {
        "Mette Jensen": "Wärmenetze aus Abwärme: Der Weg von Aarhus",
        "Jonas Weber": "Quartierswärme in der Altstadt",
    }
    assert _people(result)["Jonas Weber"].organisation == "Stadtwerke Görlitz"
    assert list(result.countries) == ["Denmark", "Germany"]


def test_people_and_practices_in_running_text() -> None:
    result = _page("de_running_text.txt")
    event = _event(result)
    assert (event.venue_city, event.venue_country) == ("Irbid", "Jordan")  # Irbid/Jordanien
    assert event.date is None
    people = _people(result)
    assert set(people) == {"Clara Hoffmann", "Malte Sommer", "Aino Tamm"}  # no "Frau", "Herrn"
    assert people["Aino Tamm"].role == "Stellvertretende Bürgermeisterin von Tartu"
    assert people["Aino Tamm"].city == "Tartu"
    cities = _cities(result)
    assert set(cities) == {"Irbid", "Andernach", "Hildesheim", "Tartu"}  # not Region Hannover
    by_presenter = {p.presenter: p for p in result.practices}
    assert by_presenter["Clara Hoffmann"].title == "Essbare Stadt"
    assert by_presenter["Clara Hoffmann"].city == "Andernach"
    assert by_presenter["Malte Sommer"].city == "Hildesheim"
    assert by_presenter["Aino Tamm"].city == "Tartu"


def test_range_across_months_and_a_count_that_agrees() -> None:
    result = _page("en_cross_month.txt")
    event = _event(result)
    assert event.title == "Circular economy in port cities"  # not the "Posted:" line
    assert (event.date, event.end_date) == (date(2023, 10, 30), date(2023, 11, 2))
    assert (event.venue_city, event.venue_country) == ("Gdańsk", "Poland")
    assert list(result.countries) == ["Poland", "Lithuania", "Latvia", "Estonia"]
    assert not any("countries" in w for w in result.warnings)  # "(four countries)"
    assert {p.presenter for p in result.practices} == {"Ieva Kalnina", "Jonas Petrauskas"}


def test_a_date_without_a_year_stays_without_one() -> None:
    result = _page("de_no_year.txt")
    assert _event(result).date is None
    assert _event(result).venue_city == "Kiel"
    assert any("26. bis 28. September" in w and "no year" in w for w in result.warnings)


def test_page_without_an_event() -> None:
    result = _page("about_page.txt")
    assert result.event is None
    assert result.people == () and result.practices == ()
    assert any("about_page.txt" in w and "no event" in w for w in result.warnings)


def test_html_main_content_only_and_entities_stay_text() -> None:
    result = _page("recap.html")
    event = _event(result)
    assert event.title == "Wasser in der Stadt"
    assert event.date == date(2022, 6, 9)
    assert event.venue_city == "Leipzig"
    people = _people(result)
    assert set(people) == {"Jana Beispiel", "Tom Probe"}  # not the aside's or footer's names
    assert people["Tom Probe"].role == "author"
    assert _cities(result) == {"Leipzig": "Germany"}  # Hamburg is only in nav and footer
    assert [p.title for p in result.practices] == ["Regenwasser & <b>Schwammstadt</b> in Leipzig"]


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.iterdir() if p.is_file()))
def test_every_fixture_gives_the_contract_shape(name: str) -> None:
    result = _page(name).to_json()
    assert result["source"] == str(FIXTURES / name)
    assert set(result) == {
        "source",
        "lang",
        "event",
        "countries",
        "cities",
        "people",
        "practices",
        "topics",
        "warnings",
        "text",
        "evidence",
    }


def test_english_running_text_country_codes_and_mayor_of_city() -> None:
    result = _page("en_running_text.txt")
    event = _event(result)
    assert (event.date, event.end_date) == (date(2024, 3, 12), date(2024, 3, 14))  # March 12-14
    assert (event.venue_city, event.venue_country) == ("Tartu", "Estonia")  # Tartu (EE)
    assert event.participants_count == 25
    people = _people(result)
    assert people["Liisa Kask"].role == "Mayor of Tartu"
    assert people["Liisa Kask"].city == "Tartu"
    assert "Mikko Laine" in people  # "Prof." stripped
    assert {p.city for p in result.practices} == {
        "Espoo",
        "Turku",
        "Valmiera",
        "Pärnu",
        "Jelgava",
    }
    # "approaches: from X in A to Y in B" names each city's practice.
    titles = {p.city: p.title for p in result.practices}
    assert titles["Pärnu"] == "citizen budget"
    assert titles["Jelgava"] == "tree-planting pledge"
    # A researcher explaining a study presents no city's practice.
    assert all(p.presenter is None for p in result.practices)


def test_labelled_and_bracketed_programme_lines() -> None:
    result = _page("de_programme_variants.txt")
    people = _people(result)
    assert set(people) == {"Karla Muster", "Jana Roe", "Tom Doe"}  # not the caption
    assert people["Karla Muster"].role == "moderator"
    assert people["Karla Muster"].organisation == "Städtenetz"
    assert people["Tom Doe"].role == "speaker"
    roe = people["Jana Roe"]
    assert (roe.organisation, roe.city, roe.country) == (
        "Stadt Flensburg",
        "Flensburg",
        "Germany",
    )
    assert [(p.title, p.presenter) for p in result.practices] == [
        ("Schwammstadt Flensburg", "Jana Roe")
    ]
    assert "Lübeck" not in _cities(result)  # only in a photo credit
    assert list(result.countries) == ["Georgia", "Armenia", "Poland", "Germany"]
    # "12 Ländern, darunter ...": a partial list, so no count warning.
    assert not any("countries" in w for w in result.warnings)


def test_roles_before_names_municipal_bodies_and_research_inputs() -> None:
    result = extract(FIXTURES / "annotated" / "01.txt")
    people = _people(result)
    assert set(people) == {"Sarah Klein", "Youssef Alami", "Leila Trabelsi"}
    assert people["Sarah Klein"].role == "Moderatorin"
    assert people["Leila Trabelsi"].role == "Leiterin der Abteilung Umwelt"
    practices = {p.city: p.presenter for p in result.practices}
    assert practices == {
        "Chefchaouen": "Youssef Alami",  # "stellte Bürgermeister X die ... vor"
        "Sfax": "Leila Trabelsi",
        "Heidelberg": None,  # "Die Stadtwerke Heidelberg zeigten ..."
    }
    assert _event(result).format == "virtual"  # "digitalen Austausch"
    # A university's talk under a good-practice heading is still an input.
    talks = extract(FIXTURES / "annotated" / "02.txt").practices
    assert [p.presenter for p in talks] == ["Anna Hakobyan", "Ion Ceban Jr"]


def test_html_programme_table_rows_pair_speakers_and_titles() -> None:
    result = _page("programme_table.html")
    event = _event(result)
    assert (event.date, event.end_date) == (date(2022, 5, 3), date(2022, 5, 5))
    assert (event.venue_city, event.venue_country) == ("Tunis", "Tunisia")
    assert [(p.title, p.city, p.presenter) for p in result.practices] == [
        ("Mülltrennung in Sfax", "Sfax", "Amina Ben Salah"),
        ("Sammelpunkte in der Medina von Fès", "Fes", "Karim Idrissi"),
    ]


def test_names_after_verbs_of_speaking() -> None:
    result = extract(FIXTURES / "annotated" / "06.txt")
    people = _people(result)
    assert "Levan Kapanadze" in people  # "Aus Tiflis berichtete Levan Kapanadze über ..."
    assert "Roland Gorecki" not in people  # "Foto: Stadt Dortmund / Roland Gorecki"
    by_presenter = {p.presenter: p.city for p in result.practices}
    assert by_presenter == {"Anna Schulte": "Dortmund", "Levan Kapanadze": "Tbilisi"}


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("en_label_date_heading.txt", "Cool streets: shade and green roofs for hot summers"),
        ("de_label_date_heading.txt", "Hitzeschutz in kommunalen Kitas"),
    ],
)
def test_section_label_above_the_publication_date_is_not_the_title(name: str, title: str) -> None:
    # LABEL / DATE / HEADING: "Looking back" and "Rückschau" are in no list of labels.
    assert _event(_page(name)).title == title


def test_title_first_blocks_with_lower_case_organisations_and_local_spellings() -> None:
    result = _page("en_label_date_heading.txt")
    brandt = _people(result)["Felix Brandt"]
    assert (brandt.organisation, brandt.city, brandt.country) == (
        "stadtgrün Köln gGmbH",
        "Cologne",
        "Germany",
    )
    assert [(p.title, p.city, p.presenter) for p in result.practices] == [
        ("Tree canopy targets for every district", "Lisbon", "Ana Costa"),
        ("Green roofs on school buildings", "Cologne", "Felix Brandt"),
    ]
    german = _page("de_label_date_heading.txt")
    assert [(p.city, p.presenter) for p in german.practices] == [
        ("Vienna", "Paul Gruber"),  # "wien.gv Kindergärten, Wien, Österreich"
        ("Kassel", "Lea Sommer"),
    ]


def test_role_before_a_name_and_an_apposition_that_runs_into_a_verb() -> None:
    people = _people(_page("en_label_date_heading.txt"))
    # "by Councillor Ruth Olsen, the head of the Aarhus parks office explained ...":
    # the words after the comma are the next clause's subject, not her role.
    assert people["Ruth Olsen"].role == "Councillor"
    assert people["Ruth Olsen"].city is None
    # A closed apposition still gives the role and its city.
    assert people["Tom Berger"].role == "deputy director of the Graz environment office"
    assert people["Tom Berger"].city == "Graz"
