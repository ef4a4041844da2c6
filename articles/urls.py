from django.urls import path, re_path

from articles.editorial import views as editorial_views
from articles.models.limits import PUBLICATION_YEARS
from articles.public import article_page, article_pdf, feeds, views
from articles.reads import views as reads_views

app_name = "articles"


def year_pattern(years: range) -> str:
    """The regular expression of the years in ``years``, whole centuries, e.g. 1900-2099:
    ``(?:19|20)[0-9]{2}``."""
    if years.start % 100 or years.stop % 100 or years.step != 1:
        raise ValueError("The publication years must be whole centuries.")
    centuries = "|".join(str(century) for century in range(years.start // 100, years.stop // 100))
    return rf"(?P<year>(?:{centuries})[0-9]{{2}})"


# The years an article's publication time may have (the model refuses others): outside
# 1900-2099 a date cannot be turned into a time in every zone.
YEAR = year_pattern(PUBLICATION_YEARS)

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("berita/", views.ArticleListView.as_view(), name="article_list"),
    re_path(
        rf"^berita/{YEAR}/(?P<month>[0-9]{{2}})/(?P<day>[0-9]{{2}})/(?P<slug>[-\w]+)/$",
        article_page.article_detail,
        name="article_detail",
    ),
    re_path(
        rf"^berita/{YEAR}/(?P<month>[0-9]{{2}})/(?P<day>[0-9]{{2}})/(?P<slug>[-\w]+)/pdf/$",
        article_pdf.article_pdf,
        name="article_pdf",
    ),
    path("berita/baca/<int:pk>/", reads_views.read_beacon, name="read_beacon"),
    path("tag/<slug:slug>/", views.TagArticleListView.as_view(), name="tag"),
    path("tag/<slug:slug>/feed/", feeds.TagArticlesFeed(), name="tag_feed"),
    path("rubrik/<slug:slug>/", views.SectionArticleListView.as_view(), name="section"),
    path("profil/<slug:slug>/", views.PersonArticleListView.as_view(), name="person"),
    path("arsip/", views.ArchiveIndexView.as_view(), name="archive_index"),
    re_path(rf"^arsip/{YEAR}/$", views.YearArchiveView.as_view(), name="archive_year"),
    re_path(
        rf"^arsip/{YEAR}/(?P<month>[0-9]{{2}})/$",
        views.MonthArchiveView.as_view(),
        name="archive_month",
    ),
    path("cari/", views.SearchView.as_view(), name="search"),
    # The code is matched loosely here and checked by the view: a malformed one is a 404.
    path("s/<str:code>/", views.short_link, name="short_link"),
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
    path("pratinjau/<str:token>/", editorial_views.PreviewLinkView.as_view(), name="preview_link"),
]
