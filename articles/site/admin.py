"""The site's settings and sections in the admin."""

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from articles.models import Section, SiteSettings


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    """One row of settings: the list page goes straight to it; it cannot be deleted."""

    fieldsets = [
        (None, {"fields": ["site_name", "office_name", "logo"]}),
        (_("Berita baru"), {"fields": ["default_dateline", "default_source"]}),
        (_("Kontak"), {"fields": ["address", "letterhead_address", "phone", "email"]}),
        (
            _("Media sosial"),
            {"fields": ["facebook_url", "instagram_url", "x_url", "youtube_url", "tiktok_url"]},
        ),
    ]

    def has_add_permission(self, request):
        return not SiteSettings.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        stored = SiteSettings.objects.first()
        if stored is None:
            return HttpResponseRedirect(reverse("admin:articles_sitesettings_add"))
        return HttpResponseRedirect(reverse("admin:articles_sitesettings_change", args=[stored.pk]))

    def get_changeform_initial_data(self, request):
        return {**SiteSettings.defaults(), **super().get_changeform_initial_data(request)}
