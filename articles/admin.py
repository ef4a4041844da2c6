"""The press releases' admin pages, registered by the concern packages that own them.

Django's admin autodiscovery imports ``<app>.admin``; each import below registers
its concern's model admins on the newsroom's admin site.
"""

from articles.editorial import admin as editorial_admin  # noqa: F401
from articles.photos import admin as photos_admin  # noqa: F401
from articles.reads import admin as reads_admin  # noqa: F401
from articles.site import admin as site_admin  # noqa: F401
