"""A photo that a published article shows (featured or in its gallery, live or
scheduled) is changed only by an editor, and every change is on that article's record:
a revision by the editor and a "Foto diubah" event naming what changed, file swaps too."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleEvent, Photo
from articles.photos import changes
from articles.photos import services as photos
from tests.factories import ArticleFactory, PhotoFactory, jpeg_bytes

pytestmark = pytest.mark.django_db

Action = ArticleEvent.Action
LOCKED_WORDS = "hanya editor"
EDITOR_ROLES = ["Editor", "Admin", "superuser"]


def user_in(make_user, role):
    if role == "superuser":
        user = make_user(None, "root")
        user.is_superuser = True
        user.save()
        return user
    return make_user(role, role.lower())


def photo_form(photo, **overrides):
    """The photo change form as the admin posts it, with ``overrides``."""
    data = {
        "caption": photo.caption,
        "alt_text": photo.alt_text,
        "photographer": photo.photographer_id or "",
        "source": photo.source,
        "taken_at_0": "",
        "taken_at_1": "",
        "focal_x": str(photo.focal_x),
        "focal_y": str(photo.focal_y),
    }
    return {**data, **overrides}


def new_file():
    return SimpleUploadedFile("ganti.jpg", jpeg_bytes(900, 600, "#aa2211"), "image/jpeg")


def post_change(client, photo, **overrides):
    return client.post(
        reverse("admin:articles_photo_change", args=[photo.pk]), photo_form(photo, **overrides)
    )


def record(*articles):
    """What an article's record holds: its revisions and its events, for each article."""
    return [
        (article.history.count(), list(article.events.values_list("action", flat=True)))
        for article in articles
    ]


def photo_row(photo):
    return Photo.objects.filter(pk=photo.pk).values().get()


def live_with_photo():
    article = ArticleFactory(with_photo=True)
    return article, article.featured_photo


def in_gallery_of(**fields):
    photo = PhotoFactory()
    article = ArticleFactory(**fields)
    article.gallery_items.create(photo=photo)
    return article, photo


SHOWN_BY_RELEASED = {
    "live featured photo": live_with_photo,
    "live gallery photo": in_gallery_of,
    "scheduled featured photo": lambda: (
        article := ArticleFactory(with_photo=True, published_at=timezone.now() + timedelta(days=1)),
        article.featured_photo,
    ),
    "scheduled gallery photo": lambda: in_gallery_of(
        published_at=timezone.now() + timedelta(days=1)
    ),
}
FORGED_CHANGES = {
    "file swap": lambda: {"image": new_file()},
    "caption": lambda: {"caption": "Teks foto yang diganti diam-diam."},
    "alt text": lambda: {"alt_text": "Teks alternatif lain."},
    "credit": lambda: {"photographer": "", "source": "Istimewa"},
    "crop": lambda: {"focal_x": "0.1", "focal_y": "0.9"},
}


class TestAPhotographerCannotChangeWhatThePublicSees:
    @pytest.mark.parametrize("shown", SHOWN_BY_RELEASED)
    @pytest.mark.parametrize("change", FORGED_CHANGES)
    def test_a_forged_change_to_a_released_articles_photo_is_refused_and_changes_nothing(
        self, client, make_user, shown, change
    ):
        client.force_login(make_user("Fotografer", "hendra"))
        article, photo = SHOWN_BY_RELEASED[shown]()
        before = (photo_row(photo), Article.objects.values().get(pk=article.pk), record(article))

        response = post_change(client, photo, **FORGED_CHANGES[change]())

        assert response.status_code == 403
        assert LOCKED_WORDS in response.content.decode()
        after = (photo_row(photo), Article.objects.values().get(pk=article.pk), record(article))
        assert after == before

    def test_the_file_on_disk_and_the_page_stay_as_they_were(self, client, make_user):
        client.force_login(make_user("Fotografer", "hendra"))
        article, photo = live_with_photo()
        with photo.image.open("rb") as stored:
            file_before = stored.read()
        page_before = client.get(article.get_absolute_url()).content

        post_change(client, photo, image=new_file(), caption="Teks baru.")

        photo.refresh_from_db()
        with photo.image.open("rb") as stored:
            assert stored.read() == file_before
        assert client.get(article.get_absolute_url()).content == page_before
        assert b"Teks baru." not in page_before

    def test_the_form_is_read_only_with_the_reason_in_indonesian(self, client, make_user):
        client.force_login(make_user("Fotografer", "hendra"))
        _, photo = live_with_photo()

        response = client.get(reverse("admin:articles_photo_change", args=[photo.pk]))

        assert response.status_code == 200
        assert response.context["has_change_permission"] is False
        shown = [str(message) for message in get_messages(response.wsgi_request)]
        assert any(LOCKED_WORDS in message for message in shown)

    def test_the_service_refuses_too_when_an_article_was_published_after_the_form_check(
        self, make_user
    ):
        photographer = make_user("Fotografer", "hendra")
        photo = PhotoFactory(caption="Teks lama.")
        draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None, featured_photo=photo)
        assert not changes.is_locked_for(photographer, photo)  # what the form saw
        Article.objects.filter(pk=draft.pk).update(
            status=Article.Status.PUBLISHED, published_at=timezone.now()
        )
        photo.caption = "Teks baru."

        with pytest.raises(PermissionDenied):
            changes.save_change(photo, by=photographer, changed=["caption"])

        assert Photo.objects.get(pk=photo.pk).caption == "Teks lama."
        assert not ArticleEvent.objects.exists()

    @pytest.mark.parametrize(
        "status", [Article.Status.DRAFT, Article.Status.REVIEW, Article.Status.WITHDRAWN]
    )
    def test_a_photo_no_published_article_shows_stays_the_photographers(
        self, client, make_user, status
    ):
        client.force_login(make_user("Fotografer", "hendra"))
        article = ArticleFactory(status=status, with_photo=True)
        photo = article.featured_photo

        response = post_change(client, photo, image=new_file(), caption="Teks diperbaiki.")

        assert response.status_code == 302
        photo.refresh_from_db()
        assert (photo.caption, photo.width) == ("Teks diperbaiki.", 900)
        assert not article.events.filter(action=Action.PHOTO_CHANGED).exists()


