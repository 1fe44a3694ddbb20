"""What every entry editors change shares: an edit version (compare-and-set); the content version
row and the record of what each version changed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models, router, transaction

#: The label of every ``slug`` field: the part of a web address that names the entry.
NAME_IN_ADDRESS = "naam in het webadres"
NAME_IN_ADDRESS_HELP = (
    "Kleine letters, cijfers en streepjes; blijft vast zodra andere gegevens ernaar verwijzen."
)


class EditConflict(Exception):
    """The row no longer holds the version this save was based on; nothing was written."""

    def __init__(self, obj: models.Model, expected: int):
        super().__init__(f"{type(obj).__name__} {obj.pk}: version {expected} is no longer current")
        self.expected = expected


class EditVersioned(models.Model):
    """An entry editors change: ``edit_version`` goes up by one with every save of the row.

    It lets an edit form refuse to save over a change it did not show (optimistic
    concurrency). Every save of an existing row moves the stored counter forward in the
    database with one conditional UPDATE (compare-and-set), also when this instance was
    read before someone else's save. A save told the version it must find
    (:func:`bronwijzer.catalog.versioning.expect_version`) writes nothing and raises
    :class:`EditConflict` when the row holds another one. PostgreSQL holds the row lock
    from that UPDATE to the commit; SQLite has one writer at a time. The counter is
    mirrored in the history.
    """

    edit_version = models.PositiveIntegerField(
        "versie", default=0, editable=False, help_text="Gaat bij elke opslag één omhoog."
    )

    # Set before a save for django-simple-history's next history row: who saved, and why.
    _history_user: Any
    _change_reason: str

    #: Set on an instance: the version its next save must find (see ``versioning.expect_version``).
    EXPECTED = "_expected_edit_version"
    #: Set on an instance whose row's version was already moved on (``versioning.bump_edit_versions``).
    BUMPED = "_edit_version_bumped"

    class Meta:
        abstract = True

    def save(
        self,
        *,
        force_insert: bool | tuple[models.base.ModelBase, ...] = False,
        force_update: bool = False,
        using: str | None = None,
        update_fields: Iterable[str] | None = None,
    ) -> None:
        using = using or router.db_for_write(type(self), instance=self)
        options: dict[str, Any] = {"force_insert": force_insert, "force_update": force_update, "using": using}
        new_row = self._state.adding or self.pk is None or force_insert
        if new_row or (update_fields is not None and not update_fields):
            super().save(**options, update_fields=update_fields)  # a new row starts at 0; no fields, no write
            return
        if update_fields is not None:
            update_fields = {*update_fields, "edit_version"}
        with transaction.atomic(using=using, savepoint=False):
            self.edit_version = self._next_edit_version(using)
            super().save(**options, update_fields=update_fields)

    save.alters_data = True  # type: ignore[attr-defined]  # Django's mark: templates never call it

    def _next_edit_version(self, using: str) -> int:
        """Move the stored version on by one (compare-and-set) and return it."""
        expected: int | None = self.__dict__.pop(self.EXPECTED, None)
        if self.__dict__.pop(self.BUMPED, False) and expected is None:
            return self.edit_version
        rows = type(self)._base_manager.db_manager(using).filter(pk=self.pk)
        if expected is not None:
            if not rows.filter(edit_version=expected).update(edit_version=expected + 1):
                raise EditConflict(self, expected)
            return expected + 1
        if rows.filter(edit_version=self.edit_version).update(edit_version=self.edit_version + 1):
            return self.edit_version + 1
        if rows.update(edit_version=models.F("edit_version") + 1):  # this copy was read before another save
            return rows.values_list("edit_version", flat=True).get()
        return self.edit_version + 1  # the row is not stored (any more): the save inserts it


class ContentVersion(models.Model):
    """One row whose counter goes up whenever published content may have changed.

    Readers that keep derived state in memory (the search index in every server
    process) compare this counter to rebuild when, and only when, it moved.
    """

    counter = models.PositiveBigIntegerField("teller", default=0)
    changed_at = models.DateTimeField("gewijzigd op", auto_now=True)

    class Meta:
        verbose_name = "inhoudsversie"

    def __str__(self) -> str:
        return f"versie {self.counter}"


class ContentChange(models.Model):
    """What one move of the content version changed: a row per changed entry.

    ``model`` is the changed model's label (``catalog.resource``) with ``object_pk`` the row's
    primary key, or the model's label without one (a bulk write of that model), or ``*``
    (anything: a restore, a load). ``changed_at`` repeats the version's time, so a reader that
    holds an older version can tell that the rows after it continue *its* history and not that
    of a database replaced meanwhile. The search index of a process brings itself up to date
    from these rows when only a few resources changed (``search.built.index_patch``); the rows
    of old versions are pruned (``catalog.versioning``).
    """

    ANY = "*"

    counter = models.PositiveBigIntegerField("versie", db_index=True)
    changed_at = models.DateTimeField("gewijzigd op")
    model = models.CharField("soort", max_length=100)
    object_pk = models.BigIntegerField("nummer", null=True, blank=True)

    class Meta:
        verbose_name = "inhoudswijziging"
        verbose_name_plural = "inhoudswijzigingen"

    def __str__(self) -> str:
        return f"versie {self.counter}: {self.model} {self.object_pk or ''}".rstrip()
