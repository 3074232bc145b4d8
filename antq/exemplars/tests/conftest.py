import pytest


@pytest.fixture(autouse=True)
def in_english():
    """Messages are compared with their English msgids."""
    from django.utils import translation

    with translation.override("en"):
        yield
