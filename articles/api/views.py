"""The content API for the province's media center: ``/api/v1/``, read-only and
anonymous, published releases only (``Article.objects.published()``, as the pages).

django-ninja turns these functions and their schemas (``articles.api.schemas``) into
the OpenAPI 3 schema (``/api/v1/openapi.json``) and the docs page (``/api/v1/docs``,
Swagger UI from the app's own static files, so the site's CSP holds). Every answer is
JSON, errors included (``{"detail": "..."}``); successful ones carry an ETag and answer
conditional requests with 304 (``articles.api.conditional``); each client has a rate
limit (``articles.api.throttling``). Reading through the API counts no page read.
"""

from typing import Annotated

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Path, Query
from ninja.errors import ValidationError
from pydantic import WithJsonSchema

from articles.api import NAMESPACE, schemas
from articles.api.conditional import conditional, mark_modified
from articles.api.docs import LocalSwagger
from articles.api.listing import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_NUMBER,
    MAX_PAGE_SIZE,
    BadParameter,
    Filters,
    NoSuchPage,
    page_link,
    page_of,
    parse_since,
)
from articles.api.representation import article_data, changed_at, section_data, tag_data
from articles.api.throttling import PerClientRate
from articles.models import Article, Section
from articles.models.tags import published_tags

SLUG = r"^[-a-zA-Z0-9_]+$"
# Documented as a date-time; parsed (more leniently) by ``parse_since``, with a 400.
RFC3339 = Annotated[str, WithJsonSchema({"type": "string", "format": "date-time", "maxLength": 64})]
LARGEST_ID = 2**63 - 1  # the database's bigint
ERRORS = {400: schemas.Error, 404: schemas.Error, 429: schemas.Error}


class ContentAPI(NinjaAPI):
    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        return conditional(request, response)


api = ContentAPI(
    title="PROKOPIM content API",
    version="1",
    description=(
        "Published press releases, their sections and tags, read-only. Times are ISO 8601 "
        'in the site\'s zone (+07:00). Errors are JSON: {"detail": "..."}. Answers carry '
        "an ETag (send If-None-Match for 304). Each client may make a limited number of "
        "requests per minute; past it: 429 with Retry-After."
    ),
    urls_namespace=NAMESPACE,
    docs=LocalSwagger(),
    throttle=[PerClientRate()],
)


@api.exception_handler(ValidationError)
def invalid_parameter(request: HttpRequest, error: ValidationError) -> HttpResponse:
    """A parameter of the wrong type or out of range: 400, saying which and why."""
    problems = "; ".join(
        f"'{error_detail['loc'][-1]}': {error_detail['msg']}" for error_detail in error.errors
    )
    return api.create_response(request, {"detail": f"Invalid parameter. {problems}"}, status=400)


@api.exception_handler(BadParameter)
def bad_parameter(request: HttpRequest, error: BadParameter) -> HttpResponse:
    return api.create_response(request, {"detail": str(error)}, status=400)


@api.exception_handler(NoSuchPage)
def no_such_page(request: HttpRequest, error: NoSuchPage) -> HttpResponse:
    return api.create_response(request, {"detail": str(error)}, status=404)


@api.get(
    "/articles/",
    response={200: schemas.ArticlePage, **ERRORS},
    summary="Published releases, newest first",
    tags=["articles"],
)
def list_articles(
    request: HttpRequest,
    tag: str | None = Query(None, max_length=100, pattern=SLUG, description="A tag's slug."),
    section: str | None = Query(None, max_length=90, pattern=SLUG, description="A section's slug."),
    person: str | None = Query(
        None,
        max_length=160,
        pattern=SLUG,
        description="A person's slug: releases they reported, edited or photographed.",
    ),
    since: RFC3339 | None = Query(
        None,
        max_length=64,
        description="Only releases changed at or after this moment (their updated_at), "
        "for incremental sync: an RFC 3339 date and time with its zone, e.g. "
        "2025-01-31T08:00:00+07:00.",
    ),
    page: int = Query(1, ge=1, le=MAX_PAGE_NUMBER),
    page_size: int = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
):
    """Lists carry an ETag but no Last-Modified: a release withdrawn from a list leaves
    no date behind to compare with."""
    filters = Filters(tag=tag, section=section, person=person, since=parse_since(since))
    articles = filters.apply(Article.objects.for_api()).order_by("-published_at", "-pk")
    found = page_of(articles, number=page, size=page_size)
    return {
        "count": found.paginator.count,
        "next": page_link(request, found.next_page_number() if found.has_next() else None),
        "previous": page_link(
            request, found.previous_page_number() if found.has_previous() else None
        ),
        "results": [
            article_data(article, request, pending_reads=False) for article in found.object_list
        ],
    }


@api.get(
    "/articles/{id}/",
    response={200: schemas.Article, **ERRORS},
    summary="One published release",
    tags=["articles"],
)
def get_article(
    request: HttpRequest, response: HttpResponse, id: int = Path(..., ge=1, le=LARGEST_ID)
):
    article = get_object_or_404(Article.objects.for_api(), pk=id)
    mark_modified(response, changed_at(article))
    return article_data(article, request, pending_reads=True)


@api.get(
    "/sections/",
    response={200: schemas.SectionList, **ERRORS},
    summary="Sections with at least one published release",
    tags=["sections"],
)
def list_sections(request: HttpRequest):
    sections = [
        section_data(section, request.build_absolute_uri) for section in Section.objects.public()
    ]
    return {"count": len(sections), "results": sections}


@api.get(
    "/tags/",
    response={200: schemas.TagList, **ERRORS},
    summary="Tags on at least one published release",
    tags=["tags"],
)
def list_tags(request: HttpRequest):
    tags = [
        tag_data(tag, request.build_absolute_uri) for tag in published_tags().order_by("name", "pk")
    ]
    return {"count": len(tags), "results": tags}
