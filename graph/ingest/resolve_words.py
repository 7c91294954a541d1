"""Regenerate ``graph/ingest/data/common_words.txt``: place names that are also common words.

``graph.ingest.resolve.city(..., strict=True)`` refuses these, so a recap loader that tries
capitalised words of running text as cities does not turn "Mission", "Essen", "Kinder" or
"Centro" into one. Only names strict matching could reach are considered (main names, and
alternate names of big cities). A name is listed when it is

1. in a spelling dictionary in lower case (a verb, adjective, function word, or an
   English/Spanish/French/Portuguese noun) and frequent in that language (wordfreq Zipf
   >= ``LOWER_ZIPF``), or
2. in the German dictionary capitalised (a noun or a first name: "Kinder", "Martin") with
   Zipf >= ``GERMAN_NOUN_ZIPF``,

and no place a recap would name: not a name of a German-speaking town of
``GERMAN_TOWN`` people, not the main name of a city of ``BIG_CITY`` people, not a German
exonym in ``KEEP``. The hand-kept ``ALWAYS`` (German nouns like Stadt, Halle, Essen;
words like Reading, Man) are listed whatever the city.

Run (a developer's tool: ``apt-get install wamerican wngerman wspanish wfrench
wbrazilian``, ``pip install wordfreq``)::

    .venv/bin/python -m graph.ingest.resolve_words /usr/share/dict/american-english:en \
        /usr/share/dict/ngerman:de /usr/share/dict/spanish:es /usr/share/dict/french:fr \
        /usr/share/dict/brazilian:pt > graph/ingest/data/common_words.txt
"""

from __future__ import annotations

import sys
from pathlib import Path

from graph.ingest import resolve
from graph.ingest.resolve_text import fold

# Words listed whatever the city (reviewed by hand from the places rules 1 and 2 spared).
ALWAYS = (
    # German nouns frequent in recaps (German capitalises every noun)
    "Altstadt",
    "Alpen",
    "Bad",
    "Berg",
    "Brücke",
    "Buch",
    "Dorf",
    "Ebene",
    "Ende",
    "Essen",
    "Favoriten",
    "Feld",
    "Forum",
    "Gemeinde",
    "Haar",
    "Hafen",
    "Halle",
    "Haus",
    "Heide",
    "Hof",
    "Horn",
    "Kalk",
    "Kirche",
    "Kirchen",
    "Kita",
    "Korb",
    "Lage",
    "Land",
    "Länder",
    "Mark",
    "Markt",
    "Meilen",
    "Mitte",
    "Netz",
    "Neubau",
    "Norden",
    "Nuss",
    "Ort",
    "Pest",
    "Platz",
    "Projekt",
    "Rat",
    "Rathaus",
    "Sitten",
    "Stadt",
    "Stein",
    "Stelle",
    "Tal",
    "Wald",
    "Waren",
    "Weg",
    "Welt",
    "Wiese",
    "Zentrum",
    "Zug",
    "Zukunft",
    # first names
    "Charlotte",
    "George",
    "Julia",
    "Mary",
    "Victor",
    # English and Romance words that are also a big city's name
    "Buffalo",
    "Commonwealth",
    "Delta",
    "Enterprise",
    "Hard",
    "Hub",
    "Independence",
    "Kilo",
    "Man",
    "Metro",
    "Mobile",
    "Much",
    "Orange",
    "Paradise",
    "Poll",
    "Reading",
    "Sale",
    "Springs",
    "Surprise",
    "Van",
    "Vista",
    "Wedding",
    "Anda",
    "Bon",
    "Da",
    "Ho",
    "Nada",
    "Se",
    "Tema",
    "Una",
)

# German exonyms of cities: alternate names, so the population test cannot see them.
KEEP = frozenset(
    fold(w)
    for w in (
        "Wien",
        "München",
        "Rom",
        "Prag",
        "Moskau",
        "Mailand",
        "Venedig",
        "Athen",
        "Genf",
        "Brüssel",
        "Warschau",
        "Kiew",
        "Lissabon",
        "Florenz",
        "Neapel",
        "Belgrad",
        "Bukarest",
        "Kopenhagen",
        "Tiflis",
        "Eriwan",
        "Kairo",
        "Peking",
        "Tokio",
        "Krakau",
        "Breslau",
        "Danzig",
        "Posen",
        "Lemberg",
        "Pressburg",
        "Laibach",
        "Sankt Petersburg",
        "Den Haag",
        "Antwerpen",
        "Lüttich",
        "Straßburg",
        "Mexiko-Stadt",
        "Kapstadt",
        "Algier",
        "Damaskus",
        "Bagdad",
        "Teheran",
        "Nizza",
        "Genua",
        "Lisboa",
        "Roma",
    )
)

LOWER_ZIPF = {"en": 4.0, "de": 5.0, "es": 4.5, "fr": 4.5, "pt": 4.5}
"""German capitalises a lower-case word only at a sentence start, English also in titles
("Mission", "Union"); Spanish, French and Portuguese words appear in recaps in names."""
GERMAN_NOUN_ZIPF = 3.5
BIG_CITY = 100_000
GERMAN_TOWN = 10_000
GERMAN_SPEAKING = frozenset({"DE", "AT", "CH", "LI", "LU"})


def _words(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    return {w.split("/")[0] for w in text.split() if "'" not in w}


def _reachable() -> tuple[set[str], set[str]]:
    """The keys strict matching can hit, and those of them that are places (see above)."""
    idx = resolve._index()
    reachable: set[str] = set()
    places: set[str] = set(KEEP)
    for key, city_id, main in idx.all_keys():
        city = idx.city(city_id)
        if not main and city.population < resolve.STRICT_ALIAS_MIN_POPULATION:
            continue
        reachable.add(key)
        if (city.country_code in GERMAN_SPEAKING and city.population >= GERMAN_TOWN) or (
            main and city.population >= BIG_CITY
        ):
            places.add(key)
    return reachable, places


def common_place_words(dictionaries: list[tuple[Path, str]]) -> list[str]:
    """Folded names strict city matching could hit that are common words (see above)."""
    from wordfreq import zipf_frequency  # a developer's tool, not a runtime dependency

    reachable, places = _reachable()
    found: set[str] = set()
    for path, lang in dictionaries:
        for word in _words(path):
            key = fold(word)
            if key not in reachable or key in places or key in found:
                continue
            if word[:1].islower():
                common = zipf_frequency(word, lang) >= LOWER_ZIPF[lang]
            else:
                common = lang == "de" and zipf_frequency(word, lang) >= GERMAN_NOUN_ZIPF
            if common:
                found.add(key)
    return sorted(found | ({fold(w) for w in ALWAYS} & reachable))


def main(argv: list[str] | None = None) -> None:
    args = argv if argv is not None else sys.argv[1:]
    dictionaries = [(Path(a.rpartition(":")[0]), a.rpartition(":")[2]) for a in args]
    print("# Common words (en, de, es, fr, pt) that are also the name of a place in GeoNames.")
    print("# graph.ingest.resolve.city(..., strict=True) never matches these (see docs/places.md).")
    print("# Generated by `python -m graph.ingest.resolve_words` (see its docstring): edit that.")
    for word in common_place_words(dictionaries):
        print(word)


if __name__ == "__main__":
    main()
