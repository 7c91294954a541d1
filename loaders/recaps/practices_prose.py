"""Practices as running prose tells them: whose project was shown, by whom, titled how.

Recaps rarely write "presented the good practice X". They write that a city or a person
*presented, showcased, launched, pledged, championed, shared* something, often several
pairs in one sentence ("Ghent presented its food strategy "Gent en garde", Malmö launched
a school-meals toolkit and Bologna showcased its food hubs"), or that visitors *were
shown* a project in a place ("In Copenhagen, the group was shown the Cloudburst Plan").

Each sentence is cut into clauses (at commas, "and", "while", "und", "sowie"); a clause
with a practice verb (``lexicon.PRACTICE_VERB``) whose subject the rules below recognise
gives one practice. Its city is, in order: a genitive in its object ("Oslo's car-free
programme"), the town that is the subject, the place the clause is set in ("In Aarhus,
...", "..., where the municipality showcased"), the city of the person who is the
subject; never a city that funded it ("financed by the City of Malmö"). Its title is a
quoted name in the clause (kept as written), else the object's own words ("a revolving
fund for street lighting"), short; only when there are none, a placeholder.

Every rule is a small function in ``PROSE_RULES``, tried in order on each clause.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from loaders.recaps import lexicon
from loaders.recaps.lazy import LazyPattern
from loaders.recaps.people import Person
from loaders.recaps.places import CityHit

_VERB = re.compile(rf"(?<![\w-]){lexicon.PRACTICE_VERB}(?![\w-])")
_PASSIVE = LazyPattern(rf"(?<![\w-]){lexicon.PRACTICE_PASSIVE}(?![\w-])")
# Clause boundaries inside a sentence: a comma (not inside a quote or brackets is not
# checked: quoted names rarely hold commas), "; ", and "and/while/und/sowie" before a
# capitalised subject ("and about Aarhus's ...", "und das Berliner Programm ..." too).
_CLAUSE_BREAK = re.compile(
    r";\s+|:\s+(?=[A-ZÄÖÜ])|,\s+(?:(?:and|while|whereas|und|sowie|während)\s+)?|"
    r"\s+(?:and|und|while|whereas|sowie)\s+(?=[A-ZÄÖÜ]|(?:about|from|über|aus)\s+[A-ZÄÖÜ]|"
    # "... und das Berliner Förderprogramm": a town's adjective opens the next one
    r"(?:das|die|der|den)\s+[A-ZÄÖÜ][\wäöüß]+er\s+[A-ZÄÖÜ])"
)
_TOWN_APPOSITION = re.compile(lexicon.TOWN_APPOSITION)
_QUOTED = re.compile(r"[\"„“«‚‘](?P<t>[^\"„“”«»‚‘’\n]{3,80})[\"“”»‘’]")
_MAX_SPOKEN_WORDS = 9
# A group from a place as the subject: "Die Delegation aus Béthune", "The guests from Lviv".
_GROUP_FROM = re.compile(
    r"^(?:(?:die|der|the|a|eine?)\s+)?(?:\w+\s+)?(?:delegation|gäste|guests|visitors|"
    r"besucher\w*|vertreter\w*|representatives|team|partners|partner\w*|kolleg\w*|"
    r"colleagues|teilnehmende\w*|participants|delegates|delegierte\w*|officials|experts|"
    r"fachleute|staff|planners)\s+(?:aus|from|of)\s+(?:der\s+|dem\s+|the\s+)?"
    r"(?:(?:partnerstadt|stadt|city of|town of|twin town)\s+)?$",
    re.IGNORECASE,
)
# "In Copenhagen, ...", "Aus Ebsdorfergrund stellte Bürgermeister X Y ... vor": where the
# clause is set, or where its speaker comes from
_FRONTED_PLACE = re.compile(r"^(?:in|im|at|bei|aus)\s+(?:der\s+|dem\s+|the\s+)?", re.IGNORECASE)
_WHERE = re.compile(r"^(?:where|wo|in which|in der|in dem)\b", re.IGNORECASE)
_GENITIVE = re.compile(r"(?P<city>[A-ZÄÖÜ][\w-]*(?:\s+[A-ZÄÖÜ][\w-]*)?)['’]s\s+")
# Words that open an object but are not its name.
_OBJECT_LEAD = re.compile(
    r"^(?:(?:participants|delegates|visitors|guests|them|us|him|her|ihnen|uns|ihm|"
    r"the (?:participants|delegates|group|visitors|guests)|den (?:gästen|teilnehmenden|"
    r"besuchern\w*)|the audience)\s+"
    r"(?:through\s+)?)?(?:(?:that|how|to|dass|wie)\s+)?(?:(?:(?:the|her|his|their|our|its)\s+"
    r"(?:city|town|municipality)['’]s|"
    r"results of (?:its|their|the)|experiences? (?:with|of|in)|erfahrungen mit|"
    # "opened the day with Città 30"
    r"(?:the\s+)?(?:day|meeting|session|morning|afternoon|programme|event|workshop)\s+with|"
    r"its|their|his|her|the|a|an|ihr\w*|sein\w*|das|die|den|"
    r"dem|der|ein\w*)\s+)*",
    re.IGNORECASE,
)
# Where an object's words end: a relative clause, a finite verb, a deadline, a quote.
_OBJECT_END = re.compile(
    r"\s+(?:which|that|who|where|would|will|is|was|has|had|are|were|can|could|to cut|"
    r"mit de[mr]|bei de[mr]|das|die|der Stadt|vor\b|by (?:19|20)\d\d|bis (?:19|20)\d\d|"
    # the German participle or particle that closes the clause: "hat ihren Wärmeplan
    # vorgestellt", "setzt einen Hitzeaktionsplan um"
    r"vorgestellt|eingeführt|umgesetzt|präsentiert|gestartet|eröffnet|aufgebaut|"
    r"eingerichtet|entwickelt|realisiert|gezeigt|saniert|um(?=\s*[.,;]|\s*$))\b|"
    # "... program to the Lakeland City Commission": whom it was shown to
    rf"\s+{lexicon.AUDIENCE}\b|"
    r"[\"„“«(]|$",
    re.IGNORECASE,
)
_TITLE_WORDS = 8
_REFERS_BACK = re.compile(
    r"(?<![\w-])(?:(?:the|this|that)\s+(?:idea|same|approach|concept)|die Idee|dieses Konzept)\b",
    re.IGNORECASE,
)
# An object that points back to a practice told before: "testing the idea in two schools".
_ANAPHOR = re.compile(
    r"^(?:(?:the|this|that)\s+(?:idea|same|approach|concept)|it|die idee|dieses konzept|es)\b",
    re.IGNORECASE,
)
_HEAD_END = re.compile(r"\s+(?:and|on|in|at|und|auf|im)\s+|,\s+")
_APPOSITION_QUOTE = re.compile(
    r",\s+(?:(?:the|der|die|das|called|named|namens|genannt)\s+)?[\"„“«‚‘][^\"„“”«»‚‘’\n]{3,80}"
    r"[\"“”»‘’]"
)
# "Madrid Central cut ...": a name of two capitalised words or more, then a verb.
_NAME_THEN_VERB = re.compile(r"(?P<name>[A-ZÄÖÜ][\w'’-]*(?:\s+[A-ZÄÖÜ][\w'’-]*)+)\s+[a-zäöüß]")
# A project's name in Title Case opening the object: "Bike Lanes on Main Roads", "Free
# Public Transport 2.0", "Città 30" (English connectors between capitalised words, a
# number as a word); what follows is lower case, a comma or the end.
_TITLE_CASE_NAME = re.compile(
    r"(?P<name>[A-ZÀ-ÖØ-Þ][\w'’-]*(?:\s+(?:(?:on|of|for|and|the|in|at|to|&)\s+)?"
    r"(?:[A-ZÀ-ÖØ-Þ][\w'’-]*|\d[\d.,/]*\b))+)(?=\s+[a-zäöüß]|\s*[,;:.(–—-]\s|\s*[.;]?$)"
)


@dataclass(frozen=True)
class Clause:
    """One clause of a sentence, with what the page found in it."""

    text: str  # the page's whole text
    start: int
    end: int
    cities: Sequence[CityHit]  # the clause's cities, in order
    people: Sequence[tuple[int, int, Person]]  # mentions in the clause: span, person
    place: CityHit | None  # the place the sentence set this clause in ("In Aarhus, ...")
    host: CityHit | None = None  # the town the event took place in, if the page says
    author: Person | None = None  # who writes "I" on the page (a post's name line)
    before: CityHit | None = None  # the town the page named last before this clause
    speaker_before: Person | None = None  # the person named last before it in its sentence

    @property
    def words(self) -> str:
        return self.text[self.start : self.end]


@dataclass(frozen=True)
class ProsePractice:
    title: str
    literal: bool
    city: CityHit | None
    presenters: tuple[str, ...]
    start: int
    end: int
    rule: str
    context: str = ""  # the clause's words


def _quoted_name(words: str) -> str | None:
    for q in _QUOTED.finditer(words):
        quoted = q["t"].strip()
        if len(quoted.split()) <= _MAX_SPOKEN_WORDS and not quoted.endswith((",", ".", "!", "?")):
            return quoted
    return None


def _title(clause: Clause, after: int) -> tuple[str, bool] | None:
    """The practice's title: a quoted name in the clause (or in the apposition right after
    it: 'the flood scheme, the "IJssel Terraces", which ...'), a name in capitals opening
    its object ('showed how Madrid Central cut ...'), else the object's own words."""
    quoted = _quoted_name(clause.words)
    if quoted is None:
        apposition = _APPOSITION_QUOTE.match(clause.text, clause.end)
        quoted = _quoted_name(apposition.group()) if apposition else None
    if quoted:
        return quoted, True
    rest = clause.text[after : clause.end].strip()
    if _ANAPHOR.match(rest):
        return None  # "are now testing the idea": another town's practice, told before
    genitive = _GENITIVE.match(rest)
    if genitive:
        rest = rest[genitive.end() :]
    lead = _OBJECT_LEAD.match(rest)
    rest = rest[lead.end() :] if lead else rest
    named = _TITLE_CASE_NAME.match(rest) or _NAME_THEN_VERB.match(rest)
    if named:
        return named["name"], True
    end = _OBJECT_END.search(rest)
    rest = rest[: end.start() if end else len(rest)].strip(" ,.;:")
    if len(rest.split()) > _TITLE_WORDS:
        # "the solar park on the former ash field and the new heat storage in Ropka": the
        # first thing named, up to its first preposition or "and"
        rest = _HEAD_END.split(rest, maxsplit=1)[0].strip(" ,.;:")
    words_ = rest.split()
    if not words_ or len(words_) > _TITLE_WORDS or not any(w[:1].isalpha() for w in words_):
        return None
    return rest, False


