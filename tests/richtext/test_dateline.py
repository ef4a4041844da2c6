"""The dateline that opens a release is recognised once, in every form reporters write it,
taken off the body without losing a word of the rest, and nothing else is touched."""

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.richtext.dateline import (
    DASHES,
    lift_dateline,
    match_dateline,
    split_dateline,
)

BODY_REST = "Bupati membuka rapat koordinasi.</p><p>Paragraf kedua."


def place_and_source(body):
    found, _ = split_dateline(body)
    return (found.place, found.source) if found else None


# -- recognised --------------------------------------------------------------


@pytest.mark.parametrize(
    ("opening", "place", "source"),
    [
        ("BENGKALIS, PROKOPIM - ", "BENGKALIS", "PROKOPIM"),
        ("Bengkalis (PROKOPIM) – ", "Bengkalis", "PROKOPIM"),
        ("BENGKALIS,PROKOPIM—", "BENGKALIS", "PROKOPIM"),
        ("BENGKALIS, PROKOPIM ‐ ", "BENGKALIS", "PROKOPIM"),  # U+2010 hyphen
        ("Bengkalis, Prokopim - ", "Bengkalis", "Prokopim"),
        ("Sungai Pakning (Prokopim) — ", "Sungai Pakning", "Prokopim"),
        ("BUKIT BATU, HUMAS – ", "BUKIT BATU", "HUMAS"),
        ("SUNGAI PAKNING , PROKOPIM-", "SUNGAI PAKNING", "PROKOPIM"),
        ("DURI (HUMAS PEMKAB) - ", "DURI", "HUMAS PEMKAB"),
        ("BENGKALIS, DISKOMINFOTIK - ", "BENGKALIS", "DISKOMINFOTIK"),
        ("BENGKALIS,&nbsp;PROKOPIM&nbsp;-&nbsp;", "BENGKALIS", "PROKOPIM"),
        ("BENGKALIS,\xa0PROKOPIM\xa0–\xa0", "BENGKALIS", "PROKOPIM"),
        ("BENGKALIS, PROKOPIM −", "BENGKALIS", "PROKOPIM"),  # minus sign, no space after
    ],
)
def test_every_written_form_of_the_dateline_is_taken_off(opening, place, source):
    found, rest = split_dateline(f"<p>{opening}{BODY_REST}</p>")
    assert (found.place, found.source) == (place, source)
    assert rest == f"<p>{BODY_REST}</p>"


@pytest.mark.parametrize(
    ("body", "rest"),
    [
        (
            "<p><strong>BENGKALIS, PROKOPIM - </strong>Bupati membuka.</p>",
            "<p>Bupati membuka.</p>",
        ),
        ("<p><b>BENGKALIS, PROKOPIM</b> – Bupati membuka.</p>", "<p>Bupati membuka.</p>"),
        (
            "<p><strong>BENGKALIS</strong>, <strong>PROKOPIM</strong> - Bupati membuka.</p>",
            "<p>Bupati membuka.</p>",
        ),
        (
            "<p><em><strong>BENGKALIS, PROKOPIM -</strong></em> Bupati membuka.</p>",
            "<p>Bupati membuka.</p>",
        ),
        (
            "<p><strong>BENGKALIS, PROKOPIM - Bupati Kasmarni</strong> membuka rapat.</p>",
            "<p><strong>Bupati Kasmarni</strong> membuka rapat.</p>",
        ),
        (
            '<p><span style="font-weight:bold">BENGKALIS, PROKOPIM - </span>Bupati.</p>',
            "<p>Bupati.</p>",
        ),
        ("<p>BENGKALIS, PROKOPIM -<br>Bupati membuka.</p>", "<p>Bupati membuka.</p>"),
        ("<p>BENGKALIS, PROKOPIM -</p>\n<p>Bupati membuka.</p>", "<p>Bupati membuka.</p>"),
        ("<p>&nbsp;</p><p>BENGKALIS, PROKOPIM - Bupati.</p>", "<p>Bupati.</p>"),
        (
            '<p class="MsoNormal">BENGKALIS, PROKOPIM - Bupati.</p>',
            '<p class="MsoNormal">Bupati.</p>',
        ),
        ("<div><p>BENGKALIS, PROKOPIM - Bupati.</p></div>", "<div><p>Bupati.</p></div>"),
        (
            "BENGKALIS, PROKOPIM - Bupati membuka.\n\nParagraf kedua.",
            "Bupati membuka.\n\nParagraf kedua.",
        ),
        ("<p>BENGKALIS, PROKOPIM - Kata &amp; makna.</p>", "<p>Kata &amp; makna.</p>"),
        (
            "<p>BENGKALIS, PROKOPIM - BENGKALIS, PROKOPIM - Bupati.</p>",
            "<p>Bupati.</p>",
        ),
    ],
)
def test_the_rest_of_the_first_paragraph_keeps_its_markup(body, rest):
    found, remaining = split_dateline(body)
    assert found is not None
    assert remaining == rest


