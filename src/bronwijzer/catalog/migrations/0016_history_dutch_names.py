"""Dutch names for the history models (``catalog.history.HistoricalRecords``): names only, no tables."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0015_resource_lists_are_rows'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='historicalglossaryterm',
            options={'get_latest_by': ('history_date', 'history_id'), 'ordering': ('-history_date', '-history_id'), 'verbose_name': 'versie van een begrip', 'verbose_name_plural': 'versies van begrippen'},
        ),
        migrations.AlterModelOptions(
            name='historicalhelpline',
            options={'get_latest_by': ('history_date', 'history_id'), 'ordering': ('-history_date', '-history_id'), 'verbose_name': 'versie van een hulplijn', 'verbose_name_plural': 'versies van hulplijnen'},
        ),
        migrations.AlterModelOptions(
            name='historicalmap',
            options={'get_latest_by': ('history_date', 'history_id'), 'ordering': ('-history_date', '-history_id'), 'verbose_name': 'versie van een kaart', 'verbose_name_plural': 'versies van kaarten'},
        ),
        migrations.AlterModelOptions(
            name='historicalorganisation',
            options={'get_latest_by': ('history_date', 'history_id'), 'ordering': ('-history_date', '-history_id'), 'verbose_name': 'versie van een organisatie', 'verbose_name_plural': 'versies van organisaties'},
        ),
        migrations.AlterModelOptions(
            name='historicalorganisationproposal',
            options={'get_latest_by': ('history_date', 'history_id'), 'ordering': ('-history_date', '-history_id'), 'verbose_name': 'versie van een voorgestelde organisatie', 'verbose_name_plural': 'versies van voorgestelde organisaties'},
        ),
        migrations.AlterModelOptions(
            name='historicalresource',
            options={'get_latest_by': ('history_date', 'history_id'), 'ordering': ('-history_date', '-history_id'), 'verbose_name': 'versie van een bron', 'verbose_name_plural': 'versies van bronnen'},
        ),
        migrations.AlterModelOptions(
            name='historicalresourceorganisation',
            options={'verbose_name': 'versie van organisaties van bronnen', 'verbose_name_plural': 'versies van organisaties van bronnen'},
        ),
        migrations.AlterModelOptions(
            name='historicalresourcesection',
            options={'verbose_name': 'versie van secties van bronnen', 'verbose_name_plural': 'versies van secties van bronnen'},
        ),
        migrations.AlterModelOptions(
            name='historicalrevision',
            options={'get_latest_by': ('history_date', 'history_id'), 'ordering': ('-history_date', '-history_id'), 'verbose_name': 'versie van een voorstel', 'verbose_name_plural': 'versies van voorstellen'},
        ),
        migrations.AlterModelOptions(
            name='historicalsection',
            options={'get_latest_by': ('history_date', 'history_id'), 'ordering': ('-history_date', '-history_id'), 'verbose_name': 'versie van een sectie', 'verbose_name_plural': 'versies van secties'},
        ),
    ]
