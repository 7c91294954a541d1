"""Practices: talks that present a municipality's own practice, and practices that running
text attributes to a city ("Good Practices aus Tartu (Estland) und La Paz (Bolivien)")
or to a presenter ("der „Tiny Forest“ in Darmstadt, der von Frau X vorgestellt wurde").

A talk is a practice when it is listed under a good-practice heading, or its speaker
works for a municipality, or its title names a place; welcome words and introductions
never are, nor research inputs whose title names no place.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from dataclasses import replace as dc_replace
from itertools import pairwise
from typing import TYPE_CHECKING

from loaders.recaps import lexicon
from loaders.recaps.event import sentences
from loaders.recaps.extraction import PracticeRef
from loaders.recaps.lazy import LazyPattern
from loaders.recaps.people import Person, is_name, strip_prefixes
from loaders.recaps.places import CityHit, Places
from loaders.recaps.spans import between, sorted_by
from loaders.recaps.speakers import Talk
from loaders.recaps.topics import topics

if TYPE_CHECKING:
    from loaders.recaps.practices_prose import ProsePractice


@dataclass
class Practice:
    title: str
    city: str | None
    country: str | None
    presenters: list[str]
    literal: bool  # the title is written on the page (not a description of ours)
    context: str = ""  # the words that state the practice (its title, or the clause)
    start: int = 0  # where the page states it
    end: int = 0
    rule: str = ""  # the rule that found it ("practices.cue_list", ...)

    def record(self, *, event_topics: tuple[str, ...]) -> PracticeRef:
        """The typed record; topics are the practice's own words' topics, then the event's
        (a practice shown at an event about e-governance is about e-governance too)."""
        own = tuple(topics(f"{self.title} {self.context}"))
        return PracticeRef(
            self.title,
            self.city,
            self.country,
            tuple(self.presenters),
            tuple(dict.fromkeys((*own, *event_topics))),
        )


_NOT_A_PRACTICE_TITLE = re.compile(
    r"^(?:welcome|words of welcome|begrüßung|grußwort|eröffnung|opening|introduction|"
    r"einführung|keynote|closing|abschluss|wrap[- ]up|summary|zusammenfassung)\b",
    re.IGNORECASE,
)
_RUNNING_CUE = re.compile(
    lexicon.PRACTICE_SECTION.pattern + r"|\b(?:\w*beispiel\w*|examples?)\b",
    re.IGNORECASE,
)
_PRESENT_VERB = re.compile(
    r"\b(?:vorgestellt|vorstellte\w*|stellte\w*\b[^.;]{0,120}\bvor|präsentiert\w*|"
    r"präsentation|erläutert\w*|berichtet\w*|zeigte\w*|presented|presentation|showcased|"
    r"introduced|explained|showed|demonstrated|shared|described|outlined|teilte\w*|"
    r"beschrieb\w*|schilderte\w*)\b",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"[\"„“«‚](?P<t>[^\"„“”«»‚‘\n]{3,120})[\"“”»‘’]")
_TOWN_LIST_GAP = re.compile(r"^\s*(?:,|and|und|&|sowie|or|oder)\s*(?:(?:and|und)\s+)?$")


def _subject_towns(text: str, hits: Sequence[CityHit]) -> list[CityHit]:
    """The towns a clause makes the subject of showing their own work: "Grenoble presented
    its ...", and every item of a list before such a verb ("Bilbao, Turku and Malmö shared
    their plans")."""
    found: list[CityHit] = []
    for k, hit in enumerate(hits):
        if not lexicon.PRESENTS_ITS_OWN.match(text, hit.end):
            continue
        run = [hit]
        while k > 0 and _TOWN_LIST_GAP.match(text[hits[k - 1].end : hits[k].start]):
            k -= 1
            run.insert(0, hits[k])
        found += run
    return found


_SPOKEN_WORDS = 9  # a quoted name is short; a longer quote is what someone said


def _is_a_name(quoted: str) -> bool:
    """Whether quoted words name something ("Tiny Forest", "Essbare Stadt") rather than
    being what someone said ("Every street we calm is a street where children play,").

    >>> _is_a_name("Courtyard Fund"), _is_a_name("Every street we calm is a street, we said,")
    (True, False)
    """
    words = quoted.strip()
    return len(words.split()) <= _SPOKEN_WORDS and not words.endswith((",", ".", "!", "?", ";"))


