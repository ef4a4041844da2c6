"""Importing the old site's press releases: the importer and ``import_legacy``."""

import html
import json
from dataclasses import dataclass
from datetime import date, datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from pytest_django.asserts import assertContains

from articles.archive.importer import IMPORT_REASON
from articles.models import Article, Person
from tests.archive.legacy_samples import (
    BODY_ONLY,
    CREDITS,
    HEADER,
    KICKER_RELEASE,
    PARAGRAPHS,
    SHARED_EXAMPLE,
    TITLE,
    WIB,
    WIT,
    WITA,
    header,
    listing_text,
    needs_shared_example,
    release_text,
)
from tests.factories import PersonFactory
from tests.public.pages import texts

# -- the command and the database ---------------------------------------------


@dataclass
class Run:
    stdout: str
    stderr: str
    error: CommandError | None

    @property
    def summary(self) -> str:
        return self.stdout.strip().splitlines()[-1]


def import_legacy(*args) -> Run:
    stdout, stderr = StringIO(), StringIO()
    try:
        call_command("import_legacy", *map(str, args), stdout=stdout, stderr=stderr)
    except CommandError as error:
        return Run(stdout.getvalue(), stderr.getvalue(), error)
    return Run(stdout.getvalue(), stderr.getvalue(), None)


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def sample_file(tmp_path) -> Path:
    return write(tmp_path / "arsip" / "lomba-perahu.txt", release_text())


@pytest.mark.django_db
class TestImport:
    def test_a_release_becomes_a_published_credited_article(self, sample_file):
        run = import_legacy(sample_file)
        assert run.error is None
        assert run.summary == "imported 1, updated 0, unchanged 0, failed 0"
        article = Article.objects.get()
        assert article.title == TITLE
        assert article.status == Article.Status.PUBLISHED
        assert article.published_at == datetime(2024, 3, 4, 9, 5, 12, tzinfo=WIB)
        assert article.view_count == 1234
        assert (
            article.slug
            == "pemkab-gelar-lomba-perahu-layar-tradisional-40-tim-bertanding-pukul-1400-wib"
        )
        assert (article.dateline, article.source, article.kicker) == ("SELAT BARU", "PROKOPIM", "")
        assert article.body.startswith("<p>Pemerintah kabupaten menggelar")
        assert article.body.count("<p>") == 3
        assert article.credits_line == CREDITS
        assert article in Article.objects.published()

    def test_the_revision_history_says_why(self, sample_file):
        import_legacy(sample_file)
        revision = Article.objects.get().history.get()
        assert revision.history_change_reason == IMPORT_REASON
        assert revision.history_user is None

    def test_kicker_caption_short_credits_and_a_source_as_photographer(self, tmp_path):
        import_legacy(write(tmp_path / "kicker.txt", KICKER_RELEASE))
        article = Article.objects.select_related("editor", "reporter", "photographer").get()
        assert article.kicker == "Wakil Bupati Sugeng Riyadi"
        assert article.photo_caption == "Warga membersihkan bantaran sungai bersama petugas."
        assert (article.dateline, article.source) == ("BUKIT BATU", "")
        assert article.photographer.name == "Istimewa (Internet)"
        assert article.body == (
            "<p>Warga tiga desa bergotong royong membersihkan bantaran sungai, Jumat pagi.</p>"
            "<p>Kegiatan ini akan digelar setiap bulan.</p>"
        )

    def test_people_are_matched_ignoring_case_and_whitespace_and_created_once(self, tmp_path):
        rina = PersonFactory(name="rina  WULANDARI ")
        credits = "Editor : Rina Wulandari - Reporter : Tono Sudarmo - Fotografer : tono sudarmo"
        import_legacy(write(tmp_path / "a.txt", release_text(credits=credits)))
        article = Article.objects.get()
        assert article.editor == rina
        assert article.reporter == article.photographer
        assert article.reporter.name == "Tono Sudarmo"
        assert Person.objects.count() == 2

    def test_names_with_punctuation_match_too(self, tmp_path):
        source = PersonFactory(name="istimewa  (INTERNET)")
        drs = PersonFactory(name="Drs. Al-Amin  Syah")
        credits = "Editor : DRS. AL-AMIN SYAH - Fotografer : Istimewa (Internet)"
        import_legacy(write(tmp_path / "a.txt", release_text(credits=credits)))
        article = Article.objects.get()
        assert (article.editor, article.photographer) == (drs, source)
        assert Person.objects.count() == 2

    def test_a_missing_photographer_stays_empty(self, tmp_path):
        credits = "Editor : Rina Wulandari - Reporter : Dedi Saputra"
        import_legacy(write(tmp_path / "a.txt", release_text(credits=credits)))
        article = Article.objects.get()
        assert article.photographer is None
        assert article.credits_line == credits

    @pytest.mark.parametrize(("zone", "tz"), [("WITA", WITA), ("WIT", WIT)])
    def test_other_zones_are_stored_as_the_same_instant(self, tmp_path, zone, tz):
        text = release_text(header=header(date(2024, 3, 4), "8:30:00", zone))
        import_legacy(write(tmp_path / "a.txt", text))
        stored = Article.objects.get().published_at
        assert stored == datetime(2024, 3, 4, 8, 30, tzinfo=tz)

    def test_two_releases_with_the_same_title_on_the_same_day_both_import(self, tmp_path):
        morning = release_text(header=header(date(2024, 3, 4), "8:00:00"))
        evening = release_text(header=header(date(2024, 3, 4), "19:00:00"))
        write(tmp_path / "pagi.txt", morning)
        write(tmp_path / "malam.txt", evening)
        run = import_legacy(tmp_path)
        assert run.summary == "imported 2, updated 0, unchanged 0, failed 0"
        slugs = sorted(Article.objects.values_list("slug", flat=True))
        assert slugs == [slugs[0], slugs[0] + "-2"]

    def test_an_empty_time_is_imported_at_midnight_and_reported(self, tmp_path):
        path = write(
            tmp_path / "a.txt",
            release_text(header="Minggu, 30 Agustus 2015 | WIB | Dibaca : 765 Kali"),
        )
        run = import_legacy(path)
        assert Article.objects.get().published_at == datetime(2015, 8, 30, tzinfo=WIB)
        assert f"warning {path}:1: no time in the header; stored 00:00 WIB" in run.stderr

    def test_crlf_and_bom_files_import_like_any_other(self, tmp_path):
        (tmp_path / "windows.txt").write_bytes(
            b"\xef\xbb\xbf" + release_text(newline="\r\n").encode()
        )
        run = import_legacy(tmp_path / "windows.txt")
        assert run.error is None
        assert Article.objects.get().title == TITLE


