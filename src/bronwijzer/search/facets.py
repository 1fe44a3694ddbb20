"""Facets over resources: OR within a facet, AND across facets.

A facet's counts respect every other facet's selection but not its own
(multi-select faceting), so each count tells what choosing that value gives.
Works on any objects with the resource attributes (model instances or index
documents). :class:`FacetIndex` holds every facet value as a boolean mask over
the documents (numpy), so filters are mask operations and counts are popcounts
over bit-packed masks; :func:`apply` and :func:`count` use it too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

from bronwijzer.catalog import vocab
from bronwijzer.lib.languages import is_language_code, language_name


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class FacetCounts:
    name: str
    label: str
    options: tuple[Option, ...]

    @property
    def selected(self) -> tuple[Option, ...]:
        return tuple(o for o in self.options if o.selected)


class SelectionError(ValueError):
    """A facet parameter has a value that is not allowed."""

    def __init__(self, parameter: str, value: str, allowed: Sequence[str] | str, hint: str = ""):
        self.parameter = parameter
        self.value = value
        self.allowed = allowed
        self.hint = hint
        allowed_text = allowed if isinstance(allowed, str) else ", ".join(allowed)
        message = f"{parameter}: {value!r} is not allowed; allowed values: {allowed_text}"
        super().__init__(f"{message} ({hint})" if hint else message)


class Facet:
    name: str
    label: str | StrPromise

    def normalise(self, value: str) -> str:
        """Return the canonical value or raise :class:`SelectionError`."""
        raise NotImplementedError

    def matches(self, item: Any, values: Sequence[str]) -> bool:
        raise NotImplementedError

    def options(self, items: Sequence) -> list[tuple[str, str]]:
        raise NotImplementedError

    def label_for(self, value: str) -> str:
        return dict(self.options([])).get(value, value)


class ListFacet(Facet):
    """A facet over a list attribute holding vocabulary slugs (themes, formats, ...)."""

    def __init__(self, vocabulary: vocab.Vocabulary):
        self.vocabulary = vocabulary
        self.name = vocabulary.name
        self.label = vocabulary.label

    def normalise(self, value: str) -> str:
        if value not in self.vocabulary.slugs:
            raise SelectionError(self.name, value, self.vocabulary.slugs)
        return value

    def matches(self, item: Any, values: Sequence[str]) -> bool:
        held = getattr(item, self.vocabulary.field)
        held = held if isinstance(held, list | tuple) else [held]
        return any(v in held for v in values)

    def options(self, items: Sequence[Any]) -> list[tuple[str, str]]:
        return [(t.slug, str(t.label)) for t in self.vocabulary.terms]


class LanguageFacet(Facet):
    name = "language"
    label = _("Taal")

    def normalise(self, value: str) -> str:
        code = value.strip().lower()
        if not is_language_code(code):
            raise SelectionError(self.name, value, "ISO 639-1 codes such as nl, en, ar, tr, fr, pl, uk")
        return code

    def matches(self, item: Any, values: Sequence[str]) -> bool:
        return any(v in item.languages for v in values)

    def label_for(self, value: str) -> str:
        return language_name(value, get_language() or "nl")

    def options(self, items: Sequence[Any]) -> list[tuple[str, str]]:
        return self.options_for({code for item in items for code in item.languages})

    def options_for(self, codes: Iterable[str]) -> list[tuple[str, str]]:
        # Dutch first, then English, then by name in the active language
        lang = get_language() or "nl"
        ordered = sorted(codes, key=lambda c: (c != "nl", c != "en", language_name(c, lang)))
        return [(code, language_name(code, lang)) for code in ordered]


_AGE_VALUE = re.compile(r"^(\d{1,2})(?:-(\d{1,2}))?$")


class AgeFacet(Facet):
    """Age of the young people. Material without an age range is not age-bound and always matches."""

    name = "age"
    label = _("Leeftijd jongeren")

    def normalise(self, value: str) -> str:
        match = _AGE_VALUE.match(value.strip())
        if not match:
            raise SelectionError(self.name, value, "an age (e.g. 14) or a range (e.g. 12-14), ages 0 to 99")
        low = int(match.group(1))
        high = int(match.group(2)) if match.group(2) else low
        if low > high:
            raise SelectionError(self.name, value, "a range whose first age is not above the second")
        return f"{low}-{high}" if match.group(2) else str(low)

    @staticmethod
    def _range(value: str) -> tuple[int, int]:
        low, _, high = value.partition("-")
        return int(low), int(high or low)

    def matches(self, item: Any, values: Sequence[str]) -> bool:
        if item.age_min is None and item.age_max is None:
            return True
        item_low = item.age_min if item.age_min is not None else 0
        item_high = item.age_max if item.age_max is not None else 99
        for value in values:
            low, high = self._range(value)
            if item_low <= high and low <= item_high:
                return True
        return False

    def options(self, items: Sequence[Any]) -> list[tuple[str, str]]:
        return [(band.slug, str(band.label)) for band in vocab.AGE_BANDS]

    def label_for(self, value: str) -> str:
        for band in vocab.AGE_BANDS:
            if band.slug == value:
                return str(band.label)
        return _("%(age)s jaar") % {"age": value.replace("-", "–")}


FACETS: tuple[Facet, ...] = (
    ListFacet(vocab.THEMES),
    ListFacet(vocab.PROFESSIONS),
    ListFacet(vocab.AUDIENCES),
    ListFacet(vocab.FORMATS),
    LanguageFacet(),
    ListFacet(vocab.CONTEXTS),
    ListFacet(vocab.COST),
    AgeFacet(),
)
FACETS_BY_NAME: dict[str, Facet] = {facet.name: facet for facet in FACETS}


@dataclass(frozen=True)
class Selection:
    """The chosen values per facet, canonical and de-duplicated, in facet order."""

    values: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def active(self) -> bool:
        return any(self.values.values())

    def get(self, name: str) -> tuple[str, ...]:
        return self.values.get(name, ())

    def labelled(self) -> list[tuple[str, str]]:
        """Each chosen value as (facet label, value label) in the active language, for people to
        read (a PDF's cover, a heading): never the parameter names and codes of ``as_query``."""
        return [
            (str(FACETS_BY_NAME[name].label), FACETS_BY_NAME[name].label_for(value))
            for name, value in self.as_query()
            if name in FACETS_BY_NAME
        ]

    def as_query(self, without: tuple[str, str] | None = None) -> list[tuple[str, str]]:
        """Query pairs of this selection, optionally without one (facet, value)."""
        return [
            (name, value)
            for name, values in self.values.items()
            for value in values
            if (name, value) != without
        ]


def parse_selection(
    query: Mapping[str, Iterable[str]], *, strict: bool, exact: bool = False
) -> tuple[Selection, list[SelectionError]]:
    """Read facet parameters from a query mapping (name -> list of values).

    With ``strict`` the first bad value raises; otherwise bad values are left
    out and returned, so a page can say what it ignored. Values are normalised
    (``AR`` -> ``ar``) and empty values skipped, unless ``exact``: then only
    canonical values pass, and the others are bad values with a hint to the
    canonical form (what a stable API contract wants).
    """
    values: dict[str, tuple[str, ...]] = {}
    errors: list[SelectionError] = []
    for facet in FACETS:
        chosen: list[str] = []
        for raw in query.get(facet.name, ()):
            if raw == "" and not exact:
                continue
            try:
                value = facet.normalise(raw)
                if exact and value != raw:
                    raise SelectionError(facet.name, raw, "canonical values", hint=f"did you mean {value!r}?")
            except SelectionError as error:
                if strict:
                    raise
                errors.append(error)
                continue
            if value not in chosen:
                chosen.append(value)
        if chosen:
            values[facet.name] = tuple(chosen)
    return Selection(values), errors


def apply(items: Sequence, selection: Selection) -> list:
    """The items that match the selection, in their order."""
    mask = FacetIndex(items).mask(selection)
    return [items[i] for i in np.flatnonzero(mask).tolist()]


def count(items: Sequence, selection: Selection) -> list[FacetCounts]:
    """Counts for every option of every facet (multi-select faceting)."""
    index = FacetIndex(items)
    return index.counts(np.ones(index.n, dtype=bool), selection)


def _pack(mask: np.ndarray) -> np.ndarray:
    """A boolean mask (or a stack of them) as 64-bit words, for counting with popcount."""
    packed = np.packbits(mask, axis=-1, bitorder="little")
    pad = (-packed.shape[-1]) % 8
    if pad:
        packed = np.concatenate([packed, np.zeros((*packed.shape[:-1], pad), np.uint8)], axis=-1)
    return np.ascontiguousarray(packed).view(np.uint64)


class FacetIndex:
    """Facet values as boolean masks over documents ``0..n-1`` (numpy), for fast filters and counts.

    Same semantics as :meth:`Facet.matches`: OR within a facet, AND across
    facets, and a facet's counts respect every other facet's selection but not
    its own.
    """

    def __init__(self, items: Sequence):
        self.n = n = len(items)
        self.values: dict[str, list[str]] = {}
        self.masks: dict[str, np.ndarray] = {}  # facet name -> (values, n) bool
        for facet in FACETS:
            if isinstance(facet, ListFacet):
                field = facet.vocabulary.field
                values = list(facet.vocabulary.slugs)
            elif isinstance(facet, LanguageFacet):
                field = "languages"
                values = sorted({code for item in items for code in item.languages})
            else:
                continue
            column = {value: j for j, value in enumerate(values)}
            rows, docs = [], []
            for d, item in enumerate(items):
                held = getattr(item, field)
                for value in held if isinstance(held, list | tuple) else (held,):
                    j = column.get(value)
                    if j is not None:
                        rows.append(j)
                        docs.append(d)
            masks = np.zeros((len(values), n), dtype=bool)
            masks[rows, docs] = True
            self.values[facet.name], self.masks[facet.name] = values, masks
        self.age_free = np.array([i.age_min is None and i.age_max is None for i in items], dtype=bool)
        self.age_low = np.array([0 if i.age_min is None else i.age_min for i in items], dtype=np.int16)
        self.age_high = np.array([99 if i.age_max is None else i.age_max for i in items], dtype=np.int16)
        self._ages()

    def patched(
        self, kept: np.ndarray, moved_to: np.ndarray, added: Sequence, added_ids: np.ndarray
    ) -> FacetIndex:
        """The facets of a new collection: the documents of this one that are ``kept``, each at its
        id in ``moved_to``, and the ``added`` ones at ``added_ids``; what ``FacetIndex`` makes of the
        new collection, with no pass over the documents that stay."""
        incoming = FacetIndex(added)
        targets = moved_to[kept]
        twin = object.__new__(FacetIndex)
        twin.n = n = len(targets) + len(added)
        twin.values, twin.masks = {}, {}
        for name, values in self.values.items():
            if name == "age":
                continue
            old = self.masks[name][:, kept]
            if name == "language":  # the languages of the documents there are, whichever
                present = {values[j] for j in np.flatnonzero(old.any(axis=1)).tolist()}
                new_values = sorted(present | set(incoming.values[name]))
            else:
                new_values = values
            row = {value: j for j, value in enumerate(new_values)}
            masks = np.zeros((len(new_values), n), dtype=bool)
            for j, value in enumerate(values):
                if value in row:
                    masks[row[value], targets] = old[j]
            for j, value in enumerate(incoming.values[name]):
                masks[row[value], added_ids] = incoming.masks[name][j]
            twin.values[name], twin.masks[name] = new_values, masks
        for name in ("age_free", "age_low", "age_high"):
            column = np.empty(n, dtype=getattr(self, name).dtype)
            column[targets] = getattr(self, name)[kept]
            column[added_ids] = getattr(incoming, name)
            setattr(twin, name, column)
        twin._ages()
        return twin

    def _ages(self) -> None:
        """The masks of the age bands (from the age columns) and every facet's packed masks."""
        bands = [band.slug for band in vocab.AGE_BANDS]
        self.values["age"] = bands
        self.masks["age"] = (
            np.stack([self._age_mask(b) for b in bands]) if self.n else np.zeros((len(bands), 0), dtype=bool)
        )
        self.packed = {name: _pack(masks) for name, masks in self.masks.items()}

    def _age_mask(self, value: str) -> np.ndarray:
        low, high = AgeFacet._range(value)
        return self.age_free | ((self.age_low <= high) & (low <= self.age_high))

    def value_mask(self, name: str, value: str) -> np.ndarray:
        values = self.values.get(name, [])
        if value in values:
            mask: np.ndarray = self.masks[name][values.index(value)]
            return mask
        if name == "age":
            return self._age_mask(value)
        return np.zeros(self.n, dtype=bool)

    def language_mask(self, code: str) -> np.ndarray | None:
        values = self.values["language"]
        return self.masks["language"][values.index(code)] if code in values else None

    def facet_mask(self, name: str, values: Sequence[str]) -> np.ndarray:
        mask = np.zeros(self.n, dtype=bool)
        for value in values:
            mask |= self.value_mask(name, value)
        return mask

    def mask(self, selection: Selection, pool: np.ndarray | None = None) -> np.ndarray:
        """The documents in ``pool`` (default: all) that match every facet of the selection."""
        mask = np.ones(self.n, dtype=bool) if pool is None else pool.copy()
        for name, values in selection.values.items():
            if values:
                mask &= self.facet_mask(name, values)
        return mask

    def counts(self, pool: np.ndarray, selection: Selection) -> list[FacetCounts]:
        """Counts for every option of every facet, over ``pool`` (the documents matching the query)."""
        chosen_masks = {
            name: self.facet_mask(name, values) for name, values in selection.values.items() if values
        }
        final = pool.copy()
        for mask in chosen_masks.values():
            final &= mask
        packed_final = _pack(final)
        results = []
        for facet in FACETS:
            if facet.name in chosen_masks:
                facet_pool = pool.copy()
                for name, mask in chosen_masks.items():
                    if name != facet.name:
                        facet_pool &= mask
                packed = _pack(facet_pool)
            else:
                facet_pool, packed = final, packed_final
            numbers = dict(
                zip(
                    self.values[facet.name],
                    np.bitwise_count(self.packed[facet.name] & packed).sum(axis=1).tolist(),
                    strict=True,
                )
            )
            if isinstance(facet, LanguageFacet):
                present = np.bitwise_count(self.packed[facet.name] & _pack(pool)).sum(axis=1)
                labelled = facet.options_for(
                    v for v, k in zip(self.values[facet.name], present, strict=True) if k
                )
            else:
                labelled = facet.options([])
            chosen = selection.get(facet.name)
            options = [
                Option(value, label, numbers.get(value, 0), value in chosen) for value, label in labelled
            ]
            known = {value for value, _ in labelled}
            for value in chosen:  # a chosen value the option list does not offer (e.g. age 14)
                if value not in known:
                    number = int(np.count_nonzero(facet_pool & self.value_mask(facet.name, value)))
                    options.append(Option(value, facet.label_for(value), number, True))
            results.append(FacetCounts(facet.name, str(facet.label), tuple(options)))
        return results
