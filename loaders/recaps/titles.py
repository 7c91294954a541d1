"""The event's title: its name, else the page's own heading, never the site around it.

Pages open with chrome before their heading: the site's or newspaper's name ("Oberland-
Kurier", "City Council News"), a section or breadcrumb ("Lokales | Kiel"), a news-wire
line ("News release | Distributed by ..."), "Newsletter", an issue line, a date or a
byline ("Von Anna Roe", "12.05.2022, 14:35 Uhr"), a calendar widget. The rules below
skip those, in order, and take the first line that is a heading; when the page has none
(its text starts with a sentence), the title comes from the page's address, an event
named in its text, a quoted topic, else a short description ("Meeting in Riga"): never a
cut sentence.

Each rule is a small function registered in ``TITLE_RULES``, tried in order; the first
that finds a title wins, and its name is the title's rule in the page's evidence.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from loaders.recaps import lexicon
from loaders.recaps.dates import find_dates
from loaders.recaps.lazy import LazyPattern


@dataclass(frozen=True)
class Found:
    """A title and the characters of the text that state it (``end == start``: the page's
    address or its HTML title, outside the text)."""

    title: str
    start: int
    end: int


@dataclass(frozen=True)
class TitleInput:
    text: str  # the text the rules read (a saved page's header lines blanked)
    html_title: str | None
    url: str | None
    url_span: tuple[int, int]  # where the address stands in the text (its header line)
    venue: str | None


# Navigation, section and document labels: a line of them alone is no heading.
_NAV_LINES = re.compile(
    r"^(?:rückblicke?|aktuelles|aktuelle meldungen|news|neuigkeiten|veranstaltungen|events?|"
    r"home|startseite|menu|menü|programm|programme?|agenda|top|blog|presse|press|"
    r"pressemitteilung(?:en)?|pressemeldung|presseinformation|medieninformation|"
    r"press releases?|news releases?|media releases?|newsletter|newsroom|"
    r"inhaltsverzeichnis|inhalt|contents|table of contents|"
    r"events? calendar|calendar|kalender|veranstaltungskalender|termine|"
    r"lokales|regionales|local news|share|teilen|drucken|print|suche|search|"
    r"praxisbeispiel|good practice|best practice|gute praxis|case study|fallbeispiel)"
    r"\s*:?$"
    # "Pressemitteilung der Stadt Münster", "News from the City of Kiel": whose page it is
    r"|^(?:pressemitteilung(?:en)?|pressemeldung|presseinformation|press releases?|news|"
    r"nachrichten|neuigkeiten|aktuelles)\s+(?:der|des|aus|from|of)\s+(?:the\s+)?"
    r"(?:stadt|gemeinde|city|town|municipality|landeshauptstadt|hansestadt|"
    # a county's: "Pressemitteilung des Landkreises Marburg-Biedenkopf"
    r"(?:land)?kreis(?:es)?|landratsamt(?:es)?|county|district)\b"
    # "Aktuelles aus dem Rathaus", "News from the Town Hall": a council's news section
    r"|^(?:(?:aktuelles|neues|news|nachrichten|neuigkeiten|meldungen)\s+)?(?:aus|from)\s+"
    r"(?:dem|der|the|unserer|our)\s+(?:rathaus|gemeinde|stadt|town hall|city hall|council|"
    r"stadtverwaltung|verwaltung)\s*$"
    r"|^(?:in this issue|in dieser ausgabe|skip to|zum inhalt|jump to|you are here|"
    r"for immediate release|embargoed|sperrfrist|zur sofortigen veröffentlichung|"
    r"sie sind hier)\b",
    re.IGNORECASE,
)
_LABEL_ONLY = re.compile(r"^[^:]{1,40}:\s*$")
_DATE_WORDS = re.compile(
    r"^(?:posted|published|veröffentlicht|stand|datum|date|updated|aktualisiert|erschienen|"
    r"issue|ausgabe|nr\.?|no\.?)\b",
    re.IGNORECASE,
)
# Breadcrumbs and news-wire lines: "Home > Project > News", "News | 3 May".
_SEPARATED = re.compile(r"\s[|·•>›»]\s|^[«»‹›<>]|[«»‹›]$")
_BYLINE = re.compile(
    rf"^(?i:von|by|text|autor(?:in)?|author|posted by|written by|distributed by|published by)"
    rf"[:\s]+(?:{lexicon.PREFIX_RE}\s+)?[A-ZÄÖÜ][\w'’.-]+(?:\s+[A-ZÄÖÜ][\w'’.-]+){{0,3}}"
    r"(?:\s*[,|].{0,60})?$",
)
_CUT = re.compile(r"(?:\.\.\.|…)$")
_WEEKDAY_ROW = re.compile(
    r"^(?:(?:mo|tu|we|th|fr|sa|su|di|mi|do|so|mon|tue|wed|thu|fri|sat|sun)\.?\s+){4,}"
    r"(?:mo|tu|we|th|fr|sa|su|di|mi|do|so|mon|tue|wed|thu|fri|sat|sun)\.?$",
    re.IGNORECASE,
)
_NUMBER_ROW = re.compile(r"^[\d\s.:/–—-]+$")
_QUOTED_LINE = re.compile(r"^[\"„“”«»‚‘'].*[\"“”«»‘’']$")
# The last word of a publication's or site's name: "Oberland-Kurier", "City News".
_SITE_WORD = LazyPattern(
    r"(?:news|newsroom|hub|portal|blog|magazine?|newsletter|online|kurier|zeitung|"
    r"rundschau|nachrichten|anzeiger|\w*blatt|post|times|journal|gazette|herald|presse|"
    r"aktuell|bote|echo|observer|tribune|chronicle|express|today|daily|weekly|courier|"
    r"mercury|dispatch|mediathek|pressestelle|press office|newsdesk|diary|column|kolumne|"
    r"tagebuch|corner|notebook|letters?)$",
    re.IGNORECASE,
)
# "Gemeindeblatt X – Ausgabe Juli 2023", "Newsletter – Issue 12": a publication's issue.
_ISSUE = re.compile(
    r"\b(?:ausgabe|issue|edition|nr\.|no\.|heft|jahrgang)\s+(?:\d|[A-ZÄÖÜ][a-zäöü]+\s+(?:19|20)\d\d)",
    re.IGNORECASE,
)
# What the page is, before the event's name: "Programme – Baltic Cities Summit", "Rückblick:
# Smart City Dialog", "Minutes – Environment Committee". The name is what follows.
_DOCUMENT_LABEL = re.compile(
    r"^(?:rückblick|nachlese|nachbericht|recap|review|looking back|programme?|programm|"
    r"agenda|minutes|protokoll|niederschrift|summary|zusammenfassung|press release|"
    r"pressemitteilung|pressemeldung|news|aktuelles|gallery|photo gallery|photos|fotos|"
    r"bildergalerie|impressionen|impressions)\s*(?::|\s[–—-])\s+(?=\S+\s+\S)",
    re.IGNORECASE,
)
_PAGE_OF = re.compile(r"\b(?:page|seite)\s+\d+\s+(?:of|von|/)\s+\d+\s*$", re.IGNORECASE)
_LOWER_WORD = re.compile(r"(?:^|\s)[a-zäöüß][\w'’-]*")
_PROSE_LINE = 200
_TOP_LINES = 25


def _is_chrome(line: str) -> bool:
    """A line of the site around the recap, not its heading.

    >>> [_is_chrome(x) for x in ("News release | Distributed by X", "Von Anna Roe",
    ...                          "Newsletter", "Twin towns mark 30 years",
    ...                          "Pressemitteilung des Landkreises Marburg-Biedenkopf")]
    [True, True, True, False, True]
    """
    if (
        _NAV_LINES.match(line)
        or _LABEL_ONLY.match(line)
        or _DATE_WORDS.match(line)
        or _SEPARATED.search(line)
        or _BYLINE.match(line)
        or _ISSUE.search(line)
        or _CUT.search(line)
        or _WEEKDAY_ROW.match(line)
        or _NUMBER_ROW.match(line)
        or lexicon.PHOTO_CREDIT.match(line)
        or line.startswith("©")
    ):
        return True
    if line[:1].islower():
        return True  # "skip to main content", "eClimail": a heading starts with a capital
    if _PAGE_OF.search(line):
        return True  # a printed report's running header: "EVENT REPORT   Page 1 of 2"
    # "5 November 2020", "de/3 vom 9. Juni 2015", "12.05.2022, 14:35 Uhr": a date and
    # at most two words around it; "Workshop am 3. Mai 2022" names its event.
    dates = find_dates(line)
    if not dates or lexicon.MEETING_WORDS.search(line):
        return False
    rest = line[: dates[0].start] + " " + line[dates[-1].end :]
    return len(rest.split()) <= 2


def _heading_shaped(line: str) -> bool:
    return (
        len(line) <= 160
        and not line.endswith((".", ":", ";", ","))
        and len(line.split()) >= 2
        and not _QUOTED_LINE.match(line)
    )


def _site_shaped(line: str) -> bool:
    """A publication's or a municipality's name rather than a headline: a line ending in a
    word that names a publication ("Oberland-Kurier", "Council News", "Knowledge Hub"), or
    a municipality under its title ("Stadt Würzburg", "City of Kiel")."""
    if lexicon.MEETING_WORDS.search(line):
        return False
    if _SITE_WORD.search(line.rstrip(" .")):
        return True
    title = lexicon.MUNICIPAL_TITLE_FIRST.match(line)
    return title is not None and len(line[title.end() :].split()) <= 2


_LABEL_WORDS = 3  # "Looking back", "Rückblicke", "Reviews": a section's label is short


def _is_label(top: list[tuple[int, str]], k: int) -> bool:
    """A short line right above chrome (a date, a byline) with a longer line after that:
    the site's section ("Looking back" / 03.06.2024 / heading)."""
    line = top[k][1]
    if len(line.split()) > _LABEL_WORDS or len(line) > 30 or lexicon.MEETING_WORDS.search(line):
        return False
    rest = [x for _, x in top[k + 1 :]]
    if not rest or not _is_chrome(rest[0]):
        return False
    return any(not _is_chrome(x) and len(x) > len(line) for x in rest[1:])


