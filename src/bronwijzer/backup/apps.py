from django.apps import AppConfig


class BackupConfig(AppConfig):
    """No models: ``backup`` and ``restore`` read and write the tables of every other app."""

    name = "bronwijzer.backup"
    label = "backup"
    verbose_name = "Back-up"
