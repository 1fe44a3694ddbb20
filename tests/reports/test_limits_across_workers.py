"""The 'Meld een fout' limit holds on the real server: across its workers, and per client behind a proxy.

Before issue 14 each gunicorn worker counted in its own memory, and 9 reports of one visitor
got through instead of 5; behind a proxy every visitor was the proxy.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request

import pytest
from bench.liveserver import live_server

from bronwijzer.reports.services import PER_CLIENT

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


@pytest.fixture(scope="module")
def direct(tmp_path_factory):
    """The default set-up: no trusted proxy."""
    with live_server(tmp_path_factory.mktemp("direct")) as running:
        yield running


@pytest.fixture(scope="module")
def proxied(tmp_path_factory):
    """Behind a proxy on this machine, configured as trusted."""
    env = {"BRONWIJZER_TRUSTED_PROXIES": "127.0.0.1"}
    with live_server(tmp_path_factory.mktemp("proxied"), env=env) as running:
        yield running


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
