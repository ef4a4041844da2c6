"""What a backup holds and what a database holds, for the backup tests. A plain module
of helpers."""

import json
import tarfile
from pathlib import Path

from django.db import connections

from articles.models import Article, ArticlePhoto, DailyViews, Photo


def postgresql_admin(statement: str, *arguments) -> None:
    """Run one statement in the test database on a connection of its own (autocommit)."""
    import psycopg

    params = connections["default"].get_connection_params()
    with psycopg.connect(
        dbname=params["dbname"],
        user=params.get("user"),
        password=params.get("password"),
        host=params.get("host"),
        port=params.get("port"),
        autocommit=True,
    ) as admin:
        admin.execute(statement, arguments or None)


def media_files(root) -> list[str]:
    """The files under ``root``, as paths relative to it."""
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def site_contents(using: str) -> dict:
    """Everything the acceptance test compares, read from one database."""
    revisions = Article.history.model.objects.using(using)
    return {
        "articles": list(
            Article.objects.using(using)
            .order_by("pk")
            .values_list("pk", "title", "status", "view_count", "featured_photo", "reporter__name")
        ),
        "photos": list(
            Photo.objects.using(using)
            .order_by("pk")
            .values_list("pk", "image", "caption", "alt_text", "source", "sha256", "width")
        ),
        "gallery": list(
            ArticlePhoto.objects.using(using).values_list("article_id", "photo_id", "position")
        ),
        "revisions": list(
            revisions.order_by("history_id").values_list(
                "history_id", "id", "title", "history_type", "history_date"
            )
        ),
        "daily_views": list(
            DailyViews.objects.using(using)
            .order_by("pk")
            .values_list("article_id", "date", "counted", "bot_reads", "other_excluded")
        ),
    }


def unpack_raw(archive: Path, folder: Path) -> tuple[Path, dict]:
    """The members of a backup archive, without any checking, and its manifest."""
    with tarfile.open(archive) as tar:
        tar.extractall(folder, filter="data")
    return folder, json.loads((folder / "manifest.json").read_text())


def repack(folder: Path, manifest: dict, destination: Path, extra: list[str] = ()) -> Path:
    """An archive of ``manifest`` as given (checksums unchanged) and the files it lists."""
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with tarfile.open(destination, "w") as tar:
        for name in ["manifest.json", *manifest["files"], *extra]:
            tar.add(folder / name, arcname=name)
    return destination