def _object_city(clause: Clause, after: int) -> CityHit | None:
    """A city whose project the object names in the genitive: "Oslo's programme"."""
    for hit in clause.cities:
        if hit.start >= after and clause.text.startswith(("'s", "’s"), hit.end):
            return hit
    return None


def _not_funder(clause: Clause, hit: CityHit | None) -> CityHit | None:
    if hit is None:
        return None
    before = clause.text[max(0, hit.start - 60) : hit.start]
    return None if lexicon.FUNDED_BY.search(before) else hit


# "The Metropole of Lyon presented ...", "Die Stadt Halle präsentierte ...".
_TITLED_SUBJECT = re.compile(
    rf"(?:(?:the|die|der|das)\s*)?(?:{lexicon.MUNICIPAL_TITLE.pattern})?", re.IGNORECASE
)


# A time said before the subject: "Since last spring Ostrava has been testing ...".
_TIME_FIRST = re.compile(
    r"(?:since|seit|last|this|earlier this|in|im|by|until|bis)\s+(?:\w+\s+){0,2}?"
    r"(?:(?:19|20)\d\d|spring|summer|autumn|fall|winter|year|month|week|frühjahr|frühling|"
    r"sommer|herbst|winter|jahr|monat|januar|februar|märz|april|mai|juni|juli|august|"
    r"september|oktober|november|dezember|january|february|march|may|june|july|october|"
    r"december)(?:\s+(?:19|20)\d\d)?,?|(?:recently|meanwhile|now|today|heute|inzwischen|"
    r"mittlerweile|bereits),?",
    re.IGNORECASE,
)


# Reported speech: "Mayor X said that Namur had introduced ...", "X told participants that
# Malmö is piloting ...": the town opens the clause the frame reports.
_REPORTING = (
    r"(?<![\w-])(?:said|says|explained|explains|told(?:\s+[\w-]+){0,2}?|"
    r"reported|reports|noted|notes|stressed|stresses|added|adds|announced|announces|"
    r"pointed out|points out|emphasi[sz]ed|recalled|mentioned|confirmed|underlined)\s+"
    r"(?:that\s+)?"
)
_REPORTED_FRAME = LazyPattern(rf"[^.;:!?\n]{{0,120}}?{_REPORTING}", re.IGNORECASE)
# "... and said that the city had converted ...": where the reported clause starts
_REPORTED_AT = re.compile(_REPORTING, re.IGNORECASE)


_REPORTED_SUBJECT = re.compile(
    rf"{_REPORTED_FRAME.pattern}(?:{_TITLED_SUBJECT.pattern})\s*", re.IGNORECASE
)


def _opens_subject(opening: str) -> bool:
    """Whether the words before a town leave it the subject of its clause: nothing, an
    article and a municipal title, a time, or a frame of reported speech before those.

    >>> _opens_subject("Mayor Anne Dubois said that the City of"), _opens_subject("Besides")
    (True, False)
    """
    if _REPORTED_SUBJECT.fullmatch(opening + " "):
        return True
    return bool(_TITLED_SUBJECT.fullmatch(opening) or _TIME_FIRST.fullmatch(opening))


def town_subject(clause: Clause) -> ProsePractice | None:
    """ "Malmö launched a school-meals toolkit", "Kisumu described its first green bond":
    a town opening the clause, a practice verb right after it.

    >>> text = "Malmö launched a school-meals toolkit"
    >>> hit = CityHit("Malmö", None, 0, 5)
    >>> town_subject(Clause(text, 0, len(text), [hit], [], None)).title
    'school-meals toolkit'
    >>> from loaders.recaps.people import Person
    >>> text = "Eva Lind said that Brno is piloting a cup deposit"
    >>> hit, who = CityHit("Brno", None, 19, 23), (0, 8, Person("Eva Lind"))
    >>> found = town_subject(Clause(text, 0, len(text), [hit], [who], None))
    >>> found.title, found.presenters
    ('cup deposit', ('Eva Lind',))
    """
    if not clause.cities:
        return None
    hit = clause.cities[0]
    opening = clause.text[clause.start : hit.start].strip()
    if opening and not _opens_subject(opening):
        return None
    verb = lexicon.PRESENTS_ITS_OWN.match(clause.text, hit.end)
    if verb is None:
        return None
    # the match ends with the object's first word ("its"), or before the object
    after = (
        verb.end() if verb.group()[-1:].isspace() else verb.end() - len(verb.group().split()[-1])
    )
    found = _title(clause, after)
    city = _object_city(clause, after) or hit
    return _practice(clause, found, city, _teller(clause, hit, city), "practices.town_subject")


def town_adapted(clause: Clause) -> ProsePractice | None:
    """A transfer city's form of the good practice it took up: "Tartu adapted the good
    practice as a pop-up workspace scheme", "Koprivnica turned it into a lease model",
    "Gdynia's adaptation, the "Open Ground Floors" call" (``lexicon.ADAPTED_PRACTICE``).

    >>> text = "Koprivnica turned it into a lease model for its market hall"
    >>> hit = CityHit("Koprivnica", None, 0, 10)
    >>> town_adapted(Clause(text, 0, len(text), [hit], [], None)).title
    'lease model for its market hall'
    >>> text = 'Gdynia’s adaptation, the "Open Ground Floors" call, drew 40 applications'
    >>> hit = CityHit("Gdynia", None, 0, 6)
    >>> town_adapted(Clause(text, 0, 19, [hit], [], None)).title
    'Open Ground Floors'
    """
    if not clause.cities:
        return None
    hit = clause.cities[0]
    opening = clause.text[clause.start : hit.start].strip()
    if opening and not _opens_subject(opening):
        return None
    adapted = lexicon.ADAPTED_PRACTICE.match(clause.text, hit.end)
    if adapted is not None:
        found = _title(clause, adapted.end())
        return _practice(clause, found, hit, (), "practices.town_adapted")
    version = lexicon.TOWN_VERSION.match(clause.text, hit.end)
    if version is None or version.end() > clause.end:
        return None
    apposition = _APPOSITION_QUOTE.match(clause.text, clause.end)
    quoted = _quoted_name(apposition.group()) if apposition else None
    return _practice(clause, (quoted, True) if quoted else None, hit, (), "practices.town_adapted")


