from django.apps import AppConfig


class UiConfig(AppConfig):
    name = "bronwijzer.ui"
    label = "ui"
    verbose_name = "Weergave"
