"""Polite, bounded fetching: one client with a user agent naming citygraph; redirects
followed by hand (each hop checked against robots.txt, loops caught); one request per
host every ``delay`` seconds; conditional requests for pages already cached.

Every request is bounded: the address policy decides where it may connect
(loaders/web/address.py, enforced for every connection in loaders/web/transport.py), a
deadline ends the whole exchange (headers and body), and the body is decoded layer by
layer against one budget (loaders/web/decode.py), so a gzip bomb or a server trickling
bytes costs a few megabytes and a bounded time.

Every failure is a :class:`FetchError`: one line naming the URL and what went wrong (the
limit, when it was one).
"""

from __future__ import annotations

import contextlib
import hashlib
import socket
import time
import urllib.robotparser
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx

from graph.core.errors import LoadError
from loaders.web.address import AddressPolicy, AddressRefused
from loaders.web.cache import CacheEntry, PageCache, file_stem
from loaders.web.decode import ACCEPT_ENCODING, DecodeError, OverLimit, codings, decoded
from loaders.web.transport import PolicyTransport, RequestDeadline, deadline

try:
    from importlib.metadata import version

    _VERSION = version("citygraph")
except Exception:  # not installed (running from a source tree)
    _VERSION = "0"

USER_AGENT = f"citygraph/{_VERSION} (reads event recaps of city networks; respects robots.txt)"
ROBOTS_AGENT = "citygraph"  # the name robots.txt rules address
ROBOTS_MAX_BYTES = 500 * 1024  # RFC 9309: parse at least 500 KiB, the rest may be ignored

PAGE_TYPES = {"text/html": ".html", "application/xhtml+xml": ".html", "text/plain": ".txt"}
FEED_TYPES = frozenset(
    {"application/xml", "text/xml", "application/rss+xml", "application/atom+xml"}
)
GZIP_TYPES = frozenset({"application/gzip", "application/x-gzip"})  # sitemap.xml.gz
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


class FetchError(LoadError):
    """A URL could not be fetched; the message says why, in one line.

    >>> str(FetchError("http://127.0.0.1:8000/x", "HTTP 404 Not Found"))
    'http://127.0.0.1:8000/x: HTTP 404 Not Found'
    """


class Forbidden(FetchError):
    """robots.txt does not allow citygraph to fetch the URL (it was not requested)."""


class CacheWriteError(LoadError):
    """The page cache cannot be written (a full disk, a read-only folder): a crawl stops
    fetching and loads what it has."""


@dataclass(frozen=True)
class FetchOptions:
    """How politely and how far to fetch."""

    user_agent: str = USER_AGENT
    timeout: float = 10.0  # seconds one step (connecting, each read) may wait
    deadline: float = 60.0  # seconds one whole request (headers and body) may take
    max_bytes: int = 5_000_000  # a recap page is far below this; counted after decoding
    max_list_bytes: int = 50_000_000  # a sitemap or feed (sitemaps.org: 50 MB unzipped)
    max_redirects: int = 5
    delay: float = 1.0  # seconds between two requests to one host
    max_crawl_delay: float = 30.0  # a robots.txt Crawl-delay longer than this is capped
    policy: AddressPolicy = field(default_factory=AddressPolicy)


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
class Body:
    """A response as it arrives: where it ended up and its bytes, decoded, read lazily
    (leave the ``with`` block to stop reading)."""

    url: str  # the final URL
    status: int
    reason: str
    location: str | None
    content_type: str
    etag: str | None
    last_modified: str | None
    chunks: Iterator[bytes]


def _mb(n: int) -> str:
    """A size as people read it.

    >>> _mb(5_000_000), _mb(1350)
    ('5.0 MB', '1.4 kB')
    """
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n / 1000:.1f} kB"


