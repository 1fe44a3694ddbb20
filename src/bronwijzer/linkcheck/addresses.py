"""Which network addresses the link checker may connect to: the public internet only, by default.

A link in the map (or a redirect on the way) could point the checker at this machine
(``127.0.0.1``, ``localhost``), at the institute's own network (``10.x``, ``192.168.x``), at a
cloud's metadata service (``169.254.169.254``) or at any other address that is not on the
public internet. The checker would then be the one asking, from inside, and editors would
read the answer. So every address a host name resolves to is checked *before* the
connection is made, and the connection goes to exactly that checked address
(:class:`GuardedBackend`): a name that resolves differently a moment later (DNS
rebinding) cannot slip in between the check and the connection.

Addresses in ``allowed`` networks pass anyway (``BRONWIJZER_LINKCHECK_ALLOW_PRIVATE``:
an intranet whose pages are in the map). No Django here.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable, Sequence

import httpcore

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

#: Every address there is: what ``BRONWIJZER_LINKCHECK_ALLOW_PRIVATE=true`` allows.
EVERY_NETWORK: tuple[IPNetwork, ...] = (ipaddress.ip_network("0.0.0.0/0"), ipaddress.ip_network("::/0"))
_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # well-known NAT64 prefix: the IPv4 address in the last 32 bits


class InternalAddress(Exception):
    """A host resolved to (or is) an address that is not on the public internet: not contacted."""

    def __init__(self, host: str, address: IPAddress, kind: str):
        super().__init__(f"{host} is an internal address ({address}, {kind}); not checked")
        self.host, self.address, self.kind = host, address, kind


def _kind(address: IPAddress) -> str | None:
    """What kind of non-public address this is (a short English word), or None when it is public."""
    if address.is_loopback:
        return "loopback"
    if address.is_unspecified:
        return "unspecified"
    if address.is_link_local:
        return "link-local"
    if address.is_multicast:
        return "multicast"
    if address.is_reserved:
        return "reserved"
    if address.is_private:
        return "private"
    if not address.is_global:
        return "not public"
    return None


def _embedded(address: IPAddress) -> list[IPAddress]:
    """The IPv4 addresses an IPv6 address carries (mapped, 6to4, Teredo, NAT64), which a
    connection may end up at."""
    if not isinstance(address, ipaddress.IPv6Address):
        return []
    found: list[IPAddress] = [a for a in (address.ipv4_mapped, address.sixtofour) if a is not None]
    if address.teredo is not None:
        found.extend(address.teredo)
    if address in _NAT64:
        found.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return found


def internal_kind(address: IPAddress, allowed: Sequence[IPNetwork] = ()) -> str | None:
    """Why ``address`` may not be contacted (``"loopback"``, ``"private"``, ...), or None when it may."""
    for candidate in (*_embedded(address), address):
        if any(candidate.version == network.version and candidate in network for network in allowed):
            continue
        kind = _kind(candidate)
        if kind is not None:
            return kind
    return None


async def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address ``host`` resolves to, in the resolver's order, each once.

    The system resolver reads what a browser would: ``localhost``, ``2130706433``,
    ``0x7f.1`` and ``017700000001`` all come back as ``127.0.0.1``.
    """
    literal = host.strip("[]")
    try:
        return [ipaddress.ip_address(literal.split("%", 1)[0])]
    except ValueError:
        pass
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    found: dict[IPAddress, None] = {}
    for _family, _type, _proto, _name, sockaddr in infos:
        found[ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])] = None
    return list(found)


def refuse_internal(host: str, addresses: Iterable[IPAddress], allowed: Sequence[IPNetwork] = ()) -> None:
    """Raise :class:`InternalAddress` when any of ``addresses`` is not public (and not allowed)."""
    for address in addresses:
        kind = internal_kind(address, allowed)
        if kind is not None:
            raise InternalAddress(host, address, kind)


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend, connecting only to checked addresses.

    ``connect_tcp`` resolves the host once, refuses it when any address is internal, and
    connects to those same addresses (by number), so what was checked is what is
    connected to. TLS still verifies the certificate for the host name: httpcore starts
    TLS on the returned stream with the URL's host as the server name.
    """

    def __init__(self, allowed: Sequence[IPNetwork] = ()):
        self.allowed = tuple(allowed)
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            addresses = await resolve(host, port)
        except OSError as exc:  # socket.gaierror: the name does not resolve
            raise httpcore.ConnectError(str(exc)) from exc
        if not addresses:
            raise httpcore.ConnectError(f"{host} has no address")
        refuse_internal(host, addresses, self.allowed)
        error: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    str(address), port, timeout, local_address=local_address, socket_options=socket_options
                )
            except httpcore.ConnectError as exc:
                error = exc
        assert error is not None
        raise error

    async def connect_unix_socket(self, path, timeout=None, socket_options=None):  # pragma: no cover
        raise httpcore.ConnectError("the link checker does not use Unix sockets")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)
