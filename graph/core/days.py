"""Calendar days: the one reading of a day from a table cell, a stored value, a link or an
option, and the one way back to text.

Two forms, on purpose. A stored event's ``date`` is ``YYYY-MM-DD`` text (graph/ingest/build.py
writes it so, and the Cypher filter compares that text), and a link carries it the same way,
so ``stored_day`` reads that form alone: whatever the memory store counts as a day, Neo4j
does too. A table cell is written by people, so ``parse_day`` also takes one-digit months
and days (``2021-3-5``), the German ``12.03.2021`` and timestamps, and says what is wrong.
A range bound may be coarser (``day_bound``: a year, a month).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime

from graph.core.errors import CitygraphError

_STORED = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_YEAR = re.compile(r"\d{4}")
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")


class DayError(CitygraphError, ValueError):
    """Not a day. A ``ValueError`` too, so a pydantic validator reports it for its field."""


def parse_day(value: object) -> date | None:
    """The day ``value`` states: a date, a datetime's day, or text in ISO 8601
    (``2021-03-12``, ``2021-3-5``, a timestamp) or German ``DD.MM.YYYY``; None when blank.

    >>> parse_day("12.03.2021"), parse_day(" 2021-3-5 "), parse_day("2021-03-12T18:30:00+02:00")
    (datetime.date(2021, 3, 12), datetime.date(2021, 3, 5), datetime.date(2021, 3, 12))
    >>> parse_day(datetime(2021, 3, 12, 9)), parse_day(""), parse_day(None)
    (datetime.date(2021, 3, 12), None, None)
    >>> parse_day("31.02.2021")
    Traceback (most recent call last):
    ...
    graph.core.days.DayError: impossible date '31.02.2021' (day is out of range for month)
    >>> parse_day("March 2021")
    Traceback (most recent call last):
    ...
    graph.core.days.DayError: not a date: 'March 2021' (write YYYY-MM-DD or DD.MM.YYYY)
    """
    if isinstance(value, datetime):
        return value.date()
    if value is None or isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    if match := _ISO.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _DOTTED.fullmatch(text):
        day, month, year = (int(g) for g in match.groups())
    else:
        try:  # the other ISO 8601 forms: a timestamp, 20210312
            return datetime.fromisoformat(text).date()
        except ValueError:
            raise DayError(f"not a date: {text!r} (write YYYY-MM-DD or DD.MM.YYYY)") from None
    try:
        return date(year, month, day)
    except ValueError as error:
        raise DayError(f"impossible date {text!r} ({error})") from None


def stored_day(value: object) -> date | None:
    """The day a stored property or a link's parameter holds: a date, or ``YYYY-MM-DD``
    text naming a real day; None for anything else (missing, a timestamp, a typo).

    >>> stored_day("2021-03-12"), stored_day(date(2021, 3, 12))
    (datetime.date(2021, 3, 12), datetime.date(2021, 3, 12))
    >>> [stored_day(v) for v in ("2021-02-31", "2021-3-5", "12.03.2021", "2021-03-12T10:00", 7)]
    [None, None, None, None, None]
    """
    if isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    if not isinstance(value, str) or not _STORED.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def day_bound(text: str | None, *, end: bool = False) -> date | None:
    """A range bound: a day, or a year or month meaning its first day (its last with
    ``end``); None when blank.

    >>> day_bound("2021"), day_bound("2024-2", end=True), day_bound("2021-03-12", end=True)
    (datetime.date(2021, 1, 1), datetime.date(2024, 2, 29), datetime.date(2021, 3, 12))
    >>> day_bound("2021-13")
    Traceback (most recent call last):
    ...
    graph.core.days.DayError: not a date: '2021-13' (write YYYY, YYYY-MM or YYYY-MM-DD)
    """
    value = (text or "").strip()
    if not value:
        return None
    if _YEAR.fullmatch(value):
        return date(int(value), 12, 31) if end else date(int(value), 1, 1)
    if match := _MONTH.fullmatch(value):
        year, month = int(match[1]), int(match[2])
        if 1 <= month <= 12:
            last = calendar.monthrange(year, month)[1]
            return date(year, month, last if end else 1)
    elif match := _ISO.fullmatch(value):
        try:
            return date(*(int(g) for g in match.groups()))
        except ValueError:
            pass
    raise DayError(f"not a date: {value!r} (write YYYY, YYYY-MM or YYYY-MM-DD)")


def day_text(value: object) -> str:
    """A stored day as a reader sees it: ``YYYY-MM-DD``; other text as it is (it is data,
    not hidden), ``""`` when missing.

    >>> day_text(date(2021, 3, 12)), day_text("2021-03-12"), day_text("spring"), day_text(None)
    ('2021-03-12', '2021-03-12', 'spring', '')
    """
    day = stored_day(value)
    if day is not None:
        return day.isoformat()
    return "" if value is None else str(value)
