import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def in_english():
    """Messages are compared with their English msgids."""
    with translation.override("en"):
        yield
