from django import template

register = template.Library()


@register.filter
def roles_of(article, person) -> list[str]:
    """``{{ article|roles_of:person }}``: the person's credited roles on the article."""
    return article.roles_of(person)
