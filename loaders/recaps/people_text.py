"""People in running text and in the looser list layouts: who is named, with the role,
organisation and city the text gives.

Structures read (German and English):

- an honorific before the name: ``präsentierte Dr. X Y``;
- an apposition after it: ``X Y, mayor of Oulu,``; ``X Y (von links), Vizepräsident des
  Städtetages``; a parenthesised city: ``X Y (Kiel)``; a caption's position: ``X Y (2. v. r.)``;
- a role before it: ``Mayor X Y``, ``Oberbürgermeisterin X Y aus Bonn``, ``der Leipziger
  Oberbürgermeister X Y``, ``Kyjiws Bürgermeister X Y``, ``Stadtpräsident von Breslau X Y``,
  ``Mayor of Tartu, X Y``, and a role with words between (``Bundespräsident und Schirmherr
  des Netzwerks X Y``) when X is a given name;
- a verb of speaking right before (``berichtete X Y``) or after (``X Y sagte``);
- a name alone on its line (a caption, a speaker list), with its role or organisation on
  the next line (a two-line speaker block), when its first word is a given name;
- a name split over a line break inside a wrapped paragraph;
- a surname alone, once the page has introduced its person: no new person, but a mention.

The evidence that capitalised words are a person's name is the rule's context (honorific,
role, apposition, verb) plus ``lexicon.is_given_name``; the counter-evidence is a word of
an organisation or heading (``lexicon.NOT_NAME_WORDS``) or a place. A city, a hotel or a
heading is never a person.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from loaders.recaps import lexicon
from loaders.recaps.lazy import LazyPattern
from loaders.recaps.people import NAME_SPAN, UPPER, Person, clause_verb, is_name, trim_name
from loaders.recaps.places import Places

# Between the words of a name: spaces, or one line break inside a wrapped paragraph.
_GAP = r"(?:[ \t]+|[ \t]*\n(?=[^\n]))"
_NAME_AT = re.compile(NAME_SPAN)
# The same, allowing one line break ("... Oberbürgermeisterin Katja\nWolf sagte ...").
_NAME_WORD = rf"[{UPPER}][\w'’]{{0,30}}(?:-[\w'’]{{1,30}}){{0,3}}"
_WRAPPED_NAME_AT = re.compile(rf"{_NAME_WORD}{_GAP}{_NAME_WORD}")
_WRAPPED_LINE = 50  # characters before the break: prose that wraps, not a heading
_PREFIX_RUN = re.compile(rf"(?<![\w.])(?:{lexicon.PREFIX_RE}\s+)+")
_PREFIXES_AT = re.compile(rf"(?:{lexicon.PREFIX_RE}\s+)+")

# Role words written capitalised before a name: German role nouns, also in compounds
# ("Städtetags-Vizepräsident", "Bundesministerin"), and the English (or Romance) ones.
_DE_ROLE = lexicon.ROLE_COMPOUND.pattern
_EN_ROLE = (
    r"(?:Lord\s+|Deputy\s+|Vice\s+|Acting\s+)?(?:Mayor|President|Minister|Governor|Commissioner|"
    r"Councillor|Councilor|Alderman|Alderwoman|Schepen|Wethouder|Director|Professor|"
    r"Ambassador|Chair(?:man|woman|person)?|"
    r"Secretary(?:[ -]General)?|Senator|Alcalde(?:sa)?|Prefeit[oa]|Intendente|Maire|"
    # what partner towns' heads are called: starost, wójt, burmistrz (PL), primar (RO),
    # sindaco (IT), burgemeester (NL), borgmester (DK/NO), pormestari (FI), polgármester (HU),
    # gradonačelnik (HR/BA/RS), župan (SI), starosta (CZ/SK), hejtman, meer (EE)
    r"Starost[a]?|Wójt|Burmistrz|Primar|Sindac[oa]|Burgemeester|Borgmester|Pormestari|"
    r"Polgármester|Gradonačelni(?:k|ca)|Župan|Hejtman|Meer|Primátor(?:ka)?|Starostka)"
)
# Lower-case English roles before a name ("architects X Y", "the mayor X Y") count only
# for a name that starts with a given name.
_EN_ROLE_LOWER = (
    r"(?:deputy |vice |lord )?(?:mayor|president|minister|governor|commissioner|councillors?|"
    r"(?:project |programme |program |team )?managers?|officers?|coordinators?|heads?|chiefs?|"
    r"directors?|architects?|planners?|engineers?|experts?|officials?|advisors?|chair|"
    r"moderators?|facilitators?|hosts?|moderatorin)"
)
_ROLE_TOKEN = re.compile(
    rf"(?<![\w.-])(?P<role>{_EN_ROLE}|(?=[{UPPER}])(?i:{_DE_ROLE})|(?P<lower>{_EN_ROLE_LOWER}))"
    r"(?![\w-])"
)
_DUTCH_S = r"(?:['’]s-)?"  # "'s-Hertogenbosch": a Dutch name after the old genitive article
# What may stand between a role and its name: "von Breslau", "of Tartu", "der Stadt Köln",
# "of Eurocities," (an organisation, then a comma).
_ROLE_OF = re.compile(
    r"[ \t]+(?:von|of|for|für|der Stadt|of the City of)[ \t]+"
    rf"(?P<city>{_DUTCH_S}[{UPPER}][\w-]{{1,30}}"
    rf"(?:[ \t]+(?:(?:nad|pod|an|am|sur|upon|de|la|del)[ \t]+)?[{UPPER}][\w-]{{1,30}}){{0,2}})"
    r"(?P<comma>,?)"
)  # "Primátor von Ústí nad Labem, X Y"
# Before a role that goes on a person's apposition: "X Y, Präsident des Verbands und ".
_APPOSITION_GOES_ON = re.compile(
    rf"{NAME_SPAN},[^,.;:()\n]{{1,120}}[ \t](?:und|and|sowie|as well as)[ \t]+"
    r"(?:(?:der|die|the)[ \t]+)?$"
)
# Before a role that opens its sentence: nothing, or an article ("Die Beigeordnete ...").
_OPENS_SENTENCE = re.compile(r"(?:^|[.!?:;\n])\s*(?:(?:Die|Der|The)\s+)?$")
# Or its article, mid-sentence: "berichtete die Kämmerin der Stadt Münster, X Y, über",
# "mit dem Vorsitzenden des Ausschusses, X Y, leitete", "with the head of planning, X Y,".
_ARTICLE_BEFORE = re.compile(
    r"(?:(?<![\w-])(?i:der|die|dem|den|des|the)|\w['’]s(?:[ \t]+[a-z][\w-]*){0,3})[ \t]+$"
)  # or a town's possessive: "Hanover's head of climate protection, Dr. X Y, presented"
_AND = re.compile(r"[ \t]+(?:and|und|&)[ \t]+")
# After the name: "aus Bonn", "from Kiel".
# "aus Bonn", "from Kiel", "aus der Landeshauptstadt Hannover", "from the City of Ghent".
_FROM_CITY = LazyPattern(
    rf"[ \t]+(?:aus|from|in|of)[ \t]+(?:(?:der|dem|the)[ \t]+)?"
    rf"(?:(?i:{lexicon.MUNICIPAL_TITLE.pattern})[ \t]+)?(?P<city>{_DUTCH_S}[{UPPER}][\w-]{{1,30}})"
)
# Words that may sit between a role and a name: a qualifier ("und Schirmherr des Netzwerks").
_QUALIFIER = re.compile(r"[ \t]+(?:[\w-]{1,40})")
_QUALIFIER_STOP = re.compile(r"[,.;:!?()\n\"„“”]")

# Roles written after the name and a comma: "X Y, mayor of Oulu", "X Y, partner at Z".
_APPOSITION_ROLE = re.compile(
    rf"(?:{lexicon.ROLE_WORDS.pattern}|\b(?:partner|member|mitglied|chair|vorstand|"
    r"präsidiumsmitglied|\w+mitglied|\w+präsident\w*|\w+minister\w*|\w+bürgermeister\w*|"
    r"\w+direktor\w*|\w+leiter\w*|\w+referent\w*)\b)",
    re.IGNORECASE,
)
_NAME_THEN_COMMA = re.compile(
    rf"(?<![\w.])(?P<name>{NAME_SPAN})(?P<aside>[ \t]*\([^()\n]{{1,30}}\))?,[ \t]+"
    r"(?:(?:der|die|das|the|a|an)[ \t]+)?"
)
_APPOSITION_TEXT = re.compile(r"[^,.;()\n]{1,120}")
# The end of an apposition: its own comma, or a second person or clause after "and".
_APPOSITION_END = re.compile(
    r"\s+(?:und|and|sowie|as well as)\s+(?:der|die|das|the)?\s*(?=[A-ZÄÖÜ])"
)
# "X Y (Kiel)", "X Y (2. v. r.)", "X Y (von links)"
_NAME_BRACKET = re.compile(rf"(?<![\w.])(?P<name>{NAME_SPAN})[ \t]*\((?P<inner>[^()\n]{{1,80}})\)")
_CAPTION_POSITION = LazyPattern(
    r"^(?:\d\.\s*)?(?:v\.\s*[lr]\.(?:\s*n\.\s*[lr]\.)?|von (?:links|rechts)|links|rechts|"
    r"mitte|left|right|centre|center|middle|l\.|r\.|front|back|vorne|hinten)$",
    re.IGNORECASE,
)
# Verbs of speaking right before or after a name.
_VERB_BEFORE = re.compile(
    # "Moderiert wird das Treffen von X Y": a passive's agent
    r"(?<![\w.])(?:(?i:moderiert|geleitet|eröffnet)(?:[ \t]+\w+){0,4}[ \t]+von|"
    r"berichtete[n]?|präsentierte[n]?|erläuterte[n]?|erklärte[n]?|sprach(?:en)?|"
    r"stellte[n]?|zeigte[n]?|referierte[n]?|betonte[n]?|begrüßte[n]?|moderierte[n]?|"
    r"presented|explained|reported|showed|spoke|said|says|introduced|welcomed|chaired|"
    r"moderated|sagt|erklärt|betont|"
    r"by)[ \t]+"
)
_VERB_AFTER = re.compile(
    r"[ \t]+(?:sagte|sagt|betonte|erklärte|berichtete|meinte|forderte|unterstrich|"
    r"ergänzte|begrüßte|eröffnete|stellte|präsentierte|said|says|stressed|added|explained|"
    r"noted|pointed out|warned|argued|welcomed|opened|presented|emphasi[sz]ed|highlighted|"
    r"underlined|concluded|told|showed|shared|described|demonstrated|zeigte|schilderte|"
    r"erläuterte)\b"
)
_NAME_BEFORE_VERB = re.compile(
    rf"(?P<name>{NAME_SPAN})(?:[ \t]+(?:from|aus)[ \t]+(?P<city>[{UPPER}][\w-]{{1,30}}"
    rf"(?:[ \t][{UPPER}][\w-]{{1,30}})?)"
    # "X Y of the Municipal Greenery Authority presented": the organisation between
    rf"|[ \t]+(?:of|vom|von der)[ \t]+(?:the[ \t]+)?"
    rf"(?P<org>[{UPPER}][\w-]*(?:[ \t]+[{UPPER}][\w-]*){{1,5}}))?$"
)
# An apposition that says what a name is, when it is no person's: "X Y, a programme that".
_THING_AFTER = LazyPattern(
    r",?[ \t]+(?:a|an|the|ein|eine|das|die|der)[ \t]+(?:[\w-]+[ \t]+){0,2}?(?:programme|program|"
    r"project|scheme|initiative|plan|strategy|network|platform|app|tool|fund|campaign|"
    r"policy|service|pilot|model|programm|projekt|initiative|plattform|konzept|netzwerk)\b",
    re.IGNORECASE,
)
_LOWER_OR_PUNCT_AFTER = re.compile(r"[ \t]+[a-zäöüß]|[ \t]*[,.;:!?()]|[ \t]*$")
# The word before a role: a city adjective or genitive ("Leipziger", "Münsters")?
_CITY_WORD_BEFORE = re.compile(rf"(?P<word>[{UPPER}][\w-]{{1,30}})[ \t]+$")
_ITS = re.compile(r"(?<![\w-])(?:Deren|Dessen|Its|Their)[ \t]+$")
_ITS_REACH = 300
# A town's (or its council's) possessive before a role, maybe with a few words that
# qualify the role: "Tampere's project manager", "Auckland Council's economic development
# director".
_TOWN_POSSESSIVE = re.compile(
    rf"(?P<town>[{UPPER}][\w-]{{1,30}}(?:[ \t](?!City|Council|Municipality|Government)"
    rf"[{UPPER}][\w-]{{1,30}})?)"
    r"(?:[ \t]+(?:City[ \t]+)?(?:Council|Municipality|Government))?['’]s[ \t]+"
    r"(?P<words>(?:[a-z][\w-]*[ \t]+){0,3})$"
)


def _is_place(name: str, places: Places) -> bool:
    """A name that is a place as a whole, or starts with one that is no given name, or
    with a municipality's title ("Ville de Mulhouse": Ville is also a given name)."""
    first = name.split()[0]
    return bool(
        lexicon.MUNICIPAL_TITLE_FIRST.match(name)
        or places.country(name)
        or places.city_exact(name, country=None)
        or (places.city_exact(first, country=None) and not lexicon.is_given_name(first))
        or places.country(first)
    )


