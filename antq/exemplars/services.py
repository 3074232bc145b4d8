"""Writes to the exemplars register. Each function runs in one transaction and records an audit event.

Who may write: data entry (`Capability.ENTER_DATA`) on the exemplar's unit — the commune officer for the
commune and everything below it, the unit reporter for their KDC or organisation, the province officers
and the national administrator above. The consent to be named publicly is changed only through
`exemplar_consent_set`, which records who changed it and when, so the audit trail shows every change.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.accounts.scope import Capability, has_capability
from antq.core.audit import audit_record, snapshot
from antq.core.sheets import RowError, SheetRow, parse_row
from antq.core.text import fold, nfc
from antq.exemplars.columns import COLUMN_BY_FIELD, COLUMNS
from antq.exemplars.models import (
    ACT_CATEGORIES,
    HANDOVER_FIELDS,
    PERSONAL_FIELDS,
    Exemplar,
    ExemplarCategory,
    ExemplarKind,
)
from antq.units.models import GRASSROOTS_KINDS, Unit, UnitKind

# The movement began long before ANTQ; a register going back to 2000 covers the records offices keep.
FIRST_YEAR = 2000
EXEMPLAR_UNIT_KINDS = (UnitKind.COMMUNE, *GRASSROOTS_KINDS)
TEXT_FIELDS = ("achievement", "items_note")
LINE_FIELDS = ("name", "proposed_by", "address")
EDITABLE_FIELDS = ("unit", "year", "kind", "category", "name", "achievement", "proposed_by", "act_date",
                   "birth_date", "sex", "id_number", "address", "phone", *HANDOVER_FIELDS, "items_note")


def _require_entry(actor, unit: Unit) -> None:
    if not has_capability(actor, unit, Capability.ENTER_DATA):
        raise ValidationError(_("You may not enter data for this unit."))


def _text(value) -> str:
    return "\n".join(nfc(line) for line in str(value or "").splitlines()).strip()


def _clean(values: dict) -> dict:
    cleaned = {}
    for key, value in values.items():
        if key not in EDITABLE_FIELDS:
            raise ValidationError(_("Unknown field: %(field)s") % {"field": key})
        if key in LINE_FIELDS:
            value = nfc(value or "")
        elif key in TEXT_FIELDS:
            value = _text(value)
        elif key == "id_number":
            value = "".join(str(value or "").split())
        elif key == "phone":
            value = "".join(str(value or "").replace(".", " ").replace("-", " ").split())
        elif key == "sex":
            value = value or ""
        elif key == "explosives_kg":
            value = Decimal(value or 0).quantize(Decimal("0.01"))  # as stored, so an unchanged form is no change
        elif key in HANDOVER_FIELDS:
            value = value or 0
        cleaned[key] = value
    return cleaned


def exemplar_problems(exemplar: Exemplar, *, today: datetime.date | None = None) -> dict[str, list[str]]:
    """What is wrong with `exemplar` by the register's rules, by field (empty when nothing); also used by
    the import, row by row."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if exemplar.unit_id and exemplar.unit.kind not in EXEMPLAR_UNIT_KINDS:
        add("unit", _("An exemplar belongs to a commune, or to a residential area, agency, enterprise or school."))
    if isinstance(exemplar.year, int) and not FIRST_YEAR <= exemplar.year <= today.year:
        add("year", _("The year must be between %(first)s and %(last)s.") % {"first": FIRST_YEAR, "last": today.year})
    act_category = exemplar.category in ACT_CATEGORIES
    if act_category and exemplar.kind == ExemplarKind.INDIVIDUAL and not exemplar.act_date:
        add("act_date", _("Give the date the citizen denounced, helped or handed over."))
    if exemplar.act_date:
        if exemplar.act_date > today:
            add("act_date", _("The date cannot be in the future."))
        elif isinstance(exemplar.year, int) and exemplar.act_date.year > exemplar.year:
            add("act_date", _("The act cannot be after the year it is recorded for."))
    if exemplar.category == ExemplarCategory.HANDED_OVER_WEAPONS:
        if not exemplar.handed_over_anything:
            add("guns", _("Give what was handed over: the kind and the quantity."))
        if not exemplar.act_date:
            add("act_date", _("Give the date of the handover."))
    elif any(getattr(exemplar, f) for f in HANDOVER_FIELDS) or exemplar.items_note:
        add("guns", _("Weapons and explosives are recorded only for a handover."))
    if exemplar.kind == ExemplarKind.COLLECTIVE:
        if any(getattr(exemplar, f) for f in PERSONAL_FIELDS) or exemplar.sex:
            add("birth_date", _("Personal data is recorded only for an individual."))
    else:
        if exemplar.birth_date and exemplar.birth_date >= today:
            add("birth_date", _("The date of birth must be in the past."))
        if exemplar.id_number and (not exemplar.id_number.isdigit() or len(exemplar.id_number) != 12):
            add("id_number", _("The ID number (căn cước) has 12 digits."))
        phone = exemplar.phone
        if phone and not (phone.lstrip("+").isdigit() and 9 <= len(phone.lstrip("+")) <= 12):
            add("phone", _("Write the phone number in digits, for example 0912345678."))
    try:
        exemplar.full_clean(exclude=["unit", "created_by", "consent_by", "name_folded"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, messages)
    return errors


def _duplicate(exemplar: Exemplar) -> bool:
    return (Exemplar.objects.filter(unit=exemplar.unit, year=exemplar.year, kind=exemplar.kind,
                                    category=exemplar.category, name_folded=exemplar.name_folded)
            .exclude(pk=exemplar.pk).exists())


def duplicate_message() -> str:
    return _("This exemplar is already recorded for this unit, year and category.")


def _validate(exemplar: Exemplar) -> None:
    exemplar.name_folded = fold(exemplar.name)
    if errors := exemplar_problems(exemplar):
        raise ValidationError(errors)
    if _duplicate(exemplar):
        raise ValidationError({"name": duplicate_message()})


def _consent(exemplar: Exemplar, actor, consent: bool) -> None:
    exemplar.public_consent = consent
    exemplar.consent_by = actor if getattr(actor, "pk", None) else None
    exemplar.consent_at = timezone.now()


@transaction.atomic
def exemplar_create(*, actor, unit: Unit, year: int, kind: str, name: str, achievement: str, proposed_by: str,
                    category: str = ExemplarCategory.ADVANCED, public_consent: bool = False,
                    **values) -> Exemplar:
    """Record an exemplar of `unit`; needs data entry on it. A consent given here is recorded as the actor's."""
    _require_entry(actor, unit)
    exemplar = Exemplar(created_by=actor if getattr(actor, "pk", None) else None, **_clean({
        "unit": unit, "year": year, "kind": kind, "category": category, "name": name, "achievement": achievement,
        "proposed_by": proposed_by, **values}))
    _validate(exemplar)
    if public_consent:
        _consent(exemplar, actor, True)
    exemplar.save()
    audit_record(actor=actor, action="exemplar.create", target=exemplar, after=snapshot(exemplar))
    return exemplar


@transaction.atomic
def exemplar_update(*, actor, exemplar: Exemplar, **values) -> Exemplar:
    """Change an exemplar's fields (not its consent: `exemplar_consent_set`); needs data entry on its unit,
    and on the new unit when it moves."""
    exemplar = Exemplar.objects.select_for_update().select_related("unit").get(pk=exemplar.pk)
    _require_entry(actor, exemplar.unit)
    before = snapshot(exemplar)
    for key, value in _clean(values).items():
        setattr(exemplar, key, value)
    if exemplar.unit_id != before["unit_id"]:
        _require_entry(actor, exemplar.unit)
    _validate(exemplar)
    after = snapshot(exemplar)
    if after != before:
        exemplar.save()
        audit_record(actor=actor, action="exemplar.update", target=exemplar, before=before, after=after)
    return exemplar


@transaction.atomic
def exemplar_consent_set(*, actor, exemplar: Exemplar, consent: bool) -> Exemplar:
    """Record that the exemplar agrees (or no longer agrees) to be named publicly; who and when are kept."""
    exemplar = Exemplar.objects.select_for_update().select_related("unit").get(pk=exemplar.pk)
    _require_entry(actor, exemplar.unit)
    if exemplar.public_consent == consent:
        return exemplar
    fields = ["public_consent", "consent_by", "consent_at"]
    before = snapshot(exemplar, fields=fields)
    _consent(exemplar, actor, consent)
    exemplar.save(update_fields=[*fields, "updated_at"])
    audit_record(actor=actor, action="exemplar.consent", target=exemplar, before=before,
                 after=snapshot(exemplar, fields=fields))
    return exemplar


@transaction.atomic
def exemplar_delete(*, actor, exemplar: Exemplar) -> None:
    """Remove an exemplar entered in error; needs data entry on its unit."""
    exemplar = Exemplar.objects.select_for_update().select_related("unit").get(pk=exemplar.pk)
    _require_entry(actor, exemplar.unit)
    audit_record(actor=actor, action="exemplar.delete", target=exemplar, before=snapshot(exemplar))
    exemplar.delete()


# --- import ---------------------------------------------------------------------------------------------

@dataclass
class ImportResult:
    created: int = 0
    errors: list[RowError] = field(default_factory=list)


def _unit_of_row(text: str, commune: Unit, children: dict[str, list[Unit]]) -> tuple[Unit | None, str]:
    if not text:
        return commune, ""
    found = children.get(fold(text), [])
    if len(found) == 1:
        return found[0], ""
    if not found:
        return None, _("No residential area or organisation of %(commune)s has this name.") % {
            "commune": commune.name}
    return None, _("Several units of %(commune)s have this name.") % {"commune": commune.name}


def _row_exemplar(actor, row: SheetRow, commune: Unit, children: dict[str, list[Unit]],
                  today: datetime.date) -> tuple[Exemplar | None, list[RowError]]:
    values, errors = parse_row(row, COLUMNS)
    commune_text = values.pop("commune", "")
    if commune_text and fold(commune_text) != fold(commune.name):
        errors.append(RowError(row.number, COLUMN_BY_FIELD["commune"].header,
                               _("This row belongs to another commune than %(commune)s.") % {"commune": commune.name}))
    unit, problem = _unit_of_row(values.pop("unit", ""), commune, children)
    if problem:
        errors.append(RowError(row.number, COLUMN_BY_FIELD["unit"].header, problem))
    elif not has_capability(actor, unit, Capability.ENTER_DATA):
        errors.append(RowError(row.number, COLUMN_BY_FIELD["unit"].header,
                               _("You may not enter data for this unit.")))
    consent = values.pop("public_consent", False)
    if errors:
        return None, errors
    exemplar = Exemplar(unit=unit, created_by=actor if getattr(actor, "pk", None) else None, **_clean(
        {k: v for k, v in values.items() if k in EDITABLE_FIELDS}))
    exemplar.name_folded = fold(exemplar.name)
    for field_name, messages in exemplar_problems(exemplar, today=today).items():
        column = COLUMN_BY_FIELD.get(field_name)
        errors += [RowError(row.number, column.header if column else "", m) for m in messages]
    if consent:
        _consent(exemplar, actor, True)
    return (None if errors else exemplar), errors


def _key(exemplar: Exemplar) -> tuple:
    return (exemplar.unit_id, exemplar.year, exemplar.kind, exemplar.category, exemplar.name_folded)


def _doubles(candidates: list[tuple[int, Exemplar]]) -> list[RowError]:
    header = COLUMN_BY_FIELD["name"].header
    errors, first_row = [], {}
    for number, exemplar in candidates:
        key = _key(exemplar)
        if key in first_row:
            errors.append(RowError(number, header, _("The same exemplar is on row %(row)s.") % {
                "row": first_row[key]}))
        else:
            first_row[key] = number
    saved = set(Exemplar.objects.filter(unit_id__in={e.unit_id for _n, e in candidates},
                                        year__in={e.year for _n, e in candidates})
                .values_list("unit_id", "year", "kind", "category", "name_folded"))
    errors += [RowError(n, header, duplicate_message()) for n, e in candidates if _key(e) in saved]
    return errors


def exemplars_import(*, actor, commune: Unit, rows: Iterable[SheetRow], file_name: str = "") -> ImportResult:
    """Record an exemplar for every row under `commune`, or none if any row is wrong (then every problem
    is listed by row and column). Each row passes the rules of `exemplar_create`; one audit event."""
    if commune.kind != UnitKind.COMMUNE or not has_capability(actor, commune, Capability.ENTER_DATA):
        raise ValidationError(_("You may not enter data for this commune."))
    rows = list(rows)
    today = timezone.localdate()
    children: dict[str, list[Unit]] = {}
    for unit in Unit.objects.filter(parent=commune, kind__in=GRASSROOTS_KINDS, valid_to__isnull=True):
        children.setdefault(unit.name_folded or fold(unit.name), []).append(unit)
    errors: list[RowError] = []
    candidates: list[tuple[int, Exemplar]] = []
    for row in rows:
        exemplar, row_errors = _row_exemplar(actor, row, commune, children, today)
        errors += row_errors
        if exemplar is not None:
            candidates.append((row.number, exemplar))
    if not rows:
        errors.append(RowError(None, "", _("The file has a header row but no exemplars below it.")))
    errors += _doubles(candidates)
    if errors:
        order = {c.header: i for i, c in enumerate(COLUMNS)}
        return ImportResult(errors=sorted(errors, key=lambda e: (e.row or 0, order.get(e.column, len(order)))))
    with transaction.atomic():
        # Two imports into one commune queue up here, so the second sees the first's rows.
        Unit.objects.select_for_update().get(pk=commune.pk)
        if errors := _doubles(candidates):
            return ImportResult(errors=errors)
        created = Exemplar.objects.bulk_create([e for _n, e in candidates])
        audit_record(actor=actor, action="exemplar.import", target=commune,
                     detail={"file_name": file_name, "created": len(created), "ids": [e.pk for e in created]})
    return ImportResult(created=len(created))
