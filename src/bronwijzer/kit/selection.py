"""From a kit code to the published resources it names, and back."""

from __future__ import annotations

from dataclasses import dataclass

from bronwijzer.kit.codec import Kit
from bronwijzer.kit.ranking import Fit, resource_fit
from bronwijzer.search.documents import ResourceDoc
from bronwijzer.search.engine import search_index
from bronwijzer.search.shortlinks import published_by_key as _keys


def published_docs() -> list[ResourceDoc]:
    """The published resources in printed order (the index's own list: read it, don't change it)."""
    return search_index().docs


def key_doc(key: bytes) -> ResourceDoc | None:
    return _keys().get(key)


@dataclass(frozen=True)
class KitSelection:
    """A kit with its resources looked up: what is there, in order, and how many dropped out."""

    kit: Kit
    fits: tuple[Fit, ...]
    missing: int

    @property
    def resources(self) -> tuple[ResourceDoc, ...]:
        return tuple(f.resource for f in self.fits)


def kit_select(kit: Kit, locale: str = "nl") -> KitSelection:
    """The published resources of ``kit`` with their fit.

    Keys no published resource has (unpublished or deleted since) count as missing.
    """
    keys = _keys()
    docs = [keys[k] for k in kit.keys if k in keys]
    fits = tuple(resource_fit(doc, kit.options, locale) for doc in docs)
    return KitSelection(kit, fits, len(kit.keys) - len(docs))