@pytest.mark.django_db
class TestReimport:
    def test_the_same_file_again_is_unchanged_and_writes_nothing(self, sample_file):
        import_legacy(sample_file)
        before = Article.objects.get()
        run = import_legacy(sample_file)
        assert run.summary == "imported 0, updated 0, unchanged 1, failed 0"
        after = Article.objects.get()
        assert after.updated_at == before.updated_at
        assert after.history.count() == 1
        assert Person.objects.count() == 3

    def test_a_changed_file_updates_its_article_and_keeps_a_revision(self, sample_file):
        import_legacy(sample_file)
        original = Article.objects.get()
        changed = (PARAGRAPHS[0], "Paragraf yang diperbaiki.")
        write(sample_file, release_text(paragraphs=changed, credits="Editor : Rina Wulandari"))
        run = import_legacy(sample_file)
        assert run.summary == "imported 0, updated 1, unchanged 0, failed 0"
        article = Article.objects.get()
        assert article.pk == original.pk and article.slug == original.slug
        assert article.body.endswith("<p>Paragraf yang diperbaiki.</p>")
        assert article.reporter is None and article.photographer is None
        assert [revision.history_change_reason for revision in article.history.all()] == [
            IMPORT_REASON,
            IMPORT_REASON,
        ]
        assert article.history.earliest().body == original.body

    def test_reads_counted_here_are_never_overwritten(self, sample_file):
        import_legacy(sample_file)
        Article.objects.update(view_count=2000)
        assert import_legacy(sample_file).summary.endswith("unchanged 1, failed 0")
        assert Article.objects.get().view_count == 2000

    def test_a_higher_count_in_the_file_is_reported_not_applied(self, sample_file):
        import_legacy(sample_file)
        Article.objects.update(view_count=10)
        run = import_legacy(sample_file)
        assert "the file shows 1234 reads and the article 10" in run.stderr
        assert Article.objects.get().view_count == 10

    def test_a_withdrawn_article_stays_withdrawn(self, sample_file):
        import_legacy(sample_file)
        Article.objects.update(status=Article.Status.WITHDRAWN)
        write(sample_file, release_text(paragraphs=(PARAGRAPHS[0], "Diperbarui.")))
        assert import_legacy(sample_file).summary.startswith("imported 0, updated 1")
        assert Article.objects.get().status == Article.Status.WITHDRAWN


