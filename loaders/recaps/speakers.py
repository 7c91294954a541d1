"""Programme blocks: speaker lines paired with their talk titles, under section headings.

Two layouts occur: speaker first ("Name, Organisation, City, Country" then the title on
the next line, possibly once per language: "EN: ...", "AR: ..."), and title first (the
title, then the speaker line, as a two-line paragraph). A run of short lines that starts
with a speaker line is read speaker-first; a run that ends with one is read title-first.

A third layout is the agenda: one line per time slot, the kind of item, its title and its
speaker on that line ("11:00 – 11:30 Good practice: Rent guarantees | Name, City of X").
The kind says whether it is a practice, as a section heading would.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders.recaps import lexicon
from loaders.recaps.lazy import LazyPattern
from loaders.recaps.people import (
    Person,
    SpeakerLine,
    is_name,
    parse_speaker_line,
    strip_prefixes,
)
from loaders.recaps.places import Places

_LANG_PREFIX = re.compile(r"^(?P<lang>[A-Z]{2}):\s*(?P<rest>.+)$")
_TITLE_LABEL = re.compile(r"^(?:title|titel|thema|topic|vortrag|talk)\s*:\s*", re.IGNORECASE)
_PROSE_LEN = 200
# "09:30 – 10:00", "9.30-10.00 Uhr", "14:00 h", "10:00 to 10:30": a slot opening its line.
_TIME = r"(?:[01]?\d|2[0-3])[:.][0-5]\d(?:\s*(?:h|Uhr|am|pm|a\.m\.|p\.m\.))?"
_SLOT = re.compile(
    rf"^\s*{_TIME}(?:\s*(?:[-–—]|bis|to|until)\s*{_TIME})?\s*(?:[|:–—-]\s*)?(?P<rest>\S.*)$",
    re.IGNORECASE,
)
# Between an item's title and its speaker: " | ", or a dash with spaces around it.
_SLOT_SPEAKER = re.compile(r"\s+(?:\||[–—]|-)\s+(?=[^|–—]+$)")
# "Keynote: ...", "Good practice: ...", "Panel: ...": the kind of item before its title.
_SLOT_KIND = re.compile(r"^(?P<kind>[^:]{2,40}):\s+(?P<title>\S.*)$")
_SLOT_MODERATOR = re.compile(
    r"^(?:moderated|chaired|facilitated)\s+by\s+|^moderiert\s+von\s+|^moderation\s*:?\s+",
    re.IGNORECASE,
)


@dataclass
class Talk:
    """One programme item: who spoke, the talk's title, the heading it is listed under."""

    speaker: SpeakerLine
    title: str | None
    section: str | None  # the last heading that said what kind of talks follow
    line: int
    people: list[Person] = field(default_factory=list)
    rule: str = "talks.speaker_line"  # or "talks.agenda_line"


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


def _agenda_talk(line: str, index: int, places: Places) -> Talk | None:
    """The talk an agenda line holds ("10:30 – 11:00 Keynote: Title | Name, Org"), or
    ``None`` (a break, a slot without a speaker, not an agenda line)."""
    slot = _SLOT.match(line)
    if slot is None:
        return None
    return _item_talk(slot["rest"].strip(), index, places, named_alone=True)


def _listed_talk(line: str, index: int, places: Places) -> Talk | None:
    """A programme's list item: its title, a dash, then a whole speaker line ("Storm surge
    barriers – Lars Brandt, Port of Kalmar, Sweden"). Without a time slot the speaker part
    must be a speaker line of its own (a name and an affiliation), so a heading such as
    "Kiel – Tartu" is none.

    >>> talk = _listed_talk("Rain gardens – Kertu Vaher, Tartu City Government, Estonia", 0,
    ...                     Places())
    >>> talk.title, talk.speaker.city, talk.rule
    ('Rain gardens', 'Tartu', 'talks.listed_item')
    """
    if _SLOT.match(line) or "|" in line or _is_prose(line):
        return None
    talk = _item_talk(line.strip(), index, places, named_alone=False)
    if talk is not None:
        talk.rule = "talks.listed_item"
    return talk


