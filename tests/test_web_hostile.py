"""The crawler against a hostile site (tests/web_hostile.py): every fetch is bounded in
memory and time, every request passes one address policy, and every bad link or full
disk is one line while the rest goes on.

Each case runs ``citygraph`` in a child process (tests/web_child.py) under a memory limit,
with a name lookup of the test's own: ``hostile.test`` and the other names of the hostile
site resolve to 127.0.0.1, ``intranet.test`` to 10.0.0.1, every other name fails, and no
connection leaves 127.0.0.1 (the child refuses it, and logs every attempt). The test
asserts the one-line message, the child's peak memory, the requests the site saw and
what was stored.
"""

from __future__ import annotations

import ipaddress
import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import web_hostile
from web_hostile import BAD_TARGETS, Hostile

from loaders.web import AddressPolicy, Fetcher, FetchError, FetchOptions, PageCache

HERE = Path(__file__).parent
MEMORY_CAP_MB = 1024  # the child's address space: a bomb that got through would die here
PEAK_MB = 250  # what a bounded fetch may take (the command itself takes about 60 MB)
HOSTS = {
    "hostile.test": "127.0.0.1",
    "slow-robots.test": "127.0.0.1",
    "delay.test": "127.0.0.1",
    "ssrf.test": "127.0.0.1",
    "metadata.google.internal": "127.0.0.1",  # even so: refused by its name
    "intranet.test": "10.0.0.1",
    "tls.test": "127.0.0.1",
}
ALLOW_SITE = ("--allow-network", "127.0.0.1/32")  # the hostile site, nothing else


@pytest.fixture(scope="module")
def site() -> Iterator[Hostile]:
    with web_hostile.serve() as s:
        yield s


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str
    peak_mb: int
    connected: list[str]  # addresses the child tried to connect to
    seconds: float

    def line(self, text: str) -> str:
        """The one output line containing ``text``."""
        (found,) = [x for x in (self.out + self.err).splitlines() if text in x]
        return found


def citygraph(tmp_path: Path, *args: str, file_size_kb: int | None = None) -> Run:
    spec = tmp_path / "spec.json"
    spec.write_text(
        json.dumps({"hosts": HOSTS, "memory_mb": MEMORY_CAP_MB, "file_size_kb": file_size_kb})
    )
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, str(HERE / "web_child.py"), str(spec), "--", *args],
        capture_output=True,
        text=True,
        timeout=120,  # a hang fails here instead of holding the suite
        cwd=HERE.parent,
        check=False,
    )
    err_lines = done.stderr.splitlines()
    peak = int(err_lines[-1].removeprefix("peak_rss_mb="))
    return Run(
        code=done.returncode,
        out=done.stdout,
        err="\n".join(x for x in err_lines if not x.startswith(("connect ", "peak_rss_mb="))),
        peak_mb=peak,
        connected=[x.split()[1] for x in err_lines if x.startswith("connect ")],
        seconds=time.monotonic() - started,
    )


def stored(tmp_path: Path) -> tuple[bool, list[str]]:
    """Whether a graph file was written, and the pages in the cache."""
    pages = sorted(p.name for p in (tmp_path / "cache").rglob("*.html"))
    return (tmp_path / "graph.json").exists(), pages


def crawl(tmp_path: Path, start: str, *args: str, **kw: int) -> Run:
    return citygraph(
        tmp_path,
        "crawl",
        start,
        "--delay",
        "0",
        "--cache",
        str(tmp_path / "cache"),
        "--graph-file",
        str(tmp_path / "graph.json"),
        *args,
        **kw,
    )


# -- bounded in memory -----------------------------------------------------------------


def test_gzip_inside_gzip_stops_at_the_size_limit(site: Hostile, tmp_path: Path) -> None:
    url = site.url("/bomb.html")  # 2 kB on the wire, 1 GiB inside
    run = citygraph(
        tmp_path, "load", url, *ALLOW_SITE, "--cache", str(tmp_path / "cache"),
        "--graph-file", str(tmp_path / "graph.json"),
    )  # fmt: skip
    assert run.code == 1
    assert run.err.strip() == (
        f"error: {url}: page is over the size limit "
        "(the limit is 5.0 MB, counted after decoding gzip, gzip)"
    )
    assert run.peak_mb < PEAK_MB, run
    assert stored(tmp_path) == (False, [])


