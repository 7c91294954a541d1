"""A recap of any meeting is an event, titled by its name or the page's heading, never by
the site around it (pages of our own, in the structures sites write them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.recaps import Extraction, extract, read_recap
from loaders.recaps.assembly import extract_page
from loaders.recaps.text import Page, clean_lines, page_header


def _extract(text: str, name: str = "page.txt") -> Extraction:
    text = clean_lines(text)
    url, header = page_header(text)
    return extract_page(Page(content=text.encode(), text=text, url=url, header=header), source=name)


@pytest.mark.parametrize(
    "text",
    [
        "Mayor hosts twin-town guests\n\nThe mayor held a reception for guests from Kiel.",
        "Besuch aus Kiel\n\nOberbürgermeisterin Jana Roe empfing eine Delegation aus Kiel.",
        "Annual General Assembly\n\nMembers met in Ghent and elected a new board.",
        "Europafest auf dem Marktplatz\n\nDie Stadt feierte mit Gästen aus Kiel.",
        "Session report: green bonds\n\nMayors from Kisumu and Da Nang compared notes.",
        "25 years of twinning\n\nSpeeches marked the anniversary of the twinning with Kiel.",
        "Executive board meets\n\nThe board meeting in Bonn adopted the budget.",
        "Webinar: cool roofs\n\nPlanners from Kiel and Split joined the webinar.",
        "Partnerschaftsjubiläum\n\nMit einem Festakt feierten Kiel und Tartu ihre Partnerschaft.",
    ],
)
def test_every_kind_of_meeting_is_an_event(text: str) -> None:
    found = _extract(text)
    assert found.event is not None, found.warnings
    assert found.event.title == text.split("\n")[0]


@pytest.mark.parametrize(
    "text",
    [
        "Über uns\n\nDas Netzwerk verbindet Kommunen in Deutschland und weltweit.",
        "Publications\n\nGuide to heat planning (PDF)\nOpen data primer\n\nImprint",
    ],
)
def test_a_page_with_no_meeting_loads_nothing_and_says_so(text: str) -> None:
    found = _extract(text)
    assert found.event is None
    assert any("no event found" in w for w in found.warnings)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (  # a newspaper's name, its section and a byline above the headline
            "Oberland-Kurier\n\nLokales | Kiel\n\n20 Jahre Partnerschaft mit Tartu\n\n"
            "Von Jana Roe\n12.05.2022, 14:35 Uhr\n\nMit einem Festakt feierten die Städte.",
            "20 Jahre Partnerschaft mit Tartu",
        ),
        (  # a council's news page with a news-wire line
            "Kiel Council News\nNews release | Distributed by Kiel Communications\n"
            "Published: 14 March 2024\n\nTwin towns mark 30 years of friendship\n\n"
            "A civic reception at the Guildhall marked the anniversary.",
            "Twin towns mark 30 years of friendship",
        ),
        (  # a newsletter with its issue line and contents
            "Newsletter\n\nIssue 14 | Autumn 2022\n\nIn this issue: Assembly · Members\n\n"
            "General Assembly in Ghent\n\nMembers gathered in Ghent on 4 October.",
            "General Assembly in Ghent",
        ),
        (  # a municipality's name over its press release
            "Pressemitteilung\nStadt Kiel\nVeröffentlicht am 03.05.2023\n\n"
            "Delegation aus Tartu zu Gast im Rathaus\n\nDie Oberbürgermeisterin empfing Gäste.",
            "Delegation aus Tartu zu Gast im Rathaus",
        ),
        (  # a column's name over its post
            "Mayor's Diary\n\nSister city delegation from Tartu\n\nDate of visit: 14/03/2023\n\n"
            "Last week I welcomed a delegation of eight officials from our sister city Tartu.",
            "Sister city delegation from Tartu",
        ),
        (  # a page that opens with prose names its event there
            "Wir waren Mitveranstalter des Urban Water Campus (UWC), der in Split stattfand. "
            "Fachleute aus Kiel kamen zusammen.",
            "Urban Water Campus (UWC)",
        ),
        (  # no heading, no name: the page's own word for it, never a cut sentence
            "The meeting took place in Riga. Representatives of Kiel, Tartu and Turku came.",
            "Meeting in Riga",
        ),
    ],
)
def test_the_title_is_the_events_name_or_the_pages_heading(text: str, title: str) -> None:
    found = _extract(text)
    assert found.event is not None
    assert found.event.title == title


def test_a_saved_pages_address_is_its_sources_url_and_never_its_title(tmp_path: Path) -> None:
    page = tmp_path / "saved.txt"
    page.write_text(
        "URL: https://network.example/news/559-meeting-of-the-water-team\nLANG: en\n\n"
        "The meeting took place in Riga. Representatives of Kiel and Tartu came.\n",
        encoding="utf-8",
    )
    found = extract(page)
    assert found.event is not None
    assert found.event.title == "Meeting of the water team"  # the address's headline
    assert found.url == "https://network.example/news/559-meeting-of-the-water-team"
    records = read_recap(page)
    sources = [n for n in records.nodes.values() if n.label == "Source"]
    assert [s.properties["url"] for s in sources] == [found.url]


def test_a_date_line_the_main_content_left_out_is_read(tmp_path: Path) -> None:
    """An HTML page's date line styled as page meta (trafilatura drops it) goes back under
    the heading, where the date rules read it."""
    page = tmp_path / "congress.html"
    page.write_text(
        "<html><head><title>Water Congress 2021 | Network</title></head><body><main>"
        "<h1>Water Congress 2021</h1><p class='meta'>Kiel, Germany | 7–9 June 2021</p>"
        "<p>More than 200 participants from 30 countries came to Kiel for the congress on "
        "how cities keep their water clean.</p></main></body></html>",
        encoding="utf-8",
    )
    found = extract(page)
    assert found.event is not None
    assert (str(found.event.date), str(found.event.end_date)) == ("2021-06-07", "2021-06-09")
    assert "Kiel, Germany | 7–9 June 2021" in found.text
