"""The editors' review queue for visitor reports: open ones first, the resource linked."""

from __future__ import annotations

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

from bronwijzer.catalog.admin_input import PlainTextAdmin
from bronwijzer.reports.models import KINDS, ProblemReport
from bronwijzer.reports.services import problem_reports_handle


class OpenFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "open"

    def lookups(self, request, model_admin):
        return (("ja", "Open"), ("nee", "Afgehandeld"))

    def queryset(self, request, queryset):
        if self.value() == "ja":
            return queryset.filter(handled_at__isnull=True)
        if self.value() == "nee":
            return queryset.filter(handled_at__isnull=False)
        return queryset


class KindFilter(admin.SimpleListFilter):
    title = "soort melding"
    parameter_name = "soort"

    def lookups(self, request, model_admin):
        return [(slug, str(label)) for slug, label in KINDS]

    def queryset(self, request, queryset):
        if self.value():
            # JSON lists: filtered in Python, the same on SQLite and PostgreSQL (queues are small)
            ids = [r.pk for r in queryset.only("pk", "kinds") if self.value() in r.kinds]
            return queryset.filter(pk__in=ids)
        return queryset


@admin.register(ProblemReport)
class ProblemReportAdmin(PlainTextAdmin, admin.ModelAdmin):
    """Editors read the queue; handling a report (the action, the note) needs the publisher role."""

    list_display = ("created_at", "resource_link", "kinds_display", "remark", "handled_at")
    list_filter = (OpenFilter, KindFilter)
    search_fields = ("resource_slug", "remark")
    readonly_fields = (
        "resource_link",
        "resource_slug",
        "kinds_display",
        "remark",
        "created_at",
        "handled_at",
    )
    fields = ("resource_link", "kinds_display", "remark", "created_at", "handled_at", "editor_note")
    actions = ("mark_handled",)
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False  # reports come from visitors only

    @admin.display(description="Bron")
    def resource_link(self, report: ProblemReport):
        if report.resource is None:
            return f"{report.resource_slug} (verwijderd)"
        url = reverse("admin:catalog_resource_change", args=[report.resource_id])
        return format_html('<a href="{}">{}</a>', url, report.resource.title)

    @admin.display(description="Wat is er mis")
    def kinds_display(self, report: ProblemReport) -> str:
        return ", ".join(report.kind_labels())

    @admin.action(description="Markeer als afgehandeld", permissions=["change"])
    def mark_handled(self, request, queryset):
        count = problem_reports_handle(queryset)
        self.message_user(request, f"{count} melding(en) afgehandeld.", messages.SUCCESS)
