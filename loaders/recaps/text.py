"""Reading a recap file: bytes -> decoded text -> the page's main text, line by line.

HTML goes through trafilatura, which keeps the main content and drops navigation, footers
and "related content" teasers; its plain-text output keeps one paragraph, heading or list
item per line, which the structure rules downstream rely on. Entities that decode to
markup (``&lt;script&gt;``) come out as text and are never parsed again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes

from graph.core.errors import LoadError
from loaders.recaps.dates import page_published
from loaders.recaps.lazy import LazyPattern

HTML_SUFFIXES = frozenset({".html", ".htm"})
TEXT_SUFFIXES = frozenset({".txt"})
SUFFIXES = HTML_SUFFIXES | TEXT_SUFFIXES

# Teaser blocks at the end of a page that belong to other pages, not to this recap.
_TAIL_MARKERS = re.compile(
    r"^(verwandte inhalte|related content|related articles|ähnliche beiträge|"
    r"das könnte sie auch interessieren|you may also like|top|nach oben|back to top)$",
    re.IGNORECASE,
)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_BULLET = re.compile(r"^[•●▪◦·\-–*]\s+")


@dataclass(frozen=True)
class Page:
    """One recap as read: its raw bytes (for the Source hash), main text and HTML title.

    ``url`` is the page's address when a saved page states it on its first lines
    (``URL: ...``, ``Source: ...``, ``Quelle: ...``); ``header`` is how many characters of
    ``text`` those lines take (the rules read the text after them).
    """

    content: bytes
    text: str
    html_title: str | None = None
    published: date | None = None  # an HTML page's own date (loaders.recaps.dates.page_published)
    url: str | None = None
    header: int = 0


# A saved page's first lines may say where it came from and in which language: the page's
# address (the Source's URL), never text of the recap.
_HEADER_LINE = re.compile(
    r"(?P<key>url|source|quelle|link|lang|language|sprache)[ \t]*:[ \t]*"
    r"(?P<value>\S[^\n]*)(?:\n|$)",
    re.IGNORECASE,
)
_ADDRESS = re.compile(r"https?://\S+$", re.IGNORECASE)


def page_header(text: str) -> tuple[str | None, int]:
    r"""The address a saved page's first lines state, and where those lines end.

    >>> page_header("URL: https://example.org/news/a\nLANG: en\n\nHeading")
    ('https://example.org/news/a', 41)
    >>> page_header("Source: City of Kiel\nHeading")  # a credit, not an address
    (None, 0)
    """
    url, pos = None, 0
    while m := _HEADER_LINE.match(text, pos):
        value = m["value"].strip()
        if m["key"].lower() in ("lang", "language", "sprache"):
            if len(value) > 12:
                break
        elif _ADDRESS.match(value) and url is None:
            url = value
        else:
            break
        pos = m.end()
    return (url, pos) if pos else (None, 0)


def decode(content: bytes, *, path: str | Path) -> str:
    """Text from bytes: UTF-8 (with or without BOM), else the best legacy guess.

    Raises:
        LoadError: the bytes are not text in any encoding charset-normalizer knows.
    """
    if b"\x00" in content[:8192] and not content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadError(path, "not a text file (contains NUL bytes)")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = from_bytes(content).best()
    if best is None:
        raise LoadError(path, "cannot decode the file as text (not UTF-8, no known encoding)")
    return str(best)


def clean_lines(text: str) -> str:
    """Normalise spacing line by line, keep blank lines (paragraph breaks), cut teaser tails."""
    out: list[str] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = _BULLET.sub("", _SPACES.sub(" ", raw).strip())
        if _TAIL_MARKERS.match(line):
            break
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def _own(text: str | None) -> str:
    """Text of the page; the XML's own indentation (whitespace with a line break) is not."""
    if not text or (not text.strip() and "\n" in text):
        return ""
    return text


def _block_text(element: Any) -> str:
    """An element's text with ``<lb/>`` (a ``<br>`` in the page) kept as a line break."""
    parts = [_own(element.text)]
    for child in element:
        if child.tag == "lb":
            parts.append("\n")
        elif child.tag in ("item", "row"):
            parts.append("\n" + _block_text(child) + "\n")
        elif child.tag == "cell":
            parts.append(_block_text(child).strip() + "\n")  # one cell per line
        else:
            parts.append(_block_text(child))
        parts.append(_own(child.tail))
    return "".join(parts)


