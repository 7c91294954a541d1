"""One recap page through the loader: ordered named stages adding to one page record.

``extract_page`` is a short loop over ``STAGES`` (as spaCy runs a pipeline of components):

======== ==========================================================================
text     the text the rules read (a saved page's header lines blanked, cut at
         ``MAX_TEXT_CHARS``), its lines and language
credits  author and photo-credit lines: their names are authors, never speakers
talks    the programme's speaker lines and agenda lines, with their talk titles
people   people in running text (``people_text.PEOPLE_RULES``), merged; their names
         are then masked, so that a surname such as "Franco" is never a town
places   countries and cities the text names, each with the rule that made it one
event    venue, format, participant count, and the title (``titles.TITLE_RULES``)
dates    the date the event took place (``dates.event_date``)
practices talks that are practices, practices in prose and in running text, a
         practice page's one practice
topics   the event's topics, each where the page first names it
======== ==========================================================================

Each stage is a function of the ``PageRecord``; each fact it adds carries the span of
text that states it and the name of the rule that found it, and ``extraction`` turns the
record into the contract's ``Extraction`` with its ``evidence`` (``text[start:end]``: the
passage). A candidate a rule turned down is kept as a ``Rejection``, which ``citygraph
evaluate -v`` names beside a miss. A new page layout is a new rule in the stage's
module, registered in its rule list, plus a test page of our own.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from graph.ingest import resolve
from graph.ingest.person_names import person_key
from loaders.recaps import event as ev
from loaders.recaps import lexicon
from loaders.recaps.dates import EventDate, event_date
from loaders.recaps.extraction import CityRef, EventInfo, Evidence, Extraction, Rejection
from loaders.recaps.language import detect, other_language
from loaders.recaps.people import Person, author
from loaders.recaps.people_text import running_text_people, surname_mentions
from loaders.recaps.places import CityHit, Places, home_namesakes
from loaders.recaps.practices import (
    Practice,
    city_lines,
    from_prose,
    from_running_text,
    from_talks,
    page_practice,
    speakers_on,
    talk_judgement,
    without_person_names,
)
from loaders.recaps.practices_prose import host_town
from loaders.recaps.spans import SpanIndex, between, occurrences, passage, sorted_by
from loaders.recaps.speakers import Talk, find_talks
from loaders.recaps.text import Page
from loaders.recaps.titles import Found, TitleInput, find_title
from loaders.recaps.topics import topic_hits

_INLINE_CREDIT = re.compile(r"\((?:fotos?|photos?|bild|image|credit|©)\b[^()\n]{0,120}\)", re.I)
_LANGUAGE_TAG = re.compile(r"^[A-Z]{2}(?=:\s)", re.MULTILINE)

# One token (a word, an honorific, a separator) over and over: a broken or hostile page.
_REPEATED = re.compile(r"(?<!\S)((?:\S{1,12}[ \t]+){1,2}?)\1{300,}")

MAX_TEXT_CHARS = 300_000
"""How much of a page's text the rules read. A recap is a few pages long; text beyond this
(a dump, a mis-saved archive) is cut, with a warning, so any input finishes in seconds."""


@dataclass
class CityFact:
    """A city the page names: the country written beside it, and where it is stated."""

    country: str | None
    start: int
    end: int
    rule: str


@dataclass
class PageRecord:
    """What the stages have found on one page so far."""

    page: Page
    source: str
    places: Places = field(default_factory=Places)
    text: str = ""
    lines: list[str] = field(default_factory=list)
    line_starts: list[int] = field(default_factory=list)
    lang: str | None = None
    warnings: list[str] = field(default_factory=list)
    credit_lines: set[int] = field(default_factory=set)
    masked: list[tuple[int, int]] = field(default_factory=list)
    talks: list[Talk] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    countries_at: list[tuple[int, int, str]] = field(default_factory=list)
    hits: list[CityHit] = field(default_factory=list)
    judged: list[CityHit] = field(default_factory=list)  # every gazetteer hit, judged
    cities: dict[str, CityFact] = field(default_factory=dict)
    venue: CityHit | None = None
    venue_country: str | None = None
    format: str | None = None
    participants: int | None = None
    title: tuple[Found, str] | None = None
    when: EventDate = field(default_factory=lambda: EventDate(None, None))
    practices: list[Practice] = field(default_factory=list)
    topics: list[tuple[str, int, int]] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)

    def reject(self, field_name: str, value: str, rule: str) -> None:
        self.rejected.append(Rejection(field_name, value, rule))


# -- stages ------------------------------------------------------------------------------


def read_text(rec: PageRecord) -> None:
    """The text the rules read: a saved page's header lines (``URL: ...``) blanked, so the
    rules never read them and every offset stays an offset into the page's text."""
    page = rec.page
    text = re.sub(r"[^\n]", " ", page.text[: page.header]) + page.text[page.header :]
    if len(text) > MAX_TEXT_CHARS:
        cut = text.rfind("\n", 0, MAX_TEXT_CHARS)
        text = text[: cut if cut > MAX_TEXT_CHARS // 2 else MAX_TEXT_CHARS]
        rec.warnings.append(
            f"the page's text has {len(page.text):,} characters; only the first "
            f"{len(text):,} were read"
        )
    rec.text = text
    rec.lines = text.split("\n")
    pos = 0
    for line in rec.lines:
        rec.line_starts.append(pos)
        pos += len(line) + 1
    rec.lang = detect(text)
    other = other_language(text)
    if other:
        rec.warnings.append(
            f"the page seems to be written in {other!r}; the rules read German and English, "
            f"so it is read as {rec.lang or 'unknown'} and may yield little"
        )
    run = _REPEATED.search(text)
    if run:
        times = len(run.group()) // len(run[1])
        rec.warnings.append(
            f"the page repeats {run[1].strip()!r} {times:,} times in a row: no recap text there"
        )


def credits(rec: PageRecord) -> None:
    """Author lines give their person (role ``author``); they and photo credits, inline
    credits and language tags ("UK: <title>") are masked for the rules after."""
    lines = rec.lines
    for i, line in enumerate(lines):
        if lexicon.PHOTO_CREDIT.match(line):
            rec.credit_lines.add(i)
        elif lexicon.AUTHOR_LINE.match(line):
            rec.credit_lines.add(i)
            found = author(lines, i)
            if found is not None:
                found.origin = _spans_of(rec, found.name, i)[0]
                rec.people.append(found)
                if not (match := lexicon.AUTHOR_LINE.match(line)) or not match["rest"].strip():
                    rec.credit_lines.update(k for k in (i + 1, i + 2) if k < len(lines))
    rec.masked += [
        (rec.line_starts[i], rec.line_starts[i] + len(lines[i])) for i in sorted(rec.credit_lines)
    ]
    rec.masked += [(m.start(), m.end()) for m in _LANGUAGE_TAG.finditer(rec.text)]
    rec.masked += [(m.start(), m.end()) for m in _INLINE_CREDIT.finditer(rec.text)]


def talks(rec: PageRecord) -> None:
    """Speaker lines and agenda lines with their talk titles (``speakers.find_talks``)."""
    rec.talks = find_talks(rec.lines, rec.places, lang=rec.lang, skip=frozenset(rec.credit_lines))
    for talk in rec.talks:
        if talk.speaker.unresolved_city:
            where_from = f" ({talk.speaker.country})" if talk.speaker.country else ""
            rec.warnings.append(
                f"city {talk.speaker.unresolved_city!r}{where_from} matches no "
                "gazetteer entry; kept as written"
            )
        line = rec.line_starts[talk.line]
        for person in talk.people:
            person.origin = person.origin or (line, line + len(rec.lines[talk.line]))
    rec.people += [p for t in rec.talks for p in t.people]


def people(rec: PageRecord) -> None:
    """People in running text, merged with those of credits and talks (one per name);
    every mention of them (a surname alone too) masked for the place rules."""
    text = rec.text
    credited = SpanIndex(rec.masked)
    running = []
    for person in running_text_people(text, rec.places):
        if any(credited.contains(s) for s, _ in person.spans):
            rec.reject("people", person.name, "credits.credit_line")
        else:
            running.append(person)
    rec.people = _merge_people([*rec.people, *running])
    where = occurrences(text, [p.name for p in rec.people])
    by_surname = surname_mentions(text, rec.people)
    for person in rec.people:
        # The span the rule found is the passage that states the person.
        person.origin = person.origin or (person.spans[0] if person.spans else None)
        person.spans = where[person.name] or person.spans
        # "Klitschko sagte": the person again, unless the surname is also a town.
        surname = person.name.split()[-1]
        if rec.places.city_exact(surname, country=None) is None:
            person.spans = sorted({*person.spans, *by_surname.get(person.name, [])})
        rec.masked += person.spans


def places(rec: PageRecord) -> None:
    """Countries and cities the text names (past the masked credits and names); cities
    from speaker lines and people first (they state the country), then the text's."""
    text = rec.text
    mask = SpanIndex(rec.masked)
    rec.countries_at = [
        (s, e, n) for s, e, n in rec.places.countries_in(text) if not mask.contains(s)
    ]
    judged = rec.places.judged_cities(text, skip=mask.spans())
    rec.judged = judged
    rec.hits = [h for h in judged if h.rule]
    for hit in judged:
        if not hit.rule:
            rec.reject("cities", hit.name, rec.places.rejected_by(text, hit))
    for person in rec.people:
        if person.city and (
            person.city not in rec.cities or rec.cities[person.city].country is None
        ):
            start, end = _city_passage(rec, person, judged)
            rec.cities[person.city] = CityFact(person.country, start, end, person.rule)
    for hit in rec.hits:
        known = rec.cities.get(hit.name)
        if known is None:
            rec.cities[hit.name] = CityFact(hit.country, hit.start, hit.end, hit.rule)
        elif known.country is None and hit.country:
            # "Tartu City Council (EE)": this mention states the country too.
            rec.cities[hit.name] = CityFact(hit.country, hit.start, hit.end, hit.rule)


def event(rec: PageRecord) -> None:
    """Where and how the event took place, how many came, and its title."""
    text = rec.text
    found = ev.venue_found(text, rec.hits)
    rec.venue = found[0] if found else None
    if found:
        hit, rule = found
        rec.venue_country = hit.country or _country_of_city(hit.name)
        if hit.name not in rec.cities:
            rec.cities[hit.name] = CityFact(hit.country, hit.start, hit.end, rule)
    venue_city = rec.venue.name if rec.venue else None
    rec.format = ev.event_format(text, venue=venue_city)
    rec.participants = ev.participants(text)
    rec.warnings += ev.country_count_warnings(text, rec.countries_at)
    page = rec.page
    url_span = (0, 0)
    if page.url:
        at = page.text.find(page.url, 0, page.header)
        url_span = (at, at + len(page.url)) if at >= 0 else (0, 0)
    rec.title = find_title(TitleInput(text, page.html_title, page.url, url_span, venue_city))
    host_officials(rec)


# A mayor who welcomes the guests or opens the meeting is the host town's.
_MAYOR = re.compile(
    r"\b(?:\w*bürgermeister\w*|mayor|lord mayor|alcalde\w*|maire|sindac[oa]|burmistrz|"
    r"burgemeester|primátor\w*|starost\w*)\b",
    re.IGNORECASE,
)
_WELCOMES = re.compile(
    r"(?<![\w-])(?:begrüßte|begrüßt|hieß|hiess|heißt|empfing|empfängt|eröffnete|eröffnet|"
    r"welcomed|welcomes|welcoming|greeted|opened|opens|hosted)(?![\w-])",
    re.IGNORECASE,
)


def host_officials(rec: PageRecord) -> None:
    """``people.host_official``: a mayor with no town of their own who welcomes the guests
    or opens the meeting ("Bürgermeisterin X Y begrüßte die Gäste", "Deputy Mayor X Y opened
    the meeting in the town hall of Houten") is the mayor of the town the event took place
    in, whether the page names it before or after them."""
    text = rec.text
    host = rec.venue or host_town(text, rec.hits)
    mayors = [p for p in rec.people if not p.city and _MAYOR.search(p.role or "") and p.spans]
    if not mayors:
        return
    spans = [(start, start + len(sentence)) for start, sentence in ev.sentences(text)]
    starts = [a for a, _ in spans]
    for person in mayors:
        k = bisect_right(starts, person.spans[0][0]) - 1
        if k < 0 or not _WELCOMES.search(text, *spans[k]):
            continue
        # a town the sentence sets the meeting in ("begrüßte die Gäste in der Stadthalle
        # Görlitz"), else the host named alone in this sentence or the one before
        here = [h for h in rec.hits if spans[k][0] <= h.start < spans[k][1]]
        town = next((h for h in here if ev.venue_cue_before(text, h)), None)
        for a, b in (spans[k], spans[k - 1] if k else spans[k]):
            named = {h.name for h in rec.hits if a <= h.start < b}
            if town is None and host is not None and named == {host.name}:
                town = host
        if town is not None:
            person.city, person.country = town.name, town.country


def dates(rec: PageRecord) -> None:
    """The date the event took place; never one the text does not state for it."""
    rec.when = event_date(rec.text, published=rec.page.published)
    rec.warnings += rec.when.warnings


def practices(rec: PageRecord) -> None:
    """Talks that are practices; then practices in prose, in running text; a practice
    page's one practice. A later find of a practice already found adds nothing."""
    text, hits, lang = rec.text, rec.hits, rec.lang
    for talk in rec.talks:
        ok, rule = talk_judgement(talk, rec.places)
        if not ok and talk.title:
            rec.reject("practices", talk.title, rule)
    found: list[Practice] = from_talks(
        rec.talks, rec.places, text=text, line_starts=rec.line_starts
    )
    seen_cities: set[str | None] = {p.city for p in found if p.city}
    seen_presenters = {n for p in found for n in p.presenters}
    seen_titles = {p.title.casefold() for p in found}
    # A town the page made a place of is that town wherever it is named again
    # ("our sister city Kumamoto" ... "presented Kumamoto's groundwater programme").
    towns = {h.name for h in hits}
    named_again = [h for h in rec.judged if h.rule or h.name in towns]
    # "In Hamburg-Wilhelmsburg zeigte ...": a district sets its clause in its city
    named_again += [replace(h, name=h.part_of) for h in rec.judged if h.part_of]
    named_again.sort(key=lambda h: h.start)
    host = rec.venue or host_town(text, rec.hits)
    prose = from_prose(
        text, people=rec.people, cities=named_again, lang=lang, host=host, author=_poster(rec)
    )
    for practice in prose:
        # "representatives from Rosario and Lima shared ...": one title, a practice a town
        shared = practice.rule == "practices.towns_from_list" and practice.city not in seen_cities
        if (practice.title.casefold() in seen_titles and not shared) or (
            seen_presenters.intersection(practice.presenters)
        ):
            rec.reject("practices", practice.title, "practices.already_found")
            continue
        if practice.city in seen_cities and not practice.literal:
            rec.reject("practices", practice.title, "practices.city_has_one")
            continue
        found.append(practice)
        seen_titles.add(practice.title.casefold())
        if practice.rule not in _SEEN_ON_A_VISIT:  # what visitors saw leaves room for
            seen_cities.add(practice.city)  # what the host's people presented
        seen_presenters.update(practice.presenters)
    for practice in speakers_on(text, people=rec.people):
        if seen_presenters.intersection(practice.presenters):
            rec.reject("practices", practice.title, "practices.presenter_has_one")
            continue
        found.append(practice)
        seen_presenters.update(practice.presenters)
    for practice in city_lines(text, cities=hits):
        if practice.city in seen_cities:
            rec.reject("practices", practice.title, "practices.city_has_one")
            continue
        found.append(practice)
        seen_cities.add(practice.city)
    venue_city = rec.venue.name if rec.venue else None
    for practice in from_running_text(
        text, people=rec.people, cities=hits, lang=lang, venue=venue_city
    ):
        # Running text often retells the programme: the talk already holds that practice.
        if practice.city in seen_cities and not practice.presenters:
            rec.reject("practices", practice.title, "practices.city_has_one")
            continue
        if practice.city in seen_cities and not practice.literal:
            # "X, finance director of Kisumu, explained ...": who presented the practice
            # that the city's clause stated.
            same = next(p for p in found if p.city == practice.city)
            # (not someone who already presents another: "X presented Kraków's pocket
            # parks programme" after the group visited Kraków's Zakrzówek park)
            if not same.presenters and not seen_presenters.intersection(practice.presenters):
                same.presenters = list(practice.presenters)
                seen_presenters.update(practice.presenters)
            continue
        if seen_presenters.intersection(practice.presenters):
            rec.reject("practices", practice.title, "practices.presenter_has_one")
            continue
        found.append(practice)
        seen_cities.add(practice.city)
        seen_presenters.update(practice.presenters)
    # A practice page ("Praxisbeispiel" above its heading) is that one practice.
    title = rec.title[0].title if rec.title else None
    whole = page_practice(text, title=title, cities=hits, people=rec.people)
    if whole is not None and whole.city not in seen_cities:
        found.insert(0, whole)
    rec.practices = without_person_names(found, [p.name for p in rec.people], lang=lang)


def namesakes(rec: PageRecord) -> None:
    """``places.home_namesake``: a town named with no country whose namesake lies where
    most of the page's other towns lie is that namesake, in every fact that names it
    ("Marburg" on a page of Hessian towns is Marburg an der Lahn, not Maribor). A namesake
    of the same name ("Valencia" among European towns) keeps the name, unstated country and
    all (the graph's load places it: ``assembly.home_countries``); the venue's country, read
    from the gazetteer anyway, is the namesake's."""
    unstated = {name for name, fact in rec.cities.items() if fact.country is None}
    written = [(h.name, rec.text[h.start : h.end]) for h in rec.hits if h.name in unstated]
    people_towns = [p.city for p in rec.people if p.city and p.country is None]
    found = home_namesakes(written, list(rec.cities) + people_towns)
    if rec.venue is not None and rec.venue.name in found and rec.venue.country is None:
        home = found[rec.venue.name]
        rec.venue = replace(rec.venue, name=home.name)
        rec.venue_country = resolve.country_name(home.country_code)
    renamed = {old: home.name for old, home in found.items() if home.name != old}
    if not renamed:
        return
    rec.hits = [replace(h, name=renamed.get(h.name, h.name)) for h in rec.hits]
    rec.judged = [replace(h, name=renamed.get(h.name, h.name)) for h in rec.judged]
    rec.cities = {renamed.get(name, name): fact for name, fact in rec.cities.items()}
    for person in rec.people:
        if person.city in renamed and person.country is None:
            person.city = renamed[person.city]
    for practice in rec.practices:
        if practice.city in renamed and practice.country is None:
            practice.city = renamed[practice.city]


def topics(rec: PageRecord) -> None:
    """The topics the page is about, each where it first names it."""
    rec.topics = topic_hits(rec.text)


_SEEN_ON_A_VISIT = {"practices.visitors_saw", "practices.group_visited"}

Stage = Callable[[PageRecord], None]
STAGES: tuple[tuple[str, Stage], ...] = (
    ("text", read_text),
    ("credits", credits),
    ("talks", talks),
    ("people", people),
    ("places", places),
    ("event", event),
    ("dates", dates),
    ("practices", practices),
    ("namesakes", namesakes),
    ("topics", topics),
)


def extract_page(page: Page, *, source: str) -> Extraction:
    """The contract object for one page already read (see ``loaders.recaps.extract``)."""
    rec = PageRecord(page=page, source=source)
    for _name, stage in STAGES:
        stage(rec)
    return extraction(rec)


# -- the record as the contract's object --------------------------------------------------


def extraction(rec: PageRecord) -> Extraction:
    """The ``Extraction`` of a page record, every printed fact with its evidence. A page
    that reports no meeting at all has no event, and a warning says nothing is loaded."""
    text = rec.text
    # A recap of any meeting is an event; only a page that reports none (an about page, a
    # list of links) loads nothing.
    is_event = bool(lexicon.MEETING_WORDS.search(text) or rec.talks or rec.practices)
    warnings = list(rec.warnings)
    if not is_event:
        warnings.append(
            f"{rec.source}: no event found (the page reports no meeting: no conference, "
            "visit, reception, session or the like); nothing to load"
        )
        rec.reject("event.title", "", "event.no_meeting")
    evidence: list[Evidence] = []

    def cite(field_name: str, value: str, start: int, end: int, rule: str) -> None:
        s, e = passage(rec.page.text, start, end)
        evidence.append(Evidence(field_name, value, s, e, rule))

    event_topics = tuple(name for name, _, _ in rec.topics)
    info = None
    if is_event:
        title = rec.title[0].title if rec.title else Path(rec.source).stem
        info = EventInfo(
            title=title,
            date=rec.when.date,
            end_date=rec.when.end_date,
            format=rec.format,
            venue_city=rec.venue.name if rec.venue else None,
            venue_country=rec.venue_country,
            participants_count=rec.participants,
        )
        if rec.title:
            found, rule = rec.title
            cite("event.title", title, found.start, found.end, rule)
        else:
            cite("event.title", title, 0, 0, "event.file_name")
        if rec.when.date:
            cite(
                "event.date", rec.when.date.isoformat(), rec.when.start, rec.when.end, rec.when.rule
            )
    countries: dict[str, tuple[int, int, str]] = {}
    for s, e, name in rec.countries_at:
        rule = (
            "places.country_name" if rec.places.country(text[s:e]) else "places.country_adjective"
        )
        countries.setdefault(name, (s, e, rule))
    for person in rec.people:
        if person.country:
            countries.setdefault(person.country, (*person.stated_at, person.rule))
    for fact in rec.cities.values():
        if fact.country:
            countries.setdefault(fact.country, (fact.start, fact.end, "places.country_after"))
    for name, (s, e, rule) in countries.items():
        cite("countries", name, s, e, rule)
    for name, fact in rec.cities.items():
        cite("cities", name, fact.start, fact.end, fact.rule)
    for person in rec.people:
        cite("people", person.name, *person.stated_at, person.rule)
    for practice in rec.practices:
        cite("practices", practice.title, practice.start, practice.end, practice.rule)
    for name, s, e in rec.topics:
        cite("topics", name, s, e, "topics.keyword")
    return Extraction(
        source=rec.source,
        url=rec.page.url,
        lang=rec.lang,
        event=info,
        countries=tuple(countries),
        cities=tuple(CityRef(n, f.country) for n, f in rec.cities.items()),
        people=tuple(p.record() for p in rec.people),
        practices=tuple(p.record(event_topics=event_topics) for p in rec.practices),
        topics=event_topics,
        warnings=tuple(dict.fromkeys(warnings)),
        text=rec.page.text,
        evidence=tuple(evidence),
        rejected=tuple(dict.fromkeys(rec.rejected)),
    )


# -- helpers ------------------------------------------------------------------------------


def _poster(rec: PageRecord) -> Person | None:
    """The person whose name heads the page, as a post's does ("Lena Hoffmann" / her role
    line / the post): the one who writes "I"."""
    first = next((i for i, line in enumerate(rec.lines) if line.strip()), None)
    if first is None:
        return None
    line = rec.lines[first].strip()
    return next((p for p in rec.people if p.name == line), None)


def _merge_people(found: list[Person]) -> list[Person]:
    merged: dict[str, Person] = {}
    for person in found:
        key = person_key(person.name)  # "Dr. X Y" = "X Y", "Päivi" = "Paivi"
        old = merged.get(key)
        if old is None:
            merged[key] = person
            continue
        for attr in ("role", "organisation", "city", "country"):
            if getattr(old, attr) is None:
                setattr(old, attr, getattr(person, attr))
        old.spans.extend(person.spans)
    return list(merged.values())


def _spans_of(rec: PageRecord, name: str, line: int) -> list[tuple[int, int]]:
    """Where ``name`` is written on or just after line ``line``."""
    start = rec.line_starts[line]
    at = rec.text.find(name, start, start + 400)
    return [(at, at + len(name))] if at >= 0 else [(start, start + len(rec.lines[line]))]


_NEAR = 300  # how far apart a person's mention and their city may be written
_MENTIONS_TRIED = 20  # of a person's mentions, the first ones are enough


def _city_passage(rec: PageRecord, person: Person, judged: list[CityHit]) -> tuple[int, int]:
    """Where a person's city is written nearest a mention of them: the passage shows both
    ("Eisenachs Oberbürgermeisterin Katja Wolf", "Kadri Saar, Tartu City Council")."""
    hits, starts = sorted_by([h for h in judged if h.name == person.city], lambda h: h.start)
    best: tuple[int, tuple[int, int]] | None = None
    for s, e in [person.stated_at, *person.spans[:_MENTIONS_TRIED]]:
        for hit in between(hits, starts, s - _NEAR, e + _NEAR):
            pair = (abs(hit.start - s), (min(s, hit.start), max(e, hit.end)))
            best = pair if best is None or pair < best else best
    return best[1] if best else person.stated_at


def _country_of_city(name: str) -> str | None:
    """The gazetteer's country of a city."""
    match = resolve.city(name)
    return resolve.country_name(match.country_code) if match else None
