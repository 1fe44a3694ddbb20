"""The production server's access log, made discreet.

The log keeps the request line, status, size and duration, never the client's
address. A gesprekskit lives entirely in its URL, so the kit code is masked in
the log too: nothing about a kit is written on the server. The answers to the
incident route ("what happened", the young person's age) are left out as well.
"""

from __future__ import annotations

import re

from gunicorn.glogging import Logger

_KIT_PATH = re.compile(r"(/gesprekskit/)[A-Za-z0-9_-]{8,120}")
_KIT_PARAMS = re.compile(r"(?<=[?&])(kit|add|remove|up|down)=[^&\s]*")
_INCIDENT_ANSWERS = re.compile(r"(/er-is-iets-gebeurd/)\?\S*")


def request_line_redacted(text: str) -> str:
    """``text`` (a path or request line) with kit codes and incident answers replaced by ``…``."""
    text = _INCIDENT_ANSWERS.sub(r"\1?…", text)
    return _KIT_PARAMS.sub(r"\1=…", _KIT_PATH.sub(r"\1…", text))


def _query_redacted(path: str, query: str) -> str:
    if not query:
        return query
    if _INCIDENT_ANSWERS.search(path + "?"):
        return "…"
    return request_line_redacted("?" + query)[1:]


class PrivateAccessLogger(Logger):
    """gunicorn's logger with kit codes masked in every request atom."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        path = atoms["U"] or ""
        atoms["r"] = request_line_redacted(atoms["r"])
        atoms["U"] = request_line_redacted(path)
        atoms["q"] = _query_redacted(path, atoms["q"] or "")
        atoms["f"] = request_line_redacted(atoms["f"] or "")
        atoms["h"] = "-"
        return atoms
