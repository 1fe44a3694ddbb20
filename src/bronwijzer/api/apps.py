from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "bronwijzer.api"
    label = "api"
    verbose_name = "JSON API"
