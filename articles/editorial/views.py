"""The one editorial page outside the admin: an article through a signed preview link."""

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView

from articles.editorial import preview
from articles.models import Article


@method_decorator(never_cache, name="dispatch")
class PreviewLinkView(DetailView):
    """An article that is not withdrawn, through a signed link that expires and that
    its editors can revoke. A bad, expired or revoked link is a 403."""

    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_object(self, queryset=None):
        try:
            article_id, version = preview.read_token(self.kwargs["token"])
            article = get_object_or_404(Article.objects.with_credits(), pk=article_id)
            preview.check_still_valid(article, version)
        except signing.BadSignature as error:
            raise PermissionDenied("Invalid, expired or revoked preview link.") from error
        return article

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            is_preview=True,
            canonical_url=preview.canonical_url(self.request, self.object),
            **kwargs,
        )

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
