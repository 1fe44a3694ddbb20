"""Third-party models shown in the back office under a Dutch name.

django-otp names its model "TOTP device" in plain English, and django-axes writes a failed
login as "Attempted Access: <time>", neither through gettext, so no catalogue can translate
them. A proxy model is Django's own way to give the same table another name, text and admin.
It adds no table and no column.
"""

from __future__ import annotations

from axes.models import AccessAttempt
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice


class TwoFactorDevice(TOTPDevice):
    class Meta:
        proxy = True
        verbose_name = "tweestapsverificatie"
        verbose_name_plural = "tweestapsverificaties"


class FailedLogin(AccessAttempt):
    """Wrong passwords for one user name from one network; too many block the login for a while."""

    class Meta:
        proxy = True
        verbose_name = "mislukte inlogpoging"
        verbose_name_plural = "mislukte inlogpogingen"

    def __str__(self) -> str:
        moment = timezone.localtime(self.attempt_time).strftime("%d-%m-%Y %H:%M")
        return f"{self.username} ({moment})"
