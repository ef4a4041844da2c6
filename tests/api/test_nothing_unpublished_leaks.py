"""The content API shows only what the pages show (``Article.objects.published()``):
a draft, a release in review, a scheduled one and a withdrawn one are in no list, have
no detail, and bring no section or tag of their own into the section and tag lists."""

from datetime import UTC, datetime, timedelta

import pytest

from articles.models import Article
from tests.api.conftest import api_url
from tests.factories import ArticleFactory, SectionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

NOW = datetime(2025, 3, 10, 3, 0, tzinfo=UTC)

HIDDEN = {
    "draft": (Article.Status.DRAFT, -1),  # its planned time has passed
    "review": (Article.Status.REVIEW, -1),
    "scheduled": (Article.Status.PUBLISHED, +1),  # an hour ahead
    "withdrawn": (Article.Status.WITHDRAWN, -1),
}


@pytest.fixture(params=list(HIDDEN))
def hidden(request, db):
    """A hidden release with a section and a tag of its own, and a published one."""
    status, hours = HIDDEN[request.param]
    ArticleFactory(title="Terbit", tags=["umum"], published_at=NOW - timedelta(hours=2))
    return ArticleFactory(
        title="Rahasia",
        status=status,
        published_at=NOW + timedelta(hours=hours),
        section=SectionFactory(name="Rubrik rahasia"),
        tags=["umum", "tag-rahasia"],
    )


def test_not_in_the_list(client, hidden):
    response = client.get(api_url("list_articles"))
    assert [item["title"] for item in response.json()["results"]] == ["Terbit"]
    assert b"Rahasia" not in response.content


@pytest.mark.parametrize("param", ["tag", "section", "since"])
def test_not_in_a_filtered_list(client, hidden, param):
    value = {"tag": "tag-rahasia", "section": "rubrik-rahasia", "since": "2020-01-01"}[param]
    response = client.get(api_url("list_articles"), {param: value})
    assert b"Rahasia" not in response.content


def test_no_detail(client, hidden):
    response = client.get(api_url("get_article", id=hidden.pk))
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_no_section_of_its_own(client, hidden):
    assert client.get(api_url("list_sections")).json() == {"count": 0, "results": []}


def test_no_tag_of_its_own(client, hidden):
    body = client.get(api_url("list_tags")).json()
    assert [(tag["slug"], tag["article_count"]) for tag in body["results"]] == [("umum", 1)]


def test_sections_and_tags_of_published_releases(client):
    section = SectionFactory(name="Kesehatan", description="Sehat.")
    ArticleFactory(section=section, tags=["posyandu", "Air Bersih"], published_at=NOW)
    ArticleFactory(tags=["posyandu"], published_at=NOW)
    assert client.get(api_url("list_sections")).json() == {
        "count": 1,
        "results": [
            {
                "slug": "kesehatan",
                "name": "Kesehatan",
                "description": "Sehat.",
                "url": "http://testserver/rubrik/kesehatan/",
            }
        ],
    }
    assert client.get(api_url("list_tags")).json() == {
        "count": 2,
        "results": [
            {
                "slug": "air-bersih",
                "name": "Air Bersih",
                "url": "http://testserver/tag/air-bersih/",
                "article_count": 1,
            },
            {
                "slug": "posyandu",
                "name": "posyandu",
                "url": "http://testserver/tag/posyandu/",
                "article_count": 2,
            },
        ],
    }
