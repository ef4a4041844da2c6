"""The article's own photo fields are gone; its photos are Photo rows now (0010, 0011).
The role groups get the photo permissions."""

from django.db import migrations


def sync_roles(apps, schema_editor):
    from articles.roles import sync_roles

    sync_roles(apps, create_missing_permissions=True)


class Migration(migrations.Migration):
    dependencies = [("articles", "0011_carry_article_photos_over")]

    operations = [
        migrations.RemoveField(
            model_name='article',
            name='photo',
        ),
        migrations.RemoveField(
            model_name='article',
            name='photo_height',
        ),
        migrations.RemoveField(
            model_name='article',
            name='photo_width',
        ),
        migrations.RemoveField(
            model_name='historicalarticle',
            name='photo',
        ),
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
