"""The WhatsApp broadcast text of a release, ready to paste into the office's groups.

::

    *Bupati Tinjau Banjir di Bantan*

    BENGKALIS, PROKOPIM - Bupati meninjau lokasi banjir ...

    Selengkapnya: https://berita.example.id/s/2n9c/

    Bagian Prokopim Setda Kabupaten Bengkalis

``whatsapp_text`` is pure (plain values in, text out). ``for_article`` gathers those
values for a published or scheduled release; a scheduled one also gets a note for the
editor (not part of the text) that the link answers only from the publication time.
"""

import re
from dataclasses import dataclass
from datetime import datetime
from html import unescape

from django.utils import formats, timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from articles.models import Article, shortlinks
from articles.site.config import site_settings

# Without a summary, the text opens the body, this many words.
EXCERPT_WORDS = 40
# WhatsApp bolds *text*; an asterisk inside the title would end the bold early, so it
# becomes the asterisk operator (U+2217): it looks the same, formats nothing, and the
# common fonts have it (the full-width asterisk is missing from many desktop fonts).
ASTERISK = "*"
SAFE_ASTERISK = "\u2217"
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Broadcast:
    text: str
    # For the editor, not the readers: when the short link starts to answer (scheduled).
    note: str = ""


def whatsapp_text(
    *, title: str, dateline: str, summary: str, short_url: str, office_name: str
) -> str:
    """The message: the title in WhatsApp bold, the dateline running into the summary,
    the short link, and the office's name, in paragraphs separated by a blank line.

    The title is put on one line (whitespace collapsed) with its asterisks made
    harmless; an empty dateline, summary or office name leaves out its part.
    """
    paragraphs = []
    title = _SPACES.sub(" ", title).strip().replace(ASTERISK, SAFE_ASTERISK)
    if title:
        paragraphs.append(f"*{title}*")
    lead = f"{dateline}{summary.strip()}".strip()
    if lead:
        paragraphs.append(lead)
    paragraphs.append(_("Selengkapnya: %(url)s") % {"url": short_url})
    if office_name.strip():
        paragraphs.append(office_name.strip())
    return "\n\n".join(paragraphs)


def for_article(article: Article, *, absolute) -> Broadcast | None:
    """The broadcast of a published (or scheduled) release; None for any other status.
    ``absolute`` turns a site path into an absolute URL (``request.build_absolute_uri``)."""
    if article.status != Article.Status.PUBLISHED or article.pk is None:
        return None
    summary = article.summary.strip() or _excerpt(article)
    text = whatsapp_text(
        title=article.title,
        dateline=article.dateline_text,
        summary=summary,
        short_url=absolute(shortlinks.short_path(article.pk)),
        office_name=site_settings().office_name,
    )
    note = ""
    if article.is_scheduled:
        note = _("Berita ini terjadwal: tautannya baru dapat dibuka mulai %(when)s WIB.") % {
            "when": _local_time(article.published_at)
        }
    return Broadcast(text=text, note=note)


def _excerpt(article: Article) -> str:
    text = _SPACES.sub(" ", unescape(strip_tags(article.body))).strip()
    return Truncator(text).words(EXCERPT_WORDS, truncate=" …")


def _local_time(moment: datetime) -> str:
    """``Senin, 7 Desember 2026 pukul 09.00`` in the site's time zone (WIB)."""
    local = timezone.localtime(moment)
    return _("%(day)s pukul %(time)s") % {
        "day": formats.date_format(local, "l, j F Y"),
        "time": local.strftime("%H.%M"),
    }
