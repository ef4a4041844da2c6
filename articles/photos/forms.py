from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import capfirst

from articles.models import Photo
from articles.photos import services as photos

ACCEPTED_TYPES = "image/jpeg,image/png,image/webp,image/heic,image/heif,.heic,.heif"


class PhotoAdminForm(forms.ModelForm):
    """The admin's photo form. A new file is checked by decoding it, turned upright
    and stripped of all metadata (GPS above all) before anything is stored; a
    rejected file is a form error and nothing is written.

    The focal point is shown and typed the Indonesian way, with a decimal comma ("0,5");
    a dot is accepted too. Clicking the preview sets it (static/js/focal-point.js)."""

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
        localized_fields = ["focal_x", "focal_y"]
        widgets = {
            name: forms.TextInput(attrs={"inputmode": "decimal", "size": 6})
            for name in ("focal_x", "focal_y")
        }

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
