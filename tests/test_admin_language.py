"""The admin speaks Indonesian, everywhere: a superuser walks every admin page (each
model's list, add, change, history and delete pages, the workflow and history pages of an
article, the password pages, the tag merge, the lockout list...) and no known English word
or piece of jargon shows, neither in the text nor in what a screen reader reads (alt,
title, aria-label) nor on a button. The project's corrections to Django's own Indonesian
(locale/id) are compiled into the committed .mo.
"""

import gettext
import html as html_module
import re
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from taggit.models import Tag

from articles.editorial import workflow
from articles.models import (
    ArticleEvent,
    BlockedNetwork,
    SiteSettings,
    ViewCountAdjustment,
)
from tests.factories import ArticleFactory, PhotoFactory, SectionFactory, UserFactory

pytestmark = pytest.mark.django_db

LOCALE = Path(__file__).resolve().parents[1] / "locale" / "id" / "LC_MESSAGES"

# English, jargon and misspellings users found (or could find) in the admin. Each is a
# whole word, so that Indonesian words containing them ("Tag", "Ubah", "Catatan") pass.
FORBIDDEN = [
    r"\b[Tt]ags\b", r"TAGGIT|Taggit", r"\b[Tt]agged\b", r"\b[Kk]icker\b",
    r"\b[Uu]ser[ -]?[Aa]gent\b", r"\b[Ss]lug\b",
    # Django's Indonesian: "Rubah" is a misspelling of "Ubah"; and more of its kind.
    r"\b[Rr]ubah\b", r"\bmerubah\b", r"\bKapanpun\b", r"\b[Aa]utenti[df]i", r"\b[Dd]itiadakan\b",
    # Django's and the apps' English.
    r"\bHistory\b", r"\bChange\b", r"\bAdd\b", r"\bSave\b", r"\bDelete\b", r"\bSearch\b",
    r"\bCan (add|change|delete|view)\b", r"\bTrue\b", r"\bFalse\b", r"\bobject\b",
    r"\bName\b", r"\b[Pp]assword\b", r"\bsalt\b", r"\bhash\b", r"\bEmail\b", r"\bLog\b",
    r"\bPath\b", r"\bLocked\b", r"\bExpiration\b", r"\bMerge\b", r"\bselected\b",
    r"\bTOTP device\b", r"\bOtp_Totp\b", r"\bAxes\b",
    # Words no Indonesian sentence has: an untranslated sentence shows through them.
    r"\b(the|of|and|with|this|your)\b",
]  # fmt: skip
FORBIDDEN_RE = re.compile("|".join(f"(?:{pattern})" for pattern in FORBIDDEN))

SPOKEN_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label"}


