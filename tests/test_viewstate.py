"""Each view setting is declared once (graph/ui/viewstate.py), and every one of them, by
construction, goes into a link and back, into the widgets and back, and (when it names
nodes) through presenter mode's ids."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from graph.ui.presenter import PresentedStore
from graph.ui.reader import Reader
from graph.ui.viewstate import (
    CameraForm,
    Choice,
    Day,
    Flag,
    Form,
    Number,
    OneId,
    PeriodForm,
    Setting,
    Text,
    ViewState,
    Words,
)


def example(form: Form[Any]) -> Any:
    """A value of ``form``'s type other than any default: a new form needs one here."""
    if isinstance(form, Flag):
        return True
    if isinstance(form, Number):
        return form.high
    if isinstance(form, Day):
        return date(2021, 3, 12)
    if isinstance(form, Choice):
        return form.options[-1] if form.options else "trails"
    if isinstance(form, Words):
        picked = (
            form.options[:2] if form.options else ("EE", "BO") if form.upper else ("a:1", "b:2")
        )
        return tuple(picked)[: form.most]
    if isinstance(form, OneId):
        return "city:ee:tartu"
    if isinstance(form, Text):
        return "Tarty, with a comma & more"
    if isinstance(form, CameraForm):
        return (120.5, -33.0, 1.25)
    if isinstance(form, PeriodForm):
        return "2016-2019"
    raise AssertionError(f"no example value for {type(form).__name__}: add one")


SETTINGS = list(ViewState.SETTINGS.values())


@pytest.mark.parametrize("setting", SETTINGS, ids=[s.name for s in SETTINGS])
def test_every_setting_goes_into_a_link_and_back(setting: Setting[Any]) -> None:
    value = example(setting.form)
    assert value != setting.default
    state = ViewState(**{setting.name: value})
    params = state.to_params()
    assert list(params) == [setting.name]  # only what differs from the default view
    assert ViewState.read(params).state == state
    assert ViewState.read({}).state == ViewState()  # and the default writes nothing


@pytest.mark.parametrize("setting", SETTINGS, ids=[s.name for s in SETTINGS])
def test_every_setting_goes_into_the_widgets_and_back(setting: Setting[Any]) -> None:
    state = ViewState(**{setting.name: example(setting.form)})
    session: dict[str, Any] = {}
    state.to_session(session)
    assert ViewState.from_session(session) == state


def test_the_query_is_made_from_the_settings_that_name_a_field() -> None:
    state = ViewState(topics=("topic:waste",), countries=("EE",), hops=3, limit=40, labels=())
    query = state.query()
    assert query.topics == frozenset({"topic:waste"}) and query.countries == frozenset({"EE"})
    assert (query.hops, query.limit, query.labels) == (3, 40, frozenset())
    assert ViewState(node="city:ee:tartu", camera=(1.0, 2.0, 1.0)).query() == ViewState().query()


def test_a_link_names_what_it_could_not_read() -> None:
    reading = ViewState.read(
        {"hops": "two", "date_to": "2021-13-01", "camera": "x", "labels": "City,Blob"}
    )
    assert reading.state == ViewState(labels=("City",))
    assert [i.param for i in reading.ignored] == [
        "labels=Blob",
        "date_to=2021-13-01",
        "hops=two",
        "camera=x",
    ]


def test_a_state_cannot_change_or_take_unknown_settings() -> None:
    state = ViewState()
    with pytest.raises(AttributeError):
        state.limit = 3
    with pytest.raises(TypeError, match="no view setting named colour"):
        ViewState(colour="red")
    assert state.replace(limit=3).limit == 3 and state.limit != 3
    assert len({ViewState(limit=3), ViewState(limit=3)}) == 1


def test_the_presenters_store_offers_only_the_reads_it_masks() -> None:
    public = {name for name in dir(PresentedStore) if not name.startswith("_")}
    reads = {name for name in dir(Reader) if not name.startswith("_")}
    assert public - {"shown_id", "real_query"} == reads - {"name"}  # id translations
    for write in ("upsert", "commit", "clear", "begin_load", "end_load", "close"):
        assert not hasattr(PresentedStore, write)
