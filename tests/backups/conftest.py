"""Fixtures of the backup tests: a second, empty database to restore into, and a small
newsroom to back up."""

import shutil
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.db import connections
from django.db.utils import load_backend

from articles.models import Article, DailyViews
from tests.backups.contents import postgresql_admin
from tests.factories import ArticleFactory, PhotoFactory, UserFactory, jpeg_bytes

TARGET = "restore_target"


@pytest.fixture
def restore_target(transactional_db, tmp_path):
    """A connection alias for a new, empty database of the configured engine.

    SQLite: a file in the test's folder. PostgreSQL: a database named after the test
    database plus ``_restore``, created here and dropped afterwards.
    """
    default = connections["default"].settings_dict
    target = {**default, "TEST": {**default["TEST"]}}
    if connections["default"].vendor == "postgresql":
        if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
            pytest.skip("pg_dump/pg_restore are not installed (apt-get install postgresql-client)")
        target["NAME"] = f"{default['NAME']}_restore"
        postgresql_admin(f'DROP DATABASE IF EXISTS "{target["NAME"]}" WITH (FORCE)')
        postgresql_admin(f'CREATE DATABASE "{target["NAME"]}"')
    else:
        target["NAME"] = str(tmp_path / "restored.sqlite3")
    # Set as a connection object rather than in the settings: Django's test case then
    # allows queries to it (a connection made during the test, like a thread's).
    connections[TARGET] = load_backend(target["ENGINE"]).DatabaseWrapper(target, TARGET)
    yield TARGET
    connections[TARGET].close()
    del connections[TARGET]
    if connections["default"].vendor == "postgresql":
        postgresql_admin(f'DROP DATABASE IF EXISTS "{target["NAME"]}" WITH (FORCE)')


@pytest.fixture
def restored_media(tmp_path):
    return tmp_path / "restored-media"


@pytest.fixture
def newsroom(transactional_db):
    """Two releases: one with a photo, two revisions, a read count and daily tallies."""
    bridge = ArticleFactory(with_photo=True, title="Bupati meresmikan jembatan")
    handout = ContentFile(jpeg_bytes(colour="#aa3300"), name="istimewa.jpg")
    bridge.gallery_items.create(
        photo=PhotoFactory(image=handout, photographer=None, source="Istimewa")
    )
    bridge.title = "Bupati meresmikan jembatan Siak"
    bridge.save()
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    Article.objects.filter(pk=bridge.pk).update(view_count=315)
    Article.objects.filter(pk=draft.pk).update(view_count=7)
    DailyViews.objects.create(
        article=bridge, date=date(2026, 11, 26), counted=300, bot_reads=40, other_excluded=2
    )
    DailyViews.objects.create(article=bridge, date=date(2026, 11, 27), counted=15)
    UserFactory(username="redaktur")
    return bridge
