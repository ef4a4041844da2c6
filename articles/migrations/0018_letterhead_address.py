from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0017_admin_wording"),
    ]

    operations = [
        migrations.AddField(
            model_name="sitesettings",
            name="letterhead_address",
            field=models.CharField(
                blank=True,
                help_text=(
                    "Satu baris di bawah nama kantor pada kop berita versi PDF, misalnya "
                    "Jalan Ahmad Yani No. 1, Bengkalis 28711."
                ),
                max_length=200,
                verbose_name="alamat pada kop PDF",
            ),
        ),
    ]
