"""Everything beyond 127.0.0.1, as the test browser sees it: a local proxy that refuses every request
but those for the neutral quick-exit site, which it answers itself over TLS.

The test Chromium is started with ``--proxy-server`` pointing here. Chromium never sends requests
for 127.0.0.1 through a proxy (the test server, a partner page of the embed tests), so the proxy
sees exactly the requests that would leave this machine: ``https://neutral.example/`` (the stand-in
for the quick-exit site, tests/support/liveserver.py) gets ``NEUTRAL_PAGE``, anything else a 403
and no connection anywhere. Which test made such a request is recorded from the browser's own
request events (the ``traffic`` fixture, tests/browser/conftest.py).

Before this, every browser context routed every request through Playwright
(``context.route("**/*")``), which pauses each request for the driver and turns the browser's cache
off: every page load fetched all its style sheets, scripts and fonts again.
"""

from __future__ import annotations

import contextlib
import datetime
import socket
import socketserver
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.browser.helpers import NEUTRAL_PAGE
from tests.support.liveserver import HOST, NEUTRAL_URL

NEUTRAL = urlsplit(NEUTRAL_URL)
NEUTRAL_TARGET = f"{NEUTRAL.hostname}:{NEUTRAL.port or 443}".encode()
REFUSED = b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
ANSWER = (
    b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nCache-Control: no-store\r\n"
    b"Content-Length: %d\r\nConnection: close\r\n\r\n%s"
) % (len(NEUTRAL_PAGE.encode()), NEUTRAL_PAGE.encode())
TIMEOUT = 10  # seconds a connection may stay silent (as long as every Playwright wait's)


def _certificate(folder: Path) -> ssl.SSLContext:
    """A TLS server context with a self-signed certificate for the neutral site's host name (the
    test browser runs with ``--ignore-certificate-errors``; it trusts nothing else by it: every
    other request is refused by the proxy before any TLS)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, NEUTRAL.hostname or "")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(NEUTRAL.hostname or "")]), critical=False)
        .sign(key, hashes.SHA256())
    )
    (folder / "neutral.pem").write_bytes(
        certificate.public_bytes(serialization.Encoding.PEM)
        + key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(folder / "neutral.pem")
    return context


def _head(connection: socket.socket | ssl.SSLSocket) -> bytes:
    """A request's line and headers (up to the blank line)."""
    data = b""
    while b"\r\n\r\n" not in data and len(data) < 65536:
        chunk = connection.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


@contextlib.contextmanager
def outside(folder: Path) -> Iterator[str]:
    """Run the proxy on a free local port while the block runs; yield its address for ``--proxy-server``."""
    tls = _certificate(folder)

    class Handler(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            connection: socket.socket = self.request
            connection.settimeout(TIMEOUT)
            with contextlib.suppress(OSError):
                line = _head(connection).split(b"\r\n", 1)[0].split()
                if line[:2] != [b"CONNECT", NEUTRAL_TARGET]:
                    connection.sendall(REFUSED)
                    return
                connection.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
                with tls.wrap_socket(connection, server_side=True) as secure:
                    if _head(secure):
                        secure.sendall(ANSWER)

    class Server(socketserver.ThreadingTCPServer):
        daemon_threads = True
        allow_reuse_address = True

    with Server((HOST, 0), Handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://{HOST}:{server.server_address[1]}"
        finally:
            server.shutdown()