_QUOTE_AFTER_CUE = LazyPattern(
    r"[ \t]+(?:(?:called|named|namens|genannt)[ \t]+)?" + _QUOTED.pattern
)
_PRESENTATION_OF = re.compile(
    r"\b(?:präsentation|vorstellung|presentation)\s+(?:der|des|zur|zum|über|zu|of|on|about)"
    r"\s+(?P<t>[^,;]{5,120}?)\s+(?:von|by|durch)\b",
    re.IGNORECASE,
)
# "a range of approaches: from the formal process in A to the iterative one in B"
_APPROACH_CUE = re.compile(
    r"\b(?:approach\w*|ans[äa]tz\w*|strateg\w*|solution\w*|lösung\w*|example\w*|"
    r"beispiel\w*|practices?|praktik\w*)\b",
    re.IGNORECASE,
)
_ARTICLE = r"(?:(?:the|a|an|der|die|das|dem|den|einer|einem|einen)\s+)?"
_FROM_TO = LazyPattern(
    rf"\b(?:from|von)\s+{_ARTICLE}(?P<a>[^,;:()\n]{{3,80}}?)\s+in\s+(?P<ca>[A-ZÄÖÜ][\w-]{{1,40}})\s+"
    rf"(?:to|bis(?:\s+hin)?\s+zu[rm]?)\s+{_ARTICLE}(?P<b>[^,;:()\n]{{3,80}}?)\s+in\s+"
    r"(?P<cb>[A-ZÄÖÜ][\w-]{1,40})"
)
_MODERATOR = re.compile(r"moderat|facilitat|^chair$", re.IGNORECASE)
_WELCOMED_BY = re.compile(
    r"\b(?:begrüßung|grußworte?n?|eröffnung|welcome|welcomed|opening|opened|greeted)\s+"
    r"(?:durch|von|by)\s+(?:[\w.-]+\s+){0,4}$",
    re.IGNORECASE,
)
_MUNICIPAL_BEFORE = re.compile(
    r"(?:\b(?:stadt|gemeinde|kommune|city of|municipality of|town of)|\w(?:amt|verwaltung|"
    r"werke|betriebe))\s+$",
    re.IGNORECASE,
)
_CLAUSE_SPLIT = re.compile(r";\s+|,?\s+sowie\s+|,\s+as well as\s+|,\s+while\s+|,\s+während\s+")


def speaks_for_town(talk: Talk) -> bool:
    """A speaker given only their town (and maybe its country), no organisation or role,
    speaks for that town: a webinar's "Tomás Novák (Brno, Czech Republic) – Mapping heat
    islands".

    >>> from loaders.recaps.people import SpeakerLine
    >>> line = SpeakerLine([Person("Tomás Novák", city="Brno")], None, "Brno", "Czechia")
    >>> speaks_for_town(Talk(line, "Mapping heat islands", None, 3, [line.people[0]]))
    True
    """
    speaker = talk.speaker
    return (
        speaker.city is not None
        and speaker.organisation is None
        and bool(talk.people)
        and all(p.role is None and p.city == speaker.city for p in talk.people)
    )


def talk_judgement(talk: Talk, places: Places) -> tuple[bool, str]:
    """Whether a talk presents a practice, and the rule that says so (or says not).

    A welcome, a keynote, a moderated panel, a talk under a non-practice heading and a
    research input whose title names no place are not; a talk whose title names a place,
    listed under a good-practice heading, or given by a municipality's speaker is."""
    section = talk.section or ""
    if talk.title is None or _NOT_A_PRACTICE_TITLE.match(talk.title):
        return False, "practices.talk_not_a_practice_title"
    if talk.people and all(_MODERATOR.search(p.role or "") for p in talk.people):
        return False, "practices.talk_moderated"  # the moderator's item, not their practice
    if lexicon.NON_PRACTICE_SECTION.search(section) and not lexicon.PRACTICE_SECTION.search(
        section
    ):
        return False, "practices.talk_under_other_heading"
    if places.cities_in(talk.title) or places.countries_in(talk.title):
        return True, "practices.talk_title_names_place"
    affiliation = " ".join(
        filter(None, (talk.speaker.organisation, talk.people[0].role if talk.people else None))
    )
    if lexicon.RESEARCH_ORG.search(affiliation):
        return False, "practices.talk_research_input"  # a study's findings, even so headed
    if lexicon.PRACTICE_SECTION.search(section):
        return True, "practices.talk_under_practice_heading"
    if lexicon.MUNICIPAL_ORG.search(affiliation):
        return True, "practices.talk_municipal_speaker"
    if speaks_for_town(talk):
        return True, "practices.talk_town_speaker"
    return False, "practices.talk_no_practice_cue"


def from_talks(
    talks: list[Talk], places: Places, *, text: str = "", line_starts: Sequence[int] = ()
) -> list[Practice]:
    """The practices among the programme's talks, with the speaker's city and country;
    each placed on its speaker line and title (``line_starts``: the text's line offsets)."""
    found = []
    for talk in talks:
        ok, rule = talk_judgement(talk, places)
        if not ok:
            continue
        assert talk.title is not None
        city = talk.speaker.city
        country = talk.speaker.country
        if city is None:
            in_title = places.cities_in(talk.title)
            city = in_title[0].name if in_title else None
        practice = Practice(talk.title, city, country, [p.name for p in talk.people], True)
        if talk.line < len(line_starts):
            line = line_starts[talk.line]
            line_end = text.find("\n", line)
            start, end = line, line_end if line_end >= 0 else len(text)
            at = text.find(talk.title, max(0, line - 400), end + 400)
            if at >= 0:
                start, end = min(start, at), max(end, at + len(talk.title))
            practice = replace(practice, start=start, end=end)
        found.append(replace(practice, rule=rule))
    return found


