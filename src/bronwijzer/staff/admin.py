"""Accounts, login blocks and two-factor login in the back office, in Dutch.

Django's own admin for users and groups, django-axes' and django-otp's register themselves
when their admin module is imported. This module imports them first, then replaces what it
must: the same admins with the control-character check on every text field
(``catalog.admin_input``), Dutch column names where the app has none, and only the models an
administrator needs (axes' access logs stay empty here: ``AXES_DISABLE_ACCESS_LOG``).
"""

from __future__ import annotations

from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import admin as auth_admin
from django.contrib.auth.models import Group, Permission, User
from django_otp.plugins.otp_totp import admin as _totp_admin  # noqa: F401 (registers; replaced below)
from django_otp.plugins.otp_totp.models import TOTPDevice

from bronwijzer.catalog.admin_input import PlainTextAdmin
from bronwijzer.staff.models import FailedLogin, TwoFactorDevice

for model in (User, Group, AccessAttempt, AccessLog, AccessFailureLog, TOTPDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


#: How the built-in permissions read ("Can add resource" is stored in English by Django).
_ACTIONS = {"add": "toevoegen", "change": "wijzigen", "delete": "verwijderen", "view": "bekijken"}
#: Apps and models of other packages without a Dutch name of their own, as the permission lists name
#: them. The back office shows these models through the Dutch proxies of ``staff.models``, which
#: have permissions of their own; a group form still lists the originals'.
_APP_NAMES = {"axes": "Inlogbeveiliging", "otp_totp": "Tweestapsverificatie"}
_MODEL_NAMES: dict[tuple[str, str | None], str] = {("otp_totp", "totpdevice"): "apparaat voor inlogcodes"}


def permission_label(permission: Permission) -> str:
    """ "Kaart en bronnen | bron | wijzigen": app, model and action in Dutch (a custom one by its name)."""
    model = permission.content_type.model_class()
    if model is None:
        return permission.name
    action, _, _rest = permission.codename.partition("_")
    meta = model._meta
    app = _APP_NAMES.get(meta.app_label) or apps.get_app_config(meta.app_label).verbose_name
    name = _MODEL_NAMES.get((meta.app_label, meta.model_name)) or meta.verbose_name
    what = _ACTIONS.get(action) if permission.codename == f"{action}_{meta.model_name}" else None
    return f"{app} | {name} | {what or permission.name}"


class PermissionsInDutch:
    """The permission lists of the user and group forms, labelled in Dutch."""

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        # a mixin: ModelAdmin follows it in every admin that uses it
        field = super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]
        if db_field.name in ("permissions", "user_permissions"):
            field.label_from_instance = permission_label
        return field


@admin.register(User)
class UserAdmin(PermissionsInDutch, PlainTextAdmin, auth_admin.UserAdmin):
    pass


@admin.register(Group)
class GroupAdmin(PermissionsInDutch, PlainTextAdmin, auth_admin.GroupAdmin):
    pass


@admin.register(FailedLogin)
class FailedLoginAdmin(axes_admin.AccessAttemptAdmin):
    """Who is blocked after too many wrong passwords; delete an entry to lift the block."""

    list_display = ["attempt_time", "username", "ip_address", "failures_since_start", "status"]
    list_filter = ["attempt_time", axes_admin.IsLockedOutFilter]
    actions = ["cleanup_expired_attempts"]

    @admin.display(description="stand")
    def status(self, obj: FailedLogin) -> str:
        left = settings.AXES_FAILURE_LIMIT - obj.failures_since_start
        return f"nog {left} poging(en)" if left > 0 else "geblokkeerd"

    @admin.display(description="verlopen op")
    def expiration(self, obj: FailedLogin):
        return obj.expiration.expires_at if hasattr(obj, "expiration") else "-"

    @admin.action(description="Verlopen blokkades opruimen", permissions=["delete"])
    def cleanup_expired_attempts(self, request, queryset):
        count = self.handler.clean_expired_user_attempts(request=request)
        self.message_user(request, f"{count} verlopen inlogpoging(en) opgeruimd.", messages.SUCCESS)


@admin.register(TwoFactorDevice)
class TwoFactorDeviceAdmin(PlainTextAdmin, admin.ModelAdmin):
    """Who set up two-factor login. Set up at /redactie/tweestaps/; delete one when a phone is lost."""

    list_display = ["user_shown", "name_shown", "confirmed_shown", "created_shown", "last_used_shown"]
    list_select_related = ["user"]
    search_fields = ["user__username", "name"]
    fields = ["user_shown", "name_shown", "confirmed_shown", "created_shown", "last_used_shown"]
    readonly_fields = fields  # type: ignore[assignment]  # names only: the stubs widen fields to fieldsets

    def has_add_permission(self, request):
        return False  # each staff member sets it up themselves (the secret never shows here)

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="account", ordering="user__username")
    def user_shown(self, device) -> str:
        return device.user.get_username()

    @admin.display(description="naam", ordering="name")
    def name_shown(self, device) -> str:
        return device.name

    @admin.display(description="in gebruik", boolean=True, ordering="confirmed")
    def confirmed_shown(self, device) -> bool:
        return device.confirmed

    @admin.display(description="ingesteld op", ordering="created_at")
    def created_shown(self, device):
        return device.created_at

    @admin.display(description="laatst gebruikt", ordering="last_used_at")
    def last_used_shown(self, device):
        return device.last_used_at
