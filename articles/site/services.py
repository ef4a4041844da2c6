"""Keeping the site's tags tidy: merging tags that mean the same thing."""

from collections.abc import Iterable

from django.db import transaction
from taggit.models import Tag, TaggedItem


@transaction.atomic
def merge_tags(*, tags: Iterable[Tag], into: str) -> Tag:
    """Move everything tagged with one of ``tags`` to the tag named ``into`` (an existing
    tag of that name, whatever its case, or a new one), then delete the others.

    An item that already carries the remaining tag keeps it once. Items are moved one by
    one with ``save()``/``delete()`` so that the pages showing them are refreshed
    (``articles.public.caching``). Returns the remaining tag.
    """
    name = into.strip()
    target = Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name)
    for tag in tags:
        if tag.pk == target.pk:
            continue
        for item in TaggedItem.objects.filter(tag=tag):
            already = TaggedItem.objects.filter(
                tag=target, content_type_id=item.content_type_id, object_id=item.object_id
            ).exists()
            if already:
                item.delete()
            else:
                item.tag = target
                item.save()
        tag.delete()
    return target
