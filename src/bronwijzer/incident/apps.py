from django.apps import AppConfig


class IncidentConfig(AppConfig):
    """No models: the answers live only in the query string."""

    name = "bronwijzer.incident"
    label = "incident"
    verbose_name = "Er is iets gebeurd"
