from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "bronwijzer.catalog"
    label = "catalog"
    verbose_name = "Kaart en bronnen"
