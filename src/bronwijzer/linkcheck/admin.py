"""Link-check results in the back office, read-only: only `bronwijzer checklinks` writes them."""

from __future__ import annotations

from django.contrib import admin

from bronwijzer.linkcheck.models import LinkCheck, LinkCheckRun, LinkState


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LinkState)
class LinkStateAdmin(ReadOnlyAdmin):
    list_display = ["url", "status", "http_status", "checked_at", "since", "final_url"]
    list_filter = ["status"]
    search_fields = ["url", "final_url", "error"]
    date_hierarchy = "checked_at"


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