def _top_lines(text: str) -> list[tuple[int, str]]:
    """The lines above the first paragraph of prose, with their offsets."""
    out: list[tuple[int, str]] = []
    pos = 0
    for raw in text.split("\n"):
        start, pos = pos, pos + len(raw) + 1
        line = raw.strip()
        if not line:
            continue
        if len(line) > _PROSE_LINE or (len(line) > 100 and line.endswith(".")):
            break
        out.append((start + raw.index(line), line))
        if len(out) >= _TOP_LINES:
            break
    return out


def html_title(page: TitleInput) -> Found | None:
    """The HTML ``<title>`` without the site's part ("Title | Site") and never a label:
    "News release | Distributed by ..." gives none. Its span is the heading that repeats
    it in the text, if any."""
    if not page.html_title:
        return None
    for part in re.split(r"\s+[|·]\s+", page.html_title.strip()):
        part = part.strip()
        if part and not _is_chrome(part) and len(part.split()) >= 2:
            at = page.text.find(part)
            return Found(part, max(at, 0), at + len(part) if at >= 0 else 0)
    return None


def heading(page: TitleInput) -> Found | None:
    """The page's first heading line, past the chrome; a site's name is passed over when a
    headline follows it ("Oberland-Kurier" / "20 Jahre Partnerschaft mit Vichy").

    >>> text = "Oberland-Kurier\\nLokales | Kiel\\n20 Jahre Partnerschaft mit Vichy\\n12.05.2022"
    >>> heading(TitleInput(text, None, None, (0, 0), None)).title
    '20 Jahre Partnerschaft mit Vichy'
    """
    top = _top_lines(page.text)
    candidates = [
        (start, line)
        for k, (start, line) in enumerate(top)
        if not _is_chrome(line)
        and _heading_shaped(line)
        and not _person_line(line)
        and not _is_label(top, k)
    ]
    for k, (start, line) in enumerate(candidates):
        later = [c for _, c in candidates[k + 1 :] if not _site_shaped(c)]
        if (_site_shaped(line) or _above_the_meeting(line, later)) and later:
            continue
        return Found(line, start, start + len(line))
    return None


