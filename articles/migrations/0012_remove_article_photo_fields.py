"""The article's own photo fields are gone; its photos are Photo rows now (0010, 0011).
The role groups get the photo permissions."""

from django.db import migrations


def sync_roles(apps, schema_editor):
    """Did run the role sync of its day; ``accounts.0001_roles`` now does it once, from a
    frozen copy, so that this migration imports no live code."""


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
