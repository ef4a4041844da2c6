"""Content for the benchmarks: the demo releases plus a few hundred (or thousand) more.

The demo content alone is nine releases, which makes every query trivially cheap. The
benchmarks add published releases written from a fixed vocabulary (same seed, same
site): each has a body of several paragraphs, two to four tags from a pool in which some
tags are far more common than others, a section, credits, most a featured photo, and
the newer ones a week of daily read tallies (so "Terpopuler" aggregates real rows). They
are inserted in bulk, so they have no revisions; nothing public reads those.

It also makes a *twin* of the article the benchmarks read: the same text, photo,
gallery, tags and section, published one second earlier under another slug, so that two
counting modes can run at once against the same page and each has its own count to check.

Run it as a script (``python bench/bench_content.py --articles 300``, with the
environment of the site it should fill: DATABASE_URL, ...) to print the targets as
JSON, or import it once Django is set up (``bench/profile_read.py``).
"""

import argparse
import json
import os
import random
import sys
from datetime import timedelta
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
SEED = 20261128

VOCABULARY = (
    "pemerintah kabupaten bupati wakil sekretaris daerah camat desa kelurahan warga "
    "masyarakat pembangunan jalan jembatan sekolah puskesmas rumah sakit pasar petani "
    "nelayan kebun sawit karet padi banjir abrasi pantai sungai bantuan sosial anggaran "
    "program kegiatan rapat koordinasi evaluasi pelayanan publik administrasi kependudukan "
    "perizinan investasi usaha mikro kecil menengah pelatihan pemuda olahraga budaya "
    "festival pariwisata kesehatan gizi stunting imunisasi posyandu pendidikan guru murid "
    "beasiswa perpustakaan lingkungan sampah air bersih listrik internet digital aplikasi "
    "laporan target capaian tahun bulan minggu pagi siang kantor aula lapangan"
)
WORDS = VOCABULARY.split()
TOPICS = [
    "Pembangunan", "Bupati", "Kesehatan", "Pendidikan", "Musrenbang", "UMKM", "Banjir",
    "Stunting", "Pelayanan Publik", "Pertanian", "Perikanan", "Pariwisata", "Olahraga",
    "Pemuda", "Infrastruktur", "Bantuan Sosial", "Kependudukan", "Investasi", "Lingkungan",
    "Air Bersih", "Digitalisasi", "Posyandu", "Imunisasi", "Beasiswa", "Budaya", "Festival",
    "Sekolah", "Jalan Desa", "Anggaran", "Kecamatan Bantan", "Kecamatan Bukit Batu",
    "Kecamatan Mandau", "Kecamatan Rupat", "Kecamatan Siak Kecil", "Ramadan", "HUT RI",
]  # fmt: skip


def _sentence(rng: random.Random, low: int = 9, high: int = 18) -> str:
    words = rng.choices(WORDS, k=rng.randint(low, high))
    return " ".join(words).capitalize() + "."


