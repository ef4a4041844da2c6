from django import template

from articles import metadata

register = template.Library()


@register.filter
def iso8601(moment) -> str:
    """``{{ article.published_at|iso8601 }}``: local time with offset, to the second."""
    return metadata.iso8601(moment) if moment else ""


@register.filter
def roles_of(article, person) -> list[str]:
    """``{{ article|roles_of:person }}``: the person's credited roles on the article."""
    return article.roles_of(person)
