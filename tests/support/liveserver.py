"""Run the real production server (`bronwijzer serve`: migrate, collect the static files when they
changed, load the default map when there is none, run gunicorn) on a free local port, against a fresh
SQLite database (a copy of one prepared once a run, so a server starts in seconds).

Used by the browser tests (tests/browser/conftest.py) and by bench/screenshot.py, so
both see exactly what a visitor sees.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import fcntl
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

HOST = "127.0.0.1"
CHECKOUT = Path(__file__).resolve().parents[2]
#: The settings of a throwaway server: production's, passwords hashed cheaply (its docstring).
SERVER_SETTINGS = "tests.support.server_settings"
SHARED_STATIC_ROOT = Path(__file__).resolve().parents[2] / "build" / "test-static"
NEUTRAL_URL = "https://neutral.example/"
#: A ceiling, not a wait. A server starts on a data directory that is already migrated, with the map
#: loaded and the static files collected (:func:`data_dir_prepare`), so what is left is a restart:
#: ~2 s on an idle machine (docs/benchmarks.md#server), a few times that on a busy 2-core one.
START_TIMEOUT = 30.0
#: A ceiling for preparing the data directory that every test server of a run copies (once a run:
#: migrate, load the default map, collect the static files when they changed): a job that ends,
#: not an answer awaited; over a minute on a busy machine.
PREPARE_TIMEOUT = 600.0
DATABASE_FILE = "bronwijzer.sqlite3"
#: What gunicorn logs (at INFO) when a worker process has started.
BOOTED = "Booting worker with pid"


class ServerStartError(RuntimeError):
    """The server did not answer in time (the message carries its log)."""


@dataclass(frozen=True)
class LiveServer:
    url: str  # base URL without a trailing slash, e.g. http://127.0.0.1:54321
    log_path: Path  # the server's stdout and stderr (gunicorn's access log included)
    pid: int = 0  # the server's process (gunicorn's master; its workers are in its process group)

    def log(self) -> str:
        return _read_log(self.log_path)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


#: A partner site allowed to frame /embed/ in the browser tests, which serve it on this port.
EMBED_PARTNER_PORT = free_port()
EMBED_PARTNER = f"http://{HOST}:{EMBED_PARTNER_PORT}"


def server_env(data_dir: Path) -> dict[str, str]:
    """The current environment, made safe for a throwaway server.

    DATABASE_URL is removed so that the server always uses a fresh SQLite file in
    ``data_dir`` and never touches the PostgreSQL test database. The settings are production's
    with a cheap password hash (:data:`SERVER_SETTINGS`); a benchmark sets
    ``DJANGO_SETTINGS_MODULE`` back to ``bronwijzer.settings``.
    """
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": SERVER_SETTINGS,
            # the checkout, for SERVER_SETTINGS, whatever folder a test runs the server from
            "PYTHONPATH": os.pathsep.join(filter(None, [str(CHECKOUT), env.get("PYTHONPATH", "")])),
            "BRONWIJZER_ENV": "development",
            "BRONWIJZER_DATA_DIR": str(data_dir),
            # One collection of static files for every throwaway server of this checkout: a
            # start collects only when the sources changed (bronwijzer.lib.staticfiles).
            "BRONWIJZER_STATIC_ROOT": str(SHARED_STATIC_ROOT),
            "BRONWIJZER_QUICK_EXIT_URL": NEUTRAL_URL,
            "BRONWIJZER_EMBED_ORIGINS": EMBED_PARTNER,
            "BRONWIJZER_WORKERS": "2",
            "DEBUG": "false",
        }
    )
    return env


def _read_log(log_path: Path) -> str:
    try:
        return log_path.read_text(errors="replace")
    except OSError:
        return "(no log)"


def log_tail(log_path: Path, lines: int = 30) -> str:
    """The last ``lines`` lines of a log file ("(no log)" when there is none)."""
    return "\n".join(_read_log(log_path).splitlines()[-lines:])


def http_answers(url: str, timeout: float = 2) -> bool:
    """True once anything answers ``url`` over HTTP (an error status counts: the server is up)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout):
            return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