# "According to project manager X Y, Deventer has ...", "Laut Umweltdezernent X Y hat ..."
_ACCORDING_TO = re.compile(
    r"(?<![\w-])(?:according to|laut|nach angaben von)\s+[^,.;:!?\n]{3,80}?,?\s*$",
    re.IGNORECASE,
)


def _teller(clause: Clause, hit: CityHit, city: CityHit) -> tuple[str, ...]:
    """Who reports a town's practice presents it, unless they are of another town:
    "Councillor X Y told participants that Brno ...", "According to X Y, Deventer ...".

    >>> from loaders.recaps.people import Person
    >>> text = "According to Lena Vos, Deventer has set up an energy fund"
    >>> hit = CityHit("Deventer", None, 23, 31)
    >>> clause = Clause(text, 23, len(text), [hit], [], None, speaker_before=Person("Lena Vos"))
    >>> _teller(clause, hit, hit)
    ('Lena Vos',)
    """
    opening = clause.text[clause.start : hit.start]
    teller = next((p for s, _, p in clause.people if s < hit.start), None)
    if teller is not None and _REPORTED_AT.search(opening):
        pass  # "X Y said that Brno ..."
    elif _ACCORDING_TO.search(clause.text, max(0, clause.start - 120), hit.start) is not None:
        teller = teller or clause.speaker_before  # the source named before the town
    else:
        return ()
    if teller is None or teller.city not in (None, city.name):
        return ()
    return (teller.name,)


def group_from_town(clause: Clause) -> ProsePractice | None:
    """ "Die Delegation aus Béthune stellte das Projekt „Jardins partagés“ vor", "The
    guests from Lviv presented their programme ...": a group from a town as the subject;
    a group named otherwise ("Die französischen Gäste stellten ihr Programm „Vichy à
    vélo“ vor") presents a quoted name, of the town the name holds, if any.

    >>> text = "Delegates from Utrecht presented their heat plan"
    >>> hit = CityHit("Utrecht", None, 15, 22)
    >>> group_from_town(Clause(text, 0, len(text), [hit], [], None)).title
    'heat plan'
    """
    hit = clause.cities[0] if clause.cities else None
    if hit is not None and _GROUP_FROM.match(clause.text[clause.start : hit.start].strip() + " "):
        verb = _VERB.search(clause.text, hit.end, clause.end)
        gap = clause.text[hit.end : verb.start()] if verb else ""
        # "The partner from Timișoara (Romania) has shown ...": a bracket may stand between
        if verb is None or len(re.sub(r"\([^()]{0,30}\)", "", gap)) > 20:
            return None
        return _practice(clause, _title(clause, verb.end()), hit, (), "practices.group_from_town")
    group = _GROUP.match(clause.words.strip())
    if group is None or not _VERB.match(clause.words.strip(), group.end()):
        return None
    quoted = _quoted_name(clause.words)
    if quoted is None:
        return None
    inside = [h for h in clause.cities if clause.text.find(quoted, clause.start) <= h.start]
    return _practice(
        clause, (quoted, True), inside[0] if inside else None, (), "practices.group_from_town"
    )


_GROUP = re.compile(
    r"(?:die|der|the)\s+(?:[\w-]+\s+)?(?:delegation|gäste|guests|visitors|besucher\w*|"
    r"vertreter\w*|representatives|team|partners|kolleg\w*|colleagues)\s+",
    re.IGNORECASE,
)


# "Gastgeber Bürgermeister X Y begrüßte seine Amtskollegen und stellte ... vor": a
# greeting before the verb of the same subject
_WELCOMED_THEN = re.compile(
    r"\s+(?:begrüßte|begrüßt|empfing|welcomed|welcomes|greeted|greets)\b[^.;:!?\n]{0,80}?"
    r"\s+(?:und|and)\s+"
)


def welcome_then_verb(text: str, end: int, verb_start: int) -> bool:
    """Whether only a greeting stands between a person's name (ending at ``end``) and
    their practice verb.

    >>> t = "Peter Kraus begrüßte seine Kolleginnen und Kollegen und stellte das Netz vor"
    >>> welcome_then_verb(t, 11, t.index("stellte"))
    True
    """
    return _WELCOMED_THEN.fullmatch(text, end, verb_start) is not None


# Words before a noun that say when, how much or whose, not what: "das neue
# Nahwärmenetz" is the Nahwärmenetz, "die mobile App" a mobile app (stems of adjectives,
# possessives and demonstratives; any German inflection follows).
_PASSING_ADJECTIVE = re.compile(
    r"(?:neu|eigen|erst|zweit|dritt|groß|gross|klein|gut|best|aktuell|jüngst|bisherig|"
    r"heutig|geplant|laufend|ganz|gesamt|weit|viel|ander|dies|jen|solch|all|jed|"
    r"mein|dein|sein|ihr|unser|euer)(?:e|en|er|es|em)?",
    re.IGNORECASE,
)
_ADJECTIVE = re.compile(r"[a-zäöüß][\wäöüß-]*(?:e|en|er|es|em)")


def german_head_noun(phrase: str) -> str | None:
    """The last noun of a German noun phrase with the adjectives that describe it, the
    first capitalised; adjectives of time or amount and determiners are left out.

    >>> german_head_noun("die mobile App")
    'Mobile App'
    >>> german_head_noun("das neue Nahwärmenetz")
    'Nahwärmenetz'
    >>> german_head_noun("ihr digitales Bürgerportal")
    'Digitales Bürgerportal'
    >>> german_head_noun("ein kommunales neues Wärmenetz")
    'Wärmenetz'
    >>> german_head_noun("die neue und") is None  # no noun: no title
    True
    """
    words = phrase.split()
    nouns = [n for n, w in enumerate(words) if re.fullmatch(r"[A-ZÄÖÜ][\wäöüß-]{2,}", w)]
    if not nouns:
        return None
    last = nouns[-1]
    first = last
    while (
        first > 0
        and _ADJECTIVE.fullmatch(words[first - 1])
        and not _PASSING_ADJECTIVE.fullmatch(words[first - 1])
        and words[first - 1].lower() not in lexicon.GERMAN_DETERMINERS
    ):
        first -= 1
    kept = words[first : last + 1]
    return " ".join([kept[0][:1].upper() + kept[0][1:], *kept[1:]])


# "stellte X, Leiterin des Amts für Y der Stadt Z, das Bürgerportal der Stadt vor": the
# person's role set off by commas, then the object and the verb's particle.
_APPOSITION_THEN_OBJECT = re.compile(
    r",\s+(?P<role>[^,.;:]{3,120}?),\s+(?P<object>(?:das|die|den|ein\w*|ihr\w*|sein\w*)\s+"
    r"[^,.;:]{2,80}?)\s+vor(?=\s*[,.;]|\s*$)"
)


def german_apposition_object(clause: Clause) -> ProsePractice | None:
    """German puts the verb first, the presenter's role in commas, the object after it:
    the object's head noun is the practice, the person's town its city.

    >>> from loaders.recaps.people import Person
    >>> t = ("Dann stellte Sabine Krüger, Leiterin des Amts für Digitalisierung der Stadt "
    ...      "Münster, das Bürgerportal der Stadt vor.")
    >>> p = Person("Sabine Krüger", role="Leiterin des Amts für Digitalisierung der Stadt "
    ...            "Münster", city="Münster")
    >>> at = t.index("Sabine")
    >>> c = Clause(t, 0, at + 13, [], [(at, at + 13, p)], None)
    >>> found = german_apposition_object(c)
    >>> found.title, found.city.name, found.presenters
    ('Bürgerportal', 'Münster', ('Sabine Krüger',))
    """
    if not clause.people:
        return None
    start, end, person = clause.people[-1]
    if clause.text[end : clause.end].strip() or not _VERB.search(clause.text, clause.start, start):
        return None  # the name must close a clause its verb opened ("stellte X")
    m = _APPOSITION_THEN_OBJECT.match(clause.text, end)
    if m is None or not person.role or not m["role"].startswith(person.role.split()[0]):
        return None
    phrase = re.split(r"\s+(?:der|des)\s+", m["object"], maxsplit=1)[0]
    noun = german_head_noun(phrase)
    if noun is None:
        return None
    return _practice(
        clause,
        (noun, False),
        _person_city(clause, person) or clause.place,
        (person.name,),
        "practices.german_apposition_object",
    )


