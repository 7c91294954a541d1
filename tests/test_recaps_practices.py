"""Practices: every one has topics (its own words', else the event's), and no title holds
the name of a person the same extraction lists (presenter mode hides names)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.core.model import Label, RelType
from loaders.recaps import extract, read_recap
from loaders.recaps.assembly import extract_page
from loaders.recaps.text import Page, clean_lines

FIXTURES = Path(__file__).parent / "fixtures" / "recaps"


def test_practices_told_in_running_text_are_titled_by_city_and_carry_topics() -> None:
    result = extract(FIXTURES / "de_presenters_in_text.txt")
    practices = {p.city: p for p in result.practices}
    assert set(practices) == {"Gdańsk", "Kaunas", "Klaipėda", "Wismar"}
    # The words that state it, not a placeholder, and never "... von Ewa Nowicka".
    assert practices["Gdańsk"].title == "getrennte Sammlung von Bioabfall in Gdańsk"
    assert practices["Gdańsk"].presenters == ("Ewa Nowicka",)
    # Its own topics first (Bioabfall), then the event's.
    assert practices["Gdańsk"].topics[0] == "waste management"
    assert set(result.topics) <= set(practices["Gdańsk"].topics)
    assert practices["Kaunas"].topics[:2] == ("energy", "education")
    assert set(result.topics) <= set(practices["Kaunas"].topics)
    # "ihr neues Bürgerbüro" names no topic: the practice is about what the event was about.
    assert practices["Klaipėda"].topics == result.topics
    # "Projektbeispiel ... „Grüne Stadt Wismar“": the quoted name holding the city is the title.
    assert practices["Wismar"].title == "Grüne Stadt Wismar"


def test_examples_shared_by_several_presenters_are_one_practice_each() -> None:
    result = extract(FIXTURES / "en_appositions.txt")
    assert {(p.city, p.presenters) for p in result.practices} == {
        ("Uppsala", ("Jonas Berg",)),
        ("Nantes", ("Claire Dubois",)),
    }


def test_practice_topics_become_about_relations() -> None:
    records = read_recap(FIXTURES / "de_presenters_in_text.txt")
    practice = next(
        n.id
        for n in records.nodes.values()
        if n.label is Label.PRACTICE and n.properties["title"] == "Gute Praxis aus Kaunas"
    )
    about = {r.end for r in records.relations.values() if r.start == practice}
    assert {"topic:energy", "topic:education"} <= about
    assert all(
        r.type is RelType.ABOUT for r in records.relations.values() if r.end.startswith("topic:")
    )


FIRST = st.sampled_from(["Jana", "Tomas", "Ewa", "Levan", "Amira", "Paulo"])
LAST = st.sampled_from(["Muster", "Petraitis", "Nowicka", "Beridze", "Haddad", "Souza"])
CITY = st.sampled_from(["Kiel", "Tartu", "Kaunas", "Amman", "Lviv"])
COUNTRY = {"Kiel": "Deutschland", "Tartu": "Estland", "Kaunas": "Litauen", "Amman": "Jordanien"}
WHAT = st.sampled_from(["die Abfalltrennung", "ein Radwegenetz", "den Hitzeschutz"])


@st.composite
def pages(draw: st.DrawFn) -> str:
    """Recaps mixing programme blocks and sentences, whose titles may quote a name."""
    parts = ["Rückblick auf den Workshop am 12. März 2021 in Kiel", "", "Thema: Klimaschutz", ""]
    for _ in range(draw(st.integers(1, 4))):
        name = f"{draw(FIRST)} {draw(LAST)}"
        city = draw(CITY)
        kind = draw(st.integers(0, 3))
        if kind == 0:
            parts += [f"{name}, Stadt {city}, {city}, {COUNTRY.get(city, 'Ukraine')}"]
            parts += [draw(st.sampled_from([f"Vortrag von {name}", f"{name}: Hitze in {city}"]))]
        elif kind == 1:
            parts += [f"Frau Dr. {name} aus {city} stellte {draw(WHAT)} in {city} vor."]
        elif kind == 2:
            parts += [f"„{name} in {city}“ präsentierte Herr {name} aus {city}."]
        else:
            parts += [f"Good Practices aus {city} stellte {name} vor."]
        parts.append("")
    return "\n".join(parts)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages())
def test_no_practice_title_holds_a_listed_persons_name(text: str) -> None:
    result = extract_page(Page(content=text.encode(), text=clean_lines(text)), source="p.txt")
    names = [p.name.casefold() for p in result.people]
    for practice in result.practices:
        assert not any(n in practice.title.casefold() for n in names), practice
        assert practice.topics  # every practice has topics
