from django import forms
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from antq.accounts import two_factor
from antq.accounts.models import RoleAssignment
from antq.core.access import PublicView, ScopedView


class LoginView(PublicView, auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(PublicView, auth_views.LogoutView):
    pass


class ProfileView(ScopedView, TemplateView):
    template_name = "accounts/profile.html"

    def get_context_data(self, **kwargs):
        roles = RoleAssignment.objects.filter(user=self.request.user).select_related("unit")
        return super().get_context_data(
            roles=roles, two_factor_on=two_factor.confirmed_device(self.request.user) is not None,
            two_factor_required=two_factor.two_factor_required(self.request.user), **kwargs)


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Code from the app"), max_length=12,
                           widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code",
                                                         "autofocus": True}))


class _TwoFactorStep(ScopedView, FormView):
    form_class = CodeForm

    def next_url(self) -> str:
        target = self.request.POST.get("next") or self.request.GET.get("next") or ""
        if url_has_allowed_host_and_scheme(target, allowed_hosts={self.request.get_host()},
                                           require_https=self.request.is_secure()):
            return target
        return "/"

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=self.next_url(), **kwargs)

    def form_valid(self, form):
        try:
            self.check(form.cleaned_data["code"])
        except ValidationError as exc:
            form.add_error("code", exc)
            return self.form_invalid(form)
        return redirect(self.next_url())


class TwoFactorSetupView(_TwoFactorStep):
    """Scan the QR code (or type the secret) into an authenticator app, then enter a code to confirm."""

    template_name = "accounts/two_factor_setup.html"

    def dispatch(self, request, *args, **kwargs):
        # Replacing a device takes a verified session: a password alone must not enrol a new phone.
        user = request.user
        if user.is_authenticated and two_factor.confirmed_device(user) is not None and not user.is_verified():
            return redirect("accounts:two_factor_verify")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        device = two_factor.pending_device(self.request.user)
        return super().get_context_data(qr_svg=two_factor.qr_svg(device), secret=two_factor.secret_text(device),
                                        **kwargs)

    def check(self, code: str) -> None:
        two_factor.two_factor_confirm(request=self.request, token=code)


class TwoFactorVerifyView(_TwoFactorStep):
    """The code from the app, after the password."""

    template_name = "accounts/two_factor_verify.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and two_factor.confirmed_device(request.user) is None:
            return redirect("accounts:two_factor_setup")
        return super().dispatch(request, *args, **kwargs)

    def check(self, code: str) -> None:
        two_factor.two_factor_verify(request=self.request, token=code)
