"""Single lines of a programme: which are speaker lines, and what each part says."""

from __future__ import annotations

import pytest

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
