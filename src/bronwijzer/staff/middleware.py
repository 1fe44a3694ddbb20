"""The back office speaks Dutch, whatever language the browser asks for.

Django's LocaleMiddleware picks a language per request from the URL prefix (/en/), the
language cookie or the browser's Accept-Language header. That is right for the public site,
which has an English version. The back office (``/redactie/``, outside ``i18n_patterns``) is
written for Dutch editors: its own texts are Dutch, and a browser set to English would
otherwise get Django's English admin around them, half one language and half the other.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

BACK_OFFICE_LANGUAGE = "nl"


class BackOfficeLanguageMiddleware:
    """After LocaleMiddleware: every request under the admin's address is handled in Dutch."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._prefix: str | None = None

    def __call__(self, request):
        if self._prefix is None:  # the URLconf is ready once requests arrive
            self._prefix = reverse("admin:index")
        if request.path_info.startswith(self._prefix):
            translation.activate(BACK_OFFICE_LANGUAGE)
            request.LANGUAGE_CODE = BACK_OFFICE_LANGUAGE
        return self.get_response(request)
