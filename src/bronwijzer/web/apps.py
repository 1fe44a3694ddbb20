from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "bronwijzer.web"
    label = "web"
    verbose_name = "Publieke site"
