"""People: names with their prefixes, speaker lines, people in running text, authors.

A personal name here is 2 to 6 capitalised words, with lower-case particles inside
("Marcelo Cintra do Amaral") and initials ("Angel R Molinero"); honorifics (Mr., Dra.,
Eng., Frau, Herrn) are stripped. Words that make talk titles and organisations
(``lexicon.NOT_NAME_WORDS``) are never part of a name, so "Technical Analysis" is not
a person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders.recaps import lexicon
from loaders.recaps.extraction import PersonRef
from loaders.recaps.lazy import LazyPattern
from loaders.recaps.places import Places

_UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"  # Latin capitals incl. accented ones
_NAME_TOKEN = re.compile(rf"^(?:[{_UPPER}][\w'’]*(?:-[\w'’]+)*|[{_UPPER}]\.?)$")
_INITIAL = re.compile(rf"^[{_UPPER}]\.?$")
_PREFIX_AT_START = re.compile(rf"^\s*(?:{lexicon.PREFIX_RE}\s*)+")
# A running-text name after an honorific: capitalised words and inner particles.
# Bounded lengths keep every rule linear in the text ("Anna-Anna-Anna-..." is no trap).
_NAME_WORD = rf"[{_UPPER}][\w'’]{{0,30}}(?:-[\w'’]{{1,30}}){{0,3}}"
_PARTICLE = "|".join(sorted(lexicon.PARTICLES, key=len, reverse=True))
# Words of one name are on one line: "Der Fall Tartu\nRaimond Tamm" holds one name, not two.
_NAME_SPAN = (
    rf"{_NAME_WORD}(?:[ \t]+(?:(?:{_PARTICLE})[ \t]+)?(?:{_NAME_WORD}|[{_UPPER}]\.?(?=\s)))"
    + "{1,5}"
)
NAME_SPAN = _NAME_SPAN
UPPER = _UPPER
# A finite verb inside a ", <role>" apposition: the words after the comma are a clause.
_CLAUSE_VERB = re.compile(
    r"\b(?:presented|presents|opened|welcomed|gave|spoke|explained|showed|reported|"
    r"introduced|described|outlined|highlighted|shared|discussed|stressed|emphasi[sz]ed|"
    r"said|followed|led|moderated|is|was|were|has|had|"
    r"berichtete[n]?|präsentierte[n]?|erläuterte[n]?|erklärte[n]?|stellte[n]?|zeigte[n]?|"
    r"sprach(?:en)?|eröffnete[n]?|begrüßte[n]?|referierte[n]?|moderierte[n]?|betonte[n]?|"
    r"ist|war|waren|hat|hatte)\b",
    re.IGNORECASE,
)
# Words that open a clause, not an organisation: "berichtete über", "aus Kiel", "from Kiel".
_SENTENCE_OPENER = LazyPattern(
    rf"(?:{_CLAUSE_VERB.pattern}|\b(?:aus|von|vom|in|im|am|an|auf|mit|über|für|bei|from|of|"
    r"at|on|about|with|for|and|und|der|die|das|the|who|which|wo)\b)",
    re.IGNORECASE,
)


def clause_verb(text: str) -> bool:
    """Whether ``text`` holds a finite verb: words after a comma that make a clause."""
    return _CLAUSE_VERB.search(text) is not None


_NEVER_IN_NAME = lexicon.NOT_NAME_WORDS | lexicon.PREFIX_WORDS
# German articles that particles share ("Maria das Dores" is rarer in recaps than "stellte
# X Y das Konzept vor"); inside a candidate they end the name.
_GERMAN_ARTICLES = frozenset({"das", "den", "dem"})


@dataclass
class Person:
    """A person as the page states them; unknown fields stay ``None``."""

    name: str
    role: str | None = None
    organisation: str | None = None
    city: str | None = None
    country: str | None = None
    spans: list[tuple[int, int]] = field(default_factory=list)
    rule: str = ""  # the rule that found them ("people.role_before", "talks.speaker_line")
    origin: tuple[int, int] | None = None  # the passage that states them (a speaker line)

    @property
    def stated_at(self) -> tuple[int, int]:
        """Where the page states this person: the rule's passage, else the first mention."""
        return self.origin or (self.spans[0] if self.spans else (0, 0))

    def record(self) -> PersonRef:
        return PersonRef(self.name, self.role, self.organisation, self.city, self.country)


def strip_prefixes(text: str) -> str:
    """ "Dra. Karla Vera" -> "Karla Vera"; "Prof. Dr. Eva Roe" -> "Eva Roe"."""
    return _PREFIX_AT_START.sub("", text).strip()


