"""Measure the recap loader against hand annotations: precision, recall and F1 per field.

For each recap ``NN.txt`` (or ``.html``/``.htm``) with an ``NN.json`` annotation beside
it (the extraction contract's shape), the loader's extraction is compared field by field:

- countries and cities by canonical identity (both sides resolved, so "Czechia" equals
  "Czech Republic" and "Bogota" equals "Bogotá"); an annotation's ``name_in_text`` counts
  as another spelling of the same entry;
- people by normalised name (case, accents, spacing, honorifics); annotated photo credits
  (role ``photographer``) are not people and are left out;
- practices by normalised title, or, where the annotation says ``title_literal: false``
  (the page gives no title), by city or by a shared presenter.

Scoring counts what a load adds to the graph: a page whose extraction finds no event
loads nothing, so it predicts nothing (every annotated fact of it is missed; the page is
counted as *lost*). Event dates are compared exactly over the pages whose annotation gives
one; a date found where the annotation has ``null`` is *invented*. Event titles are
compared after folding (case, accents, punctuation), over the pages whose annotation
gives one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from graph.core.errors import LoadError
from graph.ingest import resolve
from graph.ingest.resolve_text import fold_words as fold

if TYPE_CHECKING:
    from loaders.recaps.extraction import Extraction, PracticeRef

T = TypeVar("T")

FIELDS = ("countries", "cities", "people", "practices")
RECAP_SUFFIXES = (".txt", ".html", ".htm")
_HONORIFIC = re.compile(
    r"^(?:(?:prof|dr|dra|drs|mr|mrs|ms|eng|ing|herr|herrn|frau|sr|sra)\.?\s+)+", re.IGNORECASE
)


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Score) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class PageResult:
    """One page's comparison: scores per field, the misses, and the date check."""

    page: str
    scores: dict[str, Score] = field(default_factory=dict)
    missed: dict[str, list[str]] = field(default_factory=dict)  # annotated, not extracted
    extra: dict[str, list[str]] = field(default_factory=dict)  # extracted, not annotated
    # The rule behind each wrong find, and the rule that turned down a missed candidate.
    why: dict[str, dict[str, str]] = field(default_factory=dict)
    date_expected: str | None = None
    date_found: str | None = None
    date_annotated: bool = False  # the annotation has an event whose date it states or nulls
    title_expected: str | None = None
    title_found: str | None = None
    lost: bool = False  # annotated as an event, but the load adds nothing
    date_rule: str | None = None  # the rule that chose the date found

    @property
    def date_ok(self) -> bool | None:
        if self.date_expected is None:
            return None
        return self.date_expected == self.date_found

    @property
    def date_invented(self) -> bool:
        """A date where the annotation says the page states none."""
        return self.date_annotated and self.date_expected is None and self.date_found is not None

    @property
    def title_ok(self) -> bool | None:
        if not self.title_expected:
            return None
        return fold(self.title_expected) == fold(self.title_found or "")


@dataclass
class Evaluation:
    pages: list[PageResult]

    def total(self, name: str) -> Score:
        score = Score()
        for page in self.pages:
            score.add(page.scores[name])
        return score

    @property
    def micro(self) -> Score:
        score = Score()
        for name in FIELDS:
            score.add(self.total(name))
        return score

    @property
    def dates(self) -> tuple[int, int]:
        checked = [p.date_ok for p in self.pages if p.date_ok is not None]
        return sum(checked), len(checked)

    @property
    def invented_dates(self) -> tuple[int, int]:
        """Dates found on pages whose annotation states none, of such pages."""
        undated = [p for p in self.pages if p.date_annotated and p.date_expected is None]
        return sum(p.date_invented for p in undated), len(undated)

    @property
    def titles(self) -> tuple[int, int]:
        checked = [p.title_ok for p in self.pages if p.title_ok is not None]
        return sum(checked), len(checked)

    @property
    def lost(self) -> list[str]:
        return [p.page for p in self.pages if p.lost]

    def as_dict(self) -> dict[str, Any]:
        right, annotated = self.dates
        invented, undated = self.invented_dates
        titles_right, titled = self.titles
        return {
            "fields": {name: self.total(name).as_dict() for name in FIELDS},
            "micro": self.micro.as_dict(),
            "dates": {"right": right, "annotated": annotated},
            "invented_dates": {"invented": invented, "undated": undated},
            "titles": {"right": titles_right, "annotated": titled},
            "lost_pages": self.lost,
            "pages": [
                {
                    "page": p.page,
                    "date_expected": p.date_expected,
                    "date_found": p.date_found,
                    "title_expected": p.title_expected,
                    "title_found": p.title_found,
                    "lost": p.lost,
                    "missed": p.missed,
                    "extra": p.extra,
                    "why": p.why,
                    "scores": {n: s.as_dict() for n, s in p.scores.items()},
                }
                for p in self.pages
            ],
        }


def person_key(name: str) -> str:
    return fold(_HONORIFIC.sub("", name.strip()))


def country_key(name: str) -> str:
    match = resolve.country(name)
    return match.code if match else fold(name)


def city_key(name: str, country: str | None = None) -> str:
    found = resolve.country(country) if country else None
    code = found.code if found else None
    match = resolve.city(name, country_code=code)
    return f"{match.country_code}:{match.geonameid}" if match else fold(name)


