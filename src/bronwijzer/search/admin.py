from django.contrib import admin
from django.http import HttpRequest

from bronwijzer.search.models import ZeroResultQuery


@admin.register(ZeroResultQuery)
class ZeroResultQueryAdmin(admin.ModelAdmin):
    """Read-only: what visitors looked for and did not find (kept 90 days)."""

    list_display = ("query", "day", "count")
    list_filter = ("day",)
    search_fields = ("query",)
    date_hierarchy = "day"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ZeroResultQuery | None = None) -> bool:
        return False
