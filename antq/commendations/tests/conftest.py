import pytest


@pytest.fixture(autouse=True)
def in_english():
    """Messages are compared with their English msgids."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def english_pages(client, settings):
    """Pages in English too (the language switch's cookie), so messages compare with their msgids."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
