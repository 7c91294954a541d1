"""Loaded text shown through Streamlit's Markdown must stay text."""

from __future__ import annotations

import re

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md(text: object) -> str:
    """``text`` with every Markdown (and HTML) character escaped.

    >>> md("<img src=x> *a*")
    '\\\\<img src=x\\\\> \\\\*a\\\\*'
    """
    return _MARKDOWN.sub(r"\\\1", str(text))
