from articles.site.config import sections, site_settings


def canonical_url(request) -> str:
    """This page's address without tracking parameters; ``?page=N`` kept when N > 1.

    N is read as the pagination reads it (``int()``: "02" and "+2" are 2), so every
    spelling of a page that shares its cache entry has the same canonical address."""
    url = request.build_absolute_uri(request.path)
    try:
        page = int(request.GET.get("page", ""))
    except ValueError:
        page = 1
    if page > 1:
        url += f"?page={page}"
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
