"""The admin page's password: guesses limited per client address and in all (not per
session), wrong ones logged, and the page off on a dashboard served to the network."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from dashboard_fixtures import sample_graph
from streamlit.testing.v1 import AppTest

from graph.ui import admin
from graph.ui.admin import Guess, PasswordGuard

APP = str(Path(__file__).resolve().parents[1] / "app.py")
PASSWORD = "s3cret"


def guesses_at_once(guard: PasswordGuard, addresses: list[str], tries: int) -> Counter[Guess]:
    """One session per address, all guessing at the same moment, ``tries`` each, the
    last of them the right password; what the guard answered, counted."""
    start = threading.Barrier(len(addresses))
    answers: Counter[Guess] = Counter()
    lock = threading.Lock()

    def session(address: str) -> None:
        start.wait()
        for n in range(tries):
            given = PASSWORD if n == tries - 1 else f"guess-{address}-{n}"
            verdict = guard.check(given, PASSWORD, address=address)
            with lock:
                answers[verdict.guess] += 1

    threads = [threading.Thread(target=session, args=(a,)) for a in addresses]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_a_hundred_sessions_from_a_hundred_addresses_get_the_global_limit() -> None:
    guard = PasswordGuard(per_address="5/minute", in_all="20/minute")
    answers = guesses_at_once(guard, [f"203.0.113.{i}" for i in range(100)], tries=3)
    # 300 guesses sent within a second; 20 were checked (the process's limit per minute)
    assert answers[Guess.WRONG] + answers[Guess.RIGHT] == 20
    assert answers[Guess.LIMITED] == 280


def test_a_hundred_sessions_from_one_address_get_that_address_s_limit() -> None:
    guard = PasswordGuard(per_address="5/minute", in_all="20/minute")
    answers = guesses_at_once(guard, ["203.0.113.7"] * 100, tries=2)
    assert answers[Guess.WRONG] + answers[Guess.RIGHT] == 5
    # and the other addresses still have the rest of the global limit
    assert guard.check(PASSWORD, PASSWORD, address="198.51.100.1").guess is Guess.RIGHT


def test_over_the_limit_even_the_right_password_is_not_checked() -> None:
    guard = PasswordGuard(per_address="2/minute", in_all="20/minute")
    assert guard.check("a", PASSWORD, address="x").guess is Guess.WRONG
    assert guard.check("b", PASSWORD, address="x").guess is Guess.WRONG
    verdict = guard.check(PASSWORD, PASSWORD, address="x")
    assert verdict.guess is Guess.LIMITED and 0 < verdict.wait <= 60
    assert verdict.why == "from x"


# -- on the page (AppTest) --------------------------------------------------------------


@pytest.fixture
def load_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppTest]:
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.delenv("CITYGRAPH_ADMIN_ON_NETWORK", raising=False)
    monkeypatch.setenv("CITYGRAPH_GRAPH_FILE", str(sample_graph(tmp_path / "graph.json")))
    monkeypatch.setenv("CITYGRAPH_ADMIN_PASSWORD", PASSWORD)
    monkeypatch.setattr(admin, "GUARD", PasswordGuard(per_address="3/minute", in_all="9/minute"))
    address = st.get_option("server.address")
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["tab"] = "load"
    yield at
    st.config.set_option("server.address", address)


def test_wrong_guesses_are_logged_and_then_refused_unchecked(
    load_page: AppTest, caplog: pytest.LogCaptureFixture
) -> None:
    at = load_page.run()
    with caplog.at_level("WARNING", logger="citygraph.admin"):
        for guess in ("a", "b", "c"):
            at.text_input(key="admin_password").input(guess).run()
            assert at.error[0].value == "Wrong password."
        at.radio(key="tab").set_value("load").run()  # a rerun is no new guess
        at.text_input(key="admin_password").input(PASSWORD).run()  # the fourth: limited
    assert at.error[0].value.startswith(
        "Too many password attempts from this machine: this one was not checked."
    )
    assert not at.get("file_uploader")
    logged = [r.getMessage() for r in caplog.records if r.name == "citygraph.admin"]
    assert logged == ["wrong admin password from this machine"] * 3 + [
        "admin password guess refused: too many from this machine"
    ]


def test_the_right_password_opens_the_uploader(load_page: AppTest) -> None:
    at = load_page.run()
    at.text_input(key="admin_password").input(PASSWORD).run()
    assert at.get("file_uploader") and not at.error


@pytest.mark.parametrize(
    ("address", "allowed"),
    [("127.0.0.1", True), ("localhost", True), ("::1", True), ("0.0.0.0", False), ("", False)],
)
def test_the_page_is_off_on_a_network_address(
    load_page: AppTest, address: str, allowed: bool
) -> None:
    st.config.set_option("server.address", address)
    at = load_page.run()
    assert any(t.key == "admin_password" for t in at.text_input) is allowed
    if not allowed:
        assert at.warning[0].value.startswith("Loading is off: this dashboard is served on")
        assert "reverse proxy with TLS" in at.warning[0].value


def test_an_explicit_setting_allows_the_page_on_the_network(
    load_page: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    st.config.set_option("server.address", "0.0.0.0")
    monkeypatch.setenv("CITYGRAPH_ADMIN_ON_NETWORK", "1")
    at = load_page.run()
    assert at.text_input(key="admin_password") and not at.warning
