"""Demo content for a new installation: a few press releases written for this project,
with the people credited on them, tags, and photos drawn with Pillow.

The releases describe a fictional week in a regency's press office; names of
officials are invented. Nothing here is copied from a real site.
"""

import io
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image, ImageDraw

from articles.models import Article, Person, Photo, Section, SiteSettings
from articles.photos import services as photos
from newsroom.accounts.roles import EDITOR as EDITOR_ROLE
from newsroom.accounts.roles import sync_roles

DEMO_EDITOR_USERNAME = "editor"


@dataclass(frozen=True)
class DemoRelease:
    title: str
    dateline: str
    summary: str
    paragraphs: list[str]
    tags: list[str]
    caption: str
    colours: tuple[str, str]
    age: timedelta  # how long ago it was published; negative means scheduled
    status: str = Article.Status.PUBLISHED
    view_count: int = 0
    reporter: str = "Nurul Aini"
    photographer: str = "Hendra Saputra"
    kicker: str = ""
    section: str = "Pemerintahan"
    gallery: tuple[tuple[str, tuple[str, str]], ...] = ()


SECTIONS = ["Pemerintahan", "Kesehatan", "Pendidikan", "Ekonomi", "Kebencanaan", "Pelayanan Publik"]
PEOPLE = ["Rahmat Hidayat", "Nurul Aini", "Rizky Pratama", "Hendra Saputra", "Wahyu Ramadhan"]
EDITOR = "Rahmat Hidayat"
# The demo's pictures are drawn shapes, and their alt text says so.
DEMO_ALT_TEXT = "Gambar ilustrasi berwarna pengganti foto kegiatan (konten demo)"

