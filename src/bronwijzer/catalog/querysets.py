"""QuerySet methods that carry the catalog's business rules."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import models
from django.dispatch import Signal

from bronwijzer.catalog import linklists

#: Sent after a bulk write of content rows (``update``, ``bulk_create``): those send no ``post_save``,
#: so the content version would not move (``catalog.versioning`` connects it to ``content_changed``).
content_bulk_written = Signal()

if TYPE_CHECKING:
    from bronwijzer.catalog.models import Resource  # noqa: F401 (named as a string below)


class ContentQuerySet(models.QuerySet):
    """The QuerySet of every content model: its bulk writes move the content version too."""

    def update(self, **kwargs: Any) -> int:
        rows = super().update(**kwargs)
        if rows:
            content_bulk_written.send(sender=self.model)
        return rows

    update.alters_data = True  # type: ignore[attr-defined]  # Django's mark: templates never call it

    def bulk_create(self, objs: Iterable[Any], *args: Any, **kwargs: Any) -> list[Any]:
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            content_bulk_written.send(sender=self.model)
        return created

    bulk_create.alters_data = True  # type: ignore[attr-defined]  # Django's mark: templates never call it
    # bulk_update writes through update(): covered there


class ResourceQuerySet(ContentQuerySet):
    def published(self) -> ResourceQuerySet:
        return self.filter(status="published")

    def drafts(self) -> ResourceQuerySet:
        return self.filter(status="draft")

    def visible_to(self, user: Any) -> ResourceQuerySet:
        """Everything for staff (so drafts can be previewed), published content for everyone else."""
        if user is not None and user.is_authenticated and user.is_staff:
            return self.all()
        return self.published()

    def stale(self, reviewed_before: datetime.date) -> ResourceQuerySet:
        """Not confirmed by an editor since ``reviewed_before`` (or never), oldest first."""
        return self.filter(
            models.Q(reviewed_at__isnull=True) | models.Q(reviewed_at__lt=reviewed_before)
        ).order_by(models.F("reviewed_at").asc(nulls_first=True), "position")

    def in_printed_order(self) -> ResourceQuerySet:
        return self.order_by("position", "slug")

    def with_links(self) -> ResourceQuerySet:
        """Each resource reads its ``organisations`` and ``sections`` without a query of its own."""
        return self.prefetch_related(*linklists.PREFETCH)
