import ipaddress
from types import SimpleNamespace

import pytest

from bronwijzer.lib.ipmask import client_ip, ip_masked, masked_client_ip


@pytest.mark.parametrize(
    ("address", "masked"),
    [
        ("203.0.113.77", "203.0.113.0"),
        (" 10.1.2.3 ", "10.1.2.0"),
        ("2001:db8:abcd:12:1:2:3:4", "2001:db8:abcd::"),
        ("::ffff:192.0.2.9", "192.0.2.0"),
        ("", None),
        (None, None),
        ("not-an-address", None),
        ("unknown", None),
    ],
)
def test_only_the_network_part_of_an_address_is_kept(address, masked):
    assert ip_masked(address) == masked


def request(remote: str, forwarded: str | None = None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return SimpleNamespace(META=meta)


PROXIES = tuple(ipaddress.ip_network(n) for n in ("127.0.0.1", "10.0.0.0/8", "2001:db8:1::/48"))


def test_without_trusted_proxies_the_peer_is_the_client_whatever_it_forwards(settings):
    settings.TRUSTED_PROXIES = ()
    assert client_ip(request("203.0.113.5", "198.51.100.23")) == "203.0.113.5"
    assert client_ip(request("127.0.0.1", "198.51.100.23")) == "127.0.0.1", "not even from this machine"
    assert masked_client_ip(request("127.0.0.1", "6.6.6.6, 198.51.100.23")) == "127.0.0.0"


@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        # the proxy appended the client's address; the client wrote the rest itself
        ("127.0.0.1", "6.6.6.6, 198.51.100.23", "198.51.100.23"),
        # two trusted proxies in a row: the right-most address that is not one of them
        ("10.0.0.2", "6.6.6.6, 198.51.100.23, 10.1.2.3", "198.51.100.23"),
        ("10.0.0.2", "198.51.100.23,10.1.2.3 , 127.0.0.1", "198.51.100.23"),
        ("::ffff:127.0.0.1", "2001:db8:99::7", "2001:db8:99::7"),
        ("2001:db8:1::5", "::ffff:192.0.2.9", "192.0.2.9"),
        # a peer that is not trusted: its X-Forwarded-For means nothing
        ("203.0.113.5", "198.51.100.23", "203.0.113.5"),
        ("10.0.0.2", None, "10.0.0.2"),
        ("10.0.0.2", "", "10.0.0.2"),
        # what is not an address ends the walk at the last trusted hop
        ("127.0.0.1", "garbage", "127.0.0.1"),
        ("10.0.0.2", "198.51.100.23, garbage, 10.1.2.3", "10.1.2.3"),
        ("10.0.0.2", "10.9.9.9, 10.1.2.3", "10.9.9.9"),
        ("not-an-address", "198.51.100.23", None),
    ],
)
def test_behind_trusted_proxies_the_right_most_untrusted_forwarded_address_is_the_client(
    settings, remote, forwarded, client
):
    settings.TRUSTED_PROXIES = PROXIES
    assert client_ip(request(remote, forwarded)) == client


def test_a_client_cannot_pick_its_address_by_sending_x_forwarded_for(settings):
    """Behind a trusted proxy, whatever the client writes is left of the proxy's own entry."""
    settings.TRUSTED_PROXIES = PROXIES
    seen = {client_ip(request("127.0.0.1", f"192.0.2.{n}, 198.51.100.23")) for n in range(20)}
    assert seen == {"198.51.100.23"}