_OF_TOWN = re.compile(r"[ \t]+(?:of|from|aus|von)[ \t]+(?P<town>[A-ZÄÖÜ][\w'’-]*)")


def _name_of_a_town(text: str, pos: int, places: Places) -> tuple[str, int] | None:
    """A name with a particle inside whose given name the list lacks, when its town follows
    ("Mayor Soham El Wardini of Dakar"): shaped like a name once its particles are set aside.

    >>> _name_of_a_town("Mayor Soham El Wardini of Dakar thanked", 6, Places())
    ('Soham El Wardini', 6)
    >>> _name_of_a_town("Mayor Soham El Wardini thanked", 6, Places()) is None
    True
    """
    m = _NAME_AT.match(text, pos)
    if m is None:
        return None
    name = " ".join(m.group().split())
    bare = " ".join(t for t in name.split() if t.casefold() not in lexicon.PARTICLES)
    if len(name.split()) > 4 or bare == name or not is_name(bare):
        return None
    after = _OF_TOWN.match(text, pos + len(m.group()))
    if after is None or not places.city_exact(after["town"], country=None):
        return None
    return name, pos


def _person_of_a_town(text: str, name: str, start: int, places: Places) -> bool:
    """A name whose first word spells a town, then the town its bearer is from: "Mayor
    Soham El Wardini of Dakar" is a person (Soham, a town in England, is a given name too).

    >>> t = "Mayor Soham El Wardini of Dakar thanked the host city."
    >>> _person_of_a_town(t, "Soham El Wardini", 6, Places())
    True
    >>> _person_of_a_town("Mayor Soham of Dakar", "Soham", 6, Places())  # the name alone
    False
    """
    if len(name.split()) < 2 or places.city_exact(name, country=None) or places.country(name):
        return False
    after = _OF_TOWN.match(text, start + len(name))
    return after is not None and bool(places.city_exact(after["town"], country=None))


