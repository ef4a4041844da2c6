"""The photo form's focal point, the Indonesian way: shown with a decimal comma ("0,5"),
typed with a comma (a dot is understood too), and set by clicking the photo
(static/js/focal-point.js, a file of our own: the CSP runs no inline script)."""

import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from articles.photos import services as photos
from tests.factories import PhotoFactory

pytestmark = pytest.mark.django_db


def change_url(photo):
    return reverse("admin:articles_photo_change", args=[photo.pk])


def form_data(photo, **focal):
    return {
        "caption": photo.caption,
        "alt_text": photo.alt_text,
        "photographer": photo.photographer_id,
        "source": "",
        "taken_at_0": "",
        "taken_at_1": "",
        **focal,
    }


def test_the_focal_point_is_shown_with_a_decimal_comma(staff_client):
    photo = PhotoFactory(focal_x=0.25)
    html = staff_client.get(change_url(photo)).content.decode()
    x_input = re.search(r'<input[^>]*name="focal_x"[^>]*>', html).group(0)
    y_input = re.search(r'<input[^>]*name="focal_y"[^>]*>', html).group(0)
    assert 'value="0,25"' in x_input and 'value="0,5"' in y_input
    assert 'inputmode="decimal"' in x_input
    # The help text says it the same way.
    assert "0 = tepi kiri, 0,5 = tengah, 1 = tepi kanan." in html


@pytest.mark.parametrize(("typed", "stored"), [("0,3", 0.3), ("0.3", 0.3), ("1", 1.0), ("0", 0.0)])
def test_a_decimal_comma_is_accepted_and_a_dot_too(staff_client, typed, stored):
    photo = PhotoFactory()
    before = photos.og_image(photo).url

    response = staff_client.post(change_url(photo), form_data(photo, focal_x=typed, focal_y="0,5"))

    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.focal_point == (stored, 0.5)
    assert photos.og_image(photo).url != before  # the link-preview crop follows it


@pytest.mark.parametrize("typed", ["1,5", "-0,1", "setengah"])
def test_a_focal_point_outside_the_photo_is_refused(staff_client, typed):
    photo = PhotoFactory()
    response = staff_client.post(change_url(photo), form_data(photo, focal_x=typed, focal_y="0,5"))
    assert response.status_code == 200
    assert "focal_x" in response.context["adminform"].form.errors
    photo.refresh_from_db()
    assert photo.focal_x == 0.5


def test_a_refused_value_is_shown_back_as_typed(staff_client):
    photo = PhotoFactory()
    response = staff_client.post(change_url(photo), form_data(photo, focal_x="1,5", focal_y="0,5"))
    assertContains(response, 'value="1,5"')


def test_clicking_the_photo_sets_it_with_a_script_of_our_own(staff_client):
    html = staff_client.get(change_url(PhotoFactory())).content.decode()
    assert re.search(r'<script src="[^"]*js/focal-point\.js"', html)
