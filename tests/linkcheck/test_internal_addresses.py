"""The link checker refuses addresses that are not on the public internet, also after a redirect.

A site the checker may reach (127.0.0.2, allowed here as an intranet would be) redirects to
a "secret" server on 127.0.0.1, spelled in every way a resolver reads as loopback; the
checker must refuse each without sending it a single request, and say so in plain Dutch.
Nothing here leaves 127.0.0.0/8 (``::1`` is refused before any connection).
"""

from __future__ import annotations

import ipaddress
import socket

import pytest
from django.urls import reverse
from django.utils.html import escape

from bronwijzer.catalog.models import Resource
from bronwijzer.lib.env import SettingError, env_private_networks
from bronwijzer.linkcheck import advice, classify, services
from bronwijzer.linkcheck.addresses import EVERY_NETWORK, internal_kind
from bronwijzer.linkcheck.checker import CheckOptions, run_checks
from bronwijzer.linkcheck.models import LinkState
from tests.linkcheck.servers import LocalServers, Reply, Request, page

FRONT = "127.0.0.2"
ONLY_FRONT = (ipaddress.ip_network(f"{FRONT}/32"),)
SECRET = "Interne beheerpagina: wachtwoord hunter2"


def secret_page(request: Request) -> Reply:
    if request.path == "/admin":
        return Reply(200, page(SECRET, SECRET, SECRET))
    return Reply(404, page("Niet gevonden"))


@pytest.fixture(scope="module")
def secret():
    with LocalServers(secret_page, hosts=["127.0.0.1"]) as servers:
        yield servers


def loopback_spellings(port: int) -> list[str]:
    return [
        f"http://127.0.0.1:{port}/admin",
        f"http://localhost:{port}/admin",  # a host name that resolves to loopback
        f"http://2130706433:{port}/admin",  # decimal
        f"http://0x7f.1:{port}/admin",  # hexadecimal, short form
        f"http://017700000001:{port}/admin",  # octal
        f"http://127.1:{port}/admin",
        f"http://[::ffff:127.0.0.1]:{port}/admin",  # IPv4-mapped IPv6
        f"http://[::1]:{port}/admin",  # IPv6 loopback
    ]


@pytest.fixture(scope="module")
def front(secret):
    targets = loopback_spellings(secret.ports["127.0.0.1"])

    def handler(request: Request) -> Reply:
        if request.path.startswith("/naar/"):
            return Reply(302, headers={"Location": targets[int(request.path.rsplit("/", 1)[1])]})
        if request.path == "/twee-stappen":
            return Reply(301, headers={"Location": "/naar/0"})
        return Reply(200, page("Welkom", "Welkom", "Een gewone pagina."))

    with LocalServers(handler, hosts=[FRONT]) as servers:
        servers.targets = targets
        yield servers


def check(urls, **options):
    return {v.url: v for v in run_checks(urls, CheckOptions(**{"timeout": 3, "retries": 0, **options}))}


def test_a_redirect_into_loopback_is_refused_in_every_spelling_and_never_requested(front, secret):
    urls = [front.url(f"/naar/{i}", host=FRONT) for i in range(len(front.targets))]
    urls.append(front.url("/twee-stappen", host=FRONT))
    verdicts = check(urls, allow_networks=ONLY_FRONT)
    for url, verdict in verdicts.items():
        assert verdict.status == classify.INTERNAL, (url, verdict)
        assert verdict.http_status is None and "internal address" in verdict.error
        assert SECRET not in verdict.error
        assert verdict.redirects and verdict.final_url == verdict.redirects[-1].url
    assert secret.log() == [], "the internal server was asked"
    assert front.log(), "the allowed server was asked"


def test_an_internal_address_in_the_map_itself_is_refused(secret):
    urls = loopback_spellings(secret.ports["127.0.0.1"])
    verdicts = check(urls, allow_networks=ONLY_FRONT)
    assert {v.status for v in verdicts.values()} == {classify.INTERNAL}
    assert secret.log() == []


def test_allowed_networks_are_checked_as_usual(front, secret):
    verdict = check([front.url("/naar/0", host=FRONT)], allow_networks=EVERY_NETWORK)
    assert verdict[front.url("/naar/0", host=FRONT)].status == classify.REDIRECT_TEMPORARY
    assert secret.log(), "allowed: the redirect's target is checked"


