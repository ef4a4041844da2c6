"""Admin pages for read-count moderation: the per-article page, the audit, the blocklists."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from articles.models import BlockedNetwork, UserAgentRule, ViewCountAdjustment
from articles.reads import charts, counting, moderation
from articles.reads.forms import AdjustViewCountForm
from newsroom.readonly_admin import ReadOnlyAdmin

# The read-count pages' stylesheet: phone layout, chart and breadcrumbs.
STYLESHEET = "css/admin-read-counts.css"


class ViewCountViewsMixin:
    """Adds ``<article>/views/`` to the article admin: chart, adjust form, audit."""

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<path:object_id>/views/",
                self.admin_site.admin_view(self.view_count_view),
                name=f"{prefix}_views",
            ),
            *super().get_urls(),
        ]

    def view_count_view(self, request, object_id):
        if not moderation.can_moderate(request.user):
            raise PermissionDenied
        article = self.get_object(request, object_id)
        if article is None:
            raise Http404
        form = AdjustViewCountForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                adjustment = moderation.adjust_view_count(
                    article=article, by=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    _("Jumlah dibaca diubah dari %(old)d menjadi %(new)d.")
                    % {"old": adjustment.old_value, "new": adjustment.new_value},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse("admin:articles_article_views", args=[article.pk])
                )
        days = charts.daily_reads(article)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": _("Jumlah dibaca: %(title)s") % {"title": article},
            "form": form,
            "media": self.media + form.media,
            "displayed": counting.displayed_count(article),
            "pending": counting.pending_reads(article),
            "days": days,
            "summary": charts.summarize(days),
            "chart": charts.chart(days),
            "excluded": {
                "bot_reads": sum(day.bot_reads for day in days),
                "other_excluded": sum(day.other_excluded for day in days),
            },
            "adjustments": article.view_adjustments.select_related("actor"),
        }
        status = 400 if request.method == "POST" else 200
        return TemplateResponse(
            request, "admin/articles/article/view_count.html", context, status=status
        )


@admin.register(ViewCountAdjustment)
class ViewCountAdjustmentAdmin(ReadOnlyAdmin):
    """The audit of count corrections. Nobody adds, edits or deletes it here."""

    list_display = ["created_at", "article", "actor", "kind", "old_value", "new_value", "reason"]
    list_filter = ["kind", "created_at"]
    list_select_related = ["article", "actor"]
    search_fields = ["article__title", "reason"]
    date_hierarchy = "created_at"

    class Media:
        css = {"all": [STYLESHEET]}


@admin.register(UserAgentRule)
class UserAgentRuleAdmin(admin.ModelAdmin):
    list_display = ["pattern", "description", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["pattern", "description"]

    class Media:
        css = {"all": [STYLESHEET]}


@admin.register(BlockedNetwork)
class BlockedNetworkAdmin(admin.ModelAdmin):
    list_display = ["network", "description", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["network", "description"]

    class Media:
        css = {"all": [STYLESHEET]}