def _given(name: str) -> bool:
    return lexicon.is_given_name(name.split()[0])


def _person(name: str, start: int, *, role: str | None = None, city: str | None = None) -> Person:
    return Person(name, role=role, city=city, spans=[(start, start + len(name))])


def _after_prefixes(text: str, pos: int) -> int:
    m = _PREFIXES_AT.match(text, pos)
    return m.end() if m else pos


def _name_at(
    text: str, pos: int, *, wrapped: bool = False, initials: bool = False
) -> tuple[str, int] | None:
    """The name starting at ``pos`` (trimmed to the words that make one) and its start.

    With ``wrapped``, a name may go on after one line break when its line is part of a
    wrapped paragraph (long), not a heading: "... Oberbürgermeisterin Katja\nWolf sagte".
    """
    m = _NAME_AT.match(text, pos)
    candidate = m.group() if m else None
    if wrapped and (candidate is None or len(candidate.split()) == 1):
        w = _WRAPPED_NAME_AT.match(text, pos)
        line_start = text.rfind("\n", 0, pos) + 1
        if w and "\n" in w.group() and pos - line_start >= _WRAPPED_LINE:
            candidate = w.group()
    if candidate is None:
        glued = _GLUED.match(text, pos)
        candidate = glued.group() if glued else None
    if candidate is None:
        return None
    name = trim_name(unglue(" ".join(candidate.split()), cued=True), initials=initials)
    return (name, pos) if name else None


# Two capitalised words written as one, as text taken from a page's markup can be
# ("AndileNcapai", beside "someof" and "arethe" on the same page).
_GLUED = re.compile(rf"[{UPPER}][a-zà-ÿ]{{3,20}}[{UPPER}][a-zà-ÿ]{{2,20}}(?![\w-])")
_GLUE_POINT = re.compile(rf"(?<=[a-zà-ÿ]{{3}})(?=[{UPPER}][a-zà-ÿ]{{2}})")


def unglue(name: str, *, cued: bool = False) -> str:
    """ "MarcoRossi Bianchi" -> "Marco Rossi Bianchi": split when the first part is a given
    name, or (``cued``) when a role, an honorific or a verb says a name stands here.

    >>> unglue("MarcoRossi Bianchi"), unglue("Anna McDonald"), unglue("LinkedIn Post")
    ('Marco Rossi Bianchi', 'Anna McDonald', 'LinkedIn Post')
    >>> unglue("ThandoKhumalo"), unglue("ThandoKhumalo", cued=True)
    ('ThandoKhumalo', 'Thando Khumalo')
    """
    words = name.split()
    if words and _GLUED.fullmatch(words[0]):
        parts = _GLUE_POINT.split(words[0], maxsplit=1)
        if len(parts) == 2 and (cued or lexicon.is_given_name(parts[0])):
            words[:1] = parts
    return " ".join(words)


