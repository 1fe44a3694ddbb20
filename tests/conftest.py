"""Shared fixtures. Tests run against the database in DATABASE_URL (SQLite by default, PostgreSQL in CI)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Unit tests render templates without running collectstatic first."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def default_map(db):
    """The packaged default map, loaded through the real import service."""
    from bronwijzer.catalog import services

    services.map_load_default(replace=True)
    return services.DEFAULT_MAP_PATH
