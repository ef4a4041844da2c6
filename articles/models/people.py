"""The people credited on releases: reporters, editors, photographers."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _


class Person(models.Model):
    """A member of staff (or a contributor) who can be credited on a release."""

    name = models.CharField(_("nama"), max_length=150)
    slug = models.SlugField(_("penggalan alamat"), max_length=160, unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun pengguna"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("personel")
        verbose_name_plural = _("personel")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(slugify(self.name) or "personel", Person.objects, self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("articles:person", args=[self.slug])


def unique_slug(base: str, queryset: models.QuerySet, exclude_pk) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever is free in ``queryset``."""
    taken = set(
        queryset.exclude(pk=exclude_pk).filter(slug__startswith=base).values_list("slug", flat=True)
    )
    candidate, number = base, 2
    while candidate in taken:
        candidate = f"{base}-{number}"
        number += 1
    return candidate
