"""One recap's text -> the extraction contract (``shared/EXTRACTION.md``) -> graph records.

``extract_page`` runs the structure rules in order: author and photo-credit lines, the
programme's speaker lines, people in running text (their names are then masked so that
a surname such as "Franco" is never read as a town), countries, cities, the event, the
practices and topics. ``records_from`` turns the contract object into nodes and
relations bound to the file's ``Source``, so the two can never disagree.
"""

from __future__ import annotations

import re
from pathlib import Path

from graph.core.model import RelType
from graph.ingest import resolve
from graph.ingest.build import Builder, RecordSet, person_key, source_node
from loaders.recaps import event as ev
from loaders.recaps import lexicon
from loaders.recaps.dates import event_date
from loaders.recaps.extraction import CityRef, EventInfo, Extraction
from loaders.recaps.language import detect
from loaders.recaps.people import Person, author
from loaders.recaps.people_text import running_text_people, surname_mentions
from loaders.recaps.places import CityHit, Places
from loaders.recaps.practices import (
    Practice,
    from_prose,
    from_running_text,
    from_talks,
    page_practice,
    without_person_names,
)
from loaders.recaps.spans import SpanIndex, occurrences
from loaders.recaps.speakers import find_talks
from loaders.recaps.text import Page
from loaders.recaps.titles import TitleInput, find_title
from loaders.recaps.topics import topics

_INLINE_CREDIT = re.compile(r"\((?:fotos?|photos?|bild|image|credit|©)\b[^()\n]{0,120}\)", re.I)
_LANGUAGE_TAG = re.compile(r"^[A-Z]{2}(?=:\s)", re.MULTILINE)

MAX_TEXT_CHARS = 300_000
"""How much of a page's text the rules read. A recap is a few pages long; text beyond this
(a dump, a mis-saved archive) is cut, with a warning, so any input finishes in seconds."""


def _merge_people(people: list[Person]) -> list[Person]:
    merged: dict[str, Person] = {}
    for person in people:
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


def _line_spans(lines: list[str], wanted: set[int]) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for i, line in enumerate(lines):
        if i in wanted:
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _country_of_city(name: str, country: str | None) -> str | None:
    """The gazetteer's country of a city (the stated ``country`` picks among namesakes)."""
    stated = resolve.country(country) if country else None
    match = resolve.city(name, country_code=stated.code if stated else None)
    return resolve.country_name(match.country_code) if match else None


def _without_header(page: Page) -> str:
    """The page's text with a saved page's header lines (``URL: ...``) blanked: the rules
    never read them, and every offset stays an offset into ``page.text``."""
    head = page.text[: page.header]
    return re.sub(r"[^\n]", " ", head) + page.text[page.header :]


