"""Pasted HTML made plain semantic HTML, whatever program it came from.

Word, Google Docs and LibreOffice put their own HTML on the clipboard: inline styles,
classes, ``<font>``, conditional comments, style sheets, lists written as indented
paragraphs. ``clean_pasted_html`` keeps what a release means and writes it one way:

- kept: text, paragraphs, line breaks, ``strong``, ``em``, ``u``, ``sup``/``sub``, links,
  lists, tables, subheadings (``h2``-``h4``), quotations, figures, rules, images;
- converted: ``b`` to ``strong`` and ``i`` to ``em``; bold and italic given by a style
  (``font-weight:700``/``bold``/600 and more, ``font-style:italic``) to ``strong`` and
  ``em``, and a style that says normal (Google Docs' ``<b style="font-weight:normal">``
  wrapper, ``font-weight:400``) to plain text; ``vertical-align:super``/``sub`` to
  ``sup``/``sub``; Word's list paragraphs to ``ul``/``ol``, nested by level, their typed
  bullets and numbers removed; ``h1`` to ``h2``, ``h5``/``h6`` to ``h4``; ``div`` and
  other paragraph-like elements to paragraphs; a paragraph as the only content of a list
  item or cell to its text;
- dropped: ``style``, ``class``, ``lang``, ``dir`` and other attributes, ``span``,
  ``font``, ``o:p``, comments and conditional comments, ``meta``, ``xml``, ``style``,
  ``script``, ``title``, empty paragraphs (``<p>&nbsp;</p>``, ``<p><br></p>``), bold
  inside a subheading, and whitespace: runs of spaces and no-break spaces become one
  ordinary space, none at the start or end of a line;
- two or more line breaks in a row end the paragraph and start another (inside a list
  item, cell or subheading they become one line break); a single one stays.

It is not the security boundary: ``articles.richtext.sanitizer`` applies the allow-list
to its output.
"""

from articles.richtext.paste.cleaner import clean_pasted_html

__all__ = ["clean_pasted_html"]
