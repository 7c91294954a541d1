"""Single lines of a programme: which are speaker lines, and what each part says."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.recaps import extract
from loaders.recaps.extraction import CityRef
from loaders.recaps.people import is_name, parse_speaker_line
from loaders.recaps.places import Places

PLACES = Places()


@pytest.mark.parametrize(
    ("line", "people", "role", "organisation", "city", "country"),
    [
        (
            "Ms. Tamar Beridze, Head of Economic Development, Tbilisi City Hall, Georgia",
            ["Tamar Beridze"],
            "Head of Economic Development",
            "Tbilisi City Hall",
            "Tbilisi",
            "Georgia",
        ),
        (
            "Mr. Petro Bondar, Mayor of Vinnytsia, Ukraine",
            ["Petro Bondar"],
            "Mayor of Vinnytsia",
            None,
            "Vinnytsia",
            "Ukraine",
        ),
        (
            "Andrés Gómez, Alcaldía de Medellín, Colombia",
            ["Andrés Gómez"],
            None,
            "Alcaldía de Medellín",
            "Medellín",
            "Colombia",
        ),
        (
            "Dra. Lucía Vera, Ayuntamiento de Puebla, México",
            ["Lucía Vera"],
            None,
            "Ayuntamiento de Puebla",
            "Puebla",
            "Mexico",
        ),
        (
            "Kim Min-jun, Seoul Metropolitan Government, Republic of Korea",
            ["Kim Min-jun"],
            None,
            "Seoul Metropolitan Government",
            "Seoul",
            "South Korea",
        ),
        (
            "Oberbürgermeisterin Katja Roe, Bonn",
            ["Katja Roe"],
            "Oberbürgermeisterin",
            None,
            "Bonn",
            None,
        ),
        (
            "Dr. Ana Pereira & Rui Costa, Câmara Municipal, Porto, Portugal",
            ["Ana Pereira", "Rui Costa"],
            None,
            "Câmara Municipal",
            "Porto",
            "Portugal",
        ),
        (
            "Mr. Luis Marcos do Vale / Mr. Tiago Ramos",
            ["Luis Marcos do Vale", "Tiago Ramos"],
            None,
            None,
            None,
            None,
        ),
        (
            # An organisation written in lower case, on a line that ends in its country;
            # the written "Köln" is the gazetteer's Cologne.
            "Dr. Felix Brandt, stadtgrün Köln gGmbH, Köln, Germany",
            ["Felix Brandt"],
            None,
            "stadtgrün Köln gGmbH",
            "Cologne",
            "Germany",
        ),
        (
            "Lina Haddad – Greater Irbid Municipality – Jordan",
            ["Lina Haddad"],
            None,
            "Greater Irbid Municipality",
            "Irbid",
            "Jordan",
        ),
    ],
)
def test_speaker_lines(
    line: str,
    people: list[str],
    role: str | None,
    organisation: str | None,
    city: str | None,
    country: str | None,
) -> None:
    parsed = parse_speaker_line(line, PLACES)
    assert parsed is not None
    assert [p.name for p in parsed.people] == people
    first = parsed.people[0]
    assert (first.role, first.organisation, first.city, first.country) == (
        role,
        organisation,
        city,
        country,
    )


@pytest.mark.parametrize(
    "line",
    [
        "Green Spaces, Blue Water",
        "Urban Gardening, Lessons from Kyiv",
        "Technical Analysis",
        "Welcome Remarks",
        "Integrated Waste Management in Vienna",
        "Le tri sélectif à Benslimane, Maroc: une expérience",
        "Anna Roe, Stellvertretende Bürgermeisterin, berichtete über Wasser.",
        # Lower case after a comma is a sentence even when the line ends in a place.
        "Anna Roe, aus Kiel, Deutschland",
        "Anna Roe, Leiterin, berichtete über Wasser, Kiel",
        "Am Hafen (Foto: Stadt Lübeck)",
        "Photo: Jane Roe | Picture Agency",
        "",
        ", , ,",
    ],
)
def test_lines_that_are_not_speaker_lines(line: str) -> None:
    assert parse_speaker_line(line, PLACES) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Marcelo Cintra do Amaral", True),
        ("Angel R Molinero Molinero", True),
        ("Helga Summer-Juhnke", True),
        ("Riyad AlKarabsheh", True),
        ("María GONZÁLEZ Ruiz", True),  # a surname in capitals
        ("UNDP Country Office", False),
        ("Anna GIZ", False),
        ("Technical Analysis", False),
        ("GIZ Bonn", False),
        ("Oberbürgermeisterin Roe", False),
        ("Roe", False),
        ("de la Cruz", False),
    ],
)
def test_name_shapes(text: str, expected: bool) -> None:
    assert is_name(text) is expected


def test_title_after_a_dash_on_the_speaker_line() -> None:
    parsed = parse_speaker_line(
        "Jens Roe, Hamburg Wasser, Hamburg, Germany – The rain programme in Hamburg", PLACES
    )
    assert parsed is not None
    assert parsed.title == "The rain programme in Hamburg"
    assert (parsed.organisation, parsed.city, parsed.country) == (
        "Hamburg Wasser",
        "Hamburg",
        "Germany",
    )


def test_a_town_the_gazetteer_lacks_is_kept_and_flagged() -> None:
    parsed = parse_speaker_line("Mette Roe, Harbour Office, Neuwiesenfeld, Dänemark", PLACES)
    assert parsed is not None
    assert (parsed.city, parsed.country, parsed.organisation) == (
        "Neuwiesenfeld",
        "Denmark",
        "Harbour Office",
    )
    assert parsed.unresolved_city == "Neuwiesenfeld"
    # A spelling the gazetteer knows in that country is resolved instead.
    known = parse_speaker_line("Mette Roe, Harbour Office, Sonderborg, Dänemark", PLACES)
    assert known is not None
    assert (known.city, known.unresolved_city) == ("Sønderborg", None)


def test_unresolved_town_gives_a_warning(tmp_path: Path) -> None:
    page = tmp_path / "harbour.txt"
    page.write_text(
        "Häfen im Wandel\n\nRückblick auf den Workshop am 4. April 2022 in Kiel\n\n"
        "Mette Roe, Harbour Office, Neuwiesenfeld, Dänemark\nDer neue Fähranleger\n",
        encoding="utf-8",
    )
    result = extract(page)
    assert CityRef("Neuwiesenfeld", "Denmark") in result.cities
    assert "city 'Neuwiesenfeld' (Denmark) matches no gazetteer entry; kept as written" in (
        result.warnings
    )
