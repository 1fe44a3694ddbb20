"""The MDN HTTP Observatory grade of Bronwijzer's public pages, behind a local TLS front.

    python bench/observatory.py [--output docs/benchmarks.md] [--install-nginx]

What it does (everything in a temporary directory, removed afterwards):

1. Checks the prerequisites: nginx, openssl, node (20 or later) and npm; installs the pinned
   scanner (`@mdn/mdn-http-observatory`, bench/observatory/package-lock.json) with
   `npm ci --ignore-scripts` when it is missing (its install step downloads lists from the
   internet; the package ships them). nginx is installed (`apt-get install -y nginx`) only when
   asked with --install-nginx and run as root.
2. Makes a throwaway certificate authority and a server certificate for HOST (default
   ``bronwijzer.test``) with openssl.
3. Starts the production server, ``bronwijzer serve`` with BRONWIJZER_ENV=production, a random
   SECRET_KEY, ALLOWED_HOSTS=HOST and a fresh SQLite database with the default map, on a free
   port of 127.0.0.1.
4. Starts a private nginx (its own configuration, pid file and logs in the temporary directory)
   on 127.0.0.1:80, which redirects to https on the same host, and 127.0.0.1:443, which proxies
   to the server with ``X-Forwarded-Proto: https`` and adds or removes no header of the app's.
   The script checks that: the headers through nginx equal the app's own.
5. Scans the map, a resource page, a search and an API search with the scanner
   (bench/observatory/scan.mjs; HOST resolves to 127.0.0.1 inside the scanner's process only, and
   the throwaway authority is trusted there through NODE_EXTRA_CA_CERTS).

It prints each target's grade, score and every test's result and score modifier, writes the
"HTTP Observatory" section of the output file, and exits 1 unless every target is graded A+ with a
score of at least 100. Ports 80 and 443 of 127.0.0.1 must be free, and binding them needs root
(or CAP_NET_BIND_SERVICE, or a low net.ipv4.ip_unprivileged_port_start).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
SCANNER_DIR = BENCH / "observatory"
PACKAGE = "@mdn/mdn-http-observatory"
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))  # the repository root: tests.support.liveserver

from common import section_write  # noqa: E402
from observatory_report import END, START, passed, print_report, section  # noqa: E402
from tests.support.liveserver import background, free_port, wait_until  # noqa: E402

ADDRESS = "127.0.0.1"
HTTP_PORT, HTTPS_PORT = 80, 443
START_TIMEOUT = 90.0
#: Headers that belong to the connection or the front, not to the app's policy.
TRANSPORT_HEADERS = {"connection", "content-length", "date", "keep-alive", "server", "transfer-encoding"}
#: Headers whose value may differ between two requests for the same page (the page cache's
#: hit or miss, an age): only whether they are there is compared.
VARYING_HEADERS = {"age", "x-cache"}

NGINX_CONF = """\
# A private nginx for bench/observatory.py: nothing outside {prefix} is read or written
# (except nginx's own modules), no access log, nothing added to the app's responses.
daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/nginx-error.log warn;
events {{ worker_connections 128; }}
http {{
    access_log off;
    server_tokens off;
    client_body_temp_path {prefix}/tmp/body;
    proxy_temp_path {prefix}/tmp/proxy;
    fastcgi_temp_path {prefix}/tmp/fastcgi;
    uwsgi_temp_path {prefix}/tmp/uwsgi;
    scgi_temp_path {prefix}/tmp/scgi;
    upstream bronwijzer {{ server {address}:{app_port}; }}
    server {{
        listen {address}:{http_port};
        server_name {host};
        return 301 https://$host$request_uri;
    }}
    server {{
        listen {address}:{https_port} ssl;
        server_name {host};
        ssl_certificate {prefix}/server.pem;
        ssl_certificate_key {prefix}/server.key;
        ssl_protocols TLSv1.2 TLSv1.3;
        location / {{
            proxy_pass http://bronwijzer;
            proxy_http_version 1.1;
            proxy_set_header Host $host;
            proxy_set_header Connection "";
            proxy_set_header X-Forwarded-Proto https;
            proxy_redirect off;
            proxy_max_temp_file_size 0;
        }}
    }}
}}
"""


class Problem(SystemExit):
    """A prerequisite or a step failed: the message says what to do."""

    def __init__(self, message: str):
        super().__init__(f"observatory: {message}")


# Prerequisites --------------------------------------------------------------------------------


def nginx_binary(install: bool) -> str:
    found = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)
    if found:
        return found
    if not install:
        raise Problem(
            "nginx is not installed. On Debian: `sudo apt-get install -y nginx` "
            "(or run this script as root with --install-nginx)."
        )
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise Problem("--install-nginx needs root and apt-get (Debian); install nginx yourself instead.")
    print("Installing nginx: apt-get install -y nginx", flush=True)
    subprocess.run(["apt-get", "install", "-y", "nginx"], check=True)
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.access(found, os.X_OK):
        raise Problem("apt-get installed nginx, but there is no nginx binary")
    return found


def require_tool(name: str, advice: str) -> str:
    found = shutil.which(name)
    if not found:
        raise Problem(f"{name} is not installed. {advice}")
    return found


def node_version(node: str) -> tuple[int, ...]:
    text = subprocess.run([node, "--version"], capture_output=True, text=True, check=True).stdout.strip()
    return tuple(int(part) for part in text.lstrip("v").split(".")[:3])


def pinned_version() -> str:
    return json.loads((SCANNER_DIR / "package.json").read_text())["dependencies"][PACKAGE]


def installed_version() -> str | None:
    path = SCANNER_DIR / "node_modules" / PACKAGE / "package.json"
    return json.loads(path.read_text())["version"] if path.exists() else None


def ensure_scanner(npm: str) -> str:
    pinned = pinned_version()
    if installed_version() != pinned:
        print(f"Installing {PACKAGE} {pinned}: npm ci --ignore-scripts (in bench/observatory)", flush=True)
        completed = subprocess.run(
            [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=SCANNER_DIR, check=False
        )
        if completed.returncode != 0:
            raise Problem("`npm ci --ignore-scripts` failed in bench/observatory (see above)")
    version = installed_version()
    if version != pinned:
        raise Problem(f"{PACKAGE} {version} is installed, {pinned} is pinned; run `npm ci --ignore-scripts`")
    preload = SCANNER_DIR / "node_modules" / PACKAGE / "conf" / "hsts-preload.json"
    if not preload.exists():
        # The package's install step downloads Chromium's HSTS preload list into this file; without
        # it (--ignore-scripts) the scanner cannot start. An empty list changes nothing for a
        # `.test` host name, which is on no preload list: no preload bonus, no preload exemption.
        preload.write_text("{}\n")
    return version


def check_ports() -> None:
    for port in (HTTP_PORT, HTTPS_PORT):
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((ADDRESS, port))
            except PermissionError:
                raise Problem(
                    f"binding {ADDRESS}:{port} is not allowed for this user; the scanner only scans ports "
                    "80 and 443, so run as root (or give nginx CAP_NET_BIND_SERVICE)"
                ) from None
            except OSError as error:
                raise Problem(
                    f"{ADDRESS}:{port} is in use ({error.strerror}); stop what listens there "
                    "(a system nginx after `apt-get install nginx`? `systemctl stop nginx`)"
                ) from None


# Certificates ---------------------------------------------------------------------------------


def make_certificates(openssl: str, work: Path, host: str) -> Path:
    """A throwaway CA (ca.pem) and a certificate for ``host`` signed by it (server.pem, server.key)."""

    def run(*args: str) -> None:
        completed = subprocess.run([openssl, *args], cwd=work, capture_output=True, text=True, check=False)
        if completed.returncode != 0:
            raise Problem(f"`openssl {' '.join(args)}` failed:\n{completed.stderr}")

    ec = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes")
    ca_extensions = ("basicConstraints=critical,CA:TRUE", "keyUsage=critical,keyCertSign,cRLSign")
    run("req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
        "-subj", "/CN=Bronwijzer observatory throwaway CA",
        "-addext", ca_extensions[0], "-addext", ca_extensions[1])  # fmt: skip
    run("req", *ec, "-keyout", "server.key", "-out", "server.csr", "-subj", f"/CN={host}")
    (work / "server.ext").write_text(
        f"subjectAltName=DNS:{host}\nbasicConstraints=critical,CA:FALSE\n"
        "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n"
    )
    run("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", "server.pem", "-days", "2", "-extfile", "server.ext")  # fmt: skip
    return work / "ca.pem"


# Processes ------------------------------------------------------------------------------------


def production_env(data_dir: Path, host: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env.update(
        {
            "BRONWIJZER_ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(48),
            "ALLOWED_HOSTS": host,
            "BRONWIJZER_PUBLIC_URL": f"https://{host}",
            "BRONWIJZER_DATA_DIR": str(data_dir),
            "BRONWIJZER_QUICK_EXIT_URL": "https://neutral.example/",
            "BRONWIJZER_WORKERS": "2",
            "BRONWIJZER_TRUSTED_PROXIES": "127.0.0.1",  # the nginx in front
            "DEBUG": "false",
            "LOG_LEVEL": "WARNING",
            "PYTHONWARNINGS": "ignore",
        }
    )
    return env


# HTTP -----------------------------------------------------------------------------------------


def fetch(
    host: str, path: str, *, port: int, tls: ssl.SSLContext | None = None, headers: dict | None = None
) -> tuple[int, list[tuple[str, str]], bytes]:
    """GET ``path`` from 127.0.0.1:``port`` as ``host`` (over TLS, checking the certificate for
    ``host``, when ``tls`` is given): status, headers, body."""
    sock = socket.create_connection((ADDRESS, port), timeout=10)
    if tls is not None:
        sock = tls.wrap_socket(sock, server_hostname=host)
    connection = http.client.HTTPConnection(host, port, timeout=10)
    connection.sock = sock
    try:
        connection.request("GET", path, headers={"Host": host, "Accept": "*/*", **(headers or {})})
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


def answers(host: str, port: int, tls: ssl.SSLContext | None = None) -> bool:
    try:
        fetch(host, "/", port=port, tls=tls)
        return True
    except (OSError, http.client.HTTPException):
        return False


def policy_headers(headers: list[tuple[str, str]]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name, value in headers:
        name = name.lower()
        if name not in TRANSPORT_HEADERS:
            found.setdefault(name, []).append("(varies)" if name in VARYING_HEADERS else value)
    return found


def targets(host: str, tls: ssl.SSLContext) -> list[tuple[str, str]]:
    """(label, path) of the four pages to grade; the resource is the first the API returns."""
    status, _, body = fetch(host, "/api/v1/resources?limit=1", port=HTTPS_PORT, tls=tls)
    if status != 200:
        raise Problem(f"/api/v1/resources answered {status} through nginx")
    page = f"/bron/{json.loads(body)['results'][0]['slug']}/"
    return [
        ("The map", "/"),
        ("A resource page", page),
        ("Search results", f"/?q={quote('ouders')}"),
        ("API search (JSON)", f"/api/v1/resources?q={quote('ouders')}"),
    ]


def compare_front(host: str, app_port: int, tls: ssl.SSLContext, paths: list[str]) -> list[str]:
    """Differences between the app's own headers and what nginx passes on (none expected)."""
    problems = []
    for path in paths:
        _, direct, _ = fetch(host, path, port=app_port, headers={"X-Forwarded-Proto": "https"})
        _, fronted, _ = fetch(host, path, port=HTTPS_PORT, tls=tls)
        mine, theirs = policy_headers(direct), policy_headers(fronted)
        for name in sorted(set(mine) | set(theirs)):
            if mine.get(name) != theirs.get(name):
                problems.append(f"{path}: {name}: app {mine.get(name)} != through nginx {theirs.get(name)}")
    return problems


