"""The gallery on the article form: which photos, in which order."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from articles.editorial import policy
from articles.models import ArticlePhoto
from articles.photos.admin import thumbnail


class GalleryInline(admin.TabularInline):
    """The article's gallery, in order. Who may change it is decided by the article's
    workflow (``policy.can_edit_photo``), not by permissions on the link table."""

    model = ArticlePhoto
    fields = ["photo", "thumbnail_column", "position"]
    readonly_fields = ["thumbnail_column"]
    autocomplete_fields = ["photo"]
    extra = 0
    verbose_name = _("foto galeri")
    verbose_name_plural = _("galeri foto")

    @admin.display(description=_("pratinjau"))
    def thumbnail_column(self, item: ArticlePhoto) -> str:
        return thumbnail(item.photo if item.photo_id else None)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("photo")

    def _may_edit(self, request, obj) -> bool:
        user = request.user
        if obj is None:
            return user.has_perm("articles.add_article")
        return policy.can_edit_photo(user, obj)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.view_photo") or self._may_edit(request, obj)

    def has_add_permission(self, request, obj=None):
        return self._may_edit(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_edit(request, obj)
