"""Loaded text shown through Streamlit's Markdown must stay text."""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md(text: object) -> str:
    """``text`` with every Markdown (and HTML) character escaped.

    >>> md("<img src=x> *a*")
    '\\\\<img src=x\\\\> \\\\*a\\\\*'
    """
    return _MARKDOWN.sub(r"\\\1", str(text))


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


# What a URL may keep as it is; everything else (spaces, <, >, quotes) is percent-encoded.
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"
