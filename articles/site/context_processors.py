from .site_config import site_config


def canonical_url(request) -> str:
    """This page's address without tracking parameters; ``?page=N`` kept when N > 1."""
    url = request.build_absolute_uri(request.path)
    page = request.GET.get("page", "")
    if page.isdigit() and int(page) > 1:
        url += f"?page={int(page)}"
    return url


def site(request):
    """The site's settings and sections (cached), for the header, footer and metadata."""
    config = site_config()
    return {
        "canonical_url": canonical_url(request),
        "site": config.settings,
        "site_name": config.settings.site_name,
        "office_name": config.settings.office_name,
        "sections": config.sections,
    }