# Header cells of a programme table: who speaks, what about; the other columns say more
# of the speaker (organisation, city, country, role). A time column is neither.
_WHO_COLUMN = LazyPattern(
    r"^(?:speakers?|names?|presenters?|referent\w*|redner\w*|sprecher\w*|vortragende\w*|"
    r"wer|who|person\w*|panel+ists?|participants?|teilnehmer\w*|teilnehmende|delegates?|"
    r"contact(?: persons?)?|ansprechp\w*)$",
    re.IGNORECASE,
)
# The other columns, in the order a speaker line writes them ("Name, role, organisation,
# city, country"); a column named otherwise comes last.
_LINE_ORDER = (
    re.compile(r"^(?:function|position|role|job|funktion|rolle|amt)$", re.IGNORECASE),
    re.compile(r"^(?:organi[sz]ations?|institutions?|institution\w*|organisation\w*)$", re.I),
    re.compile(r"^(?:city|cities|town|municipality|stadt|kommune|gemeinde|ort)$", re.I),
    re.compile(r"^(?:country|countries|land|staat)$", re.IGNORECASE),
)
_WHAT_COLUMN = re.compile(
    r"^(?:presentations?|titles?|titel|thema|themen|topics?|talks?|vortrag|vorträge|"
    r"beitrag|beiträge|sessions?|practices?|praxisbeispiel\w*|good practices?|inputs?)$",
    re.IGNORECASE,
)
_TIME_COLUMN = re.compile(r"^(?:time|zeit|uhrzeit|when|wann|slot)$", re.IGNORECASE)


def _programme_table(table: Any) -> str | None:
    """A table whose header row names a speaker (or participant) column, and maybe a title
    column, as speaker lines followed by their titles ("Name, Organisation, Country" /
    "Title"), one per paragraph; ``None`` for any other table."""
    rows = [row for row in table if row.tag == "row"]
    if len(rows) < 2:
        return None
    head = [_block_text(cell).strip() for cell in rows[0] if cell.tag == "cell"]
    if not all(cell.get("role") == "head" for cell in rows[0] if cell.tag == "cell"):
        return None
    who = [k for k, h in enumerate(head) if _WHO_COLUMN.match(h)]
    what = [k for k, h in enumerate(head) if _WHAT_COLUMN.match(h)]
    if len(who) != 1 or len(what) > 1:
        return None
    more = sorted(
        (k for k, h in enumerate(head) if k not in (*who, *what) and not _TIME_COLUMN.match(h)),
        key=lambda k: _line_rank(head[k]),
    )
    talks = []
    for row in rows[1:]:
        cells = [" ".join(_block_text(c).split()) for c in row if c.tag == "cell"]
        if len(cells) != len(head) or not cells[who[0]]:
            continue
        speaker = ", ".join(c for c in (cells[who[0]], *(cells[k] for k in more)) if c)
        title = cells[what[0]] if what else ""
        talks.append(f"{speaker}\n{title}" if title else speaker)
    return "\n\n".join(talks) or None


_PLACE_COLUMN = re.compile(
    r"^(?:city|cities|town|towns|municipality|municipalities|partner(?: city| town)?|"
    r"member(?: city)?|stadt|städte|kommune|gemeinde|ort|partnerstadt)$",
    re.IGNORECASE,
)
_PRACTICE_COLUMN = re.compile(
    r"^(?:(?:good )?practices?|projects?|projekte?|praxisbeispiel\w*|beispiel\w*|"
    r"initiatives?|measures?|maßnahmen?|solutions?|lösung\w*|pilots?)$",
    re.IGNORECASE,
)


def _town_table(table: Any) -> str | None:
    """A table of towns and what each brought (a place column and a practice column, no
    one's name) as lines labelled by their towns ("Malmö: Schoolyard Rain Gardens"), the
    row's other cells on the line after; ``None`` for any other table."""
    rows = [row for row in table if row.tag == "row"]
    if len(rows) < 3:
        return None
    head = [_block_text(cell).strip() for cell in rows[0] if cell.tag == "cell"]
    places = [k for k, h in enumerate(head) if _PLACE_COLUMN.match(h)]
    what = [k for k, h in enumerate(head) if _PRACTICE_COLUMN.match(h)]
    if len(places) != 1 or len(what) != 1 or any(_WHO_COLUMN.match(h) for h in head):
        return None
    lines = []
    for row in rows[1:]:
        cells = [" ".join(_block_text(c).split()) for c in row if c.tag == "cell"]
        if len(cells) != len(head) or not cells[places[0]] or not cells[what[0]]:
            continue
        lines.append(f"{cells[places[0]]}: {cells[what[0]]}")
        more = [c for k, c in enumerate(cells) if k not in (*places, *what) and c]
        lines += [", ".join(more)] if more else []
    return "\n".join(lines) or None


