from django import forms
from django.contrib.admin import widgets as admin_widgets
from django.utils.translation import gettext_lazy as _

from articles.models import ViewCountAdjustment


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
