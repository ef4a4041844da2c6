"""Photos on articles: the featured photo and the gallery, their captions and credits,
the responsive <picture>, who may manage them, and serving their renditions."""

import re
from io import StringIO

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from articles.models import Article, ArticlePhoto, Photo
from articles.photos import images
from articles.photos import services as photos
from newsroom.accounts.roles import EDITOR, PHOTOGRAPHER
from tests.admin_forms import forged_change
from tests.factories import ArticleFactory, PersonFactory, PhotoFactory, jpeg_bytes

pytestmark = pytest.mark.django_db


def page(client, article) -> str:
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


class TestCaptionAndCredit:
    def test_the_featured_photos_caption_and_photographer_are_the_articles(self):
        anggri = PersonFactory(name="Anggri Elsyafiandi")
        photo = PhotoFactory(caption="Bupati membuka rapat.", photographer=anggri)
        article = ArticleFactory(
            editor=PersonFactory(name="Indra"), reporter=anggri, featured_photo=photo
        )

        assert article.photo_caption == "Bupati membuka rapat."
        assert article.photographer == anggri
        assert article.credits_line == (
            "Editor : Indra - Reporter : Anggri Elsyafiandi - Fotografer : Anggri Elsyafiandi"
        )

    def test_editing_the_photo_updates_its_articles_and_keeps_a_revision(self):
        photo = PhotoFactory(caption="Teks lama.")
        article = ArticleFactory(featured_photo=photo)
        revisions = article.history.count()
        other = PersonFactory(name="Wahyu")

        photo.caption = "Teks baru."
        photo.photographer = other
        photo.save()

        article.refresh_from_db()
        assert (article.photo_caption, article.photographer) == ("Teks baru.", other)
        assert article.history.count() == revisions + 1

    def test_a_handout_credits_its_source_without_a_profile_link(self, client):
        photo = PhotoFactory(photographer=None, source="Istimewa")
        article = ArticleFactory(
            editor=PersonFactory(name="Indra"),
            reporter=PersonFactory(name="Sari"),
            featured_photo=photo,
        )

        assert article.photographer is None
        assert article.credits_line == "Editor : Indra - Reporter : Sari - Fotografer : Istimewa"
        html = page(client, article)
        assert "Fotografer : Istimewa" in html
        assert "Istimewa (Fotografer)" in html  # named in the profile line, not linked

    def test_an_article_without_a_photo_keeps_its_own_caption_and_photographer(self):
        # Archive imports carry a caption and a photographer but no picture.
        article = ArticleFactory(photo_caption="Teks dari arsip.")
        assert article.featured_photo is None
        assert article.photo_caption == "Teks dari arsip."
        assert "Fotografer : " in article.credits_line