class Fetcher:
    """Fetches pages into a :class:`PageCache`. Use as a context manager (it holds one
    HTTP client). ``sleep`` and ``clock`` are the waiting and the time it is measured by;
    ``on_notice`` hears what the user should know while it goes on (a capped Crawl-delay)."""

    def __init__(
        self,
        cache: PageCache,
        *,
        options: FetchOptions | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        on_notice: Callable[[str], None] | None = None,
    ) -> None:
        self.cache = cache
        self.options = options or FetchOptions()
        self._sleep, self._clock = sleep, clock
        # The transport alone, not an httpx.Client: a client builds the next request of
        # every redirect itself (and fails on a "javascript:" one); redirects are ours.
        # No proxy from the environment: through one the policy could not see the target.
        self.transport = PolicyTransport(self.options.policy)
        self._headers = {
            "User-Agent": self.options.user_agent,
            "Accept-Encoding": ACCEPT_ENCODING,
        }
        self._robots: dict[str, urllib.robotparser.RobotFileParser | FetchError] = {}
        self._last_request: dict[str, float] = {}
        self._crawl_delay: dict[str, float] = {}
        self.requests = 0  # requests sent, robots.txt included (not those refused)
        self.notices: list[str] = []
        self._on_notice = on_notice

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self.transport.close()

    # -- public -------------------------------------------------------------------------

    def page(self, url: str) -> WebPage:
        """The page at ``url``, from the cache when the server says it has not changed.

        Raises:
            Forbidden: robots.txt disallows the URL.
            CacheWriteError: the page was fetched but the cache cannot keep it.
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
        with self._follow(
            url, headers=headers, types=PAGE_TYPES.keys(), what="an HTML page", what_short="page"
        ) as response:
            if response.status == 304:
                if cached is None:
                    raise FetchError(url, "HTTP 304 Not Modified, but no copy is cached")
                return _page(cached[0], cached[1], changed=False)
            content = b"".join(response.chunks)
        digest = hashlib.sha256(content).hexdigest()
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
        try:
            path = self.cache.put(entry, content)
        except OSError as e:
            raise CacheWriteError(
                self.cache.root, f"cannot write the page cache ({e.strerror or e})"
            ) from None
        return _page(entry, path, changed=True)

    @contextlib.contextmanager
    def stream(
        self, url: str, *, what: str = "a sitemap or feed", limit: int | None = None
    ) -> Iterator[Body]:
        """A sitemap, feed or archive page as it arrives (not cached: it lists what is
        new), decoded (a gzip file too), within ``limit`` bytes (default
        ``max_list_bytes``). Leave the block to stop reading; a failure while reading is a
        ``FetchError`` naming the URL and the limit.

        Raises:
            FetchError: as for :meth:`page`.
        """
        with self._follow(
            url,
            headers={},
            types={*FEED_TYPES, *PAGE_TYPES, *GZIP_TYPES},
            what=what,
            what_short=what.split()[-1],
            limit=self.options.max_list_bytes if limit is None else limit,
            gzip_file=True,
        ) as body:
            yield body

    def document(self, url: str, *, what: str = "a sitemap or feed") -> tuple[str, bytes]:
        """A sitemap, feed or archive page whole: the final URL and the bytes.

        Raises:
            FetchError: as for :meth:`stream`.
        """
        with self.stream(url, what=what) as body:
            return body.url, b"".join(body.chunks)

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

    @contextlib.contextmanager
    def _follow(
        self,
        url: str,
        *,
        headers: dict[str, str],
        types: Collection[str],
        what: str,
        what_short: str,
        limit: int | None = None,
        gzip_file: bool = False,
    ) -> Iterator[Body]:
        """GET with redirects followed by hand: every hop is checked against robots.txt
        (and, connecting, against the address policy); a hop back to a URL already seen
        is a loop."""
        seen = [url]
        current = url
        for _ in range(self.options.max_redirects + 1):
            self._check_robots(url, current)
            with self._exchange(
                url,
                current,
                headers=headers,
                limit=self.options.max_bytes if limit is None else limit,
                what=what_short,
                gzip_file=gzip_file,
            ) as response:
                if response.status in _REDIRECTS:
                    current = _next_hop(url, current, response, seen)
                    seen.append(current)
                    continue
                _accept(url, response, types=types, what=what)
                yield response
                return
        raise FetchError(url, f"more than {self.options.max_redirects} redirects")

    @contextlib.contextmanager
    def _get(self, url: str, headers: dict[str, str]) -> Iterator[httpx.Response]:
        """One GET through the transport, its body unread; closed when the block ends."""
        request = httpx.Request(
            "GET",
            url,
            headers={**self._headers, **headers},
            extensions={"timeout": httpx.Timeout(self.options.timeout).as_dict()},
        )
        response = self.transport.handle_request(request)
        try:
            yield response
        finally:
            response.close()

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
        and server errors allow nothing; past 500 KiB it is not read."""
        robots_url = origin + "/robots.txt"
        parser = urllib.robotparser.RobotFileParser(robots_url)
        try:
            with self._exchange(
                robots_url, robots_url, headers={}, limit=None, what="robots.txt"
            ) as r:
                text = _head(r.chunks, ROBOTS_MAX_BYTES) if r.status < 300 else b""
        except FetchError as e:
            return e
        if r.status in (401, 403) or r.status >= 500:
            parser.parse(["User-agent: *", "Disallow: /"])
        elif r.status >= 300:  # missing, or moved away: no rules
            parser.parse([])
        else:
            parser.parse(text.decode("utf-8", errors="replace").splitlines())
        delay = parser.crawl_delay(ROBOTS_AGENT)
        if delay is not None:
            self._crawl_delay[origin] = self._capped(origin, float(delay))
        return parser

    def _capped(self, origin: str, delay: float) -> float:
        cap = self.options.max_crawl_delay
        if delay <= cap:
            return delay
        self._notice(
            f"{origin}/robots.txt asks for {delay:g} s between requests (Crawl-delay); "
            f"citygraph waits {cap:g} s, its limit"
        )
        return cap

    def _notice(self, text: str) -> None:
        self.notices.append(text)
        if self._on_notice is not None:
            self._on_notice(text)

    def _wait(self, origin: str) -> None:
        """At most one request per ``delay`` seconds to one site (longer if its robots.txt
        asks for a Crawl-delay, up to ``max_crawl_delay``)."""
        delay = max(self.options.delay, self._crawl_delay.get(origin, 0.0))
        last = self._last_request.get(origin)
        if last is not None:
            pause = last + delay - self._clock()
            if pause > 0:
                self._sleep(pause)
        self._last_request[origin] = self._clock()

    @contextlib.contextmanager
    def _exchange(
        self,
        asked: str,
        url: str,
        *,
        headers: dict[str, str],
        limit: int | None,
        what: str,
        gzip_file: bool = False,
    ) -> Iterator[Body]:
        """One GET within the deadline: status and headers, the body decoded lazily within
        ``limit`` bytes (None: the caller stops reading itself). Every failure, while
        asking or while the caller reads, becomes a ``FetchError`` naming ``asked``."""
        checked = _checked_url(asked, url)
        self._wait(_origin(url))
        self.requests += 1
        budget = limit if limit is not None else 10 * ROBOTS_MAX_BYTES
        layers: list[str] = []
        try:
            with deadline(self.options.deadline), self._get(checked, headers) as response:
                declared = response.headers.get("content-length", "")
                layers = codings(response.headers.get("content-encoding"))
                if declared.isdigit() and int(declared) > budget:
                    raise FetchError(
                        asked,
                        f"{what} is over the size limit ({_mb(int(declared))}; "
                        f"the limit is {_mb(budget)})",
                    )
                yield Body(
                    url=url,
                    status=response.status_code,
                    reason=response.reason_phrase,
                    location=response.headers.get("location"),
                    content_type=response.headers.get("content-type", "")
                    .split(";")[0]
                    .strip()
                    .lower(),
                    etag=response.headers.get("etag"),
                    last_modified=response.headers.get("last-modified"),
                    chunks=decoded(response.iter_raw(), layers, limit=budget, gzip_file=gzip_file),
                )
        except FetchError:
            raise
        except OverLimit:
            after = "" if not layers else f", counted after decoding {', '.join(layers)}"
            raise FetchError(
                asked, f"{what} is over the size limit (the limit is {_mb(budget)}{after})"
            ) from None
        except DecodeError as e:
            raise FetchError(asked, str(e)) from None
        except AddressRefused as e:
            self.requests -= 1  # refused before anything was sent
            raise FetchError(asked, _hop(str(e), asked, url)) from None
        except RequestDeadline:
            raise FetchError(
                asked,
                f"no complete answer within {self.options.deadline:g} s "
                "(the limit for a whole request)",
            ) from None
        except httpx.TimeoutException:
            raise FetchError(asked, f"timed out after {self.options.timeout:g} s") from None
        except httpx.ConnectError as e:
            raise FetchError(asked, _connect_reason(url, e)) from None
        except httpx.InvalidURL as e:
            raise FetchError(asked, f"not a valid URL: {url} ({e})") from None
        except httpx.HTTPError as e:
            raise FetchError(asked, f"{type(e).__name__}: {e}") from None


