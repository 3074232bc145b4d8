"""Keeps a user who must pass a second factor (`antq.accounts.two_factor`) on the set-up and code pages."""

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from antq.accounts.two_factor import confirmed_device, two_factor_required

# Reachable before the second factor: the two-factor pages themselves, signing out, the language switch and
# static files. The API answers 403 to such a session (a token client passes the code to the token endpoint).
ALLOWED_PREFIXES = ("/accounts/two-factor/", "/accounts/logout/", "/i18n/", "/static/")


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated and not user.is_verified()
                and not request.path.startswith(ALLOWED_PREFIXES) and two_factor_required(user)):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "Two-factor verification required."}, status=403)
            name = "accounts:two_factor_verify" if confirmed_device(user) else "accounts:two_factor_setup"
            return redirect(f"{reverse(name)}?next={request.get_full_path()}")
        return self.get_response(request)
