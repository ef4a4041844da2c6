from django.conf import settings


def site(request):
    """The newsroom's name, for the header, footer and page titles."""
    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        "office_name": settings.NEWSROOM_OFFICE_NAME,
    }
