from articles.site.config import sections, site_settings


def canonical_url(request) -> str:
    """This page's address without tracking parameters; ``?page=N`` kept when N > 1."""
    url = request.build_absolute_uri(request.path)
    page = request.GET.get("page", "")
    if page.isdigit() and int(page) > 1:
        url += f"?page={int(page)}"
    return url


def site(request):
    """The site's settings and sections (cached), for the header, footer and metadata."""
    settings_row = site_settings()
    return {
        "canonical_url": canonical_url(request),
        "site": settings_row,
        "site_name": settings_row.site_name,
        "office_name": settings_row.office_name,
        "sections": sections(),
    }
