from .site_config import site_config


def site(request):
    """The site's settings and sections (cached), for the header, footer and metadata."""
    config = site_config()
    return {
        "site": config.settings,
        "site_name": config.settings.site_name,
        "office_name": config.settings.office_name,
        "sections": config.sections,
    }
