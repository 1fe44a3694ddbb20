"""gunicorn's threaded worker, with a deadline for each request a client sends.

``bronwijzer serve`` runs gunicorn with ``gthread`` workers (``BRONWIJZER_WORKERS`` processes of
``BRONWIJZER_THREADS`` threads), so a slow client holds one thread, not a whole worker, and the
other threads keep answering. gunicorn 27 already keeps a new connection that sends nothing out
of the thread pool (it waits 5 s, then parks it in the poller), but a client that sends a header
line now and then keeps its thread for as long as it likes: gunicorn has no header timeout.

This worker adds one: the request line, headers and body must arrive within
``BRONWIJZER_REQUEST_TIMEOUT`` seconds of the request's start, and each response must be taken
within as long. A client that is later is treated as one that hung up (gunicorn closes the
connection and logs it at debug level): the thread is free again. In production nginx in front
buffers requests and responses as well (docs/deployment.md).

Why a subclass and not another server: gunicorn is the kept library already, Django runs here
as WSGI with synchronous views (under ASGI those run one at a time per process), and the only
piece gunicorn lacks is this deadline. It overrides ``ThreadWorker.accept`` (gunicorn is
pinned; tests/lib/test_gunicornworker.py runs the real server).

A worker that has stopped serving freezes what it holds (:func:`gc.freeze`) before Python ends:
Python's last garbage collection then does not walk Django, the code and the search index again,
which took a stopping worker about a second (``serve`` does the same in gunicorn's master).
"""

from __future__ import annotations

import errno
import gc
import socket
import time
from typing import TYPE_CHECKING, Any

from django.conf import settings
from gunicorn.workers import gthread

if TYPE_CHECKING:
    from socket import _SendableFile

    from _typeshed import ReadableBuffer


class DeadlineSocket(socket.socket):
    """A client socket whose reads share one deadline per request and whose writes are bounded."""

    __slots__ = ("_deadline",)
    limit: float = 30.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline = time.monotonic() + self.limit

    def setblocking(self, flag: bool) -> None:
        """gunicorn makes the socket blocking when a thread takes up a request: the clock starts."""
        if flag:
            self._deadline = time.monotonic() + self.limit
            self.settimeout(self.limit)
        else:
            super().setblocking(False)

    def recv(self, bufsize: int, flags: int = 0) -> bytes:
        if self.gettimeout() == 0.0:  # the poller's non-blocking look
            return super().recv(bufsize, flags)
        remaining = self._deadline - time.monotonic()
        if remaining <= 0:
            return b""
        self.settimeout(remaining)
        try:
            return super().recv(bufsize, flags)
        except TimeoutError:
            return b""  # too late: as if the client hung up

    def _send_bounded(self) -> None:
        if self.gettimeout() != 0.0:
            self.settimeout(self.limit)

    def sendall(self, data: ReadableBuffer, flags: int = 0) -> None:
        self._send_bounded()
        try:
            super().sendall(data, flags)
        except TimeoutError:
            raise BrokenPipeError(errno.EPIPE, "the client did not take the response in time") from None

    def sendfile(self, file: _SendableFile, offset: int = 0, count: int | None = None) -> int:
        self._send_bounded()
        try:
            return super().sendfile(file, offset, count)
        except TimeoutError:
            raise BrokenPipeError(errno.EPIPE, "the client did not take the response in time") from None


class ThreadWorker(gthread.ThreadWorker):
    """gunicorn's ``gthread`` worker whose client sockets are :class:`DeadlineSocket`."""

    def load_wsgi(self) -> None:
        super().load_wsgi()  # Django's settings are loaded from here on
        DeadlineSocket.limit = float(settings.REQUEST_TIMEOUT)

    def run(self) -> None:
        try:
            super().run()
        finally:
            gc.freeze()  # no request is served any more: Python's ending need not walk it all

    def accept(self, listener: Any) -> None:
        try:
            client_sock, client_addr = listener.accept()
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        client = DeadlineSocket(client_sock.family, client_sock.type, client_sock.proto, client_sock.detach())
        client.setblocking(True)
        self.enqueue_req(gthread.TConn(self.cfg, client, client_addr, listener.getsockname()))
