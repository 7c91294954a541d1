"""Which language a recap is written in: German or English.

Function words decide most pages at once: jusText's German and English stop lists (a
trafilatura dependency, read as plain files), counting only the words one list has and
the other lacks ("und", "nicht" against "the", "which"; not "in" or "so"). A page where
they do not clearly agree goes to py3langid's offline model, whose load costs about a
second and 100 MB, so a plain recap no longer pays for it.
"""

from __future__ import annotations

import importlib.util
import re
from functools import cache
from pathlib import Path

LANGUAGES = ("de", "en")
# A page's opening says enough; classifying megabytes would only cost time.
_SAMPLE_CHARS = 20_000
_STOPLISTS = {"de": "German.txt", "en": "English.txt"}
_MIN_VOTES = 8  # function words needed before the lists decide
_MARGIN = 4  # ... and the winner must have this many times the other's count
_WORD = re.compile(r"[^\W\d_]+")


@cache
def _function_words() -> dict[str, frozenset[str]]:
    """Each language's function words that the other language does not share."""
    spec = importlib.util.find_spec("justext")  # locates the package without importing it
    if spec is None or not spec.submodule_search_locations:
        return {}
    folder = Path(next(iter(spec.submodule_search_locations))) / "stoplists"
    words = {
        lang: frozenset((folder / name).read_text(encoding="utf-8").casefold().split())
        for lang, name in _STOPLISTS.items()
    }
    return {"de": words["de"] - words["en"], "en": words["en"] - words["de"]}


def _vote(sample: str) -> str | None:
    lists = _function_words()
    if not lists:
        return None
    counts = dict.fromkeys(LANGUAGES, 0)
    for m in _WORD.finditer(sample.casefold()):
        for lang in LANGUAGES:
            if m.group() in lists[lang]:
                counts[lang] += 1
    de, en = counts["de"], counts["en"]
    if de + en < _MIN_VOTES:
        return None
    if de >= _MARGIN * en:
        return "de"
    if en >= _MARGIN * de:
        return "en"
    return None


@cache
def _identifier():  # py3langid has no type hints
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(LANGUAGES))
    return ident


def detect(text: str) -> str | None:
    """``'de'`` or ``'en'`` for a recap's text, ``None`` when it has no letters to judge.

    >>> detect("Rückblick auf den virtuellen Fachaustausch am 12. März 2021")
    'de'
    >>> detect("The workshop took place in Amman from 14 to 16 November.")
    'en'
    """
    sample = text[:_SAMPLE_CHARS]
    if not any(ch.isalpha() for ch in sample):
        return None
    voted = _vote(sample)
    if voted:
        return voted
    lang, _prob = _identifier().classify(sample)
    return str(lang)


_OTHER_MIN_PROB = 0.9


@cache
def _any_language():  # py3langid has no type hints
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def other_language(text: str) -> str | None:
    """The language a page is written in when it is clearly neither German nor English
    (an ISO 639-1 code), else ``None``. Function words decide first, so a German or
    English page costs no model load.

    >>> other_language("Die Stadt Kiel lud zum Austausch über Radwege ein."), other_language("")
    (None, None)
    """
    sample = text[:_SAMPLE_CHARS]
    if not any(ch.isalpha() for ch in sample) or _vote(sample):
        return None
    lang, prob = _any_language().classify(sample)
    return str(lang) if lang not in LANGUAGES and prob >= _OTHER_MIN_PROB else None
