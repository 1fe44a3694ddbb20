from django.apps import AppConfig
from django.db.models.signals import post_migrate

from bronwijzer.lib.cachetable import cache_table_create


class CatalogConfig(AppConfig):
    name = "bronwijzer.catalog"
    label = "catalog"
    verbose_name = "Kaart en bronnen"

    def ready(self) -> None:
        # once per `migrate`: the cache table (rate limits, pages) lives in the catalog's database
        post_migrate.connect(cache_table_create, sender=self, dispatch_uid="bronwijzer-cache-table")
