"""deploy/nginx/bronwijzer.conf passes `nginx -t` and, in front of the real production server,
does what docs/deployment.md says: TLS, the client's address and the scheme passed on correctly
(and nothing a client claims), static files from disk with their .gz, gzip for pages, request
size, rate and slow-client limits, and logs without addresses or URLs.

Skipped only when nginx is not installed (Debian: apt-get install nginx; .ci/run installs it).
"""

from __future__ import annotations

import re
import secrets
import shutil
import socket
import ssl
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from bench.observatory import make_certificates

from tests.deploy.front import ACME_CONF, ADDRESS, HOST, Answer, Front, nginx_binary, request
from tests.support.liveserver import (
    SHARED_STATIC_ROOT,
    LiveServer,
    background,
    free_port,
    live_server,
    server_env,
    wait_until,
)

NGINX = nginx_binary()
OPENSSL = shutil.which("openssl")
pytestmark = [
    pytest.mark.skipif(NGINX is None, reason="nginx is not installed (Debian: apt-get install nginx)"),
    pytest.mark.skipif(not OPENSSL, reason="openssl is not installed (Debian: apt-get install openssl)"),
]

#: Headers the app sets on every page; nginx must not add a second copy of any.
APP_POLICY_HEADERS = (
    "strict-transport-security",
    "content-security-policy",
    "x-content-type-options",
    "x-frame-options",
    "referrer-policy",
    "permissions-policy",
    "cross-origin-opener-policy",
    "cross-origin-resource-policy",
)
#: The production server as the service runs it (deploy/env.example), on a fresh SQLite database.
PRODUCTION = {
    "BRONWIJZER_ENV": "production",
    "SECRET_KEY": secrets.token_urlsafe(48),
    "ALLOWED_HOSTS": HOST,
    "BRONWIJZER_PUBLIC_URL": f"https://{HOST}",
    "BRONWIJZER_TRUSTED_PROXIES": ADDRESS,
    "BRONWIJZER_LOGIN_FAILURE_LIMIT": "3",
    "LOG_LEVEL": "WARNING",
}
PASSWORD = "Zeer-geheim-wachtwoord-42"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ssl.SSLContext]:
    """A throwaway authority and a certificate for HOST, made as bench/observatory.py makes them."""
    work = tmp_path_factory.mktemp("tls")
    ca = make_certificates(OPENSSL, work, HOST)
    return work, ssl.create_default_context(cafile=str(ca))


def new_front(prefix: Path, certificate: tuple[Path, ssl.SSLContext], app_port: int) -> Front:
    work, _ = certificate
    return Front(
        NGINX, prefix, app_port, free_port(), free_port(), cert=work / "server.pem", key=work / "server.key"
    )


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    data = tmp_path_factory.mktemp("bronwijzer-prod")
    with live_server(data, env=PRODUCTION) as server:
        subprocess.run(  # the account the login tests use, in the server's database
            [sys.executable, "-m", "bronwijzer.cli", "staff", "anna", "--role", "editor", "--password-stdin"],
            input=PASSWORD + "\n",
            env={**server_env(data), **PRODUCTION},
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        )
        yield server


@pytest.fixture(scope="module")
def front(tmp_path_factory, certificate, app: LiveServer) -> Iterator[Front]:
    _, tls = certificate
    nginx = new_front(tmp_path_factory.mktemp("nginx"), certificate, int(app.url.rsplit(":", 1)[1]))
    nginx.write(SHARED_STATIC_ROOT)
    checked = nginx.test()
    assert checked.returncode == 0, checked.stderr
    with background(nginx.command(), None, nginx.prefix / "nginx.out") as process:
        wait_until(lambda: answers(nginx.https_port, tls), process, "nginx", nginx.log_dir / "main-error.log")
        yield nginx


@pytest.fixture(scope="module")
def tls(certificate) -> ssl.SSLContext:
    return certificate[1]


def answers(port: int, tls: ssl.SSLContext | None) -> bool:
    try:
        request(port, "/", tls=tls, timeout=5)
        return True
    except OSError:
        return False


def get(front: Front, tls: ssl.SSLContext, path: str, **options) -> Answer:
    return request(front.https_port, path, tls=tls, **options)


# The configuration alone ------------------------------------------------------------------------


def test_the_site_file_passes_nginx_t_without_a_warning(tmp_path, certificate):
    nginx = new_front(tmp_path, certificate, app_port=free_port())
    nginx.write(tmp_path)
    checked = nginx.test()
    assert checked.returncode == 0, checked.stderr
    assert "[warn]" not in checked.stderr and "[emerg]" not in checked.stderr, checked.stderr


DEBIAN_MAIN = Path("/etc/nginx/nginx.conf")
SITES_INCLUDE = "include /etc/nginx/sites-enabled/*;"