def _prefixed(text: str) -> Iterator[Person]:
    """``Dr. X Y``, ``Frau X Y``, ``Mr. S M Vellusamy`` (initials allowed after one)."""
    for run in _PREFIX_RUN.finditer(text):
        found = _name_at(text, run.end(), wrapped=True, initials=True)
        if found:
            yield _person(found[0], found[1])


@dataclass
class _Role:
    """A role before a name as read so far: its words, city, organisation, and where the
    name may start."""

    role: str
    city: str | None
    organisation: str | None
    pos: int
    comma: bool  # "Secretary General of Eurocities, X Y": the name after a comma


def _city_word_before(text: str, m: re.Match[str], places: Places) -> tuple[str | None, str]:
    """ "der Leipziger Oberbürgermeister", "Kyjiws Bürgermeister": a city adjective or
    genitive before the role is its city, not part of the role (the role is the office,
    "Oberbürgermeister", the town is the person's city).

    >>> from loaders.recaps.places import Places
    >>> text = "Vizepräsident ist der Leipziger Oberbürgermeister Burkhard Jung."
    >>> _city_word_before(text, _ROLE_TOKEN.search(text, 30), Places())
    ('Leipzig', 'Oberbürgermeister')
    """
    role = m["role"]
    before = _CITY_WORD_BEFORE.search(text, max(0, m.start() - 40), m.start())
    if before:
        phrase = f"{before['word']} {role}"
        cued = [h for h in places.cities_in(phrase) if h.cued]
        if cued:
            return cued[0].name, role
    if _ITS.search(text, max(0, m.start() - 8), m.start()):
        # "Zu Gast war eine Delegation aus Saint-Jean-de-Braye. Deren Beigeordnete X Y":
        # the town named last before is the one "its" points back to.
        named = places.running_text_cities(text[max(0, m.start() - _ITS_REACH) : m.start()])
        if named:
            return named[-1].name, role
    owner = _TOWN_POSSESSIVE.search(text, max(0, m.start() - 80), m.start())
    if owner:
        town = places.city_exact(owner["town"], country=None)
        if town:
            return town, f"{owner['words']}{role}"
    return None, role


def _role_of(text: str, found: _Role, places: Places) -> None:
    """ "Stadtpräsident von Breslau X Y" (the longest first words that are a city),
    "Secretary General of Eurocities, X Y" (an organisation, then the name)."""
    pos = found.pos
    of = _ROLE_OF.match(text, pos)
    if not of:
        return
    words = of["city"].split()
    of_city, taken = None, 0
    for n in range(len(words), 0, -1):
        of_city = places.city_exact(" ".join(words[:n]), country=None)
        if of_city:
            taken = n
            break
    if of_city:
        end = of.start("city") + len(" ".join(words[:taken]))
        if taken == len(words):
            end = of.end()
        found.role = f"{found.role} {text[pos:end].strip().rstrip(',')}"
        found.city, found.pos = found.city or of_city, end
        found.comma = bool(of["comma"])
    elif of["comma"]:
        found.role = f"{found.role} {text[pos : of.end('city')].strip()}"
        found.organisation, found.pos, found.comma = of["city"], of.end(), True


def _after_a_qualifier(
    text: str, m: re.Match[str], found: _Role, places: Places, *, after_comma: bool
) -> Person | None:
    """ "Bundespräsident und Schirmherr des Netzwerks X Y", "Die Beigeordnete für Umwelt der
    Stadt Cottbus, X Y,": a given-name-led name after words that qualify the role."""
    opens = _OPENS_SENTENCE.search(
        text, max(0, m.start() - 12), m.start()
    ) or _ARTICLE_BEFORE.search(text, max(0, m.start() - 60), m.start())
    named = _name_after_qualifier(text, found.pos, after_comma=opens is not None)
    if after_comma or named is None or _is_place(named[0], places):
        return None
    if m["lower"] and not _given(named[0]):
        return None
    role, city = found.role, found.city
    if text[named[1] - 2 : named[1]] == ", ":
        # "Beigeordnete für Umwelt der Stadt Cottbus, X Y,": the whole phrase is the role,
        # and a town it names is the person's.
        role = text[m.start() : named[1]].rstrip(", ")
        inside = places.running_text_cities(role)
        city = city or (inside[0].name if inside else None)
    return _person(named[0], named[1], role=role, city=city)


def _role_before(text: str, places: Places, later: list[Person]) -> Iterator[Person]:
    """A role, then the name: right after it, or (into ``later``) after a qualifier when
    the name starts with a given name."""
    for m in _ROLE_TOKEN.finditer(text):
        city, role = _city_word_before(text, m, places)
        found = _Role(role, city, None, m.end(), False)
        _role_of(text, found, places)
        gap = _GAP_AFTER_ROLE.match(text, found.pos)
        if gap is None:
            continue
        comma = "," in gap.group() or found.comma
        if comma and _APPOSITION_GOES_ON.search(text, max(0, m.start() - 200), m.start()):
            # "A, Präsident des Verbands und Oberbürgermeister der Stadt Erfurt, B, ...": the
            # role is the end of A's apposition; B, after the comma, is the next person.
            continue
        at = _after_prefixes(text, gap.end())
        named = _name_at(text, at, wrapped=True, initials=at > gap.end()) or _name_of_a_town(
            text, at, places
        )
        if named is not None and m["lower"] and not _given(named[0]):
            named = None  # a lower-case role ("architects") counts before a given name only
        if named is None:
            # Read after the direct finds, so that a nearer role or an apposition gives the
            # role instead.
            deferred = _after_a_qualifier(text, m, found, places, after_comma=comma)
            if deferred is not None:
                later.append(deferred)
            continue
        name, start = named
        if _is_place(name, places) and not _person_of_a_town(text, name, start, places):
            continue
        yield _with_city(text, name, start, found, places)
        if m["lower"] and m["role"].endswith("s"):
            yield from _second_of_pair(text, name, start, found.role, places)


_GAP_AFTER_ROLE = re.compile(r",?[ \t]+")


