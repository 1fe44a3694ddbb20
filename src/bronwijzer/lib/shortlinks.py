"""Short, opaque codes for resources, and the URL a printed page shows for one.

A resource's code is a 4-byte BLAKE2s hash of its slug: it names no words, it
survives a reload of the map, and written in lower-case base32 it is 7 letters
and digits (``/l/mfrgg2a``). Kit links carry the bytes; printed short links the
base32 text. Printed pages (the parent handout, the map as PDF) show, beside a
QR code, exactly the URL the code holds: a resource's own address when it is
short, otherwise a short link on the site that leads on.
"""

from __future__ import annotations

import base64
import binascii
import hashlib

KEY_BYTES = 4
#: Resource URLs up to this length are printed as they are.
MAX_PRINTED_URL = 40


def slug_key(slug: str) -> bytes:
    return hashlib.blake2s(slug.encode("utf-8"), digest_size=KEY_BYTES).digest()


def key_code(key: bytes) -> str:
    return base64.b32encode(key).decode("ascii").rstrip("=").lower()


def slug_code(slug: str) -> str:
    """The short code of a resource, e.g. ``"wm37ury"``."""
    return key_code(slug_key(slug))


def code_key(code: str) -> bytes | None:
    """The key in a short code, or None when ``code`` is not one."""
    code = (code or "").strip().upper()
    if not code or len(code) > 16:
        return None
    try:
        key = base64.b32decode(code + "=" * (-len(code) % 8))
    except (binascii.Error, ValueError):
        return None
    return key if len(key) == KEY_BYTES else None


def printed_url(url: str | None, short_link: str) -> str:
    """What to print for a resource: its own ``url`` when short enough, else its ``short_link``."""
    return url if url and len(url) <= MAX_PRINTED_URL else short_link
