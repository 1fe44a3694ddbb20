"""The publisher's review in the back office: what goes live, field by field, before it does.

``/redactie/catalog/resource/nakijken/?ids=1,2`` lists every pending change of those
resources (a draft going live as a whole, or a proposal against the published entry)
with the published and the proposed value side by side. Publishers publish from there
(all shown changes at once, only exactly the versions shown) or decline a proposal;
editors see the same page without the buttons. Business rules: ``catalog.publishing``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from bronwijzer.catalog import publishing
from bronwijzer.catalog.admin_changes import change_shown, decision_note_text, refusal_message
from bronwijzer.catalog.admin_proposals import open_proposals_notice
from bronwijzer.catalog.models import Resource, Revision

#: At most this many entries on one review page (a bulk "publish" of more is refused with a message).
REVIEW_LIMIT = 100


def review_url(*resources) -> str:
    ids = ",".join(str(resource.pk) for resource in resources)
    return f"{reverse('admin:catalog_resource_review')}?ids={ids}"


if TYPE_CHECKING:
    _AdminBase = admin.ModelAdmin[Resource]  # what the mixin is mixed into
else:
    _AdminBase = object


class ReviewMixin(_AdminBase):
    """Adds the review page, the publish/decline handling and the publisher-only actions to ResourceAdmin."""

    def has_publish_permission(self, request) -> bool:
        return publishing.user_may_publish(request.user)

    def get_urls(self):
        review = self.admin_site.admin_view(self.review_view)
        return [path("nakijken/", review, name="catalog_resource_review"), *super().get_urls()]

    def review_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        ids = [part for part in request.GET.get("ids", "").split(",") if part.isdigit()][:REVIEW_LIMIT]
        if request.method == "POST":
            if not self.has_publish_permission(request):
                raise PermissionDenied
            done = self._review_post(request)
            if done is not None:
                return done
        resources = Resource.objects.filter(pk__in=ids).order_by("position", "slug").with_links()
        form = self.get_form(request)()
        changes = [change_shown(publishing.pending_change(resource), form) for resource in resources]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Nakijken voor publicatie",
            "changes": changes,
            "may_publish": self.has_publish_permission(request),
            "publishable": [c for c in changes if c.kind != "none" and not c.conflicts],
        }
        return TemplateResponse(request, "admin/catalog/resource/review.html", context)

    def _review_post(self, request):
        try:
            if "decline" in request.POST:
                revision = get_object_or_404(Revision, pk=request.POST.get("revision", ""))
                seen = int(request.POST.get("seen", "-1"))
                publishing.revision_decline(
                    revision, by=request.user, seen_version=seen, reason=request.POST.get("reason", "")[:2000]
                )
                self.message_user(request, f"Het voorstel voor “{revision.resource}” is afgewezen.")
                return HttpResponseRedirect(reverse("admin:catalog_revision_changelist"))
            tokens = request.POST.getlist("token")
            if not tokens:
                self.message_user(request, "Er was niets gekozen om te publiceren.", messages.WARNING)
                return None
            published = publishing.changes_publish(tokens, by=request.user)
        except publishing.ReviewRefused as refusal:
            self.message_user(request, refusal_message(refusal), messages.ERROR)
            return None
        except ValueError:
            self.message_user(
                request, "Het formulier was niet compleet; er is niets veranderd.", messages.ERROR
            )
            return None
        titles = ", ".join(f"“{resource}”" for resource in published)
        self.message_user(request, f"Gepubliceerd: {titles}.", messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:catalog_resource_changelist"))

    # -- the actions that change what is live: publishers only ----------------------------------

    @admin.action(description="Nakijken en publiceren", permissions=["publish"])
    def publish(self, request, queryset):
        if queryset.count() > REVIEW_LIMIT:
            self.message_user(request, f"Kies hoogstens {REVIEW_LIMIT} bronnen tegelijk.", messages.WARNING)
            return None
        return HttpResponseRedirect(review_url(*queryset))

    # -- editing a published entry makes a proposal -----------------------------------------------

    def response_change(self, request, obj):
        revision = getattr(obj, "_proposal", None)
        if revision is None:
            return super().response_change(request, obj)
        self.message_user(
            request,
            "Je wijziging is opgeslagen als voorstel. De gepubliceerde versie blijft staan "
            "tot een eindredacteur het voorstel publiceert.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(review_url(obj))

    @admin.display(description="wacht op publicatie")
    def pending(self, resource: Resource) -> str:
        if resource.status != "published":
            return format_html('<a href="{}">concept</a>', review_url(resource))
        if resource.open_revisions:  # type: ignore[attr-defined]  # prefetched (to_attr) by ResourceAdmin.get_queryset
            return format_html('<a href="{}">voorstel</a>', review_url(resource))
        return "-"


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    """Proposals, newest first; each opens the review page. Only the resource form writes them."""

    list_display = ("resource", "state", "author", "updated_at", "decided_by", "review_link")
    list_filter = ("state",)
    search_fields = ("resource__title", "note", "decision_note")
    list_select_related = ("resource", "author", "decided_by")
    fields = (
        "resource",
        "data",
        "base",
        "state",
        "author",
        "note",
        "decided_by",
        "decided_at",
        "decision_note",
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        """The one queue: proposed organisations waiting for approval are announced here too."""
        notice = open_proposals_notice()
        if notice is not None and request.method == "GET":
            self.message_user(request, notice, messages.INFO)
        return super().changelist_view(request, extra_context)

    @admin.display(description="verschillen")
    def review_link(self, revision: Revision) -> str:
        if revision.state != Revision.State.OPEN:
            return decision_note_text(revision) or "-"
        return format_html('<a href="{}">Bekijk de verschillen</a>', review_url(revision.resource))