def _with_city(text: str, name: str, start: int, found: _Role, places: Places) -> Person:
    """The person after a role, with the city after their name ("aus Bonn", "of Nakuru")
    or the one their role names."""
    city = found.city
    after = _FROM_CITY.match(text, start + len(name))
    if after and city is None:
        whole = not re.match(rf"[ \t]+[{UPPER}]", text[after.end() :])  # "Da Nang": 2 words
        city = (
            places.town_of_a_role(after["city"])
            if whole
            else places.city_exact(after["city"], country=None)
        )
    if city is None:
        inside = places.cities_in(found.role)
        city = inside[0].name if inside else None
    person = _person(name, start, role=found.role, city=city)
    person.organisation = found.organisation
    return person


def _second_of_pair(
    text: str, name: str, start: int, role: str, places: Places
) -> Iterator[Person]:
    """ "architects A and B": a plural role before a pair of names names both."""
    more = _AND.search(text, start + len(name), start + len(name) + 40)
    second = _name_at(text, more.end()) if more else None
    if second and _given(second[0]) and not _is_place(second[0], places):
        yield _person(second[0], second[1], role=role, city=None)


def _name_after_qualifier(
    text: str, pos: int, *, after_comma: bool = False
) -> tuple[str, int] | None:
    """ "Bundespräsident und Schirmherr des Netzwerks Frank-Walter Steinmeier": the first
    given-name-led name within eight words, before any punctuation; or the name set off by
    commas right after them ("Die Beigeordnete für Umwelt der Stadt Cottbus, Karin Vogel,
    berichtete")."""
    for _ in range(8):
        q = _QUALIFIER.match(text, pos)
        if after_comma and q is not None and text.startswith(", ", q.end()):
            found = _name_at(text, _after_prefixes(text, q.end() + 2))
            if (
                found
                and _given(found[0])
                and text.startswith(",", found[1] + len(found[0]))
                and not _QUALIFIER_STOP.search(q.group())
            ):
                return found
        if (
            q is None
            or _QUALIFIER_STOP.search(q.group())
            or _ROLE_TOKEN.fullmatch(q.group().strip())
        ):
            return None  # punctuation, or a nearer role that takes the name
        word_start = pos + len(q.group()) - len(q.group().lstrip(" \t"))
        found = _name_at(text, _after_prefixes(text, word_start))
        if found and _given(found[0]):
            return found
        pos = q.end()
    return None


def _appositions(text: str, places: Places) -> Iterator[Person]:
    """``X Y, mayor of Oulu,`` and ``X Y (von links), Vizepräsident des Städtetages``."""
    for m in _NAME_THEN_COMMA.finditer(text):
        glued = trim_name(m["name"], keep_end=True)
        name = unglue(glued, cued=True) if glued else None
        if not name or _is_place(name, places):
            continue
        body = _APPOSITION_TEXT.match(text, m.end())
        if body is None:
            continue
        role = body.group()
        cut = _APPOSITION_END.search(role)
        if cut:
            role = role[: cut.start()]
        role = role.strip()
        role_word = _APPOSITION_ROLE.search(role)
        # The role opens the apposition ("mayor of Oulu", "the head of ..."); a clause or
        # another list item ("Tartu, Kiel") is no role.
        if role_word is None or role_word.start() > 40 or clause_verb(role):
            continue
        name_start = m.end("name") - len(glued or "")
        if _ROLE_TOKEN.search(text, max(0, name_start - 40), name_start) and re.search(
            r"[ \t]$", text[max(0, name_start - 1) : name_start]
        ):
            # "Mayor X Y, ...": the role before the name is the role (read there).
            before = text[max(0, name_start - 40) : name_start].rstrip()
            if _ROLE_TOKEN.search(before.split()[-1] if before.split() else ""):
                continue
        cities = places.cities_in(role)
        person = _person(name, name_start, role=role, city=cities[0].name if cities else None)
        if not cities:
            person.organisation = _organisation_in(role)
        yield person


# "secretary general of Clean Air Cities", "partner at the consultancy Green Ledger",
# "Vizepräsident des Deutschen Städtetages": the capitalised words after of/at/des.
_ROLE_AT_ORG = LazyPattern(
    rf"\b(?:of|at|for|with|der|des|beim|bei|vom|von)\s+(?:[a-zäöüß-]+\s+){{0,3}}?"
    rf"(?P<org>[{UPPER}][\w&.'’-]*(?:\s+(?:of|for|and|für|und|der|des|de)?\s*[{UPPER}][\w&.'’-]*){{0,6}})"
)


def _organisation_in(role: str) -> str | None:
    """The organisation a role phrase names after "of"/"at"/"des", if any.

    >>> _organisation_in("partner at the consultancy Green Ledger")
    'Green Ledger'
    """
    m = _ROLE_AT_ORG.search(role)
    return m["org"].strip() if m else None


def _organisation_inside(inner: str, places: Places) -> bool:
    """Whether brackets after a name hold an organisation (its town maybe in it), not a
    party or a position: "Eurométropole de Strasbourg", "Stadtwerke Kiel", "ACR+" is none
    (one word)."""
    if len(inner.split()) < 2 or _ROLE_TOKEN.match(inner) or "," in inner:
        return False
    return bool(lexicon.ORG_WORDS.search(inner) or places.running_text_cities(inner))


def _role_then_town(inner: str, places: Places) -> str | None:
    """The town of a bracket that holds a role, then its town: "Head of Housing, City of
    Aarhus" -> Aarhus; "Freie Wähler" -> None.

    >>> _role_then_town("Energy Manager, Milan", Places())
    'Milan'
    """
    role, comma, where = inner.rpartition(",")
    if not comma or not lexicon.ROLE_WORDS.search(role):
        return None
    where = where.strip()
    title = lexicon.MUNICIPAL_TITLE_FIRST.match(where)
    return places.city_exact(where[title.end() :] if title else where, country=None)


def _town_inside(inner: str, places: Places) -> str | None:
    hits = places.running_text_cities(inner)
    return hits[0].name if hits else None


