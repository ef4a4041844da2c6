"""Fixtures of the editorial tests: a user in each role, and the mails a step sends."""

import pytest

from tests.editorial.admin_paths import NO_ROLE, REPORTER, SUPERUSER, USERNAMES


@pytest.fixture
def mails(mailoutbox, django_capture_on_commit_callbacks):
    """``mails(workflow.publish, article=a, by=u)``: the step, then its on-commit mails."""

    def run(transition, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            transition(**kwargs)
        return mailoutbox

    return run


@pytest.fixture
def sari(make_user):
    return make_user(REPORTER, "sari")


@pytest.fixture
def budi(make_user):
    return make_user(REPORTER, "budi")


@pytest.fixture
def log_in(client, make_user, sari):
    """``log_in(role)``: the client acts as a user of that role (a Reporter is Sari)."""

    def log_in_as(role, on=client):
        if role == REPORTER:
            user = sari
        else:
            user = make_user(None if role in (SUPERUSER, NO_ROLE) else role, USERNAMES[role])
            user.is_superuser = role == SUPERUSER
            user.save()
        on.force_login(user)
        return user

    return log_in_as
