"""Cities and countries in the forms recaps write them (our own fixture pages).

Each page holds forms that must count (adjectives and genitives before a role or body,
slash and bracket forms, exonyms, US state codes, "City of X", "X is a city", a list of
places, country adjectives) and look-alikes that must not (a street named after a city, a
pastry, a common word, a language).
"""

from __future__ import annotations

from pathlib import Path

from loaders.recaps import extract

FIXTURES = Path(__file__).parent / "fixtures" / "recaps"


def _places(name: str) -> tuple[dict[str, str | None], tuple[str, ...]]:
    found = extract(FIXTURES / name)
    return {c.name: c.country for c in found.cities}, found.countries


def test_german_city_forms() -> None:
    cities, countries = _places("de_city_forms.txt")
    assert set(cities) == {
        "Erfurt",
        "Kiel",  # der Kieler Oberbürgermeister
        "Bremen",  # Bremens Bürgermeisterin
        "Dresden",  # die Dresdner Stadtverwaltung
        "Frankfurt (Oder)",  # Frankfurt/Oder, not Frankfurt am Main
        "Mülheim",  # Mülheim/Ruhr: GeoNames' Mülheim an der Ruhr
        "Graz",
        "Wrocław",  # Breslau
        "Lviv",  # Lemberg
        "Milan",  # Mailand
    }  # not Hamburg (a street), Berlin (a pastry) or Essen (lunch)
    assert cities["Graz"] == "Austria"  # "(A)": the vehicle code states the country
    assert set(countries) == {"Austria", "Jordan", "Lebanon"}  # Germany is not named


def test_english_city_forms() -> None:
    cities, countries = _places("en_city_forms.txt")
    assert set(cities) == {"Tucson", "Springfield", "Oulu", "Bilbao", "Turku", "Ghent", "Malmö"}
    assert cities["Tucson"] == "United States"
    assert set(countries) == {
        "United States",
        "Mozambique",
        "Kenya",
    }  # "German version": a language


def test_us_state_code_picks_the_namesake() -> None:
    from graph.ingest import resolve

    springfield = resolve.city("Springfield", country_code="US", region="IL")
    assert springfield is not None and (round(springfield.lat), round(springfield.lon)) == (40, -90)
