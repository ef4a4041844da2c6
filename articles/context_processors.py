from .models import SiteSettings


def site(request):
    """The site's settings (cached), for the header, footer and metadata."""
    site_settings = SiteSettings.current()
    return {
        "site": site_settings,
        "site_name": site_settings.site_name,
        "office_name": site_settings.office_name,
    }