_SITE_LABEL_WORDS = 4


def _above_the_meeting(line: str, later: list[str]) -> bool:
    """A short line that names no meeting above a longer heading that does: the site's or
    section's name ("Our Auckland", "Aktuelles aus dem Rathaus", "HEATWISE – Interreg
    Europe") above the headline ("Sister city delegation from Guangzhou welcomed ...").

    >>> _above_the_meeting("Our Auckland", ["Sister city delegation from Guangzhou"])
    True
    >>> _above_the_meeting("Kiel and Tartu", ["Twin towns mark 30 years"])
    False
    """
    words = [w for w in line.split() if any(ch.isalnum() for ch in w)]  # not the dashes
    if len(words) > _SITE_LABEL_WORDS or lexicon.MEETING_WORDS.search(line):
        return False
    nxt = later[0] if later else ""
    # "Safe streets for children" / "Dialogue Event, 4 April 2023 in Tbilisi": a line with
    # the meeting's date or a look-back under a headline is its subtitle, not the headline.
    return (
        lexicon.MEETING_WORDS.search(nxt) is not None
        and not find_dates(nxt)
        and not _LOOKING_BACK.match(nxt)
    )


_LOOKING_BACK = re.compile(r"^(?:rückblick|looking back|a look back|review|recap)\b", re.I)


