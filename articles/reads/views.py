"""The read beacon: how a cached article page reports its read (``VIEW_COUNT_MODE=beacon``)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from articles.models import Article
from articles.reads import counting
from articles.reads.counting import CountingMode


@csrf_exempt  # no token in a cached page; the same-origin check below stands in for it
@require_POST
def read_beacon(request, pk: int):
    """Count a read reported by the article page itself (cache-safe mode)."""
    if counting.mode() is not CountingMode.BEACON:
        raise Http404
    if not counting.is_same_origin(request):
        raise PermissionDenied("Cross-site read beacon.")
    if counting.beacon_rate_exceeded(request):
        return HttpResponse(status=429)
    article = get_object_or_404(Article.objects.published(), pk=pk)
    counting.record_read(request, article, beacon=True)
    return HttpResponse(status=204)
