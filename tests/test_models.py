"""The article model's rules: validation, visibility, slugs, credits and the body."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.db.models import F

from articles.models import Article, SiteSettings
from tests.factories import ArticleFactory, PersonFactory

pytestmark = pytest.mark.django_db

JUNE_15_NOON_WIB = datetime(2023, 6, 15, 5, 24, 37, tzinfo=UTC)  # 12:24:37 WIB


def test_no_model_change_lacks_a_migration():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


class TestValidation:
    @pytest.mark.parametrize("title", ["", "   "])
    def test_article_without_title_is_rejected_and_not_saved(self, title):
        article = Article(title=title, body="<p>Isi.</p>")
        with pytest.raises(ValidationError) as error:
            article.full_clean()
        assert "title" in error.value.message_dict
        assert Article.objects.count() == 0

    def test_model_allows_an_article_without_credits_for_archive_imports(self):
        article = Article(title="Arsip lama", status=Article.Status.PUBLISHED)
        article.full_clean()
        article.save()
        assert article.reporter is None and article.editor is None

    def test_negative_view_count_is_refused_by_the_database(self):
        article = ArticleFactory(view_count=3)
        with pytest.raises(IntegrityError), transaction.atomic():
            Article.objects.filter(pk=article.pk).update(view_count=F("view_count") - 10)
        article.refresh_from_db()
        assert article.view_count == 3

    def test_published_article_must_have_a_publication_time_in_the_database(self):
        article = ArticleFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            Article.objects.filter(pk=article.pk).update(published_at=None)

    @time_machine.travel(JUNE_15_NOON_WIB, tick=False)
    def test_publishing_without_a_time_publishes_now(self):
        article = Article.objects.create(title="Terbit sekarang", status=Article.Status.PUBLISHED)
        assert article.published_at == JUNE_15_NOON_WIB


class TestSlugs:
    def test_slug_comes_from_the_title_when_blank(self):
        article = ArticleFactory(title="Bupati Buka Musrenbang, 2024!")
        assert article.slug == "bupati-buka-musrenbang-2024"

    def test_a_title_without_letters_still_gets_a_slug(self):
        assert ArticleFactory(title="!!! ???").slug == "berita"

    def test_same_title_on_the_same_day_gets_a_numbered_slug(self):
        first = ArticleFactory(title="Rapat Koordinasi", published_at=JUNE_15_NOON_WIB)
        second = ArticleFactory(
            title="Rapat Koordinasi", published_at=JUNE_15_NOON_WIB + timedelta(hours=2)
        )
        assert (first.slug, second.slug) == ("rapat-koordinasi", "rapat-koordinasi-2")

    def test_same_slug_on_different_days_is_allowed(self):
        ArticleFactory(slug="upacara", published_at=JUNE_15_NOON_WIB)
        other = ArticleFactory(slug="upacara", published_at=JUNE_15_NOON_WIB + timedelta(days=365))
        other.full_clean()
        assert Article.objects.filter(slug="upacara").count() == 2

    def test_same_slug_on_the_same_local_day_is_a_validation_error(self):
        # 00:30 and 23:00 WIB on 15 June are different UTC dates but the same publication date.
        ArticleFactory(slug="upacara", published_at=datetime(2023, 6, 14, 17, 30, tzinfo=UTC))
        clash = Article(
            title="Upacara", slug="upacara", status=Article.Status.PUBLISHED,
            published_at=datetime(2023, 6, 15, 16, 0, tzinfo=UTC),
        )  # fmt: skip
        with pytest.raises(ValidationError, match="penggalan alamat ini pada tanggal terbit"):
            clash.full_clean()
        with pytest.raises(IntegrityError), transaction.atomic():
            clash.save()
        assert Article.objects.filter(slug="upacara").count() == 1

    def test_same_utc_day_but_different_local_days_do_not_clash(self):
        # 23:30 WIB on 15 June and 00:30 WIB on 16 June share the UTC date 15 June.
        ArticleFactory(slug="malam", published_at=datetime(2023, 6, 15, 16, 30, tzinfo=UTC))
        ArticleFactory(slug="malam", published_at=datetime(2023, 6, 15, 17, 30, tzinfo=UTC))
        assert Article.objects.filter(slug="malam").count() == 2

    def test_drafts_without_a_date_may_share_a_slug(self):
        ArticleFactory(slug="draf", status=Article.Status.DRAFT, published_at=None)
        ArticleFactory(slug="draf", status=Article.Status.DRAFT, published_at=None)
        assert Article.objects.filter(slug="draf").count() == 2

    def test_absolute_url_uses_the_publication_date_in_wib(self):
        article = ArticleFactory(
            slug="dini-hari", published_at=datetime(2023, 6, 14, 20, 0, tzinfo=UTC)
        )
        assert article.get_absolute_url() == "/berita/2023/06/15/dini-hari/"


class TestVisibility:
    def test_published_returns_only_published_articles_whose_time_has_come(self, article_factory):
        now = datetime(2024, 1, 10, 3, 0, tzinfo=UTC)
        with time_machine.travel(now, tick=False):
            visible = article_factory(published_at=now - timedelta(minutes=1))
            article_factory(status=Article.Status.DRAFT, published_at=None)
            article_factory(status=Article.Status.REVIEW, published_at=None)
            article_factory(published_at=now + timedelta(minutes=1))
            assert list(Article.objects.published()) == [visible]

    def test_a_scheduled_article_goes_live_at_its_time_without_any_job(self, article_factory):
        now = datetime(2024, 1, 10, 3, 0, tzinfo=UTC)
        with time_machine.travel(now, tick=False):
            scheduled = article_factory(published_at=now + timedelta(hours=2))
            assert list(Article.objects.scheduled()) == [scheduled]
            assert not Article.objects.published().exists()
        with time_machine.travel(now + timedelta(hours=2), tick=False):
            assert list(Article.objects.published()) == [scheduled]
            assert not Article.objects.scheduled().exists()


class TestCredits:
    def test_full_credits_line(self):
        anggri = PersonFactory(name="Anggri Elsyafiandi")
        article = ArticleFactory(
            editor=PersonFactory(name="Indra"), reporter=anggri, photographer=anggri
        )
        assert article.credits_line == (
            "Editor : Indra - Reporter : Anggri Elsyafiandi - Fotografer : Anggri Elsyafiandi"
        )

    def test_a_missing_photographer_drops_only_its_part(self):
        article = ArticleFactory(
            editor=PersonFactory(name="Indra"),
            reporter=PersonFactory(name="Sari"),
            photographer=None,
        )
        assert article.credits_line == "Editor : Indra - Reporter : Sari"

    def test_a_missing_editor_drops_only_its_part(self):
        article = ArticleFactory(
            editor=None,
            reporter=PersonFactory(name="Sari"),
            photographer=PersonFactory(name="Budi"),
        )
        assert article.credits_line == "Reporter : Sari - Fotografer : Budi"

    def test_person_slug_is_unique_even_for_namesakes(self):
        assert PersonFactory(name="Budi").slug == "budi"
        assert PersonFactory(name="Budi").slug == "budi-2"


class TestBody:
    def test_editor_html_is_sanitised_on_save(self):
        article = ArticleFactory(
            body='<p onclick="steal()">Isi <a href="javascript:alert(1)">tautan</a></p>'
            "<script>alert(1)</script><iframe src='//evil'></iframe><style>p{}</style>"
        )
        article.refresh_from_db()
        assert "onclick" not in article.body
        assert "javascript:" not in article.body
        for tag in ("<script", "<iframe", "<style"):
            assert tag not in article.body
        assert "<p>Isi <a" in article.body

    def test_images_only_from_our_own_media(self):
        article = ArticleFactory(
            body='<p><img src="/media/photos/a.jpg" alt="a">'
            '<img src="https://tracker.example/x.gif" alt="b">'
            '<img src="data:image/png;base64,AAAA" alt="c"></p>'
        )
        assert 'src="/media/photos/a.jpg"' in article.body
        assert "tracker.example" not in article.body
        assert "data:" not in article.body

    def test_dateline_opens_the_first_paragraph(self):
        article = ArticleFactory(
            dateline="BENGKALIS", source="PROKOPIM", body="<p>Bupati hadir.</p><p>Dua.</p>"
        )
        html = str(article.body_html())
        assert html.startswith(
            '<p><span class="dateline">BENGKALIS, PROKOPIM - </span>Bupati hadir.</p>'
        )

    def test_dateline_without_source(self):
        article = ArticleFactory(dateline="RUPAT UTARA", source="", body="<p>Isi.</p>")
        assert "RUPAT UTARA - </span>Isi." in str(article.body_html())

    def test_dateline_is_escaped(self):
        article = ArticleFactory(dateline="<b>X</b>", body="<p>Isi.</p>")
        assert "&lt;b&gt;X&lt;/b&gt;" in str(article.body_html())

    def test_body_that_does_not_start_with_a_paragraph_gets_one_for_the_dateline(self):
        article = ArticleFactory(dateline="BANTAN", body="<ul><li>Satu</li></ul>")
        assert str(article.body_html()).startswith(
            '<p><span class="dateline">BANTAN, PROKOPIM - </span></p><ul>'
        )

    def test_a_new_article_has_no_source_until_someone_gives_it_one(self):
        # The site's default source is the admin form's starting value, not a model
        # default that would query the database whenever an Article is built.
        SiteSettings(site_name="Berita", office_name="Humas", default_source="HUMAS").save()
        assert Article(title="x").source == ""


@pytest.mark.django_db
@pytest.mark.parametrize("status", list(Article.Status))
@pytest.mark.parametrize(
    "published", [None, timedelta(hours=-1), timedelta(0), timedelta(seconds=1), timedelta(days=3)]
)
def test_is_public_says_exactly_what_published_lists(status, published):
    # ``published()`` is the rule; ``is_public`` is its form for an instance already in
    # memory (the admin asks it for every row). The two must never disagree.
    moment = datetime(2024, 3, 1, 5, 0, tzinfo=UTC)
    with time_machine.travel(moment, tick=False):
        article = ArticleFactory(
            status=status, published_at=None if published is None else moment + published
        )
        assert article.is_public == Article.objects.published().filter(pk=article.pk).exists()
        assert article.is_scheduled == Article.objects.scheduled().filter(pk=article.pk).exists()