def _person_line(line: str) -> bool:
    """A caption's or a speaker list's name alone: "Dirk Hilbert"."""
    from loaders.recaps.people import is_name

    words = line.split()
    return len(words) <= 4 and is_name(line) and lexicon.is_given_name(words[0])


# The last path segment of an article's address holds its headline as a slug:
# ".../559-meeting-of-the-dissemination-team-of-the-project" or ".../recap_heat.html".
_SLUG_WORD = re.compile(r"[^\W\d_]+|\d+")


def address_slug(page: TitleInput) -> Found | None:
    """The headline an article's address spells, when the text has no heading.

    >>> address_slug(TitleInput("", None, "https://x.org/en/559-meeting-of-the-dissemination-team",
    ...                         (0, 0), None)).title
    'Meeting of the dissemination team'
    """
    if not page.url:
        return None
    path = unquote(urlsplit(page.url).path).rstrip("/")
    last = re.sub(r"\.(?:html?|php|aspx?)$", "", path.rsplit("/", 1)[-1], flags=re.I)
    parts = [p for p in re.split(r"[-_+]+", last) if p]
    while parts and parts[0].isdigit():
        parts.pop(0)  # a content id before the words
    words = [p for p in parts if _SLUG_WORD.fullmatch(p)]
    if len(words) < 3 or len(words) != len(parts) or sum(w.isalpha() for w in words) < 3:
        return None
    title = " ".join(words)
    return Found(title[0].upper() + title[1:], *page.url_span)


# An event named in the text: capitalised words closed by an event noun, maybe its
# abbreviation and year ("Urban Thinkers Campus (UTC)", "Internationale Jahreskonferenz des
# Klima-Bündnis"), or named after "the conference" ("the conference Eurocities 2020").
_EVENT_NOUN = (
    r"(?:[A-ZÄÖÜ][\w-]*)?(?:Campus|Conference|Forum|Summit|Congress|Festival|Assembly|"
    r"Week|Days|Dialogue|Academy|Expo|Fair|Workshop|Symposium|Konferenz|Kongress|Tagung|"
    r"Gipfel|Messe|Woche|Tage|Festival|Fest|Versammlung|Hauptversammlung|Forum|Dialog|"
    r"Jahreskonferenz|Jahrestagung|Fachtagung|Meeting|Session)"
)
_NAMED_EVENT = re.compile(
    rf"(?<![\w-])(?P<name>(?:\d{{1,2}}\.\s+)?(?:[A-ZÄÖÜ][\w'’&-]*\s+){{1,5}}{_EVENT_NOUN}"
    r"(?:\s+(?:of|des|der|on|for|für)\s+(?:the\s+)?(?!(?:Monday|Tuesday|Wednesday|Thursday|"
    r"Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|"
    r"October|November|December)\b)[A-ZÄÖÜ][\w'’-]*(?:\s+[A-ZÄÖÜ][\w'’-]*){0,2})?"
    r"(?:\s+\([A-Z]{2,8}\))?(?:\s+(?:19|20)\d\d)?)(?![\w-])"
    r"|\b(?:the|die|der)\s+(?:conference|konferenz|forum|summit|festival)\s+"
    r"(?P<called>[A-ZÄÖÜ][\w'’-]*(?:\s+[A-ZÄÖÜ][\w'’-]*){0,3}(?:\s+(?:19|20)\d\d)?)"
)
_COMPOUND_EVENT = re.compile(
    r"(?<![\w-])(?P<name>[A-ZÄÖÜ][a-zäöüß]+(?:versammlung|konferenz|tagung|kongress|gipfel|"
    r"treffen|forum|dialog)\s+(?:des|der)\s+[A-ZÄÖÜ][\w'’-]*(?:\s+[A-ZÄÖÜ][\w'’-]*){0,3})"
)
_ARTICLE_START = re.compile(r"^(?:The|Die|Der|Das|Den|Dem|Des|A|An|Ein|Eine|Am|Im|Beim)\s+")


