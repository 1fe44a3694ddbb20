"""The link-checking engine: concurrent (asyncio + httpx), polite, and without Django.

    verdicts = run_checks(["https://www.example.nl/", ...], CheckOptions(per_host=2))

Per URL: HEAD first (GET when HEAD is refused, fails, or the page must be read for the
soft-404 check; GET alone on a host where HEAD proved to add nothing), redirects
followed by hand (classified, chain recorded, capped, loops detected), 429/503 and 5xx
retried with exponential backoff that honours Retry-After, and every failure turned into
a verdict: one URL never stops the run. Politeness: at most ``concurrency`` requests in
flight, at most ``per_host`` per host, a host that answered 429 (or anything with
Retry-After) is left alone that long, and every request carries a User-Agent that names
Bronwijzer. docs/linkcheck.md describes the rules.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import httpcore
import httpx

from bronwijzer.linkcheck import softnotfound
from bronwijzer.linkcheck.addresses import GuardedBackend, InternalAddress
from bronwijzer.linkcheck.classify import (
    BROKEN,
    HEAD_REFUSED_CODES,
    INTERNAL,
    OK,
    REDIRECT_CODES,
    SOFT_404,
    classify_exception,
    is_html,
    redirect_status,
    retry_after_seconds,
    scheme_problem,
    status_for_code,
)
from bronwijzer.linkcheck.verdict import CheckOptions, Hop, Verdict

__all__ = ["CheckOptions", "Checker", "Hop", "Verdict", "check_urls", "run_checks"]

SMALL_BODY = 64 * 1024  # a body this small is read even when it is not HTML, to keep the connection
# After this many HEADs on one host that were answered "HTML page" (so a GET had to follow for the
# soft-404 check anyway), that host's page-like URLs get the GET alone: one request instead of two.
HEADS_BEFORE_GET_FIRST = 3
AUTO = "AUTO"
FILE_SUFFIXES = (
    *(".pdf", ".doc", ".docx", ".odt", ".ppt", ".pptx", ".odp", ".xls", ".xlsx", ".ods", ".csv"),
    *(".zip", ".epub", ".mp3", ".mp4", ".m4a", ".m4v", ".mov", ".avi", ".webm", ".wav", ".ogg"),
    *(".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg"),
)


@dataclass
class _Answer:
    method: str
    url: httpx.URL
    status: int
    headers: httpx.Headers
    body: bytes | None = None
    note: str = ""

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")


@dataclass
class _Trace:
    attempts: int = 0
    hops: list[Hop] = field(default_factory=list)
    started: float | None = None  # when the first request went out (after waiting for a slot)
    started_at: dt.datetime | None = None
    method: str = ""  # of the latest request

    def sending(self) -> None:
        if self.started is None:
            self.started, self.started_at = time.perf_counter(), dt.datetime.now(dt.UTC)


class _Stop(Exception):
    def __init__(self, status: str, error: str, http_status: int | None = None):
        super().__init__(error)
        self.status, self.error, self.http_status = status, error, http_status


class _Host:
    def __init__(self, per_host: int):
        self.slots = asyncio.Semaphore(per_host)
        self.resume_at = 0.0
        self.head_unreliable = False
        self.html_heads = 0  # HEADs that said "HTML page", each followed by a GET
        self.probe: asyncio.Future | None = None

    def pause(self, seconds: float) -> None:
        self.resume_at = max(self.resume_at, time.monotonic() + seconds)

    async def wait(self) -> None:
        delay = self.resume_at - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)


class _GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's own transport, whose connection pool connects through :class:`GuardedBackend`.

    httpx takes no network backend, so the pool it built (its private ``_pool``) is replaced by
    the same httpcore pool with the guarded backend (httpcore's public API); everything else,
    the mapping of httpcore's exceptions included, stays httpx's. Should an httpx release
    rename ``_pool``, tests/linkcheck/test_internal_addresses.py fails (the loopback server
    would be asked).
    """

    def __init__(self, *, verify, limits: httpx.Limits, allow_networks: tuple):
        super().__init__(verify=verify, limits=limits, trust_env=False)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(verify=verify, trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=GuardedBackend(allow_networks),
        )


