import pytest
from django.utils import translation


@pytest.fixture
def english():
    """Messages checked by their English msgids; the Vietnamese catalogue is tested on its own."""
    with translation.override("en"):
        yield
