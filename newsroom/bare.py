"""The bare response, for benchmarks: what a page costs before it does any work.

``/_bench/bare`` is routed only with ``BENCHMARK_VIEWS`` on (``bench/page_bench.py``
turns it on for its own servers). It goes through the whole middleware stack like every
page, but touches no database and no cache, so the other pages' cost can be read as a
ratio to it.
"""

from django.http import HttpRequest, HttpResponse

BODY = b"ok\n"


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse(BODY, content_type="text/plain; charset=utf-8")
