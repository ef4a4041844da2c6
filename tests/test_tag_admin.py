"""The tags in the admin ("Tag berita › Tag"): how many releases use each, and merging
tags that mean the same thing, after a page that asks which name to keep."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains
from taggit.models import Tag

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:taggit_tag_changelist")


def merge(client, tags, **extra):
    return client.post(
        CHANGELIST,
        {"action": "merge_selected", "_selected_action": [tag.pk for tag in tags], **extra},
    )


def test_the_list_says_how_many_releases_use_each_tag(admin_client):
    ArticleFactory(tags=["Banjir"])
    ArticleFactory(tags=["Banjir", "BPBD"])
    response = admin_client.get(CHANGELIST)
    assertContains(response, '<td class="field-article_count">2</td>', html=True)
    assertContains(response, "Jumlah berita")


def test_merging_first_asks_which_name_to_keep_and_changes_nothing(admin_client):
    ArticleFactory(tags=["Banjir"])
    ArticleFactory(tags=["banjir bandang"])
    tags = list(Tag.objects.order_by("name"))

    response = merge(admin_client, tags)

    assertContains(response, "Gabungkan tag")
    assertContains(response, 'value="Banjir"')  # the first, offered as the name to keep
    assert Tag.objects.count() == 2


def test_merging_moves_every_release_to_one_tag_and_deletes_the_others(admin_client):
    both = ArticleFactory(tags=["Banjir", "banjir bandang"])
    one = ArticleFactory(tags=["banjir bandang"])
    other = ArticleFactory(tags=["Kesehatan"])
    tags = Tag.objects.filter(name__in=["Banjir", "banjir bandang"])

    response = merge(admin_client, tags, apply="Gabungkan", name="Banjir")

    assert response.status_code == 302
    assert list(Tag.objects.order_by("name").values_list("name", flat=True)) == [
        "Banjir",
        "Kesehatan",
    ]
    assert list(both.tags.names()) == ["Banjir"]  # once, not twice
    assert list(one.tags.names()) == ["Banjir"]
    assert list(other.tags.names()) == ["Kesehatan"]


def test_merging_into_a_new_name_makes_that_tag(admin_client):
    article = ArticleFactory(tags=["Banjir", "banjir bandang"])
    tags = Tag.objects.all()

    merge(admin_client, tags, apply="Gabungkan", name="Bencana banjir")

    assert list(Tag.objects.values_list("name", flat=True)) == ["Bencana banjir"]
    assert list(article.tags.names()) == ["Bencana banjir"]


def test_a_reporter_cannot_merge_tags(client, make_user):
    ArticleFactory(tags=["Banjir", "banjir bandang"])
    client.force_login(make_user("Reporter", "sari"))
    assert "merge_selected" not in client.get(CHANGELIST).content.decode()

    merge(client, Tag.objects.all(), apply="Gabungkan", name="Banjir")  # forged

    assert Tag.objects.count() == 2