class TestPicture:
    def test_the_featured_photo_is_a_picture_with_webp_and_jpeg_srcsets(self, client):
        photo = PhotoFactory(image=ContentFile(jpeg_bytes(2000, 1250), name="foto.jpg"))
        article = ArticleFactory(featured_photo=photo)
        html = page(client, article)

        figure = html[html.index('<figure class="article-photo">') :]
        figure = figure[: figure.index("</figure>")]
        url = {
            (spec.name, spec.format): photos.rendition_url(photo, spec)
            for spec in images.plan_renditions(width=2000, height=1250)
        }
        webp = ", ".join(f"{url[f'w{w}', 'WEBP']} {w}w" for w in (480, 960, 1600))
        jpeg = ", ".join(f"{url[f'w{w}', 'JPEG']} {w}w" for w in (480, 960, 1600))
        assert f'<source type="image/webp" srcset="{webp}"' in figure
        assert f'srcset="{jpeg}"' in figure
        assert f'src="{url["w960", "JPEG"]}"' in figure
        assert 'width="2000" height="1250"' in figure
        assert f'alt="{photo.alt_text}"' in figure
        assert 'fetchpriority="high"' in figure and 'loading="lazy"' not in figure
        assert "Teks foto: Suasana kegiatan." in figure

    def test_every_srcset_url_is_a_stored_rendition_of_the_stated_width(self, client, media_root):
        article = ArticleFactory(with_photo=True)
        html = page(client, article)

        candidates = re.findall(r"(/media/photos/renditions/\S+) (\d+)w", html)
        assert len(candidates) == 4  # 480 and the photo's own 800 px, as WebP and JPEG
        for url, width in candidates:
            with Image.open(media_root / url.removeprefix("/media/")) as stored:
                assert stored.width == int(width)
                assert stored.format == ("WEBP" if url.endswith(".webp") else "JPEG")

    def test_the_gallery_follows_in_order_lazily_with_captions_and_credits(self, client):
        article = ArticleFactory(with_photo=True)
        first = PhotoFactory(caption="Foto kedua di galeri.", photographer=None, source="Humas")
        second = PhotoFactory(caption="Foto pertama di galeri.")
        article.gallery_items.create(photo=first, position=2)
        article.gallery_items.create(photo=second, position=1)

        html = page(client, article)
        gallery = html[html.index('<section class="gallery"') :]
        gallery = gallery[: gallery.index("</section>")]

        assert gallery.index("Foto pertama di galeri.") < gallery.index("Foto kedua di galeri.")
        assert f"(Foto: {second.photographer.name})" in gallery
        assert "(Foto: Humas)" in gallery
        assert gallery.count('loading="lazy"') == 2
        assert "<script" not in gallery  # a plain list of figures: no JavaScript needed

    def test_before_its_renditions_exist_a_photo_is_shown_as_its_original(self, client):
        photo = PhotoFactory(renditions=False)
        article = ArticleFactory(featured_photo=photo)

        html = page(client, article)

        assert f'<img src="{photo.image.url}"' in html
        assert "og:image" not in html  # no preview crop yet: the site's default card

    def test_cards_on_list_pages_use_the_small_renditions(self, client):
        ArticleFactory(with_photo=True)
        ArticleFactory(with_photo=True)  # the second is a card (the first is the headline)

        html = client.get(reverse("articles:home")).content.decode()

        card = html[html.index('<article class="card card--photo">') :]
        card = card[: card.index("</article>")]
        assert 'sizes="(min-width: 48rem) 14rem, 6rem"' in card
        assert 'loading="lazy"' in card and 'alt=""' in card


class TestRenditionFiles:
    def test_renditions_are_served_with_long_cache_headers(self, client):
        photo = PhotoFactory()
        url = photos.picture(photo).src

        response = client.get(url)

        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"public", "max-age=31536000", "immutable"} <= cache_control

    @pytest.mark.parametrize(
        "path",
        ["../../originals/x.jpg", "%2e%2e/%2e%2e/secret.txt", "nope/w480.jpg"],
    )
    def test_nothing_outside_the_renditions_is_served(self, client, media_root, path):
        (media_root / "secret.txt").parent.mkdir(parents=True, exist_ok=True)
        (media_root / "secret.txt").write_text("rahasia")
        response = client.get(f"/media/{images.RENDITIONS_PREFIX}/{path}")
        assert response.status_code in (400, 404)  # a traversal attempt is a bad request
        assert b"rahasia" not in response.content

    def test_moving_the_focal_point_makes_a_new_preview_crop(self, staff_client):
        photo = PhotoFactory()
        before = photos.og_image(photo).url
        photo.focal_x = 0.1
        photo.save()
        photos.ensure_renditions(photo)
        after = photos.og_image(photo).url
        assert before != after and after.endswith("og-100-500.jpg")
        assert staff_client.get(after).status_code == 200


