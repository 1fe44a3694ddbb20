"""bronwijzer serve [--host 127.0.0.1] [--port 8000]: prepare the database and run gunicorn."""

from __future__ import annotations

import gc
import io
import sys
import threading
from typing import Any
from wsgiref.util import setup_testing_defaults

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.core.wsgi import get_wsgi_application
from django.db import connections
from gunicorn.app.base import BaseApplication

from bronwijzer.catalog import services
from bronwijzer.catalog.models import Map
from bronwijzer.lib.staticfiles import static_collect

# The access log holds time, method, route, status, size and duration: no client address, no query
# string, nothing a visitor typed or chose (bronwijzer.lib.accesslog; docs/operations.md#what-the-logs-hold).
ACCESS_LOG_FORMAT = '%(t)s "%(r)s" %(s)s %(b)s %(M)sms'


def app_warm(application: WSGIHandler) -> int:
    """Render the map once, in this process: the workers forked from it start with the code
    imported, the templates compiled and the search index built (each worker then keeps it
    current: its watcher thread loads the index of a new content version, which one child
    process builds for the whole site, ``search.indexbuild``).
    Returns the status.

    It runs in a thread of its own whose database connections (Django's, and the page cache's
    read connection, both per thread) are closed when it ends: no connection is open when the
    workers are forked."""
    status: list[str] = []
    thread = threading.Thread(target=_map_render, args=(application, status), name="bronwijzer-warm")
    thread.start()
    thread.join()
    return int(status[0].split()[0]) if status else 0


def _map_render(application: WSGIHandler, status: list[str]) -> None:
    host = next((h.lstrip(".") for h in settings.ALLOWED_HOSTS if h not in ("*", ".")), "localhost")
    environ: dict[str, Any] = {
        "HTTP_HOST": host,
        "PATH_INFO": "/",
        "wsgi.url_scheme": "https" if settings.PRODUCTION else "http",
    }
    setup_testing_defaults(environ)
    environ["wsgi.errors"] = io.StringIO()
    try:
        # only the status is kept: nothing is written through start_response's write() callable
        response = application(environ, lambda code, headers, exc_info=None: status.append(code))  # type: ignore[arg-type]
        try:
            for _chunk in response:
                pass
        finally:
            if hasattr(response, "close"):
                response.close()
    finally:
        connections.close_all()


def gunicorn_options(host: str, port: int, workers: int, threads: int) -> dict:
    """gunicorn's settings for ``serve`` (``GUNICORN_CMD_ARGS`` may override any of them)."""
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        # Threads, so that slow clients hold a thread each and not a whole worker; each request
        # must arrive within BRONWIJZER_REQUEST_TIMEOUT (bronwijzer.lib.gunicornworker).
        "worker_class": "bronwijzer.lib.gunicornworker.ThreadWorker",
        "threads": threads,
        "keepalive": 5,
        "preload_app": True,
        "accesslog": "-",
        "access_log_format": ACCESS_LOG_FORMAT,
        "logger_class": "bronwijzer.lib.accesslog.PrivateAccessLogger",
        "loglevel": settings.LOG_LEVEL.lower(),
        # gunicorn believes X-Forwarded-Proto (the request's scheme: https) only from the
        # proxies Bronwijzer trusts for X-Forwarded-For too; none by default.
        "forwarded_allow_ips": ",".join(str(network) for network in settings.TRUSTED_PROXIES),
        # No control socket: its default ($HOME/.gunicorn/gunicorn.ctl) is one for every
        # gunicorn of the user, and nothing here uses it.
        "control_socket_disable": True,
        # The master's last step (gunicorn's on_exit hook): what it loaded for the workers is
        # frozen, so that Python's ending does not walk it all once more (about a second).
        "on_exit": _freeze,
    }


def _freeze(_arbiter: object) -> None:
    gc.freeze()


class Gunicorn(BaseApplication):
    """gunicorn run from this process (its documented "custom application"), the application
    loaded before the workers are forked (``preload_app``): a restart skips a second Python
    start and every worker's import of Django."""

    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)
        # GUNICORN_CMD_ARGS still overrides, as with the gunicorn command (bench/load.py uses it).
        parsed = self.cfg.parser().parse_args(self.cfg.get_cmd_args_from_env())
        for key, value in vars(parsed).items():
            if value is not None and key != "args":
                self.cfg.set(key.lower(), value)

    def load(self) -> WSGIHandler:
        application = get_wsgi_application()
        app_warm(application)
        return application


class Command(BaseCommand):
    help = "Migrate, load the default map when the database is empty, and serve with gunicorn."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=settings.WEB_WORKERS)
        parser.add_argument("--threads", type=int, default=settings.WEB_THREADS)

    def handle(
        self,
        *args: Any,
        host: str = "127.0.0.1",
        port: int = 8000,
        workers: int = 2,
        threads: int = 32,
        **options: Any,
    ) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        static_collect()  # only when the static sources changed since the last start
        if not Map.objects.exists():
            report = services.map_load_default()
            self.stdout.write(f"Loaded the default map: {report.summary()}")
        connections.close_all()
        self.stdout.write(f"Serving Bronwijzer on http://{host}:{port}/ (Ctrl-C stops)")
        sys.stdout.flush()
        Gunicorn(gunicorn_options(host, port, workers, threads)).run()
