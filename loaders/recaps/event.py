"""The event a recap describes: title, format, venue, participant count, stated counts."""

from __future__ import annotations

import re

from loaders.recaps import lexicon
from loaders.recaps.dates import about_later, before_a_year
from loaders.recaps.lazy import LazyPattern
from loaders.recaps.places import CityHit
from loaders.recaps.spans import between, sorted_by

_NAV_LINES = LazyPattern(
    r"^(?:rückblicke?|aktuelles|news|neuigkeiten|veranstaltungen|events?|home|startseite|"
    r"menu|menü|programm|programme?|agenda|top|blog|presse|press|pressemitteilung|"
    r"pressemeldung|presseinformation|medieninformation|press release|media release|"
    r"praxisbeispiel|good practice|best practice|gute praxis|case study|fallbeispiel)$",
    re.IGNORECASE,
)
_DATE_LINE = re.compile(
    r"^(?:(?:posted|published|veröffentlicht|stand|datum|date)\b.*|[\d./\- ]+)$", re.IGNORECASE
)
_QUOTED_TOPIC = LazyPattern(
    r"(?:thema|titel|motto|topic|title[d]?|entitled|unter dem titel|on the topic)\s*:?\s*"
    r"[\"„“”«»‚‘'](?P<title>[^\"„“”«»‚‘'\n]{4,160})[\"“”«»‘’']",
    re.IGNORECASE,
)

# "the Dialogue Event on Strategies for a Digital City, in Nuremberg"
_EVENT_ON = LazyPattern(
    r"\b(?:[Ee]vent|[Ww]orkshop|[Ee]xchange|[Cc]onference|[Ss]eminar|[Ww]ebinar|[Dd]ialogue|"
    r"[Ff]orum|Veranstaltung|Fachaustausch|Konferenz|Dialogveranstaltung|Tagung)\s+"
    r"(?:on|about|zum Thema|zu|über)\s+(?P<title>[A-ZÄÖÜ][^,.;\n]{7,140}?)"
    r"(?=[,.;]\s|\s+(?:am|on|from|vom)\s+\d)"
)
_HYBRID = re.compile(r"\bhybrid\w*", re.IGNORECASE)
_VIRTUAL = re.compile(
    r"\b(?:virtuell\w*|virtual\w*|web-?seminar\w*|webinar\w*|online(?![-\w])|online-(?:veranstaltung|konferenz|seminar|workshop|format|austausch|"
    r"event|meeting|session|dialog|treffen|forum|sitzung|tagung)\w*|"
    r"video-?konferenz\w*|videoconference\w*|zoom|digital(?:e[nr]?)? (?:veranstaltung\w*|"
    r"austausch\w*|konferenz\w*|event|conference|exchange|format))\b",
    re.IGNORECASE,
)
_IN_PERSON = re.compile(
    r"\b(?:in präsenz|präsenzveranstaltung\w*|vor ort|in[- ]person|face[- ]to[- ]face)\b",
    re.IGNORECASE,
)
# Words that say where the event itself happened.
_VENUE_CUE = re.compile(
    r"\b(?:stattfand|stattfinden|fand\b.{0,80}\bstatt|findet\b.{0,80}\bstatt|took place|"
    r"takes place|was held|were held|held in|hosted|gastgeber\w*|tagte|trafen sich|met in|"
    r"kamen\b.{0,80}\bzusammen|came together|gathered|\w*workshops?|campus|\w*konferenz|"
    r"conference|\w*veranstaltung(?:en)?|dialogue event|event|\w*austausch(?:es)?|exchange|"
    r"\w*treffen|meeting|\w*forum|\w*seminar|\w*tagung|fachtag\w*|luden|invited|eingeladen|"
    r"diskutierten|debattierten|berieten|discussed|debated|visit|visits|peer review|study tour)\b",
    re.IGNORECASE,
)
_IN_BEFORE = re.compile(
    r"\b(?:in|im|ins|at|auf)\s+(?:(?:der|the)\s+)?"
    # "im Bürgerhaus der Gemeinde X", "in the town hall of X": the town's hall
    r"(?:(?:[\w-]+\s+)?(?:town hall|city hall|Rathaus|Bürgerhaus|Stadthalle|Gemeindehaus|"
    r"Kulturhaus|Bürgersaal|Ratssaal|council chamber)\s+"
    # "im Bürgerhaus des Ortsteils Niederweimar der Gemeinde X": the hall of a village of X
    r"(?:des\s+(?:Ortsteils|Ortsteiles|Stadtteils|Stadtteiles|Stadtbezirks)\s+[A-ZÄÖÜ][\w-]+\s+)?"
    r"(?:(?:of|der|des|von)\s+(?:the\s+)?)?)?"
    r"(?:(?:Hansestadt|Stadt|city of|City of|Landeshauptstadt|Gemeinde|Municipality of)\s+)?$"
)

