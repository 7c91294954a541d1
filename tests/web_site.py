"""A small city network's website, served on 127.0.0.1 by the tests themselves.

Our own recap pages (a German and an English recap of one event, a recap of another), a
robots.txt that forbids /rueckblicke/intern/, a sitemap index with one sitemap, an RSS
feed, an archive page, and pages that go wrong: slow, missing, broken, a redirect loop, a
10 MB page, a PDF. Every request is logged with its arrival time and its conditional
headers, so tests can say what was (and was not) asked for, and when.

Run it by hand with ``python tests/web_site.py [PORT]`` to crawl it from the command line.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SLOW_SECONDS = 2.0  # the slow page answers after this; tests time out well before
BIG_BYTES = 10_000_000

DE = """<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>Wasser in der Stadt | Städtenetz</title>
</head><body>
<nav><a href="/">Start</a> <a href="/rueckblicke/">Rückblicke</a></nav>
<main><article>
<p class="meta">28.05.2024</p>
<h1>Wasser in der Stadt</h1>
<h2>Rückblick auf den Fachaustausch am 14. Mai 2024 in Aarhus</h2>
<p>Rund 30 Teilnehmende aus Dänemark, Portugal und Slowenien diskutierten in Aarhus, wie
Städte Starkregen speichern statt ableiten.</p>
<h3>Präsentationen guter Praktiken</h3>
<p>Regenwasserparks in Aarhus<br>Mette Larsen, Bürgermeisterin, Stadt Aarhus, Aarhus, Dänemark</p>
<p>Grüne Dächer für Schulen in Porto<br>João Ferreira, Stadtverwaltung Porto, Porto, Portugal</p>
</article></main>
<footer>Impressum</footer>
</body></html>
"""

EN = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Water in the city | City Network</title>
</head><body>
<nav><a href="/">Home</a> <a href="/en/news/">News</a></nav>
<main><article>
<p class="meta">29.05.2024</p>
<h1>Water in the city</h1>
<h2>Looking back on the exchange on 14 May 2024 in Aarhus, Denmark</h2>
<p>About 30 participants from Denmark, Portugal and Slovenia met in Aarhus to discuss how
cities store heavy rain instead of draining it.</p>
<h3>Good practice presentations</h3>
<p>Rainwater parks in Aarhus<br>Mette Larsen, Mayor, City of Aarhus, Aarhus, Denmark</p>
<p>Green roofs for schools in Porto<br>João Ferreira, Porto City Council, Porto, Portugal</p>
</article></main>
<footer>Imprint</footer>
</body></html>
"""

