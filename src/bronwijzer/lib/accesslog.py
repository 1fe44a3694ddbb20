"""The production server's logs (gunicorn), holding nothing a visitor typed or chose.

The access log line is built only from these atoms (``bronwijzer serve`` sets the format
``%(t)s "%(r)s" %(s)s %(b)s %(M)sms``):

* ``t`` time, ``m`` method, ``H`` protocol, ``s`` status, ``b``/``B`` size, ``T``/``D``/``M``/``L``
  duration, ``p`` the worker's pid;
* ``r`` the request line with the path as its route and ``?…`` for a query string
  (``GET /gesprekskit/<code>/ouders/<lang>/ HTTP/1.1``), ``U`` that path, ``q`` ``…`` when
  there was a query string; ``f`` the ``Referer`` as origin and route
  (:mod:`bronwijzer.lib.logprivacy`).

Every other atom gunicorn offers is ``-``: the client's address and user, the user agent,
request headers (``{name}i``), response headers (``{name}o``: ``Location`` holds a kit's
address) and the WSGI environment (``{name}e``: the raw URI and query string). So a
changed format cannot bring any of them back.

The error log (``gunicorn.error``: worker start and stop, bad requests, errors outside
Django, the per-request debug line) passes :class:`~bronwijzer.lib.logprivacy.PrivateLogFilter`,
which shapes paths and masks IP addresses.
"""

from __future__ import annotations

import ipaddress
import logging
import re
from typing import Any
from urllib.parse import urlsplit

from gunicorn.glogging import Logger

from bronwijzer.lib.logprivacy import MASK, PrivateLogFilter, url_shape

#: The atoms gunicorn computes that may be written as they are.
SAFE_ATOMS = ("t", "s", "m", "H", "b", "B", "T", "D", "M", "L", "p")
_ADDRESS = re.compile(
    r"(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w.])|(?<![\w:])[0-9A-Fa-f:]*:[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*(?![\w:])"
)
_SERVER_ADDRESSES = ("127.0.0.1", "::1", "0.0.0.0", "::")
_QUOTED = re.compile(r"""(['"])(?:(?!\1).)*\1""")


def _address_masked(match: re.Match[str]) -> str:
    text = match.group(0)
    address, tail = (text[:-1], ":") if text.endswith(":") and not text.endswith("::") else (text, "")
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return text
    return text if address in _SERVER_ADDRESSES else "-" + tail


class ErrorLogFilter(PrivateLogFilter):
    """The private filter, no client address, and nothing gunicorn quotes.

    gunicorn quotes what it received when a request is malformed ("Invalid request from
    ip=...: Invalid HTTP request line: '...'"), and such a line need not look like a path
    (a space or tab in the address): quoted text becomes ``'…'``, so only the kind of
    error is kept.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        done = getattr(record, "_bronwijzer_private", False)
        super().filter(record)
        if not done:
            record.msg = _QUOTED.sub(lambda m: m[1] + MASK + m[1], _ADDRESS.sub(_address_masked, record.msg))
        return True


def request_target(req: Any, environ: dict[str, Any]) -> str:
    return environ.get("RAW_URI") or getattr(req, "uri", None) or environ.get("PATH_INFO") or ""


class PrivateAccessLogger(Logger):
    """gunicorn's logger with the atoms above and the error log filtered."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        if not any(isinstance(f, ErrorLogFilter) for f in self.error_log.filters):
            self.error_log.addFilter(ErrorLogFilter())

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> dict[str, Any]:
        every = super().atoms(resp, req, environ, request_time)
        atoms = {name: every[name] for name in SAFE_ATOMS}
        target = request_target(req, environ)
        shape = url_shape(target) or "-"
        path = url_shape(urlsplit(target).path) if target else "-"
        atoms.update(
            {
                "h": "-",
                "l": "-",
                "u": "-",
                "a": "-",
                "r": f"{every['m']} {shape} {every['H']}",
                "U": path,
                "q": MASK if environ.get("QUERY_STRING") else "",
                "f": url_shape(environ.get("HTTP_REFERER") or "-"),
            }
        )
        return atoms
