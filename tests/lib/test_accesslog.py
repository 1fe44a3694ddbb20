"""bronwijzer.lib.accesslog: gunicorn's access and error logs, as ``bronwijzer serve`` configures them."""

from __future__ import annotations

import datetime as dt
import io
import logging
from types import SimpleNamespace

import pytest
from gunicorn.config import Config
from gunicorn.glogging import SafeAtoms

from bronwijzer.lib.accesslog import ErrorLogFilter, PrivateAccessLogger
from bronwijzer.server.management.commands.serve import ACCESS_LOG_FORMAT

CODE = "AQEAAAAAszf6R6LA3u0g"


@pytest.fixture
def logger() -> PrivateAccessLogger:
    config = Config()
    config.set("accesslog", "-")
    return PrivateAccessLogger(config)


def access_line(logger, method: str, target: str, *, fmt: str = ACCESS_LOG_FORMAT, **headers) -> str:
    path, _, query = target.partition("?")
    environ = {
        "REQUEST_METHOD": method,
        "RAW_URI": target,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.7",
        **{f"HTTP_{name.upper()}": value for name, value in headers.items()},
    }
    request = SimpleNamespace(headers=[(name.upper(), value) for name, value in headers.items()])
    response = SimpleNamespace(status="302 Found", sent=17, headers=[("Location", f"/gesprekskit/{CODE}/")])
    atoms = logger.atoms(response, request, environ, dt.timedelta(milliseconds=12))
    return fmt % SafeAtoms(atoms)


def test_the_access_line_holds_method_route_status_size_and_duration(logger):
    line = access_line(logger, "GET", f"/gesprekskit/{CODE}/ouders/ar/?q=moslim+ouders")
    assert line.endswith('"GET /gesprekskit/<code>/ouders/<lang>/?… HTTP/1.1" 302 17 12ms')
    line = access_line(logger, "HEAD", "/gesprekskit/%41QEAAAAAszf6R6LA3u0g/")
    assert '"HEAD /gesprekskit/<code>/ HTTP/1.1"' in line


def test_no_other_atom_can_bring_back_what_the_visitor_sent(logger):
    every = "%(h)s %(u)s %(a)s %(f)s %(U)s %(q)s " + " ".join(
        f"%({atom})s" for atom in ("{raw_uri}e", "{query_string}e", "{referer}i", "{location}o", "{cookie}i")
    )
    line = access_line(
        logger,
        "GET",
        f"/en/gesprekskit/{CODE}/?q=zqxzoek",
        fmt=every,
        referer="https://elders.example/zqxpad/?q=zqxzoek",
        user_agent="zqxbrowser",
        cookie="zqxcookie",
    )
    assert line == "- - - https://elders.example/…/?… /en/gesprekskit/<code>/ … - - - - -"


@pytest.mark.parametrize(
    ("message", "logged"),
    [
        (
            "Invalid request from ip=203.0.113.9: "
            "Invalid HTTP request line: 'GET\\t/gesprekskit/x/?q=zqx HTTP/1.1'",
            "Invalid request from ip=-: Invalid HTTP request line: '…'",
        ),
        (
            "Invalid request from ip=2001:db8::7: Invalid HTTP Version: 'zqx/?q=zqx HTTP/1.1'",
            "Invalid request from ip=-: Invalid HTTP Version: '…'",
        ),
        (
            f"Error handling request GET /gesprekskit/{CODE}/?q=zqx",
            "Error handling request GET /gesprekskit/<code>/?…",
        ),
        ("Listening at: http://127.0.0.1:8000 (4242)", "Listening at: http://127.0.0.1:8000 (4242)"),
        ("Booting worker with pid: 4243", "Booting worker with pid: 4243"),
    ],
)
def test_the_error_log_keeps_the_kind_of_error_not_the_request(message, logged):
    record = logging.LogRecord("gunicorn.error", logging.WARNING, __file__, 1, message, (), None)
    ErrorLogFilter().filter(record)
    assert record.getMessage() == logged


def test_the_error_log_is_filtered_once_set_up(logger):
    stream = io.StringIO()
    for handler in logger.error_log.handlers:
        handler.setStream(stream)
    logger.warning(
        "Invalid request from ip=%s: %s", "198.51.100.4", "Invalid HTTP request line: 'GET /?q=zqx'"
    )
    logger.error("%s %s", "GET", f"/gesprekskit/{CODE}/")
    assert "Invalid request from ip=-: Invalid HTTP request line: '…'" in stream.getvalue()
    assert "GET /gesprekskit/<code>/" in stream.getvalue()
    assert (
        "zqx" not in stream.getvalue()
        and "198.51.100.4" not in stream.getvalue()
        and CODE not in stream.getvalue()
    )
    logger.setup(logger.cfg)  # a configuration reload adds no second filter
    assert sum(isinstance(f, ErrorLogFilter) for f in logger.error_log.filters) == 1