_FRENCH_VERB_OBJECT = re.compile(
    rf"\s+(?:{lexicon.FRENCH_PRACTICE_VERB})\s+(?:son|sa|ses|le|la|les|une?|l['’])\s*"
    r"(?P<object>[^«»\"“”.,;:]{3,80}?)\s*(?=[«»\"“”.,;:]|$)",
    re.IGNORECASE,
)
_FRENCH_TOWN_TITLE = re.compile(rf"{lexicon.FRENCH_TOWN_TITLE}$", re.IGNORECASE)


def french_town_subject(clause: Clause) -> ProsePractice | None:
    """A town named by its French title, its verb and its object: "« la Ville de Dakar a
    présenté son programme de compostage des déchets de marché »".

    >>> t = "« la Ville de Dakar a présenté son programme de compostage des déchets »"
    >>> at = t.index("Dakar")
    >>> dakar = CityHit("Dakar", None, at, at + 5)
    >>> found = french_town_subject(Clause(t, 0, len(t), [dakar], [], None))
    >>> found.title, found.city.name
    ('programme de compostage des déchets', 'Dakar')
    """
    for hit in clause.cities:
        if not _FRENCH_TOWN_TITLE.search(clause.text, max(clause.start, hit.start - 30), hit.start):
            continue
        m = _FRENCH_VERB_OBJECT.match(clause.text[: clause.end], hit.end)
        if m and len(m["object"].split()) <= _TITLE_WORDS:
            return _practice(clause, (m["object"], True), hit, (), "practices.french_town_subject")
    return None


def person_subject(clause: Clause) -> ProsePractice | None:
    """ "Mayor Joseph Mwangi of Nakuru pledged ...", "Ingrid Solberg championed Oslo's
    programme "Bilfritt byliv"": a person opening the clause (or named by its verb, as
    German puts it: "stellte Baureferent X das Konzept „Y“ vor"), a practice verb."""
    if not clause.people:
        return None
    start, end, person = clause.people[0]
    opening = clause.text[clause.start : start]
    verb = _VERB.search(clause.text, end, clause.end)
    german_first = _VERB.search(opening) or _REPORTED_ABOUT.search(opening)
    if german_first is not None and german_first.re is _REPORTED_ABOUT:
        about = _ABOUT.match(clause.text, end)  # "berichtete Kreisdirektor X über ein Netz"
        if about is None:
            return None
        end = about.end()
    if german_first is None:
        # "Auckland Council's economic development director X Y walked them through":
        # the words before the name may be the person's own role phrase.
        role_before = bool(person.role) and opening.rstrip().endswith(person.role or "")
        if (
            (len(opening.split()) > 4 and not role_before)
            or verb is None
            or (verb.start() - end > 40 and not welcome_then_verb(clause.text, end, verb.start()))
        ):
            return None
        after = verb.end()
    else:
        after = end
    found = _title(clause, after)
    if found is not None and not found[1] and german_first is not None:
        # "zeigte Reiter den Gästen das neue Nahwärmenetz der Stadt": the head noun.
        # (the head, before a genitive: "die mobile App der Stadtverwaltung" -> "App")
        head = re.split(r"\s+(?:der|des)\s+", found[0], maxsplit=1)[0]
        noun = german_head_noun(head)
        found = (noun, False) if noun else None
    if found is None:
        return None
    city = _object_city(clause, after) or _person_city(clause, person) or clause.place
    if lexicon.RESEARCH_ORG.search(f"{person.organisation}") or (
        lexicon.RESEARCH_ORG.search(f"{person.role}") and not person.city
    ):
        return None  # a study's findings are no city's practice (a city's head of research
        # presents the city's)
    if city is None and not found[1]:
        return None  # neither whose nor what by name: too little to call it a practice
    return _practice(clause, found, city, (person.name,), "practices.person_subject")


def place_of_clause(clause: Clause) -> ProsePractice | None:
    """ "In Copenhagen, the group was shown the Cloudburst Management Plan", "Middelfart,
    where the municipality showcased its neighbourhood "Klimakvarter"": the place the
    sentence sets the clause in, and a practice verb (active or passive)."""
    if clause.place is None:
        return None
    verb = _PASSIVE.search(clause.words) or _VERB.search(clause.words)
    if verb is None:
        return None
    after = clause.start + verb.end()
    found = _title(clause, after)
    if found is not None and not found[1]:
        named = _NAMED.match(found[0])
        found = (named.group(), True) if named else found
    return _practice(clause, found, clause.place, (), "practices.place_of_clause")


_REPORTED_ABOUT = re.compile(r"(?<![\w-])berichtete[n]?\s*$")
_ABOUT = re.compile(r"\s+(?:über|von)\s+")
# "the Cloudburst Management Plan": a name written in capitals after the verb.
_NAMED = LazyPattern(r"^(?:[A-ZÄÖÜ][\w'’-]*\s+){1,5}[A-ZÄÖÜ][\w'’-]*$")


def _person_city(clause: Clause, person: Person) -> CityHit | None:
    if not person.city:
        return None
    return CityHit(person.city, person.country, clause.start, clause.start)


def _practice(
    clause: Clause,
    found: tuple[str, bool] | None,
    city: CityHit | None,
    presenters: tuple[str, ...],
    rule: str,
) -> ProsePractice | None:
    city = _not_funder(clause, city)
    if found is None and (city is None or _REFERS_BACK.search(clause.words)):
        return None
    title, literal = found if found else ("", False)
    return ProsePractice(
        title, literal, city, presenters, clause.start, clause.end, rule, clause.words
    )


# German puts the participle first and the subject after its auxiliary: "Vorgestellt hat
# die Stadt Solingen ihr Modell ...", "Präsentiert haben die Gäste aus Cavaillon ...".
_FRONTED_PARTICIPLE = re.compile(
    r"^(?:vorgestellt|präsentiert|gezeigt|vorgeführt|erläutert|beschrieben)\s+(?:hat|haben)"
    r"\s+(?:(?:die|der|das)\s+)?",
    re.IGNORECASE,
)
_MUNICIPAL_LEAD = re.compile(
    r"^(?:(?:die|der|the)\s+)?(?:stadt|gemeinde|kommune|hansestadt|city of|town of|"
    r"municipality of)?\s*$",
    re.IGNORECASE,
)


def fronted_participle(clause: Clause) -> ProsePractice | None:
    """ "Vorgestellt hat die Delegation aus Cavaillon bei einem Rundgang ihr Projekt
    „Jardins de la Durance“": a participle first, then the subject (a town, a group from a
    town, a person) and the object.

    >>> text = "Vorgestellt hat die Stadt Solingen ihr Modell einer gemeinsamen Kasse"
    >>> hit = CityHit("Solingen", None, 26, 34)
    >>> fronted_participle(Clause(text, 0, len(text), [hit], [], None)).title
    'Modell einer gemeinsamen Kasse'
    """
    words = clause.words
    lead = _FRONTED_PARTICIPLE.match(words.lstrip())
    if lead is None:
        return None
    subject_at = clause.start + len(words) - len(words.lstrip()) + lead.end()
    if clause.cities:
        hit = clause.cities[0]
        before = clause.text[subject_at : hit.start]
        if _MUNICIPAL_LEAD.match(before) or _GROUP_FROM.match(
            (lead.group().split()[-1] + " " + before).strip() + " "
        ):
            return _practice(
                clause, _title(clause, hit.end), hit, (), "practices.fronted_participle"
            )
    if clause.people:
        start, end, person = clause.people[0]
        if start - subject_at <= 40:
            found = _title(clause, end)
            city = _person_city(clause, person)
            if found is not None and (city is not None or found[1]):
                return _practice(
                    clause, found, city, (person.name,), "practices.fronted_participle"
                )
    return None


