"""Loaded text shown through Streamlit's Markdown must stay text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PureWindowsPath
from urllib.parse import quote, unquote, urlsplit

from graph.render.words import city_choice as city_choice  # the pickers' words, kept there
from graph.store.base import FacetValue

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md(text: object) -> str:
    """``text`` with every Markdown (and HTML) character escaped.

    >>> md("<img src=x> *a*")
    '\\\\<img src=x\\\\> \\\\*a\\\\*'
    """
    return _MARKDOWN.sub(r"\\\1", str(text))


def country_names(countries: Iterable[FacetValue]) -> dict[str, str]:
    """Country names by code (upper case), from the countries' facet values."""
    return {str(v.extra or v.id.rsplit(":", 1)[-1]).upper(): v.name for v in countries}


def relation_words(kind: object) -> str:
    """A relation type as a reader says it.

    >>> relation_words("HELD_IN"), relation_words("PRESENTED_AT")
    ('held in', 'presented at')
    """
    return str(kind).replace("_", " ").lower()


def md_link(text: object, url: str) -> str:
    r"""A Markdown link to a web page (Streamlit opens it in a new tab, ``rel="noopener"``);
    ``text`` stays text, and anything but an http(s) URL stays plain text.

    >>> md_link("Recap (DE)", "https://example.org/a b")
    '[Recap \\(DE\\)](<https://example.org/a%20b>)'
    >>> md_link("x", "javascript:alert(1)")
    'x'
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return md(text)
    return f"[{md(text)}](<{quote(url, safe=_URL_SAFE)}>)"


def short_address(where: str, *, most: int = 40) -> str:
    """A source's address as a narrow column shows it: a file's name, a web page's site
    and page (the last part of its path), at most ``most`` characters; the full address
    is the link (``md_link``).

    >>> short_address("data/samples/recaps/2023-tartu.html")
    '2023-tartu.html'
    >>> short_address("https://www.connective-cities.net/de/rueckblicke/tartu-2021/")
    'connective-cities.net › tartu-2021'
    >>> short_address("https://example.org"), short_address("source:1f2e")
    ('example.org', 'source:1f2e')
    >>> short_address("https://example.org/" + "a" * 60)
    'example.org › aaaaaaaaaaaaaaaaaaaaaaaaa…'
    """
    parts = urlsplit(where)
    if parts.scheme in ("http", "https") and parts.netloc:
        site = (parts.hostname or parts.netloc).removeprefix("www.")
        page = unquote(next((p for p in reversed(parts.path.split("/")) if p), ""))
        text = f"{site} › {page}" if page else site
    else:  # a file: its name (Windows' paths too: both separators)
        text = PureWindowsPath(where).name or where
    return text if len(text) <= most else text[: most - 1] + "…"


# What a URL may keep as it is; everything else (spaces, <, >, quotes) is percent-encoded.
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"
