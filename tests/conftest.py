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


@pytest.fixture(autouse=True)
def _site_language():
    """Every test starts in the site's default language.

    A request to an /en/ page leaves English active in the test's thread (the
    middleware activates a language per request and does not reset it), and a
    later ``reverse()`` in another test would then give English URLs.
    """
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Every test starts with an empty page cache (bronwijzer.web.pagecache).

    A test's database is rolled back afterwards, content version included, so the next
    test can see the same fingerprint over different content; a real database only moves on.
    """
    from django.test.signals import setting_changed

    from bronwijzer.web import pagecache

    def settings_changed(**kwargs):  # a test that changes a setting mid-test sees pages made with it
        pagecache.clear()

    pagecache.clear()
    setting_changed.connect(settings_changed, weak=False)
    yield
    setting_changed.disconnect(settings_changed)
    pagecache.clear()


@pytest.fixture
def default_map(db):
    """The packaged default map, loaded through the real import service."""
    from bronwijzer.catalog import services

    services.map_load_default(replace=True)
    return services.DEFAULT_MAP_PATH


@pytest.fixture(scope="module")
def default_map_module(django_db_setup, django_db_blocker):
    """The default map loaded once per test module and rolled back after its last test.

    Tests that use it (with ``db``) each run in their own savepoint. Yields the
    JSON dump taken right after loading.
    """
    from django.db import transaction

    from bronwijzer.catalog import services

    with django_db_blocker.unblock(), transaction.atomic():
        services.map_load_default(replace=True)
        yield services.map_export("json").encode("utf-8")
        transaction.set_rollback(True)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--screens",
        metavar="DIR",
        default=None,
        help="the journey tests (tests/browser/test_journeys.py) save a screenshot of every step in DIR",
    )
