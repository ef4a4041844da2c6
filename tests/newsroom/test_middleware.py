"""The site's middleware (newsroom/middleware/__init__.py) does what the libraries' does.

- The Content-Security-Policy headers are, byte for byte, django-csp's: for the
  settings' policy, a changed setting, a view that changes its own policy, a nonce.
- Content-Language is the site's language, as LocaleMiddleware set it.
- Messages work in the admin as before; a request that does not use them makes none.
- The request id is django-guid's (tests/newsroom/test_request_logging.py), and its
  settings that the light middleware does not cover get django-guid's own.
"""

import asyncio
import uuid

import pytest
from csp.constants import HEADER, HEADER_REPORT_ONLY, NONCE, NONE, SELF
from csp.exceptions import CSPNonceError
from csp.middleware import CSPMiddleware
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils.functional import empty
from django_guid.config import settings as guid_settings
from pytest_django.asserts import assertContains, assertNotContains

from newsroom.middleware import (
    ContentSecurityPolicyMiddleware,
    content_language_middleware,
    request_id_middleware,
)
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db

OURS = "newsroom.middleware.ContentSecurityPolicyMiddleware"
DJANGO_CSP = "csp.middleware.CSPMiddleware"
REPORT_ONLY = {"DIRECTIVES": {"default-src": [SELF], "report-uri": "/laporan-csp/"}}


def policies(response) -> tuple[str | None, str | None]:
    return response.get(HEADER), response.get(HEADER_REPORT_ONLY)


def pages_with(settings, csp_middleware: str, admin_user) -> dict[str, tuple]:
    """The policy headers of public and admin pages, with ``csp_middleware`` in place
    of the site's."""
    settings.MIDDLEWARE = [csp_middleware if m == OURS else m for m in settings.MIDDLEWARE]
    reader, staff = Client(), Client()
    staff.force_login(admin_user)
    article = ArticleFactory()
    return {
        "home": policies(reader.get(reverse("articles:home"))),
        "article": policies(reader.get(article.get_absolute_url())),
        "not found": policies(reader.get("/tidak-ada/")),
        "admin login": policies(reader.get(reverse("admin:login"))),
        "admin page": policies(
            staff.get(reverse("admin:articles_article_change", args=[article.pk]))
        ),
    }


@pytest.mark.parametrize(
    "policy_settings",
    [
        pytest.param({}, id="the-sites-policy"),
        pytest.param({"CONTENT_SECURITY_POLICY_REPORT_ONLY": REPORT_ONLY}, id="report-only-too"),
        pytest.param(
            {"CONTENT_SECURITY_POLICY": {"DIRECTIVES": {"script-src": [SELF, NONCE]}}},
            id="nonce-never-asked-for",
        ),
        pytest.param(
            {
                "CONTENT_SECURITY_POLICY": {
                    "EXCLUDE_URL_PREFIXES": ["/admin/"],
                    "DIRECTIVES": {"default-src": [SELF]},
                }
            },
            id="admin-left-out",
        ),
        pytest.param({"DEBUG": True}, id="debug"),
    ],
)
def test_pages_and_the_admin_get_the_very_headers_of_django_csp(
    settings, admin_user, policy_settings
):
    for name, value in policy_settings.items():
        setattr(settings, name, value)

    ours = pages_with(settings, OURS, admin_user)
    theirs = pages_with(settings, DJANGO_CSP, admin_user)

    assert ours == theirs
    policy, report_only = ours["home"]
    assert policy
    assert (report_only is not None) == ("CONTENT_SECURITY_POLICY_REPORT_ONLY" in policy_settings)


def test_a_changed_policy_setting_applies_at_once(client, settings):
    assert "script-src 'self'" in client.get(reverse("articles:home"))[HEADER]
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": [NONE]}}
    assert client.get(reverse("articles:home"))[HEADER] == "default-src 'none'"


def respond_with(attribute: str | None = None, value=None, status: int = 200):
    def view(request):
        response = HttpResponse("Halo", status=status)
        if attribute:
            setattr(response, attribute, value)
        return response

    return view


@pytest.mark.parametrize(
    ("attribute", "value"),
    [
        ("_csp_update", {"img-src": ["https://foto.example.id"]}),
        ("_csp_replace", {"script-src": [SELF, "https://cdn.example.id"]}),
        ("_csp_config", {"default-src": [NONE]}),
        ("_csp_exempt", True),
        ("_csp_config_ro", {"default-src": [SELF]}),
        ("_csp_exempt_ro", True),
    ],
)
def test_a_view_that_changes_its_policy_gets_django_csps_headers(rf, settings, attribute, value):
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = REPORT_ONLY
    view = respond_with(attribute, value)

    ours = policies(ContentSecurityPolicyMiddleware(view)(rf.get("/")))

    assert ours == policies(CSPMiddleware(view)(rf.get("/")))
    assert ours != policies(ContentSecurityPolicyMiddleware(respond_with())(rf.get("/")))