def _describe(city: str, lang: str | None) -> str:
    """Our title for a practice the page gives none: by its city, never by its presenter
    (a person's name in a title would show in presenter mode, which hides names)."""
    return f"Gute Praxis aus {city}" if lang == "de" else f"Good practice from {city}"


def _folded_words(text: str) -> str:
    return " " + " ".join(re.findall(r"\w+", text.casefold())) + " "


def without_person_names(
    practices: list[Practice], names: list[str], *, lang: str | None
) -> list[Practice]:
    """``practices`` with no title that holds a listed person's name: such a title is
    replaced by one from the practice's city, or the practice is dropped when it has none
    (a programme line misread as a title, not a practice we can name).

    >>> p = Practice("Talk by Jana Roe", "Kiel", None, ["Jana Roe"], True)
    >>> q = Practice("Jana Roe: Shade in Kiel", "Kiel", None, ["Jana Roe"], True)
    >>> [x.title for x in without_person_names([p, q], ["Jana Roe"], lang="en")]
    ['Good practice from Kiel', 'Shade in Kiel']
    """
    folded = [_folded_words(n) for n in names]
    kept = []
    for practice in practices:
        title = _folded_words(practice.title)
        if not any(n in title for n in folded):
            kept.append(practice)
            continue
        # "Jana Roe: Shade for bus stops" keeps what it says without the name.
        rest = practice.title
        for name in names:
            rest = re.sub(rf"(?i)(?:\b(?:von|by)\s+)?{re.escape(name)}\s*[:–—-]?\s*", "", rest)
        rest = rest.strip(" :–—-,")
        if len(rest.split()) >= 2 and not any(n in _folded_words(rest) for n in folded):
            kept.append(replace(practice, title=rest))
        elif practice.city:
            kept.append(replace(practice, title=_describe(practice.city, lang), literal=False))
    return kept


@dataclass(frozen=True)
class _Running:
    """What the running-text rules share for one page."""

    text: str
    lang: str | None
    venue: str | None
    cities: list[CityHit]
    city_starts: list[int]
    named: list[tuple[int, str]]  # (offset, name) of every mention of a presenter
    named_starts: list[int]
    city_of: dict[str, str]

    def cities_in(self, start: int, end: int) -> Sequence[CityHit]:
        """The cities named in ``text[start:end]``; one that funds ("financed by the City
        of Malmö") is no practice's."""
        return [
            h
            for h in between(self.cities, self.city_starts, start, end)
            if not lexicon.FUNDED_BY.search(self.text, max(0, h.start - 60), h.start)
        ]

    def names_in(self, start: int, end: int) -> list[str]:
        found = between(self.named, self.named_starts, start, end)
        return list(dict.fromkeys(n for _, n in found))


def _placed(practice: Practice, start: int, end: int, rule: str) -> Practice:
    return replace(practice, start=start, end=end, rule=rule)


def from_to(run: _Running, start: int, end: int) -> list[Practice] | None:
    """ "a range of approaches: from the formal process in A to the iterative one in B":
    practice X of A and Y of B."""
    sentence = run.text[start:end]
    contrast = _FROM_TO.search(sentence) if _APPROACH_CUE.search(sentence) else None
    if not contrast:
        return None
    by_start = {h.start: h for h in run.cities_in(start, end)}
    found = []
    for title, group in (("a", "ca"), ("b", "cb")):
        hit = by_start.get(start + contrast.start(group))
        if hit is not None:
            practice = Practice(contrast[title].strip(), hit.name, hit.country, [], False, sentence)
            found.append(_placed(practice, start, end, "practices.from_to"))
    return found


