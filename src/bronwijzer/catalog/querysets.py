"""QuerySet methods that carry the catalog's business rules."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db import models

if TYPE_CHECKING:
    from bronwijzer.catalog.models import Resource  # noqa: F401 (named as a string below)


class ResourceQuerySet(models.QuerySet["Resource"]):
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
