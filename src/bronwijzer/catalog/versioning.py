"""The catalog's core of change: edit versions (no lost updates) and the content version (fresh caches).

**Edit versions.** Every editable entry has ``edit_version``
(:class:`~bronwijzer.catalog.models.EditVersioned`), moved on by one with every save in
one conditional UPDATE. :func:`expect_version` makes the next save a compare-and-set
against the version an edit form was loaded with; a lost race raises
:class:`~bronwijzer.catalog.models.EditConflict` and writes nothing. What an editor is
told about it (who saved, what changed) is presentation: ``catalog.admin_conflicts``.

**The content version.** One counter (:class:`~bronwijzer.catalog.models.ContentVersion`)
that every reader of derived state (the search index in each process, the page cache)
compares. It moves by construction: every save and delete of a content model, and every
change of its many-to-many relations, calls :func:`content_changed` from a signal
handler in the same transaction (registered in ``CatalogConfig.ready``). Bulk writes
send no ``post_save``: the content models' QuerySet (``ContentQuerySet``) sends
``content_bulk_written`` after ``update`` and ``bulk_create`` instead. What bypasses
both (raw loads of a backup, SQL) calls :func:`content_changed` itself, as the restore
does. Inside :func:`content_changes_batched` the bumps of many writes become one, at the end.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db.models import F, Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from bronwijzer.catalog.models import (
    ContentVersion,
    EditConflict,
    EditVersioned,
    GlossaryTerm,
    HelpLine,
    Map,
    Organisation,
    Resource,
    Section,
)
from bronwijzer.catalog.querysets import content_bulk_written

__all__ = [
    "CONTENT_MODELS",
    "EditConflict",
    "bump_edit_versions",
    "content_changed",
    "content_changes_batched",
    "content_signals_connect",
    "content_version",
    "expect_version",
    "stored_version",
]

#: The models whose rows the public site, the search index and the exports show.
CONTENT_MODELS = (Map, Section, Organisation, Resource, GlossaryTerm, HelpLine)

#: Rows per query when moving the versions of many rows (SQLite allows at most 999 parameters).
_CHUNK = 500

# -- edit versions -----------------------------------------------------------------------------------


def expect_version(obj: EditVersioned, version: int) -> None:
    """Make the next save of ``obj`` succeed only if the stored row still has ``version``."""
    obj.__dict__[EditVersioned.EXPECTED] = version


def stored_version(obj: EditVersioned) -> int | None:
    """The version of ``obj``'s row in the database; None when it is not stored."""
    if obj.pk is None:
        return None
    return type(obj)._base_manager.filter(pk=obj.pk).values_list("edit_version", flat=True).first()


def bump_edit_versions(model: type[EditVersioned], objs: list[EditVersioned]) -> None:
    """Move the versions of many stored rows on by one before they are saved one by one (bulk writes).

    One UPDATE and one SELECT per chunk instead of one more query per row; the next
    ``save`` of each instance writes the version read back. Call inside the transaction
    that saves them.
    """
    for start in range(0, len(objs), _CHUNK):
        chunk = objs[start : start + _CHUNK]
        rows = model._base_manager.filter(pk__in=[obj.pk for obj in chunk])
        rows.update(edit_version=F("edit_version") + 1)
        stored = dict(rows.values_list("pk", "edit_version"))
        for obj in chunk:
            if obj.pk in stored:
                obj.edit_version = stored[obj.pk]
                obj.__dict__[EditVersioned.BUMPED] = True


# -- the content version ------------------------------------------------------------------------------

#: While a batch runs: a one-item list that says whether content changed in it.
_batch: ContextVar[list[bool] | None] = ContextVar("bronwijzer_content_batch", default=None)


def content_changed() -> None:
    """Record that content changed, so every process rebuilds what it derived from it.

    Runs inside the transaction that made the change: the bump commits (or rolls back)
    with it. Inside :func:`content_changes_batched` it only notes the change.
    """
    noted = _batch.get()
    if noted is not None:
        noted[0] = True
        return
    now = timezone.now()
    updated = ContentVersion.objects.filter(pk=1).update(counter=F("counter") + 1, changed_at=now)
    if not updated:
        ContentVersion.objects.get_or_create(pk=1, defaults={"counter": 1})


@contextmanager
def content_changes_batched() -> Iterator[None]:
    """Many writes, one bump: the content version moves once at the end if anything changed.

    Use it inside the transaction of the writes. On an error nothing is bumped (the
    transaction rolls back anyway). Nested batches are part of the outer one.
    """
    if _batch.get() is not None:
        yield
        return
    noted = [False]
    token = _batch.set(noted)
    try:
        yield
    finally:
        _batch.reset(token)
    if noted[0]:
        content_changed()


def content_version() -> tuple[int, str]:
    """The current content version: (counter, time of the last change); (0, "") before any content."""
    row = ContentVersion.objects.filter(pk=1).values_list("counter", "changed_at").first()
    return (row[0], row[1].isoformat()) if row else (0, "")


def _content_saved(sender: type[Model], instance: Model, raw: bool = False, **kwargs: Any) -> None:
    if not raw:  # loading a fixture or a backup: the restore moves the version itself
        content_changed()


def _content_deleted(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    content_changed()


def _bulk_written(sender: type[Model], **kwargs: Any) -> None:
    content_changed()


def _relation_changed(sender: type[Model], instance: Model, action: str, **kwargs: Any) -> None:
    if action.startswith("post_") and isinstance(instance, CONTENT_MODELS):
        content_changed()


def content_signals_connect() -> None:
    """Every write of content moves the content version (called once, from ``CatalogConfig.ready``)."""
    for model in CONTENT_MODELS:
        label = model._meta.label_lower
        post_save.connect(_content_saved, sender=model, dispatch_uid=f"bronwijzer-content-saved-{label}")
        post_delete.connect(
            _content_deleted, sender=model, dispatch_uid=f"bronwijzer-content-deleted-{label}"
        )
    m2m_changed.connect(_relation_changed, dispatch_uid="bronwijzer-content-relation-changed")
    content_bulk_written.connect(_bulk_written, dispatch_uid="bronwijzer-content-bulk-written")