def cue_list(run: _Running, start: int, end: int) -> list[Practice] | None:
    """ "Good Practices aus Tartu (Estland) und La Paz (Bolivien)", "practice examples from
    A, B or C": one practice per city after the cue, in a sentence that names no
    presenter; a quoted name holding the city, or quoted right after the cue, titles it."""
    sentence = run.text[start:end]
    cue = _RUNNING_CUE.search(sentence)
    if not cue or run.names_in(start, end):
        return None
    here = run.cities_in(start, end)
    quotes = [(start + q.start(), start + q.end(), q["t"]) for q in _QUOTED.finditer(sentence)]
    after_cue = [h for h in here if h.start >= start + cue.start() and h.name != run.venue]
    # 'The good practice "Courtyard Fund" of Viseu': a name quoted right after the cue
    # titles the practice of the one city that follows.
    right_after = _QUOTE_AFTER_CUE.match(sentence, cue.end())
    found = []
    for hit in after_cue:
        # "Projektbeispiele wie die „Essbare Stadt Andernach“": the quoted name that holds
        # the city is the practice's title.
        named_as = next((t for a, b, t in quotes if a <= hit.start < b), None)
        if named_as is None and right_after and len(after_cue) == 1:
            named_as = right_after["t"]
        practice = Practice(
            named_as.strip() if named_as else _describe(hit.name, run.lang),
            hit.name,
            hit.country,
            [],
            named_as is not None,
            sentence,
        )
        found.append(_placed(practice, start, end, "practices.cue_list"))
    return found


def municipal_bodies(run: _Running, start: int, end: int) -> list[Practice] | None:
    """ "Die Stadtwerke Heidelberg zeigten ...", "Die Hansestadt Lübeck und die Stadt
    Gütersloh stellten ... vor": in a clause that names no presenter, each municipal
    body presents its own."""
    if run.names_in(start, end):
        return None
    clause = run.text[start:end]
    in_clause = run.cities_in(start, end)
    subjects = _subject_towns(run.text, in_clause)
    found = []
    for body in in_clause:
        before = run.text[max(0, body.start - 30) : body.start]
        if body.name == run.venue or not (
            _MUNICIPAL_BEFORE.search(before)
            or lexicon.MUNICIPAL_TITLE_BEFORE.search(before)
            or body in subjects
        ):
            continue
        practice = Practice(
            _describe(body.name, run.lang), body.name, body.country, [], False, clause
        )
        found.append(_placed(practice, start, end, "practices.municipal_body"))
    return found


# "the Pop-Up Shop Lease, was introduced by X": a name in capitals, then the passive
_NAMED_THEN_PASSIVE = re.compile(
    r"\b(?<!by the )(?:the|its|their)\s+"
    r"(?!(?:City|Town|Municipality|Region|Province|County|Ministry|Government|Council|"
    r"University|State|Republic)\b)(?P<t>[A-Z][\w'’-]*(?:\s+(?:(?:of|for|on|and)\s+)?"
    r"(?:[A-Z][\w'’-]*|\d[\d.]*))+),?\s+(?:was|were|has been|had been)\s+(?:\w+\s+)?"
    r"(?:introduced|presented|shown|showcased|launched|explained|described)\s+by\b"
)


def presenters_in_cities(run: _Running, start: int, end: int) -> list[Practice] | None:
    """A clause where named people present something in a city: "der „Tiny Forest“ in
    Darmstadt, der von Frau X vorgestellt wurde" (titled by the quoted name, or "die
    Präsentation der X von Y"), or "examples shared by A, mayor of Oulu, and B, mayor of
    Tartu" (each presenter their own city's)."""
    names = run.names_in(start, end)
    in_clause = run.cities_in(start, end)
    if not names or not in_clause:
        return None
    clause = run.text[start:end]
    quoted = next((q for q in _QUOTED.finditer(clause) if _is_a_name(q["t"])), None)
    if not quoted and lexicon.RESEARCH_ORG.search(clause):
        return []  # a researcher explaining a study: an input, not a city's practice
    described = _PRESENTATION_OF.search(clause)
    city = in_clause[0]
    own = {h.name: h for h in in_clause}
    if not quoted and not described and len(names) > 1:
        mine = [(n, own[run.city_of[n]]) for n in names if run.city_of.get(n) in own]
        if len(mine) == len(names) and len({h.name for _, h in mine}) == len(mine):
            return [
                _placed(
                    Practice(
                        _describe(hit.name, run.lang), hit.name, hit.country, [name], False, clause
                    ),
                    start,
                    end,
                    "practices.presenters_cities",
                )
                for name, hit in mine
            ]
    named = _NAMED_THEN_PASSIVE.search(clause)
    if quoted:
        practice = Practice(quoted["t"].strip(), city.name, city.country, names, True, clause)
    elif named and not described:
        practice = Practice(named["t"], city.name, city.country, names, True, clause)
    else:
        title = described["t"].strip() if described else _describe(city.name, run.lang)
        practice = Practice(title, city.name, city.country, names, False, clause)
    return [_placed(practice, start, end, "practices.presenter_in_city")]


# A project's kind, then its quoted name: "mit dem Förderprogramm „Jung zieht ins Alte“".
_NAMED_PROJECT = re.compile(
    r"(?<![\w-])(?:\w*programm|\w*projekt|modell|initiative|kampagne|konzept|programme|"
    r"program|project|scheme|campaign|initiative|pilot)\s+[\"„“«‚‘](?P<t>[^\"„“”«»‚‘’\n]{3,80})"
    r"[\"“”»‘’]",
    re.IGNORECASE,
)


