"""Writes of outreach activities. Each runs in one transaction and records an audit event.

Who may write: whoever holds data entry (`enter_data`) on the activity's unit. The topic must be a code
of the topics data in force (`topics.py`).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.accounts.scope import Capability, has_capability
from antq.core.audit import audit_record, snapshot
from antq.core.text import nfc
from antq.incidents.services import nfc_text
from antq.outreach.models import OutreachActivity
from antq.outreach.topics import topics
from antq.units.models import Unit, UnitKind

NUMBER_FIELDS = ("audience", "pages", "copies", "clips")
EDITABLE_FIELDS = ("unit", "held_on", "form", "topic", "title", "note", *NUMBER_FIELDS)


def _require_entry(actor, unit: Unit) -> None:
    if not has_capability(actor, unit, Capability.ENTER_DATA):
        raise ValidationError(_("You may not enter data for this unit."))


def _clean(values: dict) -> dict:
    cleaned = {}
    for key, value in values.items():
        if key not in EDITABLE_FIELDS:
            raise ValidationError(_("Unknown field: %(field)s") % {"field": key})
        if key == "title":
            value = nfc(value or "")
        elif key == "note":
            value = nfc_text(value or "")
        elif key in NUMBER_FIELDS:
            value = value or 0
        cleaned[key] = value
    return cleaned


def _validate(activity: OutreachActivity) -> None:
    errors: dict[str, list[str]] = {}
    if activity.topic and activity.topic not in topics():
        errors["topic"] = [_("Choose a topic from the list.")]
    if isinstance(activity.held_on, datetime.date) and activity.held_on > timezone.localdate():
        errors["held_on"] = [_("The date is after today.")]
    if activity.unit_id and activity.unit.kind == UnitKind.COUNTRY:
        errors["unit"] = [_("Choose a province, a commune or a unit below it.")]
    try:
        activity.full_clean(exclude=["created_by"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def outreach_activity_create(*, actor, unit: Unit, held_on: datetime.date, form: str, topic: str, title: str,
                             audience: int = 0, pages: int = 0, copies: int = 0, clips: int = 0,
                             note: str = "") -> OutreachActivity:
    """Record an outreach or legal-education activity of `unit`; needs data entry on it."""
    _require_entry(actor, unit)
    activity = OutreachActivity(unit=unit, created_by=actor if getattr(actor, "pk", None) else None, **_clean({
        "held_on": held_on, "form": form, "topic": topic, "title": title, "audience": audience, "pages": pages,
        "copies": copies, "clips": clips, "note": note}))
    _validate(activity)
    activity.save()
    audit_record(actor=actor, action="outreach_activity.create", target=activity, after=snapshot(activity))
    return activity


@transaction.atomic
def outreach_activity_update(*, actor, activity: OutreachActivity, **values) -> OutreachActivity:
    activity = OutreachActivity.objects.select_for_update().select_related("unit").get(pk=activity.pk)
    _require_entry(actor, activity.unit)
    before = snapshot(activity)
    for key, value in _clean(values).items():
        setattr(activity, key, value)
    if activity.unit_id != before["unit_id"]:
        _require_entry(actor, activity.unit)
    _validate(activity)
    after = snapshot(activity)
    if after != before:
        activity.save()
        audit_record(actor=actor, action="outreach_activity.update", target=activity, before=before, after=after)
    return activity


@transaction.atomic
def outreach_activity_delete(*, actor, activity: OutreachActivity) -> None:
    activity = OutreachActivity.objects.select_for_update().select_related("unit").get(pk=activity.pk)
    _require_entry(actor, activity.unit)
    audit_record(actor=actor, action="outreach_activity.delete", target=activity, before=snapshot(activity))
    activity.delete()