def test_the_address_checked_is_the_address_connected_to(monkeypatch, front):
    """DNS rebinding: a name that resolves to an allowed address when it is checked and to
    loopback a moment later. The checker connects to the address it checked, never to a
    second answer: the loopback server on the same port is never asked."""
    port = front.ports[FRONT]
    with LocalServers(secret_page, hosts=["127.0.0.1"], port=port) as same_port:
        answers = ["127.0.0.2"]  # the first answer; every later one says loopback
        real = socket.getaddrinfo

        def resolver(host, port, *args, **kwargs):
            if str(host) == "rebind.bronwijzer-test.invalid":
                return real(answers.pop() if answers else "127.0.0.1", port, *args, **kwargs)
            return real(host, port, *args, **kwargs)

        monkeypatch.setattr(socket, "getaddrinfo", resolver)
        url = f"http://rebind.bronwijzer-test.invalid:{port}/admin"
        verdict = check([url], allow_networks=ONLY_FRONT)[url]
        assert not answers, "the name was resolved"
        assert verdict.status in (classify.OK, classify.SOFT_404, classify.INTERNAL), verdict
        assert same_port.log() == [], "a connection went to a second answer of the resolver"


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "link-local"),
        ("0.0.0.0", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("240.0.0.1", "reserved"),
        ("100.64.0.1", "not public"),
        ("::1", "loopback"),
        ("::", "unspecified"),
        ("fe80::1", "link-local"),
        ("fd00::1", "private"),
        ("ff02::1", "multicast"),
        ("::ffff:10.0.0.1", "private"),
        ("::ffff:127.0.0.1", "loopback"),
        ("2002:7f00:1::", "loopback"),  # 6to4 around 127.0.0.1
        ("64:ff9b::a9fe:a9fe", "link-local"),  # NAT64 around 169.254.169.254
    ],
)
def test_every_kind_of_internal_address_is_named(address, kind):
    assert internal_kind(ipaddress.ip_address(address)) == kind


@pytest.mark.parametrize("address", ["93.184.215.14", "2a00:1450:4001:80b::2004", "145.97.39.155"])
def test_public_addresses_pass(address):
    assert internal_kind(ipaddress.ip_address(address)) is None


def test_the_setting_is_off_by_default_and_takes_true_or_networks():
    assert env_private_networks("A", environ={}) == ()
    assert env_private_networks("A", environ={"A": "false"}) == ()
    assert env_private_networks("A", environ={"A": "true"}) == EVERY_NETWORK
    allowed = env_private_networks("A", environ={"A": "10.20.0.0/16, fd00::/8, 192.168.1.5"})
    assert [str(n) for n in allowed] == ["10.20.0.0/16", "fd00::/8", "192.168.1.5/32"]
    assert internal_kind(ipaddress.ip_address("10.20.3.4"), allowed) is None
    assert internal_kind(ipaddress.ip_address("10.21.3.4"), allowed) == "private"
    for bad in ("10.20.0.1/16", "intranet", "10.0.0.0/33"):
        with pytest.raises(SettingError, match=f"A: {bad!r} is not an IP address or network"):
            env_private_networks("A", environ={"A": bad})


@pytest.mark.django_db
def test_editors_read_that_the_address_is_internal_and_was_not_checked(
    settings, client, admin_user, default_map, front, secret
):
    settings.LINKCHECK_ALLOW_NETWORKS = ONLY_FRONT
    resource = Resource.objects.order_by("slug").first()
    url = front.url("/naar/1", host=FRONT)  # on to localhost
    Resource.objects.filter(pk=resource.pk).update(url=url)
    report = services.link_check_run(urls=[url], options=services.default_options(timeout=3, retries=0))
    assert report.counts == {classify.INTERNAL: 1} and report.exit_code == 0
    assert LinkState.objects.get(url=url).status == classify.INTERNAL
    assert secret.log() == []
    client.force_login(admin_user)
    html = client.get(reverse("admin:linkcheck_linkcheckrun_change", args=[report.run.pk])).content.decode()
    assert "Intern netwerk, niet gecontroleerd" in html
    assert escape(advice.what_to_do(classify.INTERNAL)) in html
    assert SECRET not in html
