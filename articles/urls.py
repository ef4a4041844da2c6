from django.urls import path, re_path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    re_path(
        r"^berita/(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/(?P<day>[0-9]{2})/(?P<slug>[-\w]+)/$",
        views.ArticleDetailView.as_view(),
        name="article_detail",
    ),
    path("tag/<slug:slug>/", views.TagArticleListView.as_view(), name="tag"),
    path("berita/baca/<int:pk>/", views.read_beacon, name="read_beacon"),
    path("pratinjau/<str:token>/", views.PreviewLinkView.as_view(), name="preview_link"),
]
