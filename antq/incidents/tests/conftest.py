import pytest


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Evidence files of a test go to a folder of its own."""
    settings.MEDIA_ROOT = tmp_path / "media"
