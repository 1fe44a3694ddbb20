"""Settings come from the environment and fail loudly; checked in a fresh interpreter each time."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

#: The least a production start needs.
PRODUCTION = {
    "BRONWIJZER_ENV": "production",
    "ALLOWED_HOSTS": "kaart.example.nl",
    "SECRET_KEY": "x" * 50,
    "BRONWIJZER_PUBLIC_URL": "https://kaart.example.nl",
}


def load_settings(tmp_path, **env):
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "SECRET_KEY", "DEBUG", "BRONWIJZER_ENV"}
    }
    base.update({"BRONWIJZER_DATA_DIR": str(tmp_path), **env})
    code = (
        "import django, json; from django.conf import settings; django.setup(); "
        "print(json.dumps({'debug': settings.DEBUG, 'hosts': settings.ALLOWED_HOSTS, "
        "'engine': settings.DATABASES['default']['ENGINE'], "
        "'hsts': getattr(settings, 'SECURE_HSTS_SECONDS', 0), "
        "'proxy_ssl_header': getattr(settings, 'SECURE_PROXY_SSL_HEADER', None), "
        "'search_refresh': settings.SEARCH_REFRESH}))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**base, "DJANGO_SETTINGS_MODULE": "bronwijzer.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_defaults_are_safe_and_local(tmp_path):
    result = load_settings(tmp_path)
    assert result.returncode == 0, result.stderr
    assert '"debug": false' in result.stdout
    assert '"engine": "bronwijzer.lib.sqlitefile"' in result.stdout  # SQLite that never creates its file
    assert (tmp_path / "secret_key").exists()


def test_production_builds_a_new_search_index_beside_the_old_one_and_development_inline(tmp_path):
    production = load_settings(tmp_path, **PRODUCTION)
    assert production.returncode == 0, production.stderr
    assert '"search_refresh": "background"' in production.stdout  # no request waits for a rebuild
    development = load_settings(tmp_path)
    assert '"search_refresh": "inline"' in development.stdout  # the next search shows a change
    assert (
        '"search_refresh": "background"'
        in load_settings(tmp_path, BRONWIJZER_SEARCH_REFRESH="background").stdout
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = load_settings(tmp_path, BRONWIJZER_ENV="production", ALLOWED_HOSTS="kaart.example.nl")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when BRONWIJZER_ENV=production" in result.stderr
    assert not (tmp_path / "secret_key").exists()


def test_production_with_a_secret_key_turns_on_hsts(tmp_path):
    result = load_settings(tmp_path, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert '"hsts": 31536000' in result.stdout
    # The scheme comes from gunicorn, which believes X-Forwarded-Proto from trusted proxies only;
    # Django's SECURE_PROXY_SSL_HEADER would believe it from anyone.
    assert '"proxy_ssl_header": null' in result.stdout


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "maybe"}, "DEBUG='maybe' is not a boolean"),
        ({"DATABASE_URL": "mysql://x/y"}, "only sqlite:// and postgresql://"),
        ({"BRONWIJZER_QUICK_EXIT_URL": "javascript:alert(1)"}, "BRONWIJZER_QUICK_EXIT_URL"),
        ({"BRONWIJZER_WORKERS": "0"}, "below the minimum"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY is too short"),
        ({"BRONWIJZER_ENV": "staging"}, "BRONWIJZER_ENV='staging' is not one of"),
        ({"BRONWIJZER_TRUSTED_PROXIES": "127.0.0.1, proxy.intern"}, "'proxy.intern' is not an IP address"),
        ({"BRONWIJZER_CACHE_URL": "redis:/cache"}, "BRONWIJZER_CACHE_URL='redis:/cache': use a redis://"),
        ({"BRONWIJZER_CACHE_URL": "redis://:geheim@:6379"}, "BRONWIJZER_CACHE_URL='redis://:***@:6379'"),
        ({"BRONWIJZER_ZERO_RESULT_DAILY_LIMIT": "-1"}, "below the minimum"),
    ],
)
def test_bad_values_stop_the_start_with_a_message_naming_the_variable(tmp_path, env, message):
    result = load_settings(tmp_path, **env)
    assert result.returncode != 0
    assert "Bronwijzer configuration error" in result.stderr
    assert message in result.stderr


def test_postgresql_urls_are_understood(tmp_path):
    result = load_settings(tmp_path, DATABASE_URL="postgresql://u:p@127.0.0.1:5432/kaart")
    assert result.returncode == 0, result.stderr
    assert "postgresql" in result.stdout


def test_production_refuses_to_start_without_its_public_address(tmp_path):
    """Without it, absolute links would be built on whatever Host header a client sends."""
    result = load_settings(
        tmp_path, BRONWIJZER_ENV="production", ALLOWED_HOSTS="kaart.example.nl", SECRET_KEY="x" * 50
    )
    assert result.returncode != 0
    assert "BRONWIJZER_PUBLIC_URL must be set when BRONWIJZER_ENV=production" in result.stderr


def test_a_bad_embed_origin_stops_the_start_naming_the_entry(tmp_path):
    result = load_settings(
        tmp_path, BRONWIJZER_EMBED_ORIGINS="https://partner.nl, https://x.nl 'unsafe-inline'"
    )
    assert result.returncode != 0
    assert "BRONWIJZER_EMBED_ORIGINS: \"https://x.nl 'unsafe-inline'\" is not an origin" in result.stderr


def test_a_test_process_keeps_its_data_and_static_files_out_of_the_checkouts_var(settings):
    """``make run`` fills ``var/`` (the database, collectstatic's manifest in ``var/static/``); the
    tests that follow it in the same checkout must not read any of it (tests/conftest.py)."""
    var = (Path(__file__).resolve().parents[1] / "var").resolve()
    assert not Path(settings.DATA_DIR).resolve().is_relative_to(var)
    assert not Path(settings.STATIC_ROOT).resolve().is_relative_to(var)
