"""The admin's article form: what editors must fill in, and what it refuses."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from articles.models import Article, SiteSettings
from tests.admin_forms import EMPTY_GALLERY_FORMSET, local_datetime_fields
from tests.factories import ArticleFactory, PersonFactory, UserFactory

SAME_DAY_SLUG = "Sudah ada berita dengan penggalan alamat ini pada tanggal terbit yang sama."

pytestmark = pytest.mark.django_db


def article_form_data(**overrides):
    data = {
        "title": "Bupati Resmikan Jembatan Desa",
        "slug": "",
        "kicker": "",
        "summary": "Ringkasan.",
        "dateline": "BENGKALIS",
        "source": "PROKOPIM",
        "body": "<p>Isi berita.</p>",
        "photo_caption": "",
        "reporter": "",
        "editor": "",
        "photographer": "",
        "status": Article.Status.DRAFT,
        "published_at_0": "",
        "published_at_1": "",
        "tags": "",
        **EMPTY_GALLERY_FORMSET,
    }
    data.update(overrides)
    return data


def test_new_article_without_reporter_is_refused_and_nothing_saved(staff_client):
    response = staff_client.post(reverse("admin:articles_article_add"), article_form_data())
    assertContains(response, "Reporter wajib diisi.")
    assert not Article.objects.exists()


def test_new_article_with_reporter_is_saved_with_a_slug_from_the_title(staff_client):
    reporter = PersonFactory(name="Sari")
    response = staff_client.post(
        reverse("admin:articles_article_add"),
        article_form_data(reporter=reporter.pk, tags="Infrastruktur, Desa"),
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert (article.reporter, article.slug) == (reporter, "bupati-resmikan-jembatan-desa")
    assert sorted(article.tags.names()) == ["Desa", "Infrastruktur"]


def test_title_is_required_in_the_admin(staff_client):
    response = staff_client.post(
        reverse("admin:articles_article_add"),
        article_form_data(title="   ", reporter=PersonFactory().pk),
    )
    assert response.status_code == 200
    assert "title" in response.context["adminform"].form.errors
    assert not Article.objects.exists()


def test_duplicate_slug_on_the_same_day_is_a_form_error_not_a_500(staff_client):
    existing = ArticleFactory(slug="jembatan")
    response = staff_client.post(
        reverse("admin:articles_article_add"),
        article_form_data(
            slug="jembatan",
            reporter=PersonFactory().pk,
            status=Article.Status.PUBLISHED,
            **local_datetime_fields(existing.published_at),
        ),
    )
    assertContains(response, SAME_DAY_SLUG)
    assert Article.objects.count() == 1


def test_archive_import_without_reporter_stays_editable(staff_client):
    imported = ArticleFactory(reporter=None, editor=None, photographer=None, title="Arsip 2015")
    response = staff_client.post(
        reverse("admin:articles_article_change", args=[imported.pk]),
        article_form_data(
            title="Arsip 2015 (diperbaiki)",
            slug=imported.slug,
            body=imported.body,
            status=Article.Status.PUBLISHED,
            **local_datetime_fields(imported.published_at),
        ),
    )
    assert response.status_code == 302
    imported.refresh_from_db()
    assert imported.title == "Arsip 2015 (diperbaiki)"


def test_an_existing_reporter_cannot_be_removed(staff_client):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    response = staff_client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        article_form_data(title=article.title, slug=article.slug, reporter=""),
    )
    assertContains(response, "Reporter wajib diisi.")
    article.refresh_from_db()
    assert article.reporter is not None


def test_view_count_cannot_be_set_through_the_form(staff_client):
    article = ArticleFactory(view_count=315, status=Article.Status.DRAFT, published_at=None)
    staff_client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        article_form_data(
            title=article.title, slug=article.slug, reporter=article.reporter.pk, view_count=999999
        ),
    )
    article.refresh_from_db()
    assert article.view_count == 315


def test_new_article_form_starts_with_the_site_dateline_and_source(staff_client):
    SiteSettings(
        site_name="Berita", office_name="Humas", default_dateline="BANTAN", default_source="HUMAS"
    ).save()
    form = staff_client.get(reverse("admin:articles_article_add")).context["adminform"].form
    assert (form.initial["dateline"], form.initial["source"]) == ("BANTAN", "HUMAS")


def test_new_article_form_source_follows_a_changed_site_setting(staff_client):
    SiteSettings(site_name="Berita", office_name="Humas", default_source="HUMAS").save()
    staff_client.get(reverse("admin:articles_article_add"))
    settings_row = SiteSettings.objects.get()
    settings_row.default_source = "DISKOMINFO"
    settings_row.save()
    form = staff_client.get(reverse("admin:articles_article_add")).context["adminform"].form
    assert form.initial["source"] == "DISKOMINFO"


def test_admin_speaks_indonesian(staff_client):
    response = staff_client.get(reverse("admin:articles_article_changelist"))
    assertContains(response, "Pilih berita untuk diubah")


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(reverse("admin:articles_article_add"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_staff_without_article_permissions_gets_403(client):
    client.force_login(UserFactory(username="tamu", is_staff=True))
    assert client.get(reverse("admin:articles_article_add")).status_code == 403
    response = client.post(
        reverse("admin:articles_article_add"), article_form_data(reporter=PersonFactory().pk)
    )
    assert response.status_code == 403
    assert not Article.objects.exists()
