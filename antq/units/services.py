"""Writes to the unit tree. Every function runs in one transaction and records an audit event."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from antq.accounts.scope import Capability, creatable_kinds, has_capability, is_national_admin
from antq.core.audit import audit_record, snapshot
from antq.core.text import fold, nfc
from antq.units.models import (
    LOCAL_KINDS_BY_KIND,
    ORGANISATION_KINDS,
    PARENT_KINDS,
    Unit,
    UnitKind,
)

# Fields a caller may set through unit_create / unit_update.
EDITABLE_FIELDS = (
    "name", "local_kind", "code", "address", "valid_from", "valid_to",
    "is_armed_forces", "enterprise_size", "school_level", "managing_level",
)
ORGANISATION_ONLY = ("is_armed_forces", "enterprise_size", "school_level", "managing_level")


def _clean_values(kind: str, values: dict) -> dict:
    cleaned = {}
    for key, value in values.items():
        if key not in EDITABLE_FIELDS:
            raise ValidationError(_("Unknown field: %(field)s") % {"field": key})
        cleaned[key] = nfc(value) if isinstance(value, str) else value
    return cleaned


def _shape_errors(unit: Unit) -> dict[str, str]:
    """Rules on a unit's own fields that the model's field validation cannot express."""
    errors: dict[str, str] = {}
    allowed_local = LOCAL_KINDS_BY_KIND.get(unit.kind, ())
    if unit.local_kind and unit.local_kind not in allowed_local:
        errors["local_kind"] = _("This local kind does not fit a unit of this kind.")
    if unit.kind in (UnitKind.COMMUNE, UnitKind.RESIDENTIAL_AREA) and not unit.local_kind:
        errors["local_kind"] = _("Choose the local kind.")
    if unit.kind not in ORGANISATION_KINDS:
        for field in ORGANISATION_ONLY:
            if getattr(unit, field) not in ("", False):
                errors[field] = _("Only agencies, enterprises and schools carry this field.")
    else:
        if unit.kind != UnitKind.AGENCY and unit.is_armed_forces:
            errors["is_armed_forces"] = _("Only an agency can be an armed-forces agency.")
        if unit.kind == UnitKind.ENTERPRISE and not unit.enterprise_size:
            errors["enterprise_size"] = _("Choose the enterprise size.")
        if unit.kind != UnitKind.ENTERPRISE and unit.enterprise_size:
            errors["enterprise_size"] = _("Only an enterprise has a size.")
        if unit.kind == UnitKind.SCHOOL and not unit.school_level:
            errors["school_level"] = _("Choose the school level.")
        if unit.kind != UnitKind.SCHOOL and unit.school_level:
            errors["school_level"] = _("Only a school has a level.")
        if not unit.managing_level:
            errors["managing_level"] = _("Choose the managing level.")
    parent_kinds = PARENT_KINDS[unit.kind]
    if parent_kinds and (unit.parent is None or unit.parent.kind not in parent_kinds):
        errors["parent"] = _("A unit of this kind cannot be placed here.")
    if unit.valid_from and unit.valid_to and unit.valid_from > unit.valid_to:
        errors["valid_to"] = _("The end of validity is before its start.")
    return errors


def unit_validate(unit: Unit, *, in_bulk: bool = False) -> None:
    """Raise a `ValidationError` by field if `unit` may not be saved as it stands; writes nothing.

    Reports the shape rules and the model's field validation together. `in_bulk=True` leaves out
    the checks that query the database once per unit (the parent's existence, code uniqueness and
    other constraints): callers that validate many units, such as the spreadsheet import, check
    those once for all of them.
    """
    errors: dict[str, list[str]] = {field: [message] for field, message in _shape_errors(unit).items()}
    try:
        if in_bulk:
            unit.full_clean(exclude=["path", "name_folded", "parent"], validate_unique=False,
                            validate_constraints=False)
        else:
            _check_code_free(unit)
            unit.full_clean(exclude=["path", "name_folded"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)


def _check_code_free(unit: Unit) -> None:
    if unit.code and unit.valid_to is None:
        clash = Unit.objects.filter(kind=unit.kind, code=unit.code, valid_to__isnull=True).exclude(pk=unit.pk)
        if clash.exists():
            raise ValidationError({"code": _("Another current unit of this kind already has this code.")})


@transaction.atomic
def unit_create(*, actor, parent: Unit, kind: str, name: str, **values) -> Unit:
    """Create a unit under `parent`; the actor needs data entry on `parent` for this kind."""
    if kind not in creatable_kinds(actor, parent):
        raise ValidationError({"kind": _("You may not create a unit of this kind here.")})
    values = _clean_values(kind, {"name": name, **values})
    unit = Unit(kind=kind, parent=parent, **values)
    unit.name_folded = fold(unit.name)
    unit.path = "/pending/"
    unit_validate(unit)
    unit.save()
    unit.path = f"{parent.path}{unit.pk}/"
    unit.save(update_fields=["path"])
    audit_record(actor=actor, action="unit.create", target=unit, after=snapshot(unit))
    return unit


@transaction.atomic
def unit_update(*, actor, unit: Unit, **values) -> Unit:
    """Change a unit's fields; the actor needs data entry on the unit. Official units: admin only."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if not has_capability(actor, unit, Capability.ENTER_DATA):
        raise ValidationError(_("You may not change this unit."))
    if unit.kind not in (*ORGANISATION_KINDS, UnitKind.RESIDENTIAL_AREA) and not is_national_admin(actor):
        raise ValidationError(_("Official administrative units are changed by the national administrator only."))
    before = snapshot(unit)
    for key, value in _clean_values(unit.kind, values).items():
        setattr(unit, key, value)
    unit.name_folded = fold(unit.name)
    unit_validate(unit)
    unit.save()
    after = snapshot(unit)
    if after != before:
        audit_record(actor=actor, action="unit.update", target=unit, before=before, after=after)
    return unit


@transaction.atomic
def unit_close(*, actor, unit: Unit, on: datetime.date) -> Unit:
    """End a unit's validity on `on` (units are closed, never deleted: history refers to them)."""
    return unit_update(actor=actor, unit=unit, valid_to=on)
