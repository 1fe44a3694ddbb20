"""Staff login: throttling (django-axes) on masked addresses, optional TOTP, short sessions."""

from __future__ import annotations

import ipaddress
import time

import pytest
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from bronwijzer.staff import roles

pytestmark = pytest.mark.django_db

PASSWORD = "een-lang-wachtwoord-voor-tests"
LOGIN = "/redactie/login/"


@pytest.fixture
def eva(db):
    return roles.staff_assign("eva", "editor", password=PASSWORD)


def code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def log_in(client: Client, password: str = PASSWORD, token: str = "", address: str = "203.0.113.77"):
    data = {"username": "eva", "password": password, "otp_token": token, "next": "/redactie/"}
    return client.post(LOGIN, data, REMOTE_ADDR=address)


def test_a_staff_member_without_two_factor_logs_in_with_a_password(eva):
    client = Client()
    response = log_in(client)
    assert response.status_code == 302 and response["Location"] == "/redactie/"
    assert client.get("/redactie/").status_code == 200
    assert not AccessLog.objects.exists(), "no log of successful logins is kept"


def test_repeated_failures_lock_the_account_out_and_only_a_masked_address_is_stored(eva):
    client = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, password="fout-wachtwoord-123").status_code == 200
    assert log_in(client, password="fout-wachtwoord-123").status_code == 429
    response = log_in(client)  # even the right password is refused now
    assert response.status_code == 429
    assert "Tijdelijk geblokkeerd" in response.content.decode()
    assert f"Inloggen kan weer over {settings.LOGIN_LOCKOUT_MINUTES} minuten." in response.content.decode()
    attempt = AccessAttempt.objects.get()
    assert attempt.ip_address == "203.0.113.0"
    assert "203.0.113.77" not in str(list(AccessAttempt.objects.values()))
    # another network is not locked out by this one's failures
    assert log_in(Client(), address="198.51.100.5").status_code == 302


