"""Recording visitor reports, with the guards that stand in for cookies and logins."""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from bronwijzer.catalog.models import Resource
from bronwijzer.lib.ipmask import client_ip
from bronwijzer.lib.ratelimit import rate_limit_take
from bronwijzer.reports.models import ProblemReport

#: Reports one visitor may send in a window, and reports the whole site takes in a window.
PER_CLIENT, PER_CLIENT_WINDOW = 5, 10 * 60
SITE_WIDE, SITE_WIDE_WINDOW = 100, 60 * 60
MAX_BODY_BYTES = 8 * 1024


@dataclass(frozen=True)
class Refusal:
    status: int
    reason: str  # a slug, for tests and logs
    message: str  # for the visitor


def same_origin(request: HttpRequest) -> bool:
    """The form was posted from this site: Sec-Fetch-Site says so, or else the Origin header matches.

    Without a cookie there is no CSRF token; browsers send one of these headers with every
    form post, and a page on another site cannot forge them.
    """
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    origin = request.headers.get("Origin")
    if not origin or origin == "null":
        return False
    parts = urlsplit(origin)
    allowed = {request.get_host()}
    if settings.PUBLIC_URL:
        allowed.add(urlsplit(settings.PUBLIC_URL).netloc)
    return parts.scheme in ("http", "https") and parts.netloc in allowed


def _client_key(request: HttpRequest) -> str:
    """A key for the rate limit that is not the address: a keyed hash that changes every day,
    held only in the shared cache for the length of the window. The address is the client's
    (behind a trusted proxy: from X-Forwarded-For; bronwijzer.lib.ipmask.client_ip)."""
    address = client_ip(request) or ""
    day = time.strftime("%Y-%m-%d")
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{day}|{address}".encode(), hashlib.sha256)
    return "report:" + digest.hexdigest()[:32]


def rate_limited(request: HttpRequest) -> bool:
    """Over the limit for this client or for the whole site (counted in the shared cache)."""
    return not rate_limit_take(_client_key(request), PER_CLIENT, PER_CLIENT_WINDOW) or not rate_limit_take(
        "report:site", SITE_WIDE, SITE_WIDE_WINDOW
    )


@transaction.atomic
def problem_report_create(resource: Resource, kinds: list[str], remark: str) -> ProblemReport:
    return ProblemReport.objects.create(
        resource=resource, resource_slug=resource.slug, kinds=kinds, remark=remark
    )


@transaction.atomic
def problem_reports_handle(reports, note: str = "") -> int:
    """Mark reports as handled (the queue shows open ones first)."""
    return reports.filter(handled_at__isnull=True).update(handled_at=timezone.now(), editor_note=note)
