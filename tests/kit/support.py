"""What several kit tests read or make: a packaged catalogue's translation, a kit code."""

from __future__ import annotations

import polib

from bronwijzer.kit.codec import Kit, kit_encode, resource_key
from bronwijzer.kit.languages import po_path
from bronwijzer.kit.options import KitOptions

#: Two resources of the default map, for a kit to hand out.
SLUGS = ("mediagesprek", "zanzu-alles-over-seks")


def packaged(lang: str, msgid: str) -> str:
    """The packaged handout catalogue's translation of ``msgid`` in ``lang``, read with polib (not
    through the code under test); there must be one."""
    entry = polib.pofile(str(po_path(lang))).find(msgid)
    assert entry is not None and entry.msgstr, (lang, msgid)
    return entry.msgstr


def kit_code(*languages: str) -> str:
    """The code of a kit for a parent who reads ``languages``, with the resources of ``SLUGS``."""
    keys = tuple(resource_key(slug) for slug in SLUGS)
    return kit_encode(Kit(KitOptions(who="ouder", languages=languages), keys))