def wrong_try(client: Client, peer: str, forwarded: str | None = None):
    headers = {"REMOTE_ADDR": peer} | ({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {})
    return client.post(LOGIN, {"username": "eva", "password": "fout", "next": "/redactie/"}, **headers)


def test_without_a_trusted_proxy_a_made_up_forwarded_address_does_not_escape_the_lockout(eva, settings):
    """The attack from issue 14: a different X-Forwarded-For with every try, then the right password."""
    settings.TRUSTED_PROXIES = ()
    client = Client()
    for attempt in range(30):  # from this machine: trusted before issue 14, whatever it forwarded
        wrong_try(client, "127.0.0.1", f"198.51.{attempt}.1")
    assert log_in(client, address="127.0.0.1").status_code == 429
    assert AccessAttempt.objects.get().ip_address == "127.0.0.0"


def test_behind_a_trusted_proxy_the_forwarded_client_is_throttled_not_the_proxy(eva, settings):
    settings.TRUSTED_PROXIES = (ipaddress.ip_network("127.0.0.1"),)
    client = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        wrong_try(client, "127.0.0.1", "10.9.8.7, 192.0.2.44")
    assert AccessAttempt.objects.get().ip_address == "192.0.2.0"
    # the same client, whatever it writes left of the proxy's entry, stays locked out ...
    response = Client().post(
        LOGIN,
        {"username": "eva", "password": PASSWORD, "otp_token": "", "next": "/redactie/"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.9, 192.0.2.44",
    )
    assert response.status_code == 429
    # ... and another visitor behind the same proxy is not locked out by its failures
    response = Client().post(
        LOGIN,
        {"username": "eva", "password": PASSWORD, "otp_token": "", "next": "/redactie/"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.9",
    )
    assert response.status_code == 302


def test_two_factor_once_set_up_is_needed_at_every_login(eva):
    device = TOTPDevice.objects.create(user=eva, name="app", confirmed=True)
    response = log_in(Client())
    assert response.status_code == 200
    assert "Vul ook de code" in response.content.decode()
    response = log_in(Client(), token="000000" if code(device) != "000000" else "111111")
    assert response.status_code == 200 and "klopt niet" in response.content.decode()
    assert AccessAttempt.objects.get().failures_since_start == 2, "a wrong code counts as a failed login"

    device.refresh_from_db()
    device.throttle_reset()  # the device itself makes one wait a little longer after each wrong code
    client = Client()
    assert log_in(client, token=code(device)).status_code == 302
    assert client.get("/redactie/").status_code == 200
    assert client.session.get("otp_device_id") == device.persistent_id


def test_setting_up_and_switching_off_two_factor_from_the_back_office(eva):
    client = Client()
    client.force_login(eva)
    page = client.get(reverse("staff_two_factor"))
    html = page.content.decode()
    assert page.status_code == 200 and "staat <strong>uit</strong>" in html
    assert "<svg" in html and "Sleutel:" in html
    pending = TOTPDevice.objects.get(user=eva, confirmed=False)
    assert client.post(reverse("staff_two_factor"), {"token": "12"}).status_code == 200
    assert not TOTPDevice.objects.filter(user=eva, confirmed=True).exists()
    pending.refresh_from_db()
    pending.throttle_reset()  # one waits a moment after a wrong code

    assert client.post(reverse("staff_two_factor"), {"token": code(pending)}).status_code == 302
    assert TOTPDevice.objects.get(user=eva).confirmed
    assert "staat <strong>aan</strong>" in client.get(reverse("staff_two_factor")).content.decode()
    assert client.post(reverse("staff_two_factor"), {"token": code(pending, 1)}).status_code == 302
    assert not TOTPDevice.objects.filter(user=eva).exists()


def test_the_two_factor_page_is_for_logged_in_staff_only(db):
    response = Client().get(reverse("staff_two_factor"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_staff_sessions_are_short_and_end_with_the_browser(eva):
    client = Client()
    log_in(client)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["max-age"] and not cookie["expires"], "a browser-session cookie"
    assert settings.SESSION_COOKIE_AGE == settings.STAFF_SESSION_MINUTES * 60 <= 24 * 3600
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


def test_weak_passwords_are_refused(eva):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ("kort", "123456789012345", "password1234"):
        with pytest.raises(ValidationError):
            validate_password(weak, user=eva)


def test_the_staff_pages_need_nothing_inline_that_the_policy_would_block(eva, default_map):
    from bronwijzer.catalog.models import Resource

    client = Client()
    client.force_login(roles.staff_assign("piet", "publisher", password=PASSWORD))
    resource = Resource.objects.first()
    pages = [
        reverse("staff_two_factor"),
        f"{reverse('admin:catalog_resource_review')}?ids={resource.pk}",
        reverse("admin:catalog_revision_changelist"),
        LOGIN,
    ]
    for path in pages:
        response = client.get(path) if path != LOGIN else Client().get(path)
        html = response.content.decode()
        assert response.status_code == 200, path
        assert "script-src 'self'" in response["Content-Security-Policy"]
        assert ' style="' not in html and "<script>" not in html and " onclick=" not in html, path


@pytest.mark.parametrize(
    ("minutes", "shown"),
    [(15, "15 minuten"), (1, "1 minuut"), (60, "1 uur"), (90, "1 uur en 30 minuten"), (None, "een kwartier")],
)
def test_the_lockout_length_reads_as_dutch(minutes, shown):
    import datetime

    from bronwijzer.staff.templatetags.staff import duration_nl

    assert duration_nl(datetime.timedelta(minutes=minutes) if minutes else None) == shown


@pytest.mark.parametrize(
    "next_page",
    [
        "https://evil.example/redactie/",
        "//evil.example/",
        "///evil.example/",
        "javascript:alert(1)",
        "/redactie/bestaat-niet/",
        "/bestaat-niet/",
        "",
    ],
)
def test_after_login_an_unsafe_or_missing_next_page_lands_on_the_start_page(eva, next_page):
    client = Client()
    data = {"username": "eva", "password": PASSWORD, "otp_token": "", "next": next_page}
    response = client.post(LOGIN, data, REMOTE_ADDR="203.0.113.77")
    assert response.status_code == 302
    assert response["Location"] == "/redactie/"
    assert client.get(response["Location"]).status_code == 200


def test_after_login_a_next_page_of_the_back_office_is_kept(eva):
    client = Client()
    page = reverse("admin:catalog_resource_changelist")
    data = {"username": "eva", "password": PASSWORD, "otp_token": "", "next": page}
    response = client.post(LOGIN + "?next=" + page, data, REMOTE_ADDR="203.0.113.77")
    assert response.status_code == 302 and response["Location"] == page
    assert client.get(page).status_code == 200
