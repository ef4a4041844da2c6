"""A GIN index for full-text search, on PostgreSQL only.

The expression is, character for character, what ``articles.public.search.search_document()``
compiles to (without the table name), so the planner can match the search query's
WHERE clause to it; tests/test_search.py checks that it is used. Change both together.
Other databases have no full-text search and get nothing. The index is not declared
in the model's Meta, so model state and makemigrations are unaffected.
"""

from django.db import migrations

INDEX_NAME = "article_search_document"

CREATE_INDEX = f"""
CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON articles_article USING gin ((
    (setweight(to_tsvector('indonesian'::regconfig, COALESCE("title", '')), 'A')
     || setweight(to_tsvector('indonesian'::regconfig, COALESCE("summary", '')), 'B'))
    || setweight(to_tsvector('indonesian'::regconfig, COALESCE("body", '')), 'C')
))
"""

DROP_INDEX = f"DROP INDEX IF EXISTS {INDEX_NAME}"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_INDEX)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_INDEX)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_sections_and_site_settings"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
