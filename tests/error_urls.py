"""The site's URLs plus one page that fails, for the tests of how errors are logged."""

from django.urls import include, path


def broken_page(request):
    raise RuntimeError("the newsroom test page failed on purpose")


urlpatterns = [
    path("rusak/", broken_page, name="broken_page"),
    path("", include("newsroom.urls")),
]
