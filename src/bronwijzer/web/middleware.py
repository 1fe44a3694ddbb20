"""Response headers that keep every page private and isolated, beside the CSP (django-csp).

- ``Permissions-Policy``: no camera, microphone, location, payment, USB, ... for anyone;
  Bronwijzer uses none of them, and no third party runs on its pages.
- ``Cross-Origin-Opener-Policy: same-origin``: a page opened from Bronwijzer, or that opened
  it, gets no handle on its window.
- ``Cross-Origin-Resource-Policy``: pages and files are for this site only, except the open
  API (CORS) and the embeddable view, which are meant for other sites.
- ``Referrer-Policy: same-origin`` in the back office instead of ``no-referrer``: under
  ``no-referrer`` browsers send ``Origin: null`` with every form post, which Django's CSRF
  protection rightly refuses, so no editor could log in. ``same-origin`` still tells other
  sites nothing.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bronwijzer.lib.paths import SHARED_PREFIXES, STAFF_PREFIX
from bronwijzer.lib.pdf import PdfBusy

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "sync-xhr",
        "usb",
        "xr-spatial-tracking",
    )
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        shared = request.path_info.startswith(SHARED_PREFIXES)
        response.setdefault("Cross-Origin-Resource-Policy", "cross-origin" if shared else "same-origin")
        if not shared:
            response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if request.path_info.startswith(STAFF_PREFIX):
            response["Referrer-Policy"] = "same-origin"
        return response


class BusyMiddleware:
    """Heavy work that found every slot busy (:class:`~bronwijzer.lib.pdf.PdfBusy`): a 503 page
    with ``Retry-After``, for the PDF downloads of the map and of the Gesprekskit alike."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, PdfBusy):
            return None
        response = render(request, "web/busy.html", {"retry_after": exception.retry_after}, status=503)
        response["Retry-After"] = str(exception.retry_after)
        response["Cache-Control"] = "no-store"
        return response