# -- left alone --------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("<p>Bupati Bengkalis membuka rapat di BENGKALIS.</p>", id="mentions-later"),
        pytest.param("<p>BENGKALIS - Bupati membuka rapat.</p>", id="no-source"),
        pytest.param("<p>bengkalis, PROKOPIM - Bupati membuka.</p>", id="lowercase-city"),
        pytest.param(
            "<p>Pembukaan.</p><p>BENGKALIS, PROKOPIM - Bupati membuka.</p>", id="later-paragraph"
        ),
        pytest.param("<p>Bupati hadir. BENGKALIS, PROKOPIM - x</p>", id="mid-paragraph"),
        pytest.param("<h2>BENGKALIS, PROKOPIM - Judul</h2><p>Isi.</p>", id="heading"),
        pytest.param("<p>PMI-NP menjadi perhatian.</p>", id="acronym"),
        pytest.param("<p>Bupati Kasmarni, SE - membuka rapat.</p>", id="degree-after-name"),
        pytest.param("<p>BENGKALIS, Kamis - Bupati membuka.</p>", id="day-not-source"),
        pytest.param("<p>BENGKALIS, PROKOPIM Bupati membuka.</p>", id="no-dash"),
        pytest.param("<p>BENGKALIS, PROKOPIM - DURI, HUMAS - x</p>", id="two-different"),
        pytest.param("<p>A B C D E F G, PROKOPIM - x</p>", id="place-of-seven-words"),
        pytest.param("", id="empty"),
        pytest.param("<p>5 < 6, PROKOPIM - x</p>", id="not-a-tag"),
    ],
)
def test_a_body_that_does_not_open_with_a_dateline_is_untouched(body):
    assert split_dateline(body) == (None, body)


def test_the_importer_also_knows_a_place_without_source_the_form_does_not():
    assert match_dateline("BENGKALIS – Bupati membuka.") is not None
    assert match_dateline("BENGKALIS – Bupati membuka.", require_source=True) is None
    assert match_dateline("PMI-NP menjadi perhatian.") is None


def test_a_place_or_source_longer_than_its_field_is_not_a_dateline():
    assert match_dateline(f"{'A' * 101}, PROKOPIM - x") is None
    assert match_dateline(f"BENGKALIS, {'P' * 51} - x") is None


# -- the fields --------------------------------------------------------------

DEFAULTS = ("BENGKALIS", "PROKOPIM")


def test_blank_fields_take_the_body_dateline():
    lifted = lift_dateline("<p>DURI, HUMAS - Isi.</p>", dateline="", source="")
    assert (lifted.body, lifted.dateline, lifted.source) == ("<p>Isi.</p>", "DURI", "HUMAS")
    assert lifted.taken.label == "DURI, HUMAS" and lifted.conflict is None


def test_a_body_dateline_differing_from_the_prefilled_default_wins():
    lifted = lift_dateline(
        "<p>DURI, HUMAS - Isi.</p>", dateline="BENGKALIS", source="PROKOPIM", defaults=DEFAULTS
    )
    assert (lifted.body, lifted.dateline, lifted.source) == ("<p>Isi.</p>", "DURI", "HUMAS")


def test_fields_naming_the_same_dateline_keep_their_spelling_and_the_body_loses_it():
    lifted = lift_dateline(
        "<p>Bengkalis (Prokopim) – Isi.</p>", dateline="BENGKALIS", source="PROKOPIM"
    )
    assert (lifted.body, lifted.dateline, lifted.source) == ("<p>Isi.</p>", *DEFAULTS)
    assert lifted.taken.label == "BENGKALIS, PROKOPIM"


def test_fields_chosen_otherwise_leave_the_body_alone_and_report_the_conflict():
    body = "<p>DURI, HUMAS - Isi.</p>"
    lifted = lift_dateline(body, dateline="BANTAN", source="PROKOPIM", defaults=DEFAULTS)
    assert (lifted.body, lifted.dateline, lifted.source) == (body, "BANTAN", "PROKOPIM")
    assert lifted.taken is None and lifted.conflict.label == "DURI, HUMAS"


def test_only_the_source_may_be_taken_when_the_place_agrees():
    lifted = lift_dateline("<p>DURI, HUMAS - Isi.</p>", dateline="Duri", source="")
    assert (lifted.dateline, lifted.source, lifted.body) == ("Duri", "HUMAS", "<p>Isi.</p>")


def test_a_body_without_dateline_changes_nothing():
    lifted = lift_dateline("<p>Isi.</p>", dateline="", source="", defaults=DEFAULTS)
    assert (lifted.body, lifted.dateline, lifted.source) == ("<p>Isi.</p>", "", "")
    assert lifted.taken is None and lifted.conflict is None