def named_project(run: _Running, start: int, end: int) -> list[Practice] | None:
    """A sentence that names one presenter of a known town and then a project by its kind
    and quoted name, without a verb of presenting: "Den Auftakt machte die Bürgermeisterin
    der Gemeinde Hiddenhausen, X Y, mit dem Förderprogramm „Jung zieht ins Alte“"."""
    sentence = run.text[start:end]
    project = _NAMED_PROJECT.search(sentence)
    names = run.names_in(start, start + project.start()) if project else []
    if project is None or len(names) != 1 or not run.city_of.get(names[0]):
        return None
    if _PRESENT_VERB.search(sentence) or not _is_a_name(project["t"]):
        return None  # a verb of presenting: the clause rules read it
    city = run.city_of[names[0]]
    hit = next((h for h in run.cities_in(start, end) if h.name == city), None)
    practice = Practice(
        project["t"].strip(), city, hit.country if hit else None, names, True, sentence
    )
    return [_placed(practice, start, end, "practices.named_project")]


# "presentations from A (Ljubljana) on the reuse centre, B (Zagreb) on demolition audits,
# and C (Budapest) on circular public procurement"
_TALKS_FROM = re.compile(
    r"\b(?:presentations?|talks?|inputs?|contributions?|vorträge[n]?|beiträge[n]?|impulse[n]?)"
    r"\s+(?:from|by|von)\s+",
    re.IGNORECASE,
)
_ITEM_ON = re.compile(
    r"\s*\((?P<town>[^()\n]{2,40})\)\s+(?:on|about|über|zu|zum|zur)\s+"
    r"(?P<topic>[^,;.\n]{3,80}?)(?=,\s|\s+and\s|\s+und\s|[.;]|$)"
)


def talks_from(run: _Running, start: int, end: int) -> list[Practice] | None:
    """A sentence listing talks, each by a person, their town in brackets, and what on:
    one practice each, titled by its topic, of the town, presented by the person."""
    sentence = run.text[start:end]
    cue = _TALKS_FROM.search(sentence)
    if cue is None:
        return None
    found = []
    for at, name in between(run.named, run.named_starts, start + cue.end(), end):
        item = _ITEM_ON.match(run.text, at + len(name))
        town = run.city_of.get(name)
        if item is None or town is None:
            continue
        practice = Practice(item["topic"].strip(), town, None, [name], False, sentence)
        found.append(_placed(practice, start, end, "practices.talks_from"))
    return found or None


# Rules over a whole sentence, then (when none applies) over each of its clauses that
# holds a presenting verb; the first rule that answers (even with nothing) decides.
SENTENCE_RULES = (from_to, cue_list, named_project, talks_from)
CLAUSE_RULES = (municipal_bodies, presenters_in_cities)


def from_running_text(
    text: str,
    *,
    people: list[Person],
    cities: list[CityHit],
    lang: str | None,
    venue: str | None = None,
) -> list[Practice]:
    """Practices that sentences attribute to listed cities or to a named presenter
    (``SENTENCE_RULES``, then ``CLAUSE_RULES``).

    The venue is not a practice's city by a cue alone: "presented their good practices in
    Rostock" says where they were presented, not whose they were."""
    cities, city_starts = sorted_by(cities, lambda c: c.start)
    # Moderators introduce others' practices; they present none of their own.
    # Nor does the person who welcomes ("nach der Begrüßung durch Bürgermeisterin X").
    named = sorted(
        (
            (s, p.name)
            for p in people
            for s, _ in p.spans
            if not _MODERATOR.search(p.role or "")
            and not _WELCOMED_BY.search(text, max(0, s - 80), s)
        ),
        key=lambda x: x[0],
    )
    run = _Running(
        text,
        lang,
        venue,
        cities,
        city_starts,
        named,
        [s for s, _ in named],
        {p.name: p.city for p in people if p.city},
    )
    found: list[Practice] = []
    for start, sentence in sentences(text):
        end = start + len(sentence)
        if not run.cities_in(start, end):
            continue
        answered = None
        for rule in SENTENCE_RULES:
            answered = rule(run, start, end)
            if answered is not None:
                found += answered
                break
        if answered is not None:
            continue
        bounds = [start, *(start + m.end() for m in _CLAUSE_SPLIT.finditer(sentence)), end]
        for c_start, c_end in pairwise(bounds):
            if not _PRESENT_VERB.search(text, c_start, c_end) or not run.cities_in(c_start, c_end):
                continue
            for clause_rule in CLAUSE_RULES:
                got = clause_rule(run, c_start, c_end)
                if got is not None:
                    found += got
                    break
    return found


