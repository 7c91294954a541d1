"""One recap's extraction (``pipeline.extract_page``) -> graph records.

``records_from`` turns the contract object into nodes and relations bound to the file's
``Source``, so the two can never disagree.
"""

from __future__ import annotations

from pathlib import Path

from graph.core.model import Node, RelType
from graph.core.passages import PASSAGES, encode
from graph.ingest import resolve
from graph.ingest.build import Builder, RecordSet, source_node
from loaders.recaps.extraction import Extraction
from loaders.recaps.pipeline import extract_page
from loaders.recaps.places import home_namesakes

__all__ = ["extract_page", "records_from"]


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
    ids: dict[tuple[str, str], str] = {}  # (field, value as printed) -> the node it made
    ids["event.title", info.title] = event_id
    if info.date:
        ids["event.date", info.date.isoformat()] = event_id
    for name in extraction.countries:
        ids["countries", name] = b.country(name)
        b.link(ids["countries", name], RelType.PARTICIPATED_IN, event_id)
    where = home_countries(extraction)
    for city in extraction.cities:
        ids["cities", city.name] = b.city(city.name, country=city.country or where.get(city.name))
    if info.venue_city:
        b.link(event_id, RelType.HELD_IN, b.city(info.venue_city, country=info.venue_country))
    person_ids: dict[str, str] = {}
    for p in extraction.people:
        country = p.country or (where.get(p.city) if p.city else None)
        pid = b.person(
            p.name, role=p.role, organisation=p.organisation, city=p.city, country=country
        )
        person_ids[p.name] = ids["people", p.name] = pid
        if p.role != "author":
            b.link(pid, RelType.SPOKE_AT, event_id, role=p.role or "speaker")
    for topic in extraction.topics:
        ids["topics", topic] = b.topic(topic)
        b.link(event_id, RelType.ABOUT, ids["topics", topic])
    for pr in extraction.practices:
        presenters = [person_ids[n] for n in pr.presenters if n in person_ids]
        practice_id = b.practice(
            pr.title,
            city=pr.city,
            country=pr.country or (where.get(pr.city) if pr.city else None),
            event=event_id,
            presenter=presenters[0] if presenters else None,
            topics=pr.topics,
        )
        ids["practices", pr.title] = practice_id
        for pid in presenters[1:]:
            b.link(pid, RelType.PRESENTED, practice_id)
    _keep_passages(b, extraction, ids)
    b.records.warnings[:] = [
        w if str(path) in w else f"{path}: {w}" for w in [*warnings, *b.records.warnings]
    ]
    return b.records


def home_countries(extraction: Extraction) -> dict[str, str]:
    """The country of each town the page names with no country whose namesake of the same
    name lies where the page's other towns lie (``places.home_namesake``: "Valencia" among
    Ghent, Aarhus and Kraków is in Spain, not Venezuela, the larger); the graph places it
    there, the extraction keeps the country unstated."""
    towns = [c.name for c in extraction.cities]
    unstated = [(c.name, c.name) for c in extraction.cities if c.country is None]
    people = [p.city for p in extraction.people if p.city and not p.country]
    found = home_namesakes(unstated, towns + people)
    return {
        name: country
        for name, home in found.items()
        if home.name == name and (country := resolve.country_name(home.country_code))
    }


MAX_PASSAGES = 1_000
"""Passages one page keeps at most (a page is cut at 300,000 characters; its facts' passages
are lines and sentences, so this is seldom reached)."""


def _keep_passages(b: Builder, extraction: Extraction, ids: dict[tuple[str, str], str]) -> None:
    """The Source keeps the passage that stated each fact, with the node the fact made."""
    kept = []
    for e in extraction.evidence:
        node = ids.get((e.field, e.value))
        if node is not None and e.end > e.start:
            kept.append(encode(node, e.rule, extraction.text[e.start : e.end]))
    kept = list(dict.fromkeys(kept))[:MAX_PASSAGES]
    if kept:
        source = b.source
        b.records.nodes[source.id] = Node(
            id=source.id,
            label=source.label,
            properties={**source.properties, PASSAGES: tuple(kept)},
            sources=source.sources,
        )
