"""Writes of Festival Day events. Each runs in one transaction and records an audit event.

Who may write: whoever holds data entry (`enter_data`) on the event's unit. A date outside the year's
campaign window (`campaigns.campaign_for`) is refused unless an exception reason is given by an actor who
also holds `decide` on the unit (a province officer, the national administrator); the reason and who gave
it stay on the event and in the audit row.
"""

import datetime
import posixpath

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from antq.accounts.scope import Capability, has_capability
from antq.core.audit import audit_record, snapshot
from antq.core.text import nfc
from antq.festival.campaigns import FIRST_YEAR, campaign_for
from antq.festival.models import FESTIVAL_UNIT_KINDS, FestivalEvent, FestivalPhoto
from antq.incidents import evidence as file_rules
from antq.incidents.services import nfc_text
from antq.units.models import Unit

PHOTO_EXTENSIONS = ("jpg", "jpeg", "png")
TEXT_FIELDS = ("ceremony", "festivities", "guests", "awards", "report")
NUMBER_FIELDS = ("participants", "gifts_count", "gifts_value", "awards_count")
EDITABLE_FIELDS = ("unit", "held_on", "place", *TEXT_FIELDS, *NUMBER_FIELDS)


def _require_entry(actor, unit: Unit) -> None:
    if not has_capability(actor, unit, Capability.ENTER_DATA):
        raise ValidationError(_("You may not enter data for this unit."))


def may_record_exception(actor, unit: Unit) -> bool:
    return has_capability(actor, unit, Capability.DECIDE) or has_capability(actor, unit, Capability.ADMINISTER)


def _clean(values: dict) -> dict:
    cleaned = {}
    for key, value in values.items():
        if key not in EDITABLE_FIELDS:
            raise ValidationError(_("Unknown field: %(field)s") % {"field": key})
        if key == "place":
            value = nfc(value or "")
        elif key in TEXT_FIELDS:
            value = nfc_text(value or "")
        elif key in NUMBER_FIELDS:
            value = value or 0
        cleaned[key] = value
    return cleaned


def window_problem(held_on: datetime.date) -> str | None:
    """Why `held_on` is outside its year's campaign window, or None when it is inside."""
    campaign = campaign_for(held_on.year)
    if campaign.contains(held_on):
        return None
    if campaign.start == campaign.end:
        return _("The Festival Day of %(year)s is %(day)s; record an exception with a reason for another date.") % {
            "year": held_on.year, "day": date_format(campaign.start, "d/m/Y")}
    return _("The Festival Day of %(year)s is held from %(start)s to %(end)s; record an exception with a reason "
             "for another date.") % {"year": held_on.year, "start": date_format(campaign.start, "d/m/Y"),
                                     "end": date_format(campaign.end, "d/m/Y")}


def _validate(actor, event: FestivalEvent, *, exception_reason: str) -> None:
    errors: dict[str, list[str]] = {}
    if event.unit_id and event.unit.kind not in FESTIVAL_UNIT_KINDS:
        errors["unit"] = [_("A Festival Day is held by a residential area, a commune, an agency, an enterprise or a "
                            "school.")]
    if isinstance(event.held_on, datetime.date):
        if event.held_on.year < FIRST_YEAR:
            errors["held_on"] = [_("The first Festival Day was held on 19/8/2005.")]
        elif (problem := window_problem(event.held_on)) is not None:
            if not exception_reason:
                errors["held_on"] = [problem]
            elif not may_record_exception(actor, event.unit):
                errors["exception_reason"] = [_("Only an officer who decides for this unit may record an exception "
                                                "to the campaign window.")]
        if event.status == FestivalEvent.Status.HELD and event.held_on > timezone.localdate():
            errors.setdefault("held_on", []).append(_("An event cannot be recorded as held on a future date."))
        event.year = event.held_on.year
    try:
        event.full_clean(exclude=["created_by", "exception_by", "year"], validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)
    if FestivalEvent.objects.filter(unit=event.unit, year=event.year).exclude(pk=event.pk).exists():
        raise ValidationError({"held_on": _("This unit already has a Festival Day event in %(year)s.") % {
            "year": event.year}})


def _apply_exception(actor, event: FestivalEvent, exception_reason: str) -> None:
    """Keep the exception only when the date needs one; a date moved back into the window drops it."""
    if window_problem(event.held_on) is None:
        event.exception_reason, event.exception_by = "", None
    elif exception_reason != event.exception_reason:
        event.exception_reason = exception_reason
        event.exception_by = actor if getattr(actor, "pk", None) else None


def _save(event: FestivalEvent) -> None:
    try:
        with transaction.atomic():
            event.save()
    except IntegrityError:
        raise ValidationError({"held_on": _("This unit already has a Festival Day event in %(year)s.") % {
            "year": event.year}}) from None