def from_prose(
    text: str,
    *,
    people: list[Person],
    cities: list[CityHit],
    lang: str | None,
    host: CityHit | None = None,
    author: Person | None = None,
) -> list[Practice]:
    """Practices that clauses of running prose state (``practices_prose``): a town, a
    group from a town, a person or a place with a practice verb, one practice a clause."""
    from loaders.recaps.practices_prose import (
        PROSE_RULES,
        Clause,
        clauses,
        group_visited,
        host_cue,
        respectively,
        spoke_with,
        town_reference,
        towns_from_list,
    )

    cities, city_starts = sorted_by(cities, lambda c: c.start)
    mentions, mention_starts = sorted_by(
        [(s, e, p) for p in people for s, e in p.spans], lambda m: m[0]
    )
    found: list[Practice] = []
    for start, sentence in sentences(text):
        end = start + len(sentence)
        here = between(cities, city_starts, start, end)
        in_sentence = list(between(mentions, mention_starts, start, end))
        hosts = host is not None and host_cue(sentence)  # the host's, though unnamed
        hosts = hosts or town_reference(sentence)  # "Her town presented ...": named before
        if not here and not in_sentence and not _QUOTED.search(sentence) and not hosts:
            continue  # nobody and nowhere: no practice
        # Several towns as one subject each present it ("representatives from Rosario and
        # Lima shared ..."); the clauses of that part say nothing more.
        whole = Clause(text, start, end, here, in_sentence, None, host)
        paired = respectively(whole)  # "Lisbon and Porto respectively launched X and Y"
        if paired:
            found += [p for hit in paired if (p := _prose_practice(hit, lang))]
            continue
        listed = towns_from_list(whole)
        found += [p for hit in listed if (p := _prose_practice(hit, lang))]
        visited = group_visited(whole)  # "Twenty participants from A, B and C visited ..."
        visited = visited or spoke_with(whole)  # "we spoke with X, mayor of Y, about ..."
        if visited is not None and (p := _prose_practice(visited, lang)):
            found.append(p)
            continue
        taken = (min(h.start for h in listed), max(h.end for h in listed)) if listed else None
        for clause in clauses(text, start, end, here, in_sentence, host, author):
            if taken and any(taken[0] <= c.start < taken[1] for c in clause.cities):
                continue
            earlier = between(cities, city_starts, max(0, clause.start - _TOWN_REACH), clause.start)
            clause = dc_replace(clause, before=earlier[-1] if earlier else None)
            hit = next((h for h in (rule(clause) for rule in PROSE_RULES) if h), None)
            practice = _prose_practice(hit, lang) if hit else None
            if practice:
                found.append(practice)
    return found


_TOWN_REACH = 600  # how far back "the city" may point to the town named before it


def _prose_practice(hit: ProsePractice, lang: str | None) -> Practice | None:
    city = hit.city
    title = hit.title or (_describe(city.name, lang) if city else "")
    if not title:
        return None
    return Practice(
        title,
        city.name if city else None,
        city.country if city else None,
        list(hit.presenters),
        hit.literal,
        hit.context,
        start=hit.start,
        end=hit.end,
        rule=hit.rule,
    )


_LINE_ITEM_WORDS = 3  # "Lisbon: a textile collection scheme": a description, not "Kiel: Mai"
_LEADING_ARTICLE = re.compile(r"^(?:a|an|the|ein|eine|einen|der|die|das)\s+", re.IGNORECASE)


def city_lines(text: str, *, cities: list[CityHit]) -> list[Practice]:
    r"""A list whose lines are labelled by towns, each with what it brought ("♻️ Lisbon: a
    city-wide textile collection scheme", "Utrecht – bike repair hubs", or "- shaded bus
    stops (Utrecht)"): one practice a line, titled by the line's words; only when two lines
    or more of the page are so.

    >>> text = "Lisbon: a textile collection scheme\nUtrecht: bike parts repair hubs"
    >>> hits = [CityHit("Lisbon", None, 0, 6, rule="places.line_label"),
    ...         CityHit("Utrecht", None, 36, 43, rule="places.line_label")]
    >>> [(p.title, p.city) for p in city_lines(text, cities=hits)]
    [('textile collection scheme', 'Lisbon'), ('bike parts repair hubs', 'Utrecht')]
    """
    found = []
    for hit in cities:
        closing = _town_closes_item(text, hit) or _quoted_then_town(text, hit)
        if closing is not None:
            found.append(closing)
            continue
        if hit.rule != "places.line_label":
            continue
        line_end = text.find("\n", hit.end)
        line_end = len(text) if line_end < 0 else line_end
        rest = text[hit.end : line_end].lstrip(" \t:–—").strip()
        if len(rest.split()) < _LINE_ITEM_WORDS or rest.endswith("?"):
            continue
        quoted = _QUOTED.search(rest)
        title = quoted["t"].strip() if quoted else _LEADING_ARTICLE.sub("", rest).rstrip(".;")
        practice = Practice(title, hit.name, hit.country, [], quoted is not None, rest)
        found.append(replace(practice, start=hit.start, end=line_end, rule="practices.city_line"))
    return found if len(found) >= 2 else []


