from django import template
from django.db.models import OuterRef, Subquery

from articles.models import Article, ArticleEvent

register = template.Library()

LIMIT = 10


@register.inclusion_tag("admin/includes/editorial_dashboard.html", takes_context=True)
def editorial_dashboard(context):
    """What needs attention, at a glance on the admin home page."""
    user = context["request"].user
    if not user.has_perm("articles.view_article"):
        return {"show": False}
    articles = Article.objects.select_related("reporter").visible_to_staff(user)
    latest = ArticleEvent.objects.filter(article=OuterRef("pk")).order_by("-created_at", "-id")
    returned = (
        Article.objects.drafts()
        .owned_by(user)
        .annotate(
            last_action=Subquery(latest.values("action")[:1]),
            return_note=Subquery(latest.values("note")[:1]),
        )
        .filter(last_action=ArticleEvent.Action.RETURNED)
    )
    return {
        "show": True,
        "returned": returned[:LIMIT],
        "in_review": articles.in_review().order_by("updated_at")[:LIMIT],
        "overdue": articles.overdue().order_by("published_at")[:LIMIT],
        "scheduled": articles.scheduled().order_by("published_at")[:LIMIT],
    }