# -- properties --------------------------------------------------------------

places = st.sampled_from(["BENGKALIS", "Bengkalis", "BUKIT BATU", "Rupat Utara", "DURI"])
sources = st.sampled_from(["PROKOPIM", "HUMAS", "Prokopim", "DISKOMINFO", "HUMAS PEMKAB"])
spaces = st.sampled_from(["", " ", "\xa0", "&nbsp;", "  "])
dashes = st.sampled_from(list(DASHES))
words = st.sampled_from(
    ["bupati", "Bupati", "membuka", "rapat", "di", "Duri", "5.000", "warga", "&amp;", "“Kita”"]
)
sentences = st.lists(words, min_size=1, max_size=8).map(" ".join)


@st.composite
def datelines(draw):
    place, source = draw(places), draw(sources)
    bracketed = draw(st.booleans())
    middle = f"{draw(spaces)}({source})" if bracketed else f",{draw(spaces)}{source}"
    text = f"{place}{middle}{draw(spaces)}{draw(dashes)}{draw(spaces)}"
    if draw(st.booleans()):
        text = f"<strong>{text}</strong>"
    return place, source, text


def text_of(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]*>", " ", markup)).split())


@settings(database=None, deadline=None, max_examples=300)
@given(dateline=datelines(), first=sentences, others=st.lists(sentences, max_size=3))
def test_the_dateline_goes_and_not_a_word_of_the_rest(dateline, first, others):
    place, source, opening = dateline
    following = "".join(f"<p>{paragraph}</p>" for paragraph in others)
    found, remaining = split_dateline(f"<p>{opening}{first}</p>{following}")
    assert (found.place, found.source) == (place, source)
    assert text_of(remaining) == text_of(f"<p>{first}</p>{following}")


@settings(database=None, deadline=None, max_examples=300)
@given(paragraphs=st.lists(sentences, min_size=1, max_size=4))
def test_a_body_opening_with_ordinary_text_comes_back_as_it_was(paragraphs):
    body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    assert split_dateline(body) == (None, body)


FRAGMENTS = [
    "BENGKALIS", "Bengkalis", "bengkalis", "PROKOPIM", "HUMAS", ", ", ",", " (", ")", " - ",
    "–", "—", "‐", " ", "\xa0", "&nbsp;", "&amp;", "<p>", "</p>", "<strong>", "</strong>",
    "<b>", "</b>", "<br>", "<em>", "</em>", "<h2>", "</h2>", "\n\n", "Bupati", "membuka", "<",
]  # fmt: skip
html_like = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=5)), max_size=30).map(
    "".join
)


@settings(database=None, deadline=None, max_examples=500)
@given(body=html_like)
def test_taking_the_dateline_is_idempotent(body):
    found, once = split_dateline(body)
    assert split_dateline(once) == (None, once)
    if found is None:
        assert once == body


@settings(database=None, deadline=None, max_examples=300)
@given(body=html_like, dateline=st.sampled_from(["", "BENGKALIS", "DURI"]), source=sources)
def test_lifting_twice_is_lifting_once(body, dateline, source):
    once = lift_dateline(body, dateline=dateline, source=source, defaults=DEFAULTS)
    twice = lift_dateline(once.body, dateline=once.dateline, source=once.source, defaults=DEFAULTS)
    assert (twice.body, twice.dateline, twice.source) == (once.body, once.dateline, once.source)
    assert twice.taken is None


@pytest.mark.parametrize(
    "body",
    [
        "<p><strong>" + "\xa0" * 5000 + "x",
        "<p>" + "\xa0" * 5000 + "</b>",
        "<p>" + " &nbsp;" * 5000 + "</div>",
        "BENGKALIS" + "\xa0" * 5000 + ", PROKOPIM",
        "<p>BENGKALIS, PROKOPIM" + " " * 5000 + "x",
        "<strong>" * 5000,
        "A " * 150_000,
    ],
)
def test_long_runs_of_spaces_or_markup_are_read_in_linear_time(body):
    # An exponential backtrack would never return: finishing is the assertion.
    assert split_dateline(body) == (None, body)


def test_deeply_nested_markup_around_the_dateline_costs_no_more_than_shallow():
    body = "<p>" + "<b>" * 20_000 + "BENGKALIS, PROKOPIM - " + "</b>" * 20_000 + "Isi.</p>"
    found, rest = split_dateline(body)
    assert found.label == "BENGKALIS, PROKOPIM"
    assert text_of(rest) == "Isi."
    assert split_dateline("<p><b><i><u>BENGKALIS, PROKOPIM - </u></i></b>Isi.</p>")[1] == (
        "<p>Isi.</p>"
    )