@transaction.atomic
def festival_event_create(*, actor, unit: Unit, held_on: datetime.date, place: str, held: bool = False,
                          exception_reason: str = "", **values) -> FestivalEvent:
    """Plan (or, with `held=True`, record at once) the Festival Day of `unit`; needs data entry on it."""
    _require_entry(actor, unit)
    exception_reason = nfc_text(exception_reason or "")
    event = FestivalEvent(unit=unit, held_on=held_on, created_by=actor if getattr(actor, "pk", None) else None,
                          status=FestivalEvent.Status.HELD if held else FestivalEvent.Status.PLANNED,
                          **_clean({"place": place, **values}))
    _validate(actor, event, exception_reason=exception_reason)
    _apply_exception(actor, event, exception_reason)
    _save(event)
    audit_record(actor=actor, action="festival_event.create", target=event, after=snapshot(event),
                 detail={"exception_reason": event.exception_reason} if event.exception_reason else None)
    return event


@transaction.atomic
def festival_event_update(*, actor, event: FestivalEvent, exception_reason: str | None = None,
                          **values) -> FestivalEvent:
    """Change an event's fields; `exception_reason` None keeps the recorded one."""
    event = FestivalEvent.objects.select_for_update().select_related("unit").get(pk=event.pk)
    _require_entry(actor, event.unit)
    before = snapshot(event)
    for key, value in _clean(values).items():
        setattr(event, key, value)
    if event.unit_id != before["unit_id"]:
        _require_entry(actor, event.unit)
    reason = event.exception_reason if exception_reason is None else nfc_text(exception_reason)
    _validate(actor, event, exception_reason=reason)
    _apply_exception(actor, event, reason)
    after = snapshot(event)
    if after != before:
        _save(event)
        audit_record(actor=actor, action="festival_event.update", target=event, before=before, after=after)
    return event


@transaction.atomic
def festival_event_record(*, actor, event: FestivalEvent, **values) -> FestivalEvent:
    """Record a planned event as held, with its figures (participants, gifts, awards, report)."""
    event = FestivalEvent.objects.select_for_update().select_related("unit").get(pk=event.pk)
    _require_entry(actor, event.unit)
    before = snapshot(event)
    for key, value in _clean(values).items():
        setattr(event, key, value)
    event.status = FestivalEvent.Status.HELD
    _validate(actor, event, exception_reason=event.exception_reason)
    _save(event)
    audit_record(actor=actor, action="festival_event.record", target=event, before=before, after=snapshot(event))
    return event


@transaction.atomic
def festival_event_delete(*, actor, event: FestivalEvent) -> None:
    """Remove an event entered in error (its photos go with it once the transaction commits)."""
    event = FestivalEvent.objects.select_for_update().select_related("unit").get(pk=event.pk)
    _require_entry(actor, event.unit)
    names = [(p.file.storage, p.file.name) for p in event.photos.all()]
    audit_record(actor=actor, action="festival_event.delete", target=event, before=snapshot(event))
    event.delete()
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in names])


def _photo_snapshot(photo: FestivalPhoto) -> dict:
    data = snapshot(photo, fields=[f.name for f in FestivalPhoto._meta.concrete_fields if f.name != "file"])
    return {**data, "file": photo.file.name}


@transaction.atomic
def festival_photo_add(*, actor, event: FestivalEvent, upload: File) -> FestivalPhoto:
    """Store a photo of the event: JPEG or PNG whose content matches, size-limited."""
    event = FestivalEvent.objects.select_for_update().select_related("unit").get(pk=event.pk)
    _require_entry(actor, event.unit)
    original_name = nfc(posixpath.basename((upload.name or "").replace("\\", "/")))
    if file_rules.extension_of(original_name) not in PHOTO_EXTENSIONS:
        raise ValidationError({"file": _("Upload a JPEG or PNG photo.")})
    if problem := file_rules.file_problem(original_name, upload.size or 0, upload):
        raise ValidationError({"file": problem})
    photo = FestivalPhoto(event=event, original_name=original_name[-255:], size=upload.size,
                          uploaded_by=actor if getattr(actor, "pk", None) else None)
    photo.file.save(original_name, upload, save=False)
    try:
        photo.save()
        audit_record(actor=actor, action="festival_event.photo_add", target=event, after=_photo_snapshot(photo))
    except Exception:
        photo.file.delete(save=False)
        raise
    return photo


@transaction.atomic
def festival_photo_remove(*, actor, photo: FestivalPhoto) -> None:
    _require_entry(actor, photo.event.unit)
    audit_record(actor=actor, action="festival_event.photo_remove", target=photo.event, before=_photo_snapshot(photo))
    storage, name = photo.file.storage, photo.file.name
    photo.delete()
    transaction.on_commit(lambda: storage.delete(name))