def named_event(page: TitleInput) -> Found | None:
    """An event the first paragraph names (capitalised words ending in an event noun).

    >>> named_event(TitleInput("Wir waren Mitveranstalter des Urban Thinkers Campus (UTC), "
    ...                        "der in Amman stattfand.", None, None, (0, 0), None)).title
    'Urban Thinkers Campus (UTC)'
    """
    head = page.text[: page.text.find("\n\n", 200) if "\n\n" in page.text[200:] else 1500]
    compound = _COMPOUND_EVENT.search(head[:1500])
    for m in [*_NAMED_EVENT.finditer(head[:1500]), compound]:
        if m is None:
            continue
        if m.re is _COMPOUND_EVENT:
            return Found(m["name"], m.start("name"), m.end("name"))
        group = "called" if m["called"] else "name"
        name = m[group]
        trimmed = _ARTICLE_START.sub("", name)
        if len(trimmed.split()) < 2 and not m["called"]:
            continue
        start = m.start(group) + len(name) - len(trimmed)
        return Found(trimmed, start, start + len(trimmed))
    return None


_QUOTED_TOPIC = re.compile(
    r"(?:thema|titel|motto|topic|title[d]?|entitled|unter dem titel|on the topic)\s*:?\s*"
    r"[\"„“”«»‚‘'](?P<title>[^\"„“”«»‚‘'\n]{4,160})[\"“”«»‘’']",
    re.IGNORECASE,
)
# "the Dialogue Event on Strategies for a Digital City, in Nuremberg"
_EVENT_ON = re.compile(
    r"\b(?:[Ee]vent|[Ww]orkshop|[Ee]xchange|[Cc]onference|[Ss]eminar|[Ww]ebinar|[Dd]ialogue|"
    r"[Ff]orum|Veranstaltung|Fachaustausch|Konferenz|Dialogveranstaltung|Tagung)\s+"
    r"(?:on|about|zum Thema|zu|über)\s+(?P<title>[A-ZÄÖÜ][^,.;\n]{7,140}?)"
    r"(?=[,.;]\s|\s+(?:am|on|from|vom)\s+\d)"
)


def quoted_topic(page: TitleInput) -> Found | None:
    """A quoted topic ("zum Thema „Kühle Plätze“") or what an event was on ("the
    Workshop on Shade and Water in Schools, in Split")."""
    head = page.text[:5000]
    m = _QUOTED_TOPIC.search(head) or _EVENT_ON.search(head)
    if m is None:
        return None
    title = m["title"].strip()
    return Found(title, m.start("title"), m.start("title") + len(title))


def described(page: TitleInput) -> Found | None:
    """The page's own word for its event, and where it was: "Meeting in Torres Vedras"."""
    m = lexicon.MEETING_NOUN.search(page.text)
    if m is None:
        return None
    noun = m.group()
    noun = noun[0].upper() + noun[1:]
    where = f" in {page.venue}" if page.venue else ""
    return Found(noun + where, m.start(), m.end())