def _brackets(text: str, places: Places) -> Iterator[Person]:
    """``X Y (Kiel)`` in a list of names, ``X Y (2. v. r.)`` in a caption."""
    for m in _NAME_BRACKET.finditer(text):
        name = trim_name(m["name"], keep_end=True)
        if not name or _is_place(name, places):
            continue
        inner = m["inner"].strip()
        title = lexicon.MUNICIPAL_TITLE_FIRST.match(inner)
        # "X Y (Stadt Eberswalde)": the title says the town is a municipality.
        city = places.city_exact(inner[title.end() :] if title else inner, country=None)
        start = m.end("name") - len(name)
        if city is not None and (_given(name) or places.country(inner) is None):
            yield _person(name, start, city=city)
        elif _CAPTION_POSITION.match(inner):
            yield _person(name, start)
        elif _given(name) and "," in inner and places.country(inner.rsplit(",", 1)[1]):
            # "X Y (City of Grenoble, France)", "X Y (Espoo, Finland)": town and country.
            where, country = (p.strip() for p in inner.rsplit(",", 1))
            title = lexicon.MUNICIPAL_TITLE_FIRST.match(where)
            town = places.city_exact(where[title.end() :] if title else where, country=country)
            if town is None and _ROLE_TOKEN.match(where):
                inside = places.cities_in(where)
                town = inside[0].name if inside else None
            person = _person(name, start, city=town)
            person.country = places.country(country)
            if _ROLE_TOKEN.match(where):
                person.role = where
            elif title or town is None:
                person.organisation = where
            yield person
        elif _given(name) and _role_then_town(inner, places):
            # "Henrik Lund (Head of Housing, City of Aarhus)", "(Energy Manager, Milan)"
            role, _, where = inner.rpartition(",")
            yield _person(name, start, role=role.strip(), city=_role_then_town(inner, places))
        elif _given(name) and _organisation_inside(inner, places):
            # "Sophie Martin (Eurométropole de Strasbourg)": the organisation, its town.
            person = _person(name, start, city=_town_inside(inner, places))
            person.organisation = inner
            yield person
        elif _given(name) and _ROLE_TOKEN.match(inner):
            # "X Y (Mayor of Sintra, Portugal)": the role, its town and country inside.
            parts = [p.strip() for p in inner.split(",")]
            country = places.country(parts[-1]) if len(parts) > 1 else None
            role = ", ".join(parts[:-1]) if country else inner
            inside = places.cities_in(role)
            person = _person(name, start, role=role, city=inside[0].name if inside else None)
            person.country = country
            yield person


def _speech_verbs(text: str, places: Places) -> Iterator[Person]:
    """``berichtete X Y über ...`` (a whole name, no place) and ``X Y sagte`` (a given
    name first)."""
    for m in _VERB_BEFORE.finditer(text):
        n = _NAME_AT.match(text, m.end())
        if n is None:
            continue
        name = unglue(n.group(), cued=True)
        end = n.end()
        if not is_name(name):
            # "stellte Agnieszka Mazur das Fernwärmenetz der Stadt vor": the particle-like
            # "das" ran the span on; a given name and a lower-case word after end the name.
            words = n.group().split()
            cut = next((k for k, w in enumerate(words) if w in lexicon.PARTICLES), len(words))
            trimmed = trim_name(" ".join(words[:cut]))
            if trimmed is None or not _given(trimmed):
                continue
            name, end = trimmed, n.start() + len(trimmed)
        if not _LOWER_OR_PUNCT_AFTER.match(text, end) or _THING_AFTER.match(text, end):
            continue  # "presented Schoolpleinen Groen, a programme that ...": a project
        if is_name(name) and not any(
            (places.country(t) or places.city_exact(t, country=None))
            and not (k == 0 and lexicon.is_given_name(t))  # "Paola Greco": Paola is a town too
            for k, t in enumerate(name.split())
        ):
            yield _person(name, n.start())
    for m in _VERB_AFTER.finditer(text):
        # The name ends right before the verb, or before its city ("X Y from Košice
        # showed"): look back over at most six words.
        window_start = max(0, m.start() - 100)
        tail = _NAME_BEFORE_VERB.search(text[window_start : m.start()])
        if tail is None:
            continue
        city = places.city_exact(tail["city"], country=None) if tail["city"] else None
        if tail["city"] and city is None:
            continue
        speaker = trim_name(tail["name"], keep_end=True)
        if speaker and _given(speaker) and not _is_place(speaker, places):
            person = _person(speaker, window_start + tail.end("name") - len(speaker), city=city)
            if tail["org"] and lexicon.ORG_WORDS.search(tail["org"]):
                person.organisation = tail["org"]
            elif tail["org"]:
                continue  # "X Y of Kiel presented" is read elsewhere; an unknown "of" is none
            yield person


# Who interpreted, facilitated or moderated, named after the verb or before a German
# participle: "interpreted into Italian by X Y", "facilitated by X Y of ...", "gedolmetscht
# wurde der Abend von X Y", "wurden von X Y gedolmetscht", "Dolmetscherin: X Y".
_HELPER_BEFORE = re.compile(
    r"(?<![\w-])(?P<verb>(?i:interpreted|interpreting|interpretation|translated|facilitated|"
    r"moderated|gedolmetscht|übersetzt|gedolmetschte|moderiert|begleitet))"
    r"(?:[ \t]+(?:in|into|ins)[ \t]+\w+)?(?:[ \t]+[\w-]+){0,4}?[ \t]+(?:by|von)[ \t]+"
    r"|(?<![\w-])(?P<label>(?i:interpreter|interpreters|interpreting|interpretation|"
    r"facilitator|facilitation|dolmetscher(?:in|innen)?|verdolmetschung|übersetzung|"
    r"dolmetschen))[ \t]*:?[ \t]+"
    # "Die Moderation übernahm X Y", "Moderation and facilitation were in the hands of X Y"
    r"|(?<![\w-])(?P<task>(?i:moderation|facilitation))[ \t]+"
    r"(?:übernahm(?:en)?|hatte(?:n)?|lag[ \t]+bei|was[ \t]+(?:led|done|provided)[ \t]+by)[ \t]+"
)
_HELPER_AFTER = re.compile(r"[ \t]+(?P<verb>gedolmetscht|übersetzt|moderiert|begleitet)(?![\w-])")
_BY_NAME = LazyPattern(rf"(?<![\w-])von[ \t]+(?:{lexicon.PREFIX_RE}[ \t]+)*(?P<name>{NAME_SPAN})$")
_HELPER_ROLE = {"interpre": "interpreter", "translat": "interpreter", "gedolmet": "interpreter",
                "übersetz": "interpreter", "dolmetsc": "interpreter", "verdolme": "interpreter",
                "facilita": "facilitator", "begleite": "facilitator", "moderate": "moderator",
                "moderati": "moderator", "moderier": "moderator"}  # fmt: skip


