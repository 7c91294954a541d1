"""Text folding: the one place where names are made comparable.

``strip_marks`` is the core: case-folded (``ß`` -> ``ss``), accents stripped (``Köln`` ->
``koln``, ``Київ`` -> ``киів``). On top of it ``fold`` (place names, the gazetteer's keys)
turns punctuation that joins or abbreviates (hyphens, dots, apostrophes, commas,
brackets, slashes) into spaces, and ``fold_words`` (topics, the evaluator) every
non-word character; both collapse whitespace. ``spell_umlauts`` gives the ``ae/oe/ue``
spelling German names are also written in (``Oesterreich``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache

# Characters that join or abbreviate words in place names; all compare as a space.
_PUNCT = re.compile(r"[\s\-‐‑‒–—.,'’‘`´()\[\]/]+")
_NON_WORD = re.compile(r"[\W_]+")
_UMLAUT_CHARS = frozenset("äöüÄÖÜ")
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})

# Leading articles a name may carry in running text ("der Ukraine", "the Netherlands"),
# with the German contractions of preposition and article ("im Libanon").
ARTICLES = frozenset(
    {"der", "die", "das", "den", "dem", "des", "the", "im", "ins", "vom", "zum", "zur", "beim"}
)
_ADJECTIVE_ENDINGS = ("es", "er", "en", "em", "e")
_SAINTS = {"saint": "st", "sankt": "st", "sainte": "ste"}


@cache
def _marks() -> dict[int, None]:
    """A ``str.translate`` table deleting every combining mark of the Basic Multilingual
    Plane (what NFKD splits off letters): far faster than a test per character."""
    return {cp: None for cp in range(0x300, 0x10000) if unicodedata.combining(chr(cp))}


def strip_marks(text: str) -> str:
    """``text`` case-folded and without accents (whitespace and punctuation kept).

    >>> strip_marks("Päivi Kölvart-Weiß")
    'paivi kolvart-weiss'
    """
    text = text.casefold()
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text).translate(_marks())


def fold(text: str) -> str:
    """The comparison key of a place name in ``text``.

    >>> fold("  Weißrussland ")
    'weissrussland'
    >>> fold("Bosnien-Herzegowina")
    'bosnien herzegowina'
    """
    text = text.casefold()
    if text.isalpha() and text.isascii():  # the common case: one plain word
        return text
    return _PUNCT.sub(" ", strip_marks(text)).strip()


def fold_words(text: str) -> str:
    """``text`` as words compare: case, accents, ``ß`` and every punctuation folded away.

    >>> fold_words("  Klimaschutz & Mobilität!")
    'klimaschutz mobilitat'
    >>> fold_words("E-Governance") == fold_words("e_governance") == fold_words("E governance")
    True
    """
    return _NON_WORD.sub(" ", strip_marks(text)).strip()


def spell_umlauts(text: str) -> str:
    """German umlauts in their ``ae/oe/ue`` spelling: "Österreich" -> "Oesterreich"."""
    return text.translate(_UMLAUTS)


def keys(name: str) -> set[str]:
    """Every key ``name`` is indexed under: its fold, its fold with umlauts spelled out,
    and "St"/"Ste" for a leading "Saint"/"Sankt"/"Sainte" ("St. Petersburg", "St. Gallen")."""
    key = fold(name)
    found = {key} if key else set()
    if not name.isascii() and not _UMLAUT_CHARS.isdisjoint(name):
        found.add(fold(spell_umlauts(name)))
    if key.startswith(("saint ", "sankt ", "sainte ")):  # rare: test before any work
        for k in list(found):
            head, _, rest = k.partition(" ")
            found.add(f"{_SAINTS[head]} {rest}")
    return found


# Romanian s and t take a comma below; GeoNames often has the older cedilla forms.
_ROMANIAN = str.maketrans({"ş": "ș", "ţ": "ț", "Ş": "Ș", "Ţ": "Ț"})


def plain(text: str) -> str:
    """``text`` compared as written, accents kept: NFC, case-folded, Romanian cedillas as
    commas below, whitespace collapsed ("Iași" equals "IAŞI", not "Iasi")."""
    text = unicodedata.normalize("NFC", text).translate(_ROMANIAN).casefold()
    return " ".join(text.split())


def spelled(text: str) -> str:
    """``text`` as written but for case and punctuation: accents kept, joining and
    bracketing punctuation a space ("Frankfurt/Oder" equals "Frankfurt (Oder)", "Kraków"
    does not equal "Krakow").

    >>> spelled("Frankfurt/Oder") == spelled("Frankfurt (Oder)")
    True
    """
    return " ".join(_PUNCT.sub(" ", plain(text)).split())


def romanian_commas(name: str) -> str:
    """ "Timişoara" -> "Timișoara": the spelling Romanian and Moldovan names have today."""
    return name.translate(_ROMANIAN)


def strip_article(key: str) -> str:
    """``key`` without one leading article ("der tschechischen republik" -> "tschechischen
    republik"); a key that is only an article stays as it is."""
    head, _, rest = key.partition(" ")
    return rest if head in ARTICLES and rest else key


def german_forms(name: str) -> Iterator[str]:
    """``name`` and the inflected forms German running text gives it.

    Capitalised adjectives before the noun take every strong/weak ending ("der
    Tschechischen Republik", "im Vereinigten Königreich", "den Vereinigten Arabischen
    Emiraten"); a final noun in ``-e`` takes ``-n`` (dative plural: "den Niederlanden"),
    and a final noun takes genitive ``-s`` ("Deutschlands").

    >>> "Vereinigten Arabischen Emiraten" in set(german_forms("Vereinigte Arabische Emirate"))
    True
    >>> "Vereinigten Königreich" in set(german_forms("Vereinigtes Königreich"))
    True
    """
    *front, last = name.split()
    lasts = {last}
    if last.endswith("e"):
        lasts.add(last + "n")
    if last[-1:].isalpha() and not last.endswith(("s", "x", "z", "ß")):
        lasts.add(last + "s")
    stems: dict[int, str] = {}
    for i, word in enumerate(front):
        ending = next((e for e in _ADJECTIVE_ENDINGS if word.endswith(e)), None)
        if ending and word[:1].isupper() and len(word) > len(ending) + 2:
            stems[i] = word[: -len(ending)]
    fronts = [front]
    if stems:  # all adjectives of one name agree, so one ending for all of them
        fronts += [
            [stems.get(i, w) + e if i in stems else w for i, w in enumerate(front)]
            for e in _ADJECTIVE_ENDINGS
        ]
    for f in fronts:
        for tail in lasts:
            yield " ".join([*f, tail])