NIGHT_BUSES = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Night buses | City Network</title></head>
<body><main><article>
<p class="meta">02.10.2023</p>
<h1>Night buses</h1>
<h2>Looking back on the webinar on 19 September 2023</h2>
<p>About 25 participants from Finland and Spain met online to compare night bus networks.</p>
<h3>Good practice presentations</h3>
<p>A night bus grid for Tampere<br>Aino Virtanen, Transport Planner, City of Tampere,
Tampere, Finland</p>
</article></main></body></html>
"""

FORBIDDEN_PAGE = "/rueckblicke/intern/entwurf.html"
GOOD_PAGES = (
    "/rueckblicke/wasser-in-der-stadt.html",
    "/en/news/water-in-the-city.html",
    "/en/news/night-buses.html",
)
BAD_PAGES = {  # path: what the crawl must say about it
    "/rueckblicke/langsam.html": "timed out",
    "/rueckblicke/fehlt.html": "HTTP 404",
    "/rueckblicke/kaputt.html": "HTTP 500",
    "/rueckblicke/schleife.html": "redirect loop",
    "/rueckblicke/riesig.html": "over the size limit",
    "/rueckblicke/programm.pdf": "not an HTML page",
}
MATCH = "/rueckblicke/|/en/news/"


@dataclass(frozen=True)
class Request:
    path: str
    at: float  # time.monotonic() when it arrived
    user_agent: str
    if_none_match: str | None
    if_modified_since: str | None


@dataclass
class Site:
    """The site's pages (mutable: a test may change one) and the log of requests."""

    pages: dict[str, str] = field(
        default_factory=lambda: {
            GOOD_PAGES[0]: DE,
            GOOD_PAGES[1]: EN,
            GOOD_PAGES[2]: NIGHT_BUSES,
            FORBIDDEN_PAGE: NIGHT_BUSES.replace("Night buses", "Draft"),
        }
    )
    log: list[Request] = field(default_factory=list)
    base: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return self.base + path

    def requested(self, path: str) -> list[Request]:
        with self.lock:
            return [r for r in self.log if r.path == path]


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:16] + '"'


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
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

        def do_GET(self) -> None:
            path = self.path.split("?")[0]
            with site.lock:
                site.log.append(
                    Request(
                        path,
                        time.monotonic(),
                        self.headers.get("User-Agent", ""),
                        self.headers.get("If-None-Match"),
                        self.headers.get("If-Modified-Since"),
                    )
                )
            with suppress(BrokenPipeError, ConnectionResetError):  # the client gave up
                self.route(path)

        def route(self, path: str) -> None:
            b = site.base
            if path == "/robots.txt":
                body = f"User-agent: *\nDisallow: /rueckblicke/intern/\nSitemap: {b}/sitemap.xml\n"
                self.send(200, body.encode(), "text/plain")
            elif path == "/sitemap.xml":
                self.send(200, _sitemap_index(b).encode(), "application/xml")
            elif path == "/sitemap-rueckblicke.xml":
                urls = [GOOD_PAGES[0], FORBIDDEN_PAGE, *BAD_PAGES, "/impressum.html"]
                self.send(200, _urlset(b, urls).encode(), "application/xml")
            elif path == "/feed.xml":
                self.send(200, _feed(b, GOOD_PAGES[1:]).encode(), "application/rss+xml")
            elif path == "/rueckblicke/":
                links = "".join(f'<li><a href="{p}">{p}</a></li>' for p in (GOOD_PAGES[0],))
                archive = f"<html><body><h1>Rückblicke</h1><ul>{links}</ul></body></html>"
                self.send(200, archive.encode(), "text/html; charset=utf-8")
            elif path in site.pages:
                page = site.pages[path].encode("utf-8")
                tag = _etag(page)
                if self.headers.get("If-None-Match") == tag:
                    self.send_response(304)
                    self.send_header("ETag", tag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                else:
                    self.send(200, page, "text/html; charset=utf-8", ETag=tag)
            elif path == "/rueckblicke/langsam.html":
                time.sleep(SLOW_SECONDS)
                self.send(200, NIGHT_BUSES.encode(), "text/html")
            elif path == "/rueckblicke/kaputt.html":
                self.send(500, b"<h1>Internal error</h1>", "text/html")
            elif path == "/rueckblicke/schleife.html":
                self.send(302, b"", "text/html", Location="/rueckblicke/schleife-2.html")
            elif path == "/rueckblicke/schleife-2.html":
                self.send(302, b"", "text/html", Location=b + "/rueckblicke/schleife.html")
            elif path == "/rueckblicke/riesig.html":
                self.big_page()
            elif path == "/rueckblicke/programm.pdf":
                self.send(200, b"%PDF-1.4 not really", "application/pdf")
            else:
                self.send(404, b"<h1>Not found</h1>", "text/html")

        def big_page(self) -> None:
            """10 MB of HTML, streamed without a Content-Length (the client must count)."""
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            chunk = b"<p>" + b"Wasser " * 1400 + b"</p>\n"
            sent = 0
            while sent < BIG_BYTES:
                self.wfile.write(chunk)
                sent += len(chunk)

    return Handler


def _sitemap_index(base: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{base}/sitemap-rueckblicke.xml</loc></sitemap></sitemapindex>"
    )


def _urlset(base: str, paths: list[str]) -> str:
    urls = "".join(f"<url><loc>{base}{p}</loc></url>" for p in paths)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    )


def _feed(base: str, paths: tuple[str, ...]) -> str:
    items = "".join(f"<item><title>{p}</title><link>{base}{p}</link></item>" for p in paths)
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>City Network news</title><link>{base}/en/news/</link>{items}</channel></rss>"
    )


@contextmanager
def serve(port: int = 0) -> Iterator[Site]:
    """The site on 127.0.0.1 (``port`` 0: any free port), until the block ends."""
    site = Site()
    server = ThreadingHTTPServer(("127.0.0.1", port), _handler(site))
    server.daemon_threads = True
    server.block_on_close = False
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    import sys

    with serve(int(sys.argv[1]) if len(sys.argv) > 1 else 8765) as running:
        print(f"serving {running.base}/rueckblicke/ (Ctrl-C stops)", flush=True)
        with suppress(KeyboardInterrupt):
            threading.Event().wait()
