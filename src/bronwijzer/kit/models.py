"""What the kit keeps: per handout language, whether a native speaker reviewed the translation,
and the corrected catalogue an editor uploaded (used instead of the packaged one).

The uploaded catalogue lives in the database, not in the package directory: a production
install may not write there, and the packaged ``handout.po`` stays the default. A language
without a record has not been reviewed and uses its packaged catalogue.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from bronwijzer.kit.languages import language_choices


class HandoutTranslation(models.Model):
    _change_reason: str  # set before a save for django-simple-history's next history row

    language = models.CharField("taal", max_length=10, unique=True, choices=language_choices)
    reviewed = models.BooleanField(
        "nagekeken door een moedertaalspreker",
        default=False,
        help_text="Zet dit pas aan als iemand die de taal als moedertaal spreekt elke tekst heeft gelezen.",
    )
    reviewed_on = models.DateField("nagekeken op", null=True, blank=True)
    reviewer = models.CharField(
        "naam van wie nakeek",
        max_length=200,
        blank=True,
        help_text="Mag leeg blijven. De naam staat op de gesprekskit en boven het ouderblad op het scherm.",
    )
    note = models.TextField("notitie", blank=True, help_text="Alleen voor de redactie.")
    catalogue = models.TextField(
        "geüploade vertaling (PO-bestand)",
        blank=True,
        editable=False,
        help_text="Leeg: het ouderblad gebruikt de vertaling die met Bronwijzer is meegeleverd.",
    )
    catalogue_uploaded_at = models.DateTimeField(
        "vertaling geüpload op", null=True, blank=True, editable=False
    )
    history = HistoricalRecords(verbose_name="versie van een vertaling van het ouderblad")

    class Meta:
        ordering = ["language"]
        verbose_name = "vertaling van het ouderblad"
        verbose_name_plural = "vertalingen van het ouderblad"

    def __str__(self) -> str:
        return self.get_language_display()

    def clean(self) -> None:
        errors = {}
        if self.reviewed and not self.reviewed_on:
            errors["reviewed_on"] = "Vul in op welke dag de vertaling is nagekeken."
        if self.reviewed_on and self.reviewed_on > timezone.localdate():
            errors["reviewed_on"] = "Deze datum ligt in de toekomst."
        if not self.reviewed and (self.reviewed_on or self.reviewer):
            errors["reviewed"] = (
                "Een datum of naam hoort bij een nagekeken vertaling: zet dan het vinkje aan."
            )
        if errors:
            raise ValidationError(errors)

    def review_reset(self) -> None:
        """The strings changed: what a native speaker read is no longer what the handout prints."""
        self.reviewed, self.reviewed_on, self.reviewer = False, None, ""
