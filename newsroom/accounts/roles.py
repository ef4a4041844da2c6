"""The newsroom's roles as Django groups, and the permissions each one holds.

Permissions say what a role may do at all; the object rules (a reporter edits
only their own drafts) live in ``articles.editorial.policy``. ``manage.py sync_roles``
(and the demo) run ``sync_roles``; it is idempotent and sets each group's permissions
to exactly this list. Data migrations never import it: each keeps a frozen copy of the
list it applies (``newsroom/accounts/migrations/0001_roles.py``).
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

REPORTER = "Reporter"
PHOTOGRAPHER = "Fotografer"
EDITOR = "Editor"
ADMIN = "Admin"

_READ = [
    "articles.view_article",
    "articles.view_person",
    "articles.view_section",
    "articles.view_photo",
    "taggit.view_tag",
]
_EDITORIAL = [
    *_READ,
    "articles.add_article",
    "articles.change_article",
    "articles.publish_article",
    "articles.change_article_photo",
    "articles.add_photo",
    "articles.change_photo",
    "articles.delete_photo",
    "articles.moderate_views",
    "articles.view_articleevent",
    "articles.view_historicalarticle",
    "articles.add_person",
    "articles.change_person",
    "articles.add_section",
    "articles.change_section",
    "taggit.add_tag",
    "taggit.change_tag",
    "taggit.delete_tag",
    # Read-count moderation (with articles.moderate_views above).
    "articles.view_dailyviews",
    "articles.view_viewcountadjustment",
    "articles.view_useragentrule",
    "articles.add_useragentrule",
    "articles.change_useragentrule",
    "articles.delete_useragentrule",
    "articles.view_blockednetwork",
    "articles.add_blockednetwork",
    "articles.change_blockednetwork",
    "articles.delete_blockednetwork",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    REPORTER: [*_READ, "articles.add_article", "articles.change_article"],
    PHOTOGRAPHER: [
        *_READ,
        "articles.change_article_photo",
        "articles.add_photo",
        "articles.change_photo",
    ],
    EDITOR: _EDITORIAL,
    ADMIN: [
        *_EDITORIAL,
        "articles.delete_person",
        "articles.delete_section",
        "articles.view_sitesettings",
        "articles.add_sitesettings",
        "articles.change_sitesettings",
        "auth.view_user",
        "auth.add_user",
        "auth.change_user",
        "auth.view_group",
    ],
}


def sync_roles(apps=global_apps, *, create_missing_permissions: bool = False) -> None:
    """Create the role groups and give each exactly the permissions listed above.

    A permission that does not exist yet (its model arrives in a later
    migration) is skipped; the migration that adds it runs this again.
    """
    if create_missing_permissions:
        _create_permissions(apps)
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for role, names in ROLE_PERMISSIONS.items():
        group, _created = group_model.objects.get_or_create(name=role)
        wanted = [name.split(".", 1) for name in names]
        permissions = [
            permission
            for app_label, codename in wanted
            for permission in permission_model.objects.filter(
                content_type__app_label=app_label, codename=codename
            )
        ]
        group.permissions.set(permissions)


def _create_permissions(apps) -> None:
    # Permissions are normally created after all migrations; syncing right after
    # ``migrate`` in the same process (the demo, a fresh database) creates them first.
    for app_config in apps.get_app_configs():
        # create_permissions skips app configs without a models module, which is how
        # a migration's app stubs look; restore the real value whatever happens.
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        try:
            create_permissions(app_config, apps=apps, verbosity=0)
        finally:
            app_config.models_module = original