# "Graz introduced its energy community and Bilbao its renovation programme", "zeigten die
# Städte ihre Lösungen: Rotterdam seinen Stadtzwilling, Lissabon das Projekt „LxDataLab“":
# a town, then at once its object; the verb stands earlier in the sentence.
_GAPPED_OBJECT = re.compile(
    r"[ \t]+(?:its|their|ihr|ihre|ihren|sein|seine|seinen|das|die|den)[ \t]+\S", re.IGNORECASE
)
_VERB_REACH = 200


def gapped_town(clause: Clause) -> ProsePractice | None:
    """A town opening a clause with its object right after it, the practice verb earlier in
    the same sentence ("..., Lissabon das Projekt „LxDataLab“ und Ulm die Plattform ...").

    >>> text = "Graz introduced its energy community and Bilbao its renovation programme"
    >>> hit = CityHit("Bilbao", None, 41, 47)
    >>> gapped_town(Clause(text, 41, len(text), [hit], [], None)).title
    'renovation programme'
    """
    if not clause.cities:
        return None
    hit = clause.cities[0]
    if clause.text[clause.start : hit.start].strip() or not _GAPPED_OBJECT.match(
        clause.text, hit.end
    ):
        return None
    before = clause.text[max(0, clause.start - _VERB_REACH) : clause.start]
    sentence = re.split(r"[.!?]\s|\n", before)[-1]
    previous = re.split(r"[,;:]\s+|\s+(?:and|und|sowie)\s+", sentence.rstrip(" ,;:"))[-1]
    # "Vertreter aus Erlangen, Fürth und Salzburg ihre Projekte": the last of a list of
    # towns, not a clause of its own (the one before it is a bare name).
    if not _VERB.search(sentence) or len(previous.split()) < 3:
        return None
    return _practice(clause, _title(clause, hit.end), hit, (), "practices.gapped_town")


# "Der Preis ging an die Stadt Paderborn für ihr Open-Data-Portal", "the award went to
# the City of Ghent for its ...": a town awarded for its project.
_AWARD_TO = re.compile(
    r"\b(?:preis\w*|award\w*|auszeichnung\w*|prize|ehrung)\b[^.;:]{0,40}?\b(?:ging|gingen|"
    r"went|goes|was given|was awarded|wurde verliehen|verliehen)\s+(?:an|to)\s+$",
    re.IGNORECASE,
)
_AWARD_FOR = re.compile(r"\s+(?:für|for)\s+(?=\S)", re.IGNORECASE)


def award_to_town(clause: Clause) -> ProsePractice | None:
    """A prize that went to a town for its project: the project is the town's practice.

    >>> text = "Der Preis ging an die Stadt Paderborn für ihr Portal „Paderborn in Zahlen“"
    >>> hit = CityHit("Paderborn", None, 28, 37)
    >>> award_to_town(Clause(text, 0, len(text), [hit], [], None)).title
    'Paderborn in Zahlen'
    """
    for hit in clause.cities:
        lead = clause.text[clause.start : hit.start]
        title_word = lexicon.MUNICIPAL_TITLE_BEFORE.search(lead)
        lead = lead[: title_word.start()] if title_word else lead
        lead = re.sub(r"(?:die|der|the)\s+$", "", lead, flags=re.IGNORECASE)
        if not _AWARD_TO.search(lead):
            continue
        what = _AWARD_FOR.match(clause.text, hit.end)
        if what is None:
            return None
        return _practice(clause, _title(clause, what.end()), hit, (), "practices.award_to_town")
    return None


_HOST_SUBJECT = re.compile(
    r"^(?:the|die|der|das|our|unsere?)\s+(?:host(?:ing)?|gastgebende\w*|gastgeber\w*)"
    r"(?:\s+(?:partner|city|town|municipality|team|stadt|gemeinde|kommune))?\s+",
    re.IGNORECASE,
)


def host_subject(clause: Clause) -> ProsePractice | None:
    """ "The host partner presented the pilot action „Ombra Diffusa“": the town the event
    took place in presents it.

    >>> text = "the host city presented its pilot action"
    >>> host_subject(Clause(text, 0, len(text), [], [], None, CityHit("Ferrara", None, 0, 0))).title
    'pilot action'
    """
    lead = _HOST_SUBJECT.match(clause.words.lstrip())
    if clause.host is None or lead is None:
        return None
    at = clause.start + len(clause.words) - len(clause.words.lstrip()) + lead.end()
    verb = _VERB.match(clause.text, at)
    if verb is None:
        return None
    host = CityHit(clause.host.name, clause.host.country, clause.start, clause.start)
    return _practice(clause, _title(clause, verb.end()), host, (), "practices.host_subject")


# The visitors as the subject, then what they saw: "the visitors have discovered the
# „Îlot Vert“ project", "The mayors visit the new flood park in Aalborg East", "Die Gäste
# besichtigten das neue Quartierszentrum".
_VISITORS_SAW = re.compile(
    r"^(?:[\d/.:)]+\s+)?(?:(?:the|die|der)\s+)?(?:visitors|guests|delegation|delegates|participants|mayors|"
    r"group|gäste|besucher\w*|delegation|teilnehmenden|teilnehmer\w*)\s+(?:(?:have|has|had)\s+)?"
    r"(?:also\s+|auch\s+)?(?:discovered|discover|visited|visit|toured|tour|explored|explore|"
    r"saw|see|besichtigten|besuchten|erkundeten|sahen)\s+",
    re.IGNORECASE,
)


# German puts the verb before its subject: "Am Nachmittag besuchten die Teilnehmenden den
# neuen Klimapark".
_VISITORS_SAW_DE = re.compile(
    r"\b(?:besuchten|besichtigten|erkundeten|sahen)\s+(?:die|alle)\s+(?:gäste|teilnehmenden|"
    r"teilnehmer\w*|besucher\w*|delegation|delegierten|bürgermeister\w*)\s+(?:auch\s+)?",
    re.IGNORECASE,
)


def visitors_saw(clause: Clause) -> ProsePractice | None:
    """ "The visitors have discovered the „Îlot Vert“ project": the visitors saw the host's
    project, or that of the town the object names ("the flood park in Aalborg East").

    >>> text = "The mayors visit the new flood park in Aalborg East"
    >>> hit = CityHit("Aalborg", None, 39, 46)
    >>> visitors_saw(Clause(text, 0, len(text), [hit], [], None)).city.name
    'Aalborg'
    """
    words = clause.words.lstrip()
    saw = _VISITORS_SAW.match(words) or _VISITORS_SAW_DE.search(words)
    if saw is None:
        return None
    after = clause.start + len(clause.words) - len(words) + saw.end()
    city = next((h for h in clause.cities if h.start >= after), None) or clause.host
    if city is None:
        return None
    found = _title(clause, after)
    # What they saw must be a project ("the flood park", "the „Îlot Vert“ project"), not a
    # town or its town hall ("visited Middelfart", "besuchten das Rathaus").
    seen = clause.text[after : clause.end]
    if found is None or not (found[1] or _PROJECT_NOUN.search(seen)):
        return None
    if not found[1]:
        found = (re.sub(r"\s+in\s+[A-ZÄÖÜ][\w\s-]*$", "", found[0]), False)
    return _practice(clause, found, city, (), "practices.visitors_saw")


_PROJECT_NOUN = LazyPattern(
    r"\b(?:projects?|programmes?|programs?|schemes?|initiatives?|pilots?|parks?|gardens?|"
    r"networks?|"
    r"hubs?|labs?|facilit(?:y|ies)|plants?|depots?|quarters?|neighbourhoods?|districts?|"
    r"\w*projekt\w*|\w*programm\w*|\w*initiative\w*|\w*park\w*|\w*garten|\w*gärten|"
    r"\w*zentrum|\w*anlage\w*|\w*quartier\w*|\w*netz\w*|\w*werkstatt)\b",
    re.IGNORECASE,
)


