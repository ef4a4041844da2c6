"""What the content API answers, as pydantic schemas: django-ninja validates every
response against them and writes the OpenAPI 3 schema (``/api/v1/openapi.json``)
from them. Plain pydantic models, not ninja's ``Schema``: the views hand over dicts,
and ``Schema``'s reading of ORM objects cost a page of twenty releases 20 ms."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field


class Error(BaseModel):
    """Every error the API answers: a status code and this body."""

    detail: str = Field(description="What went wrong, in words.")


class Credit(BaseModel):
    name: str
    url: str | None = Field(
        description="The person's page on the site; null for a photo source outside the "
        "newsroom (e.g. 'Istimewa')."
    )


class Credits(BaseModel):
    editor: Credit | None
    reporter: Credit | None
    photographer: Credit | None


class Rendition(BaseModel):
    url: str
    width: int
    format: Literal["webp", "jpeg"]


class Photo(BaseModel):
    url: str = Field(
        description="The picture pages fall back on: the JPEG rendition at most 960 px "
        "wide (the cleaned upload, stripped of metadata, until its renditions exist)."
    )
    width: int | None = Field(description="The picture's full width in pixels.")
    height: int | None
    caption: str
    credit: str = Field(description="The photographer's name, or the photo's source.")
    alt: str
    renditions: list[Rendition] = Field(description="Every size, WebP and JPEG, narrowest first.")


class Section(BaseModel):
    slug: str
    name: str
    description: str
    url: str


class Tag(BaseModel):
    slug: str
    name: str
    url: str


class TagWithCount(Tag):
    article_count: int = Field(description="How many published releases carry it.")


class Correction(BaseModel):
    note: str
    corrected_at: datetime


class Article(BaseModel):
    id: int
    url: str = Field(description="The canonical, absolute address of the release's page.")
    short_url: str | None = Field(
        description="The release's short link (/s/<code>/), a permanent redirect to its page."
    )
    title: str
    kicker: str
    summary: str
    body_html: str = Field(
        description="The sanitised body (no script, style or frame); image and site "
        "addresses absolute."
    )
    body_text: str = Field(description="The body as plain text, one blank line between blocks.")
    dateline: str
    source: str
    published_at: datetime = Field(description="ISO 8601, in the site's zone (+07:00).")
    updated_at: datetime = Field(
        description="The last change a reader can see (never before published_at); the "
        "'since' filter compares with it."
    )
    credits: Credits
    section: Section | None
    tags: list[Tag]
    photo: Photo | None
    gallery: list[Photo]
    view_count: int = Field(
        description="Reads of the release's page ('Dibaca'). The detail includes the reads "
        "not yet written to the database; lists show the stored figure (at most about a "
        "minute behind). Reads through the API are not counted."
    )
    correction: Correction | None = Field(description="The latest correction ('Ralat'), if any.")
    corrections: list[Correction] = Field(description="Every correction, oldest first.")


class ArticlePage(BaseModel):
    count: int = Field(description="How many releases match, over all pages.")
    next: str | None
    previous: str | None
    results: list[Article]


class SectionList(BaseModel):
    count: int
    results: list[Section]


class TagList(BaseModel):
    count: int
    results: list[TagWithCount]
