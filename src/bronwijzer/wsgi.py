"""WSGI entry point for gunicorn (``bronwijzer serve``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bronwijzer.settings")
application = get_wsgi_application()
