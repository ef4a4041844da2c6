"""Preview links: a signed link shows an unpublished article to whoever has it, for a
limited time, and nothing else."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import signing
from django.urls import reverse
from pytest_django.asserts import assertContains

from articles.editorial import preview
from articles.models import Article, ArticleEvent
from tests.editorial.steps import (
    draft_by,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

Status = Article.Status
Action = ArticleEvent.Action
NOW = datetime(2023, 6, 15, 5, 24, 37, tzinfo=UTC)  # Thursday 15 June 2023, 12:24:37 WIB


class TestPreviewLinks:
    def preview(self, client, token):
        return client.get(reverse("articles:preview_link", kwargs={"token": token}))

    def test_valid_link_shows_a_draft_to_an_anonymous_visitor(self, client, reporter):
        article = draft_by(reporter, title="Draf rahasia")
        response = self.preview(client, preview.make_token(article))
        assertContains(response, "Draf rahasia")
        assertContains(response, "Pratinjau")
        assert response["X-Robots-Tag"] == "noindex, nofollow"

    @pytest.mark.parametrize(
        ("later", "status"), [(timedelta(hours=48), 200), (timedelta(hours=48, seconds=1), 403)]
    )
    def test_link_expires_after_48_hours(self, client, clock, reporter, later, status):
        token = preview.make_token(draft_by(reporter))
        clock.shift(later)
        assert self.preview(client, token).status_code == status

    def test_link_lifetime_comes_from_settings(self, client, clock, settings, reporter):
        settings.NEWSROOM_PREVIEW_LINK_HOURS = 2
        token = preview.make_token(draft_by(reporter))
        clock.shift(timedelta(hours=2, seconds=1))
        assert self.preview(client, token).status_code == 403

    def test_tampered_link_is_forbidden(self, client, reporter):
        token = preview.make_token(draft_by(reporter))
        tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
        assert self.preview(client, tampered).status_code == 403

    def test_token_signed_for_another_purpose_is_forbidden(self, client, reporter):
        article = draft_by(reporter)
        assert self.preview(client, signing.dumps(article.pk)).status_code == 403
        assert self.preview(client, signing.dumps(article.pk, salt="lain")).status_code == 403

    def test_link_to_a_deleted_article_is_not_found(self, client, reporter):
        article = draft_by(reporter)
        token = preview.make_token(article)
        article.delete()
        assert self.preview(client, token).status_code == 404
