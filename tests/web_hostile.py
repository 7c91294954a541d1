"""A hostile website on 127.0.0.1, for the crawler's limits: every way a site can try to
exhaust memory or time, or to make citygraph request addresses it must not.

One server answers under several host names (the tests' name lookup sends them all to
127.0.0.1) and routes on the ``Host`` header as well as the path:

- ``hostile.test``: a gzip-inside-gzip page, sitemaps of millions of URLs (gzip files, or
  under ``Content-Encoding: gzip``), a sitemap index of 60 x 100,000 URLs, a page whose
  headers arrive a byte at a time, redirects to private, link-local and metadata
  addresses and to ``javascript:`` and ``data:`` URLs, links that are no valid URLs, a
  page too big for the tests' file size limit;
- ``slow-robots.test``: a robots.txt arriving a byte at a time;
- ``delay.test``: a robots.txt asking for a day between requests;
- ``ssrf.test``: a robots.txt and a sitemap naming private and metadata addresses.

Large bodies are made as they are sent, so a client that stops reading stops the cost.
Every request is logged (host, path), so tests can say what was asked for.
"""

from __future__ import annotations

import functools
import gzip
import struct
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from web_site import DE, NIGHT_BUSES

BOMB_BYTES = 1 << 30  # what the gzip-in-gzip page inflates to: 1 GiB
HUGE_SITEMAP_BYTES = 1_500_000_000  # the gzipped sitemap's size once inflated
INDEX_SITEMAPS, INDEX_URLS = 60, 100_000
TRICKLE_SECONDS = 0.05  # between two bytes of a trickled answer
BIG_PAGE_BYTES = 200_000  # over the tests' file size limit for the cache
PRIVATE_TARGETS = {  # redirect path: where it leads
    "/to-private.html": "http://10.0.0.1/admin",
    "/to-link-local.html": "http://169.254.169.254/latest/meta-data/",
    "/to-metadata-name.html": "http://metadata.google.internal/computeMetadata/v1/",
    "/to-intranet.html": "http://intranet.test/",  # resolves to 10.0.0.1
    "/to-mapped.html": "http://[::ffff:10.0.0.1]/",
    "/to-loopback-v6.html": "http://[::1]/",
}
BAD_TARGETS = {  # redirect path: where it leads
    "/to-javascript.html": "javascript:alert(1)",
    "/to-data.html": "data:text/html,<script>alert(1)</script>",
    "/to-bad-port.html": "http://hostile.test:99999/",
    "/to-bad-ipv6.html": "http://[::1/",
}

BAD_LINKS = ("bad\x7f.html", "tab\there.html")  # the site's own, not valid URLs


@dataclass
class Hostile:
    """The server's log of requests and its address."""

    port: int = 0
    log: list[tuple[str, str]] = field(default_factory=list)  # (host name, path)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str, host: str = "hostile.test") -> str:
        return f"http://{host}:{self.port}{path}"

    def requested(self, host: str | None = None) -> list[str]:
        with self.lock:
            return [p for h, p in self.log if host is None or h == host]


