"""Default deny for views: every view is either scoped or explicitly public.

A view is *scoped* when it resolves what it shows through the acting user's role assignments
(`antq.accounts.scope`); it says so by inheriting `ScopedView` (pages) or `ScopedAPIView` /
`ScopedViewSet` (API), or with the `@scoped` decorator on a function view. A view that anyone may
open (the login page, the language switch, the API schema) carries `@public` or `PublicView`.
`tests/test_url_scoping.py` walks every URL and fails for a view that carries neither mark, so a
new view cannot ship without someone deciding which it is.
"""

from collections.abc import Callable

from django.contrib.auth.mixins import LoginRequiredMixin

ACCESS_ATTR = "antq_access"
PUBLIC = "public"
SCOPED = "scoped"


def public(view: Callable) -> Callable:
    """Mark a function view as open to anonymous users."""
    setattr(view, ACCESS_ATTR, PUBLIC)
    return view


def scoped(view: Callable) -> Callable:
    """Mark a function view as resolving its data through the actor's scope (login required)."""
    setattr(view, ACCESS_ATTR, SCOPED)
    return view


class PublicView:
    antq_access = PUBLIC


class ScopedView(LoginRequiredMixin):
    """Base for pages: login required; handlers read only through scoped selectors.

    A view that works on one object fetches it in `resolve_scope` through a `get_<entity>_for`
    helper (404 when missing or out of scope); it runs after the login check and before the handler.
    """

    antq_access = SCOPED

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.resolve_scope(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def resolve_scope(self, request, *args, **kwargs) -> None:
        """Fetch the objects the view works on, within the actor's scope; raise Http404 otherwise."""


def access_of(callback: Callable) -> str | None:
    """The access mark of a resolved URL callback (function, class-based view or DRF view)."""
    for candidate in (
        callback,
        getattr(callback, "view_class", None),
        getattr(callback, "cls", None),
        getattr(callback, "__wrapped__", None),
    ):
        if candidate is not None and getattr(candidate, ACCESS_ATTR, None):
            return getattr(candidate, ACCESS_ATTR)
    return None