def named_over_headline(page: TitleInput) -> Found | None:
    r"""The event the first paragraph names, when the page's heading is a news headline
    that names no meeting ("“We need to act now”: mayors call for heat protection" /
    "Speaking at the European Heat Summit in Seville ..."): the event's name is the title.

    >>> text = ("Mayors call for shade\n\nSpeaking at the European Heat Summit in Seville, "
    ...         "mayors asked for a fund for shade.")
    >>> named_over_headline(TitleInput(text, None, None, (0, 0), None)).title
    'European Heat Summit'
    """
    found = heading(page)
    if found is None or (
        _NAMES_A_MEETING.search(found.title) and not _HOSTS_A_MEETING.search(found.title)
    ):
        return None
    rest = page.text[found.end :]
    paragraph = _first_prose(rest)
    at = found.end + rest.find(paragraph) if paragraph else found.end
    named = named_event(TitleInput(paragraph, None, None, (0, 0), None))
    if named is None or named.title.endswith("Campus"):  # "at the UN Campus": a venue
        return None
    return Found(named.title, at + named.start, at + named.end)


# A headline that says a body met names its meeting: "Executive Committee meets in Bonn".
_NAMES_A_MEETING = re.compile(
    rf"{lexicon.MEETING_WORDS.pattern}|\b(?:meets?|met|gather(?:s|ed)?|convene[sd]?|tagt|"
    r"tagte|trifft|trafen|treffen sich)\b",
    re.IGNORECASE,
)
# "Vienna hosts European forum on affordable energy": a headline about a host, whose
# meeting the text then names ("the European Forum on Energy Poverty").
_HOSTS_A_MEETING = re.compile(
    r"\b(?:hosts|hosted|welcomes|holds|opens|lädt|empfängt|richtet|veranstaltet)\b", re.I
)
_FIRST_PROSE = 80  # the first paragraph: a line of prose, not a date or a byline


def _first_prose(text: str) -> str:
    """The first paragraph of sentences: long enough, ending as a sentence ends (not a
    subtitle such as "Practitioners' Workshop, 18th to 20th May 2016 in Toluca")."""
    for p in text.split("\n\n"):
        words = p.strip()
        while words and unicodedata.category(words[-1]).startswith(("S", "Z")):
            words = words[:-1]  # an emoji after the sentence: "... vorstellen. 🙌"
        if len(words) > _LONG_PROSE or (
            len(words) > _FIRST_PROSE and words.endswith((".", "!", "?", "…"))
        ):
            return p
    return ""


_LONG_PROSE = 150  # a paragraph this long is prose even when the page cuts it off


def held_by_owner(page: TitleInput) -> Found | None:
    r"""The meeting a body held, named with its owner, when the heading is a news headline
    that names no meeting: "hielt der Deutsche Städtetag seine Hauptversammlung in Köln
    ab" -> "Hauptversammlung des Deutschen Städtetags". The owner's genitive is taken as
    the page writes it ("Präsident des Deutschen Städtetags"); a page that never writes it
    gets no title from this rule (no word form the text does not state).

    >>> text = ("STÄDTEBUND: NEUE SPITZE\n\nIm Juni hielt der Österreichische Städtebund "
    ...         "seine Generalversammlung in Dornbirn ab. Präsident des Österreichischen "
    ...         "Städtebundes bleibt X.")
    >>> held_by_owner(TitleInput(text, None, None, (0, 0), None)).title
    'Generalversammlung des Österreichischen Städtebundes'
    """
    found = heading(page)
    if found is not None and (
        _NAMES_A_MEETING.search(found.title) and not _HOSTS_A_MEETING.search(found.title)
    ):
        return None
    at = found.end if found is not None else 0
    head = page.text[at : at + _HELD_REACH]
    for m in _OWNER_AND_MEETING.finditer(head):
        opens = max(head.rfind(". ", 0, m.start()), head.rfind("\n", 0, m.start())) + 1
        held = lexicon.held_meeting(head[opens:])
        if held is None or not held[0] <= m.start("meeting") - opens < held[1]:
            continue  # the meeting is not the separable verb's ("hielt ... ab")
        if not lexicon.MEETING_NOUN.fullmatch(m["meeting"]):
            continue
        start = at + m.start("meeting")
        owner = _owner_genitive(page.text, m["owner"])
        if owner is None:
            continue
        # the passage runs from the meeting to where the page writes its owner's genitive
        end = max(start + len(m["meeting"]), owner.end())
        return Found(f"{m['meeting']} {owner.group()}", min(start, owner.start()), end)
    return None


