"""Practices as running prose states them (sentences of our own, facts of our choosing):
a city's or a person's project presented, showcased, launched, pledged, shown to
visitors, championed, shared; several pairs in one sentence; the stated title kept; a
funder is not the practice's city."""

from __future__ import annotations

import pytest

from loaders.recaps.assembly import extract_page
from loaders.recaps.text import Page, clean_lines


def _practices(text: str) -> set[tuple[str, str | None, tuple[str, ...]]]:
    text = clean_lines(text)
    found = extract_page(Page(content=text.encode(), text=text), source="p.txt")
    return {(p.title, p.city, p.presenters) for p in found.practices}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # several city-project pairs chained in one sentence, with varied verbs
            "Network meeting in Kiel\n\nAt the meeting, Tartu presented its bike lanes "
            '"Ratas", Turku launched a repair café network and Gdynia showcased its '
            "rain gardens, while Split pledged to plant 500 street trees by 2030.",
            {
                ("Ratas", "Tartu", ()),
                ("repair café network", "Turku", ()),
                ("rain gardens", "Gdynia", ()),
                ("plant 500 street trees", "Split", ()),
            },
        ),
        (  # a person and their city, a pledge and a quoted programme
            "Board meeting in Bonn\n\nMayor Ana Ruiz of Valencia pledged that the city's "
            "new shade by-law would cover every school, and Deputy Mayor Lena Berg of "
            'Uppsala championed the city\'s leak programme "Tight Pipes".',
            {
                ("new shade by-law", "Valencia", ("Ana Ruiz",)),
                ("Tight Pipes", "Uppsala", ("Lena Berg",)),
            },
        ),
        (  # a study tour shown projects in the places it visited
            "Study tour to Denmark\n\nIn Odense, the group was shown the Green Harbour Plan. "
            "The delegation also visited Vejle, where the municipality showcased its "
            'neighbourhood "Fjordhaven".',
            {("Green Harbour Plan", "Odense", ()), ("Fjordhaven", "Vejle", ())},
        ),
        (  # a city's project in the genitive, told by a person
            "Webinar on clean air\n\nJana Roe, Head of Air Quality, City of Brno, Czechia\n\n"
            "Jana Roe walked participants through Brno's ban on coal boilers.",
            {("ban on coal boilers", "Brno", ("Jana Roe",))},
        ),
        (  # German: a delegation from a town presents a quoted project
            "Europafest in Kiel\n\nDie Delegation aus Tartu stellte das Projekt "
            "„Grüne Höfe“ vor, bei dem Anwohner Höfe begrünen.",
            {("Grüne Höfe", "Tartu", ())},
        ),
        (  # a town the page named a city before, in the genitive
            "Sister city visit\n\nWe welcomed guests from our sister city Kumamoto, led by "
            "Deputy Mayor Ken Sato. Ken Sato presented Kumamoto's groundwater programme.",
            {("groundwater programme", "Kumamoto", ("Ken Sato",))},
        ),
        (  # nor after a good-practice cue
            "Exchange in Accra\n\nThe good practices from Kumasi and Tamale, financed by the "
            "City of Hamburg, drew much interest.",
            {
                ("Good practice from Kumasi", "Kumasi", ()),
                ("Good practice from Tamale", "Tamale", ()),
            },
        ),
        (  # a funder is not the practice's city
            "Exchange in Accra\n\nA pilot of solar kiosks in Kumasi, financed by the City "
            "of Hamburg, was presented by Ama Mensah of the Kumasi Metropolitan Assembly.",
            {("Good practice from Kumasi", "Kumasi", ("Ama Mensah",))},
        ),
    ],
)
def test_practices_in_running_prose(
    text: str, expected: set[tuple[str, str, tuple[str, ...]]]
) -> None:
    assert _practices(text) == expected
