from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.editorial import policy, workflow
from articles.editorial.admin_views import WorkflowViewsMixin
from articles.editorial.forms import ArticleAdminForm
from articles.editorial.gallery import GalleryInline
from articles.models import Article, ArticleEvent, Person
from articles.photos.admin import thumbnail
from articles.reads.admin import ViewCountViewsMixin
from articles.site.config import site_settings
from newsroom.readonly_admin import ReadOnlyAdmin


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "user"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]


class StatusFilter(admin.SimpleListFilter):
    """Status as editors think of it, with "Terjadwal" apart from what is live."""

    title = _("status")
    parameter_name = "status"
    SCHEDULED = "terjadwal"

    def lookups(self, request, model_admin):
        return [
            (Article.Status.DRAFT, Article.Status.DRAFT.label),
            (Article.Status.REVIEW, Article.Status.REVIEW.label),
            (self.SCHEDULED, _("Terjadwal")),
            (Article.Status.PUBLISHED, Article.Status.PUBLISHED.label),
            (Article.Status.WITHDRAWN, Article.Status.WITHDRAWN.label),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == self.SCHEDULED:
            return queryset.scheduled()
        if value == Article.Status.PUBLISHED:
            return queryset.published()
        if value in Article.Status.values:
            return queryset.filter(status=value)
        return queryset


CONTENT_FIELDSETS = [
    (None, {"fields": ["kicker", "title", "slug", "summary"]}),
    (_("Isi"), {"fields": ["section", "dateline", "source", "body"]}),
    (_("Foto"), {"fields": ["featured_photo", "featured_photo_details"]}),
    (_("Kredit"), {"fields": ["reporter", "editor"]}),
    (_("Penerbitan"), {"fields": ["status", "published_at", "tags"]}),
    (_("Catatan"), {"fields": ["view_count", "created_at", "updated_at"]}),
]
PHOTO_FIELDSETS = [(_("Foto"), {"fields": ["featured_photo", "featured_photo_details"]})]
CORRECTION_FIELDSET = (
    _("Ralat"),
    {
        "fields": ["correction", "correction_note"],
        "description": _("Isi bagian ini bila Anda mengubah isi berita yang sudah terbit."),
    },
)


@admin.register(Article)
class ArticleAdmin(ViewCountViewsMixin, WorkflowViewsMixin, admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = [
        "thumbnail_column",
        "title",
        "status_column",
        "published_at_column",
        "reporter",
        "editor",
        "photographer",
        "view_count",
        "tag_list",
    ]
    list_filter = [
        StatusFilter,
        "section",
        "tags",
        ("reporter", admin.RelatedOnlyFieldListFilter),
        ("editor", admin.RelatedOnlyFieldListFilter),
        ("photographer", admin.RelatedOnlyFieldListFilter),
        "published_at",
    ]
    search_fields = ["title", "summary", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    list_display_links = ["thumbnail_column", "title"]
    autocomplete_fields = ["editor", "reporter", "photographer", "featured_photo"]
    inlines = [GalleryInline]
    actions = ["submit_selected", "publish_selected"]
    change_form_template = "admin/articles/article/change_form.html"

    # -- who sees and edits what ------------------------------------------

    def get_queryset(self, request):
        queryset = (
            super()
            .get_queryset(request)
            .select_related("reporter", "editor", "photographer", "featured_photo")
            .prefetch_related("tags")
        )
        return queryset.visible_to_staff(request.user)

    def has_change_permission(self, request, obj=None):
        user = request.user
        if obj is None:
            return user.has_perm(policy.EDIT_PERMISSION) or user.has_perm(policy.PHOTO_PERMISSION)
        return policy.can_edit(user, obj) or policy.can_edit_photo(user, obj)

    def has_delete_permission(self, request, obj=None):
        # Published releases are withdrawn, never deleted, so the record stays.
        if obj is not None and obj.status != Article.Status.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    def has_publish_permission(self, request):
        return policy.is_editor(request.user)

    def _photo_only(self, request, obj) -> bool:
        user = request.user
        return (
            obj is not None and not policy.can_edit(user, obj) and policy.can_edit_photo(user, obj)
        )

    def get_prepopulated_fields(self, request, obj=None):
        return (
            {} if self._photo_only(request, obj) else super().get_prepopulated_fields(request, obj)
        )

    def get_fieldsets(self, request, obj=None):
        user = request.user
        if self._photo_only(request, obj):
            return PHOTO_FIELDSETS
        fieldsets = list(CONTENT_FIELDSETS)
        if obj is not None and obj.is_public and policy.can_edit(user, obj):
            fieldsets.insert(2, CORRECTION_FIELDSET)
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = ["featured_photo_details", "status", "view_count", "created_at", "updated_at"]
        planned_time_editable = policy.is_editor(request.user) and (
            obj is None or obj.status != Article.Status.PUBLISHED
        )
        if not planned_time_editable:
            readonly.append("published_at")
        return readonly

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        site = site_settings()
        if site.default_dateline:
            initial.setdefault("dateline", site.default_dateline)
        if site.default_source:
            initial.setdefault("source", site.default_source)
        person = policy.linked_person(request.user)
        if person is not None:
            role = "editor" if policy.is_editor(request.user) else "reporter"
            initial.setdefault(role, person.pk)
        return initial

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        if change and getattr(form, "is_correction", False):
            obj._change_reason = _("Ralat: %(note)s") % {
                "note": form.cleaned_data["correction_note"].strip()
            }
        super().save_model(request, obj, form, change)
        if change and getattr(form, "is_correction", False):
            workflow.record_correction(
                article=obj, by=request.user, note=form.cleaned_data["correction_note"]
            )
        if notice := form.dateline_notice():
            level, text = notice
            self.message_user(request, text, level)

    # -- the featured photo's caption and credit -------------------------

    @admin.display(description=_("teks foto dan fotografer"))
    def featured_photo_details(self, article: Article) -> str:
        """The featured photo's caption and credit, which the release shows: read-only
        here (the release copies them, ``Article.follow_featured_photo``), changed on
        the photo."""
        photo = article.featured_photo if article.featured_photo_id else None
        if photo is None:
            return _("Teks foto dan fotografer mengikuti foto utama: pilih fotonya, lalu simpan.")
        return format_html(
            '<div class="featured-photo-details">{}'
            "<p><strong>{}</strong> {}</p><p><strong>{}</strong> {}</p>"
            '<p><a href="{}">{}</a></p></div>',
            thumbnail(photo),
            _("Teks foto:"),
            photo.caption or "-",
            _("Fotografer:"),
            photo.credit or "-",
            reverse("admin:articles_photo_change", args=[photo.pk]),
            _("Ubah teks foto atau fotografer pada foto ini"),
        )

    # -- list columns -----------------------------------------------------

    @admin.display(description=_("foto"))
    def thumbnail_column(self, article: Article) -> str:
        return thumbnail(article.featured_photo)

    @admin.display(description=_("status"), ordering="status")
    def status_column(self, article: Article) -> str:
        return article.status_label

    @admin.display(description=_("waktu terbit"), ordering="published_at")
    def published_at_column(self, article: Article) -> str:
        if article.published_at is None:
            return "-"
        return formats.date_format(timezone.localtime(article.published_at), "DATETIME_FORMAT")

    @admin.display(description=_("tag"))
    def tag_list(self, article: Article) -> str:
        return ", ".join(tag.name for tag in article.tags.all())

    def view_on_site(self, article: Article):
        return article.get_absolute_url() if article.is_public else None

    # -- list actions -----------------------------------------------------

    @admin.action(description=_("Ajukan berita terpilih untuk ditinjau"), permissions=["change"])
    def submit_selected(self, request, queryset):
        self._run_on_each(request, queryset, workflow.submit)

    @admin.action(description=_("Terbitkan berita terpilih sekarang"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._run_on_each(request, queryset, workflow.publish)

    def _run_on_each(self, request, queryset, transition) -> None:
        done = 0
        for article in queryset:
            try:
                transition(article=article, by=request.user)
            except PermissionDenied:
                self.message_user(
                    request,
                    _("“%(title)s”: Anda tidak berhak melakukan ini.") % {"title": article},
                    messages.ERROR,
                )
            except workflow.TransitionNotAllowed as refusal:
                self.message_user(request, f"“{article}”: {refusal}", messages.WARNING)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("%(count)d berita diproses.", "%(count)d berita diproses.", done)
                % {"count": done},
                messages.SUCCESS,
            )


@admin.register(ArticleEvent)
class ArticleEventAdmin(ReadOnlyAdmin):
    """The workflow record. Nobody edits or deletes it from the admin."""

    list_display = ["created_at", "article", "action", "actor", "note"]
    list_filter = ["action", "created_at"]
    list_select_related = ["article", "actor"]
    search_fields = ["article__title", "note"]
    date_hierarchy = "created_at"