def extract_page(page: Page, *, source: str) -> Extraction:
    """The contract object for one page already read (see ``loaders.recaps.extract``)."""
    text = _without_header(page)
    warnings: list[str] = []
    if len(text) > MAX_TEXT_CHARS:
        cut = text.rfind("\n", 0, MAX_TEXT_CHARS)
        text = text[: cut if cut > MAX_TEXT_CHARS // 2 else MAX_TEXT_CHARS]
        warnings.append(
            f"the page's text has {len(page.text):,} characters; only the first "
            f"{len(text):,} were read"
        )
    lines = text.split("\n")
    places = Places()
    lang = detect(text)

    # Credit lines first: their names are authors or photographers, never speakers.
    people: list[Person] = []
    credit_lines: set[int] = set()
    for i, line in enumerate(lines):
        if lexicon.PHOTO_CREDIT.match(line):
            credit_lines.add(i)
        elif lexicon.AUTHOR_LINE.match(line):
            credit_lines.add(i)
            found = author(lines, i)
            if found is not None:
                people.append(found)
                if not (match := lexicon.AUTHOR_LINE.match(line)) or not match["rest"].strip():
                    credit_lines.update(k for k in (i + 1, i + 2) if k < len(lines))
    masked = _line_spans(lines, credit_lines)
    # "UK: <title>" tags a title's language; "(Foto: Stadt Kiel)" credits a picture.
    masked += [(m.start(), m.end()) for m in _LANGUAGE_TAG.finditer(text)]
    masked += [(m.start(), m.end()) for m in _INLINE_CREDIT.finditer(text)]

    talks = find_talks(lines, places, lang=lang, skip=frozenset(credit_lines))
    for talk in talks:
        if talk.speaker.unresolved_city:
            where_from = f" ({talk.speaker.country})" if talk.speaker.country else ""
            warnings.append(
                f"city {talk.speaker.unresolved_city!r}{where_from} matches no "
                "gazetteer entry; kept as written"
            )
    people += [p for t in talks for p in t.people]
    credits = SpanIndex(masked)
    running = [
        p
        for p in running_text_people(text, places)
        if not any(credits.contains(s) for s, _ in p.spans)
    ]
    people = _merge_people([*people, *running])
    where = occurrences(text, [p.name for p in people])
    by_surname = surname_mentions(text, people)
    for person in people:
        person.spans = where[person.name] or person.spans
        # "Klitschko sagte": the person again, unless the surname is also a town.
        surname = person.name.split()[-1]
        if places.city_exact(surname, country=None) is None:
            person.spans = sorted({*person.spans, *by_surname.get(person.name, [])})
        masked += person.spans
    mask = SpanIndex(masked)

    countries_at = [(s, e, n) for s, e, n in places.countries_in(text) if not mask.contains(s)]
    hits = places.running_text_cities(text, skip=mask.spans())

    # Cities: from speaker lines and people first (they state the country), then text.
    cities: dict[str, str | None] = {}
    for name, country in [
        *((p.city, p.country) for p in people),
        *((h.name, h.country) for h in hits),
    ]:
        if name and (name not in cities or cities[name] is None):
            cities[name] = country

    when = event_date(text, published=page.published)
    warnings += when.warnings
    venue_hit: CityHit | None = ev.venue(text, hits)
    venue_city = venue_hit.name if venue_hit else None
    venue_country = None
    if venue_hit:
        venue_country = venue_hit.country or _country_of_city(venue_hit.name, None)
        if venue_hit.name not in cities:
            cities[venue_hit.name] = venue_hit.country
    fmt = ev.event_format(text, venue=venue_city)
    count = ev.participants(text)
    warnings += ev.country_count_warnings(text, countries_at)

    # Only the countries the text names; each city still gets its gazetteer country in
    # the graph (Builder.city links it IN its country).
    countries = list(
        dict.fromkeys(
            [n for _, _, n in countries_at]
            + [p.country for p in people if p.country]
            + [c for c in cities.values() if c]
        )
    )

    practices: list[Practice] = from_talks(talks, places)
    seen_cities: set[str | None] = {p.city for p in practices if p.city}
    seen_presenters = {n for p in practices for n in p.presenters}
    seen_titles = {p.title.casefold() for p in practices}
    for practice in from_prose(text, people=people, cities=hits, lang=lang):
        if practice.title.casefold() in seen_titles or (
            seen_presenters.intersection(practice.presenters)
        ):
            continue
        if practice.city in seen_cities and not practice.literal:
            continue
        practices.append(practice)
        seen_titles.add(practice.title.casefold())
        seen_cities.add(practice.city)
        seen_presenters.update(practice.presenters)
    for practice in from_running_text(
        text, people=people, cities=hits, lang=lang, venue=venue_city
    ):
        # Running text often retells the programme: the talk already holds that practice.
        if practice.city in seen_cities and not practice.presenters:
            continue
        if practice.city in seen_cities and not practice.literal:
            # "X, finance director of Kisumu, explained ...": who presented the practice
            # that the city's clause stated.
            same = next(p for p in practices if p.city == practice.city)
            if not same.presenters:
                same.presenters = list(practice.presenters)
                seen_presenters.update(practice.presenters)
            continue
        if seen_presenters.intersection(practice.presenters):
            continue
        practices.append(practice)
        seen_cities.add(practice.city)
        seen_presenters.update(practice.presenters)

    url_span = (0, 0)
    if page.url:
        at = page.text.find(page.url, 0, page.header)
        url_span = (at, at + len(page.url)) if at >= 0 else (0, 0)
    found_title = find_title(
        TitleInput(text, page.html_title, page.url, url_span, venue=venue_city)
    )
    title = found_title[0].title if found_title else None
    # A practice page ("Praxisbeispiel" above its heading) is that one practice.
    whole = page_practice(text, title=title, cities=hits, people=people)
    if whole is not None and whole.city not in seen_cities:
        practices.insert(0, whole)
    # A recap of any meeting is an event; only a page that reports none (an about page, a
    # list of links) loads nothing.
    is_event = bool(lexicon.MEETING_WORDS.search(text) or talks or practices)
    if not is_event:
        warnings.append(
            f"{source}: no event found (the page reports no meeting: no conference, visit, "
            "reception, session or the like); nothing to load"
        )
    event_topics = tuple(topics(text))
    named = without_person_names(practices, [p.name for p in people], lang=lang)
    return Extraction(
        source=source,
        url=page.url,
        lang=lang,
        event=None
        if not is_event
        else EventInfo(
            title=title or Path(source).stem,
            date=when.date,
            end_date=when.end_date,
            format=fmt,
            venue_city=venue_city,
            venue_country=venue_country,
            participants_count=count,
        ),
        countries=tuple(countries),
        cities=tuple(CityRef(n, c) for n, c in cities.items()),
        people=tuple(p.record() for p in people),
        practices=tuple(p.record(event_topics=event_topics) for p in named),
        topics=event_topics,
        warnings=tuple(dict.fromkeys(warnings)),
    )


def records_from(extraction: Extraction, *, path: Path, content: bytes) -> RecordSet:
    """The graph records one extraction states, every one linked to the file's Source."""
    warnings = extraction.warnings
    info = extraction.event
    if info is None:
        empty = RecordSet()
        empty.warnings.extend(w if str(path) in w else f"{path}: {w}" for w in warnings)
        return empty
    b = Builder(source_node(path, content, kind="recap", url=extraction.url, warnings=warnings))
    event_id = b.event(
        info.title,
        date=info.date,
        end_date=info.end_date,
        format=info.format,
        participants_count=info.participants_count,
        lang=extraction.lang,
    )
    for name in extraction.countries:
        b.link(b.country(name), RelType.PARTICIPATED_IN, event_id)
    for city in extraction.cities:
        b.city(city.name, country=city.country)
    if info.venue_city:
        b.link(event_id, RelType.HELD_IN, b.city(info.venue_city, country=info.venue_country))
    person_ids: dict[str, str] = {}
    for p in extraction.people:
        pid = b.person(
            p.name, role=p.role, organisation=p.organisation, city=p.city, country=p.country
        )
        person_ids[p.name] = pid
        if p.role != "author":
            b.link(pid, RelType.SPOKE_AT, event_id, role=p.role or "speaker")
    for tid in [b.topic(t) for t in extraction.topics]:
        b.link(event_id, RelType.ABOUT, tid)
    for pr in extraction.practices:
        presenters = [person_ids[n] for n in pr.presenters if n in person_ids]
        practice_id = b.practice(
            pr.title,
            city=pr.city,
            country=pr.country,
            event=event_id,
            presenter=presenters[0] if presenters else None,
            topics=pr.topics,
        )
        for pid in presenters[1:]:
            b.link(pid, RelType.PRESENTED, practice_id)
    b.records.warnings[:] = [
        w if str(path) in w else f"{path}: {w}" for w in [*warnings, *b.records.warnings]
    ]
    return b.records