class TestGenerateRenditions:
    def run(self, *args) -> tuple[str, str]:
        out, err = StringIO(), StringIO()
        call_command("generate_renditions", *args, stdout=out, stderr=err)
        return out.getvalue(), err.getvalue()

    def test_makes_what_is_missing_with_a_progress_bar_and_is_safe_to_rerun(self):
        photo = PhotoFactory(renditions=False)

        out, err = self.run()

        # 480 and the photo's own 800 px, as WebP and JPEG, and the 1200x630 preview
        assert "1 photo(s) checked, 5 rendition file(s) made, 0 failed." in out
        assert "1/1" in err  # tqdm's progress bar
        photo.refresh_from_db()
        assert photo.renditions_ready
        assert self.run("--all")[0].startswith("1 photo(s) checked, 0 rendition file(s) made")

    def test_a_photo_whose_file_is_gone_is_reported_and_fails_the_run(self):
        photo = PhotoFactory(renditions=False)
        photo.image.storage.delete(photo.image.name)

        with pytest.raises(SystemExit) as exit_status:
            self.run("--no-progress")

        assert exit_status.value.code == 1
        assert not Photo.objects.get(pk=photo.pk).renditions_ready


class TestAdmin:
    def test_photo_and_article_lists_show_thumbnails(self, staff_client):
        article = ArticleFactory(with_photo=True)
        thumbnail = photos.picture(article.featured_photo).jpeg[0].url

        photo_list = staff_client.get(reverse("admin:articles_photo_changelist"))
        article_list = staff_client.get(reverse("admin:articles_article_changelist"))

        for response in (photo_list, article_list):
            assert f'<img src="{thumbnail}"' in response.content.decode()

    def test_the_photo_form_previews_the_stored_photo_and_the_chosen_file(self, staff_client):
        photo = PhotoFactory()
        response = staff_client.get(reverse("admin:articles_photo_change", args=[photo.pk]))
        html = response.content.decode()
        assert 'width="480"' in html and photos.picture(photo).jpeg[0].url in html
        assert "js/photo-preview.js" in html

    def test_a_photographer_manages_photos_but_cannot_publish(self, client, make_user):
        photographer = make_user(PHOTOGRAPHER, "hendra")
        client.force_login(photographer)
        photo = PhotoFactory(caption="Teks lama.")
        data = {
            "caption": "Teks baru dari fotografer.",
            "alt_text": photo.alt_text,
            "photographer": photo.photographer_id,
            "source": "",
            "taken_at_0": "",
            "taken_at_1": "",
            "focal_x": "0.5",
            "focal_y": "0.3",
        }
        response = client.post(reverse("admin:articles_photo_change", args=[photo.pk]), data)

        assert response.status_code == 302
        photo.refresh_from_db()
        assert (photo.caption, photo.focal_y) == ("Teks baru dari fotografer.", 0.3)
        assert client.get(photos.og_image(photo).url).status_code == 200  # the new crop
        assert not photographer.has_perm("articles.publish_article")
        assert not photographer.has_perm("articles.delete_photo")

    def test_a_photo_in_a_published_article_cannot_be_deleted(self, client, make_user):
        client.force_login(make_user(EDITOR, "rahmat"))
        featured = ArticleFactory(with_photo=True).featured_photo
        in_gallery = PhotoFactory()
        ArticleFactory().gallery_items.create(photo=in_gallery)

        for photo in (featured, in_gallery):
            url = reverse("admin:articles_photo_delete", args=[photo.pk])
            assert client.get(url).status_code == 403
            assert client.post(url, {"post": "yes"}).status_code == 403
        bulk = client.post(
            reverse("admin:articles_photo_changelist"),
            {"action": "delete_selected", "_selected_action": [in_gallery.pk], "post": "yes"},
        )

        assert bulk.status_code == 200  # Django's "cannot delete: in use by ..." page
        assert Photo.objects.filter(pk__in=[featured.pk, in_gallery.pk]).count() == 2

    def test_a_drafts_photo_is_kept_until_the_draft_lets_go_of_it(self, client, make_user):
        client.force_login(make_user(EDITOR, "rahmat"))
        photo = PhotoFactory()
        draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None, featured_photo=photo)
        url = reverse("admin:articles_photo_delete", args=[photo.pk])

        response = client.post(url, {"post": "yes"})

        assert response.status_code == 200
        assert "Tidak dapat menghapus foto" in response.content.decode()
        assert Photo.objects.filter(pk=photo.pk).exists()
        draft.featured_photo = None
        draft.save()
        assert client.post(url, {"post": "yes"}).status_code == 302
        assert not Photo.objects.filter(pk=photo.pk).exists()

    def test_an_unused_photo_can_be_deleted_by_an_editor(self, client, make_user):
        client.force_login(make_user(EDITOR, "rahmat"))
        photo = PhotoFactory()
        response = client.post(
            reverse("admin:articles_photo_delete", args=[photo.pk]), {"post": "yes"}
        )
        assert response.status_code == 302
        assert not Photo.objects.filter(pk=photo.pk).exists()

    def test_a_photographer_sets_the_gallery_of_a_draft(self, client, make_user):
        photographer = make_user(PHOTOGRAPHER, "hendra")
        client.force_login(photographer)
        article = ArticleFactory(status=Article.Status.REVIEW, published_at=None)
        featured, extra = PhotoFactory(caption="Foto utama."), PhotoFactory()
        data = forged_change(article, featured_photo=featured.pk)
        data.update(
            {
                "gallery_items-TOTAL_FORMS": "1",
                "gallery_items-0-photo": extra.pk,
                "gallery_items-0-position": "1",
            }
        )

        response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

        assert response.status_code == 302
        article.refresh_from_db()
        assert article.featured_photo == featured and article.photo_caption == "Foto utama."
        assert list(
            ArticlePhoto.objects.filter(article=article).values_list("photo", flat=True)
        ) == [extra.pk]
        assert article.status == Article.Status.REVIEW

    def test_a_photographer_cannot_change_the_gallery_of_a_published_article(
        self, client, make_user
    ):
        client.force_login(make_user(PHOTOGRAPHER, "hendra"))
        article = ArticleFactory()
        data = forged_change(article)
        data.update({"gallery_items-TOTAL_FORMS": "1", "gallery_items-0-photo": PhotoFactory().pk})

        response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

        assert response.status_code == 403
        assert not ArticlePhoto.objects.exists()


