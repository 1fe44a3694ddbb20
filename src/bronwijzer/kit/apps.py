from django.apps import AppConfig


class KitConfig(AppConfig):
    name = "bronwijzer.kit"
    label = "kit"
    verbose_name = "Gesprekskit"
