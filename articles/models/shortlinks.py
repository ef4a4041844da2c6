"""Short links (``/s/<code>/``): the code of an article is its primary key in base 36.

Base 36 of the id is short (four characters up to 1.6 million releases), stable (the id
never changes, whatever happens to the slug or the date), needs no column and is read
back without a query. It is not secret, and need not be: only a release the public may
see answers (``Article.objects.published()``), and those are listed in the sitemap anyway.

A code has exactly one spelling, so a short link is one cache entry: lowercase digits and
letters without a leading zero. Anything else is not a code (None), which the view
answers with 404, as it does a code larger than any id the database can hold.
"""

import re

from django.urls import reverse

ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"
# The largest primary key a BigAutoField holds; a larger number would overflow the query.
MAX_ID = 2**63 - 1
_CODE = re.compile(r"[1-9a-z][0-9a-z]{0,12}")


def short_code(article_id: int) -> str:
    """The code of the article with id ``article_id`` (a positive integer), e.g. ``2n9c``."""
    if article_id < 1:
        raise ValueError("An article's id is a positive integer.")
    digits = []
    while article_id:
        article_id, digit = divmod(article_id, 36)
        digits.append(ALPHABET[digit])
    return "".join(reversed(digits))


def article_id(code: str) -> int | None:
    """The article id ``code`` stands for, or None when it is not a code: the inverse of
    ``short_code`` on exactly the strings ``short_code`` writes."""
    if not _CODE.fullmatch(code):
        return None
    number = int(code, 36)
    return number if number <= MAX_ID else None


def short_path(article_id: int) -> str:
    """The site-relative short link of the article, e.g. ``/s/2n9c/``."""
    return reverse("articles:short_link", args=[short_code(article_id)])
