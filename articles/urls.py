from django.urls import path, re_path

from articles.editorial import views as editorial_views
from articles.public import article_page, feeds, views
from articles.reads import views as reads_views

app_name = "articles"

# Years 1900-2099 only: outside them a date cannot be turned into a time in every zone.
YEAR = r"(?P<year>(?:19|20)[0-9]{2})"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("berita/", views.ArticleListView.as_view(), name="article_list"),
    re_path(
        rf"^berita/{YEAR}/(?P<month>[0-9]{{2}})/(?P<day>[0-9]{{2}})/(?P<slug>[-\w]+)/$",
        article_page.article_detail,
        name="article_detail",
    ),
    path("berita/baca/<int:pk>/", reads_views.read_beacon, name="read_beacon"),
    path("tag/<slug:slug>/", views.TagArticleListView.as_view(), name="tag"),
    path("tag/<slug:slug>/feed/", feeds.TagArticlesFeed(), name="tag_feed"),
    path("rubrik/<slug:slug>/", views.SectionArticleListView.as_view(), name="section"),
    path("profil/<slug:slug>/", views.PersonArticleListView.as_view(), name="person"),
    re_path(rf"^arsip/{YEAR}/$", views.YearArchiveView.as_view(), name="archive_year"),
    re_path(
        rf"^arsip/{YEAR}/(?P<month>[0-9]{{2}})/$",
        views.MonthArchiveView.as_view(),
        name="archive_month",
    ),
    path("cari/", views.SearchView.as_view(), name="search"),
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
    path("pratinjau/<str:token>/", editorial_views.PreviewLinkView.as_view(), name="preview_link"),
]