def _line_rank(header: str) -> int:
    """Where a column's cell goes in a speaker line: role, organisation, city, country.

    >>> sorted(["Country", "City", "Function"], key=_line_rank)
    ['Function', 'City', 'Country']
    """
    return next((n for n, kind in enumerate(_LINE_ORDER) if kind.match(header)), len(_LINE_ORDER))


def html_main_text(html: str) -> tuple[str, str | None]:
    """The main text of an HTML page and its title: one blank line between blocks
    (headings, paragraphs, list items, table rows), a line break where the page has one."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it
    from lxml import etree

    try:
        xml = trafilatura.extract(
            html,
            output_format="xml",
            include_comments=False,
            include_tables=True,
            with_metadata=True,
            favor_recall=True,
        )
    except etree.XMLSyntaxError:
        # trafilatura re-parses its own output and some broken markup ("<A<p>") makes
        # that fail; the page's visible text is still worth reading.
        xml = None
    if not xml:
        # Too little markup for a main-content guess: take every visible text instead.
        return trafilatura.html2txt(html) or "", None
    root = etree.fromstring(xml.encode("utf-8"), etree.XMLParser(huge_tree=True))
    main = root.find("main")
    blocks = [
        (child.tag == "table" and (_programme_table(child) or _town_table(child)))
        or _block_text(child).strip()
        for child in (main if main is not None else root)
    ]
    blocks = [b for b in blocks if b]
    if blocks:
        # "Bonn, Germany | 26–28 June 2019" under the heading: a date line the main
        # content guess dropped (a "meta" block) goes back under the heading.
        blocks[1:1] = _dropped_date_lines(html, blocks)
        blocks += _dropped_captions(html, blocks)
    return "\n\n".join(blocks), root.get("title") or None


_CAPTIONS = 20
_CAPTION_CHARS = 300


def _dropped_captions(html: str, blocks: list[str]) -> list[str]:
    """The captions of the article's pictures (``<figcaption>``), which the main-content
    guess leaves out: they name the people pictured ("Mayor X (Rotterdam) and Deputy Mayor
    Y (Malmö) sign the pledge"). Only those inside the article or main part, if the page
    marks one; each once, after the text."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.fromstring(html[:HTML_HEAD_CHARS])
    except (ValueError, etree.ParserError):
        return []
    scope = next(iter(root.xpath("//article | //main")), root)
    kept = "\n".join(blocks)
    found: list[str] = []
    for caption in scope.iter("figcaption"):
        line = " ".join(caption.text_content().split())
        if line and len(line) <= _CAPTION_CHARS and line not in kept and line not in found:
            found.append(line)
        if len(found) == _CAPTIONS:
            break
    return found


_DROPPED_LINE_CHARS = 80
_DROPPED_LINES = 2


def _dropped_date_lines(html: str, blocks: list[str]) -> list[str]:
    """Short lines with a date that the page shows above its first paragraph but the main
    content guess left out (a date line styled as page "meta")."""
    from lxml import etree
    from lxml import html as lxml_html

    from loaders.recaps.dates import find_dates

    kept = "\n".join(blocks)
    paragraph = next((b for b in blocks[1:] if len(b) >= 60), None)
    try:
        root = lxml_html.fromstring(html[:HTML_HEAD_CHARS])
    except (ValueError, etree.ParserError):
        return []
    found: list[str] = []
    for element in root.iter("p", "time", "span", "div", "small", "li"):
        line = " ".join(element.text_content().split())
        if paragraph and paragraph[:40] in line:
            break  # past the heading: the recap's own text starts here
        if not line or len(line) > _DROPPED_LINE_CHARS or line in kept or line in found:
            continue
        if find_dates(line):
            found.append(line)
            if len(found) == _DROPPED_LINES:
                break
    return found


HTML_HEAD_CHARS = 200_000
"""How much of an HTML page is searched for a dropped date line: the top of it holds it."""


def read_page(path: Path) -> Page:
    """Read and decode one recap file; HTML is reduced to its main text.

    Raises:
        LoadError: the file is not .txt/.html/.htm, or cannot be read or decoded.
    """
    if path.suffix.lower() not in SUFFIXES:
        raise LoadError(path, f"not a recap file; recaps are {', '.join(sorted(SUFFIXES))}")
    try:
        content = path.read_bytes()
    except OSError as e:
        raise LoadError(path, f"cannot read the file: {e.strerror or e}") from e
    text = decode(content, path=path)
    title = published = None
    if path.suffix.lower() in HTML_SUFFIXES:
        published = page_published(text)
        text, title = html_main_text(text)
    text = clean_lines(text)
    url, header = page_header(text)
    return Page(
        content=content,
        text=text,
        html_title=title,
        published=published,
        url=url,
        header=header,
    )
