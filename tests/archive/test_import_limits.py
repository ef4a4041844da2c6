"""``import_legacy`` refuses, file by file, what no release may hold: a body over
ARTICLE_BODY_MAX_BYTES and a date outside the years an address can carry. The bad file
is reported with its reason and nothing of it is written (no article, no new person);
the rest of the batch still imports and the command exits non-zero."""

from datetime import date

import pytest
from django.core.management import CommandError

from articles.models import Article, Person
from tests.archive.legacy_samples import header, release_text
from tests.archive.test_legacy_import import import_legacy, write

pytestmark = pytest.mark.django_db

NEW_CREDITS = "Editor : Orang Baru - Reporter : Penulis Baru - Fotografer : Juru Foto Baru"


def batch(tmp_path, bad_text: str):
    """A folder of three files, the middle one ``bad_text``; returns the bad file's path."""
    write(tmp_path / "1-baik.txt", release_text(title="Berita pertama"))
    bad = write(tmp_path / "2-buruk.txt", bad_text)
    write(tmp_path / "3-baik.txt", release_text(title="Berita ketiga"))
    return bad


def distinct_words(count: int) -> str:
    """``count`` different words, none of which the stemmer can fold into another."""
    return " ".join(f"kata{index:07d}x" for index in range(count))


def assert_failed_alone(run, bad, reason):
    assert isinstance(run.error, CommandError)
    assert run.summary == "imported 2, updated 0, unchanged 0, failed 1"
    assert f"FAILED {bad}: the article is not valid: {reason}" in run.stderr
    assert sorted(Article.objects.values_list("title", flat=True)) == [
        "Berita ketiga",
        "Berita pertama",
    ]
    assert not Person.objects.filter(name__endswith="Baru").exists()


class TestBodySize:
    def test_a_thirty_megabyte_file_fails_alone(self, tmp_path):
        paragraphs = ["Bupati meninjau jembatan desa bersama warga. " * 2000] * 340
        bad = batch(
            tmp_path, release_text(title="Raksasa", credits=NEW_CREDITS, paragraphs=paragraphs)
        )
        assert bad.stat().st_size > 30_000_000
        run = import_legacy(tmp_path)
        assert_failed_alone(run, bad, "body: Isi berita terlalu panjang")
        assert not Article.objects.filter(title="Raksasa").exists()

    def test_distinct_words_too_many_for_a_tsvector_fail_alone_not_the_batch(self, tmp_path):
        # 1.6 MB of distinct words: PostgreSQL could not index it ("string is too long
        # for tsvector"), which used to stop the whole import.
        paragraphs = [distinct_words(20_000) for _ in range(6)]
        bad = batch(tmp_path, release_text(credits=NEW_CREDITS, paragraphs=paragraphs))
        run = import_legacy(tmp_path)
        assert_failed_alone(run, bad, "body: Isi berita terlalu panjang")

    def test_a_changed_file_that_grew_past_the_limit_leaves_its_article_as_it_was(self, tmp_path):
        path = write(tmp_path / "a.txt", release_text())
        import_legacy(path)
        article = Article.objects.get()
        before = (Article.objects.values().get(pk=article.pk), article.history.count())
        write(path, release_text(paragraphs=["Tambahan isi yang panjang sekali. " * 12_000]))
        run = import_legacy(path)
        assert f"FAILED {path}: the article is not valid: body: Isi berita" in run.stderr
        assert (Article.objects.values().get(pk=article.pk), article.history.count()) == before

    def test_a_dry_run_reports_the_oversized_file_too(self, tmp_path):
        bad = batch(tmp_path, release_text(paragraphs=["Isi berulang. " * 30_000]))
        run = import_legacy("--dry-run", tmp_path)
        assert "FAILED" in run.stderr and str(bad) in run.stderr
        assert run.summary == "imported 2, updated 0, unchanged 0, failed 1"
        assert Article.objects.count() == 0


class TestPublicationYears:
    # The parser itself finds years before 1990 implausible for the old site; 2100 passed
    # it, was written, and the command then crashed making its address.
    @pytest.mark.parametrize("day", [date(2100, 1, 1), date(2100, 12, 31)], ids=str)
    def test_a_release_dated_past_the_url_years_fails_alone(self, tmp_path, day):
        bad = batch(tmp_path, release_text(header=header(day), credits=NEW_CREDITS))
        run = import_legacy(tmp_path)
        assert_failed_alone(
            run, bad, "published_at: Waktu terbit harus antara tahun 1900 dan 2099."
        )

    def test_the_last_day_of_2099_imports_and_has_an_address(self, tmp_path):
        path = write(tmp_path / "a.txt", release_text(header=header(date(2099, 12, 31))))
        run = import_legacy("-v", "2", path)
        assert run.error is None
        assert "/berita/2099/12/31/" in run.stdout

    def test_a_file_whose_article_was_stored_dated_2100_is_reported_not_crashing_the_batch(
        self, tmp_path
    ):
        # Before the limit, such a file was written and the command then crashed making
        # the article's address (NoReverseMatch): importing it again must report it.
        day = date(2100, 12, 31)
        path = write(tmp_path / "2-buruk.txt", release_text(header=header(date(2099, 12, 31))))
        import_legacy(path)
        stored = Article.objects.get()
        moved = stored.published_at.replace(year=2100)
        Article.objects.filter(pk=stored.pk).update(published_at=moved)
        bad = batch(tmp_path, release_text(header=header(day)))
        before = list(Article.objects.values().filter(pk=stored.pk))
        run = import_legacy(tmp_path)
        assert run.summary == "imported 2, updated 0, unchanged 0, failed 1"
        assert f"FAILED {bad}: the article is not valid: published_at:" in run.stderr
        assert list(Article.objects.values().filter(pk=stored.pk)) == before
