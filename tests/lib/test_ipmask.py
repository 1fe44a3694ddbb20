from types import SimpleNamespace

import pytest

from bronwijzer.lib.ipmask import ip_masked, masked_client_ip


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


def test_the_forwarded_address_is_trusted_only_from_the_local_proxy_and_only_its_last_entry():
    assert masked_client_ip(request("127.0.0.1", "6.6.6.6, 198.51.100.23")) == "198.51.100.0"
    assert masked_client_ip(request("203.0.113.5", "198.51.100.23")) == "203.0.113.0"
    assert masked_client_ip(request("127.0.0.1", "garbage")) == "127.0.0.0"
    assert masked_client_ip(request("127.0.0.1")) == "127.0.0.0"
