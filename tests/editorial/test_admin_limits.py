"""The admin refuses what no release may hold: a body over ARTICLE_BODY_MAX_BYTES and a
publication time outside the years an address can carry. Each is a form error in
Indonesian, and nothing is saved: no article, no change, no revision, no event."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from articles.editorial import preview, workflow
from articles.models import Article, ArticleEvent
from tests.admin_forms import EMPTY_GALLERY_FORMSET, local_datetime_fields
from tests.editorial.admin_paths import url
from tests.editorial.test_admin import article_form_data
from tests.factories import ArticleFactory, PersonFactory

pytestmark = pytest.mark.django_db

TOO_LARGE = "Isi berita terlalu panjang"
OUT_OF_RANGE = "Waktu terbit harus antara tahun 1900 dan 2099."


def body_of(size: int, word: str = "jembatan") -> str:
    """A body of exactly ``size`` bytes: one paragraph of repeated words."""
    text = (word + " ") * (size // (len(word.encode()) + 1) + 1)
    body = f"<p>{text}</p>"
    padding = len(body.encode()) - size
    return f"<p>{text[: len(text) - padding]}</p>"


def add_article(client, **fields):
    data = article_form_data(reporter=PersonFactory().pk, **fields)
    return client.post(url("add"), data)


def form_errors(response, field):
    return response.context["adminform"].form.errors.get(field, [])


def change_data(article, **overrides):
    return {
        "kicker": article.kicker,
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "dateline": article.dateline,
        "source": article.source,
        "body": article.body,
        "reporter": article.reporter_id,
        "editor": article.editor_id or "",
        "photographer": "",
        "photo_caption": "",
        "tags": "",
        "published_at_0": "",
        "published_at_1": "",
        **EMPTY_GALLERY_FORMSET,
        **overrides,
    }


def records():
    return Article.objects.count(), Article.history.count(), ArticleEvent.objects.count()


class TestBodySize:
    def test_a_four_megabyte_body_is_a_form_error_not_a_500(self, staff_client):
        response = add_article(staff_client, body=body_of(4 * 1024 * 1024))
        assert response.status_code == 200
        assertContains(response, TOO_LARGE)
        assert "paling banyak 300,0\xa0KB" in form_errors(response, "body")[0]
        assert records() == (0, 0, 0)

    def test_one_byte_over_the_limit_is_refused(self, staff_client, settings):
        response = add_article(
            staff_client, body=body_of(settings.NEWSROOM_ARTICLE_BODY_MAX_BYTES + 1)
        )
        assert form_errors(response, "body")
        assert records() == (0, 0, 0)

    def test_a_body_at_the_limit_is_saved(self, staff_client, settings):
        body = body_of(settings.NEWSROOM_ARTICLE_BODY_MAX_BYTES)
        response = add_article(staff_client, body=body)
        assert response.status_code == 302
        assert Article.objects.get().body == body

    def test_the_limit_counts_bytes_so_wide_characters_cannot_slip_past_it(
        self, staff_client, settings
    ):
        settings.NEWSROOM_ARTICLE_BODY_MAX_BYTES = 1000
        wide = "<p>" + "ꦗ" * 300 + "</p>"  # 300 characters, 900 bytes of Javanese script
        assert len(wide) < 1000 < len(wide.encode()) + 200
        response = add_article(staff_client, body=wide + "<p>" + "ꦗ" * 40 + "</p>")
        assert form_errors(response, "body")
        assert records() == (0, 0, 0)

    def test_growing_a_saved_body_past_the_limit_leaves_the_article_as_it_was(self, staff_client):
        article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
        before = (Article.objects.values().get(pk=article.pk), records())
        response = staff_client.post(
            url("change", article.pk), change_data(article, body=body_of(400 * 1024))
        )
        assertContains(response, TOO_LARGE)
        assert (Article.objects.values().get(pk=article.pk), records()) == before

    def test_the_limit_follows_the_setting(self, staff_client, settings):
        settings.NEWSROOM_ARTICLE_BODY_MAX_BYTES = 2048
        response = add_article(staff_client, body=body_of(3000))
        assert "paling banyak 2,0\xa0KB" in form_errors(response, "body")[0]


class TestPublicationYears:
    @pytest.mark.parametrize(
        "moment",
        [
            datetime(2100, 12, 31, 3, 0, tzinfo=UTC),  # the import of the issue
            datetime(1899, 12, 31, 3, 0, tzinfo=UTC),
            datetime(9999, 12, 31, 0, 0, tzinfo=UTC),
        ],
        ids=["2100", "1899", "9999"],
    )
    def test_a_planned_time_outside_the_url_years_is_a_form_error(self, staff_client, moment):
        response = add_article(staff_client, **local_datetime_fields_naive(moment))
        assertContains(response, OUT_OF_RANGE)
        assert records() == (0, 0, 0)

    def test_the_year_is_the_newsroom_s_so_new_year_s_eve_2099_in_utc_is_already_2100(
        self, staff_client
    ):
        # 31 December 2099, 18:00 UTC is 1 January 2100, 01:00 WIB: no address for it.
        response = add_article(
            staff_client, **local_datetime_fields(datetime(2099, 12, 31, 18, tzinfo=UTC))
        )
        assertContains(response, OUT_OF_RANGE)
        assert records() == (0, 0, 0)

    def test_the_last_minute_of_2099_is_accepted_and_has_an_address(self, staff_client):
        last = timezone.make_aware(datetime(2099, 12, 31, 23, 59))
        response = add_article(staff_client, **local_datetime_fields(last))
        assert response.status_code == 302
        article = Article.objects.get()
        assert article.get_absolute_url().startswith("/berita/2099/12/31/")

    def test_scheduling_for_2100_from_the_publish_page_is_refused_and_changes_nothing(
        self, staff_client
    ):
        article = ArticleFactory(status=Article.Status.REVIEW, published_at=None)
        before = (Article.objects.values().get(pk=article.pk), records())
        response = staff_client.post(
            url("transition", article.pk, "publish"),
            local_datetime_fields_naive(datetime(2100, 12, 31, 3, 0, tzinfo=UTC), prefix="at"),
        )
        assertContains(response, OUT_OF_RANGE, status_code=400)
        assert (Article.objects.values().get(pk=article.pk), records()) == before

    def test_the_publish_service_refuses_2100_when_called_without_the_form(self, make_user):
        editor = make_user("Editor", "budi")
        article = ArticleFactory(status=Article.Status.REVIEW, published_at=None)
        before = (Article.objects.values().get(pk=article.pk), records())
        with pytest.raises(workflow.TransitionNotAllowed, match="antara tahun 1900 dan 2099"):
            workflow.publish(article=article, by=editor, at=datetime(2100, 1, 1, tzinfo=UTC))
        assert (Article.objects.values().get(pk=article.pk), records()) == before

    def test_the_preview_of_an_article_stored_dated_2100_shows_instead_of_a_500(
        self, staff_client, client
    ):
        # Stored before the model refused such times (an old import, say).
        article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
        moment = datetime(2100, 12, 31, 3, 0, tzinfo=UTC)
        Article.objects.filter(pk=article.pk).update(published_at=moment)
        response = staff_client.get(url("preview", article.pk))
        assertContains(response, article.title)
        shared = client.get(reverse("articles:preview_link", args=[preview.make_token(article)]))
        assertContains(shared, article.title)

    def test_the_preview_of_an_article_planned_at_the_last_valid_year_works(self, staff_client):
        last = timezone.make_aware(datetime(2099, 12, 31, 23, 59))
        article = ArticleFactory(status=Article.Status.DRAFT, published_at=last)
        assert staff_client.get(url("preview", article.pk)).status_code == 200


def local_datetime_fields_naive(moment, prefix="published_at"):
    """The split inputs for ``moment`` in WIB, computed without ``localtime`` (which
    cannot convert a moment at the end of year 9999)."""
    local = moment + timedelta(hours=7) if moment.year < 9999 else moment
    return {f"{prefix}_0": local.strftime("%d/%m/%Y"), f"{prefix}_1": local.strftime("%H:%M:%S")}
