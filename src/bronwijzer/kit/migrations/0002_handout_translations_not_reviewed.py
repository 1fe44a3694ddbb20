"""The review state moves from the PO header ``X-Native-Speaker-Review`` (which read "no" in every
packaged catalogue) to the database: every language translated until now starts as not reviewed."""

from django.db import migrations

#: The handout languages that had a catalogue when the header was retired.
LANGUAGES = ("en", "ar", "tr", "fr", "pl", "uk")
NOTE = "Conceptvertaling die met Bronwijzer is meegeleverd; nog niet nagekeken door een moedertaalspreker."


def forwards(apps, schema_editor):
    HandoutTranslation = apps.get_model("kit", "HandoutTranslation")
    for code in LANGUAGES:
        HandoutTranslation.objects.get_or_create(language=code, defaults={"reviewed": False, "note": NOTE})


class Migration(migrations.Migration):
    dependencies = [("kit", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
