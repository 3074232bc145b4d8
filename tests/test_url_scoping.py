"""Default deny: every URL's view is either scoped or explicitly public, and scoped ones hold.

The first test walks the whole URL configuration, so a view added without a decision on its
access fails here. The second requests every scoped URL that takes a unit or object id as a
commune officer, with the id of another commune's unit, and expects 404.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from antq.core.access import PUBLIC, SCOPED, access_of

# Views that belong to installed libraries and are reachable only through our marked views.
LIBRARY_VIEWS_WITHOUT_MARK = {
    "django.views.static.serve",  # static files in tests, never user data
}


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def _all_patterns():
    return list(_walk(get_resolver().url_patterns))


def test_every_view_is_scoped_or_public():
    unmarked = []
    for route, pattern in _all_patterns():
        callback = pattern.callback
        name = f"{callback.__module__}.{getattr(callback, '__name__', callback)}"
        if access_of(callback) not in (PUBLIC, SCOPED) and name not in LIBRARY_VIEWS_WITHOUT_MARK:
            unmarked.append(f"{route} → {name}")
    assert not unmarked, "Views neither scoped nor public:\n" + "\n".join(unmarked)


def test_public_views_are_the_known_few():
    public = sorted(route for route, p in _all_patterns() if access_of(p.callback) == PUBLIC)
    assert public == sorted([
        "accounts/login/", "accounts/logout/", "api/v1/auth/token/", "api/schema/", "api/docs/",
        "i18n/setlang/", "recognition/public/",
        # The public portal (issue 7): no login, cacheable, nothing personal.
        "portal/", "portal/news/", "portal/news/<int:pk>/", "portal/news/images/<int:pk>/", "portal/recognised/",
        "portal/exemplars/", "portal/language/", "api/v1/^portal/news/$", "api/v1/^portal/news/(?P<pk>[^/.]+)/$",
        "api/v1/portal/recognised/", "api/v1/portal/exemplars/",
        # The citizen tip channel: sending and following up with the receipt code only.
        "tips/", "tips/communes/", "tips/follow-up/", "api/v1/tips/challenge/", "api/v1/tips/submit/",
        "api/v1/tips/follow-up/", "api/v1/tips/follow-up/messages/",
    ])


def _concrete(route: str, pk: int) -> str | None:
    """Fill every <int:…> of a route with `pk`; None when the route has other converters."""
    if "(?P<format>" in route:  # DRF's format-suffix twins of the same views
        return None
    route = route.replace("/^", "/").replace("$", "")
    filled = re.sub(r"<int:[a-z_]+>", str(pk), route)
    filled = filled.replace("(?P<pk>[^/.]+)", str(pk))
    filled = filled.replace("<str:fmt>", "xlsx")
    if "<" in filled or "(?P" in filled:
        return None
    return "/" + filled.lstrip("/")


def test_scoped_urls_with_ids_answer_404_for_another_communes_unit(commune_officer, tree, client_for):
    client = client_for(commune_officer)
    checked = []
    for route, pattern in _all_patterns():
        if access_of(pattern.callback) != SCOPED or not re.search(r"<int:|\(\?P<pk>", route):
            continue
        url = _concrete(route, tree.kdc_b.pk)
        if url is None:
            continue
        response = client.get(url)
        assert response.status_code in (404, 405), f"{url} answered {response.status_code}"
        checked.append(url)
    assert any("/units/" in u for u in checked)
    assert any(u.startswith("/api/v1/units/") for u in checked)


@pytest.mark.parametrize("route", ["/", "/units/", "/units/search/?q=ba", "/accounts/profile/", "/api/v1/me/"])
def test_scoped_pages_need_login(client, db, route):
    response = client.get(route)
    assert response.status_code in (302, 401, 403)
    assert b"Ba \xc4\x90\xc3\xacnh" not in response.content