# The scan -------------------------------------------------------------------------------------


def scan(node: str, ca: Path, host: str, paths: list[str]) -> dict:
    env = dict(os.environ, NODE_EXTRA_CA_CERTS=str(ca), NODE_NO_WARNINGS="1")
    completed = subprocess.run(
        [node, str(SCANNER_DIR / "scan.mjs"), host, ADDRESS, *paths],
        cwd=SCANNER_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    try:
        return json.loads(completed.stdout)
    except json.JSONDecodeError:
        raise Problem(
            f"the scanner exited with {completed.returncode}:\n"
            f"{completed.stdout[-3000:]}\n{completed.stderr[-3000:]}"
        ) from None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, help="write the 'HTTP Observatory' section of this file")
    parser.add_argument(
        "--host", default="bronwijzer.test", help="the host name scanned (default %(default)s)"
    )
    parser.add_argument(
        "--install-nginx", action="store_true", help="apt-get install nginx when missing (root)"
    )
    args = parser.parse_args()
    started = time.monotonic()

    nginx = nginx_binary(args.install_nginx)
    openssl = require_tool("openssl", "On Debian: `apt-get install -y openssl`.")
    node = require_tool("node", "Install Node.js 20 or later (Debian: `apt-get install -y nodejs npm`).")
    npm = require_tool("npm", "Install npm (Debian: `apt-get install -y npm`).")
    if node_version(node) < (20,):
        raise Problem(
            f"the scanner needs Node.js 20 or later; {node} is {'.'.join(map(str, node_version(node)))}"
        )
    version = ensure_scanner(npm)
    check_ports()
    versions = {
        "nginx": subprocess.run([nginx, "-v"], capture_output=True, text=True)
        .stderr.strip()
        .rpartition("/")[2],
        "node": ".".join(map(str, node_version(node))),
    }
    print(f"nginx {versions['nginx']}, node {versions['node']}, {openssl}, {PACKAGE} {version}", flush=True)

    with tempfile.TemporaryDirectory(prefix="bronwijzer-observatory-") as tmp:
        work = Path(tmp)
        (work / "tmp").mkdir()
        ca = make_certificates(openssl, work, args.host)
        tls = ssl.create_default_context(cafile=str(ca))
        app_port = free_port()
        app_log, nginx_log = work / "server.log", work / "nginx.log"
        serve = [sys.executable, "-m", "bronwijzer.cli", "serve", "--host", ADDRESS, "--port", str(app_port)]
        conf = work / "nginx.conf"
        conf.write_text(
            NGINX_CONF.format(
                prefix=work,
                address=ADDRESS,
                app_port=app_port,
                host=args.host,
                http_port=HTTP_PORT,
                https_port=HTTPS_PORT,
            )
        )
        nginx_command = [nginx, "-p", str(work), "-c", str(conf), "-e", str(work / "nginx-error.log")]
        test = subprocess.run([*nginx_command, "-t", "-q"], capture_output=True, text=True, check=False)
        if test.returncode != 0:
            raise Problem(f"nginx rejects its configuration:\n{test.stderr}")

        print(f"Starting `bronwijzer serve` (production) on {ADDRESS}:{app_port} ...", flush=True)
        with background(serve, production_env(work / "data", args.host), app_log) as app:
            wait_until(
                lambda: answers(args.host, app_port),
                app,
                "bronwijzer serve",
                app_log,
                timeout=START_TIMEOUT,
                error=Problem,
            )
            print(f"Starting nginx on {ADDRESS}:{HTTP_PORT} and :{HTTPS_PORT} ...", flush=True)
            with background(nginx_command, None, nginx_log) as front:
                ready = lambda: answers(args.host, HTTPS_PORT, tls)  # noqa: E731
                wait_until(
                    ready, front, "nginx", work / "nginx-error.log", timeout=START_TIMEOUT, error=Problem
                )
                plan = targets(args.host, tls)
                labels = {path: label for label, path in plan}
                paths = [path for _, path in plan]
                differences = compare_front(args.host, app_port, tls, paths)
                for line in differences:
                    print(f"nginx changes a header: {line}", file=sys.stderr)
                print(f"Scanning https://{args.host}{{{', '.join(paths)}}} ...", flush=True)
                report = scan(node, ca, args.host, paths)

    print_report(labels, report)
    ok = not differences and all(passed(entry) for entry in report["results"])
    ok = ok and (report.get("crossCheck") or {}).get("same", False)
    elapsed = time.monotonic() - started
    if args.output:
        section_write(args.output, section(labels, report, versions, elapsed, ok), START, END)
        print(f"\nWrote the 'HTTP Observatory' section of {args.output}")
    print(
        "\nEvery target is A+ with a score of at least 100."
        if ok
        else "\nNOT every target is A+ (see above)."
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
