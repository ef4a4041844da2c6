"""Fixtures of the PDF tests: the newsroom's people."""

import pytest


@pytest.fixture
def reporter(make_user):
    return make_user("Reporter", "sari")


@pytest.fixture
def editor(make_user):
    return make_user("Editor", "budi")
