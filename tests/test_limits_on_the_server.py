"""Limits hold on the real server (two gunicorn workers), directly and behind a trusted proxy:
the 'Meld een fout' limit and the login lockout.

Before issue 14 each gunicorn worker counted reports in its own memory, and 9 reports of one
visitor got through instead of 5; behind a proxy every visitor was the proxy; and from this
machine a new made-up X-Forwarded-For with every try escaped the login lockout.
"""

from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest

from bronwijzer.reports.services import PER_CLIENT
from tests.support.liveserver import live_server, manage

PATH = "/bron/mediagesprek/meld-een-fout/"
FORM = urllib.parse.urlencode(
    {"kinds": "link-kapot", "remark": "De link werkt niet.", "website": ""}
).encode()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the 303 after a stored report is the answer itself


_opener = urllib.request.build_opener(_NoRedirect)


def report(base_url: str, forwarded: str | None = None) -> int:
    """Post one report over a new connection (so the workers take turns); the status code."""
    headers = {"Sec-Fetch-Site": "same-origin", "Content-Type": "application/x-www-form-urlencoded"}
    if forwarded:
        headers["X-Forwarded-For"] = forwarded
    request = urllib.request.Request(base_url + PATH, data=FORM, headers=headers, method="POST")
    try:
        with _opener.open(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def workers(server) -> int:
    return sum("Booting worker with pid" in line for line in server.log().splitlines())


PASSWORD = "een-lang-wachtwoord-voor-tests"


@pytest.fixture(scope="module")
def direct(tmp_path_factory):
    """The default set-up: no trusted proxy."""
    data_dir = tmp_path_factory.mktemp("direct")
    with live_server(data_dir) as running:
        manage(data_dir, "staff", "eva", "--role", "editor", "--password-stdin", stdin=PASSWORD + "\n")
        yield running


@pytest.fixture(scope="module")
def proxied(tmp_path_factory):
    """Behind a proxy on this machine, configured as trusted."""
    env = {"BRONWIJZER_TRUSTED_PROXIES": "127.0.0.1"}
    data_dir = tmp_path_factory.mktemp("proxied")
    with live_server(data_dir, env=env) as running:
        manage(data_dir, "staff", "eva", "--role", "editor", "--password-stdin", stdin=PASSWORD + "\n")
        yield running


def log_in(base_url: str, password: str, forwarded: str | None = None) -> int:
    """One login as a new browser would (the form, its CSRF cookie, the post); the post's status."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect
    )
    extra = {"X-Forwarded-For": forwarded} if forwarded else {}
    url = base_url + "/redactie/login/"
    with opener.open(urllib.request.Request(url, headers=extra), timeout=30) as response:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.read().decode()).group(1)
    form = {"csrfmiddlewaretoken": token, "username": "eva", "password": password, "next": "/redactie/"}
    request = urllib.request.Request(url, data=urllib.parse.urlencode(form).encode(), headers=extra)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_one_visitor_gets_exactly_the_limit_across_all_workers(direct):
    assert workers(direct) == 2
    statuses = [report(direct.url) for _ in range(PER_CLIENT + 7)]
    assert statuses == [303] * PER_CLIENT + [429] * 7


def test_without_a_trusted_proxy_a_made_up_forwarded_address_changes_nothing(direct):
    """Runs after the test above: this machine's visitor is already at the limit."""
    assert {report(direct.url, forwarded=f"198.51.100.{n}") for n in range(6)} == {429}


def test_behind_a_trusted_proxy_each_visitor_has_its_own_limit(proxied):
    assert workers(proxied) == 2
    first = [report(proxied.url, forwarded=f"192.0.2.{n}, 198.51.100.7") for n in range(PER_CLIENT + 4)]
    assert first == [303] * PER_CLIENT + [429] * 4
    assert report(proxied.url, forwarded="198.51.100.8") == 303


def test_without_a_trusted_proxy_made_up_forwarded_addresses_do_not_escape_the_login_lockout(direct):
    """The attack from issue 14: 30 wrong passwords, each 'from' another address, then the right one."""
    statuses = [log_in(direct.url, "fout-wachtwoord", forwarded=f"198.51.{n}.1") for n in range(8)]
    assert statuses == [200] * 4 + [429] * 4
    assert log_in(direct.url, PASSWORD, forwarded="203.0.113.9") == 429


def test_behind_a_trusted_proxy_one_visitor_s_wrong_passwords_do_not_lock_out_another(proxied):
    statuses = [
        log_in(proxied.url, "fout-wachtwoord", forwarded=f"10.0.{n}.1, 198.51.100.7") for n in range(6)
    ]
    assert statuses == [200] * 4 + [429] * 2
    assert log_in(proxied.url, PASSWORD, forwarded="198.51.100.7") == 429
    assert log_in(proxied.url, PASSWORD, forwarded="203.0.113.9") == 302, "another visitor logs in"
