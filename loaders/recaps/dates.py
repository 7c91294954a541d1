"""Dates in recaps: German and English forms, ranges, and which date is the event's.

Recaps carry two kinds of dates: the publication date (a bare ``06.04.2021`` line near the
top, ``5 November 2020`` alone under the heading, ``Newsletter 3 vom 9. Juni 2015``) and
the date the event took place, on a ``Datum:``/``Date:`` line, in running text or a
subtitle ("am 12. März 2021", "from 14 to 16 November 2017", "30-31 October & 2 November
2023", "Thursday, 5 November"). A date written without a year takes the year the page
states nearest before it (a full date, "September und Oktober 2018", the event's name
"Eurocities 2020"), with a warning; on a page with no year at all it stays ``None``.

A general date parser (dateparser's ``search_dates``) was measured against these forms
and not used: it reads German "Die"/"mit" as weekdays and ``06.04.2021`` as 4 June, and
costs a second to start.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from datetime import date

from loaders.recaps.lazy import LazyPattern

_MONTHS: dict[str, int] = {}
for _num, _names in enumerate(
    (
        "januar jänner january jan",
        "februar feber february feb",
        "märz maerz march mär mar",
        "april apr",
        "mai may",
        "juni june jun",
        "juli july jul",
        "august aug",
        "september sept sep",
        "oktober october okt oct",
        "november nov",
        "dezember december dez dec",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _num

# Longest names first so "Juni" is not read as "Jun" + "i"; capitalised as in running text.
_MONTH = (
    "(?:"
    + "|".join(
        re.escape(n.capitalize()) + ("\\.?" if len(n) <= 4 else "")
        for n in sorted(_MONTHS, key=len, reverse=True)
    )
    + ")"
)
_ORD = r"(?:\.|st|nd|rd|th)?"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
_BEFORE_YEAR = re.compile(rf"(?:{_MONTH}(?:\s+{_DAY}{_ORD})?,?|\d\.)\s*$", re.IGNORECASE)


def before_a_year(text: str) -> bool:
    """Whether ``text`` ends the way a date runs up to its year: a month's name, or a day
    and month in figures ("12.3.").

    >>> [before_a_year(t) for t in ("Am 12. März ", "on October 14, ", "am 12.3.", "rund ")]
    [True, True, True, False]
    """
    return _BEFORE_YEAR.search(text) is not None


_TO = (
    r"\s*(?:-|–|—|/|\bbis(?:\s+(?:zum|einschließlich))?\b|\bto\b|\buntil\b|\btill\b"
    r"|\bund\b|\band\b|&)\s*"
)
_YEAR = r"(?:19|20)\d\d"

# "28. bis 29. November 2023", "18th to 20th May 2016", "12. März 2021", "3 February"
# Within one line: a calendar widget's "31" above "April 2021" is no date.
_SP = r"[ \t\u00a0]"
_DAY_MONTH = re.compile(
    rf"(?<![\d.])(?:(?P<d0>{_DAY}){_ORD}{_TO})?(?P<d>{_DAY}){_ORD}{_SP}*(?:of{_SP}+)?"
    rf"(?P<m>{_MONTH})(?![a-zäöü])(?:{_SP}*,?{_SP}*(?P<y>{_YEAR})\b)?"
)
# "March 12, 2021", "May 12-14, 2021"
_MONTH_DAY = re.compile(
    rf"\b(?P<m>{_MONTH}){_SP}+(?P<d>{_DAY})(?:st|nd|rd|th)?(?:{_SP}*[-–]{_SP}*(?P<d1>{_DAY})"
    rf"(?:st|nd|rd|th)?)?\b(?:,?{_SP}+(?P<y>{_YEAR})\b)?"
)
# "06.04.2021", "6.4.2021", "2021-04-06"
_NUMERIC = re.compile(
    rf"(?<![\d.])(?P<d>{_DAY})\.(?P<m>1[0-2]|0?[1-9])\.(?P<y>{_YEAR})(?![\d])"
    rf"|(?<![\d-])(?P<iy>{_YEAR})-(?P<im>1[0-2]|0[1-9])-(?P<id>[12]\d|3[01]|0[1-9])(?![\d])"
    # "14/03/2023" (day first, as most of the world writes it) or "03/14/2023" (month
    # first, as the US does): read only when one of the two numbers says which it is.
    rf"|(?<![\d/])(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/(?P<sy>{_YEAR})(?![\d/])"
)
_JOIN = re.compile(_TO)
_PUBLISHED = re.compile(
    r"^(?:veröffentlicht(?: am)?|published(?: on)?|posted(?: on)?|stand(?: vom)?|"
    r"last updated(?: on)?|zuletzt aktualisiert(?: am)?)\b[:\s]*",
    re.IGNORECASE,
)
# A byline before a date on its line: "By Laura Jensen, Policy Officer | ", "Von Jana Roe, ".
_BYLINE_HEAD = LazyPattern(
    r"^(?:by|von|text|autor(?:in)?|author|posted by|written by)[:\s]+[A-ZÄÖÜ][\w'’.-]+"
    r"(?:\s+[A-ZÄÖÜ][\w'’.-]+){0,3}\s*(?:,[^|\n]{0,60})?\s*[|·•,–—-]\s*$",
    re.IGNORECASE,
)
_EVENT_CUE = LazyPattern(
    r"\b(?:am|vom|on|from|fand|findet|stattfand|statt|took place|takes place|held|"
    r"rückblick|workshop|veranstaltung|event|seminar|konferenz|conference|austausch|"
    r"exchange|dialog\w*|webinar|web-seminar|treffen|meeting)\b",
    re.IGNORECASE,
)


# "Datum: 14.09.2021", "Date: 3 May 2022", "Termin:", "When:": the event's own date.
_DATE_LABEL = LazyPattern(
    r"^\s*(?:datum|date|termin|wann|when|event date|veranstaltungsdatum|tagungsdatum|"
    r"(?:date|datum)\s+(?:of\s+(?:the\s+)?|der\s+|des\s+)?(?:visit|event|meeting|workshop|"
    r"conference|webinar|session|veranstaltung|konferenz|tagung|sitzung|besuchs?|treffens?))"
    r"\s*:\s*$",
    re.IGNORECASE,
)
# Nouns that make a line about an event, not a page date ("Workshop am 3. Mai 2022").
_EVENT_CUE_NOUN = re.compile(
    r"(?:workshop|veranstaltung|konferenz|conference|seminar|webinar|treffen|meeting|"
    r"austausch|exchange|forum|tagung|summit|gipfel|dialog|event|session|sitzung)",
    re.IGNORECASE,
)
# A year the page states outside a full date: "2018", "Eurocities 2020"; not "© 2013".
_YEAR_WORD = re.compile(rf"(?<![©\d.\-/])(?<!© )(?<!\(c\) )\b(?P<y>{_YEAR})\b(?![.\-/]?\d)")
_CREDIT_LINE = re.compile(r"©|\(c\)|\b(?:foto|photo|bild|image|credit)s?\b", re.IGNORECASE)
# The word before a year that makes it a year the page states for something that happened:
# a month or season ("September 2018", "Autumn 2022") or a name ("Eurocities 2020");
# not a preposition ("by 2020", "seit 2021", "in 2019") nor a plan ("Agenda 2030").
_YEAR_OWNER = re.compile(r"(?P<word>[^\W\d_][\w-]*)[ \t\u00a0]*,?[ \t\u00a0]*$")
_SEASON = re.compile(
    r"^(?:spring|summer|autumn|fall|winter|frühjahr|frühling|sommer|herbst|winter|"
    r"anfang|mitte|ende|early|mid|late)$",
    re.IGNORECASE,
)
_PLAN_WORD = LazyPattern(
    r"^(?:agenda|horizon|horizont|vision|strateg\w*|\w*plan|\w*ziel\w*|targets?|goals?|"
    r"pact|pakt|\w*programm?e?|roadmap|fahrplan|mission|leitbild|\w*konzept|covid|sdg\w*)$",
    re.IGNORECASE,
)
# A sentence about another event, still to come ("The next exchange visit will take place
# in Zutphen on 14 September 2024", "Im Herbst soll ein Gegenbesuch folgen").
_FUTURE = re.compile(
    r"\b(?:will(?:\s+\w+)?\s+(?:be|take|hold|meet|host|gather|follow|convene|run|open|"
    r"start|welcome|return)|shall|is going to|are going to|upcoming|forthcoming|"
    r"save the date|(?:is|are) scheduled|planned for|register\b|registration|deadline|"
    r"next (?:meeting|edition|event|conference|session|assembly|forum|summit|workshop|"
    r"exchange|visit|webinar|round|board meeting)|"
    r"soll(?:en)?\b|nächste[nrms]?|kommende[nrms]?|geplant|vormerken|anmeld\w*|"
    r"(?:wird|werden)\b[^.!?\n]{0,80}\b(?:stattfinden|folgen|tagen|ausgerichtet))",
    re.IGNORECASE,
)
# Lines that list other events or lead to other pages: the dates under them are theirs.
_LISTING_HEAD = LazyPattern(
    r"^(?:upcoming|next|forthcoming|future|more|other|further|related) (?:events?|webinars?|"
    r"dates|meetings|workshops)\b|^(?:kommende|nächste|weitere|aktuelle) (?:veranstaltungen|"
    r"termine|events?|webinare)\b|^(?:termine|save the date|veranstaltungskalender|"
    r"events? calendar|calendar|kalender)\s*:?$",
    re.IGNORECASE,
)
_NAV_LINE = LazyPattern(
    r"^(?:[«‹<←]\s*)?(?:previous|next|older|newer|prev|vorherige[rs]?|nächste[rs]?|zurück|"
    r"weiter|voriger|älter\w*|neuer\w*)\b[^\n]{0,20}(?:post|article|beitrag|artikel|"
    r"meldung|news|event|veranstaltung|entry|eintrag|page|seite)?",
    re.IGNORECASE,
)
# A calendar widget: a row of weekday abbreviations, rows of day numbers.
_WEEKDAY_ROW = re.compile(
    r"^\s*(?:(?:mo|tu|we|th|fr|sa|su|di|mi|do|so|mon|tue|wed|thu|fri|sat|sun)\.?\s+){4,}"
    r"(?:mo|tu|we|th|fr|sa|su|di|mi|do|so|mon|tue|wed|thu|fri|sat|sun)\.?\s*$",
    re.IGNORECASE,
)
_DAY_ROW = re.compile(r"^\s*(?:\d{1,2}\s+){2,}\d{1,2}\s*$|^\s*\d{1,2}\s*$")
# After a date, the page's relative year: "on 12 June last year", "am 3. Mai letzten Jahres".
_RELATIVE_YEAR = LazyPattern(
    r"[ \t,]*(?:(?:of|in)[ \t]+)?(?P<rel>last|this|the previous|the past|previous)[ \t]+year"
    r"|[ \t,]*(?:des[ \t]+)?(?P<rel_de>vergangenen|letzten|vorigen|diesen|dieses)[ \t]+Jahres",
    re.IGNORECASE,
)
# A publication line's time: "12.05.2022, 14:35 Uhr", "14 March 2024 | 10:45".
_TIME_AFTER = LazyPattern(
    r"^[\s,|·–—-]*(?:um|at)?\s*(?:[01]?\d|2[0-3])[:.][0-5]\d(?:\s*(?:uhr|h|am|pm))?\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateMention:
    """A date (or range) as written: parts may lack a year; ``start``/``end`` offsets."""

    day: int
    month: int
    year: int | None
    end_day: int | None
    end_month: int | None
    end_year: int | None
    start: int
    end: int
    standalone: bool  # alone on a short line, or labelled: a page's publication date
    numeric: bool = False
    line_only: bool = False  # standalone only for being alone on its line (no label, not numeric)
    labelled: bool = False  # on a "Datum:"/"Date:" line: the event's own date
    other: str | None = None  # why it is another event's date (a future one, a listing)

    def first(self) -> date | None:
        return _safe_date(self.year, self.month, self.day)

    def last(self) -> date | None:
        if self.end_day is None or self.end_month is None:
            return None
        return _safe_date(self.end_year, self.end_month, self.end_day)


def _safe_date(year: int | None, month: int, day: int) -> date | None:
    if year is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:  # 31 June and the like: a typo, not a date
        return None


def _month(name: str) -> int:
    return _MONTHS[name.rstrip(".").lower()]


def _raw_mentions(text: str) -> list[DateMention]:
    found: list[DateMention] = []
    for m in _DAY_MONTH.finditer(text):
        month, year = _month(m["m"]), int(m["y"]) if m["y"] else None
        d, d0 = int(m["d"]), int(m["d0"]) if m["d0"] else None
        if d0 is not None and d0 < d:
            found.append(DateMention(d0, month, year, d, month, year, m.start(), m.end(), False))
        else:
            found.append(DateMention(d, month, year, None, None, None, m.start(), m.end(), False))
    for m in _MONTH_DAY.finditer(text):
        month, year = _month(m["m"]), int(m["y"]) if m["y"] else None
        d1 = int(m["d1"]) if m["d1"] else None
        found.append(
            DateMention(
                int(m["d"]),
                month,
                year,
                d1,
                month if d1 else None,
                year if d1 else None,
                m.start(),
                m.end(),
                False,
            )
        )
    for m in _NUMERIC.finditer(text):
        if m["iy"]:
            y, mo, d = int(m["iy"]), int(m["im"]), int(m["id"])
        elif m["sy"]:
            a, b = int(m["a"]), int(m["b"])
            if (a > 12) == (b > 12):
                continue  # "03/04/2023": 3 April or 4 March; unsure, so no date
            y, (d, mo) = int(m["sy"]), ((a, b) if a > 12 else (b, a))
        else:
            y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
        found.append(DateMention(d, mo, y, None, None, None, m.start(), m.end(), False, True))
    found.sort(key=lambda x: (x.start, -x.end))
    # Drop mentions inside a longer one found by another pattern.
    kept: list[DateMention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


def _joined(a: DateMention, b: DateMention, text: str) -> DateMention | None:
    """'30-31 October & 2 November 2023', 'vom 30. Oktober bis 2. November': one range."""
    between = text[a.end : b.start]
    if a.numeric != b.numeric or (a.year and b.year and a.year > b.year):
        return None
    if len(between) > 16 or "\n" in between or not _JOIN.fullmatch(between):
        return None
    year_end = b.end_year or b.year
    year_start = a.year or (
        None if year_end is None else year_end - (1 if a.month > (b.end_month or b.month) else 0)
    )
    return DateMention(
        a.day,
        a.month,
        year_start,
        b.end_day or b.day,
        b.end_month or b.month,
        year_end,
        a.start,
        b.end,
        False,
    )


def find_dates(text: str) -> list[DateMention]:
    """Every date mention in ``text``, ranges joined, publication-date lines marked.

    >>> [m.first().isoformat() for m in find_dates("Workshop vom 28. bis 29. November 2023")]
    ['2023-11-28']
    >>> m = find_dates("held 30-31 October & 2 November 2023")[0]
    >>> m.first().isoformat(), m.last().isoformat()
    ('2023-10-30', '2023-11-02')
    """
    raw = _raw_mentions(without_calendars(text))
    merged: list[DateMention] = []
    for mention in raw:
        if merged:
            joined = _joined(merged[-1], mention, text)
            if joined is not None:
                merged[-1] = joined
                continue
        merged.append(mention)
    out = []
    for m in merged:
        # A publication date sits on a short line of its own; looking 80 characters either
        # way is enough, and keeps a one-line 5 MB page fast.
        nl = text.rfind("\n", max(0, m.start - 80), m.start)
        line_start = nl + 1 if nl >= 0 or m.start <= 80 else None
        nl = text.find("\n", m.end, m.end + 80)
        line_end = nl if nl >= 0 else (len(text) if len(text) - m.end <= 80 else None)
        if line_start is None or line_end is None:
            out.append(m)
            continue
        head = text[line_start : m.start]
        if _DATE_LABEL.match(head):
            out.append(replace(m, labelled=True))
            continue
        before = _PUBLISHED.sub("", head).strip()
        after = text[m.end : line_end].strip()
        # "Veröffentlicht am 20.09.2021 von Redaktion": a label says so, whatever follows;
        # so does a byline ("By Laura Jensen, Policy Officer | 25 June 2024").
        published = (_PUBLISHED.match(head) is not None and not before) or bool(
            _BYLINE_HEAD.match(head)
        )
        # "12.05.2022, 14:35 Uhr": a date with its time is when the page was posted.
        alone = (
            not after.strip(" |·-,") or _TIME_AFTER.match(after) is not None
        ) and line_end - line_start < 60
        if published or (m.numeric and not before and alone):
            m = replace(m, standalone=True)
        elif alone and len(before.split()) <= 3 and not _EVENT_CUE_NOUN.search(before):
            # "5 November 2020" under a heading, "de/3 vom 9. Juni 2015": a page's or an
            # issue's date, unless nothing else on the page is a date (see event_date).
            m = replace(m, standalone=True, line_only=True)
        out.append(m)
    return _mark_other_events(text, out)


def without_calendars(text: str) -> str:
    r"""``text`` with calendar widgets blanked (same length): the weekday row, the rows of
    day numbers and the month line above them.

    >>> without_calendars("« March 2021 »\nMo Tu We Th Fr Sa Su\n1 2 3\nText").split("\n")
    ['              ', '                    ', '     ', 'Text']
    """
    lines = text.split("\n")
    if not any(_WEEKDAY_ROW.match(line) for line in lines):
        return text
    blank = set()
    for i, line in enumerate(lines):
        if not _WEEKDAY_ROW.match(line):
            continue
        blank.add(i)
        if i > 0 and len(lines[i - 1]) <= 40:
            blank.add(i - 1)  # "« March 2021 »": the widget's month
        k = i + 1
        while k < len(lines) and _DAY_ROW.match(lines[k]):
            blank.add(k)
            k += 1
    return "\n".join(" " * len(x) if i in blank else x for i, x in enumerate(lines))


def _mark_other_events(text: str, mentions: list[DateMention]) -> list[DateMention]:
    """Mentions of other events' dates marked so: in a sentence about what is still to
    come, under a listing of other events, on a navigation line."""
    if not mentions:
        return mentions
    listed = _listed_spans(text)
    out = []
    for m in mentions:
        if m.labelled:
            out.append(m)
            continue
        line_start = text.rfind("\n", 0, m.start) + 1
        line_end = text.find("\n", m.end)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        if any(a <= m.start < b for a, b in listed):
            out.append(replace(m, other="listed under other events"))
        elif _NAV_LINE.match(line.strip()):
            out.append(replace(m, other="on a navigation line"))
        elif about_later(text, m.start):
            out.append(replace(m, other="in a sentence about what is still to come"))
        else:
            out.append(m)
    return out


# Words that open a clause of its own: a future after them is that clause's ("met on 3 May
# to plan how the solutions will be replicated"), not the date's.
_SUBORDINATE = re.compile(
    r"\b(?:how|what|whether|why|which|where|who|that|wie|was|ob|dass|welche[nrs]?|wo)\b",
    re.IGNORECASE,
)


def about_later(text: str, pos: int) -> bool:
    """Whether the sentence around ``pos`` is about what is still to come: a future before
    the date, or after it in the same clause.

    >>> about_later("The next visit will take place on 3 May 2024.", 35)
    True
    >>> about_later("Cities met on 3 May 2024 to plan how it will be replicated.", 14)
    False
    """
    low = max(0, pos - 400)
    left = max(text.rfind(". ", low, pos), text.rfind("\n", low, pos), low - 1) + 1
    sentence = _sentence_around(text, pos)
    at = pos - left
    for f in _FUTURE.finditer(sentence):
        if f.start() < at or not _SUBORDINATE.search(sentence, at, f.start()):
            return True
    return False


def _listed_spans(text: str) -> list[tuple[int, int]]:
    """The blocks under a heading that lists other events ("Upcoming events"), each up to
    the next blank line."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        if _LISTING_HEAD.match(line.strip()):
            end = text.find("\n\n", pos + len(line))
            spans.append((pos, end if end >= 0 else len(text)))
        pos += len(line) + 1
    return spans


