"""The three staff roles, as Django groups with exactly the permissions each role needs.

- **Redacteur** (editor): reads everything in the back office, writes drafts,
  proposes changes to published resources and proposes new organisations
  (``catalog.proposals``); never changes what is live.
- **Eindredacteur** (publisher): also publishes, declines proposals, takes resources
  offline, takes over redirects, and edits the parts of the map that go live at once
  (sections, organisations, glossary, help lines, the map itself), approves proposed
  organisations, handles the visitor reports and sees the searches that found nothing.
- **Beheerder** (administrator): every permission, staff accounts and login lockouts included.

:func:`roles_sync` creates or corrects the groups. ``migrate`` runs it (:func:`roles_after_migrate`,
a ``post_migrate`` handler, so ``bronwijzer serve``, a plain ``migrate`` before gunicorn and a fresh
test database all get them), and so does ``bronwijzer staff``: the groups always match this file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import AppConfig, apps
from django.contrib.auth import get_user_model
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import DEFAULT_DB_ALIAS, router, transaction
from django.db.models import Model

#: Apps whose models are the map's content and its editorial tools.
_CONTENT_APPS = ("catalog", "linkcheck", "reports")
_LIVE_MODELS = ("map", "section", "organisation", "glossaryterm", "helpline")


@dataclass(frozen=True)
class Role:
    slug: str
    group: str
    description: str


ROLES = {
    "editor": Role("editor", "Redacteur", "schrijft concepten en stelt wijzigingen voor"),
    "publisher": Role("publisher", "Eindredacteur", "bekijkt de verschillen en publiceert"),
    "administrator": Role("administrator", "Beheerder", "alle rechten, ook accounts en blokkades"),
}


def _codenames_editor() -> set[tuple[str, str]]:
    wanted = {(app, f"view_{model._meta.model_name}") for app in _CONTENT_APPS for model in _models(app)}
    wanted |= {("catalog", "add_resource"), ("catalog", "change_resource")}
    # The handout's translations: review state and uploaded catalogue (the kit app's own model).
    wanted |= {("kit", f"{action}_handouttranslation") for action in ("view", "add", "change")}
    wanted |= {("catalog", "add_organisationproposal"), ("catalog", "change_organisationproposal")}
    return wanted


def _codenames_publisher() -> set[tuple[str, str]]:
    wanted = _codenames_editor() | {("catalog", "publish_resource"), ("catalog", "delete_resource")}
    for model in _LIVE_MODELS:
        wanted |= {("catalog", f"{action}_{model}") for action in ("add", "change", "delete")}
    wanted |= {("reports", f"{action}_problemreport") for action in ("change", "delete")}
    wanted |= {("catalog", "delete_organisationproposal"), ("search", "view_zeroresultquery")}
    return wanted


def _models(app_label: str) -> Iterable[type[Model]]:
    return apps.get_app_config(app_label).get_models()


def _permissions(pairs: set[tuple[str, str]]) -> list[Permission]:
    found = Permission.objects.filter(content_type__app_label__in={app for app, _ in pairs})
    return [
        p for p in found.select_related("content_type") if (p.content_type.app_label, p.codename) in pairs
    ]


@transaction.atomic
def roles_sync() -> dict[str, Group]:
    """Create the three groups, or set their permissions back to exactly what their role holds."""
    groups = {}  # the permissions themselves exist once `migrate` has run (its post_migrate step)
    wanted = {
        "editor": _permissions(_codenames_editor()),
        "publisher": _permissions(_codenames_publisher()),
        "administrator": list(Permission.objects.all()),
    }
    for slug, role in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role.group)
        group.permissions.set(wanted[slug])
        groups[slug] = group
    return groups


def roles_after_migrate(app_config: AppConfig, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """``post_migrate``: set the roles once every app's permissions exist.

    Django sends ``post_migrate`` once per app with models, in ``INSTALLED_APPS`` order, and creates
    each app's permissions at that app's turn (``django.contrib.auth``'s own handler); the roles hold
    permissions of several apps, so they are set at the last app's turn, after creating that app's
    permissions here (auth's handler for it may run after this one: it does nothing twice).
    """
    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if app_config is not last or using != DEFAULT_DB_ALIAS or not router.allow_migrate_model(using, Group):
        return
    create_permissions(app_config, verbosity=0, using=using, apps=kwargs.get("apps", apps))
    roles_sync()


@transaction.atomic
def staff_assign(username: str, role: str, *, email: str = "", password: str | None = None) -> Any:
    """Create or update a staff account with exactly one role; returns the user."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    groups = roles_sync()
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(username=username, defaults={"email": email})
    if created and password is None:
        raise ValueError(f"{username}: a new account needs a password")
    if email:
        user.email = email
    if password is not None:
        user.set_password(password)
    user.is_staff = True
    user.is_superuser = False
    user.save()
    user.groups.remove(*[g for s, g in groups.items() if s != role])
    user.groups.add(groups[role])
    return user


def role_of(user: Any) -> str | None:
    names = set(user.groups.values_list("name", flat=True))
    for slug in ("administrator", "publisher", "editor"):
        if ROLES[slug].group in names:
            return slug
    return None
