import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def tip_settings(settings, tmp_path):
    """Attachments go to a folder of the test; an easy anti-robot check; counters start at zero."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ANTQ_TIP_POW_BITS = 4
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def in_english():
    """Messages are compared with their English msgids."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def client(client, settings):
    """Pages in English too (the language switch's cookie), so they answer with the msgids the tests read."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