class TestAnEditorsChangeIsOnTheArticlesRecord:
    @pytest.mark.parametrize("role", EDITOR_ROLES)
    def test_a_file_swap_leaves_a_revision_and_an_event_by_the_editor(
        self, client, make_user, role
    ):
        editor = user_in(make_user, role)
        client.force_login(editor)
        article, photo = live_with_photo()
        old_sha = photo.sha256
        revisions = article.history.count()

        response = post_change(client, photo, image=new_file())

        assert response.status_code == 302
        photo.refresh_from_db()
        assert photo.sha256 != old_sha and photo.width == 900
        assert article.history.count() == revisions + 1
        revision = article.history.first()
        assert revision.history_user == editor
        assert "berkas foto" in revision.history_change_reason
        assert old_sha[:8] in revision.history_change_reason
        event = article.events.get(action=Action.PHOTO_CHANGED)
        assert (event.actor, event.note) == (editor, revision.history_change_reason)
        assert photos.picture(photo).src in client.get(article.get_absolute_url()).content.decode()

    def test_a_caption_change_is_one_revision_carrying_the_new_caption(self, client, make_user):
        editor = make_user("Editor", "rahmat")
        client.force_login(editor)
        article, photo = live_with_photo()
        revisions = article.history.count()

        response = post_change(client, photo, caption="Teks foto yang diralat.")

        assert response.status_code == 302
        assert article.history.count() == revisions + 1
        revision = article.history.first()
        assert revision.photo_caption == "Teks foto yang diralat."
        assert (revision.history_user, revision.history_change_reason) == (
            editor,
            f"Foto #{photo.pk} diubah: teks foto",
        )
        assert article.events.filter(action=Action.PHOTO_CHANGED, actor=editor).count() == 1

    def test_a_gallery_photo_change_is_recorded_on_each_released_article_only(
        self, client, make_user
    ):
        client.force_login(make_user("Editor", "rahmat"))
        live, photo = in_gallery_of()
        scheduled = ArticleFactory(published_at=timezone.now() + timedelta(days=1))
        draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
        for article in (scheduled, draft):
            article.gallery_items.create(photo=photo)
        before = record(live, scheduled, draft)

        post_change(client, photo, alt_text="Teks alternatif baru.", focal_x="0.2")

        after = record(live, scheduled, draft)
        for (revisions, events), (new_revisions, new_events) in zip(
            before[:2], after[:2], strict=True
        ):
            assert new_revisions == revisions + 1
            assert new_events == [Action.PHOTO_CHANGED, *events]
        assert after[2] == before[2]
        note = live.events.get().note
        assert "teks alternatif" in note and "titik fokus (horizontal)" in note

    def test_saving_the_form_unchanged_records_nothing(self, client, make_user):
        client.force_login(make_user("Editor", "rahmat"))
        article, photo = live_with_photo()
        before = record(article)

        assert post_change(client, photo).status_code == 302
        assert record(article) == before
