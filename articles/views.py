"""Public pages. Each view reads the request, asks ``Article.objects.published()``, renders."""

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import DateDetailView, DetailView, ListView
from taggit.models import Tag

from . import counting, preview
from .models import Article


class PublishedArticlesMixin:
    """Everything public starts from the published articles, with their credits loaded."""

    def get_queryset(self):
        return Article.objects.for_public_pages()


class HomeView(PublishedArticlesMixin, ListView):
    template_name = "articles/home.html"
    context_object_name = "articles"

    def get_paginate_by(self, queryset):
        return settings.NEWSROOM_PAGE_SIZE


class ArticleDetailView(PublishedArticlesMixin, DateDetailView):
    """A published article; a withdrawn one answers 410 Gone, anything else 404."""

    date_field = "published_at"
    month_format = "%m"
    day_format = "%d"
    context_object_name = "article"

    def get_queryset(self):
        return super().get_queryset().with_correction_flag()

    def get(self, request, *args, **kwargs):
        try:
            response = super().get(request, *args, **kwargs)
        except Http404:
            if self._is_withdrawn():
                return TemplateResponse(request, "articles/article_withdrawn.html", status=410)
            raise
        if counts_inline():
            counting.record_read(request, self.object)
        return response

    def get_context_data(self, **kwargs):
        # The figure before this read is counted, as the old site showed it.
        return super().get_context_data(
            displayed_views=counting.displayed_count(self.object),
            read_beacon=settings.NEWSROOM_VIEW_COUNT_MODE == "beacon",
            **kwargs,
        )

    def _is_withdrawn(self) -> bool:
        # The same date and slug lookup as the page itself, among withdrawn articles.
        try:
            self.get_object(queryset=Article.objects.withdrawn())
        except Http404:
            return False
        return True


def counts_inline() -> bool:
    return settings.NEWSROOM_VIEW_COUNT_MODE == "inline"


@csrf_exempt  # no token in a cached page; the same-origin check below stands in for it
@require_POST
def read_beacon(request, pk: int):
    """Count a read reported by the article page itself (cache-safe mode)."""
    if settings.NEWSROOM_VIEW_COUNT_MODE != "beacon":
        raise Http404
    if not counting.is_same_origin(request):
        raise PermissionDenied("Cross-site read beacon.")
    if counting.beacon_rate_exceeded(request):
        return HttpResponse(status=429)
    article = get_object_or_404(Article.objects.published(), pk=pk)
    counting.record_read(request, article, beacon=True)
    return HttpResponse(status=204)


class TagArticleListView(PublishedArticlesMixin, ListView):
    """Published articles with one tag. A tag no published article carries is a 404,
    so tags used only on drafts stay private."""

    template_name = "articles/tag_detail.html"
    context_object_name = "articles"
    allow_empty = False

    def get_paginate_by(self, queryset):
        return settings.NEWSROOM_PAGE_SIZE

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


@method_decorator(never_cache, name="dispatch")
class PreviewLinkView(DetailView):
    """An article in any state, through a signed link that expires. A bad link is a 403."""

    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_object(self, queryset=None):
        try:
            article_id = preview.article_id_from_token(self.kwargs["token"])
        except signing.BadSignature as error:
            raise PermissionDenied("Invalid or expired preview link.") from error
        return get_object_or_404(Article.objects.with_credits(), pk=article_id)

    def get_context_data(self, **kwargs):
        return super().get_context_data(is_preview=True, **kwargs)

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
