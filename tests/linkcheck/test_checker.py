"""The link-checking engine against local servers that produce every case it must classify.

Nothing here leaves 127.0.0.0/8: the servers run in this process, the DNS case uses the
reserved ``.invalid`` top-level domain with a resolver stub, and a closed local port
stands in for a refused connection.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import shutil
import socket
import ssl
import subprocess
import threading
from collections import Counter

import pytest

from bronwijzer.linkcheck import classify, softnotfound
from bronwijzer.linkcheck.addresses import EVERY_NETWORK
from bronwijzer.linkcheck.checker import CheckOptions, Verdict, run_checks
from tests.linkcheck.servers import LocalServers, Reply, Request, page

# The servers are on 127.0.0.1: allowed here, as an intranet would be (test_internal_addresses.py).
FAST = {"timeout": 2.0, "backoff": 0.05, "retries": 2, "allow_networks": EVERY_NETWORK}

NOT_FOUND_NL = page(
    "Pagina niet gevonden | Stichting Voorbeeld",
    "Oeps! Deze pagina bestaat niet (meer)",
    "Misschien is de pagina verplaatst. Ga terug naar de homepage of gebruik de zoekfunctie.",
)
NOT_FOUND_NL_BODY_ONLY = page(
    "Stichting Voorbeeld",
    "Helaas",
    "De pagina die je zoekt kunnen we niet vinden. Probeer de zoekfunctie.",
)
NOT_FOUND_EN = page(
    "Acme Foundation",
    "Sorry!",
    "The page you are looking for doesn't exist or has been moved.",
)
NORMAL = page(
    "Praten met ouders over sexting",
    "Praten met ouders over sexting",
    "Wat doe je als je iets niet vindt in de brochure? Bel ons. Deze training is gratis.",
)


class Site:
    """One handler for all routes; counts requests per path for the 'recovers after N' cases."""

    def __init__(self):
        self.seen: Counter[str] = Counter()
        self._lock = threading.Lock()

    def count(self, request: Request) -> int:
        with self._lock:
            self.seen[request.path] += 1
            return self.seen[request.path]

    def __call__(self, request: Request) -> Reply:
        path, method = request.path, request.method
        n = self.count(request)
        redirect = {
            "/moved": (301, "/ok"),
            "/moved-308": (308, "/moved"),
            "/found": (302, "/ok"),
            "/temporary-307": (307, "/ok"),
            "/see-other": (303, "/ok"),
            "/mixed": (301, "/found"),
            "/loop-a": (302, "/loop-b"),
            "/loop-b": (302, "/loop-a"),
            "/to-missing": (301, "/missing"),
            "/deep/old/page": (301, "/"),
        }
        if path in redirect:
            code, target = redirect[path]
            return Reply(code, headers={"Location": target})
        if path.startswith("/chain/"):
            step = int(path.rsplit("/", 1)[1])
            return Reply(302, headers={"Location": f"/chain/{step + 1}" if step < 15 else "/ok"})
        match path:
            case "/" | "/ok":
                return Reply(200, NORMAL)
            case "/brochure.pdf":
                return Reply(200, b"%PDF-1.4 ...", content_type="application/pdf")
            case "/missing":
                return Reply(404, page("Niet gevonden"))
            case "/gone":
                return Reply(410, page("Verwijderd"))
            case "/error":
                return Reply(500, "kapot", content_type="text/plain")
            case "/flaky":
                return Reply(503, "onderhoud", content_type="text/plain") if n <= 2 else Reply(200, NORMAL)
            case "/limited":
                if n == 1:
                    return Reply(429, "te veel", content_type="text/plain", headers={"Retry-After": "1"})
                return Reply(200, NORMAL)
            case "/limited-long":
                return Reply(429, "te veel", content_type="text/plain", headers={"Retry-After": "3600"})
            case "/slow":
                return Reply(200, NORMAL, delay=3.0)
            case "/no-head":
                return Reply(405, "", headers={"Allow": "GET"}) if method == "HEAD" else Reply(200, NORMAL)
            case "/head-lies":
                return Reply(200, "") if method == "HEAD" else Reply(404, page("Niet gevonden"))
            case "/forbidden":
                return Reply(403, page("Geen toegang"))
            case "/drop":
                return Reply(drop=True)
            case "/soft-nl":
                return Reply(200, NOT_FOUND_NL)
            case "/soft-nl-body":
                return Reply(200, NOT_FOUND_NL_BODY_ONLY)
            case "/soft-en":
                return Reply(200, NOT_FOUND_EN)
            case "/no-location":
                return Reply(302, "")
        return Reply(404, page("Niet gevonden"))


@pytest.fixture(scope="module")
def site():
    handler = Site()
    with LocalServers(handler, hosts=["127.0.0.1"]) as servers:
        servers.site = handler
        yield servers


def check(urls, **options) -> dict[str, Verdict]:
    verdicts = run_checks(urls, CheckOptions(**{**FAST, **options}))
    return {v.url: v for v in verdicts}


def one(url, **options) -> Verdict:
    return check([url], **options)[url]


def test_ok_page_with_head_then_get_for_the_soft_404_check(site):
    verdict = one(site.url("/ok"))
    assert (verdict.status, verdict.http_status, verdict.error) == ("ok", 200, "")
    assert verdict.final_url == site.url("/ok")
    assert verdict.attempts == 2  # HEAD (text/html), then GET to read the page
    assert verdict.duration_ms >= 0 and verdict.checked_at.tzinfo is not None


def test_a_file_is_checked_with_head_alone(site):
    before = len(site.log("/brochure.pdf"))
    verdict = one(site.url("/brochure.pdf"))
    assert verdict.status == "ok" and verdict.attempts == 1
    assert [r.method for r in site.log("/brochure.pdf")[before:]] == ["HEAD"]


def test_a_host_whose_pages_all_need_a_get_soon_gets_the_get_alone():
    def handler(request: Request) -> Reply:
        if request.path.endswith(".pdf"):
            return Reply(200, b"%PDF-1.4", content_type="application/pdf")
        return Reply(200, NORMAL) if request.path.startswith("/p") else Reply(404, page("Niet gevonden"))

    with LocalServers(handler) as servers:
        urls = [servers.url(f"/p{i}") for i in range(8)] + [servers.url("/late/file.pdf")]
        verdicts = check(urls, concurrency=1, per_host=1)
        log = [(r.method, r.path) for r in servers.log() if "bronwijzer-linkcheck-" not in r.path]
    assert {v.status for v in verdicts.values()} == {"ok"}
    page_heads = [path for method, path in log if method == "HEAD" and path.startswith("/p")]
    assert len(page_heads) == 3  # then HEAD stops paying: one GET per page
    assert ("HEAD", "/late/file.pdf") in log and ("GET", "/late/file.pdf") not in log
    assert len(log) == 3 * 2 + 5 + 1


def test_user_agent_names_bronwijzer(site):
    one(site.url("/ok?ua"))
    agents = {r.headers.get("user-agent") for r in site.log("/ok?ua")}
    assert agents and all(a.startswith("Bronwijzer-linkcheck/") for a in agents)


@pytest.mark.parametrize(
    ("path", "status", "codes"),
    [
        ("/moved", "redirect-permanent", [301]),
        ("/moved-308", "redirect-permanent", [308, 301]),
        ("/found", "redirect-temporary", [302]),
        ("/temporary-307", "redirect-temporary", [307]),
        ("/see-other", "redirect-temporary", [303]),
        ("/mixed", "redirect-temporary", [301, 302]),
    ],
)
def test_redirects_are_classified_with_the_final_url_and_the_chain(site, path, status, codes):
    verdict = one(site.url(path))
    assert verdict.status == status
    assert verdict.http_status == 200
    assert verdict.final_url == site.url("/ok")
    assert [hop.status for hop in verdict.redirects] == codes


def test_a_redirect_to_a_missing_page_is_broken_with_the_final_url(site):
    verdict = one(site.url("/to-missing"))
    assert (verdict.status, verdict.http_status) == ("broken", 404)
    assert verdict.final_url == site.url("/missing")


def test_a_chain_longer_than_the_cap_is_broken(site):
    verdict = one(site.url("/chain/0"), max_redirects=10)
    assert verdict.status == "broken"
    assert "more than 10 redirects" in verdict.error
    assert len(verdict.redirects) == 11
    # the same chain is fine when the cap allows it
    assert one(site.url("/chain/0"), max_redirects=20).status == "redirect-temporary"


def test_a_redirect_loop_is_broken(site):
    verdict = one(site.url("/loop-a"))
    assert verdict.status == "broken" and "redirect loop" in verdict.error
    assert [hop.url for hop in verdict.redirects] == [site.url("/loop-b"), site.url("/loop-a")]


def test_a_redirect_without_location_is_broken(site):
    verdict = one(site.url("/no-location"))
    assert (verdict.status, verdict.http_status) == ("broken", 302)


@pytest.mark.parametrize(("path", "code"), [("/missing", 404), ("/gone", 410)])
def test_not_found_and_gone_are_broken(site, path, code):
    verdict = one(site.url(path))
    assert (verdict.status, verdict.http_status) == ("broken", code)
    assert f"HTTP {code}" in verdict.error


def test_a_server_error_that_stays_is_broken_after_the_retries(site):
    verdict = one(site.url("/error"), retries=2)
    assert (verdict.status, verdict.http_status) == ("broken", 500)
    # HEAD once, then GET with two retries
    assert [r.method for r in site.log("/error")] == ["HEAD", "GET", "GET", "GET"]
    assert verdict.attempts == 4


def test_a_503_that_recovers_is_ok(site):
    verdict = one(site.url("/flaky"), retries=2)
    assert verdict.status == "ok"
    assert [r.method for r in site.log("/flaky")] == ["HEAD", "HEAD", "HEAD", "GET"]


def test_429_waits_as_long_as_retry_after_says(site):
    verdict = one(site.url("/limited"), retries=2, max_wait=5)
    assert verdict.status == "ok"
    first, second = site.log("/limited")[:2]
    assert second.at - first.at >= 1.0
    assert verdict.attempts == 3  # HEAD 429, HEAD 200 (HTML), GET 200


def test_a_retry_after_beyond_the_cap_is_not_waited_for(site):
    verdict = one(site.url("/limited-long"), max_wait=5)
    assert (verdict.status, verdict.http_status) == ("blocked", 429)
    assert "Retry-After" in verdict.error
    assert verdict.attempts == 1  # no retry, no wait


def test_a_slow_answer_is_a_timeout(site):
    verdict = one(site.url("/slow"), timeout=0.5)
    assert verdict.status == "timeout"
    assert verdict.attempts == 1  # timeouts are not retried


def test_a_server_that_refuses_head_is_checked_with_get(site):
    verdict = one(site.url("/no-head"))
    assert verdict.status == "ok"
    assert [r.method for r in site.log("/no-head")][:2] == ["HEAD", "GET"]


def test_head_200_but_get_404_is_broken(site):
    verdict = one(site.url("/head-lies"))
    assert (verdict.status, verdict.http_status) == ("broken", 404)
    assert "HEAD answered 200" in verdict.error


def test_forbidden_is_blocked_not_broken(site):
    verdict = one(site.url("/forbidden"))
    assert (verdict.status, verdict.http_status) == ("blocked", 403)
    assert not verdict.failing


def test_a_dropped_connection_is_a_connection_failure(site):
    verdict = one(site.url("/drop"), retries=1)
    assert verdict.status == "connection"
    assert [r.method for r in site.log("/drop")] == ["HEAD", "GET", "GET"]


@pytest.mark.parametrize("path", ["/soft-nl", "/soft-nl-body", "/soft-en"])
def test_soft_404_pages_in_dutch_and_english(site, path):
    verdict = one(site.url(path))
    assert (verdict.status, verdict.http_status) == ("soft-404", 200)
    assert "the page says" in verdict.error


def test_a_deep_link_redirected_to_the_home_page_is_a_soft_404(site):
    verdict = one(site.url("/deep/old/page"))
    assert verdict.status == "soft-404"
    assert verdict.final_url == site.url("/")


def test_soft_404_detection_can_be_switched_off(site):
    verdict = one(site.url("/soft-en"), soft404=False)
    assert verdict.status == "ok" and verdict.attempts == 1


def test_a_host_that_answers_200_to_anything_is_caught_by_the_probe():
    home = page("Stichting Voorbeeld", "Welkom", "Wij helpen ouders en professionals. " * 5)
    article = page("Lespakket online veiligheid", "Lespakket", "Een lespakket voor groep 7 en 8. " * 5)

    def handler(request: Request) -> Reply:
        if request.path == "/lespakket":
            return Reply(200, article)
        return Reply(200, home)  # every other path: the home page, status 200

    with LocalServers(handler) as servers:
        verdicts = check([servers.url("/lespakket"), servers.url("/verdwenen-pagina"), servers.url("/")])
        probes = [r for r in servers.log() if "bronwijzer-linkcheck-" in r.path]
    assert verdicts[servers.url("/lespakket")].status == "ok"
    assert verdicts[servers.url("/verdwenen-pagina")].status == "soft-404"
    assert verdicts[servers.url("/")].status == "ok"  # the home page itself is never a soft-404
    assert len(probes) == 1  # one probe per host per run


def test_dns_failure_under_the_invalid_tld(monkeypatch):
    # `.invalid` never resolves (RFC 6761). The stub makes sure no query leaves this machine,
    # and raises the resolver's own error, as an offline lookup does.
    real = socket.getaddrinfo

    def resolver(host, *args, **kwargs):
        if str(host).endswith(".invalid"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    verdict = one("https://bronwijzer-test.invalid/pagina")
    assert verdict.status == "dns" and verdict.attempts == 1


def test_connection_refused_on_a_closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    verdict = one(f"http://127.0.0.1:{port}/")
    assert verdict.status == "connection" and "refused" in verdict.error
    assert verdict.attempts == 1


def test_tls_to_a_plain_http_port_is_a_tls_failure(site):
    verdict = one(site.url("/ok", scheme="https"))
    assert verdict.status == "tls"


@pytest.fixture(scope="module")
def self_signed(tmp_path_factory):
    if not shutil.which("openssl"):
        pytest.skip("openssl is not installed")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"),
            *("-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(cert, key)
    return server_context, cert


def test_a_self_signed_certificate_is_a_tls_failure(self_signed):
    server_context, cert = self_signed
    with LocalServers(lambda request: Reply(200, NORMAL), ssl_context=server_context) as servers:
        verdict = one(servers.url("/"))
        trusted = one(servers.url("/"), verify=ssl.create_default_context(cafile=str(cert)))
    assert verdict.status == "tls" and "certificate" in verdict.error.lower()
    assert trusted.status == "ok"  # the same server is fine once its certificate is trusted


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("mailto:info@example.nl", "not-checkable"),
        ("tel:+31800-0432", "not-checkable"),
        ("ftp://example.nl/file", "not-checkable"),
        ("www.example.nl/zonder-schema", "broken"),
        ("https://", "broken"),
    ],
)
def test_addresses_that_are_not_requested(url, status):
    verdict = one(url)
    assert verdict.status == status and verdict.attempts == 0


def test_politeness_limits_per_host_and_overall():
    def handler(request: Request) -> Reply:
        return Reply(200, "x", content_type="text/plain", delay=0.1)

    hosts = ["127.0.0.1", "127.0.0.2", "127.0.0.3"]
    with LocalServers(handler, hosts=hosts) as servers:
        urls = [servers.url(f"/{i}", host=host) for host in hosts for i in range(8)]
        verdicts = check(urls, concurrency=4, per_host=2)
        per_host, total = dict(servers.max_inflight), servers.max_inflight_total
    assert {v.status for v in verdicts.values()} == {"ok"}
    assert max(per_host.values()) <= 2
    assert total <= 4


def test_one_failure_never_stops_the_run_and_order_is_kept(site):
    urls = [site.url("/ok"), "mailto:x@example.nl", site.url("/missing"), "nonsense", site.url("/ok")]
    verdicts = run_checks(urls, CheckOptions(**FAST))
    assert [v.url for v in verdicts] == urls[:4]  # duplicates once, in order
    assert [v.status for v in verdicts] == ["ok", "not-checkable", "broken", "broken"]


def test_options_are_validated():
    with pytest.raises(ValueError):
        CheckOptions(per_host=0)
    with pytest.raises(ValueError):
        CheckOptions(timeout=0)


# -- the pure parts ------------------------------------------------------------------------------


def test_retry_after_in_seconds_and_as_an_http_date():
    now = 1_700_000_000.0
    date = email.utils.formatdate(now + 120, usegmt=True)
    assert classify.retry_after_seconds("7") == 7
    assert classify.retry_after_seconds(date, now=now) == pytest.approx(120)
    assert classify.retry_after_seconds(email.utils.formatdate(now - 60, usegmt=True), now=now) == 0
    assert classify.retry_after_seconds("soon") is None
    assert classify.retry_after_seconds(None) is None


def test_redirect_status_is_permanent_only_when_every_hop_is():
    assert classify.redirect_status([301, 308]) == "redirect-permanent"
    assert classify.redirect_status([301, 302]) == "redirect-temporary"


@pytest.mark.parametrize(
    "html",
    [
        NORMAL,
        page("Over ons", "Over ons", "Niet gevonden wat je zocht? Neem contact op."),
        page("Hulp bij sexting", "Wat als een foto rondgaat?", "De pagina's over melden vind je hieronder."),
    ],
)
def test_normal_pages_are_not_soft_404(html):
    assert softnotfound.says_not_found(softnotfound.parse(html.encode())) is None


@pytest.mark.parametrize(
    "text",
    [
        "Pagina niet gevonden",
        "Deze pagina bestaat niet meer.",
        "Sorry, we kunnen deze pagina niet vinden.",
        "De opgevraagde pagina kon niet worden gevonden.",
        "Foutcode 404",
        "Page not found",
        "The page you requested could not be found.",
        "Error 404 - the page does not exist",
    ],
)
def test_not_found_sentences_in_the_body(text):
    html = page("Stichting Voorbeeld", "Welkom", text)
    assert softnotfound.says_not_found(softnotfound.parse(html.encode())) is not None


def test_redirected_home_rules():
    assert softnotfound.redirected_home("https://www.x.nl/a/b", "https://x.nl/")
    assert not softnotfound.redirected_home("https://x.nl", "https://www.x.nl/")
    assert not softnotfound.redirected_home("https://x.nl/index.html", "https://x.nl/")
    assert not softnotfound.redirected_home("https://x.nl/a", "https://other.nl/")


def test_verdicts_serialise(site):
    data = one(site.url("/moved")).as_dict()
    assert data["status"] == "redirect-permanent"
    assert data["redirects"] == [{"status": 301, "url": site.url("/ok")}]
    assert dt.datetime.fromisoformat(data["checked_at"]).tzinfo is not None