HTML_DATE_CHARS = 100_000
"""How much of an HTML page htmldate reads for the page's own date: its head and the top of
its body say it; reading megabytes would take seconds."""


def page_published(html: str) -> date | None:
    """An HTML page's own publication date, as htmldate reads it (meta tags, ``<time>``,
    the page's date line), or ``None``.

    >>> page_published('<html><head><meta property="article:published_time"'
    ...                ' content="2022-07-14T09:00:00"></head><body><p>x</p></body></html>')
    datetime.date(2022, 7, 14)
    """
    import htmldate  # imported here: only HTML pages need it, and it takes 0.4 s to import

    found = htmldate.find_date(html[:HTML_DATE_CHARS], original_date=True, extensive_search=False)
    return date.fromisoformat(found) if found else None


@dataclass(frozen=True)
class EventDate:
    # The field is named like the type, so the type is spelled through its module.
    date: dt.date | None
    end_date: dt.date | None
    warnings: tuple[str, ...] = ()
    start: int = 0  # where the chosen date is written
    end: int = 0
    rule: str = ""  # which rule chose it ("dates.labelled_line", "dates.event_sentence", ...)


def _sentence_around(text: str, start: int) -> str:
    low, high = max(0, start - 400), min(len(text), start + 400)
    left = max(text.rfind(". ", low, start), text.rfind("\n", low, start), low - 1)
    right_candidates = [
        i for i in (text.find(". ", start, high), text.find("\n", start, high)) if i >= 0
    ]
    right = min(right_candidates) if right_candidates else high
    return text[left + 1 : right]


