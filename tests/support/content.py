"""Changing content in a test the way an operator's script would: without the back office's review.

The site publishes only through review (:func:`bronwijzer.catalog.publishing.changes_publish`);
tests that need a published resource fast use :func:`resource_publish`. ``resource_unpublish``
is the site's own, here beside it so a test in another process can call either by name.
"""

from __future__ import annotations

from django.db import transaction

from bronwijzer.catalog.models import Resource
from bronwijzer.catalog.services import resource_unpublish

__all__ = ["resource_publish", "resource_unpublish"]


@transaction.atomic
def resource_publish(resource: Resource) -> Resource:
    """Publish a draft without review."""
    if resource.status != "published":
        resource.status = "published"
        resource.save(update_fields=["status", "updated_at"])  # the save moves the content version
    return resource
