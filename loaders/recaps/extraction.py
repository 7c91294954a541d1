"""What one recap states, as typed records: from ``extract_page`` to the graph records and
the CLI's JSON (``to_json`` gives the shape of ``shared/EXTRACTION.md``).

Records are frozen: the rules build them once, and everything downstream reads fields,
never dictionary keys.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class EventInfo:
    """The event a recap reports. ``date`` is when it took place, not the publication."""

    title: str
    date: dt.date | None = None
    end_date: dt.date | None = None
    format: str | None = None  # "virtual" | "in-person" | "hybrid"
    venue_city: str | None = None
    venue_country: str | None = None
    participants_count: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "end_date": self.end_date.isoformat() if self.end_date else None,
            "format": self.format,
            "venue_city": self.venue_city,
            "venue_country": self.venue_country,
            "participants_count": self.participants_count,
        }


@dataclass(frozen=True)
class CityRef:
    """A municipality the page names; ``country`` is the one written beside it, if any."""

    name: str
    country: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "country": self.country}


@dataclass(frozen=True)
class PersonRef:
    """A named individual with what the page says about them."""

    name: str
    role: str | None = None
    organisation: str | None = None
    city: str | None = None
    country: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "role": self.role,
            "organisation": self.organisation,
            "city": self.city,
            "country": self.country,
        }


@dataclass(frozen=True)
class PracticeRef:
    """A practice a city presented; ``presenters`` are names listed in ``people``.

    ``topics`` are the practice's own (from its title and the words that state it), then
    the event's.
    """

    title: str
    city: str | None = None
    country: str | None = None
    presenters: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()

    @property
    def presenter(self) -> str | None:
        """The contract's one-string form: names joined by "; "."""
        return "; ".join(self.presenters) or None

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "city": self.city,
            "country": self.country,
            "presenter": self.presenter,
            "topics": list(self.topics),
        }


@dataclass(frozen=True)
class Evidence:
    """Where the page states one printed fact: ``text[start:end]`` of the extraction's
    text is the passage, ``rule`` the rule that found it. ``field`` is one of
    ``event.title``, ``event.date``, ``countries``, ``cities``, ``people``,
    ``practices``, ``topics``; ``value`` the fact as printed in that field."""

    field: str
    value: str
    start: int
    end: int
    rule: str

    def to_json(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "value": self.value,
            "start": self.start,
            "end": self.end,
            "rule": self.rule,
        }


@dataclass(frozen=True)
class Rejection:
    """A candidate a rule turned down (``citygraph evaluate -v`` names it beside a miss)."""

    field: str
    value: str
    rule: str


@dataclass(frozen=True)
class Extraction:
    """One recap's extraction. ``event`` is ``None`` for a page that reports no event.

    >>> x = Extraction(source="a.txt", lang="en", event=EventInfo("Open data day"))
    >>> x.to_json()["event"]["title"], x.to_json()["people"]
    ('Open data day', [])
    """

    source: str
    lang: str | None
    event: EventInfo | None
    url: str | None = None  # the page's address, when the page states it (not in the JSON)
    countries: tuple[str, ...] = ()
    cities: tuple[CityRef, ...] = ()
    people: tuple[PersonRef, ...] = ()
    practices: tuple[PracticeRef, ...] = ()
    topics: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    text: str = ""  # the page as read (after HTML to text)
    evidence: tuple[Evidence, ...] = ()
    rejected: tuple[Rejection, ...] = ()

    def passages(self, field: str, value: str) -> list[Evidence]:
        """The evidence for one printed fact."""
        return [e for e in self.evidence if e.field == field and e.value == value]

    def person(self, name: str) -> PersonRef | None:
        """The listed person called ``name`` (as written in ``people``), if any."""
        return next((p for p in self.people if p.name == name), None)

    def to_json(self) -> dict[str, Any]:
        """The extraction contract's JSON object (``shared/EXTRACTION.md``)."""
        return {
            "source": self.source,
            "lang": self.lang,
            "event": self.event.to_json() if self.event else None,
            "countries": list(self.countries),
            "cities": [c.to_json() for c in self.cities],
            "people": [p.to_json() for p in self.people],
            "practices": [p.to_json() for p in self.practices],
            "topics": list(self.topics),
            "warnings": list(self.warnings),
            "text": self.text,
            "evidence": [e.to_json() for e in self.evidence],
        }
