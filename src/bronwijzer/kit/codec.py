"""A kit lives entirely in its URL: a compact, versioned, opaque code.

Layout of version 1 (bytes, then base64url without padding)::

    0      version (1)
    1      who (low 4 bits) | situation (high 4 bits), 0 = not given
    2      flags: bit 0 = explicit material is fine
    3      contexts, one bit each in the order of V1_CONTEXTS
    4      child's age + 1 (0 = not given)
    5      number of languages n, then n × 2 ASCII letters (ISO 639-1)
    ...    the chosen resources, in order: 4 bytes each, a hash of the slug

A resource is named by a hash of its slug, not by its slug or database id: the
code reveals no words (a link in a family chat says nothing about the topic),
survives a reload of the map, and a resource that left the map simply drops
out. The tables below are frozen for version 1; a change means version 2.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field, replace

from bronwijzer.kit.options import LANGUAGE_FREE, MAX_AGE, MAX_LANGUAGES, KitOptions
from bronwijzer.lib.languages import is_language_code
from bronwijzer.lib.shortlinks import KEY_BYTES, slug_key

VERSION = 1
V1_WHO = ("", "ouder", "ouders", "groep", "jongere", "team")
V1_SITUATIONS = ("", "preventie", "zorg", "incident")
V1_CONTEXTS = (
    "migratieachtergrond",
    "nieuwkomers",
    "islamitisch",
    "christelijk",
    "reformatorisch",
    "lhbtiq",
    "gender",
)
#: A handout is one A4 page: a kit holds at most this many resources.
MAX_ITEMS = 8
MAX_CODE_LENGTH = 120


#: A kit names a resource by its short key (a hash of its slug).
resource_key = slug_key


class KitCodeError(ValueError):
    """The code in a kit link cannot be read; the message says why."""


@dataclass(frozen=True)
class Kit:
    options: KitOptions = field(default_factory=KitOptions)
    keys: tuple[bytes, ...] = ()

    def with_options(self, options: KitOptions) -> Kit:
        return replace(self, options=options)

    def with_keys(self, keys) -> Kit:
        unique = tuple(dict.fromkeys(keys))
        return replace(self, keys=unique[:MAX_ITEMS])

    @property
    def is_full(self) -> bool:
        return len(self.keys) >= MAX_ITEMS


def kit_encode(kit: Kit) -> str:
    o = kit.options
    out = bytearray([VERSION, V1_WHO.index(o.who) | (V1_SITUATIONS.index(o.situation) << 4)])
    out.append(1 if o.explicit_ok else 0)
    out.append(sum(1 << V1_CONTEXTS.index(c) for c in set(o.contexts)))
    out.append(0 if o.age is None else o.age + 1)
    out.append(len(o.languages))
    for code in o.languages:
        out += code.encode("ascii")
    for key in kit.keys:
        out += key
    return base64.urlsafe_b64encode(bytes(out)).rstrip(b"=").decode("ascii")


def kit_decode(code: str) -> Kit:
    """The kit in ``code``; :class:`KitCodeError` names what is wrong."""
    if not code or len(code) > MAX_CODE_LENGTH:
        raise KitCodeError("the kit code is empty or too long")
    try:
        raw = base64.b64decode(code + "=" * (-len(code) % 4), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError) as exc:
        raise KitCodeError("the kit code is not valid base64url") from exc
    if len(raw) < 6:
        raise KitCodeError("the kit code is too short")
    if raw[0] != VERSION:
        raise KitCodeError(f"unknown kit code version {raw[0]}")
    who_i, situation_i = raw[1] & 0x0F, raw[1] >> 4
    if who_i >= len(V1_WHO) or situation_i >= len(V1_SITUATIONS):
        raise KitCodeError("unknown conversation or situation in the kit code")
    if raw[2] > 1 or raw[3] >> len(V1_CONTEXTS):
        raise KitCodeError("unknown flags or contexts in the kit code")
    if raw[4] > MAX_AGE + 1:
        raise KitCodeError("the age in the kit code is out of range")
    n = raw[5]
    if n > MAX_LANGUAGES:
        raise KitCodeError("too many languages in the kit code")
    end = 6 + 2 * n
    try:
        languages = tuple(raw[i : i + 2].decode("ascii") for i in range(6, end, 2))
    except UnicodeDecodeError as exc:
        raise KitCodeError("a language in the kit code is not a language code") from exc
    if len(raw) < end or any(c == LANGUAGE_FREE or not is_language_code(c) for c in languages):
        raise KitCodeError("a language in the kit code is not a language code")
    rest = raw[end:]
    if len(rest) % KEY_BYTES or len(rest) > KEY_BYTES * MAX_ITEMS:
        raise KitCodeError("the list of resources in the kit code is damaged")
    options = KitOptions(
        who=V1_WHO[who_i],
        languages=languages,
        contexts=tuple(c for i, c in enumerate(V1_CONTEXTS) if raw[3] >> i & 1),
        age=raw[4] - 1 if raw[4] else None,
        situation=V1_SITUATIONS[situation_i],
        explicit_ok=bool(raw[2]),
    )
    keys = tuple(rest[i : i + KEY_BYTES] for i in range(0, len(rest), KEY_BYTES))
    return Kit(options, keys)


def options_valid(options: KitOptions) -> KitOptions:
    """``options`` checked against what a code can carry (raises ValueError naming the field)."""
    if options.who not in V1_WHO:
        raise ValueError(f"who: unknown value {options.who!r}")
    if options.situation not in V1_SITUATIONS:
        raise ValueError(f"situation: unknown value {options.situation!r}")
    unknown = [c for c in options.contexts if c not in V1_CONTEXTS]
    if unknown:
        raise ValueError(f"context: unknown value {unknown[0]!r}")
    bad = [c for c in options.languages if c == LANGUAGE_FREE or not is_language_code(c)]
    if bad:
        raise ValueError(f"language: {bad[0]!r} is not a two-letter language code")
    if len(options.languages) > MAX_LANGUAGES:
        raise ValueError(f"language: at most {MAX_LANGUAGES} languages")
    if options.age is not None and not 0 <= options.age <= MAX_AGE:
        raise ValueError(f"age: {options.age} is out of range 0–{MAX_AGE}")
    return options


class KitCodeConverter:
    """URL converter: only base64url characters reach the view."""

    regex = r"[A-Za-z0-9_-]{8,120}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
