"""Verdict classes of the link checker, and the small pure functions that pick one.

No Django here: the engine (``checker.py``) and the stored model both use these slugs.
See docs/linkcheck.md for what each class means and how the exit code follows from it.
"""

from __future__ import annotations

import email.utils
import socket
import ssl
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx

OK = "ok"
REDIRECT_PERMANENT = "redirect-permanent"
REDIRECT_TEMPORARY = "redirect-temporary"
BROKEN = "broken"
SOFT_404 = "soft-404"
TIMEOUT = "timeout"
DNS = "dns"
CONNECTION = "connection"
TLS = "tls"
BLOCKED = "blocked"
NOT_CHECKABLE = "not-checkable"
INTERNAL = "internal"  # the address (or a redirect) leads to an internal network: not contacted

# Slug -> Dutch label for editors (the back office is Dutch).
LABELS: dict[str, str] = {
    OK: "In orde",
    REDIRECT_PERMANENT: "Permanent doorverwezen",
    REDIRECT_TEMPORARY: "Tijdelijk doorverwezen",
    BROKEN: "Kapot",
    SOFT_404: "Pagina zegt 'niet gevonden'",
    TIMEOUT: "Geen antwoord op tijd",
    DNS: "Domeinnaam bestaat niet",
    CONNECTION: "Geen verbinding",
    TLS: "Beveiligde verbinding mislukt",
    BLOCKED: "Server weigert de controle",
    NOT_CHECKABLE: "Niet te controleren",
    INTERNAL: "Intern netwerk, niet gecontroleerd",
}
STATUSES: tuple[str, ...] = tuple(LABELS)

# The exit-code rule: any of these makes `bronwijzer checklinks` exit 1.
FAILING: frozenset[str] = frozenset({BROKEN, SOFT_404, TIMEOUT, DNS, CONNECTION, TLS})
# Fine for the exit code, but worth a look by an editor.
ATTENTION: frozenset[str] = frozenset({REDIRECT_PERMANENT, BLOCKED, INTERNAL})

PERMANENT_CODES = frozenset({301, 308})
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
BLOCKED_CODES = frozenset({401, 403, 429})
# A server that answers these to HEAD may well answer GET properly.
HEAD_REFUSED_CODES = frozenset({405, 501})

NOT_CHECKABLE_SCHEMES = frozenset({"mailto", "tel", "sms", "fax", "callto", "whatsapp"})


def scheme_problem(url: str) -> tuple[str, str] | None:
    """(status, error) when the URL cannot or should not be requested; None when it can."""
    try:
        parts = urlsplit(url.strip())
    except ValueError as exc:
        return BROKEN, f"invalid URL: {exc}"
    scheme = parts.scheme.lower()
    if scheme in NOT_CHECKABLE_SCHEMES:
        return NOT_CHECKABLE, f"{scheme}: links are not checked"
    if scheme not in ("http", "https"):
        if not scheme:
            return BROKEN, "invalid URL: no scheme"
        return NOT_CHECKABLE, f"{scheme}: links are not checked"
    if not parts.hostname:
        return BROKEN, "invalid URL: no host"
    try:
        httpx.URL(url.strip())
    except (httpx.InvalidURL, ValueError) as exc:
        return BROKEN, f"invalid URL: {exc}"
    return None


def status_for_code(code: int) -> str:
    """The class of a final (non-redirect) HTTP answer; 2xx is refined by the caller."""
    if 200 <= code < 300:
        return OK
    if code in BLOCKED_CODES:
        return BLOCKED
    return BROKEN


def redirect_status(codes: list[int]) -> str:
    """Permanent only when every hop is permanent: then the map can safely take the final URL."""
    return REDIRECT_PERMANENT if codes and all(c in PERMANENT_CODES for c in codes) else REDIRECT_TEMPORARY


def _causes(exc: BaseException | None) -> Iterator[BaseException]:
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def classify_exception(exc: BaseException) -> tuple[str, str]:
    """(status, error message) for an exception raised while requesting a URL."""
    chain = list(_causes(exc))
    text = "; ".join(dict.fromkeys(str(e) for e in chain if str(e))) or type(exc).__name__
    if any(isinstance(e, httpx.TimeoutException | TimeoutError) for e in chain):
        return TIMEOUT, f"no answer in time ({type(exc).__name__})"
    if any(isinstance(e, socket.gaierror) for e in chain) or _looks_like_dns(text):
        return DNS, f"name not resolved: {text}"
    if any(isinstance(e, ssl.SSLError | ssl.CertificateError) for e in chain) or "[SSL" in text:
        return TLS, f"TLS failed: {text}"
    if any(isinstance(e, httpx.InvalidURL | httpx.UnsupportedProtocol) for e in chain):
        return BROKEN, f"invalid URL: {text}"
    if any(isinstance(e, ConnectionRefusedError) for e in chain):
        return CONNECTION, f"connection refused: {text}"
    return CONNECTION, f"{type(exc).__name__}: {text}"


def _looks_like_dns(text: str) -> bool:
    lowered = text.lower()
    return any(
        needle in lowered
        for needle in (
            "name or service not known",
            "nodename nor servname",
            "temporary failure in name resolution",
            "no address associated",
            "getaddrinfo failed",
        )
    )


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta seconds or an HTTP date); None if absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


def is_html(content_type: str | None) -> bool:
    """True for HTML, and for a missing type (only the body can tell then)."""
    if not content_type:
        return True
    kind = content_type.split(";", 1)[0].strip().lower()
    return kind in ("text/html", "application/xhtml+xml") or kind.endswith("+html")
