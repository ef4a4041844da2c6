from django import template

from articles import workflow
from articles.models import Article

register = template.Library()

LIMIT = 10


@register.inclusion_tag("admin/includes/editorial_dashboard.html", takes_context=True)
def editorial_dashboard(context):
    """What needs attention, at a glance on the admin home page."""
    user = context["request"].user
    if not user.has_perm("articles.view_article"):
        return {"show": False}
    articles = Article.objects.select_related("reporter")
    if not (workflow.is_editor(user) or user.has_perm("articles.change_article_photo")):
        articles = articles.owned_by(user)
    return {
        "show": True,
        "in_review": articles.in_review().order_by("updated_at")[:LIMIT],
        "overdue": articles.overdue().order_by("published_at")[:LIMIT],
        "scheduled": articles.scheduled().order_by("published_at")[:LIMIT],
    }
