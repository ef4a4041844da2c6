"""Read-count moderation in the admin (issue 4): who may correct a count, how a correction
is made and put on record, the audit nobody can edit, and the validated blocklists."""

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import ProtectedError
from django.test import Client, RequestFactory
from django.urls import reverse
from pytest_django.asserts import assertContains

from articles.models import BlockedNetwork, DailyViews, UserAgentRule, ViewCountAdjustment
from articles.reads import buffer as view_buffer
from articles.reads import counting, moderation
from tests.factories import ArticleFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bot_rules", "clock")]

NOW = datetime(2024, 5, 2, 5, 0, tzinfo=UTC)  # 12:00 WIB
SET = ViewCountAdjustment.Kind.SET
SUBTRACT = ViewCountAdjustment.Kind.SUBTRACT_RANGE
REASON = "Lonjakan dari perayap yang belum dikenali pada 1-2 Mei."


@pytest.fixture
def article():
    return ArticleFactory(view_count=315)


@pytest.fixture
def editor(make_user):
    return make_user("Editor", "edi")


@pytest.fixture
def as_editor(client, editor):
    client.force_login(editor)
    return client


def superuser():
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def chart_svg(html):
    """The chart's <svg> element (the admin's own icon sprite comes earlier in the page)."""
    start = html.index('<svg class="views-chart"')
    return html[start : html.index("</svg>", start) + len("</svg>")]


def views_url(article):
    return reverse("admin:articles_article_views", args=[article.pk])


def adjust(client, article, **data):
    return client.post(views_url(article), {"reason": REASON, **data})


def public_figure(article):
    return Client().get(article.get_absolute_url())


def unchanged(article, view_count=315):
    article.refresh_from_db()
    return article.view_count == view_count and not ViewCountAdjustment.objects.exists()


class TestWhoMayModerate:
    @pytest.mark.parametrize("role", ["Reporter", "Fotografer", None])
    @pytest.mark.parametrize("method", ["get", "post"])
    def test_staff_without_the_permission_get_403_and_change_nothing(
        self, client, make_user, article, role, method
    ):
        client.force_login(make_user(role, "sari"))
        data = {"kind": SET, "new_value": "1", "reason": REASON}
        assert getattr(client, method)(views_url(article), data).status_code == 403
        assert unchanged(article)

    def test_visitors_are_sent_to_the_admin_login(self, client, article):
        response = client.get(views_url(article))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))

    @pytest.mark.parametrize("who", ["Editor", "Admin", "superuser"])
    def test_editors_admins_and_superusers_may(self, client, make_user, article, who):
        client.force_login(superuser() if who == "superuser" else make_user(who, "edi"))
        assert client.get(views_url(article)).status_code == 200
        assert adjust(client, article, kind=SET, new_value="300").status_code == 302

    def test_the_service_itself_refuses_a_reporter(self, make_user, article):
        with pytest.raises(PermissionDenied):
            moderation.adjust_view_count(
                article=article, by=make_user("Reporter", "sari"), kind=SET, new_value=1, reason="x"
            )
        assert unchanged(article)