def has_prefix(text: str) -> bool:
    return _PREFIX_AT_START.match(text) is not None


def is_name(text: str, *, initials: bool = False) -> bool:
    """Whether ``text`` (prefixes stripped) is shaped like a personal name.

    >>> is_name("Marcelo Cintra do Amaral"), is_name("Technical Analysis")
    (True, False)
    >>> is_name("Ursula von der Leyen"), is_name("Treffen von Sabine Hahn")
    (True, False)
    """
    tokens = text.split()
    if not 2 <= len(tokens) <= 6:
        return False
    if tokens[0].casefold() in lexicon.PARTICLES or tokens[-1].casefold() in lexicon.PARTICLES:
        return False
    if _INITIAL.match(tokens[-1]) or (_INITIAL.match(tokens[0]) and not initials):
        return False
    if any(t in _GERMAN_ARTICLES for t in tokens[1:-1]):
        return False  # "Benjamin Schneider das Konzept": an article ends a name
    if any(t.casefold() in lexicon.PARTICLES for t in tokens[1:-1]) and not (
        _INITIAL.match(tokens[0]) or lexicon.is_given_name(tokens[0])
    ):
        return False  # "Verschattung von Spielplätzen", "Treffen von Sabine Hahn"
    capitalised = 0
    for position, token in enumerate(tokens):
        folded = token.casefold()
        if folded in lexicon.PARTICLES:
            continue
        if any(ch.isdigit() for ch in token):
            return False  # "K076i": no word of a name holds a digit
        initial = _INITIAL.match(token) is not None  # "M" is an initial, not "M." (Monsieur)
        if not _NAME_TOKEN.match(token) or (folded.strip(".") in _NEVER_IN_NAME and not initial):
            return False
        if lexicon.ROLE_WORDS.fullmatch(token) or lexicon.ROLE_COMPOUND.fullmatch(token):
            return False  # "Oberbürgermeisterin", "Director", "Vizepräsident"
        # GIZ, BMZ, UNDP: acronyms, not names; but "Maria GONZÁLEZ" writes a surname so.
        if (
            len(token) > 2
            and token.isupper()
            and (len(token) < 4 or position == 0 or tokens[0].isupper())
        ):
            return False
        capitalised += 1
    return capitalised >= 2


def trim_name(candidate: str, *, keep_end: bool = False, initials: bool = False) -> str | None:
    """The longest part of a captured span that is a name: its start ("Giorgi Khishtovani
    Methodik" -> "Giorgi Khishtovani"), or with ``keep_end`` its end ("Aus Sfax Leila
    Trabelsi" -> "Leila Trabelsi", for a name that a comma follows)."""
    tokens = candidate.split()
    while len(tokens) >= 2:
        name = " ".join(tokens)
        if is_name(name, initials=initials):
            return name
        tokens.pop(0 if keep_end else -1)
    return None


def split_names(part: str) -> list[str]:
    """The names in a speaker line's first part: "Dr. A B & C D", "Mr. A B / Mr. C D"."""
    pieces = re.split(r"\s+(?:/|&|und|and|y|e)\s+|\s*/\s*", part)
    names = [strip_prefixes(p) for p in pieces]
    return names if names and all(is_name(n) for n in names) else []


# A role written before the name in a speaker line: "Oberbürgermeisterin Katja Roe, Bonn".
_ROLE_PREFIX = re.compile(
    r"^(?P<role>(?:(?:Lord|Deputy)\s+)?Mayor|(?:Ober)?[Bb]ürgermeister(?:in)?|"
    r"Stadtr(?:at|ätin)|Alcalde(?:sa)?|Prefeit[oa]|Minister(?:in)?|Governor|"
    r"Präsident(?:in)?|President)\s+(?P<rest>.+)$"
)


@dataclass
class SpeakerLine:
    """A parsed line "Name[, Role][, Organisation][, City][, Country]"."""

    people: list[Person]
    organisation: str | None
    city: str | None
    country: str | None
    title: str | None = None  # a talk title on the same line: "Name (Org): Title"
    unresolved_city: str | None = None  # the city part, kept as written: no gazetteer entry


