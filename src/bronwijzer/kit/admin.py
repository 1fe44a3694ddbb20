"""The handout's translations in the back office: the review state per language, and the PO file
of each language to download for a translator and upload again once corrected."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from bronwijzer.catalog.admin_reasons import change_reason_register
from bronwijzer.kit.catalogues import (
    MAX_BYTES,
    REASON_RESET,
    REASON_UPLOADED,
    CatalogueInvalid,
    handout_catalogue_export,
    handout_catalogue_filename,
    handout_catalogue_import,
    handout_catalogue_missing,
    handout_catalogue_reset,
    too_big,
)
from bronwijzer.kit.languages import HANDOUT_LANGUAGES, language_choices, translated_languages
from bronwijzer.kit.models import HandoutTranslation
from bronwijzer.lib.languages import language_name


def _uploaded(changed: str, by: str) -> str:
    """The history of a language whose translator's file was stored (``handout_catalogue_import``)."""
    count = int(changed) if changed.isdigit() else 0
    return ngettext(
        "Vertaling geüpload door %(by)s: %(count)d tekst gewijzigd",
        "Vertaling geüpload door %(by)s: %(count)d teksten gewijzigd",
        count,
    ) % {"by": by, "count": count}


def _reset(_detail: str, by: str) -> str:
    return _("Terug naar de meegeleverde vertaling, door %(by)s") % {"by": by}


change_reason_register(REASON_UPLOADED, _uploaded)
change_reason_register(REASON_RESET, _reset)


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
            missing = len(handout_catalogue_missing(obj))
            if missing:  # texts added to Bronwijzer after the upload: the handout prints them in Dutch
                return (
                    f"geüpload op {when}; {missing} nieuwere "
                    + ("tekst staat" if missing == 1 else "teksten staan")
                    + " nog in het Nederlands: download het PO-bestand en laat ze vertalen"
                )
            return f"geüpload op {when}"
        return "meegeleverd met Bronwijzer"

    @admin.display(description="PO-bestand voor de vertaler")
    def po_tools(self, obj: HandoutTranslation | None) -> str:
        if obj is None or obj.pk is None:
            return "Sla eerst op; daarna kun je het bestand downloaden en uploaden."
        return format_html(
            '<a href="{}">Download het PO-bestand</a> · <a href="{}">Upload een verbeterd PO-bestand</a><br>'
            "Nu gebruikt het ouderblad de vertaling die {}. Een upload met andere teksten zet "
            "'nagekeken door een moedertaalspreker' weer uit.",
            reverse("admin:kit_handouttranslation_po", args=[obj.language]),
            reverse("admin:kit_handouttranslation_upload", args=[obj.language]),
            "is geüpload" if obj.catalogue else "met Bronwijzer is meegeleverd",
        )

    def changelist_view(self, request, extra_context=None):
        """Above the list: every handout language, also those without a record (not reviewed)."""
        rows = {row.language: row for row in HandoutTranslation.objects.all()}
        may_add = self.has_add_permission(request)
        overview = []
        for code in translated_languages():
            own, direction = HANDOUT_LANGUAGES[code]
            row = rows.get(code)
            if row is not None:
                record = reverse("admin:kit_handouttranslation_change", args=[row.pk])
            else:
                record = reverse("admin:kit_handouttranslation_add") + f"?language={code}" if may_add else ""
            overview.append(
                {
                    "code": code,
                    "name": language_name(code, "nl").capitalize(),
                    # its name in its own script, marked as that language (WCAG 3.1.2; and Chromium
                    # picks a font for the script by it)
                    "own": own,
                    "dir": direction,
                    "row": row,
                    "texts": self.texts_source(row) if row else "meegeleverd met Bronwijzer",
                    "download": reverse("admin:kit_handouttranslation_po", args=[code]),
                    "upload": reverse("admin:kit_handouttranslation_upload", args=[code]),
                    "record": record,
                }
            )
        context = {"overview": overview, "may_change": self.has_change_permission(request)}
        return super().changelist_view(request, extra_context={**(extra_context or {}), **context})

    def get_urls(self):
        own = [
            path(
                "po/<str:language>/",
                self.admin_site.admin_view(self.po_download_view),
                name="kit_handouttranslation_po",
            ),
            path(
                "po/<str:language>/uploaden/",
                self.admin_site.admin_view(self.po_upload_view),
                name="kit_handouttranslation_upload",
            ),
        ]
        return own + super().get_urls()

    def po_download_view(self, request: HttpRequest, language: str) -> HttpResponse:
        if language not in translated_languages():
            raise Http404("geen vertaalde taal van het ouderblad")
        if not self.has_view_permission(request):
            raise PermissionDenied
        response = HttpResponse(
            handout_catalogue_export(language), content_type="text/x-gettext-translation; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{handout_catalogue_filename(language)}"'
        return response

    def po_upload_view(self, request: HttpRequest, language: str) -> HttpResponse:
        if language not in translated_languages():
            raise Http404("geen vertaalde taal van het ouderblad")
        if not (self.has_change_permission(request) and self.has_add_permission(request)):
            raise PermissionDenied  # an upload may create the language's record
        label = dict(language_choices())[language]
        problems: list[str] = []
        form = CatalogueUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["po_file"]
            try:
                if upload.size > MAX_BYTES:  # not read into memory at all
                    raise CatalogueInvalid([too_big(upload.size)])
                result = handout_catalogue_import(language, upload.read())
            except CatalogueInvalid as exc:
                problems = exc.problems
            else:
                self.message_user(request, _import_message(label, result), messages.SUCCESS)
                row = HandoutTranslation.objects.get(language=language)
                return HttpResponseRedirect(reverse("admin:kit_handouttranslation_change", args=[row.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "label": label,
            "title": f"Verbeterde vertaling uploaden: {label}",
            "form": form,
            "problems": problems,
            "download_url": reverse("admin:kit_handouttranslation_po", args=[language]),
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


def _import_message(label: str, result) -> str:
    if not result.changed:
        return f"{label}: het bestand is in orde, maar er is geen tekst veranderd. Er is niets gewijzigd."
    message = f"{label}: {len(result.changed)} tekst(en) gewijzigd. Het ouderblad gebruikt nu deze vertaling."
    if result.review_reset:
        message += " De vertaling staat weer op 'nog niet nagekeken door een moedertaalspreker'."
    return message
