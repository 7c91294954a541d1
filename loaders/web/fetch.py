"""Polite fetching: one client with a user agent naming citygraph, timeouts, a size limit,
redirects followed by hand (each hop checked against robots.txt, loops caught), one request
per host every ``delay`` seconds, and conditional requests for pages already cached.

Every failure is a :class:`FetchError`: one line naming the URL and what went wrong.
"""

from __future__ import annotations

import hashlib
import socket
import time
import urllib.robotparser
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx

from graph.core.errors import LoadError
from loaders.web.cache import CacheEntry, PageCache, file_stem

try:
    from importlib.metadata import version

    _VERSION = version("citygraph")
except Exception:  # not installed (running from a source tree)
    _VERSION = "0"

USER_AGENT = f"citygraph/{_VERSION} (reads event recaps of city networks; respects robots.txt)"
ROBOTS_AGENT = "citygraph"  # the name robots.txt rules address

PAGE_TYPES = {"text/html": ".html", "application/xhtml+xml": ".html", "text/plain": ".txt"}
FEED_TYPES = frozenset(
    {"application/xml", "text/xml", "application/rss+xml", "application/atom+xml"}
)


class FetchError(LoadError):
    """A URL could not be fetched; the message says why, in one line.

    >>> str(FetchError("http://127.0.0.1:8000/x", "HTTP 404 Not Found"))
    'http://127.0.0.1:8000/x: HTTP 404 Not Found'
    """


class Forbidden(FetchError):
    """robots.txt does not allow citygraph to fetch the URL (it was not requested)."""


@dataclass(frozen=True)
class FetchOptions:
    """How politely and how far to fetch."""

    user_agent: str = USER_AGENT
    timeout: float = 10.0  # seconds, for connecting and for the whole body
    max_bytes: int = 5_000_000  # a recap page is far below this
    max_redirects: int = 5
    delay: float = 1.0  # seconds between two requests to one host


@dataclass(frozen=True)
class WebPage:
    """A page kept in the cache, ready for the recap loader."""

    url: str  # as asked for
    final_url: str  # after redirects
    path: Path  # the cached raw bytes (.html or .txt)
    sha256: str
    fetched_at: str  # when these bytes were fetched (ISO 8601, UTC)
    changed: bool  # False: the server said "not modified", or sent the same bytes


@dataclass(frozen=True)
class _Response:
    url: str  # the final URL
    status: int
    content: bytes
    content_type: str
    etag: str | None
    last_modified: str | None


def _mb(n: int) -> str:
    """A size as people read it.

    >>> _mb(5_000_000), _mb(1350)
    ('5.0 MB', '1.4 kB')
    """
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n / 1000:.1f} kB"