# "Moderation: Name, Org" / "Speaker: Name": the label says the role.
_LABEL = re.compile(
    r"^(?P<label>moderation|moderiert von|moderator(?:in)?|moderated by|facilitat(?:or|ion)|"
    r"(?:session )?chair(?:ed by|person)?|vorsitz|sitzungsleitung|leitung|"
    r"moderator(?:in)? (?:of the day|des tages)|chair of the [\w ]{3,30}|"
    r"referent(?:in)?|speakers?|sprecher(?:in)?|redner(?:in)?|input|impuls|keynote)\s*:\s*"
    r"(?P<rest>.+)$",
    re.IGNORECASE,
)
_LABEL_ROLE = {
    **dict.fromkeys(("moder", "facil"), "moderator"),
    **dict.fromkeys(("chair", "sessi", "vorsi", "sitzu", "leitu"), "chair"),
}
_PLACE_SHAPED = LazyPattern(rf"^[{_UPPER}][\w'’.-]*(?:[ -][{_UPPER}][\w'’.-]*){{0,2}}$")
# "Jana Roe, City of Kiel, Germany – Title": a title after the last dash (no comma in it)
_DASHED_TITLE = re.compile(r"^(?P<head>[^,]+,.+?)\s+[–—-]\s+(?P<title>[^,–—]+)$")
# "Dr. Jana Roe (City of Kiel, Germany): Title"
_PARENTHESISED = re.compile(
    r"^(?P<name>[^(),:]+?)\s*\((?P<inner>[^()]+)\)\s*(?:[:–—-]\s*(?P<title>.+))?$"
)


def _is_sentence_part(part: str, *, ends_in_place: bool) -> bool:
    """Whether a lower-case part makes the line a sentence. An organisation may be written
    in lower case ("enercity AG") when the line ends in its city or country, as speaker
    lines do; a part that opens with a verb or a preposition is a sentence all the same."""
    if part[0].isupper() or part[0].isdigit():
        return False
    if lexicon.ROLE_WORDS.match(part) and not clause_verb(part):
        return False  # "X Y, head of youth services": a role written in lower case
    return not ends_in_place or _SENTENCE_OPENER.match(part) is not None


def _line_parts(text: str, places: Places) -> tuple[list[str], str | None] | None:
    """A speaker line's parts and the talk title written on it: "Name (Org, City):
    Title" or "Name, Org, City – Title" (a dash before a last part that is no place);
    ``None`` for a picture's caption with its credit.

    >>> _line_parts("Jana Roe (City of Kiel, Germany): Shade", Places())
    (['Jana Roe', 'City of Kiel', 'Germany'], 'Shade')
    """
    bracketed = _PARENTHESISED.match(text)
    if bracketed and lexicon.PHOTO_CREDIT.match(bracketed["inner"]):
        return None  # "Am Hafen (Foto: Stadt Lübeck)": a caption with its credit
    if bracketed and split_names(bracketed["name"]):
        parts = [bracketed["name"].strip(), *re.split(r",\s*", bracketed["inner"])]
        title = (bracketed["title"] or "").strip() or None
        return [p.strip() for p in parts if p.strip()], title
    title = None
    dashed = _DASHED_TITLE.match(text)
    if (
        dashed
        and not places.country(dashed["title"])
        and not places.city_exact(dashed["title"], country=None)
    ):
        text, title = dashed["head"], dashed["title"].strip()
    return [p.strip() for p in re.split(r",\s*|\s+[|–—]\s+", text) if p.strip()], title


@dataclass
class _Affiliation:
    """What a speaker line's parts after the names say: role, organisation, city, country."""

    roles: list[str]
    organisations: list[str] = field(default_factory=list)
    city: str | None = None
    country: str | None = None
    unknown_city: str | None = None  # a town the gazetteer lacks, kept as written


def _unknown_town(parts: list[str], k: int, places: Places) -> bool:
    """ "..., Sonderborg, Dänemark": a place-shaped part before the country, not the first
    part after the name, and no organisation."""
    part = parts[k]
    return (
        k + 1 < len(parts)
        and k > 1
        and places.country(parts[k + 1]) is not None
        and _PLACE_SHAPED.match(part) is not None
        and not lexicon.ORG_WORDS.search(part)
        and not any(w.casefold() in lexicon.NOT_NAME_WORDS for w in part.split())
    )


def _affiliation(parts: list[str], roles: list[str], places: Places) -> _Affiliation:
    """Each part after the names, in order: a country, the first city, a role, an unknown
    town before the country, else an organisation."""
    found = _Affiliation(roles)
    for k, part in enumerate(parts[1:], start=1):
        country = places.country(part)
        if country is not None:
            found.country = country
            continue
        city = places.city_exact(part, country=None)
        if city is not None and found.city is None:
            found.city = city
        elif lexicon.ROLE_WORDS.search(part) and not lexicon.ORG_WORDS.search(part):
            found.roles.append(part)
        elif _unknown_town(parts, k, places):
            found.unknown_city = part
        else:
            found.organisations.append(part)
    return found


