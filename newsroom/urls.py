from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.templatetags.static import static as static_url
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView, TemplateView

from articles.api.mount import api_resolver, not_found
from articles.photos import views as media
from articles.photos.images import RENDITIONS_PREFIX
from articles.public.sitemaps import SITEMAPS
from newsroom import bare, health


class FaviconRedirect(RedirectView):
    """/favicon.ico -> the icon among the static files (its hashed, cached-for-ever name)."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs) -> str:
        return static_url("img/favicon.svg")


admin.site.site_header = _("Ruang Redaksi")
admin.site.site_title = _("Ruang Redaksi")
admin.site.index_title = _("Pengelolaan berita")

urlpatterns = [
    # The public pages first: the resolver tries patterns in order, and each one passed
    # over costs a reader's request a few microseconds (their prefixes don't overlap
    # with the ones below).
    path("", include("articles.urls")),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    # /sitemap.xml indexes one sitemap per section of articles.sitemaps.SITEMAPS, each at
    # /sitemap-<section>.xml; the Google News one comes first to get its own template.
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-news.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS, "section": "news", "template_name": "sitemaps/news.xml"},
        name="sitemap_news",
    ),
    path(
        "sitemap-<slug:section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS, "template_name": "sitemaps/sitemap.xml"},
        name="sitemap_section",
    ),
    # Browsers and crawlers ask for /favicon.ico whatever the page says: the site's icon.
    path("favicon.ico", FaviconRedirect.as_view(), name="favicon"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain; charset=utf-8"),
        name="robots_txt",
    ),
    # The content API (articles/api), loaded on its first request, and under /api/ JSON
    # 404s for any other address.
    api_resolver("api/v1/"),
    re_path(r"^api/(?P<rest>.*)$", not_found, name="api_not_found"),
]

# Photo renditions on local storage (see articles.photos.views); with S3 their URLs point
# at the bucket.
if settings.MEDIA_URL.startswith("/") and settings.STORAGES["default"]["BACKEND"].endswith(
    "FileSystemStorage"
):
    urlpatterns.insert(
        0,
        path(
            f"{settings.MEDIA_URL.lstrip('/')}{RENDITIONS_PREFIX}/<path:path>",
            media.rendition,
            name="photo_rendition",
        ),
    )

# The bare response for benchmarks (newsroom/bare.py), only when asked for.
if settings.NEWSROOM_BENCHMARK_VIEWS:
    urlpatterns.insert(0, path("_bench/bare", bare.bare, name="bench_bare"))

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