@pytest.mark.parametrize("path", ["/huge-sitemap.xml.gz", "/huge-sitemap.xml"])
def test_a_sitemap_of_gigabytes_is_read_up_to_the_url_budget(
    site: Hostile, tmp_path: Path, path: str
) -> None:
    # 1.5 GB once inflated, as a gzip file or under Content-Encoding: gzip
    site.log.clear()
    run = crawl(
        tmp_path, site.url("/r/"), "--match", "/r/", "--sitemap", site.url(path),
        "--max-urls", "20000", *ALLOW_SITE,
    )  # fmt: skip
    assert run.code == 0, run
    assert "0 recap page(s) found (--max-urls 20,000 reached: that many URLs were read" in (run.out)
    assert run.peak_mb < PEAK_MB, run
    assert site.requested() == ["/robots.txt", path]  # nothing more was read
    assert stored(tmp_path) == (False, [])


def test_a_sitemap_index_of_60_x_100000_urls_stops_at_max_pages(
    site: Hostile, tmp_path: Path
) -> None:
    site.log.clear()
    run = crawl(
        tmp_path, site.url("/r/"), "--match", "/r/", "--sitemap", site.url("/index.xml"),
        "--max-pages", "5", "--dry-run", *ALLOW_SITE,
    )  # fmt: skip
    assert "5 recap page(s) found (--max-pages 5 reached" in run.out, run
    assert "Dry run: 5 page(s) would add" in run.out
    assert site.requested()[:3] == ["/robots.txt", "/index.xml", "/part-0.xml"]
    assert site.requested()[3:] == [f"/r/{i}.html" for i in range(5)]  # part-1 never asked
    assert run.peak_mb < PEAK_MB, run
    assert stored(tmp_path) == (False, [])


def test_a_sitemap_index_of_no_recaps_stops_at_the_default_url_budget(
    site: Hostile, tmp_path: Path
) -> None:
    site.log.clear()
    run = crawl(
        tmp_path, site.url("/r/"), "--match", "/nothing-matches/",
        "--sitemap", site.url("/index.xml"), *ALLOW_SITE,
    )  # fmt: skip
    assert "--max-urls 50,000 reached" in run.out, run
    assert site.requested() == ["/robots.txt", "/index.xml", "/part-0.xml"]
    assert run.peak_mb < PEAK_MB, run


# -- bounded in time -------------------------------------------------------------------


def test_headers_a_byte_at_a_time_end_at_the_deadline(site: Hostile, tmp_path: Path) -> None:
    page = site.url("/slow-headers.html")  # each byte well within --timeout
    run = citygraph(
        tmp_path, "crawl", page, "--match", "/slow-", "--delay", "0", "--deadline", "1",
        "--timeout", "0.5", "--cache", str(tmp_path / "cache"), *ALLOW_SITE,
    )  # fmt: skip
    assert run.line(f"failed: {page}:").strip() == (
        f"failed: {page}: no complete answer within 1 s (the limit for a whole request)"
    )
    assert run.seconds < 30, run  # a guard against hanging; it takes a few seconds


def test_a_robots_txt_a_byte_at_a_time_ends_at_the_deadline(site: Hostile, tmp_path: Path) -> None:
    start = site.url("/r/", host="slow-robots.test")
    run = crawl(tmp_path, start, "--match", "/r/", "--deadline", "1", *ALLOW_SITE)
    assert run.line(f"failed: {start}:").strip() == (
        f"failed: {start}: no complete answer within 1 s (the limit for a whole request)"
    )
    assert run.code == 1 and run.seconds < 30, run
    assert stored(tmp_path) == (False, [])


