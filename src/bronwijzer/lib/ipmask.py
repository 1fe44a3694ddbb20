"""Client addresses, masked: enough to tell networks apart for login throttling, not a person.

IPv4 keeps its first three bytes (a /24), IPv6 its first 48 bits; the rest becomes zero.
Only this masked form is handed to django-axes, so no full address is ever stored.
Which address is the client's (the peer, or ``X-Forwarded-For`` behind a trusted proxy) is
decided by :func:`client_ip`.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

from django.conf import settings
from django.http import HttpRequest

from bronwijzer.lib.env import IPNetwork

IPV4_PREFIX = 24
IPV6_PREFIX = 48


def ip_masked(address: str | None) -> str | None:
    """``address`` with its host part zeroed; None for anything that is not an IP address."""
    if not address:
        return None
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    prefix = IPV4_PREFIX if ip.version == 4 else IPV6_PREFIX
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False).network_address)


def masked_client_ip(request: HttpRequest) -> str | None:
    """The masked address of the client that sent ``request`` (django-axes' AXES_CLIENT_IP_CALLABLE)."""
    return ip_masked(client_ip(request))


def client_ip(request: HttpRequest, trusted: Sequence[IPNetwork] | None = None) -> str | None:
    """The address of the client that sent ``request``: what login throttling and rate limits key on.

    ``REMOTE_ADDR`` is the peer of the application server. Only when that peer is one of the
    trusted proxies (``BRONWIJZER_TRUSTED_PROXIES``, none by default) is ``X-Forwarded-For``
    read at all, and then from the right: each trusted proxy appends the address it got the
    request from, so the right-most entry that is not itself a trusted proxy is the client.
    Everything left of it was written by the client and is ignored (a client can put anything
    there). An entry that is not an address ends the walk: the last trusted hop is the client.
    Without trusted proxies every request is its peer, whatever headers it sends.
    """
    networks = settings.TRUSTED_PROXIES if trusted is None else trusted
    peer = _address(request.META.get("REMOTE_ADDR"))
    if peer is None:
        return None
    if not _trusted(peer, networks):
        return str(peer)
    client = peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for entry in reversed(forwarded.split(",") if forwarded else []):
        address = _address(entry)
        if address is None:
            break
        client = address
        if not _trusted(address, networks):
            break
    return str(client)


def _address(text: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address((text or "").strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address, networks: Sequence[IPNetwork]) -> bool:
    return any(address.version == network.version and address in network for network in networks)
