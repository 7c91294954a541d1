"""Programme blocks: speaker lines paired with their talk titles, under section headings.

Two layouts occur: speaker first ("Name, Organisation, City, Country" then the title on
the next line, possibly once per language: "EN: ...", "AR: ..."), and title first (the
title, then the speaker line, as a two-line paragraph). A run of short lines that starts
with a speaker line is read speaker-first; a run that ends with one is read title-first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders.recaps import lexicon
from loaders.recaps.people import Person, SpeakerLine, parse_speaker_line
from loaders.recaps.places import Places

_LANG_PREFIX = re.compile(r"^(?P<lang>[A-Z]{2}):\s*(?P<rest>.+)$")
_TITLE_LABEL = re.compile(r"^(?:title|titel|thema|topic|vortrag|talk)\s*:\s*", re.IGNORECASE)
_PROSE_LEN = 200


@dataclass
class Talk:
    """One programme item: who spoke, the talk's title, the heading it is listed under."""

    speaker: SpeakerLine
    title: str | None
    section: str | None  # the last heading that said what kind of talks follow
    line: int
    people: list[Person] = field(default_factory=list)


def _is_prose(line: str) -> bool:
    return len(line) > _PROSE_LEN or (len(line) > 100 and line.rstrip().endswith("."))


def _pick_title(lines: list[str], lang: str | None) -> str | None:
    """The title among a talk's title lines: the one in the page's language, else English,
    else the first."""
    tagged: dict[str, str] = {}
    plain: list[str] = []
    for line in lines:
        m = _LANG_PREFIX.match(line)
        if m:
            tagged.setdefault(m["lang"].lower(), m["rest"].strip())
        else:
            plain.append(_TITLE_LABEL.sub("", line).strip())
    for choice in (
        plain[0] if plain else None,
        tagged.get(lang or ""),
        tagged.get("en"),
        next(iter(tagged.values()), None),
    ):
        if choice:
            return choice
    return None


def _heading_kind(line: str) -> str | None:
    if lexicon.PRACTICE_SECTION.search(line):
        return line
    if lexicon.NON_PRACTICE_SECTION.search(line):
        return line
    return None


def find_talks(
    lines: list[str],
    places: Places,
    *,
    lang: str | None,
    skip: frozenset[int] = frozenset(),
) -> list[Talk]:
    """Every speaker line of the page with its title and section heading; lines in
    ``skip`` (credit lines) end a block and are never speakers."""
    talks: list[Talk] = []
    section: str | None = None
    runs: list[list[int]] = []
    current: list[int] = []
    for i, line in enumerate(lines):
        if not line.strip() or _is_prose(line) or i in skip:
            if current:
                runs.append(current)
            current = []
            continue
        current.append(i)
    if current:
        runs.append(current)

    for run in runs:
        parsed = {i: parse_speaker_line(lines[i], places) for i in run}
        found = {i: line for i, line in parsed.items() if line is not None}
        speakers = list(found)
        if not speakers:
            if len(run) == 1 and len(lines[run[0]]) <= 100:
                section = _heading_kind(lines[run[0]]) or section
            continue
        title_first = parsed[run[0]] is None and parsed[run[-1]] is not None
        if title_first:
            previous = run[0] - 1
            for i in speakers:
                before = [lines[k] for k in run if previous < k < i]
                # Lines before the nearest one are headings ("Präsentationen").
                for heading in before[:-1]:
                    section = _heading_kind(heading) or section
                talks.append(Talk(found[i], _pick_title(before[-1:], lang), section, i))
                previous = i
            continue
        for k in run:
            if k >= speakers[0]:
                break
            section = _heading_kind(lines[k]) or section
        for n, i in enumerate(speakers):
            stop = speakers[n + 1] if n + 1 < len(speakers) else run[-1] + 1
            title_lines = [lines[k] for k in run if i < k < stop]
            talks.append(Talk(found[i], _pick_title(title_lines, lang), section, i))
    for talk in talks:
        talk.people = talk.speaker.people
        talk.title = talk.speaker.title or talk.title
    return talks
