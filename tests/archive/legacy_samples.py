"""Legacy press-release texts for the import tests, written for them (no real release copied).

``release_text()`` assembles a file in the old sites' format from its parts, so a
test changes only the part it is about.
"""

from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from articles.archive.header import DAYS

HEADER = "Senin, 4 Maret 2024 | 9:05:12 WIB | Dibaca : 1.234 Kali"
TITLE = "Pemkab Gelar Lomba Perahu Layar Tradisional: 40 Tim Bertanding Pukul 14.00 WIB"
CREDITS = "Editor : Rina Wulandari - Reporter : Dedi Saputra - Fotografer : Yusuf Hamdani"
OPENING = "SELAT BARU, PROKOPIM - "
PARAGRAPHS = (
    "Pemerintah kabupaten menggelar lomba perahu layar tradisional yang diikuti "
    "5.000 penonton, Senin (4/3/2024) pukul 14.00 WIB.",
    "“Lomba ini menjaga warisan nelayan kita,” kata Kepala Dinas Pariwisata & Kebudayaan.",
    '"Tahun depan pesertanya kita tambah," ujarnya. Pemenang diumumkan <malam ini>.',
)


def release_text(
    *,
    header: str = HEADER,
    kicker: str | None = None,
    title: str = TITLE,
    credits: str | None = CREDITS,
    caption_line: str | None = None,
    opening: str = OPENING,
    paragraphs: tuple[str, ...] | list[str] = PARAGRAPHS,
    trailing: tuple[str, ...] | list[str] = (),
    separator: str = "\n\n",
    newline: str = "\n",
) -> str:
    """A release in the legacy layout: header, kicker, title, credits, caption, body.

    ``separator`` goes between the parts and paragraphs (``"\\n"`` for sites without
    blank lines); ``newline`` replaces every line ending (``"\\r\\n"`` for Windows).
    """
    head = [header] + ([kicker] if kicker else []) + [title]
    credit_block = "\n".join(line for line in (credits, caption_line) if line is not None)
    body = [opening + paragraphs[0], *paragraphs[1:]] if paragraphs else []
    parts = head + ([credit_block] if credit_block else []) + body + list(trailing)
    return separator.join(parts).replace("\n", newline)


KICKER_RELEASE = release_text(
    header="Jum'at, 8 Desember 2023 - 16:58:54 WIB - Dibaca : 611 Kali",
    kicker="Wakil Bupati Sugeng Riyadi:",
    title="Jaga Kebersihan Sungai Mulai dari Rumah Sendiri",
    credits="Editor: Rina Wulandari - Rep: Dedi Saputra - Foto: Istimewa (Internet)",
    caption_line="Jaga  Kebersihan Sungai Mulai dari Rumah   Sendiri Teks foto: Warga membersihkan "
    "bantaran sungai bersama petugas.",
    opening="BUKIT BATU – ",
    paragraphs=(
        "Warga tiga desa bergotong royong membersihkan bantaran sungai, Jumat pagi.",
        "Kegiatan ini akan digelar setiap bulan.",
    ),
    trailing=("***", "(hms)", "Tulis Komentar"),
)

BODY_ONLY = (
    "BENGKALIS, PROKOPIM - Halaman ini hanya memuat isi berita tanpa baris kepala.\n\n"
    "Paragraf kedua berita."
)


def listing_text() -> str:
    """A listing page: two releases one after the other."""
    second = release_text(
        header="Selasa, 5 Maret 2024 | 10:00:00 WIB | Dibaca : 12 Kali",
        title="Rapat Paripurna DPRD Membahas Ranperda",
    )
    return release_text() + "\n\n" + second


# -- helpers shared by the parser and import tests --------------------------

WIB, WITA, WIT = (ZoneInfo(name) for name in ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"))
MONTHS = "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"
SHARED_EXAMPLE = (
    Path(__file__).resolve().parents[3]
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
