"""`load_demo` gives a new installation a living site, once."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from pytest_django.asserts import assertContains

from articles.demo.content import DEMO_EDITOR_USERNAME, RELEASES
from articles.models import Article, Person
from tests.public.pages import texts

pytestmark = pytest.mark.django_db


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", "--site-url", "http://127.0.0.1:8123", stdout=out)
    return out.getvalue()


def printed_password(output: str) -> str:
    return output.split("password: ")[1].split()[0]


def test_demo_creates_credited_photographed_releases_with_tags():
    load_demo()
    assert Article.objects.count() == len(RELEASES)
    published = Article.objects.published()
    assert published.count() >= 4
    for article in published:
        photo = article.featured_photo
        assert photo.width == 1600 and photo.renditions_ready and photo.alt_text
        assert article.photo_caption == photo.caption and photo.credit
        assert article.reporter and article.editor
        assert article.tags.exists()
        assert article.dateline
    assert Article.objects.scheduled().exists()
    assert Article.objects.drafts().exists()
    assert Person.objects.count() >= 4


def test_demo_loads_only_once():
    load_demo()
    second = load_demo()
    assert Article.objects.count() == len(RELEASES)
    assert "already has articles" in second


def test_demo_editor_password_is_random_printed_once_and_works():
    first = load_demo()
    password = printed_password(first)
    assert "http://127.0.0.1:8123/admin/" in first
    # The login protection (django-axes) counts attempts per request, so it needs one.
    login_request = RequestFactory().post(reverse("admin:login"))
    user = authenticate(login_request, username=DEMO_EDITOR_USERNAME, password=password)
    assert user is not None and user.is_staff and not user.is_superuser
    assert user.has_perm("articles.change_article")
    second = load_demo()
    assert password not in second


def test_demo_site_home_links_to_readable_articles(client):
    load_demo()
    home = client.get(reverse("articles:home"))
    article = Article.objects.published().first()
    assertContains(home, article.get_absolute_url())
    page = client.get(article.get_absolute_url())
    assert texts(page, "article-credits") == [article.credits_line]
    assertContains(page, "Teks foto: ")
