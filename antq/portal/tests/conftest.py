import pytest


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Images of a test go to a folder of its own."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def english():
    """Messages compared with their English msgids."""
    from django.utils import translation

    with translation.override("en"):
        yield
