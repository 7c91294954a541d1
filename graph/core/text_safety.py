"""Text made safe to store and print: no control characters, no bidi overrides.

Kept apart from ``graph.core.model`` (pydantic) so that commands that only print text,
such as ``citygraph extract``, need not import the model.
"""

from __future__ import annotations

import re

# Control characters (but tab, newline, carriage return), lone surrogates and the two
# non-characters: XML (GraphML, GEXF) cannot hold them and terminals act on some (ESC,
# CSI). Bidi embeddings, overrides and isolates: they make a name display reversed.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
_LINE_BREAKS = re.compile(r"[\t\n\r]+")


def clean_text(text: str, *, one_line: bool = False) -> str:
    r"""``text`` without control characters and bidi overrides; ``one_line`` turns tabs and
    line breaks into spaces too. Every string property passes here when a record is built.

    >>> clean_text("Tar\x0btu\u202e")
    'Tartu'
    >>> clean_text("Cologne\n(Köln)", one_line=True)
    'Cologne (Köln)'
    >>> clean_text("\x1b[31mred\x1b[0m")
    '[31mred[0m'
    """
    if text.isprintable():  # no control, format or unassigned character: nothing to do
        return text
    if _UNSAFE.search(text):
        text = _UNSAFE.sub("", text)
    if one_line and _LINE_BREAKS.search(text):
        text = _LINE_BREAKS.sub(" ", text)
    return text
