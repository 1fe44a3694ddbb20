"""bronwijzer serve [--host 127.0.0.1] [--port 8000]: prepare the database and run gunicorn."""

from __future__ import annotations

import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from bronwijzer.catalog import roles, services
from bronwijzer.catalog.models import Map
from bronwijzer.lib.staticfiles import static_collect

# The access log holds time, method, route, status, size and duration: no client address, no query
# string, nothing a visitor typed or chose (bronwijzer.lib.accesslog; docs/operations.md#what-the-logs-hold).
ACCESS_LOG_FORMAT = '%(t)s "%(r)s" %(s)s %(b)s %(M)sms'


class Command(BaseCommand):
    help = "Migrate, load the default map when the database is empty, and serve with gunicorn."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=settings.WEB_WORKERS)
        parser.add_argument("--threads", type=int, default=settings.WEB_THREADS)

    def handle(self, *args, host="127.0.0.1", port=8000, workers=2, threads=32, **options):
        call_command("migrate", interactive=False, verbosity=0)
        static_collect()  # only when the static sources changed since the last start
        roles.roles_sync()
        if not Map.objects.exists():
            report = services.map_load_default()
            self.stdout.write(f"Loaded the default map: {report.summary()}")
        self.stdout.write(f"Serving Bronwijzer on http://{host}:{port}/ (Ctrl-C stops)")
        sys.stdout.flush()
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "bronwijzer.wsgi:application",
            "--bind",
            f"{host}:{port}",
            "--workers",
            str(workers),
            # Threads, so that slow clients hold a thread each and not a whole worker; each request
            # must arrive within BRONWIJZER_REQUEST_TIMEOUT (bronwijzer.lib.gunicornworker).
            "--worker-class",
            "bronwijzer.lib.gunicornworker.ThreadWorker",
            "--threads",
            str(threads),
            "--keep-alive",
            "5",
            "--access-logfile",
            "-",
            "--access-logformat",
            ACCESS_LOG_FORMAT,
            "--logger-class",
            "bronwijzer.lib.accesslog.PrivateAccessLogger",
            "--log-level",
            settings.LOG_LEVEL.lower(),
            "--forwarded-allow-ips",
            "127.0.0.1",
        ]
        os.execv(sys.executable, argv)
