"""Every page of the back office an administrator can open: the crawl the guards share.

``one_of_everything`` (tests/staff/conftest.py) makes sure each list has a row, each model a
change, history and revert page; ``admin_pages()`` lists their addresses.
"""

from __future__ import annotations

import contextlib

from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from simple_history.admin import SimpleHistoryAdmin

from bronwijzer.catalog.models import Resource


def _pages(model, model_admin) -> list[str]:
    def url(view: str, *args) -> str:
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)

    pages = [reverse("admin:app_list", args=[model._meta.app_label]), url("changelist")]
    with contextlib.suppress(NoReverseMatch):
        pages.append(url("add"))
    obj = model._default_manager.order_by("pk").first()
    if obj is not None:
        pages += [url("change", obj.pk), url("history", obj.pk)]
        history = getattr(obj, "history", None)
        if history is not None and isinstance(model_admin, SimpleHistoryAdmin):
            record = history.order_by("history_date").first()
            if record is not None:
                pages.append(url("simple_history", obj.pk, record.history_id))
    return pages


def admin_pages(skip_apps: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """The index, the password and two-factor pages, the review page, and per registered model
    its app page, list, add form, and the change, history and revert page of its first row."""
    review = (
        reverse("admin:catalog_resource_review")
        + "?ids="
        + ",".join(str(pk) for pk in Resource.objects.order_by("pk").values_list("pk", flat=True)[:5])
    )
    pages = [reverse("admin:index"), reverse("admin:password_change"), reverse("staff_two_factor"), review]
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in skip_apps:
            pages += _pages(model, model_admin)
    return pages
