"""Importing the old site's press releases: the parser, the importer and ``import_legacy``."""

import html
import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytest_django.asserts import assertContains

from articles.importer import IMPORT_REASON
from articles.legacy import DAYS, LegacyParseError, parse
from articles.models import Article, Person
from tests.factories import PersonFactory
from tests.legacy_samples import (
    BODY_ONLY,
    CREDITS,
    HEADER,
    KICKER_RELEASE,
    PARAGRAPHS,
    TITLE,
    listing_text,
    release_text,
)

WIB, WITA, WIT = (ZoneInfo(name) for name in ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"))
MONTHS = "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"
SHARED_EXAMPLE = (
    Path(__file__).resolve().parents[2]
    / "shared/fixtures/legacy/bengkalis-2023-06-15-rakor-pmi-np-tppo.txt"
)
needs_shared_example = pytest.mark.skipif(
    not SHARED_EXAMPLE.exists(), reason="the shared legacy example is not present"
)


def header(day: date, clock: str = "9:05:12", zone: str = "WIB", count: str = "7") -> str:
    name = DAYS[day.weekday()].capitalize()
    month = MONTHS.split()[day.month - 1]
    return f"{name}, {day.day} {month} {day.year} | {clock} {zone} | Dibaca : {count} Kali"


def messages(release) -> list[str]:
    return [warning.message for warning in release.warnings]


# -- the parser: header ------------------------------------------------------


class TestHeader:
    def test_sample_header_gives_an_aware_time_and_the_read_count(self):
        release = parse(release_text())
        assert release.published_at == datetime(2024, 3, 4, 9, 5, 12, tzinfo=WIB)
        assert release.published_at.utcoffset() == timedelta(hours=7)
        assert release.view_count == 1234
        assert release.time_known and release.warnings == ()

    @pytest.mark.parametrize("offset", range(7))
    def test_every_day_name_is_read_and_checked_against_the_date(self, offset):
        day = date(2024, 3, 4) + timedelta(days=offset)  # Monday 4 March 2024 onwards
        release = parse(release_text(header=header(day)))
        assert release.published_at.date() == day
        assert release.warnings == ()

    @pytest.mark.parametrize("month", range(1, 13))
    def test_every_month_name_is_read(self, month):
        day = date(2019, month, 9)
        assert parse(release_text(header=header(day))).published_at.date() == day

    @pytest.mark.parametrize("name", ["Jumat", "Jum'at", "Jum’at", "JUMAT", "jum'at"])
    def test_friday_in_all_its_spellings(self, name):
        text = release_text(header=f"{name}, 8 Desember 2023 | 7:14:01 WIB | Dibaca : 3 Kali")
        release = parse(text)
        assert release.published_at == datetime(2023, 12, 8, 7, 14, 1, tzinfo=WIB)
        assert release.warnings == ()

    def test_ahad_is_sunday(self):
        release = parse(release_text(header="Ahad, 10 Maret 2024 | 08:00:00 WIB | Dibaca : 1 Kali"))
        assert release.warnings == ()

    def test_a_day_name_that_contradicts_the_date_is_a_warning_not_a_failure(self):
        release = parse(release_text(header="Rabu, 4 Maret 2024 | 9:05:12 WIB | Dibaca : 1 Kali"))
        assert release.published_at.date() == date(2024, 3, 4)
        assert messages(release) == ["day 'Rabu' does not match the date (a Senin)"]

    @pytest.mark.parametrize(
        "line",
        [
            "Senin, 29 Oktober 2018 - 16:58:54 WIB - Dibaca : 611 Kali",
            "Senin, 29 Oktober 2018 | 16:58:54 WIB | Dibaca : 611 Kali",
            "Senin,29 Oktober 2018|16:58:54 WIB|Dibaca:611 kali",
            "  Senin, 29 oktober 2018 – 16:58:54 wib – DIBACA :  611  KALI  ",
        ],
    )
    def test_separators_case_and_spacing_vary(self, line):
        release = parse(release_text(header=line))
        assert release.published_at == datetime(2018, 10, 29, 16, 58, 54, tzinfo=WIB)
        assert release.view_count == 611

    def test_hour_without_leading_zero_and_zero_padded_day(self):
        line = "Selasa, 05 Maret 2024 | 7:04:09 WIB | Dibaca : 2 Kali"
        assert parse(release_text(header=line)).published_at == datetime(
            2024, 3, 5, 7, 4, 9, tzinfo=WIB
        )

    @pytest.mark.parametrize(
        ("count", "expected"),
        [("315", 315), ("1.234", 1234), ("12.345.678", 12345678), ("0", 0)],
    )
    def test_read_count_with_dot_thousand_separators(self, count, expected):
        line = header(date(2024, 3, 4), count=count).replace("Kali", "kali")
        assert parse(release_text(header=line)).view_count == expected

    @pytest.mark.parametrize(("zone", "tz"), [("WIB", WIB), ("WITA", WITA), ("WIT", WIT)])
    def test_indonesian_zones(self, zone, tz):
        release = parse(release_text(header=header(date(2024, 3, 4), "10:00:00", zone)))
        assert release.published_at == datetime(2024, 3, 4, 10, tzinfo=tz)
        assert release.published_at.tzinfo == tz

    def test_empty_time_is_local_midnight_with_a_warning(self):
        line = "Minggu, 30 Agustus 2015 | WIB | Dibaca : 765 Kali"
        release = parse(release_text(header=line))
        assert release.published_at == datetime(2015, 8, 30, 0, 0, tzinfo=WIB)
        assert not release.time_known
        assert messages(release) == ["no time in the header; stored 00:00 WIB"]

    def test_wib_and_dotted_numbers_in_title_and_body_are_not_a_header(self):
        release = parse(release_text())
        assert release.title == TITLE
        assert "5.000 penonton" in release.paragraphs[0]
        assert release.paragraphs[0].endswith("pukul 14.00 WIB.")

    @pytest.mark.parametrize(
        ("line", "reason"),
        [
            ("Jumat, 31 Februari 2023 | 10:00:00 WIB | Dibaca : 1 Kali", "no such date or time"),
            ("Senin, 4 Maart 2024 | 10:00:00 WIB | Dibaca : 1 Kali", "unknown month 'Maart'"),
            ("Senin, 4 March 2024 | 10:00:00 WIB | Dibaca : 1 Kali", "unknown month 'March'"),
            ("Senin, 4 Maret 2024 | 25:00:00 WIB | Dibaca : 1 Kali", "no such date or time"),
            ("Senin, 4 Maret 2024 | 10.00 WIB | Dibaca : 1 Kali", "unreadable time '10.00'"),
            ("Senin, 4 Maret 2024 | 10:00:00 | Dibaca : 1 Kali", "no time zone"),
            ("Senin, 4 Maret 2024 | 10:00:00 WIB | Dibaca : 1.23 Kali", "unreadable read count"),
            ("Senin, 4 Maret 2024 | 10:00:00 WIB | Dibaca :  Kali", "no read count"),
            ("Senin, 4 Maret 0024 | 10:00:00 WIB | Dibaca : 1 Kali", "implausible year"),
            ("Senin, 4 Maret 2024 | 10:00:00 WIB | Dibaca : 99999999999 Kali", "too large"),
        ],
    )
    def test_an_unreadable_header_fails_with_its_reason_and_line(self, line, reason):
        with pytest.raises(LegacyParseError, match=reason) as error:
            parse("\n\n" + release_text(header=line))
        assert error.value.line == 3


# -- the parser: what is not an article --------------------------------------


class TestNotAnArticle:
    def test_a_body_only_page_has_no_header_line(self):
        with pytest.raises(LegacyParseError, match="no header line") as error:
            parse(BODY_ONLY)
        assert error.value.line is None

    def test_a_date_line_without_the_read_count_is_named(self):
        with pytest.raises(LegacyParseError, match="lacks '| Dibaca") as error:
            parse(release_text(header="Senin, 4 Maret 2024 | 10:00:00 WIB"))
        assert error.value.line == 1

    def test_a_listing_page_is_refused_at_its_second_header(self):
        text = listing_text()
        second = text.splitlines().index("Selasa, 5 Maret 2024 | 10:00:00 WIB | Dibaca : 12 Kali")
        with pytest.raises(LegacyParseError, match="listing page.*2 header lines") as error:
            parse(text)
        assert error.value.line == second + 1

    @pytest.mark.parametrize(
        ("text", "reason", "line"),
        [
            (HEADER, "nothing follows the header", 1),
            (HEADER + "\n\n\n", "nothing follows the header", 1),
            (f"{HEADER}\n\n{CREDITS}\n\nSELAT BARU, PROKOPIM - Isi.", "the credits line", 3),
            (f"{HEADER}\nTeks foto: Suasana rapat.", "a photo caption", 2),
            (f"{HEADER}\nBENGKALIS, HUMAS - Isi berita.", "opens with a dateline", 2),
            (f"{HEADER}\n{'Kalimat panjang tanpa judul. ' * 12}", "too long for a title", 2),
        ],
    )
    def test_no_title_is_a_failure(self, text, reason, line):
        with pytest.raises(LegacyParseError, match=reason) as error:
            parse(text)
        assert error.value.line == line
        assert str(error.value).startswith(f"line {line}: no title")

    def test_text_before_the_header_is_a_failure(self):
        with pytest.raises(LegacyParseError, match="text before the header") as error:
            parse("Beranda > Berita\n" + release_text())
        assert error.value.line == 1

    def test_a_caption_line_that_does_not_repeat_the_title_is_a_failure(self):
        text = release_text(caption_line="Judul Lain Sama Sekali Teks foto: Suasana.")
        with pytest.raises(LegacyParseError, match="before 'Teks foto:' is not the title"):
            parse(text)

    def test_unknown_credit_is_a_failure(self):
        with pytest.raises(LegacyParseError, match="unknown credit 'Penulis'"):
            parse(release_text(credits="Editor : Rina - Penulis : Dedi"))


# -- the parser: kicker, title, credits, caption -----------------------------


class TestTitleCreditsCaption:
    def test_long_form_credits(self):
        release = parse(release_text())
        assert (release.editor, release.reporter, release.photographer) == (
            "Rina Wulandari",
            "Dedi Saputra",
            "Yusuf Hamdani",
        )

    def test_short_form_credits_and_a_source_as_photographer(self):
        release = parse(KICKER_RELEASE)
        assert (release.editor, release.reporter, release.photographer) == (
            "Rina Wulandari",
            "Dedi Saputra",
            "Istimewa (Internet)",
        )

    @pytest.mark.parametrize(
        ("credits", "expected"),
        [
            ("Editor : Rina - Reporter : Dedi", ("Rina", "Dedi", "")),
            ("Editor : Rina - Reporter : Dedi - Fotografer :", ("Rina", "Dedi", "")),
            ("Editor : Rina - Reporter : Dedi - Fotografer : -", ("Rina", "Dedi", "")),
            ("Reporter : Dedi - Fotografer : Yusuf", ("", "Dedi", "Yusuf")),
            ("Editor:Rina-Rep:Dedi  Saputra-Foto:Yusuf", ("Rina", "Dedi Saputra", "Yusuf")),
        ],
    )
    def test_any_credit_may_be_missing(self, credits, expected):
        release = parse(release_text(credits=credits))
        assert (release.editor, release.reporter, release.photographer) == expected

    def test_no_credits_line_at_all(self):
        release = parse(release_text(credits=None))
        assert (release.editor, release.reporter, release.photographer) == ("", "", "")
        assert release.title == TITLE and release.dateline == "SELAT BARU"

    def test_kicker_above_the_title_is_kept_apart(self):
        release = parse(KICKER_RELEASE)
        assert release.kicker == "Wakil Bupati Sugeng Riyadi"
        assert release.title == "Jaga Kebersihan Sungai Mulai dari Rumah Sendiri"

    def test_title_may_hold_colons_commas_curly_quotes_and_wib(self):
        title = "Bupati: “Pelayanan Buka Pukul 07.30 WIB”, Warga Diminta Tertib"
        assert parse(release_text(title=title)).title == title

    def test_caption_after_a_repetition_of_the_title_differing_in_whitespace(self):
        release = parse(KICKER_RELEASE)
        assert release.photo_caption == "Warga membersihkan bantaran sungai bersama petugas."
        assert release.paragraphs[0].startswith("Warga tiga desa")

    def test_caption_on_its_own_line(self):
        release = parse(release_text(caption_line="Teks foto: Peserta lomba di garis start."))
        assert release.photo_caption == "Peserta lomba di garis start."

    def test_empty_caption_after_the_title(self):
        release = parse(release_text(caption_line=f"{TITLE} Teks foto:"))
        assert release.photo_caption == ""
        assert release.paragraphs[0].startswith("Pemerintah kabupaten")


# -- the parser: body --------------------------------------------------------


class TestBody:
    @pytest.mark.parametrize(
        ("opening", "place", "source"),
        [
            ("BENGKALIS, PROKOPIM - ", "BENGKALIS", "PROKOPIM"),
            ("BUKIT KERIKIL, PROKOPIM - ", "BUKIT KERIKIL", "PROKOPIM"),
            ("DURI, HUMAS- ", "DURI", "HUMAS"),
            ("DURI, HUMAS – ", "DURI", "HUMAS"),
            ("BENGKALIS – ", "BENGKALIS", ""),
            ("RUPAT UTARA-", "RUPAT UTARA", ""),
            ("SUNGAI PAKNING , PROKOPIM-", "SUNGAI PAKNING", "PROKOPIM"),
        ],
    )
    def test_dateline_and_source_are_taken_off_the_body(self, opening, place, source):
        release = parse(release_text(opening=opening))
        assert (release.dateline, release.source) == (place, source)
        assert release.paragraphs[0].startswith("Pemerintah kabupaten menggelar")
        assert release.warnings == ()

    def test_an_acronym_with_a_hyphen_is_not_a_dateline(self):
        release = parse(release_text(opening="", paragraphs=("PMI-NP menjadi perhatian.",)))
        assert (release.dateline, release.source) == ("", "")
        assert release.paragraphs == ("PMI-NP menjadi perhatian.",)
        assert messages(release) == ["the body opens without a dateline"]

    def test_paragraphs_are_escaped_text_with_quotes_and_punctuation_kept(self):
        release = parse(release_text())
        assert release.paragraphs[1:] == PARAGRAPHS[1:]
        assert release.body_html.count("<p>") == 3
        assert "“Lomba ini menjaga warisan nelayan kita,” kata" in release.body_html
        assert "Pariwisata &amp; Kebudayaan." in release.body_html
        assert '"Tahun depan pesertanya kita tambah," ujarnya.' in release.body_html
        assert "&lt;malam ini&gt;" in release.body_html

    @pytest.mark.parametrize("separator", ["\n", "\n\n", "\n\n\n\n", "\n \n\t\n"])
    def test_single_newlines_and_extra_blank_lines_give_the_same_release(self, separator):
        assert parse(release_text(separator=separator)) == parse(release_text())

    def test_crlf_bom_and_non_breaking_spaces(self):
        text = "\ufeff" + release_text(newline="\r\n").replace(
            "menggelar lomba", "menggelar\xa0 lomba"
        )
        assert parse(text) == parse(release_text())

    @pytest.mark.parametrize(
        "trailing",
        [
            ["***"],
            ["(hms)"],
            ["Tulis Komentar"],
            ["#DISKOMINFOTIK"],
            ["#DISKOMINFOTIK #BengkalisBermasa", "***", "(hms)", "Tulis Komentar"],
        ],
    )
    def test_trailing_matter_on_its_own_lines_is_removed(self, trailing):
        release = parse(release_text(trailing=trailing))
        assert release.paragraphs[-1] == PARAGRAPHS[-1]
        assert release.trailing_matter == tuple(trailing)

    @pytest.mark.parametrize(
        "glued", ["#DISKOMINFOTIK", " #DISKOMINFOTIK #Riau", "***", " ***", " (hms)", "(rls/adv)"]
    )
    def test_trailing_matter_glued_to_the_last_paragraph_is_removed(self, glued):
        last = "Kegiatan ditutup dengan doa bersama."
        release = parse(release_text(paragraphs=(PARAGRAPHS[0], last + glued)))
        assert release.paragraphs[-1] == last

    def test_a_closing_parenthesis_inside_the_sentence_is_body_text(self):
        last = "Rapat membahas Tindak Pidana Perdagangan Orang (TPPO)"
        release = parse(release_text(paragraphs=(PARAGRAPHS[0], last)))
        assert release.paragraphs[-1] == last

    def test_a_release_without_body_text_is_read_with_a_warning(self):
        release = parse(release_text(paragraphs=()))
        assert release.paragraphs == () and release.body_html == ""
        assert "the release has no body text" in messages(release)


# -- the parser: properties ---------------------------------------------------

FRAGMENTS = [
    "Kamis", "Jum'at", "Jum’at", "Ahad", ", ", " ", "15", "31", "7", "Juni", "Februari",
    "Nopember", "2023", "0000", " | ", " - ", " – ", "12:24:37", "7:4:1", "99:99:99", " WIB",
    " WITA", " WIT", "Dibaca", " : ", "315", "1.234", "1.23", "9" * 40, " Kali", " kali",
    "\n", "\r\n", "\r", "\n\n", "\ufeff", "\xa0", "\x00", "Editor : ", " - Reporter : ",
    " - Fotografer : ", "Rep:", "Foto:", "Penulis :", "Teks foto:", "Judul:", "Bupati Hadir",
    "BENGKALIS, PROKOPIM - ", "RUPAT UTARA-", "HUMAS- ", "***", "#DISKOMINFOTIK", "(hms)",
    "Tulis Komentar", ":", "(", ")", "#", "“", "”", "'", "<p>", "&",
]  # fmt: skip
format_like_text = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=60
).map("".join)