RELEASES = [
    DemoRelease(
        title="Bupati Buka Musrenbang Kecamatan, Minta Usulan Warga Fokus pada Jalan Desa",
        dateline="BENGKALIS",
        summary=(
            "Bupati membuka Musyawarah Perencanaan Pembangunan tingkat kecamatan dan meminta "
            "usulan desa diprioritaskan pada jalan penghubung antardesa."
        ),
        paragraphs=[
            "Bupati membuka Musyawarah Perencanaan Pembangunan (Musrenbang) tingkat kecamatan "
            "di aula kantor camat, Senin pagi. Kegiatan ini dihadiri para kepala desa, ketua "
            "Badan Permusyawaratan Desa dan perwakilan kelompok perempuan.",
            "Dalam sambutannya, Bupati meminta agar usulan yang dibawa ke tingkat kabupaten "
            'disusun berdasarkan kebutuhan yang paling mendesak. "Jalan penghubung antardesa '
            "masih menjadi keluhan utama warga. Kita ingin anak-anak sampai ke sekolah dan hasil "
            'kebun sampai ke pasar tanpa hambatan," ujarnya.',
            "Camat melaporkan bahwa tahun ini tercatat 214 usulan dari 18 desa. Sebanyak 96 "
            "usulan berkaitan dengan infrastruktur, 41 usulan di bidang kesehatan dan sisanya "
            "di bidang pendidikan serta pemberdayaan ekonomi.",
            "Usulan yang telah disepakati akan dibahas kembali dalam forum perangkat daerah "
            "sebelum ditetapkan dalam Rencana Kerja Pemerintah Daerah tahun depan.",
        ],
        tags=["Musrenbang", "Pembangunan", "Bupati"],
        caption="Bupati memberikan sambutan saat membuka Musrenbang tingkat kecamatan.",
        colours=("#0b5394", "#9fc5e8"),
        age=timedelta(hours=3),
        view_count=128,
        gallery=(
            ("Kepala desa menyerahkan berkas usulan kepada camat.", ("#134f5c", "#a2c4c9")),
            ("Peserta Musrenbang berdiskusi dalam kelompok kerja.", ("#783f04", "#f9cb9c")),
        ),
    ),
    DemoRelease(
        title="Posyandu Serentak: 1.200 Balita Ditimbang dan Diberi Vitamin A",
        dateline="BUKIT BATU",
        summary=(
            "Dinas Kesehatan menggelar posyandu serentak untuk menimbang balita, memberikan "
            "vitamin A dan mendata anak yang berisiko tengkes."
        ),
        paragraphs=[
            "Sebanyak 1.200 balita mengikuti kegiatan posyandu serentak yang digelar Dinas "
            "Kesehatan bersama tim penggerak PKK di 35 titik pelayanan, Selasa.",
            "Kepala Dinas Kesehatan menjelaskan bahwa penimbangan serentak membantu petugas "
            "menemukan balita dengan berat badan yang tidak naik dua bulan berturut-turut. "
            "Balita tersebut akan dikunjungi kader ke rumah dalam sepekan.",
            "Selain vitamin A, orang tua juga menerima penyuluhan tentang makanan pendamping ASI "
            "dari bahan pangan lokal seperti ikan, telur dan sayuran daun.",
        ],
        tags=["Kesehatan", "Posyandu", "Tengkes"],
        section="Kesehatan",
        caption="Kader posyandu menimbang balita di salah satu titik pelayanan.",
        colours=("#38761d", "#b6d7a8"),
        age=timedelta(days=1, hours=2),
        view_count=342,
        reporter="Rizky Pratama",
    ),
    DemoRelease(
        title="Apel Kesiapsiagaan Banjir Pasang, 300 Personel Gabungan Disiagakan",
        dateline="BENGKALIS",
        summary=(
            "Pemerintah kabupaten menggelar apel kesiapsiagaan menghadapi banjir pasang air laut "
            "yang diperkirakan terjadi pada akhir bulan."
        ),
        paragraphs=[
            "Sebanyak 300 personel gabungan dari BPBD, TNI, Polri, Satpol PP dan relawan "
            "mengikuti apel kesiapsiagaan menghadapi banjir pasang di lapangan kantor bupati, "
            "Rabu.",
            "Wakil Bupati yang memimpin apel mengingatkan agar pompa air, perahu karet dan "
            "posko pengungsian diperiksa sebelum puncak pasang. Warga di bantaran sungai diminta "
            "memantau informasi resmi dan tidak mudah percaya kabar yang belum jelas sumbernya.",
            "BPBD menyiapkan nomor pengaduan yang aktif 24 jam dan akan memperbarui informasi "
            "ketinggian air setiap enam jam selama masa siaga.",
        ],
        tags=["Kebencanaan", "BPBD"],
        section="Kebencanaan",
        caption="Wakil Bupati memeriksa kesiapan perahu karet usai apel kesiapsiagaan.",
        colours=("#134f5c", "#a2c4c9"),
        age=timedelta(days=2, hours=5),
        view_count=1534,
        reporter="Nurul Aini",
        photographer="Wahyu Ramadhan",
    ),
    DemoRelease(
        title="Renovasi 12 Ruang Kelas SD Rampung Sebelum Tahun Ajaran Baru",
        dateline="RUPAT UTARA",
        kicker="Kepala Dinas Pendidikan:",
        summary=(
            "Dinas Pendidikan menyelesaikan renovasi dua belas ruang kelas sekolah dasar di "
            "daerah pesisir sebelum tahun ajaran baru dimulai."
        ),
        paragraphs=[
            "Renovasi dua belas ruang kelas di empat sekolah dasar di wilayah pesisir selesai "
            "dikerjakan dan siap digunakan pada tahun ajaran baru.",
            "Kepala Dinas Pendidikan mengatakan pekerjaan meliputi penggantian atap, perbaikan "
            'lantai dan pemasangan jendela baru agar ruang kelas lebih terang. "Anak-anak berhak '
            'belajar di ruang yang aman dan nyaman," katanya saat meninjau sekolah.',
            "Pihak sekolah diminta merawat bangunan bersama komite sekolah dan melaporkan "
            "kerusakan sedini mungkin.",
        ],
        tags=["Pendidikan", "Infrastruktur"],
        section="Pendidikan",
        caption="Siswa melihat ruang kelas yang baru selesai direnovasi.",
        colours=("#b45f06", "#f9cb9c"),
        age=timedelta(days=4),
        view_count=615,
        reporter="Rizky Pratama",
    ),
    DemoRelease(
        title="Bantuan Bibit Kelapa dan Pupuk untuk 40 Kelompok Tani",
        dateline="BANTAN",
        summary=(
            "Dinas Pertanian menyalurkan bantuan bibit kelapa unggul dan pupuk kepada empat "
            "puluh kelompok tani."
        ),
        paragraphs=[
            "Empat puluh kelompok tani menerima bantuan bibit kelapa unggul dan pupuk organik "
            "dari Dinas Pertanian, Kamis. Penyerahan dilakukan di balai penyuluhan pertanian.",
            "Penyuluh pertanian akan mendampingi kelompok tani selama masa tanam, mulai dari "
            "pengolahan lahan hingga pengendalian hama, agar bantuan yang diberikan benar-benar "
            "meningkatkan hasil kebun.",
        ],
        tags=["Pertanian", "Ekonomi"],
        section="Ekonomi",
        caption="Perwakilan kelompok tani menerima bibit kelapa unggul.",
        colours=("#7f6000", "#ffe599"),
        age=timedelta(days=6, hours=1),
        view_count=287,
        photographer="",
    ),
    DemoRelease(
        title="Pelayanan Adminduk Keliling Hadir di Desa Terpencil Akhir Pekan Ini",
        dateline="BENGKALIS",
        summary="Layanan administrasi kependudukan keliling dijadwalkan hadir di desa terpencil.",
        paragraphs=[
            "Dinas Kependudukan dan Pencatatan Sipil akan membuka layanan keliling untuk "
            "perekaman KTP elektronik, kartu keluarga dan akta kelahiran.",
            "Warga diminta membawa dokumen asli dan fotokopinya.",
        ],
        tags=["Pelayanan Publik"],
        section="Pelayanan Publik",
        caption="Petugas menyiapkan perangkat perekaman KTP elektronik.",
        colours=("#351c75", "#b4a7d6"),
        age=-timedelta(days=1),
    ),
    DemoRelease(
        title="Draf: Rencana Festival Budaya Melayu",
        dateline="BENGKALIS",
        summary="Rancangan rilis tentang festival budaya yang masih ditulis reporter.",
        paragraphs=["Rilis ini masih dalam penulisan dan belum tampil untuk publik."],
        tags=["Budaya"],
        caption="",
        colours=("#990000", "#ea9999"),
        age=timedelta(0),
        status=Article.Status.DRAFT,
    ),
]