class TestCorrections:
    def test_an_editor_sets_a_new_figure_with_a_reason(self, as_editor, editor, article):
        response = adjust(as_editor, article, kind=SET, new_value="300")
        assert response.status_code == 302
        assert response["Location"] == views_url(article)
        audit = ViewCountAdjustment.objects.get()
        assert (audit.article, audit.actor, audit.created_at) == (article, editor, NOW)
        assert (audit.kind, audit.old_value, audit.new_value, audit.reason) == (
            SET,
            315,
            300,
            REASON,
        )
        article.refresh_from_db()
        assert article.view_count == 300
        assertContains(public_figure(article), "Dibaca : 300 Kali")
        assertContains(as_editor.get(views_url(article)), REASON)

    def test_an_editor_subtracts_the_reads_of_a_date_range(self, as_editor, article):
        for day, counted in [(date(2024, 4, 30), 7), (date(2024, 5, 1), 10), (date(2024, 5, 2), 5)]:
            DailyViews.objects.create(article=article, date=day, counted=counted, bot_reads=2)
        response = adjust(
            as_editor, article, kind=SUBTRACT, date_from="2024-05-01", date_to="2024-05-02"
        )
        assert response.status_code == 302
        audit = ViewCountAdjustment.objects.get()
        assert (audit.old_value, audit.new_value) == (315, 300)
        assert (audit.date_from, audit.date_to) == (date(2024, 5, 1), date(2024, 5, 2))
        days = DailyViews.objects.order_by("date").values_list(
            "counted", "bot_reads", "other_excluded"
        )
        assert list(days) == [(7, 2, 0), (0, 2, 10), (0, 2, 5)]  # the reads now show as excluded
        assertContains(public_figure(article), "Dibaca : 300 Kali")

    def test_subtracting_more_than_the_figure_stops_at_zero(self, as_editor):
        imported = ArticleFactory(view_count=3)
        DailyViews.objects.create(article=imported, date=date(2024, 5, 1), counted=10)
        adjust(as_editor, imported, kind=SUBTRACT, date_from="2024-05-01", date_to="2024-05-01")
        imported.refresh_from_db()
        assert imported.view_count == 0

    @pytest.mark.parametrize(
        "data, field",
        [
            ({"kind": SET, "new_value": "-5"}, "new_value"),
            ({"kind": SET, "new_value": ""}, "new_value"),
            ({"kind": SET, "new_value": "tiga ratus"}, "new_value"),
            ({"kind": SET, "new_value": "99999999999"}, "new_value"),
            ({"kind": SET, "new_value": "300", "reason": ""}, "reason"),
            ({"kind": SET, "new_value": "300", "reason": "   "}, "reason"),
            ({"kind": SUBTRACT, "date_from": "2024-05-02", "date_to": "2024-05-01"}, "date_to"),
            ({"kind": SUBTRACT, "date_from": "2024-05-01"}, "date_to"),
            ({"kind": "hapus", "new_value": "0"}, "kind"),
        ],
        ids=["negative", "no-figure", "not-a-number", "too-large", "no-reason", "blank-reason",
             "inverted-range", "open-range", "unknown-kind"],
    )  # fmt: skip
    def test_bad_input_is_a_form_error_and_changes_nothing(self, as_editor, article, data, field):
        DailyViews.objects.create(article=article, date=date(2024, 5, 1), counted=10)
        response = adjust(as_editor, article, **data)
        assert response.status_code == 400
        assert field in response.context["form"].errors
        assertContains(response, "errorlist", status_code=400)
        assert unchanged(article)
        assert DailyViews.objects.get().counted == 10

    def test_pending_reads_are_applied_before_the_correction(self, as_editor, article, redis_mode):
        for ip in ["10.0.0.1", "10.0.0.2", "10.0.0.3"]:
            request = RequestFactory().get("/", REMOTE_ADDR=ip, HTTP_USER_AGENT="Mozilla/5.0")
            request.user = None
            counting.record_read(request, article)
        adjust(as_editor, article, kind=SET, new_value="300")
        assert ViewCountAdjustment.objects.get().old_value == 318
        view_buffer.flush()
        article.refresh_from_db()
        assert (article.view_count, counting.displayed_count(article)) == (300, 300)

    def test_with_redis_down_a_correction_is_refused_clearly_not_a_crash(
        self, as_editor, article, settings
    ):
        settings.REDIS_URL = "redis://127.0.0.1:6390/0"  # nothing listens there
        assert as_editor.get(views_url(article)).status_code == 200
        response = adjust(as_editor, article, kind=SET, new_value="300")
        assertContains(response, "Redis", status_code=400)
        assert unchanged(article)


class TestChart:
    def test_the_page_draws_the_last_30_days_as_an_svg(self, as_editor, article):
        DailyViews.objects.create(
            article=article, date=date(2024, 5, 2), counted=4, bot_reads=2, other_excluded=1
        )
        DailyViews.objects.create(article=article, date=date(2024, 4, 1), counted=99)  # too old
        html = as_editor.get(views_url(article)).content.decode()
        svg = ET.fromstring(chart_svg(html))  # noqa: S314 (our own page)
        assert svg.tag.endswith("svg")
        bars = svg.findall("{*}g[@class='bar']")
        assert len(bars) == 30 and len(svg.findall("{*}g/{*}rect")) == 60
        assert bars[-1].find("{*}title").text.endswith("dihitung 4, bot 2, lainnya 1")
        assert float(bars[-1].find("{*}rect[@class='counted']").get("height").rstrip("%")) > 0
        assert "99" not in "".join(bar.find("{*}title").text for bar in bars)


@pytest.fixture
def audit_row(article, editor):
    return moderation.adjust_view_count(
        article=article, by=editor, kind=SET, new_value=300, reason=REASON
    )


