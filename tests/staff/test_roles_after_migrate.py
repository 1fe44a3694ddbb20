"""``migrate`` alone creates the three roles' groups with their permissions (a ``post_migrate``
handler), so a site started with plain gunicorn, or a fresh test database, has them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from bronwijzer.staff import roles

pytestmark = pytest.mark.django_db


def permissions_by_group() -> dict[str, set[tuple[str, str]]]:
    return {
        group.name: set(group.permissions.values_list("content_type__app_label", "codename"))
        for group in Group.objects.all()
    }


def test_a_freshly_migrated_database_has_the_three_groups_with_their_permissions():
    """The test database was made by ``migrate`` and nothing here created a group."""
    groups = permissions_by_group()
    assert set(groups) == {role.group for role in roles.ROLES.values()}
    editor, publisher = groups["Redacteur"], groups["Eindredacteur"]
    assert ("catalog", "change_resource") in editor
    assert ("catalog", "publish_resource") not in editor
    assert ("catalog", "publish_resource") in publisher
    assert ("search", "view_zeroresultquery") in publisher
    assert ("kit", "change_handouttranslation") in editor  # a permission of an app after catalog
    assert editor < publisher
    assert groups["Beheerder"] == set(Permission.objects.values_list("content_type__app_label", "codename"))


def test_migrate_puts_back_a_deleted_group_and_a_changed_permission():
    Group.objects.get(name="Beheerder").delete()
    publisher = Group.objects.get(name="Eindredacteur")
    publisher.permissions.remove(Permission.objects.get(codename="publish_resource"))
    publisher.permissions.add(Permission.objects.get(codename="delete_user"))

    call_command("migrate", verbosity=0, interactive=False)

    groups = permissions_by_group()
    assert set(groups) == {role.group for role in roles.ROLES.values()}
    assert ("catalog", "publish_resource") in groups["Eindredacteur"]
    assert ("auth", "delete_user") not in groups["Eindredacteur"]