def _head(chunks: Iterator[bytes], limit: int) -> bytes:
    """The first ``limit`` bytes of a body (the rest is not read)."""
    out = bytearray()
    try:
        for chunk in chunks:
            out += chunk
            if len(out) >= limit:
                break
    except OverLimit:
        pass
    return bytes(out[:limit])


def _hop(reason: str, asked: str, url: str) -> str:
    return reason if url == asked else f"{reason} (redirected to {url})"


def _checked_url(asked: str, url: str) -> str:
    """``url`` when citygraph may request it: http(s), with a host, well-formed.

    Raises:
        FetchError: otherwise, naming ``asked``.
    """
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises on a port that is no number or out of range)
        httpx.URL(url)
    except (ValueError, httpx.InvalidURL) as e:
        raise FetchError(asked, f"not a valid URL: {url!r} ({e})") from None
    if parts.scheme not in ("http", "https"):
        raise FetchError(asked, f"not an http(s) URL: {url[:200]!r}")
    if not parts.hostname:
        raise FetchError(asked, f"no host in the URL {url!r}")
    return url


def _next_hop(asked: str, current: str, response: Body, seen: list[str]) -> str:
    """Where a redirect leads, checked (a ``javascript:`` or ``data:`` one refused).

    Raises:
        FetchError: no Location, an unusable one, or a loop.
    """
    location = response.location
    if not location:
        raise FetchError(asked, f"HTTP {response.status} redirect without a Location")
    try:
        target = urljoin(current, location.strip())
    except ValueError as e:
        raise FetchError(asked, f"redirected to an invalid URL {location[:200]!r} ({e})") from None
    if urlsplit(target).scheme not in ("http", "https"):
        raise FetchError(asked, f"redirected to {target[:200]!r}, not an http(s) URL")
    try:
        _checked_url(asked, target)
    except FetchError as e:
        raise FetchError(asked, f"redirected: {e.message}") from None
    if target in seen:
        raise FetchError(asked, "redirect loop: " + " -> ".join([*seen, target]))
    return target


def _accept(url: str, r: Body, *, types: Collection[str], what: str) -> None:
    if r.status == 304:
        return
    if r.status >= 400:
        raise FetchError(url, f"HTTP {r.status} {r.reason}".rstrip())
    if r.content_type not in types:
        raise FetchError(url, f"not {what} (the server says {r.content_type or 'no type'})")


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
