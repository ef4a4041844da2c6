"""Roles are groups created by a data migration, each with exactly the permissions it needs."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from newsroom.accounts.roles import ROLE_PERMISSIONS, sync_roles

pytestmark = pytest.mark.django_db


def permission_names(group: Group) -> set[str]:
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def test_every_role_group_exists_with_exactly_its_permissions(roles):
    for name, expected in ROLE_PERMISSIONS.items():
        assert permission_names(roles[name]) == set(expected)


def test_syncing_again_changes_nothing_and_removes_hand_added_permissions(roles):
    reporter = roles["Reporter"]
    reporter.permissions.add(Permission.objects.get(codename="publish_article"))
    sync_roles()
    sync_roles()
    assert Group.objects.filter(name__in=ROLE_PERMISSIONS).count() == len(ROLE_PERMISSIONS)
    assert permission_names(Group.objects.get(name="Reporter")) == set(ROLE_PERMISSIONS["Reporter"])


def test_sync_roles_command_recreates_deleted_groups(roles):
    Group.objects.filter(name="Editor").delete()
    call_command("sync_roles", verbosity=0)
    assert "articles.publish_article" in permission_names(Group.objects.get(name="Editor"))


@pytest.mark.parametrize(
    "role, allowed, denied",
    [
        ("Reporter", {"add_article", "change_article"}, {"publish_article", "delete_article"}),
        ("Fotografer", {"change_article_photo"}, {"publish_article", "change_article"}),
        ("Editor", {"publish_article", "moderate_views"}, {"delete_article"}),
    ],
)
def test_roles_hold_what_they_need_and_nothing_more(make_user, role, allowed, denied):
    user = make_user(role, role.lower())
    for codename in allowed:
        assert user.has_perm(f"articles.{codename}")
    for codename in denied:
        assert not user.has_perm(f"articles.{codename}")
