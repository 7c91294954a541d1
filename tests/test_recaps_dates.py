"""Event dates in the forms pages write them (our own fixture pages, facts of our choosing)."""

from __future__ import annotations

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