class Fetcher:
    """Fetches pages into a :class:`PageCache`. Use as a context manager (it holds one
    HTTP client). ``sleep`` and ``clock`` are the waiting and the time it is measured by."""

    def __init__(
        self,
        cache: PageCache,
        *,
        options: FetchOptions | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.cache = cache
        self.options = options or FetchOptions()
        self._sleep, self._clock = sleep, clock
        self._client = httpx.Client(
            headers={"User-Agent": self.options.user_agent},
            timeout=httpx.Timeout(self.options.timeout),
            follow_redirects=False,
        )
        self._robots: dict[str, urllib.robotparser.RobotFileParser | FetchError] = {}
        self._last_request: dict[str, float] = {}
        self._crawl_delay: dict[str, float] = {}
        self.requests = 0  # requests sent, robots.txt included

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    # -- public -------------------------------------------------------------------------

    def page(self, url: str) -> WebPage:
        """The page at ``url``, from the cache when the server says it has not changed.

        Raises:
            Forbidden: robots.txt disallows the URL.
            FetchError: anything else that keeps the page from being read.
        """
        cached = self.cache.get(url)
        headers = {}
        if cached is not None:
            entry, _ = cached
            if entry.etag:
                headers["If-None-Match"] = entry.etag
            if entry.last_modified:
                headers["If-Modified-Since"] = entry.last_modified
        response = self._get(url, headers=headers, types=PAGE_TYPES.keys(), what="an HTML page")
        if response.status == 304:
            if cached is None:
                raise FetchError(url, "HTTP 304 Not Modified, but no copy is cached")
            return _page(cached[0], cached[1], changed=False)
        digest = hashlib.sha256(response.content).hexdigest()
        if cached is not None and cached[0].sha256 == digest:
            return _page(cached[0], cached[1], changed=False)
        entry = CacheEntry(
            url=url,
            final_url=response.url,
            file=file_stem(url) + PAGE_TYPES[response.content_type],
            sha256=digest,
            fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
            content_type=response.content_type,
            etag=response.etag,
            last_modified=response.last_modified,
        )
        return _page(entry, self.cache.put(entry, response.content), changed=True)

    def document(self, url: str, *, what: str = "a sitemap or feed") -> tuple[str, bytes]:
        """A sitemap, feed or archive page (not cached: it lists what is new). Returns the
        final URL and the bytes.

        Raises:
            FetchError: as for :meth:`page`.
        """
        response = self._get(url, headers={}, types={*FEED_TYPES, *PAGE_TYPES}, what=what)
        return response.url, response.content

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets citygraph fetch ``url`` (fetching robots.txt once per
        site). An unreachable robots.txt allows nothing: the site's pages fail with why."""
        robots = self._robots_for(url)
        return not isinstance(robots, FetchError) and robots.can_fetch(ROBOTS_AGENT, url)

    def sitemaps(self, url: str) -> list[str]:
        """The sitemaps the site's robots.txt names."""
        robots = self._robots_for(url)
        return [] if isinstance(robots, FetchError) else list(robots.site_maps() or [])

    # -- internals ----------------------------------------------------------------------

    def _get(
        self, url: str, *, headers: dict[str, str], types: Collection[str], what: str
    ) -> _Response:
        """GET with redirects followed by hand: every hop is checked against robots.txt,
        a hop back to a URL already seen is a loop."""
        seen = [url]
        current = url
        for _ in range(self.options.max_redirects + 1):
            self._check_robots(url, current)
            response = self._request(url, current, headers=headers)
            if response.status in (301, 302, 303, 307, 308):
                location = response.location
                if not location:
                    raise FetchError(url, f"HTTP {response.status} redirect without a Location")
                current = urljoin(current, location)
                if current in seen:
                    raise FetchError(url, "redirect loop: " + " -> ".join([*seen, current]))
                seen.append(current)
                continue
            return self._accept(url, response, types=types, what=what)
        raise FetchError(url, f"more than {self.options.max_redirects} redirects")

    def _accept(self, url: str, r: _RawResponse, *, types: Collection[str], what: str) -> _Response:
        if r.status == 304:
            return _Response(r.url, 304, b"", "", None, None)
        if r.status >= 400:
            raise FetchError(url, f"HTTP {r.status} {r.reason}".rstrip())
        if r.content_type not in types:
            raise FetchError(url, f"not {what} (the server says {r.content_type or 'no type'})")
        return _Response(r.url, r.status, r.content, r.content_type, r.etag, r.last_modified)

    def _check_robots(self, asked: str, url: str) -> None:
        robots = self._robots_for(url)
        if isinstance(robots, FetchError):  # the site did not answer at all: say why
            raise FetchError(asked, robots.message)
        if not robots.can_fetch(ROBOTS_AGENT, url):
            where = "" if url == asked else f" (redirected to {url})"
            raise Forbidden(asked, f"robots.txt forbids this page to citygraph{where}")

    def _robots_for(self, url: str) -> urllib.robotparser.RobotFileParser | FetchError:
        origin = _origin(url)
        if origin not in self._robots:
            self._robots[origin] = self._read_robots(origin)
        return self._robots[origin]

    def _read_robots(self, origin: str) -> urllib.robotparser.RobotFileParser | FetchError:
        """robots.txt as the standard reads it: missing (4xx) allows everything, 401/403
        and server errors allow nothing."""
        robots_url = origin + "/robots.txt"
        parser = urllib.robotparser.RobotFileParser(robots_url)
        try:
            r = self._request(robots_url, robots_url, headers={})
        except FetchError as e:
            return e
        if r.status in (401, 403) or r.status >= 500:
            parser.parse(["User-agent: *", "Disallow: /"])
        elif r.status >= 300:  # missing, or moved away: no rules
            parser.parse([])
        else:
            parser.parse(r.content.decode("utf-8", errors="replace").splitlines())
        delay = parser.crawl_delay(ROBOTS_AGENT)
        if delay is not None:
            self._crawl_delay[origin] = float(delay)
        return parser

    def _wait(self, origin: str) -> None:
        """At most one request per ``delay`` seconds to one site (longer if its robots.txt
        asks for a Crawl-delay)."""
        delay = max(self.options.delay, self._crawl_delay.get(origin, 0.0))
        last = self._last_request.get(origin)
        if last is not None:
            pause = last + delay - self._clock()
            if pause > 0:
                self._sleep(pause)
        self._last_request[origin] = self._clock()

    def _request(self, asked: str, url: str, *, headers: dict[str, str]) -> _RawResponse:
        """One GET, its body read up to the size limit within the timeout."""
        if urlsplit(url).scheme not in ("http", "https"):
            raise FetchError(asked, f"not an http(s) URL: {url}")
        self._wait(_origin(url))
        self.requests += 1
        limit, timeout = self.options.max_bytes, self.options.timeout
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > limit:
                    raise FetchError(
                        asked,
                        f"page is over the size limit ({_mb(int(declared))}; "
                        f"the limit is {_mb(limit)})",
                    )
                started, chunks, size = self._clock(), [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise FetchError(
                            asked, f"page is over the size limit (the limit is {_mb(limit)})"
                        )
                    if self._clock() - started > timeout:
                        raise FetchError(asked, f"timed out after {timeout:g} s")
                    chunks.append(chunk)
                return _RawResponse(
                    url=url,
                    status=response.status_code,
                    reason=response.reason_phrase,
                    location=response.headers.get("location"),
                    content=b"".join(chunks),
                    content_type=response.headers.get("content-type", "")
                    .split(";")[0]
                    .strip()
                    .lower(),
                    etag=response.headers.get("etag"),
                    last_modified=response.headers.get("last-modified"),
                )
        except httpx.TimeoutException:
            raise FetchError(asked, f"timed out after {timeout:g} s") from None
        except httpx.ConnectError as e:
            raise FetchError(asked, _connect_reason(url, e)) from None
        except httpx.HTTPError as e:
            raise FetchError(asked, f"{type(e).__name__}: {e}") from None


@dataclass(frozen=True)
class _RawResponse:
    url: str
    status: int
    reason: str
    location: str | None
    content: bytes
    content_type: str
    etag: str | None
    last_modified: str | None


def _connect_reason(url: str, error: httpx.ConnectError) -> str:
    host = urlsplit(url).hostname or url
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, socket.gaierror):
            return f"cannot resolve the host name {host!r} (DNS)"
        cause = cause.__cause__ or cause.__context__
    if "Name or service not known" in str(error) or "nodename nor servname" in str(error):
        return f"cannot resolve the host name {host!r} (DNS)"
    return f"cannot connect to {host}: {error}"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _page(entry: CacheEntry, path: Path, *, changed: bool) -> WebPage:
    return WebPage(
        url=entry.url,
        final_url=entry.final_url,
        path=path,
        sha256=entry.sha256,
        fetched_at=entry.fetched_at,
        changed=changed,
    )
