"""Loading from the dashboard: only with CITYGRAPH_ADMIN_PASSWORD set and entered.

Upload recaps or tables, see what the loaders find, then confirm to write it to the store.
The uploads are read in a child process with time and memory limits (graph/ui/uploads.py),
so one hostile file cannot stall other users; the load goes through the same locked,
all-or-nothing write as ``citygraph load`` (graph/store/loading.py), into a store of its
own: the one cached store every session reads is never changed in place, it sees the new
version on the next rerun. Wrong passwords are answered after a delay that doubles with
each one in a row (for every session of this process) and are logged.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import threading
import time
from collections import Counter

import pandas as pd
import streamlit as st

from graph.core.errors import CitygraphError
from graph.ingest.build import RecordSet
from graph.store.loading import load_records
from graph.store.lock import LockEvent
from graph.ui import uploads
from graph.ui.context import Context
from graph.ui.text import md

LOG = logging.getLogger("citygraph.admin")
FIRST_DELAY = 0.5  # seconds before a wrong password is answered; doubles each time in a row
MAX_DELAY = 30.0
LOAD_WAIT = 60.0  # seconds a dashboard load waits for another load of the graph file
sleep = time.sleep  # how a wrong password waits (tests record the delays)


class _Failures:
    """Wrong passwords in a row, for the whole process (a new session does not start afresh)."""

    def __init__(self) -> None:
        self.count = 0
        self.lock = threading.Lock()  # one wrong answer at a time: guesses queue up

    def delay(self) -> float:
        return min(FIRST_DELAY * 2 ** max(self.count - 1, 0), MAX_DELAY)


_FAILURES = _Failures()


def _password_ok(given: str, password: str) -> bool:
    """Compare in constant time; a wrong one waits out the back-off, is logged, counted."""
    if hmac.compare_digest(given.encode(), password.encode()):
        _FAILURES.count = 0
        return True
    if not given or st.session_state.get("_admin_checked") == given:
        return False  # nothing entered, or the same wrong entry on a rerun: answered
    with _FAILURES.lock:
        _FAILURES.count += 1
        delay = _FAILURES.delay()
        LOG.warning(
            "wrong admin password (%d in a row); answering after %.1f s", _FAILURES.count, delay
        )
        sleep(delay)
    st.session_state["_admin_checked"] = given
    return False


def render(ctx: Context) -> None:
    password = ctx.settings.admin_password
    if not password:  # the app does not offer this view then; a guard all the same
        st.info("Loading from the dashboard is off: set CITYGRAPH_ADMIN_PASSWORD to allow it.")
        return
    given = st.text_input("Admin password", type="password", key="admin_password")
    if not _password_ok(given, password):
        if given:
            st.error("Wrong password.")
        return
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