class TestAuditIsReadOnly:
    @pytest.fixture(params=["Editor", "Admin", "superuser"])
    def staff(self, request, client, make_user):
        user = superuser() if request.param == "superuser" else make_user(request.param, "ani")
        client.force_login(user)
        return client

    def test_nobody_can_add_change_or_delete_an_audit_row(self, staff, audit_row):
        name = "admin:articles_viewcountadjustment"
        row = [audit_row.pk]
        assert staff.get(reverse(f"{name}_changelist")).status_code == 200
        assert staff.get(reverse(f"{name}_add")).status_code == 403
        forged = {"reason": "Dihapus saja.", "old_value": "1", "new_value": "1", "kind": SET}
        assert staff.post(reverse(f"{name}_add"), forged).status_code == 403
        assert staff.post(reverse(f"{name}_change", args=row), forged).status_code == 403
        assert staff.get(reverse(f"{name}_delete", args=row)).status_code == 403
        assert staff.post(reverse(f"{name}_delete", args=row), {"post": "yes"}).status_code == 403
        bulk = {"action": "delete_selected", "_selected_action": row, "post": "yes"}
        staff.post(reverse(f"{name}_changelist"), bulk)
        audit_row.refresh_from_db()
        assert (audit_row.old_value, audit_row.new_value, audit_row.reason) == (315, 300, REASON)

    def test_an_article_with_corrections_on_record_cannot_be_deleted(self, audit_row, article):
        with pytest.raises(ProtectedError):
            article.delete()
        assert ViewCountAdjustment.objects.filter(pk=audit_row.pk).exists()


class TestBlocklists:
    ua_add = "admin:articles_useragentrule_add"
    network_add = "admin:articles_blockednetwork_add"

    @pytest.mark.parametrize("pattern", ["(tanpa-tutup", "bot[", "*crawler", "(?P<x>a)(?P<x>b)"])
    def test_an_invalid_pattern_is_a_form_error_and_nothing_is_saved(self, as_editor, pattern):
        before = UserAgentRule.objects.count()
        response = as_editor.post(reverse(self.ua_add), {"pattern": pattern, "is_active": "on"})
        assert response.status_code == 200
        assertContains(response, "Pola tidak sah")
        assert "pattern" in response.context["adminform"].form.errors
        assert UserAgentRule.objects.count() == before

    @pytest.mark.parametrize(
        "network", ["10.0.0.0/33", "300.1.2.3", "bukan-jaringan", "2001:db8::/129", "10.0.0.0/-1"]
    )
    def test_an_invalid_network_is_a_form_error_and_nothing_is_saved(self, as_editor, network):
        response = as_editor.post(reverse(self.network_add), {"network": network})
        assert response.status_code == 200
        assertContains(response, "Bukan jaringan IP yang sah")
        assert not BlockedNetwork.objects.exists()

    def test_a_network_is_stored_in_its_canonical_form_and_applies_at_once(self, as_editor):
        article = ArticleFactory()
        Client().get(article.get_absolute_url(), REMOTE_ADDR="198.51.100.1")  # rules now cached
        response = as_editor.post(
            reverse(self.network_add), {"network": " 203.0.113.9/24 ", "is_active": "on"}
        )
        assert response.status_code == 302
        assert BlockedNetwork.objects.get().network == "203.0.113.0/24"
        Client().get(article.get_absolute_url(), REMOTE_ADDR="203.0.113.50")
        assert DailyViews.objects.get(article=article).other_excluded == 1

    def test_the_same_network_written_differently_is_refused(self, as_editor):
        BlockedNetwork.objects.create(network="203.0.113.0/24")
        response = as_editor.post(reverse(self.network_add), {"network": "203.0.113.7/24"})
        assert response.status_code == 200
        assert "network" in response.context["adminform"].form.errors
        assert BlockedNetwork.objects.count() == 1

    @pytest.mark.parametrize(
        "patterns",
        [["(?i)agregator"], ["(?P<aplikasi>agregator)", "(?P<aplikasi>pemindai)"]],
        ids=["inline-flag", "same-group-name"],
    )
    def test_patterns_the_admin_accepts_never_break_the_article_page(self, as_editor, patterns):
        for pattern in patterns:
            as_editor.post(reverse(self.ua_add), {"pattern": pattern, "is_active": "on"})
        visitor = Client(raise_request_exception=False)
        page = visitor.get(ArticleFactory().get_absolute_url(), HTTP_USER_AGENT="Agregator/1.0")
        assert page.status_code == 200

    def test_a_reporter_cannot_touch_the_blocklists(self, client, make_user):
        client.force_login(make_user("Reporter", "sari"))
        assert client.post(reverse(self.ua_add), {"pattern": "x"}).status_code == 403
        assert client.post(reverse(self.network_add), {"network": "10.0.0.0/8"}).status_code == 403
        assert not BlockedNetwork.objects.exists()
        assert not UserAgentRule.objects.filter(pattern="x").exists()