def test_reporters_may_choose_photos_but_not_change_them(make_user):
    reporter = make_user("Reporter", "sari")
    assert reporter.has_perm("articles.view_photo")
    assert not reporter.has_perm("articles.change_photo")
    assert Permission.objects.filter(codename="change_photo").exists()


@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_each_article_photo_into_its_featured_photo(media_root):
    from django.core.files.storage import default_storage
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.utils import timezone

    before = ("articles", "0009_audit_keeps_actors")
    executor = MigrationExecutor(connection)
    executor.migrate([before])
    old = executor.loader.project_state([before]).apps
    name = default_storage.save("photos/2023/06/foto.jpg", ContentFile(jpeg_bytes(640, 400)))
    anggri = old.get_model("articles", "Person").objects.create(name="Anggri", slug="anggri")
    OldArticle = old.get_model("articles", "Article")
    with_photo = OldArticle.objects.create(
        title="Bupati Ikuti Rakor",
        slug="bupati-ikuti-rakor",
        status="published",
        published_at=timezone.now(),
        photo=name,
        photo_width=640,
        photo_height=400,
        photo_caption="Peserta rapat mengikuti paparan.",
        photographer=anggri,
    )
    without = OldArticle.objects.create(
        title="Tanpa foto", slug="tanpa-foto", photo_caption="Teks dari arsip."
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    # Through 0010-0012 and on to the latest migration, which the models below describe.
    executor.migrate(executor.loader.graph.leaf_nodes())

    photo = Photo.objects.get()
    assert (photo.image.name, photo.width, photo.height) == (name, 640, 400)
    assert photo.caption == photo.alt_text == "Peserta rapat mengikuti paparan."
    assert photo.photographer_id == anggri.pk and not photo.renditions_ready
    article = Article.objects.get(pk=with_photo.pk)
    assert article.featured_photo == photo
    assert (article.photo_caption, article.photographer_id) == (photo.caption, anggri.pk)
    assert Article.objects.get(pk=without.pk).photo_caption == "Teks dari arsip."
    call_command("generate_renditions", "--no-progress", stdout=StringIO(), stderr=StringIO())
    assert photos.og_image(Photo.objects.get()) is not None