@pytest.mark.django_db
class TestFailures:
    def test_a_broken_file_in_a_folder_fails_alone_with_path_reason_and_line(self, tmp_path):
        write(tmp_path / "2024" / "baik-1.txt", release_text())
        write(tmp_path / "2024" / "maret" / "baik-2.txt", KICKER_RELEASE)
        bad_text = release_text(
            header="Jumat, 31 Februari 2023 | 10:00:00 WIB | Dibaca : 5 Kali", title="Rusak"
        )
        broken = write(tmp_path / "2024" / "rusak.txt", bad_text)
        write(tmp_path / "catatan.md", "bukan berita")
        run = import_legacy(tmp_path)
        assert isinstance(run.error, CommandError)
        assert str(run.error) == "1 of 3 files failed."
        assert f"FAILED {broken}:1: no such date or time: 31 Februari 2023" in run.stderr
        assert run.summary == "imported 2, updated 0, unchanged 0, failed 1"
        assert not Article.objects.filter(title="Rusak").exists()
        assert Article.objects.count() == 2

    def test_the_command_exits_non_zero_when_a_file_failed(self, tmp_path):
        write(tmp_path / "rusak.txt", BODY_ONLY)
        with pytest.raises(CommandError):
            call_command("import_legacy", str(tmp_path), stdout=StringIO(), stderr=StringIO())

    def test_every_kind_of_bad_file_is_reported_and_nothing_of_it_written(self, tmp_path):
        write(tmp_path / "isi-saja.txt", BODY_ONLY)
        write(tmp_path / "daftar.txt", listing_text())
        write(tmp_path / "tanpa-judul.txt", HEADER + "\n")
        write(tmp_path / "bulan.txt", release_text(header=HEADER.replace("Maret", "Marct")))
        run = import_legacy(tmp_path)
        assert run.summary == "imported 0, updated 0, unchanged 0, failed 4"
        assert "daftar.txt:" in run.stderr and "a listing page" in run.stderr
        assert f"FAILED {tmp_path / 'isi-saja.txt'}: no header line" in run.stderr
        assert f"FAILED {tmp_path / 'tanpa-judul.txt'}:1: no title" in run.stderr
        assert f"FAILED {tmp_path / 'bulan.txt'}:1: unknown month 'Marct'" in run.stderr
        assert Article.objects.count() == 0 and Person.objects.count() == 0

    def test_a_non_utf8_file_fails_alone(self, tmp_path, sample_file):
        latin = release_text(paragraphs=("Kafe “Sederhana” dibuka.", "Menu café baru."))
        write(tmp_path / "latin.txt", latin.replace("“", '"').replace("”", '"'), "latin-1")
        run = import_legacy(tmp_path)
        assert run.summary == "imported 1, updated 0, unchanged 0, failed 1"
        line = latin.splitlines().index("Menu café baru.") + 1
        assert f"FAILED {tmp_path / 'latin.txt'}:{line}: not UTF-8 text (byte 0xe9)" in run.stderr

    def test_a_missing_path_is_a_failure_not_a_crash(self, tmp_path, sample_file):
        run = import_legacy(sample_file, tmp_path / "tidak-ada.txt")
        assert f"FAILED {tmp_path / 'tidak-ada.txt'}: no such file or folder" in run.stderr
        assert run.summary == "imported 1, updated 0, unchanged 0, failed 1"

    def test_a_file_that_fails_while_being_written_leaves_nothing_behind(
        self, tmp_path, monkeypatch
    ):
        def refuse(self, *args, **kwargs):
            raise IntegrityError("simulated failure after the people were created")

        monkeypatch.setattr(Article, "save", refuse)
        run = import_legacy(write(tmp_path / "a.txt", release_text()))
        assert "the database refused the article: simulated failure" in run.stderr
        assert Person.objects.count() == 0 and Article.objects.count() == 0


