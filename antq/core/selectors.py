"""Reads of the audit trail: national administrators only."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from antq.accounts.scope import is_national_admin
from antq.core.models import AuditEvent


def audit_events(*, actor, target_type: ContentType | None = None, target_id: str | None = None) -> QuerySet:
    """Audit events, newest first, optionally for one object; refuses anyone but an administrator."""
    if not is_national_admin(actor):
        raise PermissionDenied
    qs = AuditEvent.objects.select_related("actor", "target_type")
    if target_type is not None:
        qs = qs.filter(target_type=target_type)
    if target_id is not None:
        qs = qs.filter(target_id=str(target_id))
    return qs
