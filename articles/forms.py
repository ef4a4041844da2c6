from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Article


class ArticleAdminForm(forms.ModelForm):
    """The admin's article form: every new article names its reporter.

    The model allows an empty reporter only for archive imports, so an article
    that already has a reporter cannot lose it here either.
    """

    class Meta:
        model = Article
        fields = [
            "kicker", "title", "slug", "summary", "dateline", "source", "body",
            "photo", "photo_caption", "reporter", "editor", "photographer",
            "status", "published_at", "tags",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        reporter = self.fields.get("reporter")
        if reporter is not None and (self.instance._state.adding or self.instance.reporter_id):
            reporter.required = True
            reporter.error_messages["required"] = _("Reporter wajib diisi.")
