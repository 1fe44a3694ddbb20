"""The repository's nginx configuration (deploy/nginx/bronwijzer.conf), made runnable in a test.

The file is what an operator installs. A test changes only what must differ on a test machine,
each by an exact replacement that must match (so a change to the file that a test would no
longer cover fails here, instead of being skipped silently): the host name, the ports, the
app's address, the certificate, the static and ACME folders and the log folder. Everything
else (TLS settings, buffering, timeouts, gzip, headers, limits) runs as written.

nginx runs in the foreground with its own prefix, pid file and temporary folders, from a main
configuration that sets at the http level what Debian 12's /etc/nginx/nginx.conf sets there, so a
directive the site file repeats at that level fails here as it would on a server.
"""

from __future__ import annotations

import getpass
import gzip
import http.client
import re
import shutil
import socket
import ssl
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SITE_CONF = ROOT / "deploy" / "nginx" / "bronwijzer.conf"
ACME_CONF = ROOT / "deploy" / "nginx" / "bronwijzer-acme.conf"
ADDRESS = "127.0.0.1"
HOST = "bronwijzer.test"
EXAMPLE_HOST = "bronwijzer.example.nl"


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx",) if Path(path).is_file()), None
    )


def nginx_conf_dir(nginx: str) -> Path:
    """Where this nginx keeps mime.types (its --conf-path's folder)."""
    built = subprocess.run([nginx, "-V"], capture_output=True, text=True, check=True).stderr
    found = re.search(r"--conf-path=(\S+)", built)
    return Path(found.group(1)).parent if found else Path("/etc/nginx")


def replaced(text: str, replacements: list[tuple[str, str]], what: str) -> str:
    """``text`` with every (old, new) replaced; each ``old`` must occur."""
    for old, new in replacements:
        if old not in text:
            raise AssertionError(f"{what} no longer contains {old!r}: update tests/deploy/front.py")
        text = text.replace(old, new)
    return text


@dataclass
class Front:
    """A private nginx with the repository's site file, in ``prefix``."""

    nginx: str
    prefix: Path
    app_port: int
    https_port: int
    http_port: int
    cert: Path
    key: Path
    host: str = HOST
    site: Path = field(init=False)
    main: Path = field(init=False)

    def __post_init__(self) -> None:
        for folder in ("tmp", "logs", "www/letsencrypt/.well-known/acme-challenge", "cache"):
            (self.prefix / folder).mkdir(parents=True, exist_ok=True)
        self.site = self.prefix / "bronwijzer.conf"
        self.main = self.prefix / "nginx.conf"

    @property
    def acme_dir(self) -> Path:
        return self.prefix / "www" / "letsencrypt" / ".well-known" / "acme-challenge"

    @property
    def log_dir(self) -> Path:
        return self.prefix / "logs"

    def write(self, static_root: Path, source: Path = SITE_CONF) -> None:
        """Write the site file (from ``source``) and the main file; nginx serves ``static_root``
        at /static/ (through a link ``<prefix>/cache/static``, as /var/cache/bronwijzer/static)."""
        link = self.prefix / "cache" / "static"
        if not link.is_symlink():
            link.symlink_to(static_root, target_is_directory=True)
        live = f"/etc/letsencrypt/live/{self.host}"
        replacements = [
            (EXAMPLE_HOST, self.host),
            ("listen [::]:80;\n", ""),
            ("listen 80;", f"listen {ADDRESS}:{self.http_port};"),
            ("/var/www/letsencrypt", str(self.prefix / "www" / "letsencrypt")),
        ]
        if source == SITE_CONF:
            replacements += [
                ("listen [::]:443 ssl http2;\n", ""),
                ("listen 443 ssl http2;", f"listen {ADDRESS}:{self.https_port} ssl http2;"),
                (f"{live}/fullchain.pem", str(self.cert)),
                (f"{live}/privkey.pem", str(self.key)),
                ("server 127.0.0.1:8000;", f"server {ADDRESS}:{self.app_port};"),
                ("root /var/cache/bronwijzer;", f"root {self.prefix / 'cache'};"),
                ("/var/log/nginx/", f"{self.log_dir}/"),
            ]
        self.site.write_text(replaced(source.read_text(), replacements, source.name))
        p = self.prefix
        self.main.write_text(
            f"""\
daemon off;
user {getpass.getuser()};
worker_processes 1;
pid {p}/nginx.pid;
error_log {p}/logs/main-error.log warn;
events {{ worker_connections 256; }}
http {{
    # As Debian 12's /etc/nginx/nginx.conf at this level:
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    include {nginx_conf_dir(self.nginx)}/mime.types;
    default_type application/octet-stream;
    ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;
    ssl_prefer_server_ciphers on;
    access_log {p}/logs/main-access.log;
    gzip on;
    # Private temporary folders:
    client_body_temp_path {p}/tmp/body;
    proxy_temp_path {p}/tmp/proxy;
    fastcgi_temp_path {p}/tmp/fastcgi;
    uwsgi_temp_path {p}/tmp/uwsgi;
    scgi_temp_path {p}/tmp/scgi;
    include {self.site};
}}
"""
        )

    def command(self) -> list[str]:
        return [
            self.nginx,
            "-p",
            str(self.prefix),
            "-c",
            str(self.main),
            "-e",
            str(self.log_dir / "main-error.log"),
        ]

    def test(self) -> subprocess.CompletedProcess:
        """``nginx -t`` on the written configuration."""
        return subprocess.run(
            [*self.command(), "-t"], capture_output=True, text=True, timeout=60, check=False
        )


@dataclass
class Answer:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        values = self.all(name)
        return values[0] if values else None

    def all(self, name: str) -> list[str]:
        return [value for key, value in self.headers if key.lower() == name.lower()]

    def text(self) -> str:
        data = gzip.decompress(self.body) if self.header("content-encoding") == "gzip" else self.body
        return data.decode("utf-8")


def request(
    port: int,
    path: str,
    *,
    method: str = "GET",
    tls: ssl.SSLContext | None = None,
    host: str = HOST,
    source: str | None = None,
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
    timeout: float = 60,
) -> Answer:
    """One HTTP/1.1 request to ADDRESS:``port`` (over TLS when ``tls`` is given), from the local
    address ``source`` when given (any 127.x.y.z works on Linux's loopback)."""
    sock = socket.create_connection(
        (ADDRESS, port), timeout=timeout, source_address=(source, 0) if source else None
    )
    if tls is not None:
        sock = tls.wrap_socket(sock, server_hostname=host)
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    connection.sock = sock
    try:
        connection.request(method, path, body=body, headers={"Host": host, **(headers or {})})
        response = connection.getresponse()
        return Answer(response.status, response.getheaders(), response.read())
    finally:
        connection.close()
