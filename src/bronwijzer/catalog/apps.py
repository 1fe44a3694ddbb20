from django.apps import AppConfig
from django.db.models.signals import post_migrate

from bronwijzer.lib.cachetable import cache_table_create


class CatalogConfig(AppConfig):
    name = "bronwijzer.catalog"
    label = "catalog"
    verbose_name = "Kaart en bronnen"

    def ready(self) -> None:
        from bronwijzer.catalog import links  # noqa: F401  (connects the receivers that keep the links whole)

        # once per `migrate`: the cache table (rate limits, pages) lives in the catalog's database
        post_migrate.connect(cache_table_create, sender=self, dispatch_uid="bronwijzer-cache-table")
        # every save and delete of content moves the content version (catalog.versioning)
        from bronwijzer.catalog.versioning import content_signals_connect

        content_signals_connect()
