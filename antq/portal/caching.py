"""HTTP caching of the public portal: shared caches and browsers may keep a page for a few minutes.

Every public response gets `Cache-Control: public, max-age=…`, a strong ETag of its content (so a
conditional GET that still matches gets 304 without a body) and `Vary: Accept-Language, Cookie`, since
the language comes from the language cookie. A request that carries a session cookie (a signed-in
officer) gets `private` instead: the session middleware may refresh that cookie on the response, and a
shared cache must never store a response carrying someone's session.

The portal's pages use their own layout without `{% csrf_token %}`, so a plain GET by an anonymous
visitor sets no cookie at all (nothing to post: the language is chosen by a link).
"""

from django.conf import settings
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers, set_response_etag

PAGE_MAX_AGE = 300  # five minutes: a published news item shows up quickly enough
FILE_MAX_AGE = 60 * 60  # an image never changes under its id; an unpublished one leaves caches in the hour


def make_public(request, response, *, max_age: int = PAGE_MAX_AGE):
    """Mark a successful GET/HEAD response cacheable and answer a matching conditional GET with 304."""
    if request.method not in ("GET", "HEAD") or response.status_code not in (200, 304):
        return response
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        patch_cache_control(response, private=True, max_age=0)
    else:
        patch_cache_control(response, public=True, max_age=max_age)
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    if not response.streaming and not response.has_header("ETag"):
        set_response_etag(response)
    return get_conditional_response(request, etag=response.get("ETag"), response=response)


class PublicCacheMixin:
    """For the portal's public class-based views (after `PublicView`)."""

    cache_max_age = PAGE_MAX_AGE

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        return make_public(request, response, max_age=self.cache_max_age)
