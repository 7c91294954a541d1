"""Which capitalised words in running text are the page's cities."""

from __future__ import annotations

import pytest

from loaders.recaps.places import Places

PLACES = Places()


def cities(text: str) -> list[tuple[str, str | None]]:
    return [(h.name, h.country) for h in PLACES.running_text_cities(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Die Tagung fand in Leipzig statt.", [("Leipzig", None)]),
        (
            "Good Practices aus Tartu (Estland) und La Paz (Bolivien)",
            [("Tartu", "Estonia"), ("La Paz", "Bolivia")],
        ),
        ("erstmals in Amman/Jordanien", [("Amman", "Jordan")]),
        ("in Toluca, Mexico from 18 to 20 May", [("Toluca", "Mexico")]),
        ("ein Projekt in Tartu (EE)", [("Tartu", "Estonia")]),
        (
            "examples from Hamburg, Munich, Lutsk or Antalya",
            [("Hamburg", None), ("Munich", None), ("Lutsk", None), ("Antalya", None)],
        ),
        ("Teilnehmende Städte: Kutaisi und Lwiw", [("Kutaisi", None), ("Lviv", None)]),
        (
            "vom Umweltamt Leipzig und den Stadtwerke Heidelberg",
            [("Leipzig", None), ("Heidelberg", None)],
        ),
        ("the City of Vienna and Greater Amman", [("Vienna", None), ("Amman", None)]),
        ("in der Region Stuttgart", []),  # a region, not the city
        ("Rückblick auf den 12. März 2021", []),  # "März" is not the town of Marz
        ("Words of Welcome", []),
        ("das Tartu-Modell", []),  # a compound, not a mention
        ("Hamburg und München", []),  # no context: could be anything
        ("Cities such as Gdansk and Riga", [("Gdańsk", None), ("Riga", None)]),
    ],
)
def test_cities_in_running_text(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert cities(text) == expected


def test_masked_spans_are_not_cities() -> None:
    text = "Sprecher war Juan Franco aus Lima."
    start = text.index("Juan Franco")
    hits = PLACES.running_text_cities(text, skip=[(start, start + len("Juan Franco"))])
    assert [h.name for h in hits] == ["Lima"]
