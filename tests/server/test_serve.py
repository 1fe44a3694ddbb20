"""`bronwijzer serve`'s gunicorn: threaded workers with a request deadline, the application loaded
once before the fork, and GUNICORN_CMD_ARGS still honoured (the real server runs in the tests that
use tests/support/liveserver.py)."""

from __future__ import annotations

from ipaddress import ip_network

from bronwijzer.lib.gunicornworker import ThreadWorker
from bronwijzer.server.management.commands.serve import Gunicorn, gunicorn_options


def test_serve_runs_threaded_workers_with_a_deadline_and_the_app_preloaded(monkeypatch):
    monkeypatch.delenv("GUNICORN_CMD_ARGS", raising=False)
    cfg = Gunicorn(gunicorn_options("127.0.0.1", 8123, workers=2, threads=32)).cfg
    assert cfg.worker_class is ThreadWorker
    assert (cfg.workers, cfg.threads, cfg.preload_app) == (2, 32, True)
    assert cfg.bind == ["127.0.0.1:8123"]
    assert cfg.control_socket_disable is True


def test_gunicorn_cmd_args_still_override(monkeypatch):
    monkeypatch.setenv("GUNICORN_CMD_ARGS", "--timeout 300 --threads 4")
    cfg = Gunicorn(gunicorn_options("127.0.0.1", 8123, workers=2, threads=32)).cfg
    assert (cfg.timeout, cfg.threads) == (300, 4)


def test_gunicorn_believes_the_scheme_only_from_the_trusted_proxies(monkeypatch, settings):
    monkeypatch.delenv("GUNICORN_CMD_ARGS", raising=False)
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    settings.TRUSTED_PROXIES = []
    assert Gunicorn(gunicorn_options("127.0.0.1", 8123, workers=1, threads=1)).cfg.forwarded_allow_ips == []
    settings.TRUSTED_PROXIES = [ip_network("127.0.0.1/32"), ip_network("10.0.0.0/8")]
    cfg = Gunicorn(gunicorn_options("127.0.0.1", 8123, workers=1, threads=1)).cfg
    assert cfg.forwarded_allow_ips == ["127.0.0.1/32", "10.0.0.0/8"]
