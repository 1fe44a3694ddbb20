"""A resource's organisations and sections as an ordered list of slugs, stored only as relation rows.

``Resource.organisations`` and ``Resource.sections`` read like the lists of slugs they used to be
(the map file, the forms, a proposal and a revert all speak in slugs), but nothing stores a list:
the rows of ``ResourceOrganisation`` and ``ResourceSection`` (with their ``position``) are the
truth, and the database keeps them whole.

- **Reading** gives the slugs of the rows in order: from a prefetch when there is one
  (:data:`PREFETCH`, ``Resource.objects.with_links()``), else in one query. An instance
  built from a version in the history (simple-history's ``record.instance``, which a revert
  uses) reads the rows that version recorded, and saving it makes them the resource's rows.
- **Setting** a list keeps it on the instance until the resource is saved; the save writes
  the rows in the same transaction (``catalog.links``), before the history records the
  version with its rows. So ``Resource(organisations=[...])``, a form, a proposal being
  published and a revert all write through ``save()`` as before.

This is a descriptor, not a model field: there is no column, and the lists are not fields
of ``_meta``. The code that treats content field by field (publishing, the admin's
differences) asks :data:`LINK_LISTS` for them next to the concrete fields.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from simple_history.manager import SIMPLE_HISTORY_REVERSE_ATTR_NAME

#: The prefetch that lets a list of resources read their organisations and sections without a
#: query each (``Resource.objects.with_links()``).
PREFETCH = (
    "organisation_links__organisation",
    "organisation_links__proposal",
    "section_links__section",
)


class LinkList(property):
    """An ordered list of slugs backed by relation rows (a ``property`` so that ``Model(**kwargs)`` takes it).

    ``related``: the reverse accessor of the rows on the resource (``organisation_links``);
    ``targets``: the foreign keys of a row that may name the slug, first one set wins;
    ``history_field``: the field of a version in the history that holds its recorded rows.
    """

    def __init__(
        self, name: str, verbose_name: str, related: str, targets: tuple[str, ...], history_field: str
    ) -> None:
        super().__init__()
        self.name = self.attname = name
        self.verbose_name = verbose_name
        self.related = related
        self.targets = targets
        self.history_field = history_field
        #: Where a list set but not yet saved waits on the instance.
        self.pending_key = f"_pending_{name}"

    # -- the field-like part that publishing and the admin's differences use ---------------------

    is_relation = False
    flatchoices: tuple[Any, ...] = ()
    choices = None

    def value_from_object(self, instance: Any) -> list[str]:
        return list(self.__get__(instance))

    def to_python(self, value: Any) -> list[str]:
        return list(value or [])

    # -- the descriptor ----------------------------------------------------------------------

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        pending = instance.__dict__.get(self.pending_key)
        if pending is not None:
            return list(pending)
        record = instance.__dict__.get(SIMPLE_HISTORY_REVERSE_ATTR_NAME)  # set on ``record.instance``
        if record is not None:
            return self.recorded_slugs(record)
        if instance.pk is None:
            return []
        prefetched = getattr(instance, "_prefetched_objects_cache", {}).get(self.related)
        if prefetched is not None:
            rows = sorted(prefetched, key=lambda row: row.position)
            return [slug for row in rows if (slug := self._slug_of(row)) is not None]
        return self._slugs_in(getattr(instance, self.related))

    def __set__(self, instance: Any, value: Iterable[str] | None) -> None:
        instance.__dict__[self.pending_key] = [str(slug) for slug in (value or [])]

    def __delete__(self, instance: Any) -> None:
        instance.__dict__.pop(self.pending_key, None)

    def pending(self, instance: Any) -> list[str] | None:
        """What a save of ``instance`` writes: the list set on it since it was last saved, or None.

        An instance built from a version in the history (a revert) writes that version's list.
        """
        value = instance.__dict__.get(self.pending_key)
        record = instance.__dict__.get(SIMPLE_HISTORY_REVERSE_ATTR_NAME)
        if value is None and record is not None:
            value = self.recorded_slugs(record)
        return None if value is None else list(value)

    def saved(self, instance: Any) -> None:
        """The rows now hold what was pending: reads go to them again."""
        instance.__dict__.pop(self.pending_key, None)
        getattr(instance, "_prefetched_objects_cache", {}).pop(self.related, None)

    def recorded_slugs(self, record: Any) -> list[str]:
        """The slugs of the rows a version in the history recorded, in order."""
        return self._slugs_in(getattr(record, self.history_field))

    def recorded_slugs_of(self, records: Sequence[Any]) -> dict[int, list[str]]:
        """The slugs each version in ``records`` recorded, by ``history_id``, in one query."""
        result: dict[int, list[str]] = {record.history_id: [] for record in records}
        if not result:
            return result
        rows = getattr(type(records[0]), self.history_field).model.objects.filter(history_id__in=list(result))
        columns = [f"{target}__slug" for target in self.targets]
        for history_id, *slugs in rows.order_by("history_id", "position").values_list("history_id", *columns):
            slug = next((s for s in slugs if s is not None), None)
            if slug is not None:
                result[history_id].append(slug)
        return result

    def _slug_of(self, row: Any) -> str | None:
        for target in self.targets:
            if getattr(row, f"{target}_id") is not None:
                return str(getattr(row, target).slug)
        return None

    def _slugs_in(self, rows: Any) -> list[str]:
        columns = [f"{target}__slug" for target in self.targets]
        return [
            next(slug for slug in slugs if slug is not None)
            for slugs in rows.order_by("position").values_list(*columns)
            if any(slug is not None for slug in slugs)
        ]


def link_lists(model: type) -> tuple[LinkList, ...]:
    """The link lists of ``model`` (empty for a model without any)."""
    return tuple(value for value in vars(model).values() if isinstance(value, LinkList))