@pytest.mark.skipif(
    not (DEBIAN_MAIN.exists() and SITES_INCLUDE in DEBIAN_MAIN.read_text()),
    reason="no Debian /etc/nginx/nginx.conf here",
)
def test_the_site_file_passes_nginx_t_inside_debians_own_main_file(tmp_path, certificate):
    nginx = new_front(tmp_path, certificate, app_port=free_port())
    nginx.write(tmp_path)
    main = tmp_path / "debian-nginx.conf"
    main.write_text(DEBIAN_MAIN.read_text().replace(SITES_INCLUDE, f"include {nginx.site};"))
    checked = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(main)], capture_output=True, text=True, timeout=60
    )
    assert checked.returncode == 0, checked.stderr
    assert "[warn]" not in checked.stderr, checked.stderr


def test_the_acme_bootstrap_file_answers_the_challenge_and_nothing_else(tmp_path, certificate):
    nginx = new_front(tmp_path, certificate, app_port=free_port())
    nginx.write(tmp_path, source=ACME_CONF)
    checked = nginx.test()
    assert checked.returncode == 0, checked.stderr
    token = secrets.token_urlsafe(16)
    (nginx.acme_dir / token).write_text(token + ".key-authorization")
    with background(nginx.command(), None, tmp_path / "nginx.out") as process:
        wait_until(lambda: answers(nginx.http_port, None), process, "nginx", tmp_path / "nginx.out")
        challenge = request(nginx.http_port, f"/.well-known/acme-challenge/{token}")
        assert (challenge.status, challenge.body) == (200, f"{token}.key-authorization".encode())
        assert challenge.header("content-type") == "text/plain"
        assert request(nginx.http_port, "/").status == 404


# Through nginx, in front of the production server -----------------------------------------------


def test_the_map_comes_over_https_with_each_app_header_once(front, tls):
    page = get(front, tls, "/")
    assert page.status == 200
    assert 'lang="nl"' in page.text() and "Snel weg" in page.text()
    for name in APP_POLICY_HEADERS:
        assert len(page.all(name)) == 1, f"{name}: {page.all(name)}"
    # The app saw https (X-Forwarded-Proto): it sends HSTS only on a secure request.
    assert page.header("strict-transport-security").startswith("max-age=31536000")
    assert page.header("server") == "nginx"  # no version


def test_plain_http_redirects_to_https_and_serves_the_acme_challenge(front):
    token = secrets.token_urlsafe(16)
    (front.acme_dir / token).write_text("proof")
    moved = request(front.http_port, "/bron/iets/?q=x")
    assert moved.status == 301
    assert moved.header("location") == f"https://{HOST}/bron/iets/?q=x"
    assert request(front.http_port, f"/.well-known/acme-challenge/{token}").body == b"proof"


def test_pages_and_api_answers_are_gzipped(front, tls):
    for path in ("/", "/api/v1/resources?limit=20"):
        plain = get(front, tls, path)
        packed = get(front, tls, path, headers={"Accept-Encoding": "gzip"})
        assert packed.header("content-encoding") == "gzip", path
        assert packed.text() == plain.text()
        assert len(packed.body) < len(plain.body) / 2


def test_static_files_come_from_disk_with_their_gz_and_the_apps_headers(front, tls, app):
    page = get(front, tls, "/").text()
    stylesheet = re.search(r'href="/static/([^"]+\.css)"', page).group(1)
    on_disk = (SHARED_STATIC_ROOT / stylesheet).read_bytes()
    assert (SHARED_STATIC_ROOT / f"{stylesheet}.gz").exists(), "WhiteNoise wrote no .gz"

    css = get(front, tls, f"/static/{stylesheet}", headers={"Accept-Encoding": "gzip"})
    assert css.status == 200 and css.header("content-encoding") == "gzip"
    assert css.text().encode() == on_disk
    assert css.header("cache-control") == "public, max-age=31536000, immutable"
    # The same security headers the app (WhiteNoise) sends with a static file.
    direct = request(
        int(app.url.rsplit(":", 1)[1]), f"/static/{stylesheet}", headers={"X-Forwarded-Proto": "https"}
    )
    for name in ("x-content-type-options", "cross-origin-resource-policy", "referrer-policy"):
        assert css.all(name) == direct.all(name), name

    # A file the app's WhiteNoise has never seen (added after it started): only nginx can serve it.
    probe = SHARED_STATIC_ROOT / f"deploy-probe-{secrets.token_hex(6)}.txt"
    probe.write_text("from disk")
    try:
        served = get(front, tls, f"/static/{probe.name}")
    finally:
        probe.unlink()
    assert (served.status, served.body) == (200, b"from disk")
    # A file that is not on disk is asked of the app (its 404 carries the app's CSP).
    missing = get(front, tls, "/static/niet-er.css")
    assert missing.status == 404 and missing.header("content-security-policy")