def die_with_parent() -> Callable[[], None] | None:
    """On Linux: have the kernel send SIGTERM to the server when the process that started it dies,
    so that a test run killed midway (timeout, Ctrl-C twice) leaves no gunicorn behind."""
    if not sys.platform.startswith("linux"):
        return None
    libc = ctypes.CDLL(None, use_errno=True)  # loaded here: the child only calls into it
    pr_set_pdeathsig = 1
    return lambda: libc.prctl(pr_set_pdeathsig, signal.SIGTERM)


def stop_process_group(process: subprocess.Popen, *, grace: float = 10) -> None:
    """SIGTERM the process group, then SIGKILL it if it has not ended after ``grace`` seconds."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


@contextlib.contextmanager
def background(
    command: list[str], env: dict[str, str] | None, log_path: Path, *, grace: float = 10
) -> Iterator[subprocess.Popen]:
    """Run ``command`` in its own process group, output to ``log_path``, while the block runs.

    Its own group, so that gunicorn's workers (or nginx's) stop with it; the kernel stops it
    if this process dies first (:func:`die_with_parent`).
    """
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=die_with_parent(),  # only a prctl call between fork and exec
        )
    try:
        yield process
    finally:
        stop_process_group(process, grace=grace)


def wait_until(
    ready: Callable[[], bool],
    process: subprocess.Popen,
    what: str,
    log_path: Path,
    *,
    timeout: float = START_TIMEOUT,
    error: type[Exception] = ServerStartError,
) -> None:
    """Poll ``ready`` until it holds; raise ``error`` with the log's tail if ``process`` ends or times out."""
    deadline = time.monotonic() + timeout
    while not ready():
        if process.poll() is not None:
            raise error(f"{what} exited with {process.returncode}:\n{log_tail(log_path)}")
        if time.monotonic() > deadline:
            raise error(f"{what} did not answer within {timeout:.0f} s:\n{log_tail(log_path)}")
        time.sleep(0.2)


_template: dict[str, Path] = {}
_template_lock = threading.Lock()

PREPARE = (
    "from bronwijzer.cli import main; main(['migrate', '--verbosity', '0']); main(['loadmap', '--default']); "
    "from bronwijzer.lib.staticfiles import static_collect; static_collect()"
)


#: A folder that several processes of one test run share for the template (set by tests/conftest.py,
#: which pytest-xdist's workers inherit), so that the run prepares it once, not once per worker.
SHARED_TEMPLATE_ENV = "BRONWIJZER_TEST_TEMPLATE_DIR"


def _template_prepare(template: Path) -> None:
    subprocess.run(
        [sys.executable, "-c", PREPARE],
        env=server_env(template),
        check=True,
        capture_output=True,
        timeout=PREPARE_TIMEOUT,
    )


def _template_dir() -> Path:
    """The prepared template: in the run's shared folder when there is one, else in a temporary one."""
    with _template_lock:
        if "dir" not in _template:
            shared = os.environ.get(SHARED_TEMPLATE_ENV)
            if shared:
                template = Path(shared)
                template.mkdir(parents=True, exist_ok=True)
                with (template / ".lock").open("w") as lock:
                    fcntl.flock(lock, fcntl.LOCK_EX)  # another process may be preparing it: wait for that
                    if not (template / ".prepared").exists():
                        _template_prepare(template)
                        (template / ".prepared").touch()
            else:
                template = Path(tempfile.mkdtemp(prefix="bronwijzer-template-"))
                atexit.register(shutil.rmtree, template, ignore_errors=True)
                _template_prepare(template)
            _template["dir"] = template
        return _template["dir"]


def template_prepare_in_background(shared: Path, log_path: Path) -> subprocess.Popen:
    """Start preparing the run's shared template in ``shared`` in a process of its own.

    Started with the run (tests/conftest.py), so that the first test that needs a server finds
    the template ready, or being made, instead of making both workers wait while it makes it.
    The lock of :func:`_template_dir` keeps it to one preparation whoever comes first.
    """
    with log_path.open("wb") as log:
        return subprocess.Popen(
            [sys.executable, "-c", "from tests.support.liveserver import _template_dir; _template_dir()"],
            cwd=Path(__file__).resolve().parents[2],
            env={**os.environ, SHARED_TEMPLATE_ENV: str(shared)},
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a group of its own, for stop_process_group
            preexec_fn=die_with_parent(),
        )