_HELD_REACH = 2000  # the first paragraphs after the heading
# "der Deutsche Städtetag [hielt] seine Hauptversammlung": a body, its possessive, its meeting
_OWNER_AND_MEETING = LazyPattern(
    r"(?<![\w-])(?:der|die|das|Der|Die|Das)[ \t]+"
    r"(?P<owner>(?:[A-ZÄÖÜ][\w-]*[ \t]+){0,2}[A-ZÄÖÜ][\w-]*)"
    r"(?:[ \t]+[a-zäöüß]+)?[ \t]+(?:seine|ihre)[ \t]+(?P<meeting>[A-ZÄÖÜ][\w-]*)"
)


def _owner_genitive(text: str, owner: str) -> re.Match[str] | None:
    """The owner in the genitive as the page writes it: "der Deutsche Städtetag" ->
    "des Deutschen Städtetags" (a weak adjective's -e becomes -en; the noun may add -s/-es).

    >>> _owner_genitive("Präsident des Deutschen Städtetags", "Deutsche Städtetag").group()
    'des Deutschen Städtetags'
    """
    *adjectives, noun = owner.split()
    words = "".join(rf"{re.escape(a.removesuffix('e'))}en[ \t]+" for a in adjectives)
    pattern = rf"(?<![\w-])(?:des|der)[ \t]+{words}{re.escape(noun)}(?:es|s)?(?![\w-])"
    return re.search(pattern, text)


TitleRule = Callable[[TitleInput], Found | None]
TITLE_RULES: tuple[tuple[str, TitleRule], ...] = (
    ("event.html_title", html_title),
    ("event.named_over_headline", named_over_headline),
    ("event.held_by_owner", held_by_owner),
    ("event.heading", heading),
    ("event.address_slug", address_slug),
    ("event.quoted_topic", quoted_topic),
    ("event.named_event", named_event),
    ("event.described", described),
)


def without_label(found: Found) -> Found:
    """The title without a label that says what the page is ("Programme – ", "Rückblick: ").

    >>> without_label(Found("Minutes – Environment and Climate Committee", 0, 43)).title
    'Environment and Climate Committee'
    """
    found = _without_date_tail(found)
    day = _DAY_OF.search(found.title)  # "Housing First Academy, day two"
    if day is not None and day.start() > 0:
        cut = len(found.title) - day.start()
        found = Found(found.title[: day.start()], found.start, max(found.start, found.end - cut))
    m = _DOCUMENT_LABEL.match(found.title)
    if m is None:
        return found
    start = found.start + m.end() if found.end > found.start else found.start
    return Found(found.title[m.end() :], start, found.end)


_TAIL_SEPARATOR = re.compile(r"\s*(?:,|\s[–—-]|:)\s*")
_FORMAT_OR_PLACE = LazyPattern(
    r"^(?:online|virtual|virtuell|hybrid|digital|[A-ZÄÖÜ][\w'’-]+(?:\s[A-ZÄÖÜ][\w'’-]+)?)$"
)


def _without_date_tail(found: Found) -> Found:
    """The title without the date its heading ends with, nor the place or format written
    just before that date: "Workshop on low-emission zones, Milan, 14–15 March 2024" ->
    "Workshop on low-emission zones"; "Peer exchange – online, 8 May 2024" -> "Peer
    exchange". A name holding its year ("Eurocities 2020") keeps it.

    >>> _without_date_tail(Found("Peer exchange on energy – online, 8 May 2024", 0, 44)).title
    'Peer exchange on energy'
    """
    dates = find_dates(found.title)
    if not dates or found.title[dates[-1].end :].strip(" .") or dates[-1].year is None:
        return found
    head = found.title[: dates[-1].start]
    seps = list(_TAIL_SEPARATOR.finditer(head))
    if not seps or seps[-1].end() != len(head):
        return found
    cut = seps[-1].start()
    if len(seps) > 1 and _FORMAT_OR_PLACE.match(head[seps[-2].end() : cut].strip()):
        cut = seps[-2].start()  # ", Milan," / " – online,"
    title = head[:cut].strip()
    if len(title.split()) < 2:
        return found
    return Found(title, found.start, found.start + len(title) if found.end > found.start else 0)


