"""The full-text index over a bounded text, so that no save can fail on it.

Migration 0008 indexed the whole summary and body: a body of 1.6 MB of distinct words
made PostgreSQL refuse the row ("string is too long for tsvector"), so the save failed.
The index now covers the first ``INDEXED_SUMMARY_CHARACTERS`` of the summary and
``INDEXED_BODY_CHARACTERS`` of the body, exactly as ``articles.public.search.search_document()``
compiles (without the table name); tests/public/test_search.py checks that searches use
it and that the longest bodies still save. Other databases get nothing, as before.
"""

from django.db import migrations

INDEX_NAME = "article_search_document"

# Frozen here: a later change of the bounds in search.py needs a migration of its own.
CREATE_BOUNDED_INDEX = f"""
CREATE INDEX {INDEX_NAME} ON articles_article USING gin ((
    (setweight(to_tsvector('indonesian'::regconfig, COALESCE("title", '')), 'A')
     || setweight(to_tsvector('indonesian'::regconfig,
                              COALESCE(LEFT("summary", 10000), '')), 'B'))
    || setweight(to_tsvector('indonesian'::regconfig, COALESCE(LEFT("body", 100000), '')), 'C')
))
"""

CREATE_WHOLE_INDEX = f"""
CREATE INDEX {INDEX_NAME} ON articles_article USING gin ((
    (setweight(to_tsvector('indonesian'::regconfig, COALESCE("title", '')), 'A')
     || setweight(to_tsvector('indonesian'::regconfig, COALESCE("summary", '')), 'B'))
    || setweight(to_tsvector('indonesian'::regconfig, COALESCE("body", '')), 'C')
))
"""

DROP_INDEX = f"DROP INDEX IF EXISTS {INDEX_NAME}"


def bound_the_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_INDEX)
        schema_editor.execute(CREATE_BOUNDED_INDEX)


def index_whole_texts(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_INDEX)
        schema_editor.execute(CREATE_WHOLE_INDEX)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0015_article_limits"),
    ]

    operations = [
        migrations.RunPython(bound_the_index, index_whole_texts, elidable=False),
    ]
