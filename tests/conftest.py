"""Shared fixtures. Tests run against the database in DATABASE_URL (SQLite by default, PostgreSQL in CI)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import Counter
from pathlib import Path

import pytest

from tests.support import schedule
from tests.support.collector import collector_freeze, collector_tune
from tests.support.liveserver import SHARED_TEMPLATE_ENV, stop_process_group, template_prepare_in_background

BROWSER_TESTS = Path(__file__).resolve().parent / "browser"


def pytest_configure(config: pytest.Config) -> None:
    """The cycle collector's thresholds (tests/support/collector.py), in every process of the run.
    One template database for every test server of the run, whichever worker starts it
    (tests/support/liveserver.py): the workers pytest-xdist starts inherit this environment."""
    collector_tune()
    if hasattr(config, "workerinput") or SHARED_TEMPLATE_ENV in os.environ:
        return
    folder = tempfile.mkdtemp(prefix="bronwijzer-template-")
    os.environ[SHARED_TEMPLATE_ENV] = folder

    def remove() -> None:
        os.environ.pop(SHARED_TEMPLATE_ENV, None)
        shutil.rmtree(folder, ignore_errors=True)

    config.add_cleanup(remove)
    if getattr(config.option, "numprocesses", None):
        # A run on several workers (`make test`): the template is made beside their first tests.
        preparing = template_prepare_in_background(Path(folder), Path(folder + ".log"))

        def stop() -> None:
            stop_process_group(preparing, grace=5)
            Path(folder + ".log").unlink(missing_ok=True)

        config.add_cleanup(stop)  # before remove(): cleanups run last-in, first-out


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    """Out of the cycle collector's sight: what the process holds once the tests are collected."""
    collector_freeze()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The browser tests after all others, and within each kind the longest files first
    (tests/support/schedule.py: the order `make test` hands files to its workers)."""
    tests = Counter(item.path for item in items)

    def key(item: pytest.Item) -> tuple[bool, float]:
        browser = item.path.is_relative_to(BROWSER_TESTS)
        path = item.path.relative_to(schedule.ROOT).as_posix()
        return browser, -schedule.file_weight(path, tests[item.path], browser=browser)

    items.sort(key=key)  # stable: a file's tests keep their order


@pytest.fixture(scope="session")
def django_db_modify_db_settings_xdist_suffix(request: pytest.FixtureRequest) -> None:
    """Under pytest-xdist (`make test` runs two workers), each worker gets a test database of its own.

    pytest-django's version of this fixture gives every database but Django's own SQLite engine a
    ``_gw0``-style suffix; ours is a subclass (``bronwijzer.lib.sqlitefile``), whose test database
    is in memory and so already one per worker process, and the suffix would turn it into a file
    named after the real database. PostgreSQL gets the suffix, as with pytest-django's.
    """
    from django.conf import settings

    worker = getattr(request.config, "workerinput", {}).get("workerid")
    if not worker:
        return
    for database in settings.DATABASES.values():
        test = database.setdefault("TEST", {})
        if database["ENGINE"].endswith("sqlitefile") and test.get("NAME") in (None, "", ":memory:"):
            continue
        test["NAME"] = f"{test.get('NAME') or 'test_' + database['NAME']}_{worker}"


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hasher():
    """Passwords in tests are hashed with MD5, not PBKDF2 with a million rounds (~0.3 s of CPU per
    account and per login). Django's own advice for test suites; the servers the tests start as
    subprocesses do the same (tests/support/server_settings.py), and no test is about the hash itself.
    """
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(scope="session", autouse=True)
def _own_data_dir(tmp_path_factory: pytest.TempPathFactory):
    """Each test process has a data folder of its own, not the checkout's ``var/``.

    What the site keeps there at run time is shared by every process that uses the folder: the
    PDF render slots (``locks/pdf-N.lock``, one slot on a 2-core machine) would make one xdist
    worker's render answer 503 while the other worker renders, and so would a ``make run``
    beside the tests. The static files' folder too (settings take it from the data folder when
    they are read): ``make run`` leaves the manifest of its collectstatic in ``var/static/``.
    """
    from django.test import override_settings

    data_dir = tmp_path_factory.mktemp("data")
    with override_settings(DATA_DIR=data_dir, STATIC_ROOT=data_dir / "static"):
        yield


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


@pytest.fixture(scope="session")
def _default_map_document():
    """The packaged default map, read and validated once a run.

    Reading is most of what loading it costs (PyYAML's pure-Python loader, which keeps line
    numbers for error messages: ~0.25 s of CPU a time), and some 250 tests load it.
    ``map_file_read(replace=True)`` checks the file against itself only, not the database.
    """
    from bronwijzer.catalog import services

    return services.map_file_read(services.DEFAULT_MAP_PATH, replace=True)


@pytest.fixture
def default_map(db, _default_map_document):
    """The packaged default map, loaded through the real import service.

    The same as ``services.map_load_default(replace=True)``, with the file read once a run.
    """
    from bronwijzer.catalog import services

    services.map_import(_default_map_document.model_copy(deep=True), replace=True)
    return services.DEFAULT_MAP_PATH


@pytest.fixture(scope="module")
def default_map_module(django_db_setup, django_db_blocker, _default_map_document):
    """The default map loaded once per test module and rolled back after its last test.

    Tests that use it (with ``db``) each run in their own savepoint. Yields the
    JSON dump taken right after loading.
    """
    from django.db import transaction

    from bronwijzer.catalog import services

    with django_db_blocker.unblock(), transaction.atomic():
        services.map_import(_default_map_document.model_copy(deep=True), replace=True)
        yield services.map_export("json").encode("utf-8")
        transaction.set_rollback(True)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--screens",
        metavar="DIR",
        default=None,
        help="the journey tests (tests/browser/test_journeys.py) save a screenshot of every step in DIR",
    )
