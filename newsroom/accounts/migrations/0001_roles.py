"""The newsroom's role groups and their permissions, as they stood when the roles moved
to this app.

A frozen copy: this migration never imports ``newsroom.accounts.roles``, so what it
does cannot change when that module does. A later change of the roles comes with a
new data migration holding its own copy; ``manage.py sync_roles`` applies the live
list at any time. (The article migrations that used to call the live module, 0003,
0005, 0009 and 0012, no longer do: this one does their work once, after them.)
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

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

ROLE_PERMISSIONS = {
    "Reporter": [*_READ, "articles.add_article", "articles.change_article"],
    "Fotografer": [
        *_READ,
        "articles.change_article_photo",
        "articles.add_photo",
        "articles.change_photo",
    ],
    "Editor": _EDITORIAL,
    "Admin": [
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


def sync_roles(apps, schema_editor):
    """Create each group and give it exactly the permissions above (those that exist)."""
    # Permissions are normally created after all migrations; assigning them here
    # needs them now. create_permissions skips app configs without a models module,
    # which is how a migration's app stubs look, so the value is restored afterwards.
    for app_config in apps.get_app_configs():
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        try:
            create_permissions(app_config, apps=apps, verbosity=0)
        finally:
            app_config.models_module = original
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for role, names in ROLE_PERMISSIONS.items():
        group, _created = group_model.objects.get_or_create(name=role)
        permissions = []
        for name in names:
            app_label, codename = name.split(".", 1)
            permissions += permission_model.objects.filter(
                content_type__app_label=app_label, codename=codename
            )
        group.permissions.set(permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_remove_article_photo_fields"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
