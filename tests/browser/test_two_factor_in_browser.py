"""Two-factor login in Chromium: an editor enrols with the QR page, then logs in with a code.

Checks what only a browser shows: the forms post with their CSRF tokens, the QR code is
drawn (inline SVG), the login page with its code field and the enrolment page pass
axe-core, and the Content Security Policy reports nothing on these pages.
"""

import re
import time

import pytest
from django.urls import reverse
from django_otp.oath import TOTP, totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.browser import CHROMIUM
from tests.browser.conftest import SCREENSHOTS

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)

pytestmark = pytest.mark.browser

PASSWORD = "kata-sandi-uji-yang-panjang-2024"


@pytest.fixture
def editor(transactional_db, make_user):
    user = make_user("Editor", "indra")
    user.set_password(PASSWORD)
    user.save()
    return user


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key):06d}"


def code_of_next_step(device: TOTPDevice) -> str:
    generator = TOTP(device.bin_key)
    generator.time = time.time() + generator.step
    return f"{generator.token():06d}"


def log_in(page, code: str = "") -> None:
    """The login page, as reached from the admin: password, and the code when given."""
    page.goto(reverse("admin:index"))
    page.get_by_label("Nama pengguna").fill("indra")
    page.get_by_label("Sandi").fill(PASSWORD)
    if code:
        page.get_by_label("Kode verifikasi").fill(code)
    page.get_by_role("button", name="Masuk").click()


def assert_no_axe_violations(axe, page) -> None:
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()


def test_an_editor_enrols_and_then_logs_in_with_a_code(browser, live_server, editor, axe):
    context = browser.new_context(base_url=live_server.url, locale="id-ID")
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text))
    try:
        log_in(page)
        expect(page).to_have_url(re.compile(re.escape(reverse("admin:index")) + "$"))

        page.get_by_role("link", name="Verifikasi dua langkah").click()
        qr = page.locator(".two-factor-qr svg")
        expect(qr).to_be_visible()
        assert qr.bounding_box()["width"] >= 150
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / "two-factor-enrolment.png", full_page=True)
        assert_no_axe_violations(axe, page)
        device = TOTPDevice.objects.get(user=editor, confirmed=False)
        page.get_by_label("Kode verifikasi").fill(current_code(device))
        page.get_by_role("button", name="Aktifkan verifikasi dua langkah").click()
        expect(page.locator("ul.messagelist li.success")).to_contain_text("aktif")
        device.refresh_from_db()
        assert device.confirmed

        page.get_by_role("button", name="Keluar").click()
        # The password alone: the login page asks for the code, next to its field.
        log_in(page)
        code_field = page.get_by_label("Kode verifikasi")
        expect(code_field).to_have_attribute("aria-invalid", "true")
        expect(page.locator("#id_otp_token_error")).to_contain_text(
            "Akun ini memakai verifikasi dua langkah"
        )
        page.screenshot(path=SCREENSHOTS / "two-factor-login.png", full_page=True)
        assert_no_axe_violations(axe, page)
        # The enrolment used this time step's code; the app's next one is within tolerance.
        log_in(page, code=code_of_next_step(device))
        expect(page).to_have_url(re.compile(re.escape(reverse("admin:index")) + "$"))
        device.refresh_from_db()
        assert device.last_used_at is not None
    finally:
        context.close()

    assert not [text for text in console if "Content Security Policy" in text]