class VisibleText(HTMLParser):
    """What a person sees or hears on a page: its text (not scripts, styles or the text a
    user typed into a field), the labels of its buttons, and what a screen reader reads."""

    SILENT = {"script", "style", "template", "textarea"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.silent = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in self.SILENT:
            self.silent += 1
        for name in SPOKEN_ATTRIBUTES & attributes.keys():
            self.parts.append(attributes[name] or "")
        if tag == "input" and attributes.get("type") in ("submit", "button", "reset"):
            self.parts.append(attributes.get("value") or "")

    def handle_endtag(self, tag):
        if tag in self.SILENT:
            self.silent -= 1

    def handle_data(self, data):
        if not self.silent and data.strip():
            self.parts.append(data.strip())


def english_on(html: str) -> list[str]:
    """The visible pieces of ``html`` with a forbidden word, the word marked »like this«."""
    parser = VisibleText()
    parser.feed(html)
    return [
        FORBIDDEN_RE.sub(lambda match: f"»{match.group(0)}«", part)[:160]
        for part in parser.parts
        if FORBIDDEN_RE.search(part)
    ]


@pytest.fixture
def site_content(roles, bot_rules, make_user):
    """One of everything the admin lists, so that every list, form and delete page has a
    row to show."""
    editor = make_user("Editor", "edi")
    draft = ArticleFactory(
        title="Rapat koordinasi penanganan banjir",
        kicker="Wakil Bupati",
        status="draft",
        published_at=None,
        tags=["Kebencanaan", "Banjir"],
        with_photo=True,
    )
    draft.summary, draft._history_user = "Ringkasan baru.", editor
    draft.save()
    published = ArticleFactory(title="Bupati buka pasar murah", tags=["Ekonomi"])
    ArticleEvent.objects.create(
        article=published, action=ArticleEvent.Action.PUBLISHED, actor=editor, to_status="published"
    )
    ViewCountAdjustment.objects.create(
        article=published, actor=editor, kind="set", old_value=10, new_value=5, reason="Uji."
    )
    BlockedNetwork.objects.create(network="203.0.113.0/24", description="Kantor")
    SiteSettings.objects.create(site_name="Berita PROKOPIM", office_name="Bagian Prokopim")
    SectionFactory(name="Pemerintahan")
    PhotoFactory()
    AccessAttempt.objects.create(
        user_agent="Mozilla/5.0",
        ip_address="198.51.100.7",
        username="tamu",
        http_accept="text/html",
        path_info="/admin/login/",
        get_data="",
        post_data="username=tamu",
        failures_since_start=2,
    )
    return {"draft": draft, "published": published, "editor": editor}


def admin_pages(superuser, content) -> list[tuple[str, str, dict | None]]:
    """(method, url, data) of every admin page a superuser can open."""
    request = RequestFactory().get("/admin/")
    request.user = superuser
    pages = [
        ("get", reverse("admin:index"), None),
        ("get", reverse("admin:password_change"), None),
        ("get", reverse("admin:password_change_done"), None),
        ("get", reverse("admin:two_factor"), None),
        ("get", reverse("admin:auth_user_password_change", args=[superuser.pk]), None),
    ]
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}"
        pages.append(("get", reverse("admin:app_list", args=[opts.app_label]), None))
        pages.append(("get", reverse(f"{name}_changelist"), None))
        pages.append(("get", reverse(f"{name}_changelist") + "?q=zzz", None))  # no results
        if model_admin.has_add_permission(request):
            pages.append(("get", reverse(f"{name}_add"), None))
        for obj in model_admin.get_queryset(request)[:1]:
            pages.append(("get", reverse(f"{name}_change", args=[obj.pk]), None))
            pages.append(("get", reverse(f"{name}_history", args=[obj.pk]), None))
            if model_admin.has_delete_permission(request, obj):
                pages.append(("get", reverse(f"{name}_delete", args=[obj.pk]), None))
                selected = {"action": "delete_selected", "_selected_action": [obj.pk]}
                pages.append(("post", reverse(f"{name}_changelist"), selected))
    article = "admin:articles_article"
    for state in ("draft", "published"):
        pk = content[state].pk
        pages.append(("get", reverse(f"{article}_history", args=[pk]), None))
        pages.append(("get", reverse(f"{article}_preview", args=[pk]), None))
        pages.append(("get", reverse(f"{article}_views", args=[pk]), None))
        for step in workflow.available_transitions(superuser, content[state]):
            pages.append(("get", reverse(f"{article}_transition", args=[pk, step.name]), None))
    merge = {
        "action": "merge_selected",
        "_selected_action": list(Tag.objects.values_list("pk", flat=True)),
    }
    pages.append(("post", reverse("admin:taggit_tag_changelist"), merge))
    return pages


def test_every_admin_page_is_in_indonesian(client, site_content):
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    pages = admin_pages(superuser, site_content)
    assert len(pages) > 80  # every model's pages, not a few

    found = {}
    for method, url, data in pages:
        response = getattr(client, method)(url, data, follow=True)
        assert response.status_code == 200, (method, url, response.status_code)
        english = english_on(response.content.decode())
        if english:
            found[f"{method.upper()} {url}"] = english
    report = "\n".join(f"{page}: {' | '.join(parts)}" for page, parts in found.items())
    assert not found, f"English or jargon on admin pages:\n{report}"


@pytest.mark.parametrize("role", ["Reporter", "Fotografer", "Editor", "Admin"])
def test_every_role_sees_its_pages_in_indonesian(client, make_user, site_content, role):
    """Read-only forms and lists (what a role may see but not change) too."""
    user = make_user(role, "peran")
    client.force_login(user)
    draft, published = site_content["draft"], site_content["published"]
    pages = [reverse("admin:index"), reverse("admin:articles_article_add")]
    for model in ("article", "photo", "person", "section"):
        pages.append(reverse(f"admin:articles_{model}_changelist"))
    for article in (draft, published):
        pages.append(reverse("admin:articles_article_change", args=[article.pk]))
    pages.append(reverse("admin:articles_photo_change", args=[draft.featured_photo_id]))
    pages.append(reverse("admin:taggit_tag_changelist"))
    found = {}
    for url in pages:
        response = client.get(url, follow=True)
        english = english_on(response.content.decode())
        if english:
            found[url] = english
    assert found == {}


def test_the_login_and_logged_out_pages_are_in_indonesian(client):
    login = client.get(reverse("admin:login"))
    assert (login.status_code, english_on(login.content.decode())) == (200, [])
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    logged_out = client.post(reverse("admin:logout"))
    assert (logged_out.status_code, english_on(logged_out.content.decode())) == (200, [])


def test_the_app_and_its_main_model_have_different_names(admin_client):
    """The breadcrumb reads "Beranda › Redaksi › Berita", not "Berita › Berita"."""
    html = admin_client.get(reverse("admin:articles_article_changelist")).content.decode()
    crumbs = re.search(r'<div class="breadcrumbs">(.*?)</div>', html, re.S).group(1)
    text = html_module.unescape(re.sub(r"<[^>]+>", " ", crumbs))
    assert text.split() == ["Beranda", "›", "Redaksi", "›", "Berita"]