def _year_before(text: str, pos: int, mentions: list[DateMention]) -> tuple[int, str] | None:
    """The year the page states nearest before ``pos`` (else nearest after it), and where:
    a dated mention or a year a month, season or name owns ("Im September 2018", "Autumn
    2022", "Eurocities 2020"); not a photo credit's ``© 2013``, not "by 2020", "seit 2021"
    or "Agenda 2030", nor a year in a sentence about what is still to come."""
    found: list[tuple[int, int, str]] = []  # (offset, year, as written)
    for m in mentions:
        if m.year is not None and m.other is None:
            found.append((m.start, m.year, text[m.start : m.end]))
    for y in _YEAR_WORD.finditer(text):
        line_start = text.rfind("\n", 0, y.start()) + 1
        line_end = text.find("\n", y.end())
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        if _CREDIT_LINE.search(line) or not _owned_year(text, y.start(), line_start):
            continue
        if _FUTURE.search(_sentence_around(text, y.start())):
            continue
        words = text[max(line_start, y.start() - 40) : y.end()].split()
        found.append((y.start(), int(y["y"]), " ".join(words[-4:])))
    if not found:
        return None
    before = [f for f in found if f[0] < pos]
    _, year, written = max(before) if before else min(found)
    return year, written


def _owned_year(text: str, start: int, line_start: int) -> bool:
    """Whether the word before a year makes it a stated year: a month, a season, a name
    (capitalised, not a plan), or nothing (a year alone opening its line).

    >>> [_owned_year(t, len(t) - 4, 0) for t in ("Eurocities 2020", "by 2030", "Agenda 2030",
    ...                                          "Herbst 2022", "2019")]
    [True, False, False, True, True]
    """
    before = text[max(line_start, start - 40) : start]
    m = _YEAR_OWNER.search(before)
    if m is None:
        return not before.strip()
    word = m["word"]
    if word.rstrip(".").lower() in _MONTHS or _SEASON.match(word):
        return True
    return word[:1].isupper() and not _PLAN_WORD.match(word) and word.lower() not in _NOT_OWNERS