_NUMBER_WORDS = {
    w: n
    for n, words in enumerate(
        [
            (),
            ("ein", "eine", "one"),
            ("zwei", "two"),
            ("drei", "three"),
            ("vier", "four"),
            ("fünf", "five"),
            ("sechs", "six"),
            ("sieben", "seven"),
            ("acht", "eight"),
            ("neun", "nine"),
            ("zehn", "ten"),
            ("elf", "eleven"),
            ("zwölf", "twelve"),
            ("dreizehn", "thirteen"),
            ("vierzehn", "fourteen"),
            ("fünfzehn", "fifteen"),
            ("sechzehn", "sixteen"),
            ("siebzehn", "seventeen"),
            ("achtzehn", "eighteen"),
            ("neunzehn", "nineteen"),
            ("zwanzig", "twenty"),
        ]
    )
    for w in words
}
_NUMBER = r"(?:\d{1,5}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + ")"
_COUNTRY_COUNT = re.compile(
    rf"\b(?P<n>{_NUMBER})\s+(?:(?:verschiedenen|different|teilnehmenden|participating)\s+)?"
    r"(?:ländern|länder|staaten|countries|nations)\b",
    re.IGNORECASE,
)
_PEOPLE_NOUN = (
    r"(?:teilnehmer\w*|teilnehmende\w*|vertreter\w*|fachleute|expert\w*|personen|menschen|"
    r"gäste|participants?|representatives?|attendees?|delegates?|people|persons|guests|"
    r"practitioners?|praktiker\w*|akteur\w*)"
)
_PEOPLE_COUNT = re.compile(
    rf"(?<![\d.,])\b(?P<n>{_NUMBER})\s+(?:[^\W\d]+\s+){{0,2}}?{_PEOPLE_NOUN}\b",
    re.IGNORECASE,
)
# "7 German and 26 Jordan representatives": the first number shares the second's noun.
_SHARED_COUNT = re.compile(
    rf"(?<![\d.,])\b(?P<n>{_NUMBER})\s+(?:[^\W\d]+\s+){{0,2}}?(?:and|und|sowie|plus)\s+"
    rf"(?={_NUMBER}\s+(?:[^\W\d]+\s+){{0,3}}?{_PEOPLE_NOUN}\b)",
    re.IGNORECASE,
)
_PARTIAL_LIST = re.compile(
    r"\b(?:darunter|unter anderem|u\.\s?a\.|including|among them|among others|such as|"
    r"z\.\s?b\.|e\.\s?g\.|beispielsweise|for example)",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ\"„“])|\n+")


_DOTTED_TITLES = frozenset(
    w for p in lexicon.PREFIXES for w in p.split() if w.endswith(".") and len(w) > 2
)


def sentences(text: str) -> list[tuple[int, str]]:
    """Sentences with their offsets (a rough split: line breaks, and ". " before a capital
    that does not follow a title abbreviation such as "Dr.")."""
    out: list[tuple[int, str]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.group().strip() == "" and "\n" not in m.group():
            # Only the last word matters: look at a few characters before the break, never
            # the whole piece (a run of "Dr. Dr. ..." never ends a sentence).
            window = text[max(start, m.start() - 12) : m.start()].split()
            tail = window[-1] if window else ""
            # "Dr. Name", "am 6. Oktober": a title or an ordinal, not a sentence's end.
            if (
                re.fullmatch(
                    r"(?:Dr|Dra|Mr|Mrs|Ms|Prof|Eng|Ing|St|Nr|ca|bzw|z\.B|u\.a|Hr|Fr|"
                    r"\d{1,2})\.",
                    tail,
                )
                or tail in _DOTTED_TITLES  # "Dipl.-Ing.", "Mgr.", "Dott.ssa" (not "M.")
            ):
                continue
        piece = text[start : m.start()]
        if piece.strip():
            out.append((start, piece))
        start = m.end()
    if text[start:].strip():
        out.append((start, text[start:]))
    return out


def number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word.lower()]