_INSTITUTION = re.compile(
    r"^(?:the\s+)?(?:university|universidad|universidade|université|universität|"
    r"technische universität|hochschule|airport)\b"
    # the town first: "Utrecht University", "Lund University", "Flughafen" excluded
    r"|^[A-ZÄÖÜ][\w'’-]+(?:\s+[A-ZÄÖÜ][\w'’-]+)?\s+(?:university|hochschule|airport)$",
    re.IGNORECASE,
)


def _is_institution(part: str) -> bool:
    """A university or airport named after its town: the institution's town, not the
    speaker's.

    >>> [_is_institution(x) for x in ("Utrecht University", "University of Copenhagen",
    ...                               "City of Utrecht")]
    [True, True, False]
    """
    return _INSTITUTION.match(part) is not None


def _settle_city(found: _Affiliation, places: Places) -> None:
    """The speaker's city: the unknown town when no known one was given (any spelling the
    gazetteer has in the country counts), else one named in the organisation or role
    ("City of Krefeld", "Secretaría de Movilidad de Bogotá", "Mayor of Tartu")."""
    if found.city is None and found.unknown_city is not None:
        found.city = places.city_name(found.unknown_city, country=found.country) or (
            found.unknown_city
        )
        if found.city != found.unknown_city:
            found.unknown_city = None
    elif found.unknown_city is not None:
        found.organisations.append(found.unknown_city)
        found.unknown_city = None
    if found.city is None:
        for part in (*found.organisations, *found.roles):
            if _is_institution(part):
                continue  # "University of Copenhagen": the institution's town, not theirs
            inside = places.cities_in(part)
            if inside:
                found.city = inside[0].name
                break
    if found.city is not None and found.country is not None:
        found.city = places.city_name(found.city, country=found.country) or found.city


def parse_speaker_line(line: str, places: Places) -> SpeakerLine | None:
    """Read a speaker line; ``None`` when the line is not one.

    A line counts when its first comma-separated part is one or more names, and it either
    starts with an honorific or has more parts (a name alone is a heading or a title).

    >>> found = parse_speaker_line("Dr. Jana Roe, Mayor, Kiel, Germany", Places())
    >>> [(p.name, p.role, p.city, p.country) for p in found.people]
    [('Jana Roe', 'Mayor', 'Kiel', 'Germany')]
    """
    text = line.strip().rstrip(".;")
    if not text or len(text) > 250 or text.endswith(("?", "!", ":")):
        return None
    label = _LABEL.match(text)
    if label:
        text = label["rest"].strip()
    split = _line_parts(text, places)
    if not split or not split[0]:
        return None
    parts, inline_title = split
    lead = _ROLE_PREFIX.match(strip_prefixes(parts[0]))
    if lead:
        parts[0] = lead["rest"]
    names = split_names(parts[0])
    if not names or (len(parts) == 1 and not has_prefix(parts[0]) and not label):
        return None
    ends_in_place = places.country(parts[-1]) is not None or (
        len(parts) > 2 and places.city_exact(parts[-1], country=None) is not None
    )
    if any(_is_sentence_part(p, ends_in_place=ends_in_place) for p in parts[1:]):
        return None  # "Name, role, berichtete über ...": a sentence, not a speaker line
    found = _affiliation(parts, [lead["role"]] if lead else [], places)
    _settle_city(found, places)
    role = ", ".join(found.roles) or None
    if role is None and label:
        role = _LABEL_ROLE.get(label["label"].lower()[:5], "speaker")
    organisation = ", ".join(found.organisations) or None
    people = [
        Person(n, role=role, organisation=organisation, city=found.city, country=found.country)
        for n in names
    ]
    return SpeakerLine(
        people, organisation, found.city, found.country, inline_title, found.unknown_city
    )


def author(lines: list[str], index: int) -> Person | None:
    """The author an ``erstellt von:`` line (or the line after it) names."""
    m = lexicon.AUTHOR_LINE.match(lines[index])
    if m is None:
        return None
    rest = m["rest"].strip()
    if not rest:
        following = [ln for ln in lines[index + 1 : index + 3] if ln.strip()]
        rest = following[0].strip() if following else ""
    parts = [p.strip() for p in re.split(r"\s*[|,/]\s*", rest) if p.strip()]
    if not parts:
        return None
    name = strip_prefixes(parts[0])
    if not is_name(name):
        return None
    return Person(
        name, role="author", organisation=", ".join(parts[1:]) or None, rule="credits.author_line"
    )
