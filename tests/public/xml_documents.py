"""The XML the site serves machines, parsed for the tests of tests/public: RSS feeds and
sitemaps (with the Google News sitemap). A plain module of helpers."""

import xml.etree.ElementTree as ET

from django.urls import reverse

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
DC_NS = "http://purl.org/dc/elements/1.1/"
NS = {"sm": SITEMAP_NS, "news": NEWS_NS, "dc": DC_NS}


def parse_xml(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314 - our own output, not untrusted XML


def get_xml(client, url: str, **extra) -> ET.Element:
    response = client.get(url, **extra)
    assert response.status_code == 200, response.status_code
    return parse_xml(response.content)


def feed_items(client, url: str) -> list[ET.Element]:
    return get_xml(client, url).findall("./channel/item")


def feed_titles(client, url: str) -> list[str]:
    return [item.findtext("title") for item in feed_items(client, url)]


def section_url(section: str) -> str:
    """The address of one section of the sitemap: /sitemap-<section>.xml."""
    return reverse("sitemap_section", kwargs={"section": section})


def sitemap_locs(client, url: str) -> list[str]:
    return [loc.text for loc in get_xml(client, url).findall("./sm:url/sm:loc", NS)]