def _is_section_label(heading: list[str], k: int) -> bool:
    """A short line right above the publication date, with a longer line after the date:
    the site's section ("Reviews", "Rückblicke") over LABEL / DATE / HEADING."""
    line = heading[k]
    return (
        k + 2 < len(heading)
        and len(line.split()) <= 3
        and len(line) <= 30
        and not line.endswith((".", ":"))
        and _DATE_LINE.match(heading[k + 1]) is not None
        and len(heading[k + 2]) > len(line)
    )


def title(lines: list[str], text: str, *, html_title: str | None) -> str | None:
    """The event's title: the page's heading, else a quoted topic, else the first sentence."""
    if html_title:
        # "Title | Site": the site's name goes; a dash may belong to the title itself.
        cleaned = re.split(r"\s+[|·]\s+", html_title.strip())[0].strip()
        if cleaned:
            return cleaned
    heading = [ln.strip() for ln in lines[:12] if ln.strip()][:8]
    for k, line in enumerate(heading):
        if _NAV_LINES.match(line) or _DATE_LINE.match(line) or _is_section_label(heading, k):
            continue
        if len(line) <= 160 and not line.endswith((".", ":")) and len(line.split()) >= 2:
            return line
        break
    m = _QUOTED_TOPIC.search(text[:5000]) or _EVENT_ON.search(text[:5000])
    if m:
        return m["title"].strip()
    for _, sentence in sentences(text[:2000]):
        words = sentence.split()
        if words:
            return " ".join(words[:12]) + (" …" if len(words) > 12 else "")
    return None


def event_format(text: str, *, venue: str | None) -> str | None:
    """virtual | in-person | hybrid from the page's cues, ``None`` when it gives none."""
    virtual = _VIRTUAL.search(text) is not None
    in_person = _IN_PERSON.search(text) is not None
    if _HYBRID.search(text) or (virtual and in_person and venue is not None):
        return "hybrid"
    if venue is not None or in_person:
        return "in-person"
    if virtual:
        return "virtual"
    return None


def venue_cue_before(text: str, hit: CityHit) -> bool:
    """Whether the words before a town set a meeting there ("in Riga", "im Bürgerhaus der
    Gemeinde Biebertal", "in der Stadthalle Görlitz").

    >>> venue_cue_before("in der Stadthalle Görlitz", CityHit("Görlitz", None, 18, 25))
    True
    >>> t = "im Bürgerhaus des Ortsteils Roth der Gemeinde Lahntal"
    >>> venue_cue_before(t, CityHit("Lahntal", None, 46, 53))
    True
    """
    return _IN_BEFORE.search(text[max(0, hit.start - 60) : hit.start]) is not None


def venue(text: str, cities: list[CityHit]) -> CityHit | None:
    """The city the event took place in: a city after "in"/"at" in a sentence that says
    the event happened there (and is not about an online session, nor one still to come).

    >>> t = "Die Mitglieder trafen sich in Kassel. Das nächste Treffen findet in Erfurt statt."
    >>> venue(t, [CityHit("Kassel", None, 30, 36)]).name
    'Kassel'
    >>> venue(t, [CityHit("Erfurt", None, 68, 74)]) is None
    True
    """
    found = venue_found(text, cities)
    return found[0] if found else None


def said_there(sentence: str) -> bool:
    """A sentence that says a meeting took place ("trafen sich in Kassel", "was held in").

    >>> said_there("The meeting was held in Riga."), said_there("Riga is large.")
    (True, False)
    """
    return _VENUE_CUE.search(sentence) is not None


def held_there(sentence: str) -> bool:
    """A German separable verb around a meeting noun ("hielt der Städtetag seine
    Hauptversammlung in Köln ab", "richtete die Stadt das Netzwerktreffen aus").

    >>> held_there("Im Mai hielt der Städtebund seine Generalversammlung in Dornbirn ab.")
    True
    """
    return lexicon.held_meeting(sentence) is not None


