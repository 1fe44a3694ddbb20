"""Read settings from the environment, validating each value and failing loudly.

Every variable read through these helpers is recorded in :data:`REGISTRY`, so a
test can check that each one is documented (docs/settings.md).
"""

from __future__ import annotations

import importlib.util
import ipaddress
import os
import re
from collections.abc import Mapping
from typing import overload
from urllib.parse import urlsplit

REGISTRY: set[str] = set()

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class SettingError(Exception):
    """A setting in the environment is missing or malformed."""


def _raw(name: str, environ: Mapping[str, str] | None) -> str | None:
    if environ is None:  # only real settings are recorded, not look-ups in a given mapping
        REGISTRY.add(name)
    value = (os.environ if environ is None else environ).get(name)
    if value is None or value.strip() == "":
        return None
    return value.strip()


@overload
def env_str(name: str, default: str, *, environ: Mapping[str, str] | None = None) -> str: ...
@overload
def env_str(name: str, default: None = None, *, environ: Mapping[str, str] | None = None) -> str | None: ...
def env_str(name: str, default: str | None = None, *, environ: Mapping[str, str] | None = None) -> str | None:
    value = _raw(name, environ)
    return default if value is None else value


def env_bool(name: str, default: bool, *, environ: Mapping[str, str] | None = None) -> bool:
    value = _raw(name, environ)
    if value is None:
        return default
    low = value.lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    raise SettingError(f"{name}={value!r} is not a boolean; use one of: true, false, 1, 0, yes, no, on, off")


def env_int(
    name: str,
    default: int,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    value = _raw(name, environ)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise SettingError(f"{name}={value!r} is not a whole number") from None
    if minimum is not None and number < minimum:
        raise SettingError(f"{name}={number} is below the minimum {minimum}")
    if maximum is not None and number > maximum:
        raise SettingError(f"{name}={number} is above the maximum {maximum}")
    return number


def env_list(name: str, default: list[str], *, environ: Mapping[str, str] | None = None) -> list[str]:
    value = _raw(name, environ)
    if value is None:
        return list(default)
    items = [item.strip() for item in value.split(",")]
    if any(not item for item in items):
        raise SettingError(f"{name}={value!r} has an empty item; separate values with single commas")
    return items


def env_choice(
    name: str, default: str, choices: tuple[str, ...], *, environ: Mapping[str, str] | None = None
) -> str:
    value = _raw(name, environ)
    if value is None:
        return default
    if value not in choices:
        raise SettingError(f"{name}={value!r} is not one of: {', '.join(choices)}")
    return value


def env_http_url(name: str, default: str, *, environ: Mapping[str, str] | None = None) -> str:
    value = _raw(name, environ)
    if value is None:
        return default
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SettingError(f"{name}={value!r} is not an absolute http(s) URL")
    return value


_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_ORIGIN = re.compile(
    rf"(?P<scheme>https?)://(?P<host>{_LABEL}(?:\.{_LABEL})*|\[[0-9a-f:.]+\])(?::(?P<port>[0-9]{{1,5}}))?/?",
    re.IGNORECASE,
)
#: Hosts an http:// origin may have: a partner site on this machine, while developing.
_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]"})


def _origin_problem(origin: str) -> str | None:
    """Why ``origin`` is not a web origin fit for a Content-Security-Policy source list, or None."""
    if any(char.isspace() or char in "'\";,*" for char in origin):
        return "no spaces, quotes, semicolons or wildcards: one origin per comma"
    match = _ORIGIN.fullmatch(origin)
    if match is None:
        return "write scheme://host or scheme://host:port, with nothing after the host"
    host, port = match["host"].lower(), match["port"]
    if host.startswith("["):
        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            return "the IPv6 address between [ ] is not valid"
    if port is not None and not 1 <= int(port) <= 65535:
        return "the port must be 1 to 65535"
    if match["scheme"].lower() == "http" and host not in _LOCAL_HOSTS:
        return "use https:// (http:// only for localhost, 127.0.0.1 or [::1])"
    return None


def env_origins(name: str, default: list[str], *, environ: Mapping[str, str] | None = None) -> list[str]:
    """A comma-separated list of web origins (``https://host[:port]``, nothing after the host).

    Each one becomes a CSP source, so anything that CSP would read as more (a space, a
    quote, a semicolon, a wildcard, a path) is refused, naming the entry and why.
    """
    origins = []
    for origin in env_list(name, default, environ=environ):
        problem = _origin_problem(origin)
        if problem is not None:
            raise SettingError(f"{name}: {origin!r} is not an origin like https://www.example.nl; {problem}")
        origins.append(origin.rstrip("/").lower())
    return origins


