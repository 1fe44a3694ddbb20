"""The back office's login: password, and a TOTP code for whoever set up two-factor login.

Two-factor login is optional per staff member (``/redactie/tweestaps/``). Once set up,
every login needs the code as well. A wrong code counts as a failed login for the
throttling (django-axes), exactly like a wrong password.
"""

from __future__ import annotations

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django_otp.plugins.otp_totp.models import TOTPDevice

TOKEN_WIDGET = forms.TextInput(
    attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9 ]*", "size": 8}
)


def totp_device(user, *, confirmed: bool = True) -> TOTPDevice | None:
    if user is None or user.pk is None:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("pk").first()


def token_cleaned(text: str | None) -> str:
    return "".join((text or "").split())


def totp_verify(device: TOTPDevice, token: str) -> str | None:
    """None when ``token`` is a valid, unused code of ``device``; otherwise the reason, in Dutch."""
    allowed, _extra = device.verify_is_allowed()
    if not allowed:
        return "Te veel verkeerde codes achter elkaar. Wacht even en probeer het opnieuw."
    if not token.isdigit() or not device.verify_token(token):
        return "Deze code klopt niet (of is al gebruikt). Neem de code die de app nu toont."
    return None


class StaffLoginForm(AdminAuthenticationForm):
    otp_token = forms.CharField(
        label="Code uit je authenticator-app",
        required=False,
        max_length=12,
        widget=TOKEN_WIDGET,
        help_text="Alleen nodig als je tweestapsverificatie hebt aangezet.",
    )

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        device = totp_device(user)
        if device is None:
            return cleaned
        token = token_cleaned(cleaned.get("otp_token"))
        problem = "Vul ook de code uit je authenticator-app in." if not token else totp_verify(device, token)
        if problem:
            self.user_cache = None
            # counted by django-axes as a failed login, like a wrong password
            user_login_failed.send(
                sender=type(self),
                credentials={"username": cleaned.get("username")},
                request=self.request,
            )
            raise forms.ValidationError(problem, code="otp_invalid")
        # django-otp (untyped) marks the session as verified at login
        user.otp_device = device  # type: ignore[attr-defined]
        return cleaned


class TokenForm(forms.Form):
    token = forms.CharField(label="Code uit de app", max_length=12, widget=TOKEN_WIDGET)
