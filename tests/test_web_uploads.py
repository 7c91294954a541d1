"""Streamlit's upload endpoint on a real served dashboard, asked by a plain HTTP client.

The client does what a browser's page does, without one: it fetches the XSRF cookie,
opens a session over the websocket (the page's protocol: protobuf messages), and PUTs a
file to ``/_stcore/upload_file/<session>/<file>``. Streamlit alone takes such a file for
any open session, uploader or not (tests/dashboard_fixtures.Dashboard serves
serve.py, whose gate refuses them): only a session that entered the admin password
may upload, and at most ``server.maxUploadSize`` (10 MB) per file.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest
from dashboard_fixtures import Dashboard, sample_graph
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import ClientConnection, connect

pytestmark = pytest.mark.slow
PASSWORD = "s3cret-admin"
MB = 2**20


class PlainSession:
    """One dashboard session opened by hand: the page's protocol, no browser."""

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")
        self.http = httpx.Client(timeout=60)
        self.http.get(self.url + "/_stcore/health")  # sets the XSRF cookie
        self.xsrf = self.http.cookies.get("_streamlit_xsrf") or ""
        self._open = ExitStack()
        self.ws: ClientConnection = self._open.enter_context(
            connect(
                self.url.replace("http", "ws", 1) + "/_stcore/stream",
                subprotocols=["streamlit", self.xsrf],  # type: ignore[list-item]
                additional_headers={
                    "Origin": self.url,
                    "Cookie": f"_streamlit_xsrf={self.xsrf}",
                },
                max_size=None,
            )
        )
        self.session_id = ""
        self.elements: dict[str, str] = {}  # widget label -> widget id, of the last run

    def run(self, query: str, **widgets: str) -> list[str]:
        """Rerun the page with ``query`` and text widgets (by label) set; returns the kinds
        of elements it drew."""
        msg = BackMsg()
        msg.rerun_script.query_string = query
        msg.rerun_script.page_script_hash = ""
        for label, value in widgets.items():
            state = msg.rerun_script.widget_states.widgets.add()
            state.id = self.elements[label]
            state.string_value = value
        self.ws.send(msg.SerializeToString())
        kinds: list[str] = []
        while True:
            forward = ForwardMsg()
            forward.ParseFromString(self.ws.recv(timeout=90))
            kind = forward.WhichOneof("type")
            if kind == "new_session":
                self.session_id = forward.new_session.initialize.session_id
            elif kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                element = forward.delta.new_element
                what = element.WhichOneof("type") or ""
                kinds.append(what)
                widget = getattr(element, what)
                if hasattr(widget, "label") and hasattr(widget, "id"):
                    self.elements[widget.label] = widget.id
            elif kind == "script_finished":
                return kinds

    def upload(self, size: int) -> httpx.Response:
        return self.http.put(
            f"{self.url}/_stcore/upload_file/{self.session_id}/{uuid.uuid4()}",
            files={"file": ("events.csv", b"x" * size, "text/csv")},
            headers={"X-Xsrftoken": self.xsrf},
        )

    def close(self) -> None:
        self._open.close()
        self.http.close()


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


@pytest.fixture(scope="module")
def dashboards(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Dashboard]]:
    """Two served dashboards: one with an admin password, one without."""
    folder = tmp_path_factory.mktemp("uploads")
    graph = sample_graph(folder / "graph.json")
    served = {
        "admin": Dashboard(graph, folder / "admin.log", env={"CITYGRAPH_ADMIN_PASSWORD": PASSWORD}),
        "plain": Dashboard(graph, folder / "plain.log"),
    }
    try:
        yield served
    finally:
        for dashboard in served.values():
            dashboard.stop()


@pytest.mark.parametrize("which", ["admin", "plain"])
def test_a_session_without_the_password_cannot_upload(
    dashboards: dict[str, Dashboard], which: str
) -> None:
    dashboard = dashboards[which]
    session = PlainSession(dashboard.url)
    try:
        assert "file_uploader" not in session.run("tab=load")
        before = rss_mb(dashboard.process.pid)
        answers = [session.upload(9 * MB) for _ in range(10)]  # each under 10 MB
        after = rss_mb(dashboard.process.pid)
    finally:
        session.close()
    assert {a.status_code for a in answers} == {403}
    assert "only on the admin page" in answers[0].text
    assert after - before < 30, (before, after)  # nothing kept: not 90 MB more


def test_the_admin_session_uploads_up_to_10_mb_and_others_still_cannot(
    dashboards: dict[str, Dashboard],
) -> None:
    url = dashboards["admin"].url
    admin, other = PlainSession(url), PlainSession(url)
    try:
        admin.run("tab=load")
        assert "file_uploader" in admin.run("tab=load", **{"Admin password": PASSWORD})
        other.run("tab=load")
        assert admin.upload(1 * MB).status_code == 204
        assert admin.upload(11 * MB).status_code == 413  # server.maxUploadSize
        assert other.upload(1 * MB).status_code == 403  # only the session that entered it
        admin.run("tab=load", **{"Admin password": "wrong"})  # signed out again
        assert admin.upload(1 * MB).status_code == 403
    finally:
        admin.close()
        other.close()
