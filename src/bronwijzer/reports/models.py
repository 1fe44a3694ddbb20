"""What visitors report about a resource ("Meld een fout"), waiting for an editor.

A report holds only what the visitor ticked and typed: no address, no name, no
browser details. Editors handle reports in the admin's review queue.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

#: What a visitor can report (stable slugs; labels from gettext).
KINDS: tuple[tuple[str, str | StrPromise], ...] = (
    ("link-kapot", _("De link werkt niet")),
    ("info-onjuist", _("De informatie klopt niet")),
    ("beter-materiaal", _("Er is beter of nieuwer materiaal")),
    # The contact route of the accessibility statement (/toegankelijkheid/): there is no other.
    ("toegankelijkheid", _("De website is moeilijk te gebruiken (toegankelijkheid)")),
)
REMARK_MAX = 1000


class ProblemReportQuerySet(models.QuerySet):
    def open(self) -> ProblemReportQuerySet:
        return self.filter(handled_at__isnull=True)


class ProblemReport(models.Model):
    resource = models.ForeignKey(
        "catalog.Resource",
        verbose_name="bron",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="problem_reports",
    )
    resource_slug = models.SlugField(
        "naam van de bron in het webadres",
        max_length=100,
        help_text="Bewaard voor het geval de bron later verdwijnt.",
    )
    kinds = models.JSONField("wat is er mis", default=list)
    remark = models.TextField("opmerking van de bezoeker", blank=True, max_length=REMARK_MAX)
    created_at = models.DateTimeField("ontvangen op", auto_now_add=True, db_index=True)
    handled_at = models.DateTimeField("afgehandeld op", null=True, blank=True)
    editor_note = models.TextField(
        "notitie van de redactie", blank=True, help_text="Alleen zichtbaar in de redactie."
    )

    objects = ProblemReportQuerySet.as_manager()

    class Meta:
        ordering = ["handled_at", "-created_at"]
        verbose_name = "melding"
        verbose_name_plural = "meldingen"

    def __str__(self) -> str:
        return f"{self.resource_slug}: {', '.join(self.kind_labels())}"

    def kind_labels(self) -> list[str]:
        labels = dict(KINDS)
        return [str(labels.get(kind, kind)) for kind in self.kinds]
