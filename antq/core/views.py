from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.http import Http404
from django.views.generic import TemplateView

from antq.accounts.scope import is_national_admin, scope_roots
from antq.core.access import ScopedView
from antq.core.selectors import audit_events
from antq.units.models import UnitKind
from antq.units.selectors import unit_counts_by_kind


class HomeView(ScopedView, TemplateView):
    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        counts = unit_counts_by_kind(actor=self.request.user)
        labels = dict(UnitKind.choices)
        # Districts exist only in history; today's figures show them only if some are still open.
        return super().get_context_data(
            counts=[(kind, labels[kind], n) for kind, n in counts.items() if n or kind != UnitKind.DISTRICT],
            roots=scope_roots(self.request.user),
            **kwargs,
        )


class AuditTrailView(ScopedView, TemplateView):
    """The audit trail, whole or for one object (?type=app.model&id=…). Administrators only."""

    template_name = "core/audit.html"

    def get_context_data(self, **kwargs):
        if not is_national_admin(self.request.user):
            raise Http404
        target_type = None
        if type_label := self.request.GET.get("type"):
            app_label, _sep, model = type_label.partition(".")
            try:
                target_type = ContentType.objects.get_by_natural_key(app_label, model)
            except ContentType.DoesNotExist:
                raise Http404 from None
        events = audit_events(actor=self.request.user, target_type=target_type,
                              target_id=self.request.GET.get("id") or None)
        page = Paginator(events, 50).get_page(self.request.GET.get("page"))
        return super().get_context_data(page=page, target_type=target_type, **kwargs)