def _match(
    expected: list[Any],
    found: list[Any],
    same: Callable[[Any, Any], bool],
) -> tuple[Score, list[Any], list[Any]]:
    """One-to-one greedy matching; returns the score and the unmatched on both sides."""
    left = list(found)
    missed = []
    tp = 0
    for item in expected:
        hit = next((f for f in left if same(item, f)), None)
        if hit is None:
            missed.append(item)
        else:
            left.remove(hit)
            tp += 1
    return Score(tp=tp, fp=len(left), fn=len(missed)), missed, left


def _keys(entry: dict[str, Any] | str, key: Callable[..., str]) -> set[str]:
    """An annotated entry's keys: its name and the spelling on the page."""
    if isinstance(entry, str):
        return {key(entry)}
    names = [entry.get("name"), entry.get("name_in_text")]
    return {key(n, entry.get("country")) if key is city_key else key(n) for n in names if n}


def _practice_same(expected: dict[str, Any], found: PracticeRef) -> bool:
    if expected.get("title_literal", True):
        return fold(expected.get("title") or "") == fold(found.title)
    if (
        expected.get("city")
        and found.city
        and city_key(expected["city"], expected.get("country"))
        == city_key(found.city, found.country)
    ):
        return True
    annotated = {person_key(n) for n in (expected.get("presenter") or "").split(";") if n.strip()}
    return bool(annotated & {person_key(n) for n in found.presenters})


def compare(expected: dict[str, Any], found: Extraction, *, page: str) -> PageResult:
    """Compare one annotation (the JSON object, as written by hand) with what loading the
    extraction adds: nothing at all when it found no event."""
    result = PageResult(page=page)
    event = expected.get("event") or {}
    result.date_expected = event.get("date")
    result.date_annotated = "date" in event
    result.title_expected = event.get("title")
    if found.event is None:
        result.lost = bool(expected.get("event"))
        found = replace(found, countries=(), cities=(), people=(), practices=(), topics=())
    result.date_found = found.event.date.isoformat() if found.event and found.event.date else None
    result.title_found = found.event.title if found.event else None
    if result.date_found:
        chosen = found.passages("event.date", result.date_found)
        result.date_rule = chosen[0].rule if chosen else None

    def run(
        name: str,
        exp: list[Any],
        got: list[T],
        same: Callable[[Any, T], bool],
        show: Callable[[T], str],
        annotated_show: Callable[[Any], str] = lambda e: e if isinstance(e, str) else e["name"],
    ) -> None:
        score, missed, extra = _match(exp, got, same)
        result.scores[name] = score
        result.missed[name] = [annotated_show(m) for m in missed]
        result.extra[name] = [show(e) for e in extra]

    run(
        "countries",
        expected.get("countries", []),
        list(found.countries),
        lambda e, f: bool(_keys(e, country_key) & {country_key(f)}),
        str,
    )
    run(
        "cities",
        expected.get("cities", []),
        list(found.cities),
        lambda e, f: bool(_keys(e, city_key) & {city_key(f.name, f.country)}),
        lambda c: c.name,
    )
    people = [p for p in expected.get("people", []) if p.get("role") != "photographer"]
    run(
        "people",
        people,
        list(found.people),
        lambda e, f: bool(_keys(e, person_key) & {person_key(f.name)}),
        lambda p: p.name,
    )
    run(
        "practices",
        expected.get("practices", []),
        list(found.practices),
        _practice_same,
        lambda p: p.title,
        lambda e: e.get("title") or f"({e.get('city')})",
    )
    for name in FIELDS:
        why = result.why.setdefault(name, {})
        for value in result.extra.get(name, []):
            rules = [e.rule for e in found.passages(name, value)]
            if rules:
                why[value] = rules[0]
        for value in result.missed.get(name, []):
            rejected = _rejection(found, name, value)
            if rejected:
                why[value] = f"rejected by {rejected}"
    return result


_KEYS: dict[str, Callable[[str], str]] = {
    "countries": country_key,
    "cities": city_key,
    "people": person_key,
    "practices": fold,
}


def _rejection(found: Extraction, field_name: str, value: str) -> str | None:
    """The rule that turned down a candidate that is the missed ``value``."""
    key = _KEYS[field_name]
    wanted = key(value.strip("()"))
    for rejected in found.rejected:
        if rejected.field == field_name and key(rejected.value) == wanted:
            return rejected.rule
    return None


def annotated_pages(folder: Path) -> list[tuple[Path, Path]]:
    """(recap, annotation) pairs in ``folder``: each ``NN.json`` with a recap beside it."""
    pairs = []
    for annotation in sorted(folder.glob("*.json")):
        for suffix in RECAP_SUFFIXES:
            recap = annotation.with_suffix(suffix)
            if recap.exists():
                pairs.append((recap, annotation))
                break
    return pairs


def evaluate(
    folder: Path,
    *,
    extract: Callable[[Path], Extraction] | None = None,
    pages: Iterable[tuple[Path, Path]] | None = None,
) -> Evaluation:
    """Evaluate ``extract`` (the recap loader's by default) on every annotated page.

    Raises:
        LoadError: the folder holds no annotated page, or an annotation is not valid JSON.
    """
    if extract is None:
        from loaders.recaps import extract as recap_extract

        extract = recap_extract
    pairs = list(pages if pages is not None else annotated_pages(folder))
    if not pairs:
        raise LoadError(folder, "no annotated recaps here (NN.txt with NN.json beside it)")
    results = []
    for recap, annotation in pairs:
        try:
            expected = json.loads(annotation.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise LoadError(annotation, f"cannot read the annotation: {e}") from e
        if not isinstance(expected, dict):
            raise LoadError(annotation, "an annotation must be one JSON object")
        results.append(compare(expected, extract(recap), page=recap.name))
    return Evaluation(results)
