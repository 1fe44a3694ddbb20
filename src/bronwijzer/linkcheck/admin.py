"""Link-check results for editors: links by status, oldest check first, with the entries that
use them, and one action to take over a permanent redirect. Only `bronwijzer checklinks`
writes the results themselves."""

from __future__ import annotations

from django.contrib import admin, messages
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html_join

from bronwijzer.catalog.publishing import user_may_publish
from bronwijzer.linkcheck.classify import REDIRECT_PERMANENT
from bronwijzer.linkcheck.models import LinkCheck, LinkCheckRun, LinkState
from bronwijzer.linkcheck.services import link_redirect_accept

_ADMIN_PAGES = {
    "resource": "admin:catalog_resource_changelist",
    "organisation": "admin:catalog_organisation_changelist",
    "helpline": "admin:catalog_helpline_changelist",
    "map": "admin:catalog_map_changelist",
}


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AttentionFilter(admin.SimpleListFilter):
    title = "actie nodig"
    parameter_name = "actie"

    def lookups(self, request, model_admin):
        return (("kapot", "Werkt niet"), ("doorverwezen", "Permanent doorverwezen"))

    def queryset(self, request, queryset):
        from bronwijzer.linkcheck.classify import FAILING

        if self.value() == "kapot":
            return queryset.filter(status__in=sorted(FAILING))
        if self.value() == "doorverwezen":
            return queryset.filter(status=REDIRECT_PERMANENT)
        return queryset


@admin.register(LinkState)
class LinkStateAdmin(ReadOnlyAdmin):
    list_display = ["url", "status_label", "http_status", "checked_at", "since", "final_url", "used_in"]
    list_filter = [AttentionFilter, "status"]
    search_fields = ["url", "final_url", "error"]
    ordering = ["checked_at", "url"]  # oldest check first
    actions = ["accept_redirect"]

    @admin.display(description="uitkomst", ordering="status")
    def status_label(self, state: LinkState) -> str:
        return state.label

    @admin.display(description="gebruikt bij")
    def used_in(self, state: LinkState):
        links = []
        for place in state.used_by:
            try:
                url = reverse(_ADMIN_PAGES[place["kind"]]) + f"?q={place['slug']}"
            except (KeyError, NoReverseMatch):
                continue
            links.append((url, place.get("name") or place["slug"]))
        return format_html_join(", ", '<a href="{}">{}</a>', links) or "-"

    def has_publish_permission(self, request) -> bool:
        """Taking over a link changes what is live: only a publisher may (``catalog.roles``)."""
        return user_may_publish(request.user)

    @admin.action(
        description="Neem de nieuwe link van een permanente doorverwijzing over", permissions=["publish"]
    )
    def accept_redirect(self, request, queryset):
        changed = skipped = 0
        for state in queryset:
            if state.status != REDIRECT_PERMANENT or not state.final_url:
                skipped += 1
                continue
            changed += link_redirect_accept(state)
        if changed:
            self.message_user(request, f"{changed} vermelding(en) kregen de nieuwe link.", messages.SUCCESS)
        if skipped:
            self.message_user(
                request, f"{skipped} link(s) overgeslagen: geen permanente doorverwijzing.", messages.WARNING
            )


@admin.register(LinkCheck)
class LinkCheckAdmin(ReadOnlyAdmin):
    list_display = ["url", "status", "http_status", "checked_at", "duration_ms", "attempts", "error"]
    list_filter = ["status"]
    search_fields = ["url", "final_url", "error"]
    date_hierarchy = "checked_at"
    list_select_related = ["run"]


@admin.register(LinkCheckRun)
class LinkCheckRunAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "finished_at", "checked", "failing"]
    date_hierarchy = "started_at"
