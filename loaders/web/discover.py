"""Where a site lists its recap pages: sitemaps (and sitemap indexes), RSS and Atom
feeds, and archive pages (their links). Parsing only; fetching is the Fetcher's.

Sitemaps and feeds are parsed as their bytes arrive (lxml's ``XMLPullParser``), each
entry handed on as soon as it is complete and then dropped from the tree, so the caller
can stop reading at its URL budget and a sitemap of millions of URLs costs what was read.

trafilatura's sitemap and feed modules fetch on their own (their user agent, no delay, no
robots.txt) and courlan drops URLs with an IP address and a port, so the lists are read
here with lxml, entities unresolved and nothing fetched by the parser.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin, urlsplit

from lxml import etree
from lxml import html as lxml_html

_PARSER_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "recover": True,
    "huge_tree": False,  # libxml2's own limits on one text and on nesting stay on
    "remove_comments": True,
    "remove_pis": True,
}


@dataclass(frozen=True)
class Listed:
    """One URL a sitemap or feed lists: a page, or (in a sitemap index) a sitemap."""

    url: str
    sitemap: bool = False


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _pulled(
    chunks: Iterable[bytes], wanted: frozenset[tuple[str, str]]
) -> Iterator[tuple[str, etree._Element]]:
    """Each complete element whose (parent, own) local names are in ``wanted``, with its
    parent's name, as the bytes arrive. Every complete element is then removed from the
    tree, so the tree holds no more than the open elements: memory stays flat however
    long the list is."""
    parser = etree.XMLPullParser(events=("end",), **_PARSER_OPTIONS)

    def ready() -> Iterator[tuple[str, etree._Element]]:
        for _event, element in parser.read_events():
            parent = element.getparent()
            if parent is None:
                continue
            pair = (_local(parent.tag), _local(element.tag))
            if pair in wanted:
                yield pair[0], element
            parent.remove(element)

    for chunk in chunks:
        try:
            parser.feed(chunk)
        except etree.XMLSyntaxError:
            return  # not XML at all (recovering gave up): nothing more to find
        yield from ready()
    with contextlib.suppress(etree.XMLSyntaxError):
        parser.close()
    yield from ready()


_SITEMAP = frozenset({("url", "loc"), ("sitemap", "loc")})
_FEED = frozenset({("item", "link"), ("entry", "link")})


def sitemap_entries(chunks: Iterable[bytes]) -> Iterator[Listed]:
    """A sitemap's page URLs, and the further sitemaps a sitemap index names, as they
    arrive.

    >>> list(sitemap_entries([b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    ...                       b'<url><loc> https://a.org/x </loc></u', b'rl></urlset>']))
    [Listed(url='https://a.org/x', sitemap=False)]
    """
    for parent, loc in _pulled(chunks, _SITEMAP):
        if (loc.text or "").strip():
            yield Listed(loc.text.strip(), sitemap=parent == "sitemap")


def feed_entries(chunks: Iterable[bytes], *, base: str) -> Iterator[Listed]:
    """The entry links of an RSS or Atom feed, absolute, as they arrive.

    >>> [e.url for e in feed_entries([b'<rss><channel><link>https://a.org/</link>'
    ...  b'<item><link>/news/1</link></item></channel></rss>'], base="https://a.org/feed")]
    ['https://a.org/news/1']
    """
    for parent, link in _pulled(chunks, _FEED):
        if parent == "item" and (link.text or "").strip():  # RSS
            yield Listed(_joined(base, link.text.strip()))
        elif parent == "entry" and link.get("rel", "alternate") == "alternate":  # Atom
            href = link.get("href")
            if href:
                yield Listed(_joined(base, str(href)))


def _joined(base: str, href: str) -> str:
    """``href`` made absolute; one that cannot be is kept as given (refused later)."""
    try:
        return urljoin(base, href)
    except ValueError:
        return href


def page_links(content: bytes, *, base: str) -> list[str]:
    """The links of an archive page, absolute and without fragments.

    >>> page_links(b'<p><a href="2021/tartu.html#top">Tartu</a></p>', base="https://a.org/r/")
    ['https://a.org/r/2021/tartu.html']
    """
    try:
        doc = lxml_html.fromstring(content)
    except (etree.ParserError, ValueError):
        return []
    links = []
    for anchor in doc.iter("a"):
        href = (anchor.get("href") or "").strip()
        if href and not href.lower().startswith(("mailto:", "javascript:", "tel:", "data:")):
            links.append(urldefrag(_joined(base, href)).url)
    return links


def same_site(url: str, start: str) -> bool:
    """Whether ``url`` is on the site ``start`` is on (scheme aside, ``www.`` aside).

    >>> same_site("http://www.a.org/x", "https://a.org/"), same_site("https://b.org/", "https://a.org/")
    (True, False)
    """

    def host(u: str) -> str:
        netloc = urlsplit(u).netloc.lower()
        return netloc.removeprefix("www.")

    try:
        return urlsplit(url).scheme in ("http", "https") and host(url) == host(start)
    except ValueError:  # "http://[::1" and the like: no site at all
        return False


def matching(urls: list[str], *, start: str, pattern: re.Pattern[str]) -> list[str]:
    """The URLs on ``start``'s site that ``pattern`` finds, each once, in order.

    >>> matching(["https://a.org/r/1", "https://a.org/about", "https://b.org/r/2",
    ...           "https://a.org/r/1"], start="https://a.org/", pattern=re.compile("/r/"))
    ['https://a.org/r/1']
    """
    return list(dict.fromkeys(u for u in urls if same_site(u, start) and pattern.search(u)))
