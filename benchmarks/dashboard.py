"""Every row of issue 19's first table, in a real browser: the dashboard served by
``streamlit run app.py`` on ``citygraph synth --events N`` (memory store), driven by
Playwright in Debian's Chromium, each figure in seconds with the load average beside it.

    .venv/bin/python benchmarks/dashboard.py [--events 2000 5000] [--seed 1] [--repeat 1]
        [--keep-cache] [--only first,metrics,...] [--profile FOLDER] [--sessions N]
        [--graph-file FILE] [--timeout SECONDS]

``--graph-file``: a graph file made before (``citygraph load ... --graph-file FILE``,
e.g. a million table rows from ``citygraph synth --events 121000``) instead of synth's.
``--timeout``: the longest wait for one row (default 600 s); a row that takes longer is
printed as such, with its profile when there is one, and ends the run (the server, still
busy with it, would slow the rows after it).

Rows (each the first time in a freshly started server, unless it says "again"):

- ``first``: open the dashboard, until the first drawing (the city map) has drawn and the
  script has finished; ``first-again``: the same in a second browser context (a new session
  of the same server); ``first-restart``: a server started anew on the same graph file
  (the on-disk caches, when there are, from the first server's run).
- ``presenter``: the same as ``first`` with ``?presenter=1`` at 1920x1080;
  ``presenter-restart``: that as the first visit of a server started anew.
- ``link``: a shared link with presenter mode and a date range.
- ``dates``: change the sidebar's "From" date on the city map, to the new drawing.
- ``topic``: pick the commonest topic on the city map, to the new drawing.
- ``click``: click the biggest city on the city map, to its detail panel.
- ``metrics``: switch to the Metrics view, to its drawing.
- ``peers-topic`` / ``peers-city``: the Peer finder on the commonest topic / for the
  busiest city, to the peers' network.
- ``city``: the City profile of the busiest city, to its ego network.
- ``city-search`` / ``city-pick``: the sidebar's City filter (a search box above 300
  cities): type the busiest city's name into its search, to the list of matches; pick
  it, to the script run's end (and the new drawing, when the view has one: it says
  which). ``event-search`` / ``event-pick``: the same for the Event filter and the event
  with most practices (in a new session: no city filter).
- ``practices`` / ``practices-page``: switch to the Practices table; its next page.
- ``map``: switch to the Map view, to its drawing.

Times are from the action (navigation, key press, click) to the later of the script run's
end and the newest drawing's first frame, in the browser's clock. By default the on-disk
caches beside the graph file are deleted before the first server starts (``--keep-cache``
keeps them). The graph files are made once under ``--work`` and reused.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from chromium import launch  # tests/chromium.py: how Debian's Chromium is launched here
from dashboard_fixtures import Dashboard

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Frame, Page

ROOT = Path(__file__).resolve().parents[1]
ROWS = (
    "first",
    "first-again",
    "presenter",
    "link",
    "dates",
    "topic",
    "click",
    "metrics",
    "peers-topic",
    "peers-city",
    "city",
    "city-search",
    "city-pick",
    "event-search",
    "event-pick",
    "practices",
    "practices-page",
    "map",
    "first-restart",
    "presenter-restart",
)
QUIET_MS = 600  # nothing new for this long: the page has settled
TIMEOUT_S: float = 600  # the longest wait for one row (--timeout)

# Installed before any page script: the epoch times at which Streamlit's script run ended.
RUNS = """
(() => {
  window.__cgRunsDone = [];
  let last = null;
  const look = () => {
    const app = document.querySelector("[data-testid='stApp']");
    const state = app && app.getAttribute("data-test-script-state");
    if (state !== last) {
      last = state;
      const now = performance.timeOrigin + performance.now();
      if (state === "notRunning") window.__cgRunsDone.push(now);
    }
  };
  new MutationObserver(look).observe(document, {subtree: true, childList: true,
    attributes: true, attributeFilter: ["data-test-script-state"]});
})();
"""


def uptime() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f}"


# -- the graph -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Subject:
    """The graph a run opens, and what its rows pick in it."""

    graph_file: Path
    events: int
    topic: str  # the commonest topic's name
    city: str  # the busiest city's name (as the selectboxes show it, before ", Country")
    city_id: str
    event: str  # the name of the event with most practices
    date_from: str  # the median event date: about half the events pass
    link_from: str  # a shared link's range: the middle half of the events
    link_to: str


def subject(work: Path, events: int, seed: int) -> Subject:
    graph_file = work / f"synth{events}-{seed}.json"
    if not graph_file.exists():
        tables = work / f"synth{events}-{seed}"
        citygraph = str(Path(sys.executable).parent / "citygraph")
        synth = ["synth", "--events", str(events), "--seed", str(seed), "--out", str(tables)]
        subprocess.run(
            [citygraph, *synth],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        subprocess.run(
            [citygraph, "load", str(tables), "--graph-file", str(graph_file), "--fresh"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return subject_of(graph_file)


def subject_of(graph_file: Path) -> Subject:
    """What the rows pick in ``graph_file`` (a memory store's graph file)."""
    from graph.store.memory import MemoryStore

    store = MemoryStore.open(graph_file)
    facets = store.facets()
    dates = sorted(str(f.extra) for f in facets.events if f.extra)
    topic = max(facets.topics, key=lambda f: (f.count, f.id))
    city = max(facets.cities, key=lambda f: (f.count, f.id))
    event = max(facets.events, key=lambda f: (f.count, f.id))
    return Subject(
        graph_file=graph_file,
        events=len(facets.events),
        event=event.name,
        topic=topic.name,
        city=city.name,
        city_id=city.id,
        date_from=dates[len(dates) // 2],
        link_from=dates[len(dates) // 4],
        link_to=dates[3 * len(dates) // 4],
    )


def clear_caches(graph_file: Path) -> None:
    """The on-disk caches beside the graph file (graph/store/cache.py, when it exists)."""
    for path in graph_file.parent.glob(f".{graph_file.name}.cache*"):
        shutil.rmtree(path) if path.is_dir() else path.unlink()


# -- the page ------------------------------------------------------------------------------


def now_ms(page: Page) -> float:
    return float(page.evaluate("performance.timeOrigin + performance.now()"))


def drawings(page: Page) -> dict[str, float]:
    """Each drawn frame's first frame (epoch ms), by frame name/url."""
    found = {}
    for i, frame in enumerate(page.frames):
        try:
            at = frame.evaluate(
                "window.citygraph && window.citygraph.firstFrame ? "
                "performance.timeOrigin + window.citygraph.firstFrame : null"
            )
        except Exception:
            continue  # a frame navigating away
        if at:
            found[f"{i}:{frame.url[:60]}"] = float(at)
    return found


def settle(
    page: Page, since: float, *, drawing: bool, done: Callable[[], bool] | None = None
) -> float:
    """Wait until the script run that followed ``since`` has ended (and, with ``drawing``, a
    drawing drawn after it), then nothing new for QUIET_MS; return the seconds from
    ``since`` to the later of the last run's end and the newest drawing."""
    deadline = time.monotonic() + TIMEOUT_S
    seen: tuple[Any, ...] = ()
    quiet_since = time.monotonic()
    while time.monotonic() < deadline:
        runs = [t for t in page.evaluate("window.__cgRunsDone || []") if t > since]
        state = page.evaluate(
            "(document.querySelector(\"[data-testid='stApp']\") || {getAttribute: () => null})"
            ".getAttribute('data-test-script-state')"
        )
        drawn = [t for t in drawings(page).values() if t > since]
        ready = (
            bool(runs)
            and state == "notRunning"
            and (not drawing or bool(drawn))
            and (done is None or done())
        )
        now = (len(runs), len(drawn), state)
        if now != seen:
            seen, quiet_since = now, time.monotonic()
        elif ready and time.monotonic() - quiet_since > QUIET_MS / 1000:
            return (max([*runs, *drawn]) - since) / 1000
        page.wait_for_timeout(50)
    raise TimeoutError(f"the page did not settle within {TIMEOUT_S} s")


def network_frame(page: Page) -> Frame:
    for frame in page.frames:
        try:
            if frame.evaluate("!!(window.citygraph && window.citygraph.network)"):
                return frame
        except Exception:
            continue
    raise RuntimeError("no drawing on the page")


def open_page(
    browser: Browser, url: str, *, width: int = 1400, height: int = 1000
) -> tuple[Page, float]:
    context = browser.new_context(viewport={"width": width, "height": height})
    context.add_init_script(RUNS)
    page = context.new_page()
    since = time.time() * 1000
    page.goto(url)
    return page, settle(page, since, drawing=True)


def sidebar(page: Page) -> Any:
    return page.locator("[data-testid='stSidebar']")


def pick(page: Page, box: Any, text: str) -> float:
    """Type ``text`` into a select box or multiselect and press Enter; the time to settle."""
    box.locator("input").first.click()
    page.keyboard.type(text)
    page.wait_for_timeout(300)
    since = now_ms(page)
    page.keyboard.press("Enter")
    return since


def sidebar_widget(page: Page, kind: str, label: str) -> Any:
    """The sidebar's widget of ``kind`` (stMultiSelect, stTextInput) labelled ``label``."""
    return (
        sidebar(page)
        .locator(f"[data-testid='{kind}']")
        .filter(has=page.locator("label", has_text=re.compile(f"^{re.escape(label)}$")))
        .first
    )


def search_and_pick(page: Page, label: str, name: str) -> tuple[float, float, str]:
    """A sidebar filter above 300 choices: type ``name`` into its search box (to the list of
    matches), then pick it in the filter (to the script run's end and, when there is one,
    the new drawing); the two times, and what the view then shows."""
    search = sidebar_widget(page, "stTextInput", f"Search {label.lower()}")
    search.locator("input").fill(name)
    since = now_ms(page)
    search.locator("input").press("Enter")
    searched = settle(page, since, drawing=False)
    box = sidebar_widget(page, "stMultiSelect", label)
    since = pick(page, box, name)
    picked = settle(page, since, drawing=False)
    page.keyboard.press("Escape")
    drawn = [t for t in drawings(page).values() if t > since]
    if drawn:
        shown = "a new drawing"
    else:
        said = page.locator("[data-testid='stMain'] [data-testid='stAlert']").all_inner_texts()
        shown = "no drawing: " + (" / ".join(said)[:90] or "nothing said")
    return searched, picked, shown


def switch_view(page: Page, name: str) -> float:
    since = now_ms(page)
    sidebar(page).get_by_text(name, exact=True).click()
    return since


# -- the rows ------------------------------------------------------------------------------


class Profiler:
    """py-spy sampling the server during each row (``--profile DIR``): a file of collapsed
    stacks per row and, printed, the functions of citygraph and Streamlit that the most
    samples passed through (py-spy must be installed: pip install py-spy)."""

    def __init__(self, folder: Path | None, events: int) -> None:
        self.folder, self.events = folder, events
        self.pid: int | None = None
        self.process: subprocess.Popen[bytes] | None = None
        self.out: Path | None = None
        self.row = ""  # the row being measured

    def start(self, row: str) -> None:
        self.row = row
        if self.folder is None or self.pid is None:
            return
        self.out = self.folder / f"{self.events}-{row}.txt"
        spy = str(Path(sys.executable).parent / "py-spy")
        command = [spy, "record", "--pid", str(self.pid), "--format", "raw", "--rate", "200"]
        self.process = subprocess.Popen(
            [*command, "--output", str(self.out)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(0.5)  # py-spy attaches

    def stop(self) -> None:
        if self.process is None or self.out is None:
            return
        self.process.send_signal(signal.SIGINT)
        self.process.wait(timeout=60)
        self.process = None
        for line in summary(self.out):
            print(f"      {line}")


def summary(collapsed: Path, top: int = 12) -> list[str]:
    """The functions of graph/, app.py and streamlit/ most samples passed through (each
    counted once per stack), as a share of the samples."""
    counts: dict[str, int] = {}
    total = 0
    for line in collapsed.read_text(errors="replace").splitlines():
        stack, _, number = line.rpartition(" ")
        if not number.isdigit():
            continue
        total += int(number)
        seen = set()
        for frame in stack.split(";"):
            function, _, where = frame.partition(" (")
            if where.startswith(("graph/", "app.py", "streamlit/elements")):
                name = f"{function} ({where.rsplit(':', 1)[0]})"
                if name not in seen:
                    seen.add(name)
                    counts[name] = counts.get(name, 0) + int(number)
    ranked = sorted(counts.items(), key=lambda item: -item[1])[:top]
    return [f"{n / max(total, 1):5.0%} {name}" for name, n in ranked]


def run(
    subject: Subject, browser: Browser, rows: list[str], log: Path, profile: Path | None = None
) -> dict[str, float]:
    results: dict[str, float] = {}
    prof = Profiler(profile, subject.events)

    def record(row: str, seconds: float, what: str = "") -> None:
        results[row] = seconds
        print(
            f"  {subject.events:5d} events  {row:13s} {seconds:7.2f} s  ({uptime()}){what}",
            flush=True,
        )
        prof.stop()

    app = Dashboard(subject.graph_file, log)
    prof.pid = app.process.pid
    try:
        prof.start("first")
        page, took = open_page(browser, app.url)
        record("first", took, f"  (server {rss_mb(app.process.pid):.0f} MB resident)")
        if "first-again" in rows:
            prof.start("first-again")
            again, took = open_page(browser, app.url)
            record("first-again", took)
            again.context.close()
        if "presenter" in rows:
            prof.start("presenter")
            shown, took = open_page(browser, app.url + "?presenter=1", width=1920, height=1080)
            record("presenter", took)
            shown.context.close()
        if "link" in rows:
            url = f"{app.url}?presenter=1&date_from={subject.link_from}&date_to={subject.link_to}"
            prof.start("link")
            linked, took = open_page(browser, url, width=1920, height=1080)
            record("link", took, f"  ({subject.link_from} to {subject.link_to})")
            linked.context.close()
        if "topic" in rows:
            topics = sidebar(page).locator("[data-testid='stMultiSelect']").nth(1)
            prof.start("topic")
            since = pick(page, topics, subject.topic)
            record("topic", settle(page, since, drawing=True), f"  ({subject.topic})")
            page.keyboard.press("Escape")
            since = now_ms(page)
            sidebar(page).get_by_role("button", name=f"Remove {subject.topic}").first.click()
            settle(page, since, drawing=True)
        if "click" in rows:
            frame = network_frame(page)
            node = frame.evaluate(
                "(() => { const c = window.citygraph; const s = c.nodes.get()"
                ".sort((a, b) => b.size - a.size)[0]; return s.id; })()"
            )
            point = frame.evaluate(
                """id => { const net = window.citygraph.network;
                const p = net.canvasToDOM(net.getPosition(id));
                const box = document.getElementById("cg-network").getBoundingClientRect();
                return {x: box.left + p.x, y: box.top + p.y}; }""",
                node,
            )
            element = frame.frame_element()
            element.scroll_into_view_if_needed()
            frame_box = element.bounding_box()
            assert frame_box is not None
            name = frame.evaluate("id => window.citygraph.nodes.get(id).caption", node)
            prof.start("click")
            since = now_ms(page)
            page.mouse.click(frame_box["x"] + point["x"], frame_box["y"] + point["y"])
            heading = page.locator("h4", has_text=name.rstrip("…"))
            took = settle(page, since, drawing=False, done=lambda: heading.count() > 0)
            record("click", took, f"  ({name})")
        if "dates" in rows:
            # The date field commits when it loses focus (typed, then a click elsewhere).
            box = sidebar(page).locator("[data-testid='stDateInput']").first
            box.locator("[role=spinbutton]").first.focus()
            page.keyboard.type(subject.date_from.replace("-", ""))
            page.keyboard.press("Escape")
            prof.start("dates")
            since = now_ms(page)
            page.mouse.click(800, 30)
            record("dates", settle(page, since, drawing=True), f"  (from {subject.date_from})")
            page.context.close()
            page, _ = open_page(browser, app.url)  # the rows after: no date range
        for label, name, row in (("City", subject.city, "city"), ("Event", subject.event, "event")):
            if f"{row}-search" in rows or f"{row}-pick" in rows:
                prof.start(f"{row}-pick")
                searched, picked, outcome = search_and_pick(page, label, name)
                record(f"{row}-search", searched, f"  ({name})")
                record(f"{row}-pick", picked, f"  ({name}; {outcome})")
                page.context.close()
                page, _ = open_page(browser, app.url)  # the rows after: no filter
        if "metrics" in rows:
            prof.start("metrics")
            since = switch_view(page, "Metrics")
            record("metrics", settle(page, since, drawing=True))
        if "peers-topic" in rows or "peers-city" in rows:
            since = switch_view(page, "Peer finder")
            settle(page, since, drawing=False)
            if "peers-topic" in rows:
                topics = page.locator("[data-testid='stMain'] [data-testid='stMultiSelect']").first
                prof.start("peers-topic")
                since = pick(page, topics, subject.topic)
                record("peers-topic", settle(page, since, drawing=True), f"  ({subject.topic})")
                page.keyboard.press("Escape")
                since = now_ms(page)
                page.locator("[data-testid='stMain']").get_by_role(
                    "button", name=f"Remove {subject.topic}"
                ).first.click()
                settle(page, since, drawing=False)
            if "peers-city" in rows:
                box = page.locator("[data-testid='stMain'] [data-testid='stSelectbox']").first
                prof.start("peers-city")
                since = pick(page, box, subject.city)
                record("peers-city", settle(page, since, drawing=True), f"  ({subject.city})")
        if "city" in rows:
            # The City profile shares its city with the Peer finder: after peers-city the
            # switch itself opens the busiest city's profile.
            prof.start("city")
            since = switch_view(page, "City profile")
            # Without peers-city no city is chosen yet: the switch draws nothing.
            took = settle(page, since, drawing="peers-city" in rows)
            if "peers-city" not in rows:
                box = page.locator("[data-testid='stMain'] [data-testid='stSelectbox']").first
                since = pick(page, box, subject.city)
                took = settle(page, since, drawing=True)
            record("city", took, f"  ({subject.city})")
        if "practices" in rows or "practices-page" in rows:
            prof.start("practices")
            since = switch_view(page, "Practices")
            record("practices", settle(page, since, drawing=False))
            if "practices-page" in rows:
                prof.start("practices-page")
                since = now_ms(page)
                page.locator("[data-testid='stNumberInputStepUp']").first.click()
                record("practices-page", settle(page, since, drawing=False))
        if "map" in rows:
            prof.start("map")
            since = switch_view(page, "Map")
            record("map", settle(page, since, drawing=True))
        print(f"  the server at the end: {rss_mb(app.process.pid):.0f} MB resident", flush=True)
        page.context.close()
    except TimeoutError:
        print(
            f"  {subject.events:5d} events  {prof.row:13s} > {TIMEOUT_S:5.0f} s  ({uptime()})"
            "  no answer: the rows after it are not measured",
            flush=True,
        )
        prof.stop()
        return results
    finally:
        app.stop()
    if "first-restart" in rows:
        app = Dashboard(subject.graph_file, log)
        prof.pid = app.process.pid
        try:
            prof.start("first-restart")
            page, took = open_page(browser, app.url)
            record("first-restart", took)
            page.context.close()
        finally:
            app.stop()
    if "presenter-restart" in rows:
        app = Dashboard(subject.graph_file, log)
        prof.pid = app.process.pid
        try:
            prof.start("presenter-restart")
            page, took = open_page(browser, app.url + "?presenter=1", width=1920, height=1080)
            record("presenter-restart", took)
            page.context.close()
        finally:
            app.stop()
    return results


def rss_mb(pid: int) -> float:
    """The process's resident memory, MB (from /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def sessions(subject: Subject, browser: Browser, count: int, log: Path) -> None:
    """The server's memory with one session, then with ``count`` at once (every third in
    presenter mode), each on the first drawing and kept open."""
    app = Dashboard(subject.graph_file, log)
    opened = []
    try:
        before = rss_mb(app.process.pid)
        for n in range(count):
            url = app.url + ("?presenter=1" if n % 3 == 2 else "")
            page, took = open_page(browser, url)
            opened.append(page)
            if n == 0 or n == count - 1:
                print(
                    f"  {subject.events:5d} events  {n + 1:2d} session(s): server "
                    f"{rss_mb(app.process.pid):6.0f} MB resident (started at {before:.0f} MB; "
                    f"the last opened in {took:.1f} s)  ({uptime()})",
                    flush=True,
                )
    finally:
        for page in opened:
            page.context.close()
        app.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, nargs="+", default=[2000, 5000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--keep-cache", action="store_true")
    parser.add_argument("--only", default="", help="comma-separated rows (default: all)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/citygraph-dashboard-bench"))
    parser.add_argument(
        "--profile", type=Path, default=None, help="a folder for py-spy's samples of each row"
    )
    parser.add_argument(
        "--graph-file", type=Path, default=None, help="an existing graph file, not synth's"
    )
    parser.add_argument(
        "--timeout", type=float, default=600.0, help="the longest wait for one row, seconds"
    )
    parser.add_argument(
        "--sessions", type=int, default=0, help="only the server's memory with this many sessions"
    )
    args = parser.parse_args()
    global TIMEOUT_S
    TIMEOUT_S = args.timeout
    rows = [r for r in args.only.split(",") if r] or list(ROWS)
    unknown = set(rows) - set(ROWS)
    if unknown:
        parser.error(f"unknown rows {sorted(unknown)}; valid: {', '.join(ROWS)}")
    args.work.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    git = subprocess.run(
        ["git", "-C", str(ROOT), "log", "-1", "--format=%h %s"], capture_output=True, text=True
    ).stdout.strip()
    print(f"citygraph at {git[:70]}; {os.cpu_count()} cores; {uptime()}")
    summary: dict[tuple[int, str], list[float]] = {}
    with sync_playwright() as p:
        browser = launch(p)
        for events in [0] if args.graph_file else args.events:
            if args.graph_file:
                target = subject_of(args.graph_file)
                print(f"{target.graph_file}: {target.events} events")
            else:
                target = subject(args.work, events, args.seed)
                print(f"synth --events {events} --seed {args.seed}: {target.graph_file}")
            events = target.events
            if args.sessions:
                sessions(target, browser, args.sessions, args.work / f"streamlit-{events}.log")
                continue
            for _ in range(args.repeat):
                if not args.keep_cache:
                    clear_caches(target.graph_file)
                if args.profile:
                    args.profile.mkdir(parents=True, exist_ok=True)
                log = args.work / f"streamlit-{events}.log"
                found = run(target, browser, rows, log, args.profile)
                for row, seconds in found.items():
                    summary.setdefault((events, row), []).append(seconds)
        browser.close()
    if args.repeat > 1:
        print("medians:")
        for (events, row), values in summary.items():
            print(f"  {events:5d} events  {row:13s} {statistics.median(values):7.2f} s")


if __name__ == "__main__":
    main()
