from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "bronwijzer.search"
    label = "search"
    verbose_name = "Zoeken"