def test_tags_are_listed_under_their_indonesian_name(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert "Tag berita" in html and "Taggit" not in html


def test_the_recognisers_catch_what_users_reported():
    reported = [
        "TAGGIT", "Tags", "Kicker:", "Pola user agent bot", "Rubah atau tampilkan tautan",
        "Can add berita", '<img src="x.svg" alt="True">', '<input type="submit" value="Save">',
    ]  # fmt: skip
    assert all(english_on(f"<p>{text}</p>") for text in reported)
    fine = ["Tag", "Ubah", "Label di atas judul", "Catatan", "Pengenal bot", "Berita", "Tambah"]
    assert not any(english_on(f"<p>{text}</p>") for text in fine)
    # What a user typed into a field is theirs, not the admin's.
    assert not english_on("<textarea>The quick brown fox</textarea><script>var Add;</script>")


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_compiled_corrections_match_their_source(domain):
    """Each .mo in locale/id/LC_MESSAGES is compiled from the .po beside it (after editing a
    .po: manage.py compilemessages -l id --ignore .venv, which needs GNU gettext)."""
    with open(LOCALE / f"{domain}.mo", "rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)._catalog
    compiled_entries = {key: value for key, value in catalog.items() if key != ""}
    assert compiled_entries == read_po(LOCALE / f"{domain}.po")


def test_the_admins_scripts_get_the_corrections_too(admin_client):
    script = admin_client.get(reverse("admin:jsi18n")).content.decode()
    assert "Keluarkan semua %s" in script and "Pindahkan semua %s" not in script


def read_po(path: Path) -> dict:
    """The translated entries of a .po file, keyed as Python's gettext keys a .mo's:
    ``msgid``, ``"context\\x04msgid"``, or ``(msgid, n)`` for plural forms."""
    entries, entry, field = {}, {}, None

    def finish():
        if entry.get("msgid"):
            msgid = entry["msgid"]
            if "msgctxt" in entry:
                msgid = f"{entry['msgctxt']}\x04{msgid}"
            if "msgid_plural" in entry:
                for key, value in entry.items():
                    if key.startswith("msgstr["):
                        entries[(msgid, int(key[7:-1]))] = value
            else:
                entries[msgid] = entry["msgstr"]

    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = line.strip()
        if not line or line.startswith("#"):
            if not line and entry:
                finish()
                entry, field = {}, None
            continue
        if line.startswith('"'):
            entry[field] += _unquote(line)
            continue
        field, _space, value = line.partition(" ")
        entry[field] = _unquote(value)
    return entries


def _unquote(text: str) -> str:
    return text[1:-1].replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


def test_a_permission_name_stored_in_english_is_listed_in_indonesian(admin_client, roles):
    html = admin_client.get(
        reverse("admin:auth_group_change", args=[Group.objects.get(name="Editor").pk])
    ).content.decode()
    assert "Redaksi | Dapat mengubah berita" in html
    assert "Redaksi | Dapat meninjau, menerbitkan, menjadwalkan dan menarik berita" in html
    assert "Verifikasi dua langkah | Dapat menambah perangkat autentikator" in html
    assert "Can change" not in html


def test_every_date_and_time_field_names_its_zone(admin_client, site_content):
    """The admin's date-time inputs say their time is WIB (the newsroom's zone)."""
    pages = [
        reverse("admin:articles_photo_add"),
        reverse("admin:articles_article_add"),
        reverse("admin:auth_user_change", args=[site_content["editor"].pk]),
        reverse("admin:articles_article_transition", args=[site_content["draft"].pk, "publish"]),
    ]
    for url in pages:
        html = admin_client.get(url).content.decode()
        time_inputs = re.findall(r'<input type="text" name="(\w+)_1" class="vTimeField"', html)
        assert time_inputs, url
        for name in time_inputs:
            assert f'<label for="id_{name}_1">Waktu (WIB):</label>' in html, (url, name)


def test_a_drafts_preview_says_it_is_not_published_yet(admin_client):
    draft = ArticleFactory(status="draft", published_at=None)
    response = admin_client.get(reverse("admin:articles_article_preview", args=[draft.pk]))
    meta = strip_tags(
        re.search(r'<p class="article-meta">(.*?)</p>', response.content.decode()).group(1)
    )
    assert meta.startswith("Belum terbit | Dibaca : 0 Kali")


def test_a_scheduled_preview_shows_its_time_with_its_zone(admin_client):
    at = timezone.make_aware(datetime(2030, 1, 6, 9, 30), ZoneInfo("Asia/Jakarta"))
    scheduled = ArticleFactory(published_at=at)
    response = admin_client.get(reverse("admin:articles_article_preview", args=[scheduled.pk]))
    meta = strip_tags(
        re.search(r'<p class="article-meta">(.*?)</p>', response.content.decode()).group(1)
    )
    assert meta.startswith("Minggu, 6 Januari 2030 | 09:30:00 WIB | Dibaca")
