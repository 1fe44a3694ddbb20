"""The link checker refuses internal addresses unless allowed (linkcheck.addresses); these
tests check against local servers on 127.0.0.x, so they allow every network, as an intranet
installation would with ``BRONWIJZER_LINKCHECK_ALLOW_PRIVATE``. The tests of the refusal
itself (test_internal_addresses.py) set what they need."""

from __future__ import annotations

import pytest

from bronwijzer.linkcheck.addresses import EVERY_NETWORK


@pytest.fixture(autouse=True)
def local_servers_allowed(settings, monkeypatch):
    settings.LINKCHECK_ALLOW_NETWORKS = EVERY_NETWORK
    monkeypatch.setenv("BRONWIJZER_LINKCHECK_ALLOW_PRIVATE", "true")  # check processes the tests start
