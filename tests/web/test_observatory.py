"""The MDN HTTP Observatory grades the public pages A+ (bench/observatory.py, `make observatory`).

The scan itself needs nginx, Node.js and ports 80 and 443, and takes a minute, so it is not part
of the test suite. These tests check, quickly, what it relies on: the headers it grades on each
of its four targets, the nginx front's configuration (when nginx is installed), the pinned
scanner and the report it writes.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from bench import observatory

ROOT = Path(__file__).resolve().parents[2]
TARGETS = ["/", "/bron/mediagesprek/", "/?q=ouders", "/api/v1/resources?q=ouders"]
#: Referrer-Policy values the Observatory counts as private (+5).
PRIVATE_REFERRER = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}


@pytest.mark.parametrize("path", TARGETS)
def test_every_target_has_what_the_observatory_rewards(client, default_map, path):
    response = client.get(path, secure=True)
    assert response.status_code == 200
    csp = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        csp[name] = values
    # content-security-policy: csp-implemented-with-no-unsafe-default-src-none (+10)
    assert csp["default-src"] == ["'none'"]
    assert not any(value.startswith(("'unsafe", "http:", "data:")) for value in csp["script-src"])
    # x-frame-options: x-frame-options-implemented-via-csp (+5), and the header as well
    assert csp["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] in PRIVATE_REFERRER
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Resource-Policy"] in {"same-origin", "cross-origin"}
    # cookies: cookies-not-found; CORS never "universal access" (an echoed origin with credentials)
    assert not response.cookies
    assert response.get("Access-Control-Allow-Credentials") is None


def test_the_api_answers_a_cors_preflight_without_credentials(client, default_map):
    response = client.options(
        "/api/v1/resources",
        secure=True,
        HTTP_ORIGIN="https://http-observatory.security.mozilla.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert response.get("Access-Control-Allow-Origin") in (None, "*")
    assert response.get("Access-Control-Allow-Credentials") is None


def test_the_scanner_is_pinned_in_the_lockfile():
    package = json.loads((observatory.SCANNER_DIR / "package.json").read_text())
    lock = json.loads((observatory.SCANNER_DIR / "package-lock.json").read_text())
    pinned = package["dependencies"][observatory.PACKAGE]
    assert pinned[0].isdigit(), "pin an exact version"
    assert lock["packages"][f"node_modules/{observatory.PACKAGE}"]["version"] == pinned
    assert "bench/observatory/node_modules/" in (ROOT / ".gitignore").read_text()


@pytest.mark.skipif(
    not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()), reason="nginx is not installed"
)
@pytest.mark.skipif(not shutil.which("openssl"), reason="openssl is not installed")
def test_nginx_accepts_the_front_configuration(tmp_path):
    ca = observatory.make_certificates(shutil.which("openssl"), tmp_path, "bronwijzer.test")
    assert ca.exists() and (tmp_path / "server.pem").exists()
    (tmp_path / "tmp").mkdir()
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        observatory.NGINX_CONF.format(
            prefix=tmp_path,
            address="127.0.0.1",
            app_port=8000,
            host="bronwijzer.test",
            http_port=80,
            https_port=443,
        )
    )
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    command = [nginx, "-t", "-q", "-p", str(tmp_path), "-c", str(conf), "-e", str(tmp_path / "error.log")]
    checked = subprocess.run(command, capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stderr
    text = conf.read_text()
    assert "return 301 https://$host$request_uri;" in text
    assert "add_header" not in text and "proxy_hide_header" not in text  # the app owns its headers


def test_the_report_grades_each_target_and_fails_below_a_plus():
    tests = {
        "content-security-policy": {
            "result": "csp-implemented-with-no-unsafe-default-src-none",
            "pass": True,
            "scoreModifier": 10,
        },
        "redirection": {"result": "redirection-to-https", "pass": True, "scoreModifier": 0},
    }
    good = {
        "path": "/",
        "grade": "A+",
        "score": 110,
        "statusCode": 200,
        "tests": tests,
        "responseHeaders": {},
    }
    weak = {**good, "path": "/api/v1/resources", "grade": "A", "score": 95}
    report = {
        "package": observatory.PACKAGE,
        "version": "1.4.8",
        "algorithmVersion": 4,
        "results": [good, weak],
    }
    labels = {"/": "The map", "/api/v1/resources": "API search (JSON)"}
    assert observatory.passed(good) and not observatory.passed(weak)
    assert not observatory.passed({"path": "/", "error": "The site seems to be down."})
    text = observatory.section(labels, report, {"nginx": "1.22.1", "node": "20.20.2"}, 42.0, ok=False)
    assert text.startswith(observatory.START) and text.rstrip().endswith(observatory.END)
    assert "| The map | `/` | A+ | 110 | ✓ +10 | ✓ 0 |" in text
    assert "| API search (JSON) | `/api/v1/resources` | A | 95 |" in text
    assert "**not** every target is A+" in text
