"""The public JSON API, version 1 (django-ninja), mounted at ``/api/v1/``. See docs/api.md."""