@functools.cache
def gzip_in_gzip() -> bytes:
    """``BOMB_BYTES`` of zeros, gzipped twice: about 2.5 kB. Made in a third of a second:
    after a full flush a mebibyte of zeros compresses to the same block every time, so
    the inner gzip is that block repeated (and its CRC computed on the side)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    mebibyte = b"\0" * (1 << 20)
    block = packer.compress(mebibyte) + packer.flush(zlib.Z_FULL_FLUSH)
    count = BOMB_BYTES >> 20
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(mebibyte, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    trailer = struct.pack("<II", crc, BOMB_BYTES & 0xFFFFFFFF)
    inner = header + block * count + packer.flush() + trailer
    return gzip.compress(inner, 9)


def _gzip_stream(pieces: Iterator[bytes]) -> Iterator[bytes]:
    """``pieces`` gzipped as they come (a gzip file of any length, made lazily)."""
    packer = zlib.compressobj(6, zlib.DEFLATED, 31)
    for piece in pieces:
        out = packer.compress(piece)
        if out:
            yield out
    yield packer.flush()


def _urlset(base: str, *, total_bytes: int, prefix: str) -> Iterator[bytes]:
    """A sitemap of ``total_bytes``, of URLs ``prefix`` + a number, 1,000 per piece."""
    yield b'<?xml version="1.0" encoding="UTF-8"?>'
    yield b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    sent, n = 0, 0
    while sent < total_bytes:
        piece = "".join(
            f"<url><loc>{base}{prefix}{i}.html</loc></url>" for i in range(n, n + 1000)
        ).encode()
        n += 1000
        sent += len(piece)
        yield piece
    yield b"</urlset>"


def _xml(root: str, entry: str, urls: list[str]) -> bytes:
    entries = "".join(f"<{entry}><loc>{u}</loc></{entry}>" for u in urls)
    ns = "http://www.sitemaps.org/schemas/sitemap/0.9"
    return f'<{root} xmlns="{ns}">{entries}</{root}>'.encode()


def _handler(site: Hostile) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

        def send(self, status: int, body: bytes, ctype: str, **headers: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name.replace("_", "-"), value)
            self.end_headers()
            self.wfile.write(body)

        def stream(self, pieces: Iterator[bytes], ctype: str, **headers: str) -> None:
            """A body of unknown length: sent until the client stops reading."""
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Connection", "close")
            for name, value in headers.items():
                self.send_header(name.replace("_", "-"), value)
            self.end_headers()
            self.close_connection = True
            for piece in pieces:
                self.wfile.write(piece)

        def trickle(self) -> None:
            """A whole answer, headers included, one byte at a time, forever."""
            self.close_connection = True
            answer = b"HTTP/1.1 200 OK\r\n" + b"X-Slow: " + b"a" * 10_000_000
            for i in range(len(answer)):
                self.wfile.write(answer[i : i + 1])
                time.sleep(TRICKLE_SECONDS)

        def do_GET(self) -> None:
            host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
            path = self.path.split("?")[0]
            with site.lock:
                site.log.append((host, path))
            with suppress(BrokenPipeError, ConnectionResetError):  # the client gave up
                self.route(host, path)

        def route(self, host: str, path: str) -> None:
            base = f"http://{host}:{site.port}"
            if host == "slow-robots.test" and path == "/robots.txt":
                self.trickle()
            elif host == "delay.test" and path == "/robots.txt":
                self.send(200, b"User-agent: *\nCrawl-delay: 86400\n", "text/plain")
            elif host == "ssrf.test" and path == "/robots.txt":
                lines = [
                    "User-agent: *",
                    "Allow: /",
                    "Sitemap: http://10.0.0.1/sitemap.xml",
                    "Sitemap: http://169.254.169.254/latest/meta-data/",
                    "Sitemap: http://metadata.google.internal/computeMetadata/v1/",
                    "Sitemap: http://intranet.test/sitemap.xml",
                    f"Sitemap: {base}/sitemap.xml",
                ]
                self.send(200, "\n".join(lines).encode(), "text/plain")
            elif host == "ssrf.test" and path == "/sitemap.xml":  # an index
                nested = [f"{base}/pages.xml", "http://10.0.0.1/nested.xml"]
                nested.append("http://metadata.google.internal/computeMetadata/v1/x.xml")
                self.send(200, _xml("sitemapindex", "sitemap", nested), "text/xml")
            elif host == "ssrf.test" and path == "/pages.xml":
                pages = [base + p for p in ["/r/good.html", *PRIVATE_TARGETS, *BAD_TARGETS]]
                self.send(200, _xml("urlset", "url", pages), "text/xml")
            elif path == "/robots.txt":
                self.send(200, b"User-agent: *\nAllow: /\n", "text/plain")
            elif path == "/bomb.html":
                self.send(200, gzip_in_gzip(), "text/html", Content_Encoding="gzip, gzip")
            elif path == "/slow-headers.html":
                self.trickle()
            elif path == "/huge-sitemap.xml.gz":  # a gzip file
                pieces = _urlset(base, total_bytes=HUGE_SITEMAP_BYTES, prefix="/other/")
                self.stream(_gzip_stream(pieces), "application/gzip")
            elif path == "/huge-sitemap.xml":  # gzip as the transfer's encoding
                pieces = _urlset(base, total_bytes=HUGE_SITEMAP_BYTES, prefix="/other/")
                self.stream(_gzip_stream(pieces), "application/xml", Content_Encoding="gzip")
            elif path == "/index.xml":
                entries = "".join(
                    f"<sitemap><loc>{base}/part-{i}.xml</loc></sitemap>"
                    for i in range(INDEX_SITEMAPS)
                )
                index = (
                    '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                    f"{entries}</sitemapindex>"
                )
                self.send(200, index.encode(), "application/xml")
            elif path.startswith("/part-"):
                size = INDEX_URLS * 50  # about 50 bytes a URL
                self.stream(_urlset(base, total_bytes=size, prefix="/r/"), "application/xml")
            elif path == "/disk.xml":  # for a cache that takes no file as big as big.html
                pages = [f"{base}/r/{name}.html" for name in ("first", "big", "last")]
                self.send(200, _xml("urlset", "url", pages), "application/xml")
            elif path == "/bad-links.xml":  # links of the site that are no valid URLs
                pages = [f"{base}/r/{name}" for name in BAD_LINKS]
                pages += ["javascript:alert(1)", "data:text/html,x", "http://[::1/r/"]
                pages.append(f"{base}/r/fine.html")
                self.send(200, _xml("urlset", "url", pages), "application/xml")
            elif path in PRIVATE_TARGETS:
                self.send(302, b"", "text/html", Location=PRIVATE_TARGETS[path])
            elif path in BAD_TARGETS:
                self.send(302, b"", "text/html", Location=BAD_TARGETS[path])
            elif path == "/r/big.html":
                page = DE.replace(
                    "</main>", "<p>" + "Wasser " * (BIG_PAGE_BYTES // 7) + "</p></main>"
                )
                self.send(200, page.encode(), "text/html; charset=utf-8")
            elif path == "/r/":  # the archive page: nothing on it
                self.send(200, b"<html></html>", "text/html")
            elif path.startswith("/r/"):
                self.send(200, NIGHT_BUSES.encode(), "text/html; charset=utf-8")
            else:
                self.send(404, b"<h1>Not found</h1>", "text/html")

    return Handler


@contextmanager
def serve() -> Iterator[Hostile]:
    """The hostile site on 127.0.0.1, any free port, until the block ends."""
    gzip_in_gzip()  # made before anyone asks: the page answers at once
    site = Hostile()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    server.block_on_close = False
    site.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
