"""Provenance: every fact the loader prints carries the passage that states it and the rule
that found it, and the passage holds the fact's words (or a spelling of them)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from cli_runner import run
from recaps_dev import DEV_RECAPS

from graph.ingest import resolve
from graph.ingest.resolve_text import fold_words
from loaders.recaps import Extraction, extract
from loaders.recaps.dates import find_dates
from loaders.recaps.places import Places
from loaders.recaps.topics import topic_hits

FIXTURES = Path(__file__).parent / "fixtures" / "recaps"
PAGES = sorted(
    p
    for folder in (FIXTURES, FIXTURES / "networks", FIXTURES / "annotated")
    for p in folder.iterdir()
    if p.suffix in (".txt", ".html")
)
DEV = sorted(DEV_RECAPS.glob("*.txt")) if DEV_RECAPS else []
FIELDS = ("event.title", "event.date", "countries", "cities", "people", "practices", "topics")
_PLACES = Places()


def _folded(text: str) -> str:
    return " " + fold_words(text) + " "


def _printed(found: Extraction) -> list[tuple[str, str]]:
    facts: list[tuple[str, str]] = []
    if found.event:
        facts.append(("event.title", found.event.title))
        if found.event.date:
            facts.append(("event.date", found.event.date.isoformat()))
    facts += [("countries", c) for c in found.countries]
    facts += [("cities", c.name) for c in found.cities]
    facts += [("people", p.name) for p in found.people]
    facts += [("practices", p.title) for p in found.practices]
    facts += [("topics", t) for t in found.topics]
    return facts


def _states(found: Extraction, field: str, value: str, passage: str, rule: str) -> bool:
    """Whether ``passage`` holds the fact: its words, or a spelling the rules read."""
    if _folded(value) in _folded(passage) or value in passage:
        return True
    if field == "people":
        # "ThandoKhumalo Dube": words the page's markup glued, split by the rules
        return _folded(value).replace(" ", "") in _folded(passage).replace(" ", "")
    if field == "event.title":
        if rule == "event.held_by_owner":
            # "seine Hauptversammlung ... des Deutschen Städtetags": the meeting and its
            # owner's genitive, each stated in the passage
            return all(_folded(w) in _folded(passage) for w in value.split())
        # a title from the page's address: its words hyphenated in the slug
        return rule == "event.address_slug" and _folded(value) in _folded(passage.replace("-", " "))
    if field == "event.date":
        day = value[5:]
        return any(f"{m.month:02d}-{m.day:02d}" == day for m in find_dates(passage))
    if field == "countries":
        if value in {n for _, _, n in _PLACES.countries_in(passage)}:
            return True
        # "Tartu (EE)", "Aachen (D)", "🇵🇱 Lublin": the country stated beside a city
        return value in {h.country for h in _PLACES.cities_in(passage)}
    if field == "cities":
        if value in {h.name for h in _PLACES.cities_in(passage)}:
            return True
        # "Marburg" on a page of Hessian towns: the home namesake, by one of its names
        match = resolve.city(value)
        return match is not None and any(
            re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", passage) for n in match.names
        )
    if field == "practices":
        practice = next(p for p in found.practices if p.title == value)
        # our placeholder title ("Good practice from Kiel"): the passage names the city
        told = [practice.city, *practice.presenters]
        return any(
            x
            and (
                _folded(x) in _folded(passage) or x in {h.name for h in _PLACES.cities_in(passage)}
            )
            for x in told
        )
    if field == "topics":
        return value in {name for name, _, _ in topic_hits(passage)}
    return False


@pytest.mark.parametrize("page", [*PAGES, *DEV], ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_fact_is_stated_in_its_passage(page: Path) -> None:
    found = extract(page)
    for field, value in _printed(found):
        cited = found.passages(field, value)
        assert cited, f"{field} {value!r} has no evidence"
        for e in cited:
            assert e.rule and e.field in FIELDS
            passage = found.text[e.start : e.end]
            assert _states(found, field, value, passage, e.rule), (
                f"{field} {value!r} ({e.rule}) not in its passage {passage!r}"
            )


def test_extract_json_adds_the_text_and_the_evidence(capsys: pytest.CaptureFixture[str]) -> None:
    page = FIXTURES / "de_egov_practices.txt"
    code, out, _ = run(capsys, "extract", "--json", str(page))
    assert code == 0
    [result] = json.loads(out)
    assert result["text"] == page.read_text(encoding="utf-8").strip()
    items = result["evidence"]
    assert {i["field"] for i in items} == set(FIELDS)
    for item in items:
        assert set(item) == {"field", "value", "start", "end", "rule"}
    [tartu] = [i for i in items if i["field"] == "cities" and i["value"] == "Tartu"]
    assert result["text"][tartu["start"] : tartu["end"]] == (
        "Kaja Männik, Stadtverwaltung Tartu, Estland"
    )
    assert tartu["rule"] == "talks.speaker_line"
    assert re.fullmatch(r"[a-z]+\.[a-z_]+", tartu["rule"])
