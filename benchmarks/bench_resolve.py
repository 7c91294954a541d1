"""How long graph.ingest.resolve takes: opening its index file once, then each lookup.

The index file is built when the cache has none for the current data (see
graph.ingest.gazetteer); benchmarks/extract_startup.py measures that first run.

Run: ``.venv/bin/python benchmarks/bench_resolve.py`` (prints figures, asserts nothing).
"""

from __future__ import annotations

import random
import resource
import time
from collections.abc import Callable

from graph.ingest import resolve

# A German-looking word stream: place names, common words that must not match, glue words.
WORDS = [
    "Am",
    "Treffen",
    "nahmen",
    "Vertreter",
    "aus",
    "Georgien",
    "der",
    "Ukraine",
    "Weißrussland",
    "Bosnien",
    "und",
    "Herzegowina",
    "Tschechischen",
    "Republik",
    "Mexiko",
    "Brasilien",
    "Deutschland",
    "teil",
    "Die",
    "Stadt",
    "Tartu",
    "stellte",
    "Mission",
    "vor",
    "Kiew",
    "Tiflis",
    "München",
    "Köln",
    "La",
    "Paz",
    "Union",
    "Program",
    "Ensemble",
    "Rostock",
    "Puebla",
    "Toluca",
    "Benslimane",
    "Winnyzja",
    "eThekwini",
    "Gemeinde",
    "in",
]


def seconds(fn: Callable[[], object], *, repeat: int = 1) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        fn()
    return (time.perf_counter() - start) / repeat


def main() -> None:
    rng = random.Random(42)
    words = [rng.choice(WORDS) for _ in range(10_000)]
    text = " ".join(words)
    n = len(words)

    print(f"index open + countries: {seconds(lambda: resolve.country('Estland')):.3f} s")
    print(f"first city lookup:      {seconds(lambda: resolve.city('Tartu')):.3f} s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory after both: {peak:.0f} MB")

    def fresh(lookup: Callable[[str], object], clear: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            for w in words:
                clear()  # every call misses the lookup cache: the cost of a new word
                lookup(w)

        return run

    rows = [
        ("country(word), new words", fresh(resolve.country, resolve._country_code.cache_clear)),
        ("country(word), repeated words", lambda: [resolve.country(w) for w in words]),
        (
            "city(word, strict=True), new words",
            fresh(lambda w: resolve.city(w, strict=True), resolve._city_at.cache_clear),
        ),
        (
            "city(word, country_code='DE'), repeated words",
            lambda: [resolve.city(w, country_code="DE") for w in words],
        ),
        ("find_countries(10,000-word text)", lambda: resolve.find_countries(text)),
    ]
    for label, fn in rows:
        print(f"{label:<48} {seconds(fn, repeat=3) / n * 1e6:6.2f} µs per word")


if __name__ == "__main__":
    main()
