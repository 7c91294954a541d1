"""One person, one key: the key two spellings of a person's name share.

Kept apart from ``graph.ingest.build`` so that the recap rules that only compare names
need not import the graph model.
"""

from __future__ import annotations

import re

HONORIFIC = re.compile(
    r"^(?:(?:prof|dr|dra|drs|mr|mrs|ms|mx|eng|ing|herr|herrn|frau|sr|sra|dipl\.-ing|mag|lic)"
    r"\.?(?:-ing\.)?\s+)+",
    re.IGNORECASE,
)
# Spellings that transliterations of one name differ by (German, English, Polish, French
# renderings of Cyrillic and others), folded to one: Witalij = Vitaliy, Selenskyj = Zelenskyy.
_SOUNDS = (
    ("tsch", "ch"),
    ("sch", "sh"),
    ("ch", "h"),
    ("kh", "h"),
    ("zh", "j"),
    ("w", "v"),
    ("ph", "f"),
    ("x", "ks"),
    ("z", "s"),
    ("ou", "u"),
    ("y", "i"),
    ("j", "i"),
)
_DOUBLED = re.compile(r"(\w)\1+")


def person_key(name: str) -> str:
    """The key two spellings of one person's name share: honorifics dropped, transliterated
    to ASCII, case and the letters that transliterations differ by folded.

    >>> person_key("Witalij Klitschko") == person_key("Vitaliy Klitschko")
    True
    >>> person_key("Dr. Giorgi Khishtovani") == person_key("Giorgi Khishtovani")
    True
    >>> person_key("Päivi Laajala") == person_key("Paivi Laajala"), person_key("Anna Berg")
    (True, 'ana berg')
    """
    from anyascii import anyascii

    folded = anyascii(HONORIFIC.sub("", name.strip())).casefold()
    words = []
    for word in re.findall(r"[a-z]+", folded):
        for written, said in _SOUNDS:
            word = word.replace(written, said)
        word = _DOUBLED.sub(r"\1", word)
        words.append(word[:-1] if len(word) > 3 and word.endswith("ii") else word)
    return " ".join(words)
