import io
from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image

from articles.models import Article, Person, Photo, Section
from articles.photos import services as photos


def jpeg_bytes(width: int = 800, height: int = 500, colour: str = "#336699") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, format="JPEG")
    return buffer.getvalue()


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("a-long-test-password")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Staf {n}")


class SectionFactory(factory.django.DjangoModelFactory):
    """A section ("rubrik") of the site, its slug made from its name."""

    class Meta:
        model = Section

    name = factory.Sequence(lambda n: f"Rubrik {n}")
    slug = factory.LazyAttribute(lambda section: slugify(section.name))


class PhotoFactory(factory.django.DjangoModelFactory):
    """A stored photo with its renditions made, as an upload through the admin leaves it."""

    class Meta:
        model = Photo
        skip_postgeneration_save = True

    image = factory.LazyFunction(lambda: ContentFile(jpeg_bytes(), name="foto.jpg"))
    caption = "Suasana kegiatan."
    alt_text = "Warga berkumpul di halaman kantor desa."
    photographer = factory.SubFactory(PersonFactory)

    @factory.post_generation
    def renditions(self, create, extracted, **kwargs):
        if create and extracted is not False:
            photos.ensure_renditions(self)


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published article with full credits, dated a little before now."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Siaran pers nomor {n}")
    dateline = "BENGKALIS"
    source = "PROKOPIM"
    summary = "Ringkasan siaran pers."
    body = "<p>Paragraf pertama.</p><p>Paragraf kedua.</p>"
    editor = factory.SubFactory(PersonFactory)
    reporter = factory.SubFactory(PersonFactory)
    photographer = factory.SubFactory(PersonFactory)
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    class Params:
        with_photo = factory.Trait(
            featured_photo=factory.SubFactory(
                PhotoFactory, photographer=factory.SelfAttribute("..photographer")
            ),
        )

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)
