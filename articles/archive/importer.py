"""Write parsed legacy releases (``articles.archive.parser``) to the database.

One release is one transaction: its article and any new people are saved
together or not at all. The natural key is the title plus the publication
time, so importing the same file again finds its article and changes nothing,
and a file whose text changed updates its article (keeping a revision).
"""

import re
from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction
from django.utils.translation import gettext_lazy

from articles.archive.release import LegacyRelease
from articles.models import Article, Person
from articles.richtext.sanitizer import sanitize_html

IMPORT_REASON = gettext_lazy("Impor arsip lama")  # shown in the revision history
ROLES = ("editor", "reporter", "photographer")


class Outcome(StrEnum):
    IMPORTED = "imported"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


class LegacyImportError(Exception):
    """The release parsed but cannot be written; the message says why. Nothing was written."""


@dataclass(frozen=True)
class ImportResult:
    outcome: Outcome
    article: Article | None  # None only on a dry run that would create the article
    changed_fields: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # worth telling the operator, e.g. a read count left alone


def import_release(*, release: LegacyRelease, dry_run: bool = False) -> ImportResult:
    """Create or update the article for ``release`` in one transaction.

    A new article is published with the old read count as its ``view_count``. An
    existing one (same title and publication time) gets the file's content and
    credits, saved only when something differs, so an unchanged file writes nothing,
    not even a revision. Its status and read count are left alone: an editor may have
    withdrawn it, and reads counted here (or a recorded adjustment) must not be
    overwritten; a differing count is reported in ``notes``. With ``dry_run`` nothing
    is written and the result says what would happen.

    The article is validated as the admin validates it (``Article.full_clean``: the body's
    size, the publication year, the fields' lengths) before anything is written, on a
    dry run too.

    Raises ``LegacyImportError`` when the article is not valid or cannot be written.
    """
    try:
        with transaction.atomic():
            return _import(release, dry_run=dry_run)
    except ValidationError as error:
        raise LegacyImportError(f"the article is not valid: {_reasons(error)}") from error
    except (IntegrityError, DataError) as error:
        raise LegacyImportError(f"the database refused the article: {error}") from error


def _reasons(error: ValidationError) -> str:
    """``field: message`` for each refusal, in one line."""
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    return "; ".join(
        f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
    )


def _import(release: LegacyRelease, *, dry_run: bool) -> ImportResult:
    matches = list(
        Article.objects.select_for_update(of=("self",))
        .select_related(*ROLES)
        .filter(title=release.title, published_at=release.published_at)
        .order_by("pk")[:2]
    )
    if len(matches) > 1:
        raise LegacyImportError(
            "several articles already have this title and publication time; "
            "merge them before importing"
        )
    article = matches[0] if matches else None
    people = {
        role: _matching_person(getattr(release, role), getattr(article, role, None))
        for role in ROLES
    }
    content = _content(release)
    if article is None:
        article = Article(
            **content,
            title=release.title,
            status=Article.Status.PUBLISHED,
            published_at=release.published_at,
            view_count=release.view_count,
        )
        article.full_clean(exclude=ROLES)
        if dry_run:
            return ImportResult(Outcome.IMPORTED, None)
        for role, person in _credits(release, people).items():
            setattr(article, role, person)
        article._change_reason = str(IMPORT_REASON)
        article.save()
        return ImportResult(Outcome.IMPORTED, article)

    changed = [name for name, value in content.items() if getattr(article, name) != value]
    changed += [role for role in ROLES if _credit_changes(article, role, release, people)]
    notes = ()
    if release.view_count > article.view_count:
        notes = (
            f"the file shows {release.view_count} reads and the article {article.view_count}; "
            "an import sets only the starting count, so it was left as it is",
        )
    for name, value in content.items():
        setattr(article, name, value)
    # An unchanged article is checked too: one stored before the limits existed (dated
    # 2100, say) is reported, never confirmed with an address it cannot have.
    article.full_clean(exclude=ROLES)
    if not changed:
        return ImportResult(Outcome.UNCHANGED, article, notes=notes)
    if not dry_run:
        for name, value in _credits(release, people).items():
            setattr(article, name, value)
        article._change_reason = str(IMPORT_REASON)
        # Never the read counter: page views update it concurrently, by UPDATE.
        article.save(update_fields=[*content, *ROLES, "updated_at"])
    return ImportResult(Outcome.UPDATED, article, tuple(changed), notes)


def _content(release: LegacyRelease) -> dict[str, str]:
    """The article's text fields as they will be stored (the body sanitised, as on save)."""
    return {
        "kicker": release.kicker,
        "dateline": release.dateline,
        "source": release.source,
        "body": sanitize_html(release.body_html),
        "photo_caption": release.photo_caption,
    }


def _credit_changes(
    article: Article, role: str, release: LegacyRelease, people: dict[str, Person | None]
) -> bool:
    current: Person | None = getattr(article, role)
    wanted = people[role]
    if wanted is None:  # nobody, or a person still to be created
        return current is not None or bool(getattr(release, role))
    return current is None or current.pk != wanted.pk


def _credits(release: LegacyRelease, people: dict[str, Person | None]) -> dict[str, Person | None]:
    """Each role's Person, creating the ones not found (only when actually writing)."""
    credits = {}
    for role in ROLES:
        name = getattr(release, role)
        person = people[role]
        if name and person is None:
            person = Person.objects.create(name=name)
            # The same new name in two roles is one new person.
            people.update(
                {other: person for other in ROLES if _same_name(getattr(release, other), name)}
            )
        credits[role] = person
    return credits


def _matching_person(name: str, current: Person | None) -> Person | None:
    """The Person called ``name``, ignoring case and whitespace; None when there is none.

    The article's current credit wins when it matches, so a re-import never swaps
    one "Indra" for another.
    """
    if not name:
        return None
    if current is not None and _same_name(current.name, name):
        return current
    # Whitespace-insensitive in SQL; the pattern is valid in SQLite's (Python) and
    # PostgreSQL's regular expressions alike.
    pattern = r"^\s*" + r"\s+".join(re.escape(word) for word in name.split()) + r"\s*$"
    return Person.objects.filter(name__iregex=pattern).order_by("pk").first()


def _same_name(first: str, second: str) -> bool:
    return " ".join(first.split()).casefold() == " ".join(second.split()).casefold()
