"""Recaps in the layouts other city networks use (our own pages, facts of our choosing).

``tests/fixtures/recaps/networks/`` holds one page per layout, each with its hand
annotation (``NN.json``, the extraction contract's shape): a transfer-network meeting with
partner lists (01), a news item with quotes (02), a webinar page with speaker cards and a
table (03), a German press release (04), a German network meeting with a ``Datum:`` line
(05), a German practice page with headed sections (06), an agenda with time slots (07),
cities under their municipal titles (08), flags before places (09), a summit summary (10).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from loaders.recaps import extract
from tests.cli_runner import run

PAGES = Path(__file__).parent / "fixtures" / "recaps" / "networks"


def test_the_network_pages_meet_the_bar_field_by_field(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "evaluate", str(PAGES), "--json")
    assert code == 0
    result = json.loads(out)
    assert result["dates"]["right"] == result["dates"]["annotated"] == 10
    assert result["micro"]["f1"] >= 0.93
    for field in ("countries", "cities", "people"):
        assert result["fields"][field]["precision"] >= 0.95, field
        assert result["fields"][field]["recall"] >= 0.9, field


def test_municipal_titles_and_bodies_name_cities() -> None:
    found = extract(PAGES / "08.txt")
    assert {c.name for c in found.cities} == {
        "Gdynia",  # Miasto Gdynia
        "Almada",  # Municipality of Almada
        "Århus",  # Aarhus City Council
        "Ludwigsburg",  # Stadt Ludwigsburg
        "Parma",  # Comune di Parma
        "Mulhouse",  # Ville de Mulhouse
        "Schwarzach",  # Gemeinde Schwarzach: a village, counted because the text says so
        "Kiel",  # Landeshauptstadt Kiel
    }  # not the Council of Europe, the Stadtwerke or the Stadtreinigung
    assert {p.name for p in found.people} == {"Ewa Dąbrowska", "Pedro Matos"}  # "Ville de ..."


def test_a_small_place_needs_its_title() -> None:
    page = extract(PAGES / "08.txt")
    assert "Schwarzach" in {c.name for c in page.cities}
    from loaders.recaps.places import Places

    untitled = Places().running_text_cities("Delegates came from Schwarzach and from Kiel.")
    assert [h.name for h in untitled] == ["Kiel"]  # a village without its title is no hit


def test_iso_codes_after_a_municipal_body_give_the_country() -> None:
    found = extract(PAGES / "01.txt")
    cities = {c.name: c.country for c in found.cities}
    assert cities == {
        "Viseu": "Portugal",  # Municipality of Viseu (PT)
        "Płock": "Poland",  # City of Płock (PL)
        "Lecce": "Italy",  # Lecce Municipality (IT)
        "Tartu": "Estonia",  # Tartu City Council (EE)
        "Roubaix": "France",  # Ville de Roubaix (FR)
    }
    assert set(found.countries) == {"Portugal", "Poland", "Italy", "Estonia", "France"}


def test_agenda_lines_are_talks_and_their_kind_decides_the_practice() -> None:
    found = extract(PAGES / "07.txt")
    practices = {(p.title, p.city, p.presenters) for p in found.practices}
    assert practices == {
        ("Rent guarantees for young people", "Poznań", ("Katarzyna Zielińska",)),
        ("Shelters that open doors", "Turin", ("Giulia Moretti",)),
    }  # not the welcome, the keynote, nor the moderated panel
    people = {p.name: p for p in found.people}
    assert set(people) == {
        "Rui Almeida",
        "Clara Jensen",
        "Katarzyna Zielińska",
        "Giulia Moretti",
        "Daniel Fischer",
    }
    assert people["Daniel Fischer"].role == "moderator"
    assert people["Clara Jensen"].organisation == "Nordic Housing Institute"
    assert people["Giulia Moretti"].city == "Turin"  # Comune di Torino


@pytest.mark.parametrize(
    ("page", "date"),
    [
        ("04.txt", "2025-03-03"),  # a press release: "haben ... beraten", no event noun
        ("06.txt", "2023-11-09"),  # "beim Dialogforum": an event noun ending a compound
        ("09.txt", "2025-06-03"),  # "study visit", "academy"
    ],
)
def test_pages_of_other_formats_are_events(page: str, date: str) -> None:
    found = extract(PAGES / page)
    assert found.event is not None
    assert found.event.date is not None and found.event.date.isoformat() == date
