"""The handout's translations in the back office: the review state per language, and the PO file
of each language to download for a translator and upload again once corrected."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from bronwijzer.kit.catalogues import (
    MAX_BYTES,
    CatalogueInvalid,
    handout_catalogue_export,
    handout_catalogue_filename,
    handout_catalogue_import,
    handout_catalogue_reset,
    too_big,
)
from bronwijzer.kit.models import HandoutTranslation


class CatalogueUploadForm(forms.Form):
    po_file = forms.FileField(
        label="PO-bestand",
        help_text=f"Het bestand dat de vertaler terugstuurde (.po, hoogstens {MAX_BYTES // 1024} kB).",
    )


@admin.register(HandoutTranslation)
class HandoutTranslationAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "reviewed", "reviewed_on", "reviewer", "texts_source")
    list_filter = ("reviewed",)
    fields = ("language", "reviewed", "reviewed_on", "reviewer", "note", "po_tools")
    readonly_fields = ("po_tools",)
    actions = ("back_to_packaged",)

    def get_readonly_fields(self, request, obj=None):
        return ("language", *self.readonly_fields) if obj else self.readonly_fields

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "language":  # a language gets one row: offer the ones without one
            taken = set(HandoutTranslation.objects.values_list("language", flat=True))
            kwargs["choices"] = [(c, label) for c, label in db_field.get_choices() if c not in taken]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    @admin.display(description="teksten")
    def texts_source(self, obj: HandoutTranslation) -> str:
        if obj.catalogue and obj.catalogue_uploaded_at:
            when = timezone.localtime(obj.catalogue_uploaded_at).strftime("%d-%m-%Y %H:%M")
            return f"geüpload op {when}"
        return "meegeleverd met Bronwijzer"

    @admin.display(description="PO-bestand voor de vertaler")
    def po_tools(self, obj: HandoutTranslation | None) -> str:
        if obj is None or obj.pk is None:
            return "Sla eerst op; daarna kun je het bestand downloaden en uploaden."
        download = reverse("admin:kit_handouttranslation_po", args=[obj.pk])
        upload = reverse("admin:kit_handouttranslation_upload", args=[obj.pk])
        return format_html(
            '<a href="{}">Download het PO-bestand</a> · <a href="{}">Upload een verbeterd PO-bestand</a><br>'
            "Nu gebruikt het ouderblad de vertaling die {}. Een upload met andere teksten zet "
            "'nagekeken door een moedertaalspreker' weer uit.",
            download,
            upload,
            "is geüpload" if obj.catalogue else "met Bronwijzer is meegeleverd",
        )

    def get_urls(self):
        own = [
            path(
                "<path:object_id>/po/",
                self.admin_site.admin_view(self.po_download_view),
                name="kit_handouttranslation_po",
            ),
            path(
                "<path:object_id>/po/uploaden/",
                self.admin_site.admin_view(self.po_upload_view),
                name="kit_handouttranslation_upload",
            ),
        ]
        return own + super().get_urls()

    def po_download_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        obj = get_object_or_404(HandoutTranslation, pk=object_id)
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        response = HttpResponse(
            handout_catalogue_export(obj.language), content_type="text/x-gettext-translation; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{handout_catalogue_filename(obj.language)}"'
        return response

    def po_upload_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        obj = get_object_or_404(HandoutTranslation, pk=object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        problems: list[str] = []
        form = CatalogueUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["po_file"]
            try:
                if upload.size > MAX_BYTES:  # not read into memory at all
                    raise CatalogueInvalid([too_big(upload.size)])
                result = handout_catalogue_import(obj.language, upload.read())
            except CatalogueInvalid as exc:
                problems = exc.problems
            else:
                self.message_user(request, _import_message(obj, result), messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:kit_handouttranslation_change", args=[obj.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": obj,
            "title": f"Verbeterde vertaling uploaden: {obj}",
            "form": form,
            "problems": problems,
            "download_url": reverse("admin:kit_handouttranslation_po", args=[obj.pk]),
        }
        return TemplateResponse(request, "admin/kit/handouttranslation/upload.html", context)

    @admin.action(
        description="Terug naar de vertaling die met Bronwijzer is meegeleverd", permissions=["change"]
    )
    def back_to_packaged(self, request, queryset):
        changed = [str(obj) for obj in queryset if handout_catalogue_reset(obj.language)]
        if changed:
            self.message_user(
                request,
                f"Het ouderblad gebruikt weer de meegeleverde vertaling: {', '.join(changed)}.",
                messages.SUCCESS,
            )
        else:
            self.message_user(request, "Er was geen geüploade vertaling om terug te zetten.", messages.INFO)


def _import_message(obj: HandoutTranslation, result) -> str:
    if not result.changed:
        return f"{obj}: het bestand is in orde, maar er is geen tekst veranderd. Er is niets gewijzigd."
    message = f"{obj}: {len(result.changed)} tekst(en) gewijzigd. Het ouderblad gebruikt nu deze vertaling."
    if result.review_reset:
        message += " De vertaling staat weer op 'nog niet nagekeken door een moedertaalspreker'."
    return message
