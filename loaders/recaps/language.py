"""Which language a recap is written in: German or English (py3langid, offline model)."""

from __future__ import annotations

from functools import cache

LANGUAGES = ("de", "en")
# A page's opening says enough; classifying megabytes would only cost time.
_SAMPLE_CHARS = 20_000


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
    lang, _prob = _identifier().classify(sample)
    return str(lang)