# Capitalised words before a year that are prepositions or articles opening a sentence.
_NOT_OWNERS = frozenset(
    (
        *("in", "im", "by", "bis", "seit", "since", "until", "till", "from", "ab", "vor"),
        *("before", "after", "nach", "to", "zum", "zur", "um", "the", "der", "die", "das"),
        *("den", "dem", "des", "year", "jahr", "jahre", "jahres", "anno", "ca"),
    )
)


def event_date(text: str, *, published: date | None = None) -> EventDate:
    """The date the event took place.

    The candidates in order: a date on a ``Datum:``/``Date:`` line; the first date (not a
    publication line) in an event sentence; the first such date at all; a date alone on
    its line that may be the page's own (with a warning). A candidate without a year takes
    it from the same day written elsewhere with one, else from the year the page states
    nearest before it (with a warning); a page without any year leaves the date empty.
    ``published`` is the page's own date when its HTML states one (``page_published``): a
    date equal to it outside an event sentence is that, not the event's; and it gives the
    year when the text gives none (a month after it: the year before).

    >>> event_date("06.04.2021\\nRückblick auf den Fachaustausch am 12. März 2021").date
    datetime.date(2021, 3, 12)
    >>> event_date("Treffen vom 26. bis 28. September in Rostock").date is None
    True
    >>> event_date("Forum 2019\\nDas Treffen fand am 3. Juli in Riga statt.").date
    datetime.date(2019, 7, 3)
    """
    found = find_dates(text)
    if published is not None:
        found = [
            replace(m, standalone=True)
            if m.first() == published
            and m.end_day is None
            and not m.labelled
            and not _EVENT_CUE.search(_sentence_around(text, m.start))
            else m
            for m in found
        ]
    mentions = [m for m in found if not m.standalone and m.other is None]
    warnings: list[str] = []
    if not mentions:
        weak = [m for m in found if m.line_only and m.other is None and _event_line(text, m)]
        if not weak:
            return EventDate(None, None, _why_no_date(found))
        # "June 3-5, 2025" or "Lisbon, 8 October 2024" under a programme's heading: a page
        # is not published over days, nor from a place.
        mentions = weak[:1]
        written = text[weak[0].start : weak[0].end]
        warnings.append(f"event date {written!r} stands alone on its line; taken as the event's")
    labelled = [m for m in mentions if m.labelled]
    cued = [m for m in mentions if _EVENT_CUE.search(_sentence_around(text, m.start))]
    chosen = (labelled or cued or mentions)[0]
    rule = (
        "dates.date_line_of_event"
        if chosen.line_only
        else "dates.labelled_line"
        if labelled
        else "dates.event_sentence"
        if cued
        else "dates.first_date"
    )
    year, end_year = chosen.year, chosen.end_year
    written = text[chosen.start : chosen.end]
    if year is None:
        for other in found:
            if (
                other.year
                and other.other is None
                and (other.day, other.month)
                == (
                    chosen.day,
                    chosen.month,
                )
            ):
                year = other.year
                end_year = end_year or (other.end_year if other.end_day == chosen.end_day else None)
                break
    relative = _RELATIVE_YEAR.match(text, chosen.end) if year is None else None
    if relative is not None:
        page_date = _page_date(found, published)
        if page_date is None:
            return EventDate(
                None,
                None,
                (
                    f"event date {written!r} is given relative to a date the page does not state; "
                    "date left empty",
                ),
            )
        said = (relative["rel"] or relative["rel_de"]).lower()
        year = page_date.year - (0 if said in ("this", "diesen", "dieses") else 1)
        warnings.append(
            f"event date {written!r} is {relative.group().strip(' ,')!r}: {year}, counted "
            f"from the page's date {page_date.isoformat()}"
        )
    if year is None:
        stated = _year_before(text, chosen.start, found)
        if stated is None and published is not None:
            later = chosen.month > published.month + 1  # a recap follows its event
            stated = (published.year - later, f"the page's date {published.isoformat()}")
        if stated is None:
            return EventDate(None, None, (f"event date {written!r} has no year; date left empty",))
        year = stated[0]
        if chosen.end_month is not None and chosen.end_month < chosen.month:
            end_year = year + 1  # "30. Dezember bis 2. Januar": the range crosses the year
        warnings.append(f"event date {written!r} has no year; {year} taken from {stated[1]!r}")
    first = _safe_date(year, chosen.month, chosen.day)
    last = None
    if chosen.end_day is not None and chosen.end_month is not None:
        last = _safe_date(end_year or year, chosen.end_month, chosen.end_day)
    if first is None:
        warnings = [f"event date {written!r} is not a calendar date"]
    return EventDate(first, last, tuple(warnings), chosen.start, chosen.end, rule)


def _why_no_date(found: list[DateMention]) -> tuple[str, ...]:
    if not found:
        return ()
    if any(m.other for m in found):
        return ("only other events' dates found, no event date",)
    if any(m.line_only for m in found):
        # "5 November 2020" alone under the heading: the page's date, not the event's.
        return ("only a date alone on its line found (the page's?); no event date",)
    return ("only a publication date found, no event date",)


_DATELINE_PLACE = LazyPattern(r"^[A-ZÄÖÜ][\w'’.-]+(?:[ -][A-ZÄÖÜ]?[\w'’.-]+){0,2},?$")


def _event_line(text: str, m: DateMention) -> bool:
    """A date alone on its line that is the event's, not the page's: a range of days, or
    a place before it ("Lisbon, 8 October 2024")."""
    if m.end_day is not None and m.last() != m.first():
        return True
    line_start = text.rfind("\n", 0, m.start) + 1
    return _DATELINE_PLACE.match(text[line_start : m.start].strip()) is not None


def _page_date(found: list[DateMention], published: date | None) -> date | None:
    """The date the page states for itself: its publication line, else its HTML date."""
    for m in found:
        if m.standalone and m.first() is not None:
            return m.first()
    return published
