"""The body's rich-text editor: django-prose-editor's widget, configured from the allow-list.

The editor (ProseMirror and Tiptap, served from the package's own static files) gets the
extensions and toolbar that ``articles.richtext.allowlist`` defines, the same table the
sanitizer reads, so it cannot offer what the server would strip.

It is started by ``static/js/body-editor.js`` instead of django-prose-editor's presets:
those load the editor through an import map, an inline ``<script>`` that the site's
Content Security Policy (``script-src 'self'``) refuses. Our module imports the editor by
the URL this widget gives it, so every script on the page is a file from our origin.
"""

from django import forms
from django.forms.widgets import Script
from django.templatetags.static import static
from django_prose_editor.widgets import ProseEditorWidget

from articles.richtext.allowlist import editor_extensions, toolbar

# The textarea attribute our module looks for (``data-django-prose-editor-<preset>``).
PRESET = "newsroom"
EDITOR_MODULE = "django_prose_editor/editor.js"


class BodyEditorWidget(ProseEditorWidget):
    """A textarea that becomes the rich-text editor in the browser, and stays a plain
    textarea (raw HTML, sanitised on save) where scripts do not run."""

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, preset=PRESET)

    @property
    def media(self):
        return forms.Media(
            css={
                "all": [
                    "django_prose_editor/material-icons.css",
                    "django_prose_editor/editor.css",
                    "django_prose_editor/overrides.css",
                    "css/body-editor.css",
                ]
            },
            js=[Script("js/body-editor.js", type="module")],
        )

    def get_config(self) -> dict:
        return {
            "module": static(EDITOR_MODULE),
            "extensions": editor_extensions(),
            "toolbar": toolbar(),
        }