# What makes a sentence set the event in a town it names after "in", in order.
VENUE_CUES = (("event.venue", said_there), ("event.held_there", held_there))


def venue_found(text: str, cities: list[CityHit]) -> tuple[CityHit, str] | None:
    """The venue's town and the rule that found it (``venue``)."""
    labelled = next((h for h in cities if _labelled_venue(text, h)), None)
    if labelled is not None:
        return labelled, "event.venue_label"
    cities, starts = sorted_by(cities, lambda c: c.start)
    for start, sentence in sentences(text):
        here = between(cities, starts, start, start + len(sentence))
        if not here or _VIRTUAL.search(sentence):
            continue
        rule = next((name for name, cue in VENUE_CUES if cue(sentence)), None)
        if rule is None:
            continue
        for hit in here:
            # "Das nächste Treffen findet in Erfurt statt": another event's town
            if venue_cue_before(text, hit) and not about_later(text, hit.start):
                return hit, rule
    return None


_VENUE_LABEL = re.compile(
    r"(?:venue|location|where|place|host|ort|veranstaltungsort|tagungsort|wo|gastgeber\w*)"
    r"[ \t]*:?[ \t]*",
    re.IGNORECASE,
)


def _labelled_venue(text: str, hit: CityHit) -> bool:
    """A town on a venue label's line or right under it ("Venue" / "Kraków, Poland",
    "Wo: Neues Rathaus Leipzig").

    >>> _labelled_venue("Venue\\nKraków, Poland", CityHit("Kraków", "Poland", 6, 12))
    True
    """
    line_start = text.rfind("\n", 0, hit.start) + 1
    label = _VENUE_LABEL.match(text, line_start)
    if label is not None and ":" in label.group() and label.end() <= hit.start:
        return True
    if text[line_start : hit.start].strip() or line_start == 0:
        return False
    before = text[max(0, line_start - 80) : line_start].rstrip()
    above = before[before.rfind("\n") + 1 :]  # the line above, past blank lines
    label = _VENUE_LABEL.fullmatch(above)
    return label is not None


def _year_of_a_date(sentence: str, m: re.Match[str]) -> bool:
    """A count that is the year closing a date: "Am 12. März 2025 trafen sich Fachleute"
    counts no one (the two words a count may have before its noun are its verb here).

    >>> s = "Am 12. März 2025 trafen sich Fachleute aus Kommunen"
    >>> _year_of_a_date(s, _PEOPLE_COUNT.search(s))
    True
    >>> s = "Rund 2025 Fachleute kamen"
    >>> _year_of_a_date(s, _PEOPLE_COUNT.search(s))
    False
    """
    return bool(re.fullmatch(r"(?:19|20)\d\d", m["n"])) and before_a_year(sentence[: m.start()])


def participants(text: str) -> int | None:
    """The number of participants: the counts of people in the first sentence that gives
    any, added up ("40 Vertreter und 10 Fachleute" -> 50)."""
    for _, sentence in sentences(text):
        counts = [
            number(m["n"])
            for m in _PEOPLE_COUNT.finditer(sentence)
            if not _year_of_a_date(sentence, m)
        ]
        counts += [number(m["n"]) for m in _SHARED_COUNT.finditer(sentence)]
        counts = [c for c in counts if 1 < c < 100_000]
        if counts:
            return sum(counts)
    return None


def country_count_warnings(text: str, countries_at: list[tuple[int, int, str]]) -> list[str]:
    """A stated number of countries that disagrees with the countries listed beside it."""
    warnings = []
    countries_at, starts = sorted_by(countries_at, lambda c: c[0])
    for start, sentence in sentences(text):
        end = start + len(sentence)
        if _PARTIAL_LIST.search(sentence):
            continue  # "from 15 countries, among them ...": the list is not meant whole
        for m in _COUNTRY_COUNT.finditer(sentence):
            listed = {name for _, _, name in between(countries_at, starts, start, end)}
            stated = number(m["n"])
            if len(listed) >= 2 and stated != len(listed):
                warnings.append(f"text says {stated} countries, {len(listed)} are listed")
    return warnings