def parses_or_refuses(text: str) -> None:
    try:
        release = parse(text)
    except LegacyParseError as error:
        assert error.reason and (error.line is None or error.line >= 1)
    else:
        assert release.title and release.published_at.tzinfo is not None


@settings(database=None, deadline=None)
@given(st.text())
def test_parser_raises_only_its_own_error_on_arbitrary_text(text):
    parses_or_refuses(text)


@settings(database=None, deadline=None, max_examples=500)
@given(format_like_text)
def test_parser_raises_only_its_own_error_on_format_like_text(text):
    parses_or_refuses(text)


words = st.lists(
    st.sampled_from(["Bupati", "Rapat", "Desa", "WIB", "14.00", "5.000", "Kali", "“Kita”", "&"]),
    min_size=1,
    max_size=8,
).map(" ".join)
names = st.sampled_from(["", "Rina", "Dedi Saputra", "Istimewa (Internet)", "Sri  Wahyuni"])


@settings(database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    day=st.dates(date(2011, 1, 1), date(2024, 12, 31)),
    clock=st.one_of(st.none(), st.times().map(lambda t: t.replace(microsecond=0))),
    zone=st.sampled_from(["WIB", "WITA", "WIT"]),
    count=st.integers(0, 10**9),
    title=words,
    credits=st.tuples(names, names, names),
    paragraphs=st.lists(words, min_size=1, max_size=4),
)
def test_what_the_format_says_is_what_the_parser_reads(
    day, clock, zone, count, title, credits, paragraphs
):
    shown_count = f"{count:,}".replace(",", ".")
    shown_clock = f"{clock.hour}:{clock.minute:02d}:{clock.second:02d}" if clock else ""
    text = release_text(
        header=header(day, shown_clock, zone, shown_count).replace("|  ", "| "),
        title=title,
        credits="Editor : {} - Reporter : {} - Fotografer : {}".format(*credits),
        paragraphs=tuple(paragraphs),
    )
    release = parse(text)
    zone_info = {"WIB": WIB, "WITA": WITA, "WIT": WIT}[zone]
    assert release.published_at == datetime.combine(day, clock or time(), tzinfo=zone_info)
    assert release.view_count == count and release.time_known == (clock is not None)
    assert release.title == title
    assert (release.editor, release.reporter, release.photographer) == tuple(
        " ".join(name.split()) for name in credits
    )
    assert (release.dateline, release.source) == ("SELAT BARU", "PROKOPIM")
    assert release.paragraphs == tuple(paragraphs)


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
        assertContains(response, "Kamis, 15 Juni 2023 | 12:24:37 WIB | Dibaca : 315 Kali")
        assertContains(response, lines[0])
        credits = next(line for line in lines if line.startswith("Editor :"))
        assertContains(response, credits)
        opening = next(line for line in lines if line.startswith("BENGKALIS, PROKOPIM - "))
        first_words = html.escape(" ".join(opening.split()[3:8]), quote=False)
        assertContains(
            response, f'<span class="dateline">BENGKALIS, PROKOPIM - </span>{first_words}'
        )

    def test_importing_it_again_changes_nothing(self, article):
        run = import_legacy(SHARED_EXAMPLE)
        assert run.summary == "imported 0, updated 0, unchanged 1, failed 0"
        assert Article.objects.get().history.count() == 1