_TALK_ON = re.compile(r"[,)]?\s+(?:on|über|zu|zum|zur)\s+")
_TALK_LINE_CHARS = 200


def speakers_on(text: str, *, people: list[Person]) -> list[Practice]:
    """List lines that give a speaker of a known town, then what they spoke on ("Dott.ssa
    Giulia Ferri (Municipality of Bergamo) on the "Orti in Comune" allotment scheme", "X Y,
    councillor of Zaragoza, on the city's network of solidarity pantries"): the speaker's
    practice, titled by a quoted or capitalised name, else by the words after "on".

    >>> who = Person("Lucie Horáková", city="Olomouc", spans=[(5, 19)])
    >>> text = "Mgr. Lucie Horáková from Olomouc on the reopened Olomouc Market Hall"
    >>> [(p.title, p.city) for p in speakers_on(text, people=[who])]
    [('Olomouc Market Hall', 'Olomouc')]
    """
    from loaders.recaps.practices_prose import Clause, _title

    found = []
    for person in people:
        if not person.city:
            continue
        for start, end in person.spans:
            line_start = text.rfind("\n", 0, start) + 1
            line_end = text.find("\n", end)
            line_end = len(text) if line_end < 0 else line_end
            lead = strip_prefixes(text[line_start:start].strip(" \t-–•*·"))
            line = text[line_start:line_end]
            if lead or len(line) > _TALK_LINE_CHARS or line.rstrip().endswith((".", "?", "!")):
                continue
            on = _TALK_ON.search(text, end, line_end)
            if on is None or on.start() - end > 60 or "," in text[end : on.start()].strip(", "):
                continue
            found_title = _title(Clause(text, on.end(), line_end, [], [], None), on.end())
            if found_title is None:
                continue
            title, literal = found_title
            named = re.search(r"[A-ZÄÖÜ][\w'’-]*(?:\s+[A-ZÄÖÜ][\w'’-]*)+", title)
            if not literal and named and not title.startswith(named.group()):
                title, literal = named.group(), True  # "the reopened Olomouc Market Hall"
            practice = Practice(title, person.city, person.country, [person.name], literal, line)
            found.append(
                replace(practice, start=line_start, end=line_end, rule="practices.speaker_on")
            )
            break
    return found


_ITEM_CHARS = 120
_ITEM_LEAD = re.compile(r"[ \t]*(?:[-–•*·▪►]|\d+[.)])[ \t]+")


def _town_closes_item(text: str, hit: CityHit) -> Practice | None:
    """A list item that names its town in brackets at its end: "- a heat warning app for
    older people (Ljubljana)": the town's practice, titled by the item's words.

    >>> text = "- a heat warning app for older people (Ljubljana)"
    >>> _town_closes_item(text, CityHit("Ljubljana", None, 39, 48)).title
    'heat warning app for older people'
    """
    line_start = text.rfind("\n", 0, hit.start) + 1
    line_end = text.find("\n", hit.end)
    line_end = len(text) if line_end < 0 else line_end
    # the bullet, if the reading kept it ("- a heat warning app"); a list line is short
    lead = _ITEM_LEAD.match(text, line_start)
    at = lead.end() if lead else line_start
    if text[hit.start - 1 : hit.start] != "(" or line_end - line_start > _ITEM_CHARS:
        return None
    if text[hit.end : line_end].strip(" \t.;,") != ")":
        return None
    words = text[at : hit.start - 1].strip()
    if words.endswith((".", ":")) or words[:1].isdigit():
        return None
    if len(words.split()) < _LINE_ITEM_WORDS:
        return None
    title = _LEADING_ARTICLE.sub("", words)
    practice = Practice(title, hit.name, hit.country, [], False, text[line_start:line_end])
    return replace(practice, start=line_start, end=line_end, rule="practices.town_closes_item")


# '2. "Ciclovía Norte" – Municipality of Lisbon (Portugal)': a quoted title, a dash, then
# the town (maybe under its municipal title, maybe with its country).
# "• Trinkwasserbrunnen im Stadtgebiet – Landeshauptstadt Mainz": an item, a dash, its town
# (reading a page drops the bullets: an item is a line of its own)
_ITEM_THEN_DASH = re.compile(
    r"[ \t]*(?:\d+[.)][ \t]*|[-–•*·▪►][ \t]+)?(?P<t>[^\n–—:.!?]{3,80}?)[ \t]+[–—][ \t]+"
)


def _a_name(text: str) -> bool:
    words = strip_prefixes(text).split()
    return bool(words) and is_name(" ".join(words)) and lexicon.is_given_name(words[0])


