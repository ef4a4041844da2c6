from django import forms
from django.contrib.admin import widgets as admin_widgets
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.editorial.workflow import Transition
from articles.models import Article
from articles.models.limits import validate_publication_time


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
            "featured_photo", "photo_caption", "reporter", "editor", "photographer",
            "published_at", "tags",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        reporter = self.fields.get("reporter")
        if reporter is not None and (self.instance._state.adding or self.instance.reporter_id):
            reporter.required = True
            reporter.error_messages["required"] = _("Reporter wajib diisi.")
        tags = self.fields.get("tags")
        if tags is not None:
            tags.help_text = _("Pisahkan dengan koma, misalnya: Kesehatan, Posyandu.")
        published_at = self.fields.get("published_at")
        if published_at is not None:
            published_at.label = _("Rencana waktu terbit (%(zone)s)") % {"zone": zone_name()}

    def clean(self):
        cleaned = super().clean()
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
