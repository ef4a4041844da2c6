from django import template

from articles.photos import services as photos
from articles.public import metadata

register = template.Library()


@register.filter
def iso8601(moment) -> str:
    """``{{ article.published_at|iso8601 }}``: local time with offset, to the second."""
    return metadata.iso8601(moment) if moment else ""


@register.filter
def roles_of(article, person) -> list[str]:
    """``{{ article|roles_of:person }}``: the person's credited roles on the article."""
    return article.roles_of(person)


@register.inclusion_tag("includes/picture.html")
def picture(
    photo, sizes: str, *, loading: str = "lazy", css_class: str = "", alt=None, focal=False
):
    """``{% picture photo sizes="(min-width: 48rem) 44rem, 100vw" loading="eager" %}``:
    the photo as ``<picture>`` with WebP and JPEG renditions, its intrinsic size set (no
    layout shift), lazily loaded unless ``loading="eager"`` (for the first screen).
    ``focal=True`` for a photo the page crops: it is cropped around its focal point."""
    if focal:
        css_class = f"{css_class} {photos.focal_classes(photo)}".strip()
    return {
        "picture": photos.picture(photo),
        "sizes": sizes,
        "eager": loading == "eager",
        "css_class": css_class,
        "alt": photo.alt_text if alt is None else alt,
    }
