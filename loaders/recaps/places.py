"""Countries and cities named in a recap, resolved to English canonical names.

All lookups go through ``graph.ingest.resolve``; this module adds what running text needs on top:
which capitalised word groups to try as city names, and which contexts make a gazetteer
hit a municipality of the page ("in Rostock", "City of Vienna", "Tartu (Estland)",
"Amman/Jordanien", a list with another city) rather than a common word or a surname.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from graph.ingest import resolve
from loaders.recaps import lexicon
from loaders.recaps.spans import SpanIndex, between

_WORD = re.compile(r"[\w'’]+(?:[-.][\w'’]+)*")
# Lower-case words inside a city name ("Rio de Janeiro", "Frankfurt am Main").
_CONNECTORS = lexicon.words("de do da dos das del la las los am an der im upon sur on")
_MAX_WORDS = 4
# A word before a city name that makes it a place of the page.
_CUE_BEFORE = lexicon.words(
    """in aus from of von vom de del nach to at bei für for stadt city gemeinde municipality
    hansestadt landeshauptstadt kommune greater town ville ciudad cidade municipio
    ayuntamiento alcaldía prefeitura mayor bürgermeister oberbürgermeister partnerstadt
    between zwischen with mit including darunter wie as städte städten cities kommunen
    municipalities gemeinden partnerstädte"""
)
# A word before a name that makes it something other than a municipality.
_REGION_BEFORE = lexicon.words(
    """region landkreis kreis provinz province bundesland state district bezirk
    metropolregion county departamento estado governorate gouvernement oblast"""
)
# Municipal bodies named with their town: "Umweltamt Leipzig", "Stadtwerke Heidelberg".
_CUE_ENDINGS = ("amt", "verwaltung", "werke", "betriebe", "rat")
_CODE_AFTER = re.compile(r"\s*\(\s*([A-Z]{2,3})\s*\)")
_LIST_GAP = re.compile(r"^\s*(?:,|und|and|or|oder|sowie|&|/|y|et)\s*(?:(?:und|and|or|oder)\s+)?$")


@dataclass(frozen=True)
class CityHit:
    name: str  # English canonical name
    country: str | None  # the country the text states right after it, English
    start: int
    end: int


@lru_cache(maxsize=16_384)
def _country_name(text: str) -> str | None:
    match = resolve.country(text)
    return match.name if match else None


@lru_cache(maxsize=65_536)
def _city(text: str, code: str | None, strict: bool) -> resolve.CityMatch | None:
    return resolve.city(text, country_code=code, strict=strict)


class Places:
    """Place lookups for one page (caches are module-wide; this holds no page state)."""

    def country(self, text: str) -> str | None:
        """The English name of the country ``text`` is exactly (a form of), else ``None``."""
        text = text.strip().strip("().")
        if not text or len(text) > 60:
            return None
        return _country_name(text)

    def country_code(self, name: str | None) -> str | None:
        match = resolve.country(name) if name else None
        return match.code if match else None

    def city_exact(self, text: str, *, country: str | None) -> str | None:
        """The English name of the city ``text`` is exactly, else ``None`` (countries are
        not cities: "Mexico" is the country)."""
        text = text.strip().strip("().")
        if not text or len(text) > 60 or not text[0].isupper() or self.country(text):
            return None
        match = _city(text, self.country_code(country), True)
        if match is None or not _written_as(text, match):
            return None
        return match.name

    def city_name(self, name: str, *, country: str | None) -> str | None:
        match = _city(name, self.country_code(country), False)
        return match.name if match else None

    def countries_in(self, text: str) -> list[tuple[int, int, str]]:
        """Country names in running text (any case form), in order, as English names."""
        return [(s, e, m.name) for s, e, m in resolve.find_countries(text)]

    def cities_in(self, text: str, *, skip: Sequence[tuple[int, int]] = ()) -> list[CityHit]:
        """Every capitalised word group in ``text`` that the gazetteer (strict) knows as a
        city, longest first, not overlapping ``skip`` spans or country names."""
        countries = self.countries_in(text)
        country_starts = [s for s, _, _ in countries]
        blocked = SpanIndex([*skip, *((s, e) for s, e, _ in countries)])
        words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
        hits: list[CityHit] = []
        i = 0
        while i < len(words):
            start, _, word = words[i]
            if not word[:1].isupper() or blocked.contains(start):
                i += 1
                continue
            hit = None
            for n in range(min(_MAX_WORDS, len(words) - i), 0, -1):
                group = words[i : i + n]
                last = group[-1][2]
                if not last[:1].isupper() or any(
                    not w[:1].isupper() and w not in _CONNECTORS for _, _, w in group
                ):
                    continue
                end = group[-1][1]
                if "\n" in text[start:end] or blocked.overlaps(start, end):
                    continue
                if end < len(text) - 1 and text[end] == "-" and text[end + 1].isalpha():
                    continue  # part of a compound: "Tartu-Modell", "Connective-Cities-Netz"
                written = text[start:end]
                if written.endswith(("'s", "’s")):  # "Tartu's"
                    written, end = written[:-2], end - 2
                if n == 1 and written.casefold() in lexicon.NOT_NAME_WORDS:
                    continue
                name = self.city_exact(written, country=None)
                if name:
                    hit = (n, name, end)
                    break
            if hit is None:
                i += 1
                continue
            n, name, end = hit
            stated = _country_after(text, end, between(countries, country_starts, end, end + 4))
            if stated:
                name = self.city_name(text[start:end], country=stated) or name
            hits.append(CityHit(name, stated, start, end))
            i += n
        return hits

    def running_text_cities(
        self, text: str, *, skip: Sequence[tuple[int, int]] = ()
    ) -> list[CityHit]:
        """The cities of ``cities_in`` that the context marks as municipalities: a cue word
        before ("in", "aus", "City of", "Stadtplanungsamt"), a country after, or a list
        with another such city. "Region Stuttgart" is a region, not the city."""
        hits = self.cities_in(text, skip=skip)
        accepted = [False] * len(hits)
        for k, hit in enumerate(hits):
            before = _word_before(text, hit.start)
            if before in _REGION_BEFORE:
                continue
            if hit.country or before in _CUE_BEFORE or before.endswith(_CUE_ENDINGS):
                accepted[k] = True
        changed = True
        while changed:
            changed = False
            # A list goes on from its first, cued item: "from Hamburg, Munich or Lutsk".
            for k in range(1, len(hits)):
                if accepted[k] or not accepted[k - 1]:
                    continue
                if _word_before(text, hits[k].start) in _REGION_BEFORE:
                    continue
                if _LIST_GAP.match(text[hits[k - 1].end : hits[k].start]):
                    accepted[k] = changed = True
        return [h for h, ok in zip(hits, accepted, strict=True) if ok]


def _written_as(text: str, match: resolve.CityMatch) -> bool:
    """The gazetteer folds accents away; a word in a text is a city only when it is spelled
    like one of the city's names ("März" is not the town of Marz)."""
    written = " ".join(text.casefold().split())
    return any(written == " ".join(n.casefold().split()) for n in (match.name, *match.names))


def _word_before(text: str, pos: int) -> str:
    m = re.search(r"([\w'’-]+)[^\w\n]{0,3}$", text[max(0, pos - 40) : pos])
    return m.group(1).casefold() if m else ""


def _country_after(text: str, end: int, countries: Sequence[tuple[int, int, str]]) -> str | None:
    """The country stated right after a city: "Tartu (Estland)", "Amman/Jordanien",
    "Toluca, Mexico" (``countries``: the country names starting just after it)."""
    code = _CODE_AFTER.match(text, end)
    if code:  # "Tartu (EE)": ISO codes only in capitals, so "(in)" is no country
        match = resolve.country(code.group(1))
        if match:
            return match.name
    for s, _e, name in countries:
        if s < end:
            continue
        gap = text[end:s]
        if re.fullmatch(r"\s*(?:\(\s*|/\s*|,\s*|\s-\s)", gap):
            return name
        break
    return None
