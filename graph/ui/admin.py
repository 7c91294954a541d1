"""Loading from the dashboard: only with CITYGRAPH_ADMIN_PASSWORD set and entered.

Upload recaps or tables, see what the loaders find, then confirm to write it to the store.
The uploads are read in a child process with time and memory limits (graph/ui/uploads.py),
so one hostile file cannot stall other users; the load goes through the same locked,
all-or-nothing write as ``citygraph load`` (graph/store/loading.py), into a store of its
own: the one cached store every session reads is never changed in place, it sees the new
version on the next rerun.

Guarding the password: guesses are counted per client address and for the whole
process (``PasswordGuard``, a moving window of the ``limits`` library), not per session,
so opening a hundred sessions buys no more guesses; past the limit a guess is not even
checked. Wrong ones are logged. Only a session that entered the password may upload
(``uploads.admit``: Streamlit's upload endpoint is closed to every other one). And the
page is off on a dashboard served to the network (``network_refusal``) unless it is
served over TLS or the operator says so.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
import time
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum

import pandas as pd
import streamlit as st
from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from graph.core.errors import CitygraphError
from graph.core.settings import Settings
from graph.ingest.build import RecordSet
from graph.store.loading import load_records
from graph.store.lock import LockEvent
from graph.ui import uploads
from graph.ui.context import Context
from graph.ui.text import md

LOG = logging.getLogger("citygraph.admin")
GUESSES_PER_ADDRESS = "5/minute"  # password guesses one client address may make
GUESSES_IN_ALL = "20/minute"  # ... and all of them together (many addresses, one process)
LOAD_WAIT = 60.0  # seconds a dashboard load waits for another load of the graph file
LOCAL = "this machine"  # the address Streamlit reports as None (localhost)


class Guess(StrEnum):
    RIGHT = "right"
    WRONG = "wrong"
    LIMITED = "limited"  # over a limit: not checked at all


@dataclass(frozen=True)
class Verdict:
    guess: Guess
    wait: float = 0.0  # LIMITED: seconds until a guess is taken again
    why: str = ""  # LIMITED: which limit


class PasswordGuard:
    """Counts password guesses per client address and in all, in moving windows; a
    guess over either limit is refused unchecked (so it cannot succeed either)."""

    def __init__(
        self, *, per_address: str = GUESSES_PER_ADDRESS, in_all: str = GUESSES_IN_ALL
    ) -> None:
        self._limiter = MovingWindowRateLimiter(MemoryStorage())
        self._per_address, self._in_all = parse(per_address), parse(in_all)

    def check(self, given: str, password: str, *, address: str) -> Verdict:
        """Count one guess from ``address``, then check it if both limits allow."""
        for limit, key, why in (
            (self._per_address, address, f"from {address}"),
            (self._in_all, "*", "from all addresses together"),
        ):
            if not self._limiter.hit(limit, "admin-password", key):
                reset = self._limiter.get_window_stats(limit, "admin-password", key).reset_time
                LOG.warning("admin password guess refused: too many %s", why)
                return Verdict(Guess.LIMITED, wait=max(reset - time.time(), 0.0), why=why)
        if hmac.compare_digest(given.encode(), password.encode()):
            return Verdict(Guess.RIGHT)
        LOG.warning("wrong admin password from %s", address)
        return Verdict(Guess.WRONG)


GUARD = PasswordGuard()  # one for the process: every session's guesses count together


def network_refusal(settings: Settings) -> str | None:
    """Why the admin page is off here, or None. It is off when the dashboard listens on
    an address other machines reach, unless it serves TLS itself (server.sslCertFile), or
    ``CITYGRAPH_ADMIN_ON_NETWORK`` allows it (behind a reverse proxy with TLS, which
    reaches the dashboard on 127.0.0.1, nothing is needed: see docs/dashboard.md)."""
    address = st.get_option("server.address")
    if _is_loopback(address) or settings.admin_on_network or st.get_option("server.sslCertFile"):
        return None
    where = f"on {address}" if address else "on every network interface"
    return (
        f"Loading is off: this dashboard is served {where}, where others can reach it "
        "without TLS. Serve it behind a reverse proxy with TLS (docs/dashboard.md), or "
        "set CITYGRAPH_ADMIN_ON_NETWORK=1 to allow it anyway."
    )


def _is_loopback(address: object) -> bool:
    if not isinstance(address, str) or not address.strip():
        return False  # unset: Streamlit listens on every interface
    if address.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip().strip("[]")).is_loopback
    except ValueError:
        return False


def _client_address() -> str:
    """The session's client address as Streamlit saw it (behind a reverse proxy on this
    machine, the X-Forwarded-For it sent); ``LOCAL`` for this machine."""
    address = st.context.ip_address
    return address if isinstance(address, str) and address else LOCAL


def _session_id() -> str | None:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else None


def _password_ok(given: str, password: str) -> bool:
    """Whether this session entered the password; a new entry is one guess, counted by
    ``GUARD`` (a rerun with the same entry is not a new guess)."""
    digest = hashlib.sha256(given.encode()).hexdigest()
    if not given:
        return False
    if st.session_state.get("_admin_checked") == (digest, Guess.RIGHT):
        return True
    if st.session_state.get("_admin_checked") == (digest, Guess.WRONG):
        st.error("Wrong password.")
        return False
    verdict = GUARD.check(given, password, address=_client_address())
    if verdict.guess is Guess.LIMITED:
        st.error(
            f"Too many password attempts {verdict.why}: this one was not checked. "
            f"Try again in {max(verdict.wait, 1):.0f} s."
        )
        return False
    st.session_state["_admin_checked"] = (digest, verdict.guess)
    if verdict.guess is Guess.WRONG:
        st.error("Wrong password.")
    return verdict.guess is Guess.RIGHT


def uploads_open() -> bool:
    """Whether Streamlit's upload endpoint takes this session's files: it entered the
    admin password on this page (``uploads.admit``), so a file uploader elsewhere (the
    Scenes view's) works for it."""
    session = _session_id()
    return session is not None and uploads.admitted(session)


def signed_in() -> bool:
    """Whether this session entered the admin password (in the Load data view): what
    other admin actions (saving scenes) ask."""
    checked = st.session_state.get("_admin_checked")
    return isinstance(checked, tuple) and len(checked) == 2 and checked[1] is Guess.RIGHT


def render(ctx: Context) -> None:
    password = ctx.settings.admin_password
    session = _session_id()
    if not password:  # the app does not offer this view then; a guard all the same
        st.info("Loading from the dashboard is off: set CITYGRAPH_ADMIN_PASSWORD to allow it.")
        return
    refused = network_refusal(ctx.settings)
    if refused:
        st.warning(refused)
        return
    given = st.text_input("Admin password", type="password", key="admin_password")
    if not _password_ok(given, password):
        if session is not None:
            uploads.dismiss(session)
        return
    if session is not None:
        uploads.admit(session)  # Streamlit's upload endpoint now takes this session's files
    files = st.file_uploader(
        f"Recaps (.txt, .html) or tables (.csv, .json, .yaml): up to {uploads.MAX_FILES} "
        f"files of at most {uploads.MAX_FILE_BYTES // 2**20} MB each",
        type=list(uploads.ACCEPTED),
        accept_multiple_files=True,
        key="admin_files",
    )
    if not files:
        return
    given_files = [uploads.Upload(f.name, f.getvalue()) for f in files]
    try:
        records = _parsed(given_files)
    except CitygraphError as e:
        st.error(f"Nothing was loaded: {md(e)}")
        return
    _preview(records)
    if st.button("Load into the graph", type="primary", key="admin_confirm"):
        _load(ctx, records)


def _parsed(given: list[uploads.Upload]) -> RecordSet:
    """The uploads' records, read once per set of files (the confirm button reruns)."""
    key = hashlib.sha256(
        b"".join(hashlib.sha256(u.name.encode() + b"\0" + u.content).digest() for u in given)
    ).hexdigest()
    cached = st.session_state.get("_admin_parsed")
    if cached is not None and cached[0] == key:
        records: RecordSet = cached[1]
        return records
    with st.spinner("Reading the uploads ..."):
        records = uploads.parse(given)
    st.session_state["_admin_parsed"] = (key, records)
    return records


def _preview(records: RecordSet) -> None:
    labels = Counter(str(n.label) for n in records.nodes.values())
    st.markdown("**What the loaders found**")
    st.dataframe(pd.DataFrame(sorted(labels.items()), columns=["kind", "nodes"]), hide_index=True)
    st.caption(f"{len(records.relations)} relations.")
    found = [
        {"kind": str(n.label), "name": n.name}
        for n in records.nodes.values()
        if str(n.label) in ("Event", "Practice", "City")
    ]
    st.dataframe(pd.DataFrame(found, columns=["kind", "name"]), hide_index=True)
    for warning in records.warnings:
        st.text(f"warning: {warning}")
    if records.more_warnings:
        st.text(f"... and {records.more_warnings:,} more warnings")


def _load(ctx: Context, records: RecordSet) -> None:
    def waiting(event: LockEvent) -> None:
        if event.kind != "still waiting":
            st.info(md(event.message))

    try:
        outcome = load_records(ctx.settings, records, wait=LOAD_WAIT, on_lock=waiting)
    except CitygraphError as e:
        st.error(f"Nothing was loaded: {md(e)}")
        return
    st.session_state.pop("_admin_parsed", None)
    st.success(
        f"Loaded {outcome.nodes} nodes and {outcome.relationships} relations; every view "
        "shows them from the next click on."
    )
