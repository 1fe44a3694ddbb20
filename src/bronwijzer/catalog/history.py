"""django-simple-history's ``HistoricalRecords``, with Dutch names for the history models it makes.

simple-history names a model's history "historical <name>" and the history of a many-to-many
link table by its class name ("HistoricalResourceOrganisation"). Those names are what the
back office shows wherever it names the model, such as the permission lists of the group and
user forms ("Kaart en bronnen | historical bron | bekijken"). This subclass names them in Dutch
("versie van een bron", "versie van organisaties van bronnen") unless a model gives a
``verbose_name`` itself. It changes names only: tables, fields and records stay the same.
"""

from __future__ import annotations

from typing import Any

from simple_history.models import HistoricalRecords as _SimpleHistoricalRecords


class HistoricalRecords(_SimpleHistoricalRecords):
    """simple-history's ``HistoricalRecords`` whose history models have Dutch names."""

    def get_meta_options(self, model: Any) -> dict[str, Any]:
        options: dict[str, Any] = super().get_meta_options(model)
        if not self.user_set_verbose_name:
            options["verbose_name"] = f"versie van een {model._meta.verbose_name}"
        if not self.user_set_verbose_name_plural:
            options["verbose_name_plural"] = f"versies van {model._meta.verbose_name_plural}"
        return options

    def get_meta_options_m2m(self, through_model: Any) -> dict[str, Any]:
        options: dict[str, Any] = super().get_meta_options_m2m(through_model)
        options["verbose_name"] = f"versie van {through_model._meta.verbose_name_plural}"
        options["verbose_name_plural"] = f"versies van {through_model._meta.verbose_name_plural}"
        return options
