"""The article admin's workflow pages: transitions, preview, preview links and history.

The views only gather input and show results; every rule is in ``workflow`` (the
transitions) and ``policy`` (who may edit which article).

An article has one history page, at Django's own "history" address (the change form's
"Riwayat" button): its revisions with who, when and why, the difference between any two,
restoring one ("Pulihkan", for those who may edit the article), and the workflow record.
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles.distribution import pdf
from articles.editorial import broadcast, policy, preview, revisions, workflow
from articles.editorial.forms import TransitionForm
from articles.models import Article, ArticleEvent
from articles.reads import moderation


class WorkflowViewsMixin:
    def get_urls(self):
        wrap = self.admin_site.admin_view
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<path:object_id>/transition/<str:name>/",
                wrap(self.transition_view),
                name=f"{prefix}_transition",
            ),
            path("<path:object_id>/preview/", wrap(self.preview_view), name=f"{prefix}_preview"),
            path("<path:object_id>/pdf/", wrap(self.pdf_view), name=f"{prefix}_pdf"),
            path(
                "<path:object_id>/preview-link/",
                wrap(require_POST(self.preview_link_view)),
                name=f"{prefix}_preview_link",
            ),
            path(
                "<path:object_id>/preview-links/revoke/",
                wrap(require_POST(self.revoke_preview_links_view)),
                name=f"{prefix}_revoke_preview_links",
            ),
            path(
                "<path:object_id>/revisions/<int:history_id>/restore/",
                wrap(require_POST(self.restore_view)),
                name=f"{prefix}_restore",
            ),
            *super().get_urls(),
        ]

    # -- helpers ------------------------------------------------------------

    def _article_or_404(self, request, object_id) -> Article:
        article = self.get_object(request, object_id)  # honours get_queryset's visibility
        if article is None or not self.has_view_permission(request, article):
            raise Http404
        return article

    def _change_url(self, article) -> str:
        return reverse("admin:articles_article_change", args=[article.pk])

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, object_id)
        context = dict(extra_context or {})
        if article is not None:
            context.update(self._workflow_context(request, article))
        return super().change_view(request, object_id, form_url, extra_context=context)

    def _workflow_context(self, request, article: Article) -> dict:
        user = request.user
        returned = None
        if article.status == Article.Status.DRAFT:
            returned = article.events.filter(action=ArticleEvent.Action.RETURNED).first()
        return {
            "workflow_transitions": [
                (transition.name, transition.label, self._look(transition))
                for transition in workflow.available_transitions(user, article)
            ],
            "workflow_returned": returned,
            **self._checklist_context(user, article),
            "workflow_can_share_preview": policy.is_editor(user) and preview.can_share(article),
            "workflow_can_revoke_previews": policy.is_editor(user),
            "workflow_can_see_history": policy.can_edit(user, article),
            "workflow_status": article.status_label,
            "can_moderate_views": moderation.can_moderate(user),
            "broadcast": broadcast.for_article(article, absolute=request.build_absolute_uri),
        }

    def _checklist_context(self, user, article: Article) -> dict:
        """What an editor still has to fill in before publishing, and what publishing
        will fill in by itself (an empty editor credit becomes theirs)."""
        if not policy.is_editor(user) or article.status == Article.Status.PUBLISHED:
            return {"workflow_checklist": [], "workflow_publish_notes": []}
        return {
            "workflow_checklist": policy.publish_checklist(article, by=user),
            "workflow_publish_notes": policy.publish_notes(article, by=user),
        }

    @staticmethod
    def _look(transition: workflow.Transition) -> str:
        """How a step's button looks: publishing is the page's primary button; a step that
        asks for confirmation (withdrawing) is a red one; the others are plain."""
        if transition.confirm:
            return "danger"
        return "primary" if transition.name == workflow.TransitionName.PUBLISH else ""

    # -- views --------------------------------------------------------------

    def transition_view(self, request, object_id, name):
        transition = workflow.TRANSITIONS.get(name)
        if transition is None:
            raise Http404
        article = self._article_or_404(request, object_id)
        if not workflow.is_permitted(transition, request.user, article):
            raise PermissionDenied
        if request.method != "POST" and transition not in workflow.available_transitions(
            request.user, article
        ):
            raise PermissionDenied
        initial = {}
        if transition.takes_time and article.is_scheduled:
            initial["at"] = timezone.localtime(article.published_at)
        form = TransitionForm(
            request.POST if request.method == "POST" else None,
            transition=transition,
            initial=initial,
        )
        if request.method == "POST":
            return self._perform(request, article, transition, form)
        return self._render_transition(request, article, transition, form)

    def _perform(self, request, article, transition, form):
        if not form.is_valid():
            return self._render_transition(request, article, transition, form)
        try:
            article = transition.service(
                article=article, by=request.user, **form.service_arguments()
            )
        except workflow.TransitionNotAllowed as refusal:
            form.add_error(None, str(refusal))
            return self._render_transition(request, article, transition, form)
        self.message_user(request, transition.done_message(article), messages.SUCCESS)
        return HttpResponseRedirect(self._change_url(article))

    def _render_transition(self, request, article, transition, form):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": transition.label,
            "transition": transition.name,
            "form": form,
            "media": self.media + form.media,
            "checklist": policy.publish_checklist(article, by=request.user)
            if transition.takes_time
            else [],
            "publish_notes": policy.publish_notes(article, by=request.user)
            if transition.takes_time
            else [],
            # A step that asks for confirmation is one to think twice about: a red button.
            "dangerous": bool(transition.confirm),
        }
        status = 400 if form.is_bound else 200
        return TemplateResponse(
            request, "admin/articles/article/transition.html", context, status=status
        )

    def preview_view(self, request, object_id):
        """The article in the public layout, in whatever state it is."""
        article = self._article_or_404(request, object_id)
        article = Article.objects.with_credits().get(pk=article.pk)
        response = TemplateResponse(
            request,
            "articles/article_detail.html",
            {
                "article": article,
                "is_preview": True,
                "canonical_url": preview.canonical_url(request, article),
            },
        )
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def pdf_view(self, request, object_id):
        """The article's PDF as it stands, for whoever may preview it (to send it up for
        approval): marked "DRAF" unless it is public; never cached."""
        article = self._article_or_404(request, object_id)
        article = Article.objects.with_credits().get(pk=article.pk)
        draft = not Article.objects.published().filter(pk=article.pk).exists()
        content = pdf.render(
            article, canonical_url=preview.canonical_url(request, article), draft=draft
        )
        response = pdf.response(content, name=pdf.filename(article, draft=draft))
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def preview_link_view(self, request, object_id):
        article = self._article_or_404(request, object_id)
        if not policy.is_editor(request.user):
            raise PermissionDenied
        if not preview.can_share(article):
            self.message_user(
                request,
                _("Berita yang ditarik tidak dapat dibagikan lewat tautan pratinjau."),
                messages.ERROR,
            )
            return HttpResponseRedirect(self._change_url(article))
        url = request.build_absolute_uri(
            reverse("articles:preview_link", args=[preview.make_token(article)])
        )
        hours = int(preview.link_lifetime().total_seconds() // 3600)
        self.message_user(
            request,
            format_html(
                _('Tautan pratinjau (berlaku {hours} jam): <a href="{url}">{url}</a>'),
                hours=hours,
                url=url,
            ),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self._change_url(article))

    def revoke_preview_links_view(self, request, object_id):
        article = self._article_or_404(request, object_id)
        preview.revoke_links(article, by=request.user)
        self.message_user(
            request,
            _("Semua tautan pratinjau “%(title)s” yang pernah dibuat kini tidak berlaku.")
            % {"title": article},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self._change_url(article))

    def history_view(self, request, object_id, extra_context=None):
        """The one history page (in place of Django's list of admin log entries): the
        revisions, newest first; the difference between the two chosen with ``a`` and
        ``b`` (by default the newest and the one before); the workflow record."""
        article = self._article_or_404(request, unquote(object_id))
        # The revisions are for those who may edit the article (and so restore one).
        may_edit = policy.can_edit(request.user, article)
        if not may_edit:
            raise PermissionDenied
        history = list(article.history.select_related("history_user").order_by("-history_id"))
        by_id = {str(record.history_id): record for record in history}
        older, newer = (history[1], history[0]) if len(history) > 1 else (None, None)
        if "a" in request.GET or "b" in request.GET:
            older, newer = by_id.get(request.GET.get("a")), by_id.get(request.GET.get("b"))
            if older is None or newer is None:
                raise Http404
            if older.history_id > newer.history_id:
                older, newer = newer, older
        changes = revisions.compare(older, newer) if older is not None else None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": _("Riwayat: %(title)s") % {"title": article},
            "history": history,
            "events": article.events.select_related("actor"),
            "changes": changes,
            "older": older,
            "newer": newer,
            "can_restore": may_edit,
        }
        return TemplateResponse(request, "admin/articles/article/history.html", context)

    def restore_view(self, request, object_id, history_id):
        article = self._article_or_404(request, object_id)
        revision = get_object_or_404(article.history, history_id=history_id)
        workflow.restore_revision(article=article, revision=revision, by=request.user)
        self.message_user(
            request,
            _("Revisi %(id)s dipulihkan sebagai revisi baru.") % {"id": history_id},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self._change_url(article))
