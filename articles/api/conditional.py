"""Conditional GET for the content API: every successful answer carries an ``ETag`` (a
hash of its body) and, where the view sets one, ``Last-Modified``; a request whose
``If-None-Match`` or ``If-Modified-Since`` shows the client already has it gets 304
Not Modified with no body."""

from datetime import datetime

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.http import http_date, parse_http_date_safe

# Short: a client or proxy may reuse an answer this long, then asks again (cheaply, with
# its ETag). Counts and corrections stay at most this late.
MAX_AGE_SECONDS = 60


def mark_modified(response: HttpResponse, moment: datetime | None) -> None:
    """Give ``response`` (a view's temporal response) ``Last-Modified: moment``."""
    if moment is not None:
        response["Last-Modified"] = http_date(moment.timestamp())


def conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """``response`` with its validators, or 304 when the request's match them. Only a
    200 answer to GET or HEAD is concerned."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    set_response_etag(response)
    patch_cache_control(response, public=True, max_age=MAX_AGE_SECONDS)
    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    return get_conditional_response(
        request, etag=response["ETag"], last_modified=last_modified, response=response
    )
