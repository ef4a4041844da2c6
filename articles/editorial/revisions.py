"""Readable differences between two revisions of an article."""

import difflib
import html
import re
from dataclasses import dataclass
from datetime import datetime

from django.utils import formats, timezone
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from articles.models import Article, Person

COMPARED_FIELDS = [
    "title", "kicker", "slug", "summary", "dateline", "source", "body",
    "featured_photo", "photo_caption", "reporter", "editor", "photographer", "status",
    "published_at",
]  # fmt: skip
PERSON_FIELDS = {"reporter", "editor", "photographer"}
_BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|tr|figcaption)>|<br\s*/?>", re.IGNORECASE)


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str
    diff: SafeString  # old and new words, removed in <del>, added in <ins>


def compare(old, new) -> list[FieldChange]:
    """The fields that differ from revision ``old`` to revision ``new``, in form order."""
    delta = new.diff_against(old, included_fields=COMPARED_FIELDS)
    changes = {change.field: change for change in delta.changes}
    person_ids = {
        value for name in PERSON_FIELDS & changes.keys()
        for value in (changes[name].old, changes[name].new) if value
    }  # fmt: skip
    names = dict(Person.objects.filter(pk__in=person_ids).values_list("pk", "name"))
    result = []
    for name in COMPARED_FIELDS:
        if name not in changes:
            continue
        old_text = _as_text(name, changes[name].old, names)
        new_text = _as_text(name, changes[name].new, names)
        result.append(
            FieldChange(
                label=str(Article._meta.get_field(name).verbose_name).capitalize(),
                old=old_text,
                new=new_text,
                diff=word_diff(old_text, new_text),
            )
        )
    return result


def word_diff(old: str, new: str) -> SafeString:
    """``new`` with removed words from ``old`` in ``<del>`` and added ones in ``<ins>``."""
    old_words, new_words = old.split(), new.split()
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape(" ".join(old_words[a1:a2])))
            continue
        if a2 > a1:
            parts.append(f"<del>{escape(' '.join(old_words[a1:a2]))}</del>")
        if b2 > b1:
            parts.append(f"<ins>{escape(' '.join(new_words[b1:b2]))}</ins>")
    return mark_safe(" ".join(part for part in parts if part))  # noqa: S308 - all text escaped


def _as_text(name: str, value, person_names: dict) -> str:
    if value in (None, ""):
        return ""
    if name in PERSON_FIELDS:
        return person_names.get(value, f"#{value}")
    if name == "featured_photo":
        return _("Foto #%(id)s") % {"id": value}
    if name == "body":
        # One paragraph per line, so the diff reads like the text.
        text = html.unescape(strip_tags(_BLOCK_END.sub("\n", str(value))))
        return text.strip().replace("\n", " \u00b6 ")
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if name == "status":
        return str(Article.Status(value).label)
    return str(value)
