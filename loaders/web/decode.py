"""A body's bytes decoded layer by layer against one budget, never more at once.

A few kilobytes of gzip inside gzip (``Content-Encoding: gzip, gzip``) can stand for
gigabytes; a decoder that inflates a whole chunk in one call holds them all before any
limit is checked. Here each layer inflates at most ``STEP`` bytes per call (zlib's
``max_length``), and every layer's output counts against the same budget: the first byte
over it stops the reading. At most ``MAX_LAYERS`` layers (the ``Content-Encoding`` ones,
and a gzip file inside, as a ``sitemap.xml.gz`` is).

>>> import gzip
>>> bomb = gzip.compress(gzip.compress(b"0" * 10_000_000))
>>> len(bomb) < 20_000
True
>>> sum(len(c) for c in decoded([bomb], ["gzip", "gzip"], limit=20_000_000))
10000000
>>> try:
...     sum(len(c) for c in decoded([bomb], ["gzip", "gzip"], limit=1_000_000))
... except OverLimit as e:
...     print(e)
over 1000000 bytes after decoding
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator, Sequence

STEP = 64 * 1024  # bytes a layer inflates per call
MAX_LAYERS = 2
_GZIP_MAGIC = b"\x1f\x8b"
_WBITS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}
ACCEPT_ENCODING = "gzip, deflate"  # what the fetcher asks for: what it can decode here


class DecodeError(Exception):
    """The body cannot be decoded; the message says why, in words for the user."""


class OverLimit(DecodeError):
    """A layer's output went over the budget."""


def codings(header: str | None) -> list[str]:
    """The ``Content-Encoding`` layers, in the order they were applied (``identity``
    dropped).

    >>> codings("gzip, GZIP"), codings(None), codings("identity")
    (['gzip', 'gzip'], [], [])

    Raises:
        DecodeError: a coding citygraph cannot decode, or more than ``MAX_LAYERS``.
    """
    found = [c.strip().lower() for c in (header or "").split(",") if c.strip()]
    found = [c for c in found if c != "identity"]
    for coding in found:
        if coding not in _WBITS:
            raise DecodeError(f"the page is encoded as {coding!r}, which citygraph cannot read")
    if len(found) > MAX_LAYERS:
        raise DecodeError(f"{len(found)} layers of Content-Encoding (at most {MAX_LAYERS})")
    return found


def decoded(
    chunks: Iterable[bytes],
    layers: Sequence[str],
    *,
    limit: int,
    gzip_file: bool = False,
) -> Iterator[bytes]:
    """The bytes of ``chunks`` with every layer undone (the last applied first), each
    layer's output within ``limit`` bytes. ``gzip_file``: one gzip layer more when the
    decoded bytes start as a gzip file does (a sitemap ``.xml.gz``), within ``MAX_LAYERS``.

    Raises:
        OverLimit: a layer's output went over ``limit``.
        DecodeError: a layer is not what it says (broken gzip or deflate).
    """
    stream: Iterator[bytes] = _counted(iter(chunks), limit)
    for coding in reversed(layers):
        stream = _counted(_inflate(stream, coding), limit)
    if gzip_file and len(layers) < MAX_LAYERS:
        stream = _counted(_sniffed_gzip(stream), limit)
    return stream


def _counted(chunks: Iterator[bytes], limit: int) -> Iterator[bytes]:
    total = 0
    for chunk in chunks:
        total += len(chunk)
        if total > limit:
            raise OverLimit(f"over {limit} bytes after decoding")
        yield chunk


def _inflate(chunks: Iterator[bytes], coding: str) -> Iterator[bytes]:
    """One layer undone, ``STEP`` bytes at a time; a gzip of several members is read
    whole (each member counts against the same budget as the others)."""
    wbits = _WBITS[coding]
    inflater = zlib.decompressobj(wbits)
    first = True
    try:
        for data in chunks:
            while data:
                if first and coding == "deflate" and not _zlib_header(data):
                    inflater = zlib.decompressobj(-zlib.MAX_WBITS)  # raw deflate, as sent
                first = False
                out = inflater.decompress(data, STEP)
                if out:
                    yield out
                while len(out) == STEP and not inflater.unconsumed_tail:  # more pending
                    out = inflater.decompress(b"", STEP)
                    if out:
                        yield out
                data = inflater.unconsumed_tail
                if inflater.eof:
                    data = inflater.unused_data
                    if not data.startswith(_GZIP_MAGIC) or wbits < 0 or coding == "deflate":
                        return  # the end (trailing padding is no member)
                    inflater = zlib.decompressobj(wbits)  # the next gzip member
        if not first and not inflater.eof:
            rest = inflater.flush()
            if rest:
                yield rest
    except zlib.error as e:
        raise DecodeError(f"broken {coding} data ({e})") from None


def _zlib_header(data: bytes) -> bool:
    """Whether ``data`` starts with a zlib header (RFC 1950); servers also send raw
    deflate under ``Content-Encoding: deflate``."""
    return len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0


def _sniffed_gzip(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """The bytes as they are, or inflated when they start as a gzip file."""
    head = b""
    for chunk in chunks:
        head += chunk
        if len(head) >= len(_GZIP_MAGIC):
            break

    def again() -> Iterator[bytes]:
        yield head
        yield from chunks

    if head.startswith(_GZIP_MAGIC):
        yield from _inflate(again(), "gzip")
    else:
        yield from again()
