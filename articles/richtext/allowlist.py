"""What a press release body may contain, defined once for the editor and the sanitizer.

Each ``Feature`` names the editor extension that makes it (django-prose-editor's
Tiptap extensions), the HTML it is stored as, and the toolbar buttons that offer it.
From this one table:

- the sanitizer (``articles.richtext.sanitizer``) takes ``ALLOWED_TAGS`` and
  ``ALLOWED_ATTRIBUTES``: everything any feature is stored as;
- the editor widget (``articles.richtext.editor``) takes ``editor_extensions()`` and
  ``toolbar()``: the extensions to load and the buttons to show, in order.

A feature is one of three kinds:

- offered: in the editor and on its toolbar (paragraphs, bold, italic, links,
  subheadings, lists, quotes, a simple table), what the public page renders well;
- kept: in the editor, so editing an older body never loses it, but not on the toolbar
  (own-media images with their figures, sub- and superscript such as m² or CO₂);
- stored: not in the editor; the sanitizer still accepts it in bodies written before
  the editor (raw HTML, imports), and the editor turns it into the nearest thing it
  offers when such a body is edited (a ``thead`` row becomes a header row, ``h4`` a
  paragraph; an underline, a rule or a table caption goes). ``b`` and ``i`` are not
  stored at all: the paste cleaner (``articles.richtext.paste``) writes them, as any
  bold or italic, as ``strong`` and ``em``.
  Nothing that renders today is narrowed: the sanitizer also runs when a published
  body is shown.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

URL_SCHEMES = {"http", "https", "mailto", "tel"}


@dataclass(frozen=True)
class Feature:
    """One thing a body may contain.

    ``extension``: the editor extension that makes it (None: the editor has none, the
    tags are only stored); ``options``: that extension's configuration. ``tags`` and
    ``attributes``: the HTML the server keeps for it. ``buttons``: the toolbar's menu
    items for it (django-prose-editor's item names) with their labels, in ``group``.
    """

    extension: str | None
    tags: frozenset[str] = frozenset()
    attributes: Mapping[str, frozenset[str]] = field(default_factory=dict)
    options: Mapping[str, Any] | None = None
    buttons: Mapping[str, str] = field(default_factory=dict)
    group: str = ""


def _feature(extension, tags="", attributes=None, options=None, buttons=None, group=""):
    return Feature(
        extension=extension,
        tags=frozenset(tags.split()),
        attributes={tag: frozenset(names.split()) for tag, names in (attributes or {}).items()},
        options=options,
        buttons=buttons or {},
        group=group,
    )


FEATURES: tuple[Feature, ...] = (
    # The editor's own plumbing: a document of blocks, and cursors for drops and tables.
    _feature("Document"),
    _feature("Text"),
    _feature("Dropcursor"),
    _feature("Gapcursor"),
    # Offered.
    _feature("Paragraph", "p", buttons={"paragraph": _("Paragraf biasa")}, group="block"),
    _feature(
        "Heading",
        "h2 h3",
        options={"levels": [2, 3]},
        buttons={
            "heading2": _("Subjudul (Ctrl+Alt+2)"),
            "heading3": _("Subjudul kecil (Ctrl+Alt+3)"),
        },
        group="block",
    ),
    _feature("Blockquote", "blockquote", buttons={"blockquote": _("Kutipan")}, group="block"),
    _feature("Bold", "strong", buttons={"bold": _("Tebal (Ctrl+B)")}, group="marks"),
    _feature("Italic", "em", buttons={"italic": _("Miring (Ctrl+I)")}, group="marks"),
    _feature("BulletList", "ul", buttons={"bulletList": _("Daftar berbutir")}, group="lists"),
    _feature(
        "OrderedList",
        "ol",
        # No dialog for the numbering style: the public page numbers 1, 2, 3.
        options={"enableListAttributes": False},
        buttons={"orderedList": _("Daftar bernomor")},
        group="lists",
    ),
    _feature("ListItem", "li"),
    _feature(
        "Link",
        "a",
        {"a": "href title"},
        # Links open where they are; the sanitizer adds rel="noopener noreferrer".
        options={"enableTarget": False},
        buttons={"link": _("Tautan (Ctrl+K)"), "unlink": _("Hapus tautan")},
        group="link",
    ),
    _feature(
        "Table",
        "table tbody tr th td",
        {"th": "colspan rowspan", "td": "colspan rowspan"},
        buttons={
            "table": _("Sisipkan tabel"),
            "table:addRowAfter": _("Tambah baris"),
            "table:deleteRow": _("Hapus baris"),
            "table:addColumnAfter": _("Tambah kolom"),
            "table:deleteColumn": _("Hapus kolom"),
            "table:toggleHeaderCell": _("Jadikan sel judul atau sel biasa"),
            "table:deleteTable": _("Hapus tabel"),
        },
        group="table",
    ),
    _feature("TableRow"),
    _feature("TableHeader"),
    _feature("TableCell"),
    # A line break inside a paragraph (Shift+Enter).
    _feature("HardBreak", "br"),
    _feature(
        "History",
        buttons={
            "history:undo": _("Urungkan (Ctrl+Z)"),
            "history:redo": _("Ulangi (Ctrl+Shift+Z)"),
        },
        group="history",
    ),
    # Kept: in the editor, not on the toolbar.
    _feature("Image", "img", {"img": "src alt width height"}),
    _feature("Figure", "figure"),
    _feature("Caption", "figcaption"),
    _feature("Subscript", "sub"),
    _feature("Superscript", "sup"),
    # Stored: accepted in older bodies only.
    _feature(None, "u h4 hr thead caption", {"th": "scope"}),
)


def _allowed_tags() -> set[str]:
    return {tag for feature in FEATURES for tag in feature.tags}


def _allowed_attributes() -> dict[str, set[str]]:
    attributes: dict[str, set[str]] = {}
    for feature in FEATURES:
        for tag, names in feature.attributes.items():
            attributes.setdefault(tag, set()).update(names)
    return attributes


ALLOWED_TAGS = _allowed_tags()
ALLOWED_ATTRIBUTES = _allowed_attributes()


def editor_extensions() -> dict[str, Any]:
    """The editor's extensions, offered and kept, with their options (``True``: none)."""
    return {
        feature.extension: dict(feature.options) if feature.options else True
        for feature in FEATURES
        if feature.extension
    }


def toolbar() -> list[list[dict[str, str]]]:
    """The toolbar: groups of buttons, each ``{"name": menu item, "label": label}``."""
    groups: dict[str, list[dict[str, str]]] = {}
    for feature in FEATURES:
        for name, label in feature.buttons.items():
            groups.setdefault(feature.group, []).append({"name": name, "label": str(label)})
    return list(groups.values())
