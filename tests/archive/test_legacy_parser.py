"""The legacy text parser: a pure function from a scraped page's text to a release."""

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.archive.parser import parse
from articles.archive.release import LegacyParseError
from articles.richtext.dateline import split_dateline
from tests.archive.legacy_samples import (
    BODY_ONLY,
    CREDITS,
    HEADER,
    KICKER_RELEASE,
    PARAGRAPHS,
    TITLE,
    WIB,
    WIT,
    WITA,
    header,
    listing_text,
    messages,
    release_text,
)

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
            ("Bengkalis (PROKOPIM) — ", "Bengkalis", "PROKOPIM"),
        ],
    )
    def test_dateline_and_source_are_taken_off_the_body(self, opening, place, source):
        release = parse(release_text(opening=opening))
        assert (release.dateline, release.source) == (place, source)
        assert release.paragraphs[0].startswith("Pemerintah kabupaten menggelar")
        assert release.warnings == ()

    @pytest.mark.parametrize(
        "opening",
        ["BENGKALIS, PROKOPIM - ", "DURI, HUMAS– ", "Bengkalis (PROKOPIM) — ", "BUKIT BATU,HUMAS-"],
    )
    def test_the_article_form_reads_the_dateline_as_the_parser_does(self, opening):
        release = parse(release_text(opening=opening))
        found, body = split_dateline(f"<p>{opening}Pemerintah kabupaten menggelar.</p>")
        assert (found.place, found.source) == (release.dateline, release.source)
        assert body == "<p>Pemerintah kabupaten menggelar.</p>"

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
