"""Structured data for search engines and link previews."""

import json

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from .models import Article, SiteSettings


def news_article_jsonld(article: Article, request) -> SafeString:
    """JSON-LD ``NewsArticle`` for ``article``, safe to put inside a <script> element."""
    absolute = request.build_absolute_uri
    site = SiteSettings.current()
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "description": article.summary or article.title,
        "mainEntityOfPage": absolute(article.get_absolute_url()),
        "datePublished": timezone.localtime(article.published_at).isoformat(),
        "dateModified": timezone.localtime(article.updated_at or article.published_at).isoformat(),
        "inLanguage": "id",
        "publisher": {"@type": "GovernmentOrganization", "name": site.office_name},
    }
    if site.logo:
        data["publisher"]["logo"] = {"@type": "ImageObject", "url": absolute(site.logo.url)}
    if article.reporter:
        data["author"] = {
            "@type": "Person",
            "name": article.reporter.name,
            "url": absolute(article.reporter.get_absolute_url()),
        }
    else:
        data["author"] = {"@type": "GovernmentOrganization", "name": site.office_name}
    if article.photo:
        data["image"] = [absolute(article.photo.url)]
    if article.section:
        data["articleSection"] = article.section.name
    keywords = [name for _slug, name in article.public_tags]
    if keywords:
        data["keywords"] = keywords
    text = json.dumps(data, ensure_ascii=False)
    # Nothing in the data may close the <script> element or open a comment.
    for character, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(character, escape)
    return mark_safe(text)  # noqa: S308 - JSON with <, > and & escaped