@pytest.mark.django_db
class TestOptions:
    def test_dry_run_reports_and_writes_nothing(self, sample_file):
        run = import_legacy(sample_file, "--dry-run")
        assert run.error is None
        assert "Dry run: nothing was written." in run.stdout
        assert run.summary == "imported 1, updated 0, unchanged 0, failed 0"
        assert Article.objects.count() == 0 and Person.objects.count() == 0

    def test_dry_run_of_a_changed_file_reports_the_update_without_making_it(self, sample_file):
        import_legacy(sample_file)
        write(sample_file, release_text(paragraphs=(PARAGRAPHS[0], "Berubah.")))
        run = import_legacy(sample_file, "--dry-run")
        assert run.summary == "imported 0, updated 1, unchanged 0, failed 0"
        assert "Berubah" not in Article.objects.get().body
        assert Article.objects.get().history.count() == 1

    def test_json_report_parses(self, tmp_path, sample_file):
        write(tmp_path / "rusak.txt", BODY_ONLY)
        run = import_legacy(tmp_path, "--json")
        report = json.loads(run.stdout)
        assert report["summary"] == {"imported": 1, "updated": 0, "unchanged": 0, "failed": 1}
        assert report["dry_run"] is False
        by_name = {Path(entry["path"]).name: entry for entry in report["files"]}
        imported = by_name["lomba-perahu.txt"]
        assert imported["outcome"] == "imported"
        assert imported["url"] == Article.objects.get().get_absolute_url()
        assert imported["published_at"] == "2024-03-04T09:05:12+07:00"
        failed = by_name["rusak.txt"]
        assert failed["outcome"] == "failed" and failed["reason"].startswith("no header line")
        assert isinstance(run.error, CommandError)

    def test_progress_bar_goes_to_stderr(self, sample_file):
        run = import_legacy(sample_file)
        assert "Importing" in run.stderr and "1/1" in run.stderr
        assert "Importing" not in run.stdout

    def test_verbosity_two_lists_every_file(self, sample_file):
        run = import_legacy(sample_file, "-v", "2")
        assert f"imported {sample_file} -> /berita/2024/03/04/" in run.stdout


# -- the shared real example ---------------------------------------------------


@needs_shared_example
@pytest.mark.django_db
class TestSharedExample:
    @pytest.fixture
    def lines(self) -> list[str]:
        text = SHARED_EXAMPLE.read_text(encoding="utf-8-sig")
        return [line.strip() for line in text.splitlines() if line.strip()]

    @pytest.fixture
    def article(self) -> Article:
        run = import_legacy(SHARED_EXAMPLE)
        assert run.summary == "imported 1, updated 0, unchanged 0, failed 0"
        return Article.objects.select_related("editor", "reporter", "photographer").get()

    def test_it_imports_with_exactly_the_old_fields(self, article, lines):
        assert article.published_at == datetime(2023, 6, 15, 12, 24, 37, tzinfo=WIB)
        assert article.view_count == 315
        assert article.title == lines[1]
        assert article.editor.name == "Indra"
        assert article.reporter.name == article.photographer.name == "Anggri Elsyafiandi"
        assert article.reporter == article.photographer
        assert (article.dateline, article.source) == ("BENGKALIS", "PROKOPIM")
        assert (article.kicker, article.photo_caption) == ("", "")
        opening = next(line for line in lines if line.startswith("BENGKALIS, PROKOPIM - "))
        first_words = " ".join(opening.removeprefix("BENGKALIS, PROKOPIM - ").split()[:6])
        assert article.body.startswith(f"<p>{first_words}")
        assert article.body.count("<p>") == len(lines) - lines.index(opening)

    def test_its_page_shows_the_old_header_and_credits_lines(self, client, article, lines):
        response = client.get(article.get_absolute_url())
        assert texts(response, "article-meta") == [
            "Kamis, 15 Juni 2023 | 12:24:37 WIB | Dibaca : 315 Kali"
        ]
        assert texts(response, "article-meta") == [lines[0]]
        credits = next(line for line in lines if line.startswith("Editor :"))
        assert texts(response, "article-credits") == [credits]
        opening = next(line for line in lines if line.startswith("BENGKALIS, PROKOPIM - "))
        first_words = html.escape(" ".join(opening.split()[3:8]), quote=False)
        assertContains(
            response, f'<span class="dateline">BENGKALIS, PROKOPIM - </span>{first_words}'
        )

    def test_importing_it_again_changes_nothing(self, article):
        run = import_legacy(SHARED_EXAMPLE)
        assert run.summary == "imported 0, updated 0, unchanged 1, failed 0"
        assert Article.objects.get().history.count() == 1
