"""Fixtures of the photo tests."""

import pytest
from django.core.files.storage import FileSystemStorage


@pytest.fixture
def storage(tmp_path):
    """A storage of its own in the test's folder, for the renditions a test stores."""
    return FileSystemStorage(location=tmp_path / "store", base_url="/media/")
