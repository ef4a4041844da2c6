"""Serving photo renditions from local storage, cacheable for ever.

A rendition's name holds the SHA-256 of its source and its encoder version, so its
content never changes under that name: browsers and CDNs may keep it a year without
asking again. In production nginx (or the S3 bucket behind a CDN) serves media
directly with the same headers (see deploy/); this view serves them when the app
itself does: in development and on a one-machine setup without a media server.
"""

from pathlib import Path

from django.conf import settings
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from django.views.static import serve

from articles.photos.images import RENDITIONS_PREFIX

ONE_YEAR = 60 * 60 * 24 * 365


@require_safe  # GET and HEAD (a CDN or link checker asks with HEAD)
def rendition(request, path: str):
    # serve() refuses paths that leave the folder and answers 404 for missing files.
    response = serve(request, path, document_root=Path(settings.MEDIA_ROOT) / RENDITIONS_PREFIX)
    patch_cache_control(response, public=True, max_age=ONE_YEAR, immutable=True)
    return response