# "representatives from Rosario (Argentina) and Lima shared their experience": the towns of
# a list after "from" each present it.
_FROM_TOWNS = re.compile(
    r"(?:^|[,;:]\s*|\s)(?:(?:and|und)\s+)?(?:(?:the|die|der)\s+)?(?:\w+\s+)?"
    r"(?:representatives|delegates|colleagues|partners|cities|vertreter\w*|kolleg\w*)\s+"
    r"(?:from|of|aus)\s+$",
    re.IGNORECASE,
)


def towns_from_list(clause: Clause) -> list[ProsePractice]:
    """Each town of a list after "from" that is the subject of a practice verb.

    >>> text = "representatives from Rosario (Argentina) and Lima shared their composting"
    >>> hits = [CityHit("Rosario", "Argentina", 21, 28), CityHit("Lima", None, 45, 49)]
    >>> [p.city.name for p in towns_from_list(Clause(text, 0, len(text), hits, [], None))]
    ['Rosario', 'Lima']
    """
    k = next(
        (
            k
            for k, h in enumerate(clause.cities[:-1])
            if _FROM_TOWNS.search(clause.text[max(clause.start, h.start - 60) : h.start])
        ),
        None,
    )
    if k is None:
        return []
    towns = [clause.cities[k]]
    for hit in clause.cities[k + 1 :]:
        gap = re.sub(r"\([^()]{0,30}\)", "", clause.text[towns[-1].end : hit.start])
        if not _LIST_JOIN.fullmatch(gap):
            break
        towns.append(hit)
    tail = re.sub(r"^\s*\([^()]{0,30}\)", "", clause.text[towns[-1].end : clause.end])
    verb = _VERB.match(tail.lstrip())
    if len(towns) < 2 or verb is None:
        return []
    after = clause.end - len(tail.lstrip()) + verb.end()
    part = Clause(clause.text, towns[0].start, clause.end, towns, (), None, clause.host)
    found = _title(part, after)
    out = [_practice(part, found, town, (), "practices.towns_from_list") for town in towns]
    return [p for p in out if p is not None]


_LIST_JOIN = re.compile(r"\s*(?:,|and|und|&|sowie)\s*|\s*,\s*(?:and|und)\s*")


# "Lisbon and Porto respectively launched X and Y", "A, B and C presented X, Y and Z
# respectively": towns listed as one subject and as many objects, paired in order.
_RESPECTIVELY = re.compile(r"(?<![\w-])respectively(?![\w-])")
_RESPECTIVE_VERB = LazyPattern(
    rf"\s+(?:respectively\s+)?(?:also\s+)?{lexicon.PRACTICE_VERB}(?![\w-])\s+"
)
_ITEM_JOIN = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
_RESPECTIVE_END = re.compile(r",?\s+respectively\b|[.;:!?](?:\s|$)")
# "... and a tool library last year": a time closing the list is the sentence's, not the
# last object's
_TIME_TAIL = re.compile(
    r"\s+(?:(?:last|this|in the same|earlier this|the previous)\s+(?:year|month|week|spring|"
    r"summer|autumn|winter)|in\s+(?:19|20)\d\d|since\s+(?:19|20)\d\d|recently)\s*$"
)


def respectively(sentence: Clause) -> list[ProsePractice]:
    """Towns and objects paired by "respectively": the first town's is the first object.

    >>> text = ("Lisbon and Porto respectively launched a repair café network and a tool "
    ...         "library last year.")
    >>> hits = [CityHit("Lisbon", None, 0, 6), CityHit("Porto", None, 11, 16)]
    >>> found = respectively(Clause(text, 0, len(text), hits, [], None))
    >>> [(p.city.name, p.title) for p in found]
    [('Lisbon', 'repair café network'), ('Porto', 'tool library')]
    """
    words = sentence.words
    if not _RESPECTIVELY.search(words) or len(sentence.cities) < 2:
        return []
    towns = [sentence.cities[0]]
    for hit in sentence.cities[1:]:
        if not _LIST_JOIN.fullmatch(sentence.text[towns[-1].end : hit.start]):
            break
        towns.append(hit)
    verb = _RESPECTIVE_VERB.match(sentence.text, towns[-1].end, sentence.end)
    if len(towns) < 2 or verb is None:
        return []
    end = _RESPECTIVE_END.search(sentence.text, verb.end(), sentence.end)
    stop = end.start() if end else sentence.end
    spans, at = [], verb.end()
    for join in _ITEM_JOIN.finditer(sentence.text, verb.end(), stop):
        spans.append((at, join.start()))
        at = join.end()
    tail = _TIME_TAIL.search(sentence.text, at, stop)
    spans.append((at, tail.start() if tail else stop))
    if len(spans) != len(towns):
        return []  # "and" inside an object, or objects shared: no pairing
    out = []
    for town, (start, item_end) in zip(towns, spans, strict=True):
        item = Clause(sentence.text, start, item_end, [town], (), None, sentence.host)
        practice = _practice(item, _title(item, start), town, (), "practices.respectively")
        if practice is not None:
            out.append(replace(practice, start=sentence.start, end=sentence.end))
    return out if len(out) == len(towns) else []


_HOSTS = re.compile(
    r"[ \t]+(?:has[ \t]+|have[ \t]+|hat[ \t]+)?(?:received|welcomed|welcomes|hosted|hosts|"
    r"empfing|empfängt|empfangen|begrüßte|begrüßt)\b"
)


# "Twenty participants from Vilnius, Riga, Tallinn and Bratislava visited the Zakrzówek
# park": a group with its towns as the subject, its list holding commas.
_GROUP_VISITED = re.compile(
    r"^(?:[\w-]+\s+)?(?:participants|visitors|delegates|guests|mayors|experts|officers|"
    r"teilnehmende|gäste|fachleute)\s+(?:from|aus)\s+[^.;:]{0,120}?\s+(?:visited|toured|"
    r"explored|discovered|besuchten|besichtigten)\s+",
    re.IGNORECASE,
)


def group_visited(sentence: Clause) -> ProsePractice | None:
    """A visiting group named with its towns, then what it visited: the host's project.

    >>> text = "Twenty participants from Riga and Tallinn visited the Zakrzówek park."
    >>> host = CityHit("Kraków", None, 0, 0)
    >>> group_visited(Clause(text, 0, len(text), [], [], None, host)).city.name
    'Kraków'
    """
    words = sentence.words.lstrip()
    m = _GROUP_VISITED.match(words)
    if m is None or sentence.host is None:
        return None
    after = sentence.start + len(sentence.words) - len(words) + m.end()
    part = Clause(sentence.text, after, sentence.end, [], (), None, sentence.host)
    return visitors_saw(replace(part, start=after)) or _seen_project(part, after)


def _seen_project(part: Clause, after: int) -> ProsePractice | None:
    found = _title(part, after)
    if found is None or not (found[1] or _PROJECT_NOUN.search(part.words)):
        return None
    if not found[1]:
        found = (found[0].split(", ")[0], False)  # "the Zakrzówek park, a former quarry"
    host = part.host
    assert host is not None
    town = CityHit(host.name, host.country, part.start, part.start)
    return _practice(part, found, town, (), "practices.group_visited")


def host_cue(sentence: str) -> bool:
    """Whether a sentence that names no town may still be about the host's practice: the
    visitors saw something, or the host presented."""
    return bool(
        _VISITORS_SAW_DE.search(sentence)
        or re.search(r"\b(?:visitors|guests|delegation|participants|mayors|host)\b", sentence, re.I)
    )


def host_town(text: str, hits: Sequence[CityHit]) -> CityHit | None:
    """The town that says it received the visitors ("Nantes welcomes a delegation from
    Saarbrücken", "The city of Nantes has received ... a delegation"), if any.

    >>> host_town("Nantes welcomes a delegation", [CityHit("Nantes", None, 0, 6)]).name
    'Nantes'
    """
    return next((h for h in hits if _HOSTS.match(text, h.end)), None)


# "I presented our climate city contract", "durfte ich ... unsere Wärmeplanung vorstellen"
_FIRST_PERSON = re.compile(r"(?<![\w-])(?:I|we|We|ich|Ich|wir|Wir)(?![\w-])")
_OUR = LazyPattern(r"(?<![\w-])(?:our|my|unsere[nmrs]?|unser|meine[nmrs]?|mein)\s+", re.I)
_GERMAN_INFINITIVE = re.compile(
    r"\s+(?:vorstellen|präsentieren|zeigen|vorgestellt|präsentiert|gezeigt)\b", re.IGNORECASE
)