_WHAT_OF_TOWN = LazyPattern(
    rf"(?:(?:die|der|das|the|a|an|ein|eine)\s+)?(?:[\w-]+\s+){{0,3}}?(?:der|des|of the|of)\s+"
    rf"{lexicon.MUNICIPAL_TITLE.pattern}\s+",
    re.IGNORECASE,
)
_QUOTED_THEN_DASH = re.compile(
    r"[ \t]*(?:\d+[.)][ \t]*|[-–•*·▪►][ \t]+)?[\"„“«](?P<t>[^\"„“”«»\n]{3,80})[\"“”»]"
    r"[ \t]*[–—-][ \t]*"
)


def _quoted_then_town(text: str, hit: CityHit) -> Practice | None:
    """A list line that gives a practice's quoted title, a dash and its town.

    >>> text = '1. "Superilla Sant Antoni" – Barcelona (Spain)'
    >>> _quoted_then_town(text, CityHit("Barcelona", "Spain", 29, 38)).title
    'Superilla Sant Antoni'
    >>> text = "• Verschattung von Spielplätzen – Gemeinde Haßloch"
    >>> _quoted_then_town(text, CityHit("Haßloch", None, 43, 50)).title
    'Verschattung von Spielplätzen'
    """
    line_start = text.rfind("\n", 0, hit.start) + 1
    line_end = text.find("\n", hit.end)
    line_end = len(text) if line_end < 0 else line_end
    m = _QUOTED_THEN_DASH.match(text, line_start) or _ITEM_THEN_DASH.match(text, line_start)
    if m is None:
        return None
    between_ = text[m.end() : hit.start]
    rest = text[hit.end : line_end]
    # "„Kühle Orte“ – die Hitzeschutzkarte der Stadt Speyer": words may say what it is
    if between_.strip() and not (
        lexicon.MUNICIPAL_TITLE_FIRST.fullmatch(between_) or _WHAT_OF_TOWN.fullmatch(between_)
    ):
        return None
    if rest.strip() and not re.fullmatch(r"\s*(?:\([^()]{2,40}\)|\S+ (?:City )?Council)?\s*", rest):
        return None
    if line_end - line_start > _ITEM_CHARS or (m.re is _ITEM_THEN_DASH and _a_name(m["t"])):
        return None  # "Marta Nowak – Municipality of Lublin": a speaker, not a practice
    practice = Practice(m["t"].strip(), hit.name, hit.country, [], True, text[line_start:line_end])
    return replace(practice, start=line_start, end=line_end, rule="practices.quoted_then_town")


_PAGE_LABEL_WORDS = 4  # "Praxisbeispiel", "Good practice", "Case study: Kutaisi"
_CONTACT = re.compile(
    r"^(?:kontakt|ansprechpartner\w*|ansprechperson\w*|contact(?:s| person)?|"
    r"practice owner|for more information)\b[^\n]{0,40}$",
    re.IGNORECASE,
)


def page_practice(
    text: str, *, title: str | None, cities: list[CityHit], people: list[Person]
) -> Practice | None:
    """The one practice a practice page presents: a page whose label near the top says so
    ("Praxisbeispiel", "Good practice", "Case study") is titled by its heading, belongs to
    the city its title names (else the first the page names), and is presented by its
    contact person ("Ansprechpartnerin", "Contact").

    >>> page = "Good practice\\nShade for bus stops in Kiel\\nKiel built 40 roofs."
    >>> kiel = CityHit("Kiel", None, 40, 44)
    >>> found = page_practice(page, title="Shade for bus stops in Kiel", cities=[kiel], people=[])
    >>> found.title, found.city
    ('Shade for bus stops in Kiel', 'Kiel')
    """
    if not title:
        return None
    top = [ln.strip() for ln in text.split("\n")[:12] if ln.strip()][:6]
    # The label is a kicker above the heading, not a section further down.
    above = top[: top.index(title)] if title in top else []
    if not any(
        lexicon.PRACTICE_SECTION.match(ln) and len(ln.split()) <= _PAGE_LABEL_WORDS for ln in above
    ):
        return None
    if not cities:
        return None
    in_title = {h.name for h in Places().cities_in(title)}
    city = next((c for c in cities if c.name in in_title), cities[0])
    presenters = []
    pos = 0
    for line in text.split("\n"):
        if _CONTACT.match(line.strip()):
            after = pos + len(line) + 1
            presenters = [
                p.name for p in people if any(after <= s < after + 160 for s, _ in p.spans)
            ][:1]
            break
        pos += len(line) + 1
    at = text.find(title)
    return Practice(
        title,
        city.name,
        city.country,
        presenters,
        True,
        title,
        start=max(at, 0),
        end=at + len(title) if at >= 0 else 0,
        rule="practices.page_practice",
    )
