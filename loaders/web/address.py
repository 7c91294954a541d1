"""Which addresses citygraph may connect to: one policy for every request it makes.

A page, a redirect, robots.txt, a sitemap, a feed: each names a host, and a hostile site
can name any host, ``10.0.0.1`` or ``169.254.169.254`` (a cloud's metadata service, which
hands out credentials) included. So the host is resolved once, every address it resolves
to is checked here, and the connection goes to a checked address (loaders/web/transport.py
connects to the IP itself, so a second lookup cannot answer differently).

Refused unless the user allows them: loopback, private, link-local, shared (carrier NAT),
reserved and other non-public addresses. Always refused: multicast and unspecified
addresses, and the cloud metadata services, by name and by address.

>>> policy = AddressPolicy()
>>> str(policy.refusal(ipaddress.ip_address("10.0.0.1")))
'10.0.0.1 is a private address (use --allow-private for an intranet)'
>>> policy.refusal(ipaddress.ip_address("93.184.215.14")) is None
True
>>> AddressPolicy(allow_private=True).refusal(ipaddress.ip_address("10.0.0.1")) is None
True
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# Cloud metadata services: never fetched, whatever the user allows.
METADATA_HOSTS = frozenset(
    {
        "metadata",
        "metadata.google.internal",
        "metadata.goog",
        "metadata.azure.internal",
        "instance-data",
        "instance-data.ec2.internal",
    }
)
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack, DigitalOcean, ...
        "169.254.170.2",  # AWS ECS task credentials
        "fd00:ec2::254",  # AWS over IPv6
        "100.100.100.200",  # Alibaba Cloud
    )
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # reaches the IPv4 address in its last 32 bits

ALLOW_HINT = "use --allow-private for an intranet"


class AddressRefused(Exception):
    """A host the policy does not let citygraph connect to; the message says why."""


@dataclass(frozen=True)
class Refusal:
    """Why one address is refused, and whether the user may allow it."""

    address: IPAddress
    kind: str  # "a private address", ...
    allowable: bool = True  # False: metadata, multicast, unspecified

    def __str__(self) -> str:
        hint = f" ({ALLOW_HINT})" if self.allowable else ""
        return f"{_shown(self.address)} is {self.kind}{hint}"


@dataclass(frozen=True)
class AddressPolicy:
    """What may be connected to. ``allow_private`` opens every non-public address (an
    intranet); ``allowed`` opens only these networks (``10.20.0.0/16``)."""

    allow_private: bool = False
    allowed: tuple[IPNetwork, ...] = ()

    def refusal(self, address: IPAddress) -> Refusal | None:
        """Why ``address`` is refused, or None when it may be connected to."""
        ip = _embedded_ipv4(address)
        for kind, test in (
            ("a cloud metadata address", ip in METADATA_ADDRESSES or address in METADATA_ADDRESSES),
            ("a multicast address", ip.is_multicast),
            ("an unspecified address", ip.is_unspecified),
        ):
            if test:
                return Refusal(address, kind, allowable=False)
        if self.allow_private or any(ip in n for n in self.allowed if ip.version == n.version):
            return None
        non_public = _non_public(ip)
        return None if non_public is None else Refusal(address, non_public)

    def check_name(self, host: str) -> None:
        """Refuse a metadata service's name before it is even looked up.

        Raises:
            AddressRefused: ``host`` names a cloud metadata service.
        """
        if host.lower().rstrip(".") in METADATA_HOSTS:
            raise AddressRefused(f"refused to connect: {host} is a cloud metadata service")

    def addresses(
        self,
        host: str,
        port: int,
        *,
        timeout: float | None,
        resolve: Callable[[str, int], Iterable[IPAddress]] | None = None,
    ) -> list[IPAddress]:
        """The addresses of ``host`` that may be connected to, resolved once, in the
        resolver's order.

        Raises:
            AddressRefused: the host is a metadata service, or none of its addresses is
                allowed (the message names the first and why).
            socket.gaierror: the name does not resolve.
            TimeoutError: resolving took longer than ``timeout`` seconds.
        """
        self.check_name(host)
        found = list((resolve or _resolver(timeout))(host, port))
        allowed = [a for a in found if self.refusal(a) is None]
        if found and not allowed:
            named = "" if _is_address(host) else f"{host}: "
            raise AddressRefused(f"refused to connect: {named}{self.refusal(found[0])}")
        return allowed


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _shown(address: IPAddress) -> str:
    """An address as written in URLs (``::ffff:10.0.0.1``, not ``::ffff:a00:1``)."""
    mapped = getattr(address, "ipv4_mapped", None)
    return f"::ffff:{mapped}" if mapped is not None else str(address)


def _embedded_ipv4(address: IPAddress) -> IPAddress:
    """The IPv4 address an IPv6 one stands for (``::ffff:10.0.0.1``, NAT64), else itself."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        if address in _NAT64:
            return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address


def _non_public(ip: IPAddress) -> str | None:
    """What kind of non-public address ``ip`` is (for the message), None if public."""
    for kind, test in (
        ("a loopback address", ip.is_loopback),
        ("a link-local address", ip.is_link_local),
        ("a reserved address", ip.is_reserved),
        ("a private address", ip.is_private),
        ("not a public address", not ip.is_global),
    ):
        if test:
            return kind
    return None


def parse_networks(texts: Iterable[str]) -> tuple[IPNetwork, ...]:
    """Networks from the command line (``10.20.0.0/16``, ``127.0.0.1``).

    >>> parse_networks(["10.20.0.0/16", "::1"])
    (IPv4Network('10.20.0.0/16'), IPv6Network('::1/128'))

    Raises:
        ValueError: a text is not a network or an address; the message names it.
    """
    nets = []
    for text in texts:
        try:
            nets.append(ipaddress.ip_network(text.strip(), strict=False))
        except ValueError:
            raise ValueError(f"{text!r} is not a network such as 10.20.0.0/16") from None
    return tuple(nets)


def _resolver(timeout: float | None) -> Callable[[str, int], list[IPAddress]]:
    """A name lookup that gives up after ``timeout`` seconds (the system's resolver can
    take half a minute; it goes on in a thread of its own, whose answer is dropped)."""

    def resolve(host: str, port: int) -> list[IPAddress]:
        try:
            return [ipaddress.ip_address(host)]  # a literal: nothing to look up
        except ValueError:
            pass
        answer: list[object] = []
        done = threading.Event()

        def lookup() -> None:
            try:
                answer.append(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
            except BaseException as e:  # handed to the caller's thread
                answer.append(e)
            done.set()

        threading.Thread(target=lookup, name=f"resolve {host}", daemon=True).start()
        if not done.wait(timeout):
            raise TimeoutError(f"looking up {host} took longer than {timeout:g} s")
        result = answer[0]
        if isinstance(result, BaseException):
            raise result
        addresses: list[IPAddress] = []
        for _family, _type, _proto, _name, sockaddr in result:  # type: ignore[attr-defined]
            ip = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
            if ip not in addresses:
                addresses.append(ip)
        return addresses

    return resolve
