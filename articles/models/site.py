"""What the site says about itself (editable in the admin), and its sections ("rubrik")."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from articles.models.content import Article


class SectionQuerySet(models.QuerySet):
    def public(self) -> "SectionQuerySet":
        """Sections with at least one published release: the only ones the public sees
        (in the menu, at their own address, in the sitemap)."""
        return self.filter(Exists(Article.objects.published().filter(section=OuterRef("pk"))))

    def with_visibility(self) -> "SectionQuerySet":
        """Every section with ``is_public`` (it has a published release) and ``goes_live``
        (its next scheduled release's publication time, or None), in one query."""
        in_section = {"section": OuterRef("pk")}
        next_scheduled = Article.objects.scheduled().filter(**in_section).order_by("published_at")
        return self.annotate(
            is_public=Exists(Article.objects.published().filter(**in_section)),
            goes_live=Subquery(next_scheduled.values("published_at")[:1]),
        )


class Section(models.Model):
    """A standing section of the site, e.g. Pemerintahan, Kesehatan, Pendidikan."""

    name = models.CharField(_("nama"), max_length=80, unique=True)
    slug = models.SlugField(_("penggalan alamat"), max_length=90, unique=True)
    description = models.TextField(_("keterangan"), blank=True)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("rubrik")
        verbose_name_plural = _("rubrik")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:section", args=[self.slug])


class SiteSettings(models.Model):
    """The one row of site-wide settings. Read it with ``articles.site.config.site_settings()``."""

    site_name = models.CharField(_("nama situs"), max_length=120)
    office_name = models.CharField(_("nama kantor"), max_length=200)
    logo = models.ImageField(_("logo"), upload_to="site/", blank=True)
    default_dateline = models.CharField(
        _("tempat berita bawaan"), max_length=100, blank=True, help_text=_("Misalnya BENGKALIS.")
    )
    default_source = models.CharField(
        _("sumber bawaan"), max_length=50, blank=True, help_text=_("Misalnya PROKOPIM.")
    )
    address = models.TextField(_("alamat"), blank=True)
    letterhead_address = models.CharField(
        _("alamat pada kop PDF"),
        max_length=200,
        blank=True,
        help_text=_(
            "Satu baris di bawah nama kantor pada kop berita versi PDF, misalnya "
            "Jalan Ahmad Yani No. 1, Bengkalis 28711."
        ),
    )
    phone = models.CharField(_("telepon"), max_length=50, blank=True)
    email = models.EmailField(_("surel"), blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)
    instagram_url = models.URLField(_("Instagram"), blank=True)
    x_url = models.URLField(_("X (Twitter)"), blank=True)
    youtube_url = models.URLField(_("YouTube"), blank=True)
    tiktok_url = models.URLField(_("TikTok"), blank=True)

    class Meta:
        verbose_name = _("pengaturan situs")
        verbose_name_plural = _("pengaturan situs")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="site_settings_single_row"),
        ]

    def __str__(self) -> str:
        return self.site_name

    def save(self, *args, **kwargs):
        self.pk = 1  # one row only
        super().save(*args, **kwargs)

    @classmethod
    def defaults(cls) -> dict:
        return {
            "site_name": settings.NEWSROOM_SITE_NAME,
            "office_name": settings.NEWSROOM_OFFICE_NAME,
            "default_source": settings.NEWSROOM_DEFAULT_SOURCE,
        }

    @property
    def social_links(self) -> list[tuple[str, str]]:
        links = [
            ("Facebook", self.facebook_url),
            ("Instagram", self.instagram_url),
            ("X", self.x_url),
            ("YouTube", self.youtube_url),
            ("TikTok", self.tiktok_url),
        ]
        return [(name, url) for name, url in links if url]
