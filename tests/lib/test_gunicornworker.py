"""The production server keeps answering while slow clients hold connections, and a client that
sends its request too slowly is cut off (bronwijzer.lib.gunicornworker), on the real server."""

from __future__ import annotations

import select
import socket
import threading
import time
import urllib.request
from urllib.parse import urlsplit

import pytest

from tests.support.liveserver import live_server

REQUEST_TIMEOUT = 3  # seconds: short, so the cut-off is seen quickly


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with live_server(
        tmp_path_factory.mktemp("slow-clients"), env={"BRONWIJZER_REQUEST_TIMEOUT": str(REQUEST_TIMEOUT)}
    ) as running:
        yield running


def open_slowly(base_url: str) -> socket.socket:
    """A connection that has sent a request line and one header, and not the blank line that ends them."""
    parts = urlsplit(base_url)
    sock = socket.create_connection((parts.hostname, parts.port), timeout=10)
    sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    return sock


def closed_by_server(sock: socket.socket) -> bool:
    readable, _, _ = select.select([sock], [], [], 0)
    if not readable:
        return False
    try:
        return sock.recv(1024) == b""
    except OSError:
        return True


class SlowClients:
    """``count`` clients that each send one header line per second and never finish their request;
    one that the server cuts off connects again, so ``count`` connections are held throughout."""

    def __init__(self, base_url: str, count: int):
        self.base_url = base_url
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self._run, daemon=True) for _ in range(count)]

    def _run(self) -> None:
        sock = open_slowly(self.base_url)
        while not self.stop.wait(1.0):
            try:
                if closed_by_server(sock):
                    raise ConnectionResetError
                sock.sendall(b"X-Slow: 1\r\n")
            except OSError:
                sock.close()
                sock = open_slowly(self.base_url)
        sock.close()

    def __enter__(self) -> SlowClients:
        for thread in self.threads:
            thread.start()
        time.sleep(1.5)  # every one has sent its first lines and holds its connection
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=15)


def test_an_ordinary_page_answers_while_slow_clients_hold_more_connections_than_there_are_workers(server):
    with SlowClients(server.url, count=6):
        for _ in range(10):
            # A generous ceiling for a busy machine; before, the request waited until the slow
            # clients let go (never, here), as both sync workers were reading their headers.
            with urllib.request.urlopen(server.url + "/", timeout=10) as response:
                assert response.status == 200
                assert b"Bronwijzer" in response.read()
            time.sleep(0.2)


def test_a_client_that_sends_its_headers_too_slowly_is_cut_off(server):
    sock = open_slowly(server.url)
    started = time.monotonic()
    try:
        while not closed_by_server(sock):
            assert time.monotonic() - started < REQUEST_TIMEOUT + 20, "the server kept the slow client"
            try:
                sock.sendall(b"X-Slow: 1\r\n")  # a line every half second: never idle for long
            except OSError:
                break
            time.sleep(0.5)
    finally:
        sock.close()
    assert time.monotonic() - started >= REQUEST_TIMEOUT - 0.5
    assert "Traceback" not in server.log()
