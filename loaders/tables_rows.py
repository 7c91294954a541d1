"""Row models of the table loader: one pydantic model per table, ``extra="forbid"``.

Every row of every table is validated here before anything is built, so a bad cell fails
at the boundary with the column it is in. Cells arrive as text (CSV) or as JSON/YAML
values; empty cells mean "not stated". List cells are ``;``-separated text or real lists.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from graph.core.days import parse_day

FORMATS = ("virtual", "in-person", "hybrid")


def split_list(value: Any) -> list[str]:
    """``'a; b;;c'`` -> ``['a', 'b', 'c']``; lists pass through with blanks dropped.

    >>> split_list(["a", ["b"]])
    Traceback (most recent call last):
    ...
    ValueError: expected a value or a list of values, not nested lists
    """
    if value is None:
        return []
    if isinstance(value, list | tuple) and any(isinstance(v, list | tuple | dict) for v in value):
        raise ValueError("expected a value or a list of values, not nested lists")
    items = value if isinstance(value, list | tuple) else str(value).split(";")
    return [str(item).strip() for item in items if item is not None and str(item).strip()]


class Row(BaseModel):
    """Common to every table: unknown columns fail; blank cells are ``None``."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    synthetic: bool | None = None

    @model_validator(mode="before")
    @classmethod
    def _blanks_are_none(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: None if isinstance(v, str) and not v.strip() else v for k, v in data.items()}
        return data

    @field_validator("*", mode="before")
    @classmethod
    def _no_nested(cls, value: Any) -> Any:
        if isinstance(value, dict):
            raise ValueError("expected a value, not a nested mapping")
        if isinstance(value, list | tuple) and any(
            isinstance(v, list | tuple | dict) for v in value
        ):
            raise ValueError("expected a value or a list of values, not nested lists")
        return value


class EventRef(Row):
    """A reference to an event: its ``key`` or title, plus the date when titles repeat."""

    event: str
    event_date: dt.date | None = None

    check_event_date = field_validator("event_date", mode="before")(parse_day)


class EventRow(Row):
    key: str | None = None
    title: str
    date: dt.date | None = None
    end_date: dt.date | None = None
    format: Literal["virtual", "in-person", "hybrid"] | None = None
    participants_count: int | None = None
    url: str | None = None
    lang: str | None = None
    venue_city: str | None = None
    venue_country: str | None = None
    topics: list[str] = []
    countries: list[str] = []

    check_dates = field_validator("date", "end_date", mode="before")(parse_day)

    @field_validator("format", mode="before")
    @classmethod
    def _format(cls, value: Any) -> Any:
        text = str(value).strip().lower().replace(" ", "-") if value is not None else None
        aliases = {
            "online": "virtual",
            "in-presence": "in-person",
            "inperson": "in-person",
            "on-site": "in-person",
            "onsite": "in-person",
        }
        text = aliases.get(text or "", text)
        if text is not None and text not in FORMATS:
            raise ValueError(f"format {value!r} is not one of {', '.join(FORMATS)}")
        return text

    @field_validator("participants_count", mode="before")
    @classmethod
    def _count(cls, value: Any) -> Any:
        if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
            raise ValueError(f"participants_count must be a whole number, not {value!r}")
        if isinstance(value, str) and not value.strip().isdigit():
            raise ValueError(f"participants_count must be a whole number, not {value!r}")
        if value is not None and int(value) < 0:
            raise ValueError("participants_count cannot be negative")
        return value

    check_lists = field_validator("topics", "countries", mode="before")(split_list)

    @model_validator(mode="after")
    def _ends_after_start(self) -> EventRow:
        if self.date and self.end_date and self.end_date < self.date:
            raise ValueError(f"end_date {self.end_date} is before date {self.date}")
        return self


class CityRow(Row):
    name: str
    country: str
    lat: float | None = None
    lon: float | None = None
    names: list[str] = []

    check_lists = field_validator("names", mode="before")(split_list)

    @model_validator(mode="after")
    def _coordinates(self) -> CityRow:
        if (self.lat is None) != (self.lon is None):
            raise ValueError("give both lat and lon, or neither")
        if self.lat is not None and not -90 <= self.lat <= 90:
            raise ValueError(f"lat {self.lat} is outside -90..90")
        if self.lon is not None and not -180 <= self.lon <= 180:
            raise ValueError(f"lon {self.lon} is outside -180..180")
        return self


class PersonRow(Row):
    name: str
    role: str | None = None
    organisation: str | None = None
    city: str | None = None
    country: str | None = None


class OrganisationRow(Row):
    name: str


class TopicRow(Row):
    name: str
    names: list[str] = []

    check_lists = field_validator("names", mode="before")(split_list)


class PracticeRow(Row):
    title: str
    city: str | None = None
    country: str | None = None
    event: str | None = None
    event_date: dt.date | None = None
    presenter: list[str] = []
    topics: list[str] = []
    summary: str | None = None

    check_event_date = field_validator("event_date", mode="before")(parse_day)
    check_lists = field_validator("presenter", "topics", mode="before")(split_list)


class SpeakerRow(EventRef):
    person: str
    role: str | None = None
    organisation: str | None = None
    city: str | None = None
    country: str | None = None


class ParticipantRow(EventRef):
    country: str


class TableSpec(BaseModel):
    """What the loader knows about one table: its model, and the order it is built in."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    name: str
    model: type[Row]
    order: int
    aliases: tuple[str, ...] = ()

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(n for n, f in self.model.model_fields.items() if f.is_required())

    @property
    def columns(self) -> tuple[str, ...]:
        names = [n for n in self.model.model_fields if n != "synthetic"]
        return (*names, "synthetic")


# Entity tables first, so the tables that refer to them find them built.
TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec(name="events", model=EventRow, order=0),
        TableSpec(name="cities", model=CityRow, order=1),
        TableSpec(name="topics", model=TopicRow, order=2),
        TableSpec(name="organisations", model=OrganisationRow, order=3, aliases=("organizations",)),
        TableSpec(name="people", model=PersonRow, order=4, aliases=("persons",)),
        TableSpec(name="practices", model=PracticeRow, order=5),
        TableSpec(name="speakers", model=SpeakerRow, order=6),
        TableSpec(
            name="participants",
            model=ParticipantRow,
            order=7,
            aliases=("participation", "participations"),
        ),
    )
}