def draw_photo(colours: tuple[str, str], size: tuple[int, int] = (1600, 1000)) -> bytes:
    """A simple landscape (sky gradient, sun, sea and hills) as JPEG bytes."""
    width, height = size
    top = Image.new("RGB", (1, 1), colours[0]).getpixel((0, 0))
    bottom = Image.new("RGB", (1, 1), colours[1]).getpixel((0, 0))
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        share = y / (height - 1)
        colour = tuple(round(a + (b - a) * share) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)
    draw.ellipse([width * 0.68, height * 0.12, width * 0.82, height * 0.34], fill="#fff2cc")
    horizon = int(height * 0.62)
    draw.polygon(
        [(0, horizon), (width * 0.25, height * 0.45), (width * 0.5, horizon)], fill=colours[0]
    )
    draw.polygon(
        [(width * 0.35, horizon), (width * 0.62, height * 0.5), (width, horizon)], fill=top
    )
    draw.rectangle([0, horizon, width, height], fill="#1c4587")
    for row in range(6):
        y = horizon + 40 + row * 55
        draw.line([(width * 0.1, y), (width * 0.9, y)], fill="#6d9eeb", width=4)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82, optimize=True, progressive=True)
    return buffer.getvalue()


def ensure_demo_editor() -> str | None:
    """Create the local demo editor account once. Returns its new password, or None if it existed.

    The account is staff in the Editor group; it is for local demonstration
    only (``make run``), never for a server.
    """
    users = get_user_model()
    if users.objects.filter(username=DEMO_EDITOR_USERNAME).exists():
        return None
    if not Group.objects.filter(name=EDITOR_ROLE).exists():
        sync_roles(create_missing_permissions=True)
    password = secrets.token_urlsafe(12)
    user = users.objects.create_user(DEMO_EDITOR_USERNAME, password=password, is_staff=True)
    user.groups.add(Group.objects.get(name=EDITOR_ROLE))
    Person.objects.filter(name=EDITOR, user__isnull=True).update(user=user)
    return password


@transaction.atomic
def load_demo_content(now=None) -> int:
    """Create the demo people and releases unless the site already has articles.

    Returns the number of articles created (0 when there was content already).
    """
    if Article.objects.exists():
        return 0
    now = now or timezone.now()
    site = SiteSettings.objects.first()
    if site is None:
        site = SiteSettings(
            **SiteSettings.defaults(),
            default_dateline="BENGKALIS",
            address="Jalan Contoh No. 1, Bengkalis (alamat demo)",
            letterhead_address="Jalan Contoh No. 1, Bengkalis 28711 (alamat demo)",
            phone="(0766) 000000",
            email="prokopim@example.go.id",
        )
        site.save()
    sections = {
        name: Section.objects.get_or_create(
            name=name, defaults={"slug": slugify(name), "position": position}
        )[0]
        for position, name in enumerate(SECTIONS)
    }
    people = {name: Person.objects.get_or_create(name=name)[0] for name in PEOPLE}
    for release in RELEASES:
        article = Article(
            title=release.title,
            kicker=release.kicker,
            dateline=release.dateline,
            source=site.default_source,
            summary=release.summary,
            body="".join(f"<p>{text}</p>" for text in release.paragraphs),
            featured_photo=(
                _demo_photo(release.caption, release.colours, people.get(release.photographer))
                if release.caption
                else None  # a draft still waiting for its photo
            ),
            editor=people[EDITOR],
            reporter=people[release.reporter],
            section=sections[release.section],
            status=release.status,
            published_at=(now - release.age) if release.status != Article.Status.DRAFT else None,
            view_count=release.view_count,
        )
        article.full_clean()
        article.save()
        article.tags.set(release.tags)
        if release.gallery:
            for position, (caption, colours) in enumerate(release.gallery):
                photo = _demo_photo(caption, colours, people.get(release.photographer))
                article.gallery_items.create(photo=photo, position=position)
    return len(RELEASES)


def _demo_photo(caption: str, colours: tuple[str, str], photographer: Person | None) -> Photo:
    """A drawn stand-in photo through the same pipeline as an upload."""
    return photos.create_photo(
        draw_photo(colours),
        caption=caption,
        alt_text=DEMO_ALT_TEXT,
        photographer=photographer,
        source="" if photographer else "Istimewa",
    )
