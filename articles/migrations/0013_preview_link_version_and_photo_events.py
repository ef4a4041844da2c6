"""Preview links carry a per-article version (raised on withdrawal or revocation), and
the workflow record names photo changes and preview-link revocations."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0012_remove_article_photo_fields'),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='preview_version',
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name='versi tautan pratinjau'),
        ),
        migrations.AlterField(
            model_name='articleevent',
            name='action',
            field=models.CharField(choices=[('submitted', 'Diajukan untuk ditinjau'), ('returned', 'Dikembalikan ke reporter'), ('published', 'Diterbitkan'), ('scheduled', 'Dijadwalkan'), ('withdrawn', 'Ditarik'), ('restored', 'Revisi dipulihkan'), ('corrected', 'Ralat'), ('photo_changed', 'Foto diubah'), ('previews_revoked', 'Tautan pratinjau dicabut')], max_length=20, verbose_name='tindakan'),
        ),
    ]
