"""The site's top-level path prefixes, in one place.

The URL configurations mount their apps at these prefixes, and everything that decides by path
(the headers for pages other sites use, robots.txt, the static build's server-only pages, the
JSON error pages of the API) reads them from here. Renaming ``/gesprekskit/`` here renames it
everywhere. (What the page cache may keep is not decided by path: each view says it,
``lib.httpcache``.)

Every prefix starts and ends with a slash; the English pages have the same paths under
:data:`ENGLISH_PREFIX` (``i18n_patterns``), except the API and the back office.
"""

from __future__ import annotations

#: The English version of the public pages.
ENGLISH_PREFIX = "/en/"
#: The editors' back office (``bronwijzer.urls``).
STAFF_PREFIX = "/redactie/"
#: The open API (``bronwijzer.urls``: ``api/v1/``), outside the language prefixes.
API_PREFIX = "/api/"
#: The kit builder and everything printed from a kit (``bronwijzer.kit.urls``).
KIT_PREFIX = "/gesprekskit/"
#: The incident route (its URL pattern: ``bronwijzer.incident.urls``).
INCIDENT_PREFIX = "/er-is-iets-gebeurd/"
#: Downloads of the map (``bronwijzer.exports.urls``).
DOWNLOAD_PREFIX = "/download/"
#: The embeddable list (``bronwijzer.exports.urls``).
EMBED_PREFIX = "/embed/"
#: Printed short links (``bronwijzer.web.urls``).
SHORT_LINK_PREFIX = "/l/"
#: The report form under a resource page (``bronwijzer.reports.urls``): a path part, not a prefix.
REPORT_PART = "/meld-een-fout/"

#: Paths meant to be used from other sites (CORS, cross-origin resources).
SHARED_PREFIXES = (API_PREFIX, EMBED_PREFIX, ENGLISH_PREFIX.rstrip("/") + EMBED_PREFIX)


def route(prefix: str) -> str:
    """A prefix as a URL pattern starts: ``"/gesprekskit/"`` -> ``"gesprekskit/"``."""
    return prefix.lstrip("/")


def without_language(path: str) -> str:
    """``path`` without the English prefix: ``/en/embed/`` -> ``/embed/``, ``/en`` -> ``/``."""
    english = ENGLISH_PREFIX.rstrip("/")
    if path == english or path.startswith(ENGLISH_PREFIX):
        return path[len(english) :] or "/"
    return path
