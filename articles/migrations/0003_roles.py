from django.db import migrations


def sync_roles(apps, schema_editor):
    """Did run the role sync of its day; ``accounts.0001_roles`` now does it once, from a
    frozen copy, so that this migration imports no live code."""


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
