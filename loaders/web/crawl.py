"""A crawl of one site's recap pages: collect their URLs from sitemaps, feeds and the
start (archive) page, then fetch each into the cache. A page that fails is noted and the
others go on; what the pages state is loaded afterwards, as one load.

Collecting is bounded by what is *read*, not only by what is fetched: sitemaps and feeds
are parsed as they arrive and reading stops once ``max_pages`` recap URLs are found, or
once ``max_urls`` URLs (recaps or not) were read, so a sitemap index of millions of URLs
costs what was read before the budget ran out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from loaders.web.discover import Listed, feed_entries, page_links, same_site, sitemap_entries
from loaders.web.fetch import CacheWriteError, Fetcher, FetchError, Forbidden, WebPage

MAX_SITEMAPS = 50  # sitemap indexes can nest; a site needs a handful
MAX_URLS = 50_000  # URLs read from sitemaps, feeds and the archive page (one full sitemap)


class Outcome(StrEnum):
    FETCHED = "fetched"  # new or changed
    UNCHANGED = "unchanged"  # the cached copy is current: not downloaded again
    FORBIDDEN = "forbidden"  # robots.txt disallows it: not requested
    FAILED = "failed"


@dataclass(frozen=True)
class Failure:
    """A URL that could not be read, and why (one line)."""

    url: str
    reason: str


@dataclass
class Collected:
    """The page URLs a crawl will fetch, what it could not read while collecting, and
    why it stopped reading early (a budget), if it did."""

    urls: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    stopped: str | None = None  # one line: which budget ended the reading
    read: int = 0  # URLs read from sitemaps, feeds and the archive page


@dataclass
class Fetched:
    """What fetching the collected URLs gave."""

    pages: list[WebPage] = field(default_factory=list)  # fetched or unchanged, to load
    forbidden: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    stopped: str | None = None  # one line: why fetching stopped before the end

    def count(self, outcome: Outcome) -> int:
        if outcome is Outcome.FETCHED:
            return sum(p.changed for p in self.pages)
        if outcome is Outcome.UNCHANGED:
            return sum(not p.changed for p in self.pages)
        return len(self.forbidden if outcome is Outcome.FORBIDDEN else self.failures)


class _Enough(Exception):
    """A budget is used up: stop reading every list."""


@dataclass
class _Gathering:
    """The URLs found so far, against the budgets."""

    start: str
    pattern: re.Pattern[str]
    max_pages: int
    max_urls: int
    result: Collected
    found: dict[str, None] = field(default_factory=dict)

    def take(self, url: str, *, page: bool = True) -> None:
        """Count one URL read; keep it when it is a page, a recap of the site, new.

        Raises:
            _Enough: ``max_pages`` recaps found, or ``max_urls`` URLs read.
        """
        self.result.read += 1
        if (
            page
            and url not in self.found
            and same_site(url, self.start)
            and self.pattern.search(url)
        ):
            self.found[url] = None
        if len(self.found) >= self.max_pages:
            self.result.stopped = (
                f"--max-pages {self.max_pages} reached: the rest of the sitemaps, feeds "
                "and archive page was not read"
            )
            raise _Enough
        if self.result.read >= self.max_urls:
            self.result.stopped = (
                f"--max-urls {self.max_urls:,} reached: that many URLs were read from the "
                "sitemaps, feeds and archive page, the rest was not read"
            )
            raise _Enough


def collect(
    fetcher: Fetcher,
    start: str,
    *,
    pattern: re.Pattern[str],
    sitemaps: Iterable[str] = (),
    feeds: Iterable[str] = (),
    max_pages: int,
    max_urls: int = MAX_URLS,
) -> Collected:
    """The URLs of ``start``'s site that ``pattern`` finds in the sitemaps (those given,
    else those robots.txt names), the feeds and the links of the ``start`` page, at most
    ``max_pages`` of them, each once, in the order found; reading stops at either budget."""
    result = Collected()
    gather = _Gathering(start, pattern, max_pages, max_urls, result)
    try:
        _from_sitemaps(fetcher, list(sitemaps) or fetcher.sitemaps(start), gather)
        for feed in feeds:
            _read(fetcher, feed, "a feed", gather, _feed_links)
        # an archive page lists recaps: HTML, read whole, so within a page's size limit
        _read(fetcher, start, "an archive page", gather, _archive_links, fetcher.options.max_bytes)
    except _Enough:
        pass
    result.urls = list(gather.found)
    return result


def _from_sitemaps(fetcher: Fetcher, queue: list[str], gather: _Gathering) -> None:
    seen: set[str] = set()
    while queue and len(seen) < MAX_SITEMAPS:
        sitemap = queue.pop(0)
        if sitemap in seen:
            continue
        seen.add(sitemap)

        def later(url: str) -> None:
            if len(queue) + len(seen) < MAX_SITEMAPS:
                queue.append(url)

        _read(fetcher, sitemap, "a sitemap", gather, _sitemap_links, nested=later)


def _read(
    fetcher: Fetcher,
    url: str,
    what: str,
    gather: _Gathering,
    entries: Callable[[Iterable[bytes], str], Iterable[Listed]],
    limit: int | None = None,
    nested: Callable[[str], None] | None = None,
) -> None:
    """Read one list as it arrives, handing each page URL to ``gather`` and each sitemap
    a sitemap index names to ``nested``; a failure is one line, and what was read before
    it counts.

    Raises:
        _Enough: a budget is used up (the list is left unread from there on).
    """
    try:
        with fetcher.stream(url, what=what, limit=limit) as body:
            for entry in entries(body.chunks, body.url):
                gather.take(entry.url, page=not entry.sitemap)
                if entry.sitemap and nested is not None:
                    nested(entry.url)
    except FetchError as e:
        gather.result.failures.append(Failure(url, e.message))


def _sitemap_links(chunks: Iterable[bytes], _base: str) -> Iterator[Listed]:
    return sitemap_entries(chunks)


def _feed_links(chunks: Iterable[bytes], base: str) -> Iterator[Listed]:
    return feed_entries(chunks, base=base)


def _archive_links(chunks: Iterable[bytes], base: str) -> Iterator[Listed]:
    """An archive page's links."""
    for link in page_links(b"".join(chunks), base=base):
        yield Listed(link)


def fetch_all(
    fetcher: Fetcher,
    urls: Iterable[str],
    *,
    on_page: Callable[[str, Outcome], None] | None = None,
) -> Fetched:
    """Fetch every URL; a failed one is noted and never stops the others. A page cache
    that cannot be written (a full disk) stops the fetching: the pages fetched so far are
    kept, and ``stopped`` says why."""
    result = Fetched()
    for url in urls:
        try:
            page = fetcher.page(url)
        except CacheWriteError as e:
            result.stopped = f"stopped fetching: {e}; loading the pages fetched so far"
            break
        except Forbidden:
            result.forbidden.append(url)
            outcome = Outcome.FORBIDDEN
        except FetchError as e:
            result.failures.append(Failure(url, e.message))
            outcome = Outcome.FAILED
        else:
            result.pages.append(page)
            outcome = Outcome.FETCHED if page.changed else Outcome.UNCHANGED
        if on_page is not None:
            on_page(url, outcome)
    return result
