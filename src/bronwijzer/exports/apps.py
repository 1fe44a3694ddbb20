from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "bronwijzer.exports"
    label = "exports"
    verbose_name = "Exports"
