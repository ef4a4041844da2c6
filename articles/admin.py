from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .forms import ArticleAdminForm
from .models import Article, Person


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "user"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = [
        "title",
        "status",
        "published_at",
        "reporter",
        "editor",
        "photographer",
        "view_count",
        "tag_list",
    ]
    list_filter = ["status", "published_at", "tags"]
    list_select_related = ["reporter", "editor", "photographer"]
    search_fields = ["title", "summary", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["editor", "reporter", "photographer"]
    readonly_fields = ["view_count", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["kicker", "title", "slug", "summary"]}),
        (_("Isi"), {"fields": ["dateline", "source", "body"]}),
        (_("Foto"), {"fields": ["photo", "photo_caption"]}),
        (_("Kredit"), {"fields": ["reporter", "editor", "photographer"]}),
        (_("Penerbitan"), {"fields": ["status", "published_at", "tags"]}),
        (_("Catatan"), {"fields": ["view_count", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    @admin.display(description=_("tag"))
    def tag_list(self, article: Article) -> str:
        return ", ".join(tag.name for tag in article.tags.all())

    def view_on_site(self, article: Article):
        return article.get_absolute_url() if article.is_public else None
