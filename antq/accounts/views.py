from django.contrib.auth import views as auth_views
from django.views.generic import TemplateView

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
        return super().get_context_data(roles=roles, **kwargs)