def _item_talk(rest: str, index: int, places: Places, *, named_alone: bool) -> Talk | None:
    """An item's title, kind and speaker: "Keynote: Title | Name, Org" (``named_alone``: a
    name without affiliation counts as the speaker)."""
    split = _SLOT_SPEAKER.search(rest)
    if split is None:
        return None
    item, who = rest[: split.start()].strip(), rest[split.end() :].strip()
    moderated = _SLOT_MODERATOR.match(who)
    if moderated:
        who = who[moderated.end() :]
    speaker = parse_speaker_line(who, places)
    if speaker is None:
        name = strip_prefixes(who)
        if not named_alone or not (is_name(name) and lexicon.is_given_name(name.split()[0])):
            return None
        speaker = SpeakerLine([Person(name)], None, None, None)
    if moderated:
        for person in speaker.people:
            person.role = "moderator"
    kind = _SLOT_KIND.match(item)
    title = kind["title"].strip() if kind else item
    return Talk(speaker, title or None, kind["kind"] if kind else None, index)


# A table written as text: "City | Project | Contact", then one row per line. The header
# names who (a speaker or contact column) and what (a title, project or practice column).
_PIPE_CELLS = re.compile(r"\s*\|\s*")
_WHO_CELL = re.compile(
    r"^(?:speakers?|names?|presenters?|contacts?|contact persons?|referent\w*|redner\w*|"
    r"ansprechp\w*|kontakt\w*|wer|who)$",
    re.IGNORECASE,
)
_WHAT_CELL = LazyPattern(
    r"^(?:presentations?|titles?|titel|thema|themen|topics?|talks?|vortrag|vorträge|"
    r"projects?|projekte?|practices?|praxisbeispiel\w*|good practices?|initiatives?|"
    r"measures?|maßnahmen?)$",
    re.IGNORECASE,
)
_PRACTICE_CELL = re.compile(
    r"^(?:projects?|projekte?|practices?|praxisbeispiel\w*|"
    r"good practices?|initiatives?|measures?|maßnahmen?)$",
    re.IGNORECASE,
)


def _cells(line: str) -> list[str]:
    return [c for c in _PIPE_CELLS.split(line.strip().strip("|")) if c] if "|" in line else []


def pipe_table_talks(lines: list[str], places: Places) -> list[Talk]:
    """The talks of tables written as text lines with ``|`` between cells, whose header
    names a who and a what column: each row is a speaker line (the who, then the other
    cells: organisation, city, country) and its title; under a project or practice
    column, a practice.

    >>> rows = ["City | Project | Contact", "Kiel | Shade for bus stops | Jana Roe"]
    >>> [(t.title, t.speaker.city, t.people[0].name) for t in pipe_table_talks(rows, Places())]
    [('Shade for bus stops', 'Kiel', 'Jana Roe')]
    """
    talks: list[Talk] = []
    for i, line in enumerate(lines):
        head = _cells(line)
        who = [k for k, h in enumerate(head) if _WHO_CELL.match(h)]
        what = [k for k, h in enumerate(head) if _WHAT_CELL.match(h)]
        if len(head) < 2 or len(who) != 1 or len(what) != 1:
            continue
        section = "Good practices" if _PRACTICE_CELL.match(head[what[0]]) else head[what[0]]
        for k in range(i + 1, len(lines)):
            row = _cells(lines[k])
            if len(row) != len(head):
                break
            others = [c for j, c in enumerate(row) if j not in (who[0], what[0])]
            speaker = parse_speaker_line(", ".join([row[who[0]], *others]), places)
            if speaker is None:
                continue
            talk = Talk(speaker, row[what[0]], section, k, speaker.people, "talks.text_table")
            talks.append(talk)
    return talks


_CARD_LINE = 120


def card_talks(
    lines: list[str], places: Places, *, skip: frozenset[int] = frozenset()
) -> list[Talk]:
    """Speaker cards as a web page's blocks give them, each on its own line between blank
    lines: a name alone, then its role and organisation, then maybe the talk's title.

    >>> lines = ["Sofia Andersson", "", "Head of Traffic Planning, City of Malmö", "",
    ...          "Car-free school streets"]
    >>> [(t.people[0].name, t.speaker.city, t.title) for t in card_talks(lines, Places())]
    [('Sofia Andersson', 'Malmö', 'Car-free school streets')]
    """
    filled = [i for i, line in enumerate(lines) if line.strip() and i not in skip]
    talks = []
    for n, i in enumerate(filled[:-1]):
        name, about = lines[i].strip(), lines[filled[n + 1]].strip()
        if filled[n + 1] == i + 1 or not _name_alone(name):
            continue  # a card's lines stand apart (a two-line block is read as a run)
        if len(about) > _CARD_LINE or about.endswith(".") or "," not in about:
            continue
        title = lines[filled[n + 2]].strip() if n + 2 < len(filled) else None
        if title and lexicon.ORG_WORDS.search(title) and len(title) <= _CARD_LINE:
            about, title = f"{about}, {title}", None  # "Climate Research Institute": theirs
        if title and (_name_alone(title) or title.endswith(".") or len(title) > _CARD_LINE):
            title = None
        speaker = parse_speaker_line(f"{name}, {about}", places)
        if speaker is None or not speaker.people or speaker.people[0].name != name:
            continue
        talks.append(Talk(speaker, title, "Speakers", i, speaker.people, "talks.card"))
    return talks


