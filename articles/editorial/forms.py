from django import forms
from django.contrib.admin import widgets as admin_widgets
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Photo, ViewCountAdjustment
from articles.photos import services as photos


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


ACCEPTED_TYPES = "image/jpeg,image/png,image/webp,image/heic,image/heif,.heic,.heif"


class PhotoAdminForm(forms.ModelForm):
    """The admin's photo form. A new file is checked by decoding it, turned upright
    and stripped of all metadata (GPS above all) before anything is stored; a
    rejected file is a form error and nothing is written."""

    # A plain file field: the pipeline decides what is a photo, with its own messages
    # (Django's ImageField would answer every bad file with one generic message).
    image = forms.FileField(
        label=capfirst(Photo._meta.get_field("image").verbose_name),
        help_text=Photo._meta.get_field("image").help_text,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_TYPES}),
    )

    class Meta:
        model = Photo
        fields = [
            "image", "caption", "alt_text", "photographer", "source", "taken_at",
            "focal_x", "focal_y",
        ]  # fmt: skip

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if not isinstance(image, UploadedFile):
            return image  # unchanged
        upload, self.processed = photos.cleaned_upload(image)
        return upload

    def save(self, commit=True):
        processed = getattr(self, "processed", None)
        if processed is not None:
            photos.apply_upload(self.instance, processed, self.cleaned_data["image"])
        return super().save(commit)


class TransitionForm(forms.Form):
    """What an editor or reporter adds to a workflow step: a note, a reason or a time."""

    note = forms.CharField(label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 3}))
    at = forms.SplitDateTimeField(
        label=_("Waktu terbit"),
        required=False,
        widget=admin_widgets.AdminSplitDateTime,
        help_text=_("Kosongkan untuk terbit sekarang. Waktu di masa depan menjadwalkan berita."),
    )

    def __init__(self, *args, transition: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.transition = transition
        if transition == "publish":
            self.fields["at"].label = _("Waktu terbit (%(zone)s)") % {"zone": zone_name()}
            del self.fields["note"]
        else:
            del self.fields["at"]
            if transition == "submit":
                self.fields["note"].required = False
                self.fields["note"].label = _("Catatan untuk editor (boleh kosong)")
            elif transition == "return":
                self.fields["note"].label = _("Catatan untuk reporter: apa yang perlu diperbaiki")
            elif transition == "withdraw":
                self.fields["note"].label = _("Alasan penarikan")


class AdjustViewCountForm(forms.Form):
    """A staff correction of a read count; the reason is always required."""

    kind = forms.ChoiceField(
        label=_("Jenis koreksi"),
        choices=ViewCountAdjustment.Kind.choices,
        widget=forms.RadioSelect,
        initial=ViewCountAdjustment.Kind.SET,
    )
    new_value = forms.IntegerField(
        label=_("Angka baru"), min_value=0, max_value=2_147_483_647, required=False
    )
    date_from = forms.DateField(
        label=_("Dari tanggal"), required=False, widget=admin_widgets.AdminDateWidget
    )
    date_to = forms.DateField(
        label=_("Sampai tanggal"), required=False, widget=admin_widgets.AdminDateWidget
    )
    reason = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        missing_value = cleaned.get("new_value") is None and "new_value" not in self.errors
        if kind == ViewCountAdjustment.Kind.SET and missing_value:
            self.add_error("new_value", _("Isi angka baru."))
        if kind == ViewCountAdjustment.Kind.SUBTRACT_RANGE:
            start, end = cleaned.get("date_from"), cleaned.get("date_to")
            if start is None and "date_from" not in self.errors:
                self.add_error("date_from", _("Isi tanggal awal."))
            if end is None and "date_to" not in self.errors:
                self.add_error("date_to", _("Isi tanggal akhir."))
            if start and end and start > end:
                self.add_error("date_to", _("Tanggal akhir harus sesudah tanggal awal."))
        return cleaned