def _helpers(text: str, places: Places) -> Iterator[Person]:
    """People who interpreted, facilitated or moderated, with that role: they present no
    practice of their own.

    >>> [(p.name, p.role) for p in _helpers("Sessions were interpreted into Italian by "
    ...     "Paola Greco.", Places())]
    [('Paola Greco', 'interpreter')]
    >>> [(p.name, p.role) for p in _helpers("seine Beiträge wurden von Jana Horká "
    ...     "gedolmetscht.", Places())]
    [('Jana Horká', 'interpreter')]
    >>> [(p.name, p.role) for p in _helpers("Die Moderation übernahm Katrin Vogel.", Places())]
    [('Katrin Vogel', 'moderator')]
    """
    for m in _HELPER_BEFORE.finditer(text):
        found = _name_at(text, _after_prefixes(text, m.end()))
        word = (m["verb"] or m["label"] or m["task"]).casefold()
        if found is None or not _given(found[0]):
            continue
        yield _person(found[0], found[1], role=_HELPER_ROLE.get(word[:8], "interpreter"))
    for m in _HELPER_AFTER.finditer(text):
        window = text[max(0, m.start() - 60) : m.start()]
        tail = _BY_NAME.search(window)
        if tail is None:
            continue
        name = trim_name(tail["name"], keep_end=True)
        if name and _given(name):
            start = m.start() - len(window) + tail.start("name") + (len(tail["name"]) - len(name))
            yield _person(name, start, role=_HELPER_ROLE[m["verb"].casefold()[:8]])


def _name_lines(text: str, places: Places) -> Iterator[Person]:
    """A name alone on its line (a caption or speaker list) whose first word is a given
    name; a role or organisation line right after it belongs to it."""
    pos = 0
    lines = text.split("\n")
    for i, line in enumerate(lines):
        start, pos = pos, pos + len(line) + 1
        stripped = line.strip()
        if not 2 <= len(stripped.split()) <= 4 or len(stripped) > 60:
            continue
        bare = stripped
        m = _PREFIXES_AT.match(bare + " ")
        if m:
            bare = bare[m.end() :].strip() if m.end() <= len(bare) else bare
        if not is_name(bare) or not _given(bare) or _is_place(bare, places):
            continue
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        role = organisation = city = None
        if nxt and len(nxt) <= 120 and not nxt.endswith("."):
            if lexicon.ROLE_WORDS.search(nxt) or _APPOSITION_ROLE.search(nxt):
                role = nxt
            elif lexicon.ORG_WORDS.search(nxt):
                organisation = nxt
            if role or organisation:
                inside = places.cities_in(nxt)
                city = inside[0].name if inside else None
        person = _person(bare, start + line.index(bare), role=role, city=city)
        person.organisation = organisation
        yield person


# "Von links: A, B und C", "Pictured (left to right): A, B and C", "Panellists: A, B"
_LIST_OF_NAMES = re.compile(
    r"(?<![\w-])(?:von links(?: nach rechts)?|v\.\s?l\.(?:\s?n\.\s?r\.)?|from left|"
    r"left to right|l\.?\s?(?:to|-)\s?r\.?|im bild|auf dem (?:foto|bild)|pictured|"
    r"panel+ists|podiumsgäste|diskutanten|diskutierende)"
    r"\s*(?:\([^()\n]{1,30}\))?\s*:\s*(?P<names>(?:[^.;:\n]|"
    # the dot of an honorific or an initial does not end the list
    r"(?<=Dr)\.|(?<=Dra)\.|(?<=Prof)\.|(?<=Mr)\.|(?<=Mrs)\.|(?<=Ms)\.|(?<=\b[A-Z])\.){3,400})",
    re.IGNORECASE,
)
_LIST_SPLIT = re.compile(r"\s*,\s*|\s+(?:und|and|sowie|&)\s+")


def _name_lists(text: str, places: Places) -> Iterator[Person]:
    """The names a caption or a panel line lists after its cue, each a whole name."""
    for m in _LIST_OF_NAMES.finditer(text):
        pos = m.start("names")
        for piece in _LIST_SPLIT.split(m["names"]):
            start = text.find(piece, pos)
            pos = start + len(piece) if start >= 0 else pos
            bare = piece.strip()
            at = _PREFIXES_AT.match(bare + " ")
            if at and at.end() <= len(bare):
                bare = bare[at.end() :].strip()
            name = trim_name(bare)
            if name and not _is_place(name, places) and start >= 0:
                yield _person(name, text.find(name, start))


_CONTACT_LINE = re.compile(
    rf"^[ \t]*(?i:ansprechpartner\w*|ansprechperson\w*|kontakt|pressekontakt|"
    rf"contact(?: person)?|media contact|press contact)[ \t]*:[ \t]*"
    rf"(?:{lexicon.PREFIX_RE}[ \t]+)*(?P<name>{NAME_SPAN})(?:,[ \t]*(?P<role>[^,;\n]{{2,60}}))?",
    re.MULTILINE,
)


def _contact_lines(text: str, places: Places) -> Iterator[Person]:
    """A press release's or project page's contact: "Ansprechpartner: X Y, Pressesprecher".

    >>> [(p.name, p.role) for p in _contact_lines("Kontakt: Jan Eckhoff, Pressesprecher", Places())]
    [('Jan Eckhoff', 'Pressesprecher')]
    """
    for m in _CONTACT_LINE.finditer(text):
        name = trim_name(m["name"])
        if not name or not _given(name) or _is_place(name, places):
            continue
        role = m["role"].strip() if m["role"] else None
        if role and not (
            lexicon.ROLE_WORDS.search(role)
            or any(lexicon.ROLE_COMPOUND.fullmatch(w) for w in role.split())
        ):
            role = None
        yield _person(name, m.start("name"), role=role)