@pytest.mark.parametrize("status", [404, 500])
def test_debug_error_pages_get_no_policy_as_with_django_csp(rf, settings, status):
    settings.DEBUG = True
    response = ContentSecurityPolicyMiddleware(respond_with(status=status))(rf.get("/"))
    assert policies(response) == (None, None)


def test_a_page_that_uses_a_nonce_gets_it_in_its_policy(rf, settings):
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"script-src": [SELF, NONCE]}}

    def view(request):
        return HttpResponse(str(request.csp_nonce))

    response = ContentSecurityPolicyMiddleware(view)(rf.get("/"))

    assert f"script-src 'self' 'nonce-{response.content.decode()}'" in response[HEADER]


def test_a_nonce_asked_for_once_the_header_is_written_is_an_error(rf):
    request = rf.get("/")
    ContentSecurityPolicyMiddleware(respond_with())(request)
    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)


# -- Content-Language ---------------------------------------------------------------


@pytest.mark.parametrize("asgi", [False, True], ids=["wsgi", "asgi"])
def test_content_language_is_set_unless_the_view_set_it(rf, asgi):
    def view(request):
        response = HttpResponse("Halo")
        if request.path == "/english/":
            response["Content-Language"] = "en"
        return response

    async def async_view(request):
        return view(request)

    handler = content_language_middleware(async_view if asgi else view)
    respond = (lambda request: asyncio.run(handler(request))) if asgi else handler

    assert respond(rf.get("/"))["Content-Language"] == "id"
    assert respond(rf.get("/english/"))["Content-Language"] == "en"


# -- messages -----------------------------------------------------------------------


def test_a_public_read_makes_no_message_storage_and_leaves_the_cookie_be(client):
    client.cookies["messages"] = "pesan-untuk-admin"
    response = client.get(reverse("articles:home"))
    assert response.wsgi_request._messages._wrapped is empty
    assert response.cookies == {}


def test_an_admin_save_shows_its_message_after_the_redirect(staff_client):
    response = staff_client.post(
        reverse("admin:articles_section_add"),
        {"name": "Kesehatan", "slug": "kesehatan", "description": "", "position": 0},
        follow=True,
    )
    assert response.redirect_chain
    assertContains(response, '<li class="success">Rubrik “<a href=')
    assertContains(response, "Kesehatan</a>” berhasil ditambahkan.</li>")
    # Shown once: the next page has it no more.
    assertNotContains(staff_client.get(reverse("admin:index")), "berhasil ditambahkan")


def test_an_admin_action_shows_its_message_after_the_redirect(staff_client):
    section = SectionFactory(name="Kesehatan")
    response = staff_client.post(
        reverse("admin:articles_section_changelist"),
        {"action": "delete_selected", "_selected_action": [section.pk], "post": "yes"},
        follow=True,
    )
    assert response.redirect_chain
    assertContains(response, "Sukses menghapus 1 rubrik.")


def test_an_admin_error_message_is_indonesian(staff_client):
    response = staff_client.get(
        reverse("admin:articles_section_change", args=[999999]), follow=True
    )
    assertContains(response, "Rubrik dengan ID “999999” tidak ada. Mungkin telah dihapus?")


# -- request id ---------------------------------------------------------------------


def test_request_id_settings_it_does_not_cover_get_django_guids_middleware(rf, monkeypatch):
    monkeypatch.setattr(
        guid_settings, "settings", {**guid_settings.settings, "IGNORE_URLS": ["healthz"]}
    )
    handler = request_id_middleware(respond_with())
    assert "X-Request-ID" not in handler(rf.get("/healthz"))
    assert uuid.UUID(handler(rf.get("/berita/"))["X-Request-ID"])


def test_request_id_under_asgi(rf):
    async def view(request):
        return HttpResponse("Halo")

    handler = request_id_middleware(view)
    incoming = uuid.uuid4().hex

    fresh = asyncio.run(handler(rf.get("/")))
    kept = asyncio.run(handler(rf.get("/", headers={"X-Request-ID": incoming})))

    assert uuid.UUID(fresh["X-Request-ID"])
    assert kept["X-Request-ID"] == incoming
