"""The site's settings, sections and tags in the admin."""

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit import admin as taggit_admin  # noqa: F401 - registered first, replaced below
from taggit.models import Tag

from articles.models import Section, SiteSettings
from articles.site import services


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
    # An address typed without its scheme ("facebook.com/...") is taken as https.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

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


class MergeTagsForm(forms.Form):
    name = forms.CharField(
        label=_("Nama tag gabungan"),
        max_length=100,
        help_text=_("Nama tag yang tersisa: salah satu tag terpilih, tag lain, atau tag baru."),
    )


# In place of django-taggit's admin: Indonesian, without its inline of every tagged object
# (tags are given on the article's form), and with a merge that asks before it acts.
if admin.site.is_registered(Tag):
    admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "article_count"]
    ordering = ["name"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    actions = ["merge_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(items=Count("taggit_taggeditem_items"))

    @admin.display(description=_("jumlah berita"), ordering="items")
    def article_count(self, tag: Tag) -> int:
        return tag.items

    @admin.action(description=_("Gabungkan tag terpilih"), permissions=["change", "delete"])
    def merge_selected(self, request, queryset):
        tags = list(queryset.order_by("name"))
        form = MergeTagsForm(
            request.POST if "apply" in request.POST else None,
            initial={"name": tags[0].name if tags else ""},
        )
        if form.is_valid():
            kept = services.merge_tags(tags=tags, into=form.cleaned_data["name"])
            self.message_user(
                request,
                _("%(count)d tag digabungkan menjadi “%(name)s”.")
                % {"count": len(tags), "name": kept.name},
                messages.SUCCESS,
            )
            return None  # back to the list
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Gabungkan tag"),
            "tags": tags,
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/taggit/tag/merge.html", context)
