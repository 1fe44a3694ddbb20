"""BRONWIJZER_CACHE_URL with a real Redis server: rate limits and pages shared through it.

Runs when redis-server is installed (Debian: apt-get install redis-server) and the redis
client with it (the dev extra); skipped otherwise, saying so.
"""

from __future__ import annotations

import contextlib
import importlib.util
import pickle
import shutil
import socket
import subprocess
import sys
import time

import pytest
from django.core.cache import caches
from django.http import HttpResponse

from bronwijzer.lib.env import env_cache_url
from bronwijzer.lib.ratelimit import rate_limit_take
from bronwijzer.web import pagecache
from tests.support.liveserver import free_port

redis = pytest.importorskip("redis")

REDIS = shutil.which("redis-server")
pytestmark = pytest.mark.skipif(
    REDIS is None or importlib.util.find_spec("redis") is None,
    reason="needs redis-server (apt-get install redis-server) and the redis client (bronwijzer[redis])",
)


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    port = free_port()
    process = subprocess.Popen(
        [
            REDIS,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path_factory.mktemp("redis")),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(200):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def on_redis(settings, redis_url):
    shared = env_cache_url("C", environ={"C": redis_url})
    settings.CACHES = {
        **settings.CACHES,
        "default": {**shared, "KEY_PREFIX": "bronwijzer"},
        "pages": {**shared, "KEY_PREFIX": "bronwijzer-pages"},
    }
    caches["default"].clear()
    yield
    caches["default"].clear()


def test_the_settings_take_a_redis_url(tmp_path, redis_url):
    code = "import django; from django.conf import settings; django.setup(); print(settings.CACHES['pages'])"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={
            "DJANGO_SETTINGS_MODULE": "bronwijzer.settings",
            "BRONWIJZER_DATA_DIR": str(tmp_path),
            "BRONWIJZER_CACHE_URL": redis_url,
            "PATH": "/usr/bin:/bin",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "RedisCache" in result.stdout and redis_url in result.stdout


def test_a_rate_limit_counted_in_redis_holds(on_redis):
    assert [rate_limit_take("redis", 3, 600) for _ in range(5)] == [True, True, True, False, False]
    assert caches["default"].get(f"rate:redis:{int(time.time() // 600)}:n") == 3


def test_pages_are_shared_through_redis(on_redis, client, default_map):
    assert client.get("/organisaties/")[pagecache.HEADER] == pagecache.MISS
    caches[pagecache.LOCAL_CACHE].clear()  # another process: nothing in its own memory
    assert client.get("/organisaties/")[pagecache.HEADER] == pagecache.HIT


def redis_text(redis_url: str) -> str:
    """Every key and value in the Redis server, values unpickled where Django pickled them, as text."""
    server = redis.Redis.from_url(redis_url)
    text = []
    for key in server.scan_iter():
        value = server.get(key)
        text += [key.decode("latin-1"), value.decode("latin-1")]
        with contextlib.suppress(Exception):
            kept = pickle.loads(value)
            if isinstance(kept, HttpResponse):
                text.append(kept.content.decode())
    return "\n".join(text)


def test_a_visitors_search_words_never_reach_redis(on_redis, client, default_map, redis_url):
    word = "zqxredisgeheim"
    for url in (f"/?q=escaperoom&thema={word}", "/api/v1/resources?q=escaperoom", f"/?q={word}"):
        client.get(url)
        client.get(url)
    assert word in client.get(f"/?q=escaperoom&thema={word}").content.decode()
    assert client.get("/")[pagecache.HEADER] == pagecache.MISS  # a page without words goes to Redis
    text = redis_text(redis_url)
    assert "bronwijzer-pages" in text and "Bronwijzer" in text  # the pages themselves were read
    assert word not in text.lower()
