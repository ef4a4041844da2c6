"""Data: every article's photo becomes a featured Photo (see 0010)."""

from django.db import migrations


def carry_photos_over(apps, schema_editor):
    """Each article's photo becomes a Photo, featured on the article, with the
    article's caption and photographer. Alt text starts as the caption (or the title);
    renditions are made afterwards by ``manage.py generate_renditions``."""
    Article = apps.get_model("articles", "Article")
    Photo = apps.get_model("articles", "Photo")
    HistoricalArticle = apps.get_model("articles", "HistoricalArticle")
    for article in Article.objects.exclude(photo="").iterator():
        caption = article.photo_caption.strip()
        alt_text = (caption or article.title).strip()
        if len(alt_text) > 250:
            alt_text = alt_text[:249].rstrip() + "\u2026"
        photo = Photo.objects.create(
            image=article.photo.name,
            width=article.photo_width,
            height=article.photo_height,
            caption=caption,
            alt_text=alt_text,
            photographer_id=article.photographer_id,
        )
        Article.objects.filter(pk=article.pk).update(featured_photo=photo)
        # Revisions that showed this file now point at the same Photo.
        HistoricalArticle.objects.filter(id=article.pk, photo=article.photo.name).update(
            featured_photo_id=photo.pk
        )


def carry_photos_back(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    for article in Article.objects.exclude(featured_photo=None).select_related("featured_photo"):
        photo = article.featured_photo
        Article.objects.filter(pk=article.pk).update(
            photo=photo.image.name, photo_width=photo.width, photo_height=photo.height
        )


class Migration(migrations.Migration):
    dependencies = [("articles", "0010_photo_library")]

    operations = [migrations.RunPython(carry_photos_over, carry_photos_back)]
