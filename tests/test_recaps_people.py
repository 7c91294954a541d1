"""People in running text and loose list layouts (German and English), on our own pages:
appositions, roles before names, captions, two-line blocks, ``Name (City)`` lists, names
split over a line break, surnames alone; and what is never a person."""

from __future__ import annotations

from pathlib import Path

from loaders.recaps import extract
from loaders.recaps.extraction import Extraction, PersonRef

FIXTURES = Path(__file__).parent / "fixtures" / "recaps"


def _people(name: str) -> tuple[Extraction, dict[str, PersonRef]]:
    result = extract(FIXTURES / name)
    return result, {p.name: p for p in result.people}


def test_english_appositions_give_role_city_and_organisation() -> None:
    _, people = _people("en_appositions.txt")
    assert set(people) == {
        "Marta Lindqvist",
        "Jonas Berg",
        "Claire Dubois",
        "Peter Novak",
        "Lena Hartmann",
        "R K Devos",  # "The Mayor of Ghent, Mr. R K Devos": initials after an honorific
        "Ilse Maes",
        "Ruth Okafor",  # "The Secretary General of Clean Air Cities, Ruth Okafor,"
        "Thando Khumalo Dube",  # "chaired by ThandoKhumalo Dube": words the markup glued
        "Ana Costa",  # "The urban planners Ana Costa and Luis Pereira"
        "Luis Pereira",
    }  # "Berg added ...": Jonas Berg again; "Paris Agreement" (a heading line) is nobody
    assert people["Marta Lindqvist"].role == "secretary general of Clean Air Cities"
    assert people["Marta Lindqvist"].organisation == "Clean Air Cities"
    assert (people["Jonas Berg"].role, people["Jonas Berg"].city) == ("mayor of Uppsala", "Uppsala")
    # Two appositions in one sentence: each person keeps their own.
    assert (people["Claire Dubois"].role, people["Claire Dubois"].city) == (
        "deputy mayor of Nantes",
        "Nantes",
    )
    assert people["Peter Novak"].organisation == "Green Ledger"
    assert people["Lena Hartmann"].role == "Mayor"
    assert people["Ruth Okafor"].organisation == "Clean Air Cities"


def test_german_roles_before_names_with_city_adjectives_and_genitives() -> None:
    _, people = _people("de_roles_before_names.txt")
    assert set(people) == {
        "Hanna Ostermann",
        "Jan Petersen",
        "Tobias Reuter",
        "Marek Kowalczyk",
        "Piotr Nowak",
        "Sabine Albers",
        "Carola Brandt",
    }
    # "die Kieler Oberbürgermeisterin Dr. Hanna Ostermann": the nearer role, its city (the
    # town's adjective or genitive is the city, not part of the office).
    assert (people["Hanna Ostermann"].role, people["Hanna Ostermann"].city) == (
        "Oberbürgermeisterin",
        "Kiel",
    )
    assert (people["Jan Petersen"].role, people["Jan Petersen"].city) == (
        "Bürgermeister",
        "Lübeck",
    )
    assert people["Tobias Reuter"].city == "Schwerin"  # "... Tobias Reuter aus Schwerin"
    # "der Bürgermeister von Danzig Piotr Nowak": the exonym is the city, the rest the name.
    assert (people["Piotr Nowak"].role, people["Piotr Nowak"].city) == (
        "Bürgermeister von Danzig",
        "Gdańsk",
    )
    assert people["Sabine Albers"].role == "Netzwerk-Vizepräsidentin"
    # "Bundesbauministerin und Schirmherrin des Netzwerks Carola Brandt"
    assert people["Carola Brandt"].role == "Schirmherrin"


def test_captions_name_city_lists_two_line_blocks_and_wrapped_names() -> None:
    result, people = _people("de_captions_and_blocks.txt")
    assert set(people) == {
        "Jana Albrecht",  # "Jana Albrecht (2. v. l.)": a caption
        "Eva Roth",  # "von links: Eva Roth, Dr. Jan Kluge und Mia Sommer"
        "Jan Kluge",
        "Mia Sommer",
        "Lukas Brenner",
        "Miriam Vogt",
        "Paul Sander",
        "Karin Lehmann",
        "Stefan Kühn",
        "Ines Hartwig",  # "Bürgermeisterin Ines\nHartwig": split by the paragraph's wrapping
    }  # "Hotel Maria Theresia" is a hotel; "Hartwig betonte" is Ines Hartwig again
    assert (people["Miriam Vogt"].city, people["Paul Sander"].city) == ("Gera", "Weimar")
    assert people["Karin Lehmann"].role == "Leiterin des Umweltamts Erfurt"
    assert people["Karin Lehmann"].city == "Erfurt"
    assert people["Stefan Kühn"].organisation == "Klimaagentur Thüringen"
    assert people["Ines Hartwig"].city == "Erfurt"  # "die ... Erfurter Bürgermeisterin"
    assert {c.name for c in result.cities} >= {"Erfurt", "Jena", "Gera", "Weimar"}


def test_a_page_cut_mid_word_gives_no_fragment_of_a_name(tmp_path: Path) -> None:
    page = tmp_path / "cut.txt"
    page.write_text(
        "Konferenz am 3. Mai 2022 in Kiel. Es sprachen Jana Muster, Bürgermeisterin "
        "von Kiel, und Oberbürgermeister Tom Re",
        encoding="utf-8",
    )
    assert [p.name for p in extract(page).people] == ["Jana Muster"]


def test_the_heads_of_partner_towns_by_their_own_titles() -> None:
    from loaders.recaps.people_text import running_text_people
    from loaders.recaps.places import Places

    text = "Zur Gruppe gehörten Starost Jan Kowal und Burmistrz Anna Nowak aus Opole."
    found = {p.name: p.role for p in running_text_people(text, Places())}
    assert found == {"Jan Kowal": "Starost", "Anna Nowak": "Burmistrz"}