def first_person(clause: Clause) -> ProsePractice | None:
    """A post's author presenting their own: "I presented our climate city contract",
    "Gestern durfte ich ... unsere kommunale Wärmeplanung vorstellen": the practice of the
    person whose name heads the post, and of their town.

    >>> from loaders.recaps.people import Person
    >>> text = "Yesterday I presented our heat plan in Lyon"
    >>> poster = Person("Jana Roe", city="Kiel")
    >>> first_person(Clause(text, 0, len(text), [], [], None, None, poster)).title
    'heat plan'
    """
    author = clause.author
    words = clause.words
    if author is None or author.city is None or not _FIRST_PERSON.search(words):
        return None
    verb = _VERB.search(words)
    ours = _OUR.search(words, verb.end() if verb else 0)
    if ours is None or (verb is None and not _GERMAN_INFINITIVE.search(words, ours.end())):
        return None
    rest = words[ours.end() :]
    stop = _GERMAN_INFINITIVE.search(rest) or re.search(r"\s+(?:in|at|im|beim|bei|to)\s", rest)
    title = rest[: stop.start() if stop else len(rest)].strip(" .,!")
    if not title or len(title.split()) > _TITLE_WORDS:
        return None
    town = CityHit(author.city, author.country, clause.start, clause.start)
    return _practice(clause, (title, False), town, (author.name,), "practices.first_person")


# "Der Bezirk präsentierte sein Programm", "The city presented its plan": the town named
# just before.
_THE_TOWN = re.compile(
    r"^(?:the|die|der|das|her|his|their|our|its|ihre|seine|unsere)\s+(?:home\s+)?"
    r"(?:city|town|municipality|borough|district|council|stadt|gemeinde|kommune|bezirk|"
    r"stadtverwaltung|verwaltung)\s+",
    re.IGNORECASE,
)
# "Her town presented ...", "seine Stadt hat ... eingeführt": the town of the person the
# sentence named before, if the page gave one
_OWN_TOWN = re.compile(r"^(?:her|his|their|ihre|seine)\s", re.IGNORECASE)


def town_reference(sentence: str) -> bool:
    """Whether a sentence that names no town opens a clause with one it points back to
    ("Her town presented ...", "Der Bezirk präsentierte ...").

    >>> town_reference("Her town presented Schoolpleinen Groen."), town_reference("Ja.")
    (True, False)
    """
    return any(
        _THE_TOWN.match(part) for part in re.split(r"[,;]\s+|\s+(?:and|und)\s+", sentence.strip())
    )


def the_town_subject(clause: Clause) -> ProsePractice | None:
    """ "Der Bezirk präsentierte sein Programm „Schulen im Kiez“" after "In Berlin ...":
    the town the page named last before is the one that presents.

    >>> text = "Der Bezirk präsentierte sein Programm „Schulen im Kiez“"
    >>> berlin = CityHit("Berlin", None, 0, 0)
    >>> the_town_subject(Clause(text, 0, len(text), [], [], None, before=berlin)).city.name
    'Berlin'
    >>> text = "welcomed us and said that the city had converted 40 school yards into parks"
    >>> the_town_subject(Clause(text, 0, len(text), [], [], None, before=berlin)).title
    '40 school yards into parks'
    """
    opens = clause.start + len(clause.words) - len(clause.words.lstrip())
    lead = _THE_TOWN.match(clause.text[opens : clause.end])
    if lead is None:  # "welcomed the group and said that the city had converted ..."
        said = _REPORTED_AT.search(clause.text, opens, clause.end)
        opens = said.end() if said else opens
        lead = _THE_TOWN.match(clause.text[opens : clause.end]) if said else None
    if lead is None or clause.before is None:
        return None
    at = opens + lead.end()
    verb = _VERB.match(clause.text, at) or lexicon.PRESENTS_ITS_OWN.match(clause.text, at - 1)
    if verb is None:
        return None
    town = CityHit(clause.before.name, clause.before.country, clause.start, clause.start)
    speaker = clause.speaker_before
    if _OWN_TOWN.match(lead.group()) and speaker is not None and speaker.city:
        town = _person_city(clause, speaker) or town
    return _practice(clause, _title(clause, verb.end()), town, (), "practices.the_town_subject")


# "Burmistrz X Y, die das Projekt „Z“ vorstellte": a relative clause whose verb comes last
_RELATIVE = re.compile(r"^(?:die|der|who|which)\s+", re.IGNORECASE)
_VERB_LAST = re.compile(
    r"\s(?:vorstellte|vorstellten|präsentierte|präsentierten|vorgestellt hat|präsentiert hat|"
    r"zeigte|zeigten|vorführte)\s*[.,;]?\s*$",
    re.IGNORECASE,
)


def relative_presenter(clause: Clause) -> ProsePractice | None:
    """ "Angeführt wurde sie von Burmistrz Beata Klimek, die das Projekt „Ostrowska Karta
    Seniora“ vorstellte": the person the relative pronoun points back to presents it.

    >>> from loaders.recaps.people import Person
    >>> text = "die das Projekt „Karta Seniora“ vorstellte"
    >>> who = Person("Beata Klimek", city="Ostrów Wielkopolski")
    >>> relative_presenter(Clause(text, 0, len(text), [], [], None, speaker_before=who)).title
    'Karta Seniora'
    """
    who = clause.speaker_before
    words = clause.words.lstrip()
    rel = _RELATIVE.match(words)
    if who is None or rel is None:
        return None
    english = _VERB.match(words, rel.end())
    if english is None and not _VERB_LAST.search(words):
        return None
    after = clause.start + len(clause.words) - len(words) + (english or rel).end()
    found = _title(clause, after)
    if found is None or not found[1]:
        return None  # only a named project: "der das Wort ergriff" is none
    city = _person_city(clause, who)
    return _practice(clause, found, city, (who.name,), "practices.relative_presenter")


_VERB_WORDS = 10  # "Nach der Begrüßung durch Bürgermeisterin X Y präsentierte": one phrase
# "..., setzt ihre Stadt seit dem Frühjahr einen Hitzeaktionsplan um": the town pointed to
_VERB_THEN_THE_TOWN = re.compile(
    rf"(?<![\w-]){lexicon.GERMAN_PRACTICE_VERB}[ \t]+(?P<town>(?:die|ihre|seine|unsere)[ \t]+"
    r"(?:Stadt|Gemeinde|Kommune|Stadtverwaltung))(?![\w-])",
    re.IGNORECASE,
)


def verb_then_town(clause: Clause) -> ProsePractice | None:
    """German's verb second: after a time, a place or a source, the finite verb, then the
    town (or "ihre Stadt", the speaker's) and its object ("Im Anschluss präsentierte
    Leipzig sein Konzept", "Laut X hat Marburg ... eingerichtet").

    >>> text = "Im Anschluss präsentierte Leipzig sein Konzept für Schwammstadt-Quartiere"
    >>> hit = CityHit("Leipzig", None, 26, 33)
    >>> verb_then_town(Clause(text, 0, len(text), [hit], [], None)).title
    'Konzept für Schwammstadt-Quartiere'
    """
    for hit in clause.cities:
        if len(clause.text[clause.start : hit.start].split()) > _VERB_WORDS + 3:
            break
        after = lexicon.town_after_verb(clause.text, hit.start, hit.end)
        if after is not None:  # the object's title, not a quoted name before the verb
            found = _title(replace(clause, start=after), after)
            told = _teller(clause, hit, hit)
            return _practice(clause, found, hit, told, "practices.verb_then_town")
    m = _VERB_THEN_THE_TOWN.search(clause.text, clause.start, clause.end)
    if m is None or len(clause.text[clause.start : m.start()].split()) > _VERB_WORDS:
        return None
    town = clause.before
    speaker = clause.speaker_before
    if not m["town"].lower().startswith("die") and speaker is not None and speaker.city:
        town = _person_city(clause, speaker) or town
    after = lexicon.town_after_verb(clause.text, m.start("town"), m.end("town"))
    if town is None or after is None:
        return None
    town = CityHit(town.name, town.country, clause.start, clause.start)
    found = _title(replace(clause, start=after), after)
    return _practice(clause, found, town, (), "practices.verb_then_town")


