"""Client addresses, masked: enough to tell networks apart for login throttling, not a person.

IPv4 keeps its first three bytes (a /24), IPv6 its first 48 bits; the rest becomes zero.
Only this masked form is handed to django-axes, so no full address is ever stored.
"""

from __future__ import annotations

import ipaddress

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


def masked_client_ip(request) -> str | None:
    """The masked address of the client that sent ``request`` (django-axes' AXES_CLIENT_IP_CALLABLE).

    REMOTE_ADDR is the peer of the application server. When that peer is this machine (the
    reverse proxy in front of gunicorn, see docs/operations.md), the client is the last
    address the proxy appended to X-Forwarded-For; earlier entries come from the client
    itself and are not trusted.
    """
    peer = request.META.get("REMOTE_ADDR")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and _is_loopback(peer):
        return ip_masked(forwarded.split(",")[-1]) or ip_masked(peer)
    return ip_masked(peer)


def _is_loopback(address: str | None) -> bool:
    try:
        return ipaddress.ip_address((address or "").strip()).is_loopback
    except ValueError:
        return False
