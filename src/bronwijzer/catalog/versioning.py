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

**What each version changed.** Every move also writes what it changed
(:class:`~bronwijzer.catalog.models.ContentChange`: the label and primary key of each saved
or deleted row, a model's label alone for a bulk write, ``*`` for anything else), in the same
transaction. :func:`content_changes_since` reads them back for a reader that holds an older
version, so the search index can take in a few changed resources instead of being built anew;
it says "cannot tell" (None) whenever the record is incomplete, and the reader then rebuilds.
The rows of the newest ``CHANGES_KEPT`` versions are kept.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F, Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from bronwijzer.catalog.models import (
    ContentChange,
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
    "ContentChanges",
    "EditConflict",
    "bump_edit_versions",
    "content_changed",
    "content_changes_batched",
    "content_changes_since",
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

#: A change record: a model's label and a row's primary key (None: any row of it); ``*``: anything.
Change = tuple[str, int | None]
#: While a batch runs: the changes noted in it.
_batch: ContextVar[set[Change] | None] = ContextVar("bronwijzer_content_batch", default=None)
#: The versions whose change rows are kept; a reader whose version is older rebuilds.
CHANGES_KEPT = 1000
#: Old rows are pruned when the counter reaches a multiple of this.
PRUNE_EVERY = 100
#: More changed rows than this in one version are recorded as one ``*`` (anything).
CHANGES_PER_VERSION = 5000


def content_changed(model: type[Model] | None = None, pk: Any = None) -> None:
    """Record that content changed, so every process rebuilds what it derived from it.

    ``model`` and ``pk`` say what changed (a row of that model; any row of it without ``pk``);
    without them: anything. Runs inside the transaction that made the change: the bump and its
    record commit (or roll back) with it. Inside :func:`content_changes_batched` it only notes
    the change.
    """
    change: Change = (
        (ContentChange.ANY, None)
        if model is None
        else (model._meta.label_lower, pk if isinstance(pk, int) else None)
    )
    noted = _batch.get()
    if noted is not None:
        noted.add(change)
        return
    _bump({change})


def _bump(changes: Collection[Change]) -> None:
    """Move the version on by one and record what moved it."""
    updated = ContentVersion.objects.filter(pk=1).update(counter=F("counter") + 1, changed_at=timezone.now())
    if not updated:
        ContentVersion.objects.get_or_create(pk=1, defaults={"counter": 1})
    counter, changed_at = ContentVersion.objects.filter(pk=1).values_list("counter", "changed_at").get()
    if len(changes) > CHANGES_PER_VERSION:
        changes = {(ContentChange.ANY, None)}
    ContentChange.objects.bulk_create(
        ContentChange(counter=counter, changed_at=changed_at, model=model, object_pk=pk)
        for model, pk in sorted(changes, key=lambda c: (c[0], c[1] or 0))
    )
    if counter % PRUNE_EVERY == 0:
        ContentChange.objects.filter(counter__lte=counter - CHANGES_KEPT).delete()


@contextmanager
def content_changes_batched() -> Iterator[None]:
    """Many writes, one bump: the content version moves once at the end if anything changed.

    Use it inside the transaction of the writes. On an error nothing is bumped (the
    transaction rolls back anyway). Nested batches are part of the outer one.
    """
    if _batch.get() is not None:
        yield
        return
    noted: set[Change] = set()
    token = _batch.set(noted)
    try:
        yield
    finally:
        _batch.reset(token)
    if noted:
        _bump(noted)


@dataclass(frozen=True)
class ContentChanges:
    """What changed from one content version to a newer one."""

    version: tuple[int, str]  # the newer version
    rows: frozenset[tuple[str, int]]  # (model label, primary key) of each row saved or deleted
    models: frozenset[str]  # labels of models with changes not recorded row by row; ``*``: anything

    def of(self, model: type[Model]) -> frozenset[int]:
        """The primary keys of the rows of ``model`` that changed."""
        label = model._meta.label_lower
        return frozenset(pk for name, pk in self.rows if name == label)

    def only(self, *models: type[Model]) -> bool:
        """Whether everything that changed is rows of ``models``, recorded one by one."""
        labels = {m._meta.label_lower for m in models}
        return not self.models and all(name in labels for name, _ in self.rows)


def content_changes_since(since: tuple[int, str]) -> ContentChanges | None:
    """What changed after content version ``since``, or None when the record cannot tell.

    None when the version did not move on, when ``since`` is older than the rows kept, when the
    row of ``since`` is not there with its time (the database was replaced or restored: its
    history is another), or when a version in between has no rows.
    """
    counter, changed_at = since
    with transaction.atomic():
        current = content_version()
        if not counter < current[0] <= counter + CHANGES_KEPT:
            return None
        rows = list(
            ContentChange.objects.filter(counter__gte=counter, counter__lte=current[0]).values_list(
                "counter", "changed_at", "model", "object_pk"
            )
        )
    if not any(c == counter and at.isoformat() == changed_at for c, at, _, _ in rows):
        return None
    if len({c for c, _, _, _ in rows if c > counter}) != current[0] - counter:
        return None
    later = [(model, pk) for c, _, model, pk in rows if c > counter]
    return ContentChanges(
        version=current,
        rows=frozenset((model, pk) for model, pk in later if pk is not None),
        models=frozenset(model for model, pk in later if pk is None),
    )


def content_version() -> tuple[int, str]:
    """The current content version: (counter, time of the last change); (0, "") before any content."""
    row = ContentVersion.objects.filter(pk=1).values_list("counter", "changed_at").first()
    return (row[0], row[1].isoformat()) if row else (0, "")


def _content_saved(sender: type[Model], instance: Model, raw: bool = False, **kwargs: Any) -> None:
    if not raw:  # loading a fixture or a backup: the restore moves the version itself
        content_changed(sender, instance.pk)


def _content_deleted(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    content_changed(sender, instance.pk)


def _bulk_written(sender: type[Model], **kwargs: Any) -> None:
    content_changed(sender)


def _relation_changed(sender: type[Model], instance: Model, action: str, **kwargs: Any) -> None:
    if action.startswith("post_") and isinstance(instance, CONTENT_MODELS):
        content_changed(type(instance), instance.pk)


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
