from django import forms
from django.contrib import messages
from django.contrib.admin import widgets as admin_widgets
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.editorial.workflow import Transition
from articles.models import Article
from articles.models.limits import validate_publication_time
from articles.richtext.dateline import Dateline, LiftedDateline, lift_dateline
from articles.richtext.editor import BodyEditorWidget
from articles.site.config import site_settings


def zone_name() -> str:
    """The newsroom's zone as readers say it: WIB, WITA or WIT."""
    return timezone.localtime().tzname()


class ArticleAdminForm(forms.ModelForm):
    """The admin's article form.

    - Every new article names its reporter. The model allows an empty reporter
      only for archive imports, so an article that has one cannot lose it here.
    - Changing the body of a published article asks whether it is a correction;
      a correction needs a note, shown to readers under the article.
    - The publication time says its zone.
    - The body is written in the rich-text editor, whose toolbar offers only what the
      sanitizer keeps (``articles.richtext.allowlist``).
    - A body that opens with its dateline (``BENGKALIS, PROKOPIM - ``, as releases
      written in Word do) gives it to the dateline and source fields and loses it, so
      the page shows it once; ``dateline_notice`` tells the editor (``lift_dateline``).
    """

    CORRECTION_YES = "ya"
    CORRECTION_NO = "tidak"

    correction = forms.ChoiceField(
        label=_("Apakah perubahan isi ini sebuah ralat?"),
        choices=[
            (CORRECTION_YES, _("Ya, ralat: tampilkan catatan ralat di bawah berita")),
            (CORRECTION_NO, _("Bukan, hanya perbaikan kecil (ejaan, format)")),
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    correction_note = forms.CharField(
        label=_("Catatan ralat untuk pembaca"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    class Meta:
        model = Article
        fields = [
            "kicker", "title", "slug", "summary", "section", "dateline", "source", "body",
            "featured_photo", "reporter", "editor",
            "published_at", "tags",
        ]  # fmt: skip
        widgets = {"body": BodyEditorWidget}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        reporter = self.fields.get("reporter")
        if reporter is not None and (self.instance._state.adding or self.instance.reporter_id):
            reporter.required = True
            reporter.error_messages["required"] = _("Reporter wajib diisi.")
        tags = self.fields.get("tags")
        if tags is not None:
            tags.help_text = _("Pisahkan dengan koma, misalnya: Kesehatan, Posyandu.")
        body = self.fields.get("body")
        if body is not None:
            body.help_text = _(
                "Tulis dengan bilah alat: subjudul, tebal, miring, daftar, tautan, kutipan dan "
                "tabel. Teks yang ditempel dari Word atau Google Docs kehilangan gaya dan warnanya."
            )
        published_at = self.fields.get("published_at")
        if published_at is not None:
            published_at.label = _("Rencana waktu terbit (%(zone)s)") % {"zone": zone_name()}

    dateline_lifted: LiftedDateline | None = None

    def clean(self):
        cleaned = super().clean()
        self._lift_dateline(cleaned)
        self._forget_removed_photo(cleaned)
        if self.instance.pk and self.instance.is_public and "body" in self.changed_data:
            answer = cleaned.get("correction")
            if not answer:
                self.add_error(
                    "correction",
                    _("Isi berita yang sudah terbit berubah: nyatakan apakah ini ralat."),
                )
            elif answer == self.CORRECTION_YES and not cleaned.get("correction_note", "").strip():
                self.add_error("correction_note", _("Catatan ralat wajib diisi."))
        return cleaned

    @property
    def is_correction(self) -> bool:
        return self.cleaned_data.get("correction") == self.CORRECTION_YES

    def _forget_removed_photo(self, cleaned: dict) -> None:
        # The caption and photographer are the featured photo's copy (not on this form);
        # once the photo goes they would be a credit for a photo the release lacks.
        if (
            "featured_photo" in self.changed_data
            and cleaned.get("featured_photo") is None
            and self.instance.featured_photo_id is not None
        ):
            self.instance.photo_caption, self.instance.photographer = "", None

    def _lift_dateline(self, cleaned: dict) -> None:
        # Blank fields, and fields still holding the site's defaults (a new article's
        # form starts with them), take the body's dateline: that is what the reporter meant.
        if any(name not in cleaned for name in ("body", "dateline", "source")):
            return  # not on this form (photo-only), or refused by the field itself
        site = site_settings()
        self.dateline_lifted = lifted = lift_dateline(
            cleaned["body"],
            dateline=cleaned["dateline"],
            source=cleaned["source"],
            defaults=(site.default_dateline, site.default_source),
        )
        cleaned.update(body=lifted.body, dateline=lifted.dateline, source=lifted.source)

    def dateline_notice(self) -> tuple[int, str] | None:
        """What became of a dateline opening the body, as a message level and text."""
        lifted = self.dateline_lifted
        if lifted is None or (lifted.taken is None and lifted.conflict is None):
            return None
        if lifted.taken is not None:
            return messages.INFO, _(
                "Dateline «%(dateline)s» diambil dari awal isi berita dan dipindahkan ke "
                "kolom Tempat dan Sumber."
            ) % {"dateline": lifted.taken.label}
        fields = Dateline(lifted.dateline, lifted.source).label
        return messages.WARNING, _(
            "Isi berita diawali dateline «%(found)s», berbeda dengan kolom Tempat dan Sumber "
            "(«%(fields)s»). Isi berita dibiarkan: hapus salah satunya agar dateline tidak "
            "tampil dua kali."
        ) % {"found": lifted.conflict.label, "fields": fields}


class TransitionForm(forms.Form):
    """What an editor or reporter adds to a workflow step: a note, a reason or a time,
    as the step's entry in ``workflow.TRANSITIONS`` says."""

    note = forms.CharField(label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 3}))
    confirm = forms.BooleanField(
        label=_("Konfirmasi"),
        error_messages={"required": _("Centang konfirmasi ini untuk melanjutkan.")},
    )
    at = forms.SplitDateTimeField(
        label=_("Waktu terbit"),
        required=False,
        validators=[validate_publication_time],
        widget=admin_widgets.AdminSplitDateTime,
        help_text=_("Kosongkan untuk terbit sekarang. Waktu di masa depan menjadwalkan berita."),
    )

    def __init__(self, *args, transition: Transition, **kwargs):
        super().__init__(*args, **kwargs)
        self.transition = transition
        if transition.takes_time:
            self.fields["at"].label = _("Waktu terbit (%(zone)s)") % {"zone": zone_name()}
            del self.fields["note"]
        else:
            del self.fields["at"]
            self.fields["note"].label = transition.note.label
            self.fields["note"].required = transition.note.required
        if transition.confirm:
            self.fields["confirm"].label = transition.confirm
        else:
            del self.fields["confirm"]

    def service_arguments(self) -> dict:
        """The keyword arguments the step's service takes from this form."""
        if self.transition.takes_time:
            return {"at": self.cleaned_data.get("at")}
        return {self.transition.note.argument: self.cleaned_data.get("note", "")}
