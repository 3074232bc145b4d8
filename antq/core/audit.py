"""The audit trail: every service that writes calls `audit_record` inside its transaction."""

import datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models

from antq.core.generations import data_changed
from antq.core.models import AuditEvent


def _plain(value: object) -> object:
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, object]:
    """A JSON-ready copy of the concrete fields (foreign keys as ids) of `instance`."""
    data: dict[str, object] = {}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if getattr(field, "auto_now", False):  # a timestamp, not a change of substance
            continue
        data[field.attname if field.is_relation else field.name] = _plain(
            getattr(instance, field.attname)
        )
    return data


def audit_record(
    *,
    actor,
    action: str,
    target: models.Model,
    before: dict | None = None,
    after: dict | None = None,
    detail: dict | None = None,
) -> AuditEvent:
    """Insert one audit row; call it inside the transaction of the write it describes.

    Every audited write also moves the data generation when it commits (`antq.core.generations`), which is
    what keeps the cached panels of the pages current.
    """
    data_changed()
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
        target_id=str(target.pk),
        target_repr=str(target)[:255],
        before=before,
        after=after,
        detail=detail or {},
    )