def _name_alone(line: str) -> bool:
    words = strip_prefixes(line).split()
    return 2 <= len(words) <= 4 and is_name(line) and lexicon.is_given_name(words[0])


def find_talks(
    lines: list[str],
    places: Places,
    *,
    lang: str | None,
    skip: frozenset[int] = frozenset(),
) -> list[Talk]:
    """Every speaker line of the page with its title and section heading; lines in
    ``skip`` (credit lines) end a block and are never speakers."""
    runs, items = _runs_and_items(lines, places, skip)
    talks: list[Talk] = []
    section: str | None = None
    for run in runs:
        found, section = _run_talks(run, lines, places, lang=lang, section=section)
        talks += found
    tabled = pipe_table_talks(lines, places) + card_talks(lines, places, skip=skip)
    in_tables = {t.line for t in tabled}
    talks = [t for t in talks if t.line not in in_tables]
    talks = sorted([*talks, *items, *tabled], key=lambda t: t.line)
    for talk in talks:
        talk.people = talk.speaker.people
        talk.title = talk.speaker.title or talk.title
        for person in talk.people:
            person.rule = talk.rule
    return talks


def _runs_and_items(
    lines: list[str], places: Places, skip: frozenset[int]
) -> tuple[list[list[int]], list[Talk]]:
    """The runs of short lines (blocks a blank line, prose or an item ends), and the lines
    that are a programme item each (an agenda slot, a listed talk)."""
    runs: list[list[int]] = []
    current: list[int] = []
    items: list[Talk] = []
    for i, line in enumerate(lines):
        item = None
        if i not in skip:
            item = _agenda_talk(line, i, places)
            if item is not None:
                item.rule = "talks.agenda_line"
            else:
                item = _listed_talk(line, i, places)
        if item is not None:
            items.append(item)
        if item is not None or not line.strip() or _is_prose(line) or i in skip:
            if current:
                runs.append(current)
            current = []
            continue
        current.append(i)
    if current:
        runs.append(current)
    return runs, items


# A label over a list of people: "Speakers", "Referentinnen und Referenten", "Panel".
_LIST_LABEL = re.compile(
    r"^(?:speakers?|presenters?|panel(?:lists?)?|participants|referent\w*(?: und referent\w*)?|"
    r"redner\w*|sprecher\w*|mitwirkende|teilnehmende|gäste|guests)\s*:?$",
    re.IGNORECASE,
)


def _run_talks(
    run: list[int], lines: list[str], places: Places, *, lang: str | None, section: str | None
) -> tuple[list[Talk], str | None]:
    """The talks of one run of short lines, read speaker-first or title-first, and the
    section heading in force after it."""
    if len(run) > 1 and _LIST_LABEL.match(lines[run[0]].strip()):
        # "Speakers" above the speaker lines: their heading, never the first one's title
        section = lines[run[0]].strip()
        run = run[1:]
    parsed = {i: parse_speaker_line(lines[i], places) for i in run}
    found = {i: line for i, line in parsed.items() if line is not None}
    speakers = list(found)
    if not speakers:
        if len(run) == 1 and len(lines[run[0]]) <= 100:
            section = _heading_kind(lines[run[0]]) or section
        return [], section
    talks: list[Talk] = []
    if parsed[run[0]] is None and parsed[run[-1]] is not None:  # title first
        previous = run[0] - 1
        for i in speakers:
            before = [lines[k] for k in run if previous < k < i]
            # Lines before the nearest one are headings ("Präsentationen").
            for heading in before[:-1]:
                section = _heading_kind(heading) or section
            talks.append(Talk(found[i], _pick_title(before[-1:], lang), section, i))
            previous = i
        return talks, section
    for k in run:
        if k >= speakers[0]:
            break
        section = _heading_kind(lines[k]) or section
    for n, i in enumerate(speakers):
        stop = speakers[n + 1] if n + 1 < len(speakers) else run[-1] + 1
        title_lines = [lines[k] for k in run if i < k < stop]
        talks.append(Talk(found[i], _pick_title(title_lines, lang), section, i))
    return talks, section