def env_networks(
    name: str, default: list[str], *, environ: Mapping[str, str] | None = None
) -> tuple[IPNetwork, ...]:
    """A comma-separated list of IP addresses and networks (``10.0.0.1``, ``10.0.0.0/8``, ``::1``).

    An address is a network of one; a network must have no host bits set (``10.0.0.0/8``,
    not ``10.0.0.1/8``), so a typing slip never silently widens or narrows it.
    """
    networks = []
    for item in env_list(name, default, environ=environ):
        try:
            network = ipaddress.ip_network(item, strict=True)
        except ValueError as error:
            raise SettingError(
                f"{name}: {item!r} is not an IP address or network like 10.0.0.1 or 10.0.0.0/8 ({error})"
            ) from None
        networks.append(network)
    return tuple(networks)


def env_private_networks(name: str, *, environ: Mapping[str, str] | None = None) -> tuple[IPNetwork, ...]:
    """Off (``false``, the default: nothing), ``true`` (every address) or a comma-separated list of
    addresses and networks as :func:`env_networks` reads them: which internal addresses are allowed."""
    value = _raw(name, environ)
    if value is None or value.lower() in _FALSE:
        return ()
    if value.lower() in _TRUE:
        return (ipaddress.ip_network("0.0.0.0/0"), ipaddress.ip_network("::/0"))
    return env_networks(name, [], environ={name: value})


#: Django's cache backends for the schemes BRONWIJZER_CACHE_URL takes.
CACHE_BACKENDS = {
    "redis": ("django.core.cache.backends.redis.RedisCache", "redis"),
    "rediss": ("django.core.cache.backends.redis.RedisCache", "redis"),
    "memcached": ("django.core.cache.backends.memcached.PyMemcacheCache", "pymemcache"),
}


def env_cache_url(name: str, *, environ: Mapping[str, str] | None = None) -> dict | None:
    """A shared cache server as a Django ``CACHES`` entry, from a URL; None when the variable is unset.

    * ``redis://[:password@]host[:port][/db]`` and ``rediss://`` (TLS): Django's ``RedisCache``;
      the URL goes to redis-py as it is.
    * ``memcached://host[:port][,host[:port]...]`` or ``memcached:///path/to/socket``:
      Django's ``PyMemcacheCache`` (port 11211 when none is given).

    The client library (``redis`` or ``pymemcache``) must be installed: ``pip install
    bronwijzer[redis]`` or ``bronwijzer[memcached]``.
    """
    value = _raw(name, environ)
    if value is None:
        return None
    scheme = value.split("://", 1)[0].lower() if "://" in value else ""
    if scheme not in CACHE_BACKENDS:
        raise SettingError(
            f"{name}={_without_password(value)!r}: use a redis://, rediss:// or memcached:// URL"
        )
    backend, module = CACHE_BACKENDS[scheme]
    location = _memcached_location(name, value) if scheme == "memcached" else _redis_location(name, value)
    if importlib.util.find_spec(module) is None:
        extra = "redis" if module == "redis" else "memcached"
        raise SettingError(
            f"{name} names a {scheme} server, but the Python package {module!r} is not installed"
            f" (pip install 'bronwijzer[{extra}]')"
        )
    return {"BACKEND": backend, "LOCATION": location}


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return url.replace(f":{parts.password}@", ":***@", 1)


def _redis_location(name: str, value: str) -> str:
    parts = urlsplit(value)
    shown = _without_password(value)
    try:
        parts.port  # noqa: B018  (raises ValueError for a port that is not a number)
    except ValueError:
        raise SettingError(f"{name}={shown!r}: the port is not a number") from None
    if not parts.hostname:
        raise SettingError(f"{name}={shown!r}: a redis URL needs a host, like redis://127.0.0.1:6379/0")
    database = parts.path.strip("/")
    if database and not database.isdigit():
        raise SettingError(f"{name}={shown!r}: the database after the host must be a number, like /0")
    if parts.query or parts.fragment:
        raise SettingError(f"{name}={shown!r}: a redis URL takes no ?options or #fragment here")
    return value


def _memcached_location(name: str, value: str) -> str | list[str]:
    rest = value.split("://", 1)[1]
    if rest.startswith("/"):  # memcached:///run/memcached/memcached.sock
        if len(rest) < 2 or "," in rest:
            raise SettingError(
                f"{name}={value!r}: give one socket path, like memcached:///run/memcached.sock"
            )
        return f"unix:{rest}"
    servers = []
    for item in rest.rstrip("/").split(","):
        parts = urlsplit(f"//{item.strip()}")
        try:
            port = parts.port or 11211
        except ValueError:
            raise SettingError(f"{name}: {item!r} has a port that is not a number") from None
        if not parts.hostname or parts.path or parts.username:
            raise SettingError(f"{name}: {item!r} is not a memcached server like 127.0.0.1:11211")
        host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
        servers.append(f"{host}:{port}")
    return servers[0] if len(servers) == 1 else servers
