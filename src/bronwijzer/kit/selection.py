"""From a kit code to the published resources it names, and back."""

from __future__ import annotations

from dataclasses import dataclass
from weakref import WeakKeyDictionary

from bronwijzer.kit.codec import Kit, resource_key
from bronwijzer.kit.ranking import Fit, resource_fit
from bronwijzer.search.documents import ResourceDoc
from bronwijzer.search.engine import search_index

_keys_by_index: WeakKeyDictionary = WeakKeyDictionary()


def _keys() -> dict[bytes, ResourceDoc]:
    """Every published resource by its kit key (built once per search-index version)."""
    index = search_index()
    keys = _keys_by_index.get(index)
    if keys is None:
        keys = {}
        for doc in index.docs:  # printed order: on a (very unlikely) hash clash the first one wins
            keys.setdefault(resource_key(doc.slug), doc)
        _keys_by_index[index] = keys
    return keys


def published_docs() -> list[ResourceDoc]:
    return list(search_index().docs)


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
