"""Local HTTP servers for the link-checker tests and benchmark: 127.0.0.x only, random ports.

    def handler(request: Request) -> Reply: ...
    with LocalServers(handler, hosts=["127.0.0.1", "127.0.0.2"]) as servers:
        servers.url("/ok")                    # http://127.0.0.1:<port>/ok
        servers.url("/ok", host="127.0.0.2")  # another "host" for the per-host limits

A small HTTP/1.1 server on asyncio (keep-alive, HEAD, delays before the answer, dropped
connections), run in one background thread with its own event loop, so tests and the
benchmark can serve many slow answers at once. Every request is logged with the time it
arrived (``servers.requests``). The handler may be a plain function or a coroutine.
"""

from __future__ import annotations

import asyncio
import http
import inspect
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

LOOPBACK_PREFIX = "127."


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    server: tuple[str, int]  # the address it arrived at
    at: float = field(default_factory=time.monotonic)

    @property
    def host(self) -> str:
        return self.headers.get("host", "")


@dataclass
class Reply:
    status: int = 200
    body: bytes | str = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before the answer is sent
    drop: bool = False  # close the connection without answering

    def payload(self) -> bytes:
        return self.body.encode("utf-8") if isinstance(self.body, str) else self.body


def page(title: str, heading: str = "", text: str = "") -> str:
    """A small, complete HTML page."""
    return (
        f"<!doctype html><html lang='nl'><head><meta charset='utf-8'><title>{title}</title>"
        "<style>body{font-family:sans-serif}</style><script>var x = 'page not found';</script></head>"
        f"<body><nav><a href='/'>Home</a> <a href='/over'>Over ons</a></nav>"
        f"<main><h1>{heading or title}</h1><p>{text}</p></main></body></html>"
    )


Handler = Callable[[Request], Any]


class _TLSOnPlainPort(Exception):
    pass


class LocalServers:
    def __init__(
        self,
        handler: Handler,
        hosts: list[str] | tuple[str, ...] = ("127.0.0.1",),
        ssl_context: ssl.SSLContext | None = None,
        port: int = 0,
    ):
        for host in hosts:
            if not host.startswith(LOOPBACK_PREFIX):
                raise ValueError(f"{host} is not a loopback address")
        self.handler = handler
        self.hosts = list(hosts)
        self.ssl_context = ssl_context
        self._port = port
        self.requests: list[Request] = []
        self.ports: dict[str, int] = {}
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="local-http", daemon=True)
        self._servers: list[asyncio.base_events.Server] = []
        self._inflight: dict[str, int] = {}
        self.max_inflight: dict[str, int] = {}
        self.max_inflight_total = 0

    # -- lifecycle -------------------------------------------------------------------------------

    def start(self) -> LocalServers:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(10)
        return self

    async def _start(self) -> None:
        for host in self.hosts:
            server = await asyncio.start_server(
                lambda r, w, host=host: self._serve(r, w, host), host, self._port, ssl=self.ssl_context
            )
            self._servers.append(server)
            self.ports[host] = server.sockets[0].getsockname()[1]

    def stop(self) -> None:
        if not self._thread.is_alive():
            return
        asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    async def _shutdown(self) -> None:
        for server in self._servers:
            server.close()
        current = asyncio.current_task()
        tasks = [t for t in asyncio.all_tasks() if t is not current]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def __enter__(self) -> LocalServers:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    # -- addresses and logs ----------------------------------------------------------------------

    def url(self, path: str = "/", host: str | None = None, scheme: str | None = None) -> str:
        host = host or self.hosts[0]
        scheme = scheme or ("https" if self.ssl_context else "http")
        return f"{scheme}://{host}:{self.ports[host]}{path}"

    def log(self, path: str | None = None, method: str | None = None) -> list[Request]:
        with self._lock:
            found = list(self.requests)
        return [
            r for r in found if (path is None or r.path == path) and (method is None or r.method == method)
        ]

    # -- the protocol ----------------------------------------------------------------------------

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str) -> None:
        try:
            while True:
                request = await self._read_request(reader, host)
                if request is None:
                    break
                with self._lock:
                    self.requests.append(request)
                reply = await self._answer(request, host)
                if reply is None or reply.drop:
                    break
                self._write(writer, request, reply)
                await writer.drain()
                if request.headers.get("connection", "").lower() == "close":
                    break
        except _TLSOnPlainPort:
            writer.write(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
            pass
        except asyncio.CancelledError:
            pass
        finally:
            writer.close()

    async def _read_request(self, reader: asyncio.StreamReader, host: str) -> Request | None:
        first = await reader.read(1)
        if not first:
            return None
        if first == b"\x16" and self.ssl_context is None:
            # A TLS handshake on a plain-HTTP port: answer in plain HTTP, as web servers do.
            raise _TLSOnPlainPort
        line = first + await reader.readline()
        if not line.strip():
            return None
        method, target, _version = line.decode("latin-1").split()
        headers: dict[str, str] = {}
        while True:
            raw = await reader.readline()
            if raw in (b"\r\n", b"\n", b""):
                break
            name, _, value = raw.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0") or 0)
        if length:
            await reader.readexactly(length)
        return Request(method.upper(), target, headers, (host, self.ports.get(host, 0)))

    async def _answer(self, request: Request, host: str) -> Reply | None:
        with self._lock:
            self._inflight[host] = self._inflight.get(host, 0) + 1
            self.max_inflight[host] = max(self.max_inflight.get(host, 0), self._inflight[host])
            self.max_inflight_total = max(self.max_inflight_total, sum(self._inflight.values()))
        try:
            reply = self.handler(request)
            if inspect.isawaitable(reply):
                reply = await reply
            if reply.delay:
                await asyncio.sleep(reply.delay)
            return reply
        finally:
            with self._lock:
                self._inflight[host] -= 1

    def _write(self, writer: asyncio.StreamWriter, request: Request, reply: Reply) -> None:
        body = reply.payload()
        try:
            phrase = http.HTTPStatus(reply.status).phrase
        except ValueError:
            phrase = "Unknown"
        headers = {"Content-Type": reply.content_type, "Content-Length": str(len(body)), **reply.headers}
        if not reply.content_type:
            headers.pop("Content-Type")
        head = f"HTTP/1.1 {reply.status} {phrase}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        writer.write(head.encode("latin-1") + b"\r\n" + (b"" if request.method == "HEAD" else body))
