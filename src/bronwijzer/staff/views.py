"""The back office's login (Django's, with a safe landing page), and setting up and switching off
two-factor login (TOTP) for one's own staff account."""

from __future__ import annotations

import base64
from urllib.parse import urlsplit

from django.contrib import admin, messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import Resolver404, resolve, reverse
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from bronwijzer.lib.httpcache import private_page
from bronwijzer.lib.qr import qr_svg
from bronwijzer.staff.forms import TokenForm, token_cleaned, totp_device, totp_verify


def _is_a_page(location: str) -> bool:
    """True when ``location`` (a redirect after login) is a page of this site that exists, as far
    as the URL patterns can tell: not a path no pattern matches, nor the admin's catch-all (a 404)."""
    parts = urlsplit(location)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return False
    return getattr(match.func, "__wrapped__", None) != admin.site.catch_all_view


@private_page
def staff_login(request: HttpRequest) -> HttpResponse:
    """Django's admin login. Django already refuses a ``next`` page on another site (or a
    ``javascript:`` one) and then goes to ``LOGIN_REDIRECT_URL`` (the start page); a ``next``
    page that does not exist here gives way to the start page too, instead of a 404."""
    response = admin.site.login(request)
    if request.method == "POST" and response.status_code == 302 and not _is_a_page(response["Location"]):
        return HttpResponseRedirect(reverse("admin:index"))
    return response


def _key_shown(device: TOTPDevice) -> str:
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@private_page
def two_factor(request):
    """GET: the state, and a QR code to set it up; POST: confirm with a code, or switch off with one."""
    user = request.user
    confirmed = totp_device(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = token_cleaned(form.cleaned_data["token"])
        with transaction.atomic():
            device = confirmed or totp_device(user, confirmed=False)
            problem = (
                "Begin opnieuw: er is nog niets ingesteld." if device is None else totp_verify(device, token)
            )
            if problem:
                form.add_error("token", problem)
            elif confirmed is None and device is not None:
                device.confirmed = True
                device.save()
                otp_login(request, device)
                messages.success(
                    request, "Tweestapsverificatie staat aan. Bij elke login vragen we nu de code."
                )
                return HttpResponseRedirect(reverse("admin:index"))
            else:
                TOTPDevice.objects.filter(user=user).delete()
                messages.success(request, "Tweestapsverificatie staat uit.")
                return HttpResponseRedirect(reverse("admin:index"))
    pending = None
    if confirmed is None:
        pending = totp_device(user, confirmed=False) or TOTPDevice.objects.create(
            user=user, name="authenticator-app", confirmed=False
        )
    context = {
        **admin.site.each_context(request),
        "title": "Tweestapsverificatie",
        "enabled": confirmed is not None,
        "form": form,
        # the URL holds the device's secret: drawn for this request only, never kept in memory
        "qr": qr_svg(pending.config_url, label="QR-code om de app in te stellen", remember=False)
        if pending
        else None,
        "key": _key_shown(pending) if pending else "",
    }
    return TemplateResponse(request, "staff/two_factor.html", context)