def add_articles(count: int, seed: int = SEED) -> int:
    """Insert ``count`` published releases (bulk) with tags, tallies and credits."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone
    from django.utils.text import slugify
    from taggit.models import Tag, TaggedItem

    from articles.models import Article, DailyViews, Person, Photo, Section

    rng = random.Random(seed)  # noqa: S311 (made-up text, not secrets)
    now = timezone.now()
    sections = list(Section.objects.all())
    people = list(Person.objects.all())
    photos = list(Photo.objects.all())
    with transaction.atomic():
        tags = {tag.name: tag for tag in Tag.objects.all()}
        missing = [Tag(name=name, slug=slugify(name)) for name in TOPICS if name not in tags]
        Tag.objects.bulk_create(missing)
        tags = {tag.name: tag for tag in Tag.objects.filter(name__in=TOPICS)}
        articles = []
        for number in range(count):
            title = " ".join(rng.choices(WORDS, k=rng.randint(6, 11))).capitalize()
            photo = rng.choice(photos) if photos and rng.random() < 0.8 else None
            paragraphs = [
                " ".join(_sentence(rng) for _ in range(rng.randint(2, 4)))
                for _ in range(rng.randint(5, 9))
            ]
            articles.append(
                Article(
                    title=title,
                    slug=f"{slugify(title)[:200]}-{number}",
                    dateline="BENGKALIS",
                    source="PROKOPIM",
                    summary=_sentence(rng, 18, 30),
                    body="".join(f"<p>{text}</p>" for text in paragraphs),
                    featured_photo=photo,
                    photo_caption=photo.caption if photo else "",
                    photographer=photo.photographer if photo else None,
                    editor=rng.choice(people),
                    reporter=rng.choice(people),
                    section=rng.choice(sections),
                    status=Article.Status.PUBLISHED,
                    # After the demo's newest releases (hours old), so the headline stays.
                    published_at=now - timedelta(days=1 + number * 365 / count, minutes=number),
                    view_count=rng.randint(0, 3000),
                )
            )
        Article.objects.bulk_create(articles, batch_size=500)
        article_type = ContentType.objects.get_for_model(Article)
        # A few topics are on most releases, the rest on a few (a realistic tag cloud).
        weights = [1 / (rank + 1) for rank in range(len(TOPICS))]
        tagged, tallies = [], []
        for article in articles:
            chosen = set(rng.choices(TOPICS, weights=weights, k=rng.randint(2, 4)))
            tagged += [
                TaggedItem(tag=tags[name], content_type=article_type, object_id=article.pk)
                for name in chosen
            ]
        for article in articles[:60]:  # the newest: a week of counted reads each
            tallies += [
                DailyViews(
                    article=article,
                    date=timezone.localdate(now) - timedelta(days=day),
                    counted=rng.randint(0, 200),
                    bot_reads=rng.randint(0, 40),
                )
                for day in range(7)
            ]
        TaggedItem.objects.bulk_create(tagged, batch_size=1000)
        DailyViews.objects.bulk_create(tallies, batch_size=1000)
    return count


def make_twin(article):
    """An identical copy of ``article`` one second earlier, under another slug."""
    from articles.models import Article

    tags = list(article.tags.names())
    gallery = list(article.gallery_items.all())
    twin = Article.objects.get(pk=article.pk)
    twin.pk = twin.id = None
    twin._state.adding = True
    twin.slug = f"{article.slug}-kembar"
    twin.published_at = article.published_at - timedelta(seconds=1)
    twin.save()
    twin.tags.set(tags)
    for item in gallery:
        twin.gallery_items.create(photo=item.photo, position=item.position)
    return twin


def prepare(extra_articles: int) -> dict:
    """Demo content, ``extra_articles`` more, the twin; returns the targets' paths."""
    from django.core.cache import cache
    from django.db import connection
    from django.db.models import Count
    from taggit.models import Tag

    from articles.demo.content import load_demo_content
    from articles.models import Article, Section

    load_demo_content()
    add_articles(extra_articles)
    # The headline: the newest release, with a photo, a gallery and three tags.
    article = Article.objects.published().order_by("-published_at").first()
    twin = make_twin(article)
    tag = (
        Tag.objects.annotate(uses=Count("taggit_taggeditem_items"))
        .order_by("-uses", "name")
        .first()
    )
    section = Section.objects.annotate(uses=Count("articles")).order_by("-uses", "position").first()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics, as autovacuum would give a live site
    cache.clear()
    return {
        "article": {"pk": article.pk, "path": article.get_absolute_url()},
        "twin": {"pk": twin.pk, "path": twin.get_absolute_url()},
        "tag": f"/tag/{tag.slug}/",
        "section": f"/rubrik/{section.slug}/",
        "published": Article.objects.published().count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="Fill a benchmark database; print targets.")
    parser.add_argument("--articles", type=int, default=300, help="releases beyond the demo")
    options = parser.parse_args()
    sys.path.insert(0, str(PROJECT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    print(json.dumps(prepare(options.articles)))


if __name__ == "__main__":
    main()
