"""Language of a recap: function words decide a plain page without the statistical model."""

from __future__ import annotations

from loaders.recaps import language

GERMAN = (
    "Am Dienstag trafen sich Fachleute aus fünf Städten. Sie haben über die Frage gesprochen, "
    "wie eine Verwaltung ihre Daten nicht nur sammelt, sondern auch teilt, und was daraus "
    "für die Bürgerinnen und Bürger folgt."
)
ENGLISH = (
    "On Tuesday practitioners from five cities met. They discussed how an administration "
    "which collects data could also share it, and what the residents would gain from that "
    "when their town is one of the pilots."
)


def test_plain_pages_are_decided_without_loading_the_model() -> None:
    language._identifier.cache_clear()
    assert language.detect(GERMAN) == "de"
    assert language.detect(ENGLISH) == "en"
    assert language._identifier.cache_info().currsize == 0


def test_a_mixed_page_is_left_to_the_model() -> None:
    mixed = GERMAN + " " + ENGLISH
    assert language._vote(mixed) is None
    assert language.detect(mixed) in ("de", "en")


def test_a_short_line_is_left_to_the_model() -> None:
    assert language._vote("Workshop in Leipzig") is None
    assert language.detect("Rückblick auf den Fachaustausch") == "de"
