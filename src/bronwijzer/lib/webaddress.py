"""An address as people read it, for printed and on-screen text beside a link."""

from __future__ import annotations

from urllib.parse import urlsplit


def web_address(url: str | None, with_path: bool = True) -> str:
    """An address as people read it: ``https://www.veiligekerk.nl/melden/`` -> ``veiligekerk.nl/melden``
    (``with_path=False``: the site alone, ``veiligekerk.nl``); empty for no address."""
    if not url:
        return ""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    path = parts.path.strip("/")
    return f"{host}/{path}" if with_path and path else host