_NAME_FROM_TOWN = re.compile(
    rf"(?<![\w.])(?P<name>{NAME_SPAN})[ \t]+(?:from|aus|von(?=[ \t]+(?:der|dem)[ \t]+"
    rf"(?i:{lexicon.MUNICIPAL_TITLE.pattern})\b))[ \t]+(?:(?:the|der|dem)[ \t]+)?"
    rf"(?:(?i:{lexicon.MUNICIPAL_TITLE.pattern})[ \t]+)?"
    rf"(?P<town>[{UPPER}][\w-]{{1,30}}(?:[ \t](?!City|Council|Municipality)"
    rf"[{UPPER}][\w-]{{1,30}})?)"
)


def _name_from_town(text: str, places: Places) -> Iterator[Person]:
    """A name that starts with a given name, then the town the person comes from: "thanks
    to Javier Soler from Valencia City Council", "mit Anna Berg aus Kiel".

    >>> [(p.name, p.city) for p in _name_from_town("Thanks to Ana Ruiz from Valencia City Council",
    ...                                            Places())]
    [('Ana Ruiz', 'Valencia')]
    """
    for m in _NAME_FROM_TOWN.finditer(text):
        name = trim_name(m["name"], keep_end=True)
        if not name or not _given(name) or _is_place(name, places):
            continue
        town = places.city_exact(m["town"], country=None)
        if town:
            yield _person(name, m.end("name") - len(name), city=town)


# "Her colleague from Accra, Kwame Mensah, showed ...", "Espoo's Heli Virtanen shared":
# the town stated before the name.
_TOWN_BEFORE_NAME = re.compile(
    rf"(?:(?i:colleagues?|counterparts?|representatives?|kolleg(?:e|in)|vertreter(?:in)?)"
    rf"[ \t]+(?:from|of|aus)[ \t]+(?P<town>[{UPPER}][\w-]{{1,30}}(?:[ \t][{UPPER}][\w-]{{1,30}})?)"
    rf",[ \t]+(?P<name>{NAME_SPAN}),"
    rf"|(?P<owner>[{UPPER}][\w-]{{1,30}})['’]s[ \t]+(?P<named>{NAME_SPAN})(?=[ \t]+[a-z]))"
)


def _town_before_name(text: str, places: Places) -> Iterator[Person]:
    """A person whose town is stated just before the name: "her colleague from Accra,
    Kwame Mensah,", "Espoo's Heli Virtanen shared".

    >>> [(p.name, p.city) for p in _town_before_name("Espoo's Heli Virtanen shared it", Places())]
    [('Heli Virtanen', 'Espoo')]
    """
    for m in _TOWN_BEFORE_NAME.finditer(text):
        group = "name" if m["name"] else "named"
        name = trim_name(m[group], keep_end=True)
        town = places.city_exact(m["town"] or m["owner"], country=None)
        # after "colleague from Accra," the structure says a person follows; a bare
        # possessive needs a given name first ("Espoo's Heli Virtanen", not "Kiel's Old Town")
        if not town or not name or _is_place(name, places) or not is_name(name):
            continue
        if group == "name" or _given(name):
            yield _person(name, m.end(group) - len(name), city=town)


def running_text_people(text: str, places: Places) -> list[Person]:
    """Every person the running text names, with what it says of them (see the module
    docstring); one entry per finding, merged by name afterwards."""
    later: list[Person] = []
    found = _named("people.role_before", _role_before(text, places, later))
    for name, rule in PEOPLE_RULES:
        found.extend(_named(name, rule(text, places)))
    found += _named("people.honorific", _prefixed(text))
    found += _named("people.role_then_qualifier", later)
    return [p for p in map(lambda p: _not_cut(p, text), found) if p is not None]


def _named(rule: str, people: Iterable[Person]) -> list[Person]:
    out = []
    for person in people:
        person.rule = rule
        out.append(person)
    return out


# The rules that read a page's text alone, in order (``_role_before`` runs first and
# hands the finds it defers to the end; ``_prefixed`` runs last).
PEOPLE_RULES: tuple[tuple[str, Callable[[str, Places], Iterator[Person]]], ...] = (
    ("people.helper_role", _helpers),
    ("people.apposition", _appositions),
    ("people.in_brackets", _brackets),
    ("people.speech_verb", _speech_verbs),
    ("people.name_line", _name_lines),
    ("people.name_list", _name_lists),
    ("people.contact_line", _contact_lines),
    ("people.name_from_town", _name_from_town),
    ("people.town_before_name", _town_before_name),
)


def _not_cut(person: Person, text: str) -> Person | None:
    """A page cut mid-word ("... und Vitaliy Kl") ends in a fragment, not a surname: a name
    that runs to the very end of the text loses its last word."""
    end = len(text.rstrip())
    if not person.spans or person.spans[0][1] < end:
        return person
    shorter = " ".join(person.name.split()[:-1])
    if not is_name(shorter):
        return None
    person.name = shorter
    person.spans = [(person.spans[0][0], person.spans[0][0] + len(shorter))]
    return person


def surname_mentions(text: str, people: list[Person]) -> dict[str, list[tuple[int, int]]]:
    """Where a person the page introduced is named by surname alone ("Klitschko sagte"):
    a mention of that person, not a new one. Surnames two people share stay unassigned."""
    by_surname: dict[str, list[Person]] = {}
    for person in people:
        surname = person.name.split()[-1]
        if len(surname) > 2:
            by_surname.setdefault(surname, []).append(person)
    found: dict[str, list[tuple[int, int]]] = {}
    if not by_surname:
        return found
    pattern = re.compile(
        r"(?<![\w-])(?:" + "|".join(re.escape(s) for s in by_surname) + r")(?![\w-])"
    )
    for m in pattern.finditer(text):
        owners = by_surname[m.group()]
        if len(owners) == 1:
            found.setdefault(owners[0].name, []).append((m.start(), m.end()))
    return found
