"""The one way citygraph's fetcher reaches the network: httpx's engine (httpcore) with a
network backend of our own, through which every connection of every request passes.

- **The address policy** (loaders/web/address.py): the host is resolved once, every
  address checked, and the socket connected to a checked IP; TLS still names the host
  (httpcore passes the URL's host as the server name), so certificates are checked as
  usual. No proxy from the environment is used: through a proxy the policy could not see
  where a request goes.
- **A deadline for the whole request**: every lookup, connect, TLS handshake, write and
  read gets at most the time left until the request's deadline (``deadline(seconds)``
  around the request), so a server sending its headers one byte a second ends with a
  timeout, not hours later.

Nothing here decodes or limits bodies: the fetcher reads them raw (loaders/web/decode.py).
"""

from __future__ import annotations

import contextlib
import ssl
import time
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from typing import Any

import httpcore
import httpx

from loaders.web.address import AddressPolicy, AddressRefused

_DEADLINE: ContextVar[float | None] = ContextVar("citygraph_request_deadline", default=None)


class DeadlinePassed(httpcore.TimeoutException):
    """The whole request took longer than its deadline."""


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Every network step inside the block ends by ``seconds`` from now."""
    token = _DEADLINE.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def _left(timeout: float | None) -> float | None:
    """The time a step may take: its own timeout, or what is left of the deadline."""
    end = _DEADLINE.get()
    if end is None:
        return timeout
    left = end - time.monotonic()
    if left <= 0:
        raise DeadlinePassed("the request's deadline has passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every step ends by the current request's deadline."""

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _left(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _left(timeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        return _DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, _left(timeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class PolicyBackend(httpcore.NetworkBackend):
    """Connects only to addresses ``policy`` allows, to the very address it checked."""

    def __init__(self, policy: AddressPolicy) -> None:
        self.policy = policy
        self._sockets = httpcore.SyncBackend()
        self.connected: list[tuple[str, int]] = []  # (address, port), in order: for tests

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            addresses = self.policy.addresses(host, port, timeout=_left(timeout))
        except TimeoutError as e:
            raise httpcore.ConnectTimeout(str(e)) from e
        except OSError as e:  # the name does not resolve
            raise httpcore.ConnectError(f"cannot resolve {host}: {e}") from e
        failure: Exception | None = None
        for address in addresses:
            try:
                stream = self._sockets.connect_tcp(
                    str(address), port, _left(timeout), local_address, socket_options
                )
            except httpcore.ConnectError as e:  # the next address may answer
                failure = e
                continue
            self.connected.append((str(address), port))
            return _DeadlineStream(stream)
        raise failure or httpcore.ConnectError(f"{host} has no address")

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        raise AddressRefused(f"refused to connect to the local socket {path}")


# httpcore's failures as httpx's, which the fetcher handles (httpx does the same for its
# own transport; its mapping is private).
_ERRORS: tuple[tuple[type[Exception], type[httpx.TransportError]], ...] = (
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.TimeoutException, httpx.TimeoutException),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
    (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.ProtocolError, httpx.ProtocolError),
)


@contextlib.contextmanager
def _as_httpx() -> Iterator[None]:
    try:
        yield
    except httpcore.TimeoutException as e:
        end = _DEADLINE.get()
        passed = isinstance(e, DeadlinePassed) or (end is not None and end <= time.monotonic())
        raise RequestDeadline(str(e)) if passed else _mapped(e) from e
    except (httpcore.ConnectError, httpcore.NetworkError, httpcore.ProtocolError) as e:
        raise _mapped(e) from e


def _mapped(error: Exception) -> httpx.TransportError:
    for theirs, ours in _ERRORS:
        if isinstance(error, theirs):
            return ours(str(error))
    return httpx.TransportError(str(error))


class RequestDeadline(httpx.TimeoutException):
    """The whole request (headers and body) took longer than its deadline."""


class _Body(httpx.SyncByteStream):
    def __init__(self, stream: Iterable[bytes]) -> None:
        self._stream = stream

    def __iter__(self) -> Iterator[bytes]:
        with _as_httpx():
            yield from self._stream

    def close(self) -> None:
        close = getattr(self._stream, "close", None)
        if close is not None:
            close()


class PolicyTransport(httpx.BaseTransport):
    """An httpx transport over httpcore's connection pool with the ``PolicyBackend``."""

    def __init__(self, policy: AddressPolicy) -> None:
        self.backend = PolicyBackend(policy)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=10,
            max_keepalive_connections=10,
            network_backend=self.backend,
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        assert isinstance(request.stream, httpx.SyncByteStream)
        core = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        with _as_httpx():
            response = self._pool.handle_request(core)
        assert isinstance(response.stream, Iterable)
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_Body(response.stream),
            extensions=response.extensions,
        )

    def close(self) -> None:
        self._pool.close()