# "das Leipziger Modell der Schwammstadt", "das Münchner Projekt „Grüne Höfe“": a town's
# adjective, a project's kind, maybe its genitive or quoted name
_ADJECTIVE_KIND = LazyPattern(
    r"[ \t]+(?P<kind>[A-ZÄÖÜ][\wäöüß-]*)(?P<of>[ \t]+(?:der|des)[ \t]+(?:[a-zäöüß]+[ \t]+)?"
    r"[A-ZÄÖÜ][\wäöüß-]*)?(?:[ \t]+[\"„“«‚](?P<name>[^\"„“”«»‚‘’\n]{3,80})[\"“”»‘’])?"
)


def town_possessive(clause: Clause) -> ProsePractice | None:
    """A town's project named by its kind, with no verb of presenting: "Among the
    highlights was Bologna's civic crowdfunding platform", "Großes Interesse fand das
    Münchner Projekt „Grüne Höfe“".

    >>> text = "Examples included Lyon's bike-sharing scheme"
    >>> hit = CityHit("Lyon", None, 18, 22)
    >>> town_possessive(Clause(text, 0, len(text), [hit], [], None)).title
    'bike-sharing scheme'
    >>> text = "Vorgestellt wurde das Leipziger Modell der Schwammstadt"
    >>> hit = CityHit("Leipzig", None, 22, 31, cued=True)
    >>> town_possessive(Clause(text, 0, len(text), [hit], [], None)).title
    'Leipziger Modell der Schwammstadt'
    """
    for hit in clause.cities:
        what = lexicon.possessed_practice(clause.text, hit.end)
        if what is not None:
            return _practice(clause, (what, False), hit, (), "practices.town_possessive")
        adjective = clause.text[hit.start : hit.end]
        kind = _ADJECTIVE_KIND.match(clause.text, hit.end) if hit.cued else None
        if (
            kind is None
            or not adjective.endswith("er")
            or not lexicon.PRACTICE_NOUN.fullmatch(kind["kind"])
        ):
            continue
        if kind["name"]:
            found = (kind["name"].strip(), True)
        else:
            found = (f"{adjective} {kind['kind']}{kind['of'] or ''}", False)
        return _practice(clause, found, hit, (), "practices.town_possessive")
    return None


# "we spoke with Mme X Y, deputy mayor of Villeurbanne, about ...", "sprachen wir mit X Y
# über ...": an interview's subject is the person's practice
_SPOKE_WITH = re.compile(
    r"(?<![\w-])(?:(?:we|I|wir|ich)\s+(?:spoke|talked|sat down|chatted|met)\s+(?:with|to)|"
    r"(?:sprachen|sprach|unterhielten)\s+(?:wir|ich)\s+(?:uns\s+)?mit)\s+",
    re.IGNORECASE,
)
_ABOUT_WHAT = re.compile(r"[,\s]+(?:about|über)\s+", re.IGNORECASE)
_SPOKE_REACH = 60  # "with Mostar's mayor, Adnan Hodžić, about": words before the name


def spoke_with(sentence: Clause) -> ProsePractice | None:
    """An interview's opening: what the person it spoke with talked about is their town's
    practice, presented by them.

    >>> from loaders.recaps.people import Person
    >>> text = "we spoke with Ana Ruiz, mayor of Tui, about the city's river park."
    >>> who = (14, 22, Person("Ana Ruiz", city="Tui"))
    >>> found = spoke_with(Clause(text, 0, len(text), [], [who], None))
    >>> found.title, found.city.name, found.presenters
    ('river park', 'Tui', ('Ana Ruiz',))
    """
    m = _SPOKE_WITH.search(sentence.words)
    if m is None:
        return None
    at = sentence.start + m.end()
    mention = next(((s, e, p) for s, e, p in sentence.people if at <= s <= at + _SPOKE_REACH), None)
    if mention is None:
        return None
    _, end, person = mention
    about = _ABOUT_WHAT.search(sentence.text, end, sentence.end)
    if about is None or about.start() - end > 80:
        return None
    part = replace(sentence, start=about.end())
    found = _title(part, about.end())
    city = _person_city(sentence, person)
    if found is None or city is None:
        return None
    return _practice(part, found, city, (person.name,), "practices.spoke_with")


ProseRule = Callable[[Clause], ProsePractice | None]
PROSE_RULES: tuple[ProseRule, ...] = (
    town_subject,
    town_adapted,
    group_from_town,
    french_town_subject,
    german_apposition_object,
    person_subject,
    place_of_clause,
    fronted_participle,
    gapped_town,
    award_to_town,
    host_subject,
    visitors_saw,
    first_person,
    the_town_subject,
    relative_presenter,
    verb_then_town,
    town_possessive,
)


_HONORIFICS = re.compile(r"^(?:(?:Dr|Prof|Mr|Mrs|Ms|Cllr|Frau|Herr)\.?\s+)+")


def _apposition_joined(
    text: str, bounds: list[int], mentions: Sequence[tuple[int, int, Person]]
) -> list[int]:
    """Clause bounds with a name set off by commas joined to the verb after it:
    "Hanover's head of climate protection, Dr. Katrin Wolters, presented ..." reads as one
    clause from the name on (pairs of start, end offsets in, and out)."""
    spans = list(zip(bounds[::2], bounds[1::2], strict=True))
    names = {(s, e) for s, e, _ in mentions}
    out: list[tuple[int, int]] = []
    k = 0
    while k < len(spans):
        a, b = spans[k]
        words = text[a:b].strip()
        bare = _HONORIFICS.sub("", words)
        at = a + len(text[a:b]) - len(text[a:b].lstrip()) + len(words) - len(bare)
        if (
            k + 1 < len(spans)
            and (at, at + len(bare)) in names
            and text[spans[k + 1][0] : spans[k + 1][0] + 1].islower()
        ):
            out.append((a, spans[k + 1][1]))
            k += 2
            continue
        out.append((a, b))
        k += 1
    return [x for pair in out for x in pair]


def clauses(
    text: str,
    start: int,
    end: int,
    cities: Sequence[CityHit],
    mentions: Sequence[tuple[int, int, Person]],
    host: CityHit | None = None,
    author: Person | None = None,
) -> list[Clause]:
    """The clauses of the sentence ``text[start:end]``; a clause that is only a place ("In
    Aarhus") sets the next one there, and one opening with "where" is set in the last
    place of the clause before it."""
    quotes = [(start + q.start(), start + q.end()) for q in _QUOTED.finditer(text[start:end])]
    # "Utrecht, the host of last year's meeting, rolled out ...": one clause, its subject
    # set off by an apposition
    quotes += [
        (h.end, h.end + len(m.group()))
        for h in cities
        if (m := _TOWN_APPOSITION.match(text, h.end))
        and lexicon.PRESENTS_ITS_OWN.match(text, h.end)
    ]
    bounds = [start]
    for m in _CLAUSE_BREAK.finditer(text, start, end):
        if not any(a <= m.start() < b for a, b in quotes):
            bounds += [m.start(), m.end()]
    bounds.append(end)
    bounds = _apposition_joined(text, bounds, mentions)
    out: list[Clause] = []
    place: CityHit | None = None
    previous: list[CityHit] = []
    for a, b in zip(bounds[::2], bounds[1::2], strict=True):
        here = [h for h in cities if a <= h.start < b]
        people = [(s, e, p) for s, e, p in mentions if a <= s < b]
        words = text[a:b].strip()
        fronted = _FRONTED_PLACE.match(words)
        if fronted and here and len(words.split()) <= 4:
            place = here[0]  # "In Copenhagen": the next clause happens there
            previous = here
            continue
        lead = a + len(text[a:b]) - len(text[a:b].lstrip())
        if fronted and here and here[0].start == lead + fronted.end():
            place = here[0]  # "In Hamburg-Wilhelmsburg zeigte die IBA ...": this one does
        if _WHERE.match(words) and previous:
            place = previous[-1]
        last = next((p for s, _, p in reversed(mentions) if s < a), None)
        out.append(Clause(text, a, b, here, people, place, host, author, speaker_before=last))
        place = None
        previous = here
    return out
