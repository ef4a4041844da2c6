"""The photo library in the admin (the gallery on the article form is the editorial
admin's, ``articles.editorial.gallery``).

Photographers (group Fotografer) upload photos and keep their captions and credits;
they choose an article's featured photo and gallery until it is published, and never
publish. A photo that a published article shows cannot be deleted; the database keeps
every photo in use (PROTECT) as a second line. Only editors change such a photo, and
each change is on the articles' record (``articles.photos.changes``).
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from articles.models import Photo
from articles.photos import changes
from articles.photos import services as photos
from articles.photos.forms import PhotoAdminForm

THUMBNAIL_WIDTH = 96
# Changing one of these changes the renditions.
RENDITION_FIELDS = {"image", "focal_x", "focal_y"}


def thumbnail(photo: Photo | None, width: int = THUMBNAIL_WIDTH) -> str:
    """A small ``<img>`` of the photo (its smallest rendition once made), or a dash."""
    if photo is None or not photo.image:
        return "-"
    picture = photos.picture(photo)
    url = picture.jpeg[0].url if picture.jpeg else picture.src
    height = round(width * photo.height / photo.width) if photo.width and photo.height else ""
    return format_html(
        '<img src="{}" alt="{}" width="{}" height="{}" class="photo-thumbnail">',
        url,
        photo.alt_text,
        width,
        height,
    )


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    form = PhotoAdminForm
    list_display = ["thumbnail_column", "caption_column", "credit_column", "taken_at", "created_at"]
    list_display_links = ["thumbnail_column", "caption_column"]
    list_filter = [("photographer", admin.RelatedOnlyFieldListFilter), "created_at"]
    list_select_related = ["photographer"]
    search_fields = ["caption", "alt_text", "source", "photographer__name"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["photographer"]
    readonly_fields = ["preview", "size_column", "uploaded_by", "created_at"]
    fieldsets = [
        (None, {"fields": ["image", "preview", "size_column"]}),
        (_("Teks dan kredit"), {"fields": ["caption", "alt_text", "photographer", "source"]}),
        (
            _("Detail"),
            {
                "fields": ["taken_at", "focal_x", "focal_y", "uploaded_by", "created_at"],
                "description": _(
                    "Titik fokus menentukan pusat potongan 1200x630 untuk pratinjau tautan "
                    "(WhatsApp, Facebook)."
                ),
            },
        ),
    ]

    class Media:
        js = ["js/photo-preview.js", "js/focal-point.js"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        photo = self.get_object(request, unquote(object_id))
        if photo is not None and changes.is_locked_for(request.user, photo):
            if request.method == "POST":
                return self._refuse_locked(request, photo)
            self.message_user(request, changes.LOCKED_MESSAGE, messages.WARNING)
        return super().change_view(request, object_id, form_url, extra_context)

    def _refuse_locked(self, request, photo: Photo) -> TemplateResponse:
        """A change to a photo that only an editor may change: refused, nothing saved."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": photo,
            "title": _("Perubahan foto ditolak"),
            "message": changes.LOCKED_MESSAGE,
        }
        return TemplateResponse(request, "admin/articles/photo/locked.html", context, status=403)

    def has_change_permission(self, request, obj=None):
        if obj is not None and changes.is_locked_for(request.user, obj):
            return False  # the form is shown read-only; a POST is refused
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if change:
            # Refuses again, with the articles locked, if a published article shows it.
            changes.save_change(obj, by=request.user, changed=form.changed_data)
        else:
            obj.uploaded_by = request.user
            super().save_model(request, obj, form, change)
        # Renditions are made at upload and when the focal point moves; a caption edit
        # leaves the files alone.
        if not obj.renditions_ready or RENDITION_FIELDS & set(form.changed_data):
            photos.ensure_renditions(obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and Photo.objects.in_published_articles().filter(pk=obj.pk).exists():
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description=_("foto"))
    def thumbnail_column(self, photo: Photo) -> str:
        return thumbnail(photo)

    @admin.display(description=_("pratinjau"))
    def preview(self, photo: Photo) -> str:
        return thumbnail(photo, width=480)

    @admin.display(description=_("teks foto"), ordering="caption")
    def caption_column(self, photo: Photo) -> str:
        return str(photo)

    @admin.display(description=_("kredit"))
    def credit_column(self, photo: Photo) -> str:
        return photo.credit or "-"

    @admin.display(description=_("ukuran"))
    def size_column(self, photo: Photo) -> str:
        if not photo.width:
            return "-"
        return f"{photo.width} \u00d7 {photo.height} px"
