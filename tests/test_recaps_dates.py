"""Event dates in the forms pages write them (our own fixture pages, facts of our choosing)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from loaders.recaps import extract

FIXTURES = Path(__file__).parent / "fixtures" / "recaps"


def _event(name: str) -> tuple[str | None, str | None, tuple[str, ...]]:
    """The event's dates as ISO text (``None`` when not stated) and the warnings."""
    found = extract(FIXTURES / name)
    assert found.event is not None
    start, end = found.event.date, found.event.end_date
    return (
        start.isoformat() if start else None,
        end.isoformat() if end else None,
        found.warnings,
    )


def test_year_from_the_events_name_and_the_page_date_is_not_the_event() -> None:
    # "12 March 2024" alone under the heading is the page's date; the event was 5-6 March.
    start, end, warnings = _event("en_name_year.txt")
    assert (start, end) == ("2024-03-05", "2024-03-06")
    assert any("has no year; 2024 taken from" in w for w in warnings)


def test_an_issue_line_is_not_the_event_date() -> None:
    start, end, _ = _event("de_issue_line.txt")
    assert (start, end) == ("2019-05-14", "2019-05-16")


def test_year_from_a_month_range_before_the_date() -> None:
    start, end, warnings = _event("de_month_range.txt")
    assert (start, end) == ("2017-10-09", "2017-10-11")
    assert any("2017 taken from" in w for w in warnings)


def test_a_date_line_wins_over_the_publication_line() -> None:
    start, _, warnings = _event("de_date_line.txt")
    assert start == "2022-05-03"
    assert not warnings


@pytest.mark.parametrize("name", ["de_no_year.txt"])
def test_a_page_without_any_year_keeps_the_date_empty(name: str) -> None:
    start, _, warnings = _event(name)
    assert start is None
    assert any("has no year; date left empty" in w for w in warnings)


def test_an_html_pages_own_date_gives_the_year_and_is_not_the_event() -> None:
    # The page says "Am 25. Mai" only; its meta data says it was published 2 June 2023.
    start, _, warnings = _event("de_html_published.html")
    assert start == "2023-05-25"
    assert any("the page's date 2023-06-02" in w for w in warnings)


# Dates the text does not state for this event are never the event's (each case a page of
# our own, in the structure a site writes it).
@pytest.mark.parametrize(
    ("text", "why"),
    [
        (  # a newspaper's byline with its time
            "Stadt-Anzeiger\n\nZehn Jahre Partnerschaft\n\nVon Jana Roe\n12.05.2022, 14:35 Uhr"
            "\n\nMit einem Empfang im Rathaus feierten die Städte am Donnerstag das Jubiläum.",
            "publication",
        ),
        (  # a calendar widget beside the recap
            "« April 2021 »\nMo Tu We Th Fr Sa Su\n1 2 3 4\n5 6 7 8 9 10 11\n\nWebinar recap\n\n"
            "Last Thursday 80 planners joined our webinar on shade.",
            None,
        ),
        (  # a list of upcoming events under the recap
            "Webinar recap: Shade\n\nLast week 80 planners joined our webinar.\n\n"
            "Upcoming events\n12 May 2021 – Webinar: Cool roofs\n3 June 2021 – Study visit",
            "other events",
        ),
        (  # the next meeting announced
            "Reception for our twin town\n\nThe mayor welcomed the delegation on Saturday.\n"
            "The next exchange visit will take place in Kiel on 14 September 2024.",
            "other events",
        ),
        (  # a navigation line to another article
            "Delegation visit\n\nThe mayor received the guests at the town hall.\n\n"
            "Previous article: 3 March 2020",
            "other events",
        ),
        (  # a date alone on its line under the heading: the page's own
            "Reception for our twin town\n\n5 November 2020\n\nThe mayor welcomed the guests.",
            "alone on its line",
        ),
    ],
)
def test_no_date_the_text_does_not_state_for_the_event(text: str, why: str | None) -> None:
    from loaders.recaps.dates import event_date

    found = event_date(text)
    assert found.date is None
    if why:
        assert any(why in w for w in found.warnings), found.warnings


def test_a_year_by_which_something_is_done_is_not_the_events_year() -> None:
    from loaders.recaps.dates import event_date

    # "by 2025", "seit 2021", "Agenda 2030": no year for "on 9 March"; the name gives one.
    assert event_date("We plan 30 trees by 2025. The reception on 9 March was busy.").date is None
    assert event_date("Seit 2021 gilt die Agenda 2030. Das Treffen am 3. Mai.").date is None
    assert event_date("Forum 2019\nThe forum on 9 March was busy.").date == date(2019, 3, 9)


def test_a_relative_year_counts_only_from_a_date_the_page_states() -> None:
    from loaders.recaps.dates import event_date

    dated = event_date("Published: 14 March 2024\n\nThe festival on 12 June last year drew crowds.")
    assert dated.date == date(2023, 6, 12)
    assert any("last year" in w and "2024-03-14" in w for w in dated.warnings)
    undated = event_date("By 2020 we had planted trees. The festival on 12 June last year.")
    assert undated.date is None
    assert any("relative to a date the page does not state" in w for w in undated.warnings)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        (
            "Programme: Annual meeting\n\nLisbon, 8 October 2024\n\n09:00 Welcome",
            date(2024, 10, 8),
            None,
        ),
        (
            "Study visit to Vienna\n\nJune 3-5, 2025\n\nTwenty managers came.",
            date(2025, 6, 3),
            date(2025, 6, 5),
        ),
    ],
)
def test_a_programmes_own_date_line_is_the_events(text: str, start: date, end: date | None) -> None:
    from loaders.recaps.dates import event_date

    found = event_date(text)
    assert (found.date, found.end_date) == (start, end)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sister city visit\n\nDate of visit: 14/03/2023\n\nThe guests came.", date(2023, 3, 14)),
        ("Visit of the mayors\n\nEvent date: 03/14/2023\n\nThe guests came.", date(2023, 3, 14)),
        ("Visit of the mayors\n\nEvent date: 03/04/2023\n\nThe guests came.", None),  # unsure
        ("Besuch\n\nDatum der Veranstaltung: 6. März 2023\n\nDie Gäste kamen.", date(2023, 3, 6)),
    ],
)
def test_slashed_dates_only_when_the_order_is_clear(text: str, expected: date | None) -> None:
    from loaders.recaps.dates import event_date

    assert event_date(text).date == expected
