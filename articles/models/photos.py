"""Photos: the picture, its caption and credit, and where articles use it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from articles.models.content import Article

UNIT_INTERVAL = [MinValueValidator(0.0), MaxValueValidator(1.0)]


class PhotoQuerySet(models.QuerySet):
    def in_published_articles(self) -> "PhotoQuerySet":
        """Photos that an article the public may see (``Article.objects.published()``)
        shows, featured or in its gallery."""
        published = Article.objects.published()
        return self.filter(
            models.Q(featured_in__in=published) | models.Q(gallery_uses__article__in=published)
        ).distinct()

    def in_released_articles(self) -> "PhotoQuerySet":
        """Photos that a published article shows or will show at its scheduled time,
        featured or in its gallery: only an editor may change them."""
        released = Article.objects.filter(status=Article.Status.PUBLISHED)
        return self.filter(
            models.Q(featured_in__in=released) | models.Q(gallery_uses__article__in=released)
        ).distinct()

    def missing_renditions(self) -> "PhotoQuerySet":
        return self.filter(renditions_ready=False).exclude(image="")


class Photo(models.Model):
    """A photo as the newsroom publishes it: the cleaned picture, its caption ("Teks
    foto"), its credit (a photographer on staff, or a free-text source such as
    "Istimewa" for handouts), alt text for screen readers, and where to crop it."""

    image = models.ImageField(
        _("berkas foto"),
        upload_to="photos/originals/%Y/%m/",
        help_text=_("JPEG, PNG, WebP atau HEIC; maksimal 20 MB dan 50 megapiksel."),
    )
    # Set from the cleaned file when it is stored (not ImageField's width_field, which
    # would open the file whenever a row without a size is loaded).
    width = models.PositiveIntegerField(_("lebar"), null=True, editable=False)
    height = models.PositiveIntegerField(_("tinggi"), null=True, editable=False)
    caption = models.TextField(
        _("teks foto"), help_text=_("Ditampilkan di bawah foto sebagai \u201cTeks foto\u201d.")
    )
    alt_text = models.CharField(
        _("teks alternatif"),
        max_length=250,
        help_text=_(
            "Apa yang terlihat di foto, untuk pembaca yang memakai pembaca layar. "
            "Misalnya: Bupati menyerahkan bantuan kepada warga di halaman kantor camat."
        ),
    )
    photographer = models.ForeignKey(
        "articles.Person",
        verbose_name=_("fotografer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="photos",
    )
    source = models.CharField(
        _("sumber foto"),
        max_length=100,
        blank=True,
        help_text=_("Untuk foto dari luar redaksi, misalnya: Istimewa, Humas Polres."),
    )
    taken_at = models.DateTimeField(
        _("waktu pengambilan"),
        null=True,
        blank=True,
        help_text=_("Diisi otomatis dari data kamera bila ada."),
    )
    focal_x = models.FloatField(
        _("titik fokus (horizontal)"),
        default=0.5,
        validators=UNIT_INTERVAL,
        help_text=_(
            "0 = tepi kiri, 0,5 = tengah, 1 = tepi kanan. Dipakai untuk potongan pratinjau tautan."
        ),
    )
    focal_y = models.FloatField(
        _("titik fokus (vertikal)"),
        default=0.5,
        validators=UNIT_INTERVAL,
        help_text=_("0 = tepi atas, 0,5 = tengah, 1 = tepi bawah."),
    )
    # The SHA-256 of the stored file: renditions are named by it (see articles.photos.images).
    sha256 = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    renditions_ready = models.BooleanField(default=False, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diunggah oleh"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("diunggah"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    objects = PhotoQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("foto")
        verbose_name_plural = _("foto")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(focal_x__gte=0, focal_x__lte=1, focal_y__gte=0, focal_y__lte=1),
                name="photo_focal_point_inside",
                violation_error_message=_("Titik fokus harus di antara 0 dan 1."),
            ),
        ]

    def __str__(self) -> str:
        return Truncator(self.caption or self.alt_text).chars(80) or f"Foto {self.pk}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # The articles featuring this photo carry a copy of its caption and credit
        # (see Article.follow_featured_photo).
        for article in self.featured_in.all():
            if article.follow_featured_photo():
                article.save()

    def clean(self):
        self.caption = self.caption.strip()
        self.alt_text = self.alt_text.strip()
        self.source = self.source.strip()
        if self.photographer_id is None and not self.source:
            message = _("Isi fotografer, atau sumber foto untuk foto dari luar redaksi.")
            raise ValidationError({"photographer": message})

    @property
    def credit(self) -> str:
        """Who to credit: the photographer's name, or the source."""
        if self.photographer_id is not None:
            return self.photographer.name
        return self.source

    @property
    def focal_point(self) -> tuple[float, float]:
        return (self.focal_x, self.focal_y)


class ArticlePhoto(models.Model):
    """A photo in an article's gallery, in the editors' order."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="gallery_items"
    )
    photo = models.ForeignKey(
        Photo, verbose_name=_("foto"), on_delete=models.PROTECT, related_name="gallery_uses"
    )
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("foto galeri")
        verbose_name_plural = _("galeri foto")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "photo"],
                name="gallery_photo_once_per_article",
                violation_error_message=_("Foto ini sudah ada di galeri berita ini."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.photo)
