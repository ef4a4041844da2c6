"""One allow-list: the editor offers and keeps only what the sanitizer keeps, and the
sanitizer's tags and attributes are the allow-list's, not a second copy."""

import re

import pytest
from django_prose_editor.config import allowlist_from_extensions

from articles.richtext import allowlist, sanitizer
from articles.richtext.allowlist import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, FEATURES
from articles.richtext.sanitizer import sanitize_html

EDITOR_FEATURES = [feature for feature in FEATURES if feature.extension]
STORED_ONLY = [feature for feature in FEATURES if not feature.extension]

# What django-prose-editor says the editor's extensions may write, less what the server
# drops on purpose: rel (the sanitizer sets its own), the numbering style of a list
# (the public page numbers 1, 2, 3), the editor's own classes and file references.
DROPPED_ON_PURPOSE = {
    "a": {"rel", "target"},
    "ol": {"start", "type", "data-type"},
    "figure": {"class"},
    "img": {"data-file"},
}

# The issue's toolbar: paragraphs, bold, italic, links, subheadings (h2/h3), bulleted and
# numbered lists, blockquote, a simple table, and undo/redo.
OFFERED_BUTTONS = {
    "paragraph", "heading2", "heading3", "bold", "italic", "link", "unlink",
    "bulletList", "orderedList", "blockquote",
    "table", "table:addRowAfter", "table:deleteRow", "table:addColumnAfter",
    "table:deleteColumn", "table:toggleHeaderCell", "table:deleteTable",
    "history:undo", "history:redo",
}  # fmt: skip


def editor_allowlist():
    """The tags and attributes django-prose-editor derives from our editor extensions."""
    return allowlist_from_extensions(allowlist.editor_extensions())


def test_the_sanitizer_reads_the_allow_list_it_does_not_copy_it():
    assert sanitizer.ALLOWED_TAGS is ALLOWED_TAGS
    assert sanitizer.ALLOWED_ATTRIBUTES is ALLOWED_ATTRIBUTES
    assert sanitizer.URL_SCHEMES is allowlist.URL_SCHEMES


def test_the_allow_list_is_every_feature_and_nothing_else():
    assert {tag for feature in FEATURES for tag in feature.tags} == ALLOWED_TAGS
    for tag, names in ALLOWED_ATTRIBUTES.items():
        assert tag in ALLOWED_TAGS
        assert names == {name for feature in FEATURES for name in feature.attributes.get(tag, ())}


def test_whatever_the_editor_can_write_the_sanitizer_keeps():
    written = editor_allowlist()
    assert written["tags"] <= ALLOWED_TAGS, written["tags"] - ALLOWED_TAGS
    for tag, names in written["attributes"].items():
        kept = ALLOWED_ATTRIBUTES.get(tag, set()) | DROPPED_ON_PURPOSE.get(tag, set())
        assert set(names) <= kept, (tag, set(names) - kept)


# Asked one by one, django-prose-editor warns that lists need their items.
@pytest.mark.filterwarnings("ignore:Extension .* typically requires")
def test_each_editor_feature_names_only_tags_its_extension_writes():
    for feature in EDITOR_FEATURES:
        written = allowlist_from_extensions({feature.extension: feature.options or True})
        assert feature.tags <= written["tags"], feature
        for tag, names in feature.attributes.items():
            assert names <= set(written["attributes"].get(tag, ())), (feature, tag)


def test_tags_kept_only_for_older_bodies_are_outside_the_editor():
    stored = {tag for feature in STORED_ONLY for tag in feature.tags}
    # b and i are not among them: the paste cleaner stores them as strong and em.
    assert stored == {"u", "h4", "hr", "thead", "caption"}
    # The editor reads them but writes none of them;
    # django-prose-editor counts thead among a table's tags, though ours writes tbody only.
    assert stored & editor_allowlist()["tags"] == {"thead"}


def test_the_toolbar_offers_the_issues_buttons_and_nothing_else():
    buttons = {button["name"] for group in allowlist.toolbar() for button in group}
    assert buttons == OFFERED_BUTTONS
    labels = [button["label"] for group in allowlist.toolbar() for button in group]
    assert all(labels) and len(set(labels)) == len(labels)


@pytest.mark.parametrize(
    "extension", ["Underline", "Strike", "Color", "Highlight", "TextStyle", "Code", "CodeBlock"]
)
def test_the_editor_has_no_extension_for_what_the_public_page_does_not_render(extension):
    assert extension not in allowlist.editor_extensions()


def test_kept_features_are_in_the_editor_but_not_on_the_toolbar():
    kept = {f.extension for f in EDITOR_FEATURES if f.tags and not f.buttons}
    assert {"Image", "Figure", "Caption", "Subscript", "Superscript"} <= kept
    assert {"figure", "image", "subscript", "superscript"}.isdisjoint(
        button["name"] for group in allowlist.toolbar() for button in group
    )


def test_headings_are_subheadings_only():
    assert allowlist.editor_extensions()["Heading"] == {"levels": [2, 3]}
    assert editor_allowlist()["tags"] & {"h1", "h2", "h3", "h4", "h5", "h6"} == {"h2", "h3"}


# Every allowed tag, each where it may stand.
EVERY_TAG = (
    "<h2>a</h2><h3>b</h3><h4>c</h4>"
    "<p>d<br><strong>e</strong> <b>f</b> <em>g</em> <i>h</i> <u>i</u> m<sub>2</sub> m<sup>2</sup> "
    '<a href="https://bengkaliskab.go.id/">j</a></p><hr>'
    "<ul><li>k</li></ul><ol><li>l</li></ol><blockquote><p>m</p></blockquote>"
    "<table><caption>n</caption><thead><tr><th>o</th></tr></thead>"
    "<tbody><tr><td>p</td></tr></tbody></table>"
    '<figure><img src="/media/photos/a.jpg" alt="q"><figcaption>r</figcaption></figure>'
)


def test_every_allowed_tag_survives_the_sanitizer_and_nothing_else_does():
    cleaned = sanitize_html(EVERY_TAG + '<p><span style="color:red" class="x">s</span></p>')
    assert set(re.findall(r"<([a-z0-9]+)", cleaned)) == ALLOWED_TAGS
    assert cleaned.endswith("<p>s</p>")
