import io
from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from articles.models import Article, Person


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


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published article with full credits, dated a little before now."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Siaran pers nomor {n}")
    dateline = "BENGKALIS"
    summary = "Ringkasan siaran pers."
    body = "<p>Paragraf pertama.</p><p>Paragraf kedua.</p>"
    editor = factory.SubFactory(PersonFactory)
    reporter = factory.SubFactory(PersonFactory)
    photographer = factory.SubFactory(PersonFactory)
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    class Params:
        with_photo = factory.Trait(
            photo=factory.LazyFunction(lambda: ContentFile(jpeg_bytes(), name="foto.jpg")),
            photo_caption="Suasana kegiatan.",
        )

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)