def data_dir_prepare(data_dir: Path) -> None:
    """Give ``data_dir`` a migrated database with the default map, unless it has a database already.

    The first call of a run prepares a template (and collects the static files when they changed);
    every call copies its database file, so each test server starts on a fresh database of its own
    in seconds.
    """
    if (data_dir / DATABASE_FILE).exists():
        return
    template = _template_dir()
    for name in (DATABASE_FILE, f"{DATABASE_FILE}-wal"):  # and its write-ahead log, should one be left
        if (template / name).exists():
            shutil.copyfile(template / name, data_dir / name)


def manage(data_dir: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run ``bronwijzer ARGS`` against the database of the server in ``data_dir`` (checked)."""
    return subprocess.run(
        [sys.executable, "-m", "bronwijzer.cli", *args],
        input=stdin,
        env=server_env(data_dir),
        text=True,
        check=True,
        capture_output=True,
        timeout=120,
    )


@contextlib.contextmanager
def live_server(
    data_dir: Path, *, timeout: float = START_TIMEOUT, env: dict[str, str] | None = None
) -> Iterator[LiveServer]:
    """Start ``bronwijzer serve`` in its own process group, yield it once it answers and every
    worker has booted, stop it after.

    The first worker answers while gunicorn may still be forking the next one (on a busy machine,
    for a second or more): a test that counts or needs every worker would see one short.
    ``env`` adds to (or overrides) :func:`server_env`, e.g. ``{"LOG_LEVEL": "DEBUG"}``.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    data_dir_prepare(data_dir)
    port = free_port()
    base_url = f"http://{HOST}:{port}"
    log_path = data_dir / "server.log"
    command = [sys.executable, "-m", "bronwijzer.cli", "serve", "--host", HOST, "--port", str(port)]
    environment = {**server_env(data_dir), **(env or {})}
    what = f"`{' '.join(command)}`"
    with background(command, environment, log_path) as process:
        wait_until(lambda: http_answers(base_url + "/"), process, what, log_path, timeout=timeout)
        if environment.get("LOG_LEVEL", "INFO").upper() in ("DEBUG", "INFO"):  # gunicorn logs a boot at INFO
            workers = int(environment["BRONWIJZER_WORKERS"])
            wait_until(
                lambda: _read_log(log_path).count(BOOTED) >= workers,
                process,
                f"every worker of {what}",
                log_path,
                timeout=timeout,
            )
        yield LiveServer(base_url, log_path, process.pid)


#: Debian's Chromium, started without any background network traffic (never a downloaded browser).
CHROMIUM = Path("/usr/bin/chromium")
#: The features Playwright turns off (playwright-core's chromiumSwitches.ts, Playwright 1.65). Chromium
#: keeps only the last ``--disable-features`` switch, so ours must repeat them; a test
#: (tests/browser/test_chromium_switches.py) fails if a Playwright upgrade changes the list.
PLAYWRIGHT_DISABLED_FEATURES = (
    "AvoidUnnecessaryBeforeUnloadCheckSync",
    "DestroyProfileOnBrowserClose",
    "HttpsUpgrades",
    "HttpsFirstBalancedModeAutoEnable",
    "LensOverlay",
    "MediaRouter",
    "PaintHolding",
    "ThirdPartyStoragePartitioning",
    "AvoidCorsURLLoaderRestartOnRedirect",
    "TcpPortRandomizationWin",
    "OptimizationHints",
    "NetworkTimeServiceQuerying",
    "AimEnabled",
    "PreconnectToSearch",
    "msForceBrowserSignIn",
    "msEdgeUpdateLaunchServicesPreferredVersion",
)
#: Two ways Chromium spends CPU that change nothing a page or a person sees. RenderDocument gives
#: every navigation a new frame host, set up anew, even within one site; the spare renderer is a
#: renderer process started ahead for a next navigation, which a test's short-lived context rarely
#: makes, so most are started for nothing. Without them the browser tests took 100-104 s instead of
#: 142 s on two workers, and 182-189 CPU-seconds instead of 267 (README, "How long it takes").
CPU_ONLY_FEATURES = ("RenderDocument", "SpareRendererForSitePerProcess")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-gpu",
    "--disable-quic",
    "--disable-features=" + ",".join((*PLAYWRIGHT_DISABLED_FEATURES, *CPU_ONLY_FEATURES)),
]
