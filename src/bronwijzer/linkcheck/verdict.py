"""The engine's inputs and outputs: options, verdicts, the User-Agent. No Django here."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from bronwijzer.linkcheck.classify import FAILING

VERSION = "0.1"
USER_AGENT = f"Bronwijzer-linkcheck/{VERSION} (resource map link checker)"


def user_agent(contact_url: str = "") -> str:
    """The User-Agent: names Bronwijzer and, when known, where the installation lives."""
    if contact_url:
        return f"Bronwijzer-linkcheck/{VERSION} (+{contact_url}; resource map link checker)"
    return USER_AGENT


@dataclass(frozen=True)
class CheckOptions:
    concurrency: int = 16  # requests in flight at once, all hosts together
    per_host: int = 2  # requests in flight at once to one host
    timeout: float = 15.0  # seconds for one request, from sending to the last byte read
    max_redirects: int = 10
    retries: int = 2  # extra tries after 429, 503, other 5xx (GET) and dropped connections
    backoff: float = 0.5  # first wait when no Retry-After is given; doubles per retry
    max_wait: float = 30.0  # the longest Retry-After honoured; longer ones end the retries
    head_first: bool = True
    soft404: bool = True  # read HTML pages that answer 200 and look for "not found"
    soft404_probe: bool = True  # also compare with each host's answer to a random path
    max_body: int = 256 * 1024  # bytes of a page read at most
    user_agent: str = USER_AGENT
    # Send every request to this (host, port) over plain HTTP, keeping the URL's Host header:
    # for checking against a local mirror (tests, benchmarks). Nothing else is contacted.
    connect_to: tuple[str, int] | None = None
    verify: Any = True  # TLS verification: True, False or an ssl.SSLContext
    # Networks (ipaddress networks) the checker may reach although they are not on the public
    # internet (an intranet; BRONWIJZER_LINKCHECK_ALLOW_PRIVATE). Every other loopback, private,
    # link-local, multicast or reserved address is refused, also after a redirect (addresses.py).
    allow_networks: tuple = ()

    def __post_init__(self):
        for name in ("concurrency", "per_host", "max_redirects"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")
        if self.timeout <= 0 or self.retries < 0 or self.backoff < 0 or self.max_wait < 0:
            raise ValueError("timeout must be positive; retries, backoff and max_wait not negative")


@dataclass
class Hop:
    status: int  # the redirect's HTTP status
    url: str  # where it pointed


@dataclass
class Verdict:
    url: str
    status: str
    http_status: int | None = None
    final_url: str = ""
    redirects: list[Hop] = field(default_factory=list)
    error: str = ""
    attempts: int = 0  # HTTP requests made for this URL (HEAD, GET, retries, redirect hops)
    duration_ms: int = 0
    checked_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

    @property
    def failing(self) -> bool:
        return self.status in FAILING

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["checked_at"] = self.checked_at.isoformat()
        return data
