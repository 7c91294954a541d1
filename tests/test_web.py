"""Recaps from the web, against our own site on 127.0.0.1 (tests/web_site.py): crawl,
re-crawl, load URL, extract URL, and every way a page can fail. Nothing here reaches
outside the machine: name lookups of any other host fail (see ``offline``)."""

from __future__ import annotations

import ipaddress
import itertools
import json
import socket
import statistics
from collections.abc import Iterator
from pathlib import Path

import pytest
import web_site
from cli_runner import run
from web_site import BAD_PAGES, FORBIDDEN_PAGE, GOOD_PAGES, MATCH, Site

from graph.core.model import Label
from graph.store.memory import MemoryStore
from loaders.web import AddressPolicy, Fetcher, FetchError, FetchOptions, PageCache

DELAY = 0.2
TIMEOUT = 0.5
JITTER = 0.1  # seconds a request's arrival may lag behind its sending
_real_getaddrinfo = socket.getaddrinfo


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only 127.0.0.1 resolves; no proxy from the environment."""

    def getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
        if host not in ("127.0.0.1", b"127.0.0.1"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return _real_getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def site() -> Iterator[Site]:
    with web_site.serve() as s:
        yield s


def crawl(
    capsys: pytest.CaptureFixture[str], site: Site, tmp_path: Path, *extra: str
) -> tuple[int, str, str]:
    return run(
        capsys,
        "crawl",
        site.url("/rueckblicke/"),
        "--match",
        MATCH,
        "--feed",
        site.url("/feed.xml"),
        "--delay",
        str(DELAY),
        "--timeout",
        str(TIMEOUT),
        "--cache",
        str(tmp_path / "cache"),
        "--graph-file",
        str(tmp_path / "graph.json"),
        "--allow-network",
        "127.0.0.1",
        *extra,
    )


def events(graph_file: Path) -> dict[str, dict[str, object]]:
    g = MemoryStore.open(graph_file).to_networkx()
    return {n: a for n, a in g.nodes(data=True) if a.get("label") == Label.EVENT}


def web_sources(graph_file: Path) -> dict[str, dict[str, object]]:
    g = MemoryStore.open(graph_file).to_networkx()
    return {
        str(a["url"]): {**a, "id": n}
        for n, a in g.nodes(data=True)
        if a.get("label") == Label.SOURCE
    }


@pytest.mark.slow
def test_crawl_loads_the_recaps_merges_one_event_and_recrawls_only_changes(
    capsys: pytest.CaptureFixture[str], site: Site, tmp_path: Path
) -> None:
    code, out, err = crawl(capsys, site, tmp_path)
    assert code == 1, err  # some pages failed; the others are loaded
    assert "Traceback" not in out + err
    # the three recaps of the sitemap, feed and archive page, and no other
    sources = web_sources(tmp_path / "graph.json")
    assert sorted(sources) == sorted(site.url(p) for p in GOOD_PAGES)
    for source in sources.values():
        assert source["fetched_at"] and len(str(source["sha256"])) == 64
        assert "path" not in source  # the cache file is not the page's name
    # the German and the English recap of one event meet in one Event
    found = events(tmp_path / "graph.json")
    assert sorted(str(a["date"]) for a in found.values()) == ["2023-09-19", "2024-05-14"]
    water = next(a for a in found.values() if a["date"] == "2024-05-14")
    assert {sources[site.url(p)]["id"] for p in GOOD_PAGES[:2]} <= set(water["sources"])  # type: ignore[call-overload]
    assert "1 event(s) reported by several pages" in out
    assert f"{site.url(GOOD_PAGES[0])}" in out.split("several pages")[1]
    # every bad page is one line saying what went wrong
    for path, reason in BAD_PAGES.items():
        line = next(x for x in out.splitlines() if site.url(path) + ":" in x)
        assert line.strip().startswith("failed:") and reason in line
    assert "over the size limit (the limit is 5.0 MB)" in out
    # robots.txt forbids one page: it is named and never requested
    assert f"skipped (robots.txt): {site.url(FORBIDDEN_PAGE)}" in out
    assert site.requested(FORBIDDEN_PAGE) == []
    # one request per DELAY seconds, each naming citygraph
    times = [r.at for r in site.log]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    # (arrival times jitter on a busy machine: one late arrival makes the gap after it
    # short, so the typical gap and the whole crawl are checked; without the delay the
    # gaps would be milliseconds)
    assert statistics.median(gaps) >= DELAY - JITTER, gaps
    assert times[-1] - times[0] >= (len(times) - 1) * DELAY - JITTER
    assert all(r.user_agent.startswith("citygraph/") for r in site.log)

    # a second crawl asks "changed?" and downloads nothing unchanged
    site.log.clear()
    code, out, _ = crawl(capsys, site, tmp_path)
    assert "0 fetched, 3 unchanged" in out
    for path in GOOD_PAGES:
        (request,) = site.requested(path)
        assert request.if_none_match  # a conditional request, answered 304
    assert len(events(tmp_path / "graph.json")) == 2

    # one page changes: only it is downloaded again, and its new fact is loaded
    site.pages[GOOD_PAGES[2]] = site.pages[GOOD_PAGES[2]].replace(
        "25 participants", "27 participants"
    )
    code, out, _ = crawl(capsys, site, tmp_path)
    assert "1 fetched, 2 unchanged" in out
    counts = {a.get("participants_count") for a in events(tmp_path / "graph.json").values()}
    assert 27 in counts


def test_dry_run_writes_nothing(
    capsys: pytest.CaptureFixture[str], site: Site, tmp_path: Path
) -> None:
    # the sitemap's first two: the German recap, then the page robots.txt forbids
    _code, out, _ = crawl(capsys, site, tmp_path, "--dry-run", "--max-pages", "2")
    assert "2 recap page(s) found (--max-pages 2 reached: the rest of the sitemaps" in out
    assert "Dry run: 1 page(s) would add" in out and "nothing was written" in out
    assert not (tmp_path / "graph.json").exists()
    assert not (tmp_path / "cache").exists()
    assert [r.path for r in site.log if r.path in (*GOOD_PAGES, *BAD_PAGES)] == [GOOD_PAGES[0]]


def test_load_urls_keeps_the_url_and_fetch_time(
    capsys: pytest.CaptureFixture[str], site: Site, tmp_path: Path
) -> None:
    graph_file = tmp_path / "graph.json"
    urls = [site.url(p) for p in GOOD_PAGES[:2]]
    code, out, err = run(
        capsys,
        "load",
        *urls,
        "--cache",
        str(tmp_path / "c"),
        "--graph-file",
        str(graph_file),
        "--allow-private",
    )
    assert code == 0, err
    assert "Loaded 2 web page(s)" in out
    assert sorted(web_sources(graph_file)) == sorted(urls)
    assert len(events(graph_file)) == 1  # the two recaps of one event
    cached = sorted(p.name for p in (tmp_path / "c").rglob("*.html"))
    assert cached == [
        "en-news-water-in-the-city-html-" + cached[0].rsplit("-", 1)[1],
        "rueckblicke-wasser-in-der-stadt-html-" + cached[1].rsplit("-", 1)[1],
    ]


def test_load_with_one_failing_url_writes_nothing(
    capsys: pytest.CaptureFixture[str], site: Site, tmp_path: Path
) -> None:
    graph_file = tmp_path / "graph.json"
    code, _out, err = run(
        capsys,
        "load",
        site.url(GOOD_PAGES[0]),
        site.url("/rueckblicke/fehlt.html"),
        "--cache",
        str(tmp_path / "c"),
        "--graph-file",
        str(graph_file),
        "--allow-private",
    )
    assert code == 1
    assert err.strip() == f"error: {site.url('/rueckblicke/fehlt.html')}: HTTP 404 Not Found"
    assert not graph_file.exists()


def test_extract_url_names_the_page(
    capsys: pytest.CaptureFixture[str], site: Site, tmp_path: Path
) -> None:
    code, out, err = run(
        capsys,
        "extract",
        site.url(GOOD_PAGES[1]),
        site.url(FORBIDDEN_PAGE),
        "--json",
        "--cache",
        str(tmp_path / "c"),
        "--allow-network",
        "127.0.0.1/32",
    )
    assert code == 1
    (result,) = json.loads(out)
    assert result["source"] == site.url(GOOD_PAGES[1])
    assert result["event"]["date"] == "2024-05-14"
    assert {p["name"] for p in result["people"]} == {"Mette Larsen", "João Ferreira"}
    assert "robots.txt forbids this page to citygraph" in err
    assert site.requested(FORBIDDEN_PAGE) == []


LOCAL = AddressPolicy(allowed=(ipaddress.ip_network("127.0.0.1/32"),))  # the test site only


def fetcher(tmp_path: Path, **options: object) -> Fetcher:
    return Fetcher(
        PageCache(tmp_path / "c"),
        options=FetchOptions(delay=0, policy=LOCAL, **options),  # type: ignore[arg-type]
    )


def test_a_host_that_does_not_resolve_is_one_line(tmp_path: Path) -> None:
    with fetcher(tmp_path) as f, pytest.raises(FetchError) as caught:
        f.page("http://recaps.city-network.invalid/rueckblicke/")
    assert str(caught.value) == (
        "http://recaps.city-network.invalid/rueckblicke/: "
        "cannot resolve the host name 'recaps.city-network.invalid' (DNS)"
    )


def test_a_page_that_declares_its_size_is_refused_before_reading(
    site: Site, tmp_path: Path
) -> None:
    with fetcher(tmp_path, max_bytes=500) as f, pytest.raises(FetchError) as caught:
        f.page(site.url(GOOD_PAGES[0]))
    size = len(site.pages[GOOD_PAGES[0]].encode()) / 1000
    assert str(caught.value) == (
        f"{site.url(GOOD_PAGES[0])}: page is over the size limit ({size:.1f} kB; "
        "the limit is 0.5 kB)"
    )
    assert not list((tmp_path / "c").rglob("*.html"))


def test_the_slow_page_times_out_and_the_next_page_still_loads(site: Site, tmp_path: Path) -> None:
    with fetcher(tmp_path, timeout=TIMEOUT) as f:
        with pytest.raises(FetchError, match=r"timed out after 0\.5 s"):
            f.page(site.url("/rueckblicke/langsam.html"))
        page = f.page(site.url(GOOD_PAGES[0]))
    assert page.changed and page.path.read_bytes() == site.pages[GOOD_PAGES[0]].encode()


def test_one_walker_for_load_extract_and_tables(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from loaders import plan
    from loaders.tables import table_files

    (tmp_path / "nested").mkdir()
    (tmp_path / ".drafts").mkdir()
    (tmp_path / "nested" / "cities.csv").write_text("name,country\nTartu,Estonia\n")
    (tmp_path / ".drafts" / "cities.csv").write_text("name,country\nRiga,Latvia\n")
    (tmp_path / ".drafts" / "old.txt").write_text("Rückblick")
    (tmp_path / "nested" / "recap.txt").write_text("Night buses\n\nNothing happened.\n")
    todo = plan([tmp_path])
    assert todo.tables == table_files([tmp_path]) == [tmp_path / "nested" / "cities.csv"]
    assert todo.recaps == [tmp_path / "nested" / "recap.txt"]
    _code, out, _ = run(capsys, "extract", str(tmp_path), "--json")
    assert [r["source"] for r in json.loads(out)] == [str(tmp_path / "nested" / "recap.txt")]