def login(front: Front, tls: ssl.SSLContext, source: str, password: str, spoofed: str | None = None) -> int:
    """Log in as anna from the local address ``source``: the status of the POST."""
    form = get(front, tls, "/redactie/login/", source=source)
    cookie = re.search(r"csrftoken=([^;]+)", form.header("set-cookie")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text()).group(1)
    headers = {
        "Cookie": f"csrftoken={cookie}",
        "Origin": f"https://{HOST}",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    if spoofed:
        headers["X-Forwarded-For"] = spoofed
    body = urlencode(
        {"csrfmiddlewaretoken": token, "username": "anna", "password": password, "next": "/redactie/"}
    )
    return get(
        front, tls, "/redactie/login/", method="POST", source=source, headers=headers, body=body.encode()
    ).status


def test_the_app_keys_logins_on_the_address_nginx_saw_not_on_what_the_client_claims(front, tls):
    # Three wrong passwords (the limit) from one network, each claiming another address in
    # X-Forwarded-For: nginx overwrites the header, so the app counts all three for that network
    # and locks it out, also for the right password.
    wrong = [login(front, tls, "127.1.2.3", "fout-wachtwoord", spoofed=f"198.51.{n}.7") for n in range(3)]
    assert wrong == [200, 200, 429]
    assert login(front, tls, "127.1.2.3", PASSWORD, spoofed="203.0.113.5") == 429
    # Another network (nginx sees 127.0.0.1) is not locked out: the app did not take nginx's own
    # address for everyone's.
    assert login(front, tls, ADDRESS, PASSWORD) == 302


def test_login_and_report_posts_are_rate_limited_per_client_but_page_views_are_not(front, tls):
    slug = re.search(r'href="/bron/([^"/]+)/"', get(front, tls, "/").text()).group(1)
    for path, source in (("/redactie/login/", "127.44.0.1"), (f"/bron/{slug}/meld-een-fout/", "127.45.0.1")):
        statuses = [get(front, tls, path, method="POST", source=source, body=b"x=1").status for _ in range(9)]
        assert statuses[0] == 403, statuses  # the app: no CSRF token
        assert 429 in statuses, f"{path}: {statuses}"
        refused = get(front, tls, path, method="POST", source=source, body=b"x=1")
        assert refused.status == 429 and refused.header("content-security-policy") is None  # nginx's
        # Another client is not affected, and reading the form never counts.
        assert get(front, tls, path, method="POST", source="127.46.0.9", body=b"x=1").status == 403
        assert {get(front, tls, path, source=source).status for _ in range(8)} == {200}


def test_bodies_over_the_limit_are_refused_before_the_app(front, tls):
    big = b"x" * (100 * 1024)
    assert get(front, tls, "/", method="POST", body=big).status == 413
    # The back office takes uploads up to its own, larger limit (the app answers: no CSRF token).
    assert get(front, tls, "/redactie/", method="POST", body=big).status == 403


def test_slow_clients_wait_in_nginx_not_in_the_apps_workers(front, tls):
    assert get(front, tls, "/").status == 200
    held = []
    try:
        for number in range(6):  # three times as many as the app has workers
            sock = tls.wrap_socket(
                socket.create_connection((ADDRESS, front.https_port)), server_hostname=HOST
            )
            if number % 2:  # headers, then a body that never comes (the app would wait for it to
                # find the CSRF token: the Origin is right and there is a CSRF cookie)
                head = (
                    f"POST / HTTP/1.1\r\nHost: {HOST}\r\nOrigin: https://{HOST}\r\n"
                    f"Cookie: csrftoken={'a' * 32}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    "Content-Length: 500\r\n\r\nx="
                )
                sock.sendall(head.encode())
            else:  # half a request head
                sock.sendall(f"GET / HTTP/1.1\r\nHost: {HOST}\r\n".encode())
            held.append(sock)
        assert get(front, tls, "/").status == 200
        assert get(front, tls, "/api/v1/resources?limit=1").status == 200
        for sock in held:  # still waiting: the answers above came while they were held
            sock.settimeout(0.05)
            with pytest.raises(TimeoutError):
                sock.recv(1)
    finally:
        for sock in held:
            sock.close()


def test_nginx_logs_hold_no_client_address_and_no_url(front, tls):
    marker = "zqxnginxzoekwoord"
    assert get(front, tls, f"/?q={marker}", source="127.9.8.7").status == 200
    assert get(front, tls, f"/{marker}/", source="127.9.8.7").status == 404
    get(front, tls, "/", method="POST", source="127.9.8.7", body=b"x" * 100_000, headers={"X-M": marker})
    logs = sorted(front.log_dir.glob("bronwijzer-*.log"))
    written = "\n".join(path.read_text() for path in logs)
    assert "GET 200" in written and "GET 404" in written and "POST 413" in written
    for secret in (marker, "127.9.8.7", "/?q"):
        assert secret not in written