class Checker:
    """One run: shares the connection pool, the per-host limits and what was learnt per host."""

    def __init__(self, options: CheckOptions | None = None):
        self.options = options or CheckOptions()
        self._global = asyncio.Semaphore(self.options.concurrency)
        self._hosts: dict[str, _Host] = {}
        self._probe_path = f"/bronwijzer-linkcheck-{secrets.token_hex(8)}-does-not-exist"
        self._client: httpx.AsyncClient | None = None

    async def __aenter__(self) -> Checker:
        opts = self.options
        limits = httpx.Limits(max_connections=None, max_keepalive_connections=opts.concurrency)
        # Every connection goes to an address checked first (addresses.py), except with
        # connect_to: then the operator named the one address everything goes to (a local mirror).
        transport = (
            None
            if opts.connect_to is not None
            else _GuardedTransport(verify=opts.verify, limits=limits, allow_networks=opts.allow_networks)
        )
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(opts.timeout),
            follow_redirects=False,
            trust_env=False,  # no proxies or certificates from the environment
            verify=opts.verify,
            limits=limits,
            transport=transport,
            headers={
                "User-Agent": opts.user_agent,
                "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8",
                "Accept-Language": "nl,en;q=0.8",
            },
        )
        return self

    async def __aexit__(self, *exc_info) -> None:
        if self._client is not None:
            await self._client.aclose()

    async def check_all(
        self, urls: Iterable[str], progress: Callable[[int, int], None] | None = None
    ) -> list[Verdict]:
        unique = list(dict.fromkeys(urls))
        done = 0
        if progress:
            progress(0, len(unique))

        async def one(url: str) -> Verdict:
            nonlocal done
            verdict = await self.check(url)
            done += 1
            if progress:
                progress(done, len(unique))
            return verdict

        return list(await asyncio.gather(*(one(url) for url in unique)))

    async def check(self, url: str) -> Verdict:
        """The verdict for one URL; never raises (except on cancellation).

        ``checked_at`` and ``duration_ms`` count from the first request sent, not from the
        time spent waiting for a free slot.
        """
        trace = _Trace()
        try:
            verdict = await self._check(url, trace)
        except _Stop as stop:
            verdict = Verdict(url, stop.status, stop.http_status, error=stop.error)
        except InternalAddress as refused:
            # Nothing was sent there, so there is no answer to show: only that it was refused.
            verdict = Verdict(url, INTERNAL, error=str(refused))
        except Exception as exc:
            status, error = classify_exception(exc)
            verdict = Verdict(url, status, error=error)
        verdict.redirects = trace.hops
        if trace.attempts and not verdict.final_url:
            verdict.final_url = trace.hops[-1].url if trace.hops else url
        verdict.attempts = trace.attempts
        if trace.started is not None and trace.started_at is not None:
            verdict.checked_at = trace.started_at
            verdict.duration_ms = round((time.perf_counter() - trace.started) * 1000)
        return verdict

    async def _check(self, url: str, trace: _Trace) -> Verdict:
        problem = scheme_problem(url)
        if problem:
            return Verdict(url, problem[0], error=problem[1])
        answer = await self._follow(url.strip(), trace)
        code = answer.status
        status, error = status_for_code(code), answer.note
        if status == OK:
            reason = await self._soft404(url, answer, trace)
            if reason:
                return Verdict(url, SOFT_404, code, error=reason)
            if trace.hops:
                status = redirect_status([hop.status for hop in trace.hops])
        elif code in REDIRECT_CODES:
            error = f"HTTP {code} without a Location header"
        else:
            phrase = httpx.codes.get_reason_phrase(code)
            error = "; ".join(filter(None, [f"HTTP {code} {phrase}".strip(), error]))
        return Verdict(url, status, code, error=error)

    # -- redirects, HEAD/GET, retries ------------------------------------------------------------

    async def _follow(self, url: str, trace: _Trace, head_first: bool = True) -> _Answer:
        current = httpx.URL(url)
        seen = {str(current)}
        while True:
            answer = await self._fetch(current, trace, head_first)
            location = answer.headers.get("location", "").strip()
            if answer.status not in REDIRECT_CODES or not location:
                return answer
            try:
                target = current.join(location)
            except (httpx.InvalidURL, ValueError) as exc:
                error = f"redirect to an invalid address {location!r}: {exc}"
                raise _Stop(BROKEN, error, answer.status) from exc
            trace.hops.append(Hop(answer.status, str(target)))
            if target.scheme not in ("http", "https"):
                raise _Stop(BROKEN, f"redirect to a {target.scheme}: address", answer.status)
            if str(target) in seen:
                raise _Stop(BROKEN, f"redirect loop back to {target}", answer.status)
            if len(trace.hops) > self.options.max_redirects:
                raise _Stop(BROKEN, f"more than {self.options.max_redirects} redirects", answer.status)
            seen.add(str(target))
            current = target

    async def _fetch(self, url: httpx.URL, trace: _Trace, head_first: bool) -> _Answer:
        """One hop: HEAD when it can be trusted and is of use, GET otherwise."""
        host = self._host(url)
        head = None
        if head_first and self.options.head_first:
            # HEAD or GET is decided when a slot to the host is free, so what was learnt counts.
            try:
                head = await self._exchange(AUTO, url, trace)
            except (httpx.ConnectError, httpx.TimeoutException, TimeoutError):
                raise
            except httpx.TransportError:
                if trace.method == "GET":
                    raise
                head = None  # the server dropped the HEAD exchange: GET may work
            if head is not None and head.method == "GET":
                return head
            if head is not None:
                if head.status in REDIRECT_CODES and head.headers.get("location"):
                    return head
                if 200 <= head.status < 300:
                    if not (self.options.soft404 and is_html(head.content_type)):
                        return head
                    host.html_heads += 1
                if head.status in (429, 503):
                    return head  # still asked to wait after the retries: don't add a GET
                if head.status in HEAD_REFUSED_CODES:
                    host.head_unreliable = True
        answer = await self._exchange("GET", url, trace)
        if head is not None and 200 <= head.status < 300 and answer.status in (404, 410):
            host.head_unreliable = True
            answer.note = f"HEAD answered {head.status}, GET {answer.status}"
        return answer

    def _head_first(self, url: httpx.URL, host: _Host) -> bool:
        if host.head_unreliable:
            return False
        if not self.options.soft404 or url.path.lower().endswith(FILE_SUFFIXES):
            return True  # HEAD alone can settle it
        return host.html_heads < HEADS_BEFORE_GET_FIRST

    async def _exchange(self, method: str, url: httpx.URL, trace: _Trace) -> _Answer:
        """One request, retried on 429/503 (and for GET on other 5xx and dropped connections).

        ``method`` AUTO is HEAD or GET, chosen by ``_head_first`` when the request can go out.
        """
        opts = self.options
        for attempt in range(opts.retries + 1):
            last = attempt == opts.retries
            try:
                answer = await self._request(method, url, trace)
            except (httpx.ConnectError, httpx.TimeoutException, TimeoutError):
                raise  # refused, DNS, TLS, timeout: asking again does not help (and is not polite)
            except httpx.TransportError:
                method = trace.method
                if last or method == "HEAD":
                    raise
                await asyncio.sleep(self._backoff(attempt))
                continue
            code, method = answer.status, answer.method
            if last or not (code in (429, 503) or (code >= 500 and method == "GET")):
                return answer
            wait = retry_after_seconds(answer.headers.get("retry-after"))
            if wait is None:
                wait = self._backoff(attempt)
            elif wait > opts.max_wait:
                answer.note = f"Retry-After of {wait:.0f} s is longer than the {opts.max_wait:.0f} s we wait"
                return answer
            if code == 429 or "retry-after" in answer.headers:
                self._host(url).pause(wait)  # the whole host is left alone that long
            await asyncio.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    def _backoff(self, attempt: int) -> float:
        return min(self.options.max_wait, self.options.backoff * 2**attempt)

    async def _request(self, method: str, url: httpx.URL, trace: _Trace) -> _Answer:
        assert self._client is not None, "use Checker as an async context manager"
        host = self._host(url)
        trace.attempts += 1
        async with host.slots:
            await host.wait()
            async with self._global, asyncio.timeout(self.options.timeout):
                trace.sending()
                if method == AUTO:
                    method = "HEAD" if self._head_first(url, host) else "GET"
                trace.method = method
                target, headers = self._route(url)
                async with self._client.stream(method, target, headers=headers) as response:
                    answer = _Answer(method, url, response.status_code, response.headers)
                    if method == "GET" and self._wants_body(response):
                        answer.body = await self._read(response)
                    return answer

    def _wants_body(self, response: httpx.Response) -> bool:
        if is_html(response.headers.get("content-type")):
            return True
        length = response.headers.get("content-length", "")
        return length.isdigit() and int(length) <= SMALL_BODY

    async def _read(self, response: httpx.Response) -> bytes:
        chunks, size = [], 0
        async for chunk in response.aiter_bytes():
            chunks.append(chunk)
            size += len(chunk)
            if size >= self.options.max_body:
                break
        return b"".join(chunks)[: self.options.max_body]

    def _route(self, url: httpx.URL) -> tuple[httpx.URL, dict[str, str]]:
        if self.options.connect_to is None:
            return url, {}
        host, port = self.options.connect_to
        headers = {"Host": url.netloc.decode("ascii")}
        if url.scheme == "https":
            headers["X-Forwarded-Proto"] = "https"
        return url.copy_with(scheme="http", host=host, port=port), headers

    def _host(self, url: httpx.URL) -> _Host:
        key = url.host.lower()
        if key not in self._hosts:
            self._hosts[key] = _Host(self.options.per_host)
        return self._hosts[key]

    # -- soft-404 --------------------------------------------------------------------------------

    async def _soft404(self, url: str, answer: _Answer, trace: _Trace) -> str | None:
        if not self.options.soft404:
            return None
        final = str(answer.url)
        if trace.hops and softnotfound.redirected_home(url, final):
            return "a deep link that redirects to the site's home page"
        if answer.body is None or not is_html(answer.content_type):
            return None
        page = softnotfound.parse(answer.body, answer.content_type)
        reason = softnotfound.says_not_found(page)
        if reason:
            return reason
        if self.options.soft404_probe and answer.url.path not in ("", "/"):
            probe = await self._probe(answer.url)
            if probe is not None and softnotfound.same_page(page, probe):
                return "the page is the site's answer to an address that does not exist"
        return None

    async def _probe(self, url: httpx.URL) -> softnotfound.Page | None:
        """The host's answer to a random path, asked once per host per run (None: a proper 404)."""
        host = self._host(url)
        if host.probe is None:
            host.probe = asyncio.ensure_future(self._run_probe(url))
        return await asyncio.shield(host.probe)

    async def _run_probe(self, url: httpx.URL) -> softnotfound.Page | None:
        probe_url = url.copy_with(path=self._probe_path, query=None, fragment=None)
        try:
            answer = await self._follow(str(probe_url), _Trace(), head_first=False)
        except Exception:
            return None
        if 200 <= answer.status < 300 and answer.body is not None and is_html(answer.content_type):
            return softnotfound.parse(answer.body, answer.content_type)
        return None


async def check_urls(
    urls: Iterable[str],
    options: CheckOptions | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Verdict]:
    """Check every URL (duplicates once), in the order given."""
    async with Checker(options) as checker:
        return await checker.check_all(urls, progress)


def run_checks(
    urls: Iterable[str],
    options: CheckOptions | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Verdict]:
    """``check_urls`` for synchronous callers (the command, the services)."""
    return asyncio.run(check_urls(urls, options, progress))