_DAY_OF = re.compile(
    r"\s*(?:,|[–—-]|:)\s*(?:day|tag|part|teil)\s+(?:\d+|one|two|three|four|1st|2nd|3rd|"
    r"eins|zwei|drei|vier)\s*$",
    re.IGNORECASE,
)


# "Decisions of the General Assembly 2024": what the page reports of the event, then it
_REPORT_OF = re.compile(
    r"^(?:decisions|results|highlights|outcomes?|report|summary|ergebnisse|beschlüsse|"
    r"bericht)\s+(?:of|from|on|der|des|vom|von der)\s+(?:the\s+)?",
    re.IGNORECASE,
)
_YEAR_AND_PLACE = re.compile(r"\s*(?:(?:19|20)\d\d)?\s*(?:in\s+[A-ZÄÖÜ][\w-]+)?\s*")
_TRAILING_YEAR_PLACE = re.compile(
    r"(?:\s+(?:19|20)\d\d)?(?:\s+in\s+[A-ZÄÖÜ][\w-]+)?$|\s+(?:19|20)\d\d\s+in\s+[A-ZÄÖÜ][\w-]+$"
)
_ORDINAL = re.compile(r"^(?:\d{1,3}\.?\s+|(?:first|second|third|fourth|fifth|sixth)\s+)", re.I)


def fuller_name(page: TitleInput, found: Found) -> Found | None:
    """The event's name as the first paragraph writes it, when the heading holds a shorter
    form of it: "Internationale Jahreskonferenz des Klima-Bündnis 2015 in Dresden" / "Die
    23. Internationale Jahreskonferenz des Klima-Bündnis vom ...", "Reinventing Cities –
    Eurocities 2020" / "the conference Eurocities 2020", "Decisions of the General Assembly
    2024" / "The General Assembly of the Baltic Towns Association met ...".

    >>> text = ("Decisions of the General Assembly 2024\\n\\nThe General Assembly of the "
    ...         "Baltic Towns Association met in Riga on 3 May 2024 with delegates of 46 towns.")
    >>> fuller_name(TitleInput(text, None, None, (0, 0), None), Found(text[:38], 0, 38)).title
    'General Assembly of the Baltic Towns Association'
    """
    at = page.text.find(found.title)
    rest = page.text[at + len(found.title) :] if at >= 0 else page.text
    paragraph = _first_prose(rest)
    named = named_event(TitleInput(paragraph, None, None, (0, 0), None))
    if named is None or named.title.endswith("Campus"):
        return None
    heading = _REPORT_OF.sub("", found.title).strip()
    name = _ORDINAL.sub("", named.title)
    core = _TRAILING_YEAR_PLACE.sub("", heading).strip()
    fuller = core.casefold() in named.title.casefold() and len(named.title) > len(core)
    parts = [p.strip() for p in re.split(r"\s[–—-]\s", heading)]
    # the heading's name with its year and place, the text's with its ordinal ("Die 23.
    # Internationale Jahreskonferenz ..."); or the heading's event after a topic and a dash
    inside = name.casefold() in heading.casefold() and (
        (
            name != named.title
            and _YEAR_AND_PLACE.fullmatch(re.sub(re.escape(name), " ", heading, flags=re.I))
        )
        or (len(parts) == 2 and name.casefold() in {p.casefold() for p in parts})
    )
    if not (fuller or inside) or named.title == found.title:
        return None
    start = page.text.find(paragraph) + named.start if paragraph else named.start
    return Found(named.title, start, start + len(named.title))


def find_title(page: TitleInput) -> tuple[Found, str] | None:
    """The first title a rule finds, and the rule's name; the event's fuller name from the
    first paragraph replaces the heading's shorter form of it."""
    for name, rule in TITLE_RULES:
        found = rule(page)
        if found is None:
            continue
        found = without_label(found)
        if name in ("event.html_title", "event.heading"):
            fuller = fuller_name(page, found)
            if fuller is not None:
                return fuller, "event.fuller_name"
        return found, name
    return None