def test_a_day_long_crawl_delay_is_capped_with_a_line(
    site: Hostile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    resolve_to_the_site(monkeypatch)
    waited: list[float] = []
    clock = [0.0]
    notices: list[str] = []

    def sleep(seconds: float) -> None:  # time passes, nobody waits
        waited.append(seconds)
        clock[0] += seconds

    policy = AddressPolicy(allowed=(ipaddress.ip_network("127.0.0.1/32"),))
    with Fetcher(
        PageCache(tmp_path / "cache"),
        options=FetchOptions(delay=0, policy=policy),
        sleep=sleep,
        clock=lambda: clock[0],
        on_notice=notices.append,
    ) as fetcher:
        for name in ("first", "last"):
            fetcher.page(site.url(f"/r/{name}.html", host="delay.test"))
    origin = f"http://delay.test:{site.port}"
    assert notices == [
        f"{origin}/robots.txt asks for 86400 s between requests (Crawl-delay); "
        "citygraph waits 30 s, its limit"
    ]
    assert waited == [30.0, 30.0]  # before each page: robots.txt, first, last


# -- one address policy for every request ----------------------------------------------


def test_no_request_reaches_a_refused_address_by_any_path(site: Hostile, tmp_path: Path) -> None:
    """robots.txt, the sitemaps it names, a sitemap index's entries, the pages of a
    sitemap, their redirects, a feed: each is refused before connecting when it names a
    private, link-local or metadata address, and the crawl goes on."""
    site.log.clear()
    base = f"http://ssrf.test:{site.port}"
    run = crawl(
        tmp_path, base + "/r/", "--match", "/r/|/to-", "--feed", "http://10.0.0.1/feed.xml",
        "--feed", "http://intranet.test/feed.xml", *ALLOW_SITE,
    )  # fmt: skip
    refused = {
        "http://10.0.0.1/sitemap.xml": "10.0.0.1 is a private address",
        "http://169.254.169.254/latest/meta-data/": "169.254.169.254 is a cloud metadata address",
        "http://metadata.google.internal/computeMetadata/v1/": (
            "metadata.google.internal is a cloud metadata service"
        ),
        "http://intranet.test/sitemap.xml": "intranet.test: 10.0.0.1 is a private address",
        "http://10.0.0.1/nested.xml": "10.0.0.1 is a private address",
        "http://10.0.0.1/feed.xml": "10.0.0.1 is a private address",
        "http://intranet.test/feed.xml": "intranet.test: 10.0.0.1 is a private address",
        base + "/to-private.html": "10.0.0.1 is a private address",
        base + "/to-link-local.html": "169.254.169.254 is a cloud metadata address",
        base + "/to-metadata-name.html": "metadata.google.internal is a cloud metadata service",
        base + "/to-intranet.html": "intranet.test: 10.0.0.1 is a private address",
        base + "/to-mapped.html": "::ffff:10.0.0.1 is a private address",
        base + "/to-loopback-v6.html": "::1 is a loopback address",
    }
    for url, why in refused.items():
        line = run.line(f"failed: {url}:")
        assert "refused to connect" in line and why in line, line
    assert "http://metadata.google.internal/computeMetadata/v1/x.xml" in run.out
    assert set(run.connected) == {"127.0.0.1"}  # no attempt to connect anywhere else
    # the one good page is loaded; the redirects were never followed
    assert run.code == 1 and "1 fetched" in run.out, run
    graph_written, pages = stored(tmp_path)
    assert graph_written and len(pages) == 1 and pages[0].startswith("r-good-html")
    assert {p for h, p in site.log if h == "ssrf.test"} >= {"/r/good.html", "/to-private.html"}


def test_the_default_policy_refuses_every_request_to_a_loopback_site(
    site: Hostile, tmp_path: Path
) -> None:
    """Without --allow-*, robots.txt, the sitemap, the feed and the start page of a site on
    127.0.0.1 are each refused, and the site sees no request at all."""
    site.log.clear()
    run = crawl(
        tmp_path, site.url("/r/"), "--match", "/r/", "--sitemap", site.url("/disk.xml"),
        "--feed", site.url("/feed.xml"),
    )  # fmt: skip
    for url in (site.url("/disk.xml"), site.url("/feed.xml"), site.url("/r/")):
        assert run.line(f"failed: {url}:").endswith(
            "refused to connect: hostile.test: 127.0.0.1 is a loopback address "
            "(use --allow-private for an intranet)"
        )
    assert site.log == [] and run.connected == []
    assert stored(tmp_path) == (False, [])


# -- bad links, full disks -------------------------------------------------------------


def test_javascript_data_and_invalid_redirects_and_links_each_skip_one_page(
    site: Hostile, tmp_path: Path
) -> None:
    base = f"http://ssrf.test:{site.port}"
    run = crawl(
        tmp_path, base + "/r/", "--match", "/r/|/to-", "--sitemap", base + "/bad-links.xml",
        "--sitemap", base + "/pages.xml", *ALLOW_SITE,
    )  # fmt: skip
    assert "Traceback" not in run.out + run.err
    for path, target in BAD_TARGETS.items():
        line = run.line(f"failed: {base}{path}:")
        assert "redirected" in line and target[:10] in line, line
    for name in web_hostile.BAD_LINKS:  # shown escaped: a terminal acts on none of it
        shown = name.encode("unicode_escape").decode()
        assert "not a valid URL" in run.line(f"failed: {base}/r/{shown}:"), run.out
    assert "2 fetched" in run.out  # /r/fine.html and ssrf.test's good page
    assert run.code == 1


def test_a_full_disk_while_caching_is_one_line_and_loads_what_it_has(
    site: Hostile, tmp_path: Path
) -> None:
    # a disk that takes no file as large as /r/big.html (RLIMIT_FSIZE: the write fails)
    run = crawl(
        tmp_path, site.url("/r/"), "--match", "/r/", "--sitemap", site.url("/disk.xml"),
        *ALLOW_SITE, file_size_kb=100,
    )  # fmt: skip
    assert run.code == 1
    assert run.line("stopped fetching").strip() == (
        f"stopped fetching: {tmp_path / 'cache'}: cannot write the page cache (File too "
        "large); loading the pages fetched so far"
    )
    assert "Traceback" not in run.out + run.err
    graph_written, pages = stored(tmp_path)
    assert graph_written and len(pages) == 1 and pages[0].startswith("r-first-html")
    assert "Loaded 1 web page(s)" in run.out


# -- the policy itself -----------------------------------------------------------------


def resolve_to_the_site(monkeypatch: pytest.MonkeyPatch) -> None:
    real = socket.getaddrinfo

    def getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
        name = host.decode() if isinstance(host, bytes) else str(host)
        return real(HOSTS.get(name, name), *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.mark.parametrize(
    ("address", "why"),
    [
        ("127.0.0.1", "a loopback address"),
        ("10.1.2.3", "a private address"),
        ("192.168.0.1", "a private address"),
        ("172.16.0.1", "a private address"),
        ("169.254.1.1", "a link-local address"),
        ("169.254.169.254", "a cloud metadata address"),
        ("100.100.100.200", "a cloud metadata address"),
        ("100.64.0.1", "not a public address"),
        ("0.0.0.0", "an unspecified address"),
        ("224.0.0.1", "a multicast address"),
        ("240.0.0.1", "a reserved address"),
        ("::1", "a loopback address"),
        ("fe80::1", "a link-local address"),
        ("fc00::1", "a private address"),
        ("fd00:ec2::254", "a cloud metadata address"),
        ("::ffff:127.0.0.1", "a loopback address"),
        ("64:ff9b::a00:1", "a private address"),  # NAT64 of 10.0.0.1
    ],
)
def test_the_policy_refuses_every_kind_of_non_public_address(address: str, why: str) -> None:
    refusal = AddressPolicy().refusal(ipaddress.ip_address(address))
    assert refusal is not None and refusal.kind == why


def test_allowing_private_addresses_never_allows_metadata(tmp_path: Path) -> None:
    policy = AddressPolicy(allow_private=True)
    assert policy.refusal(ipaddress.ip_address("10.0.0.1")) is None
    assert policy.refusal(ipaddress.ip_address("169.254.169.254")) is not None
    with (
        Fetcher(PageCache(tmp_path), options=FetchOptions(policy=policy)) as f,
        pytest.raises(FetchError, match=r"metadata\.google\.internal is a cloud metadata"),
    ):
        f.page("http://metadata.google.internal/computeMetadata/v1/")


def test_tls_names_the_host_while_the_socket_goes_to_the_checked_address(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The connection goes to the address the policy checked (127.0.0.1, no second
    lookup), and TLS still names the host: the server gets ``tls.test`` as SNI and Host,
    and the certificate is checked against that name (one for another name fails)."""
    import ssl
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    import trustme

    ca = trustme.CA()
    seen: list[tuple[str, str]] = []  # (SNI, Host)
    sni: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            seen.append((sni[-1], self.headers.get("Host", "")))
            body = web_hostile.NIGHT_BUSES.encode() if self.path != "/robots.txt" else b""
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))  # how an intranet's own CA is trusted
    resolve_to_the_site(monkeypatch)
    policy = AddressPolicy(allowed=(ipaddress.ip_network("127.0.0.1/32"),))
    for name, ok in (("tls.test", True), ("someone-else.test", False)):
        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ca.issue_cert(name).configure_cert(context)
        context.sni_callback = lambda _sock, server_name, _ctx: sni.append(server_name or "")
        server.socket = context.wrap_socket(server.socket, server_side=True)
        port = server.server_address[1]
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        url = f"https://tls.test:{port}/r/tls.html"
        try:
            with Fetcher(
                PageCache(tmp_path / name), options=FetchOptions(delay=0, policy=policy)
            ) as fetcher:
                if ok:
                    assert fetcher.page(url).changed
                else:
                    with pytest.raises(FetchError, match="CERTIFICATE_VERIFY_FAILED"):
                        fetcher.page(url)
                assert set(fetcher.transport.backend.connected) == {("127.0.0.1", port)}
        finally:
            server.shutdown()
            server.server_close()
        # robots.txt and the page, each over TLS naming tls.test; nothing past a bad cert
        assert seen == ([("tls.test", f"tls.test:{port}")] * 2 if ok else [])
        seen.clear()
