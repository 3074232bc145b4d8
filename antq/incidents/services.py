"""Writes to the incident register. Every function runs in one transaction and records an audit event.

Who may write: whoever holds data entry (`Capability.ENTER_DATA`) on the unit where the incident
happened — the commune officer for the commune and its KDC/CQ/DN/CSGD, the unit reporter for their own
unit, province officers and the national administrator for everything below them. Changes to people
and evidence are recorded on the incident, so its history reads as one list.
"""

import datetime
import posixpath

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.accounts.scope import Capability, has_capability
from antq.core.audit import audit_record, snapshot
from antq.core.text import fold, nfc
from antq.incidents import evidence as evidence_rules
from antq.incidents.catalogue import catalogue
from antq.incidents.models import (
    INCIDENT_UNIT_KINDS,
    TREND_UNIT_KINDS,
    Incident,
    IncidentEvidence,
    IncidentPerson,
    YearlyTrendFigure,
)
from antq.units.models import Unit

# The first evaluation year ANTQ knows (TT 23/2012/TT-BCA).
FIRST_TREND_YEAR = 2012

EDITABLE_FIELDS = (
    "unit", "type", "occurred_on", "title", "description", "severity", "force_majeure",
    "detected_mitigated_reported",
)


# No register kept in ANTQ goes back further (the oldest evaluation years are 2012's); an earlier date is a typing
# slip in the year (0202 for 2022), not an old incident.
EARLIEST_DATE = datetime.date(2000, 1, 1)


def today() -> datetime.date:
    return timezone.localdate()


def nfc_text(value: str) -> str:
    """NFC for multi-line text: `nfc` on each line, keeping the line breaks (`nfc` alone joins lines)."""
    lines = [nfc(line) for line in value.splitlines()]
    return "\n".join(lines).strip("\n")


def _clean(values: dict) -> dict:
    cleaned = {}
    for key, value in values.items():
        if key not in EDITABLE_FIELDS:
            raise ValidationError(_("Unknown field: %(field)s") % {"field": key})
        if key == "title":
            value = nfc(value or "")
        elif key == "description":
            value = nfc_text(value or "")
        elif key == "severity":
            value = value or ""
        cleaned[key] = value
    return cleaned


def _evidence_snapshot(evidence: IncidentEvidence) -> dict[str, object]:
    # The stored file's name; `snapshot` would try to put the file object itself into JSON.
    data = snapshot(evidence, fields=[f.name for f in IncidentEvidence._meta.concrete_fields if f.name != "file"])
    return {**data, "file": evidence.file.name}


def _require_entry(actor, unit: Unit) -> None:
    if not has_capability(actor, unit, Capability.ENTER_DATA):
        raise ValidationError(_("You may not enter data for this unit."))


def _require_open(incident: Incident) -> None:
    if incident.is_withdrawn:
        raise ValidationError(_("This incident was withdrawn and can no longer be changed."))


def incident_validate(incident: Incident, *, people_count: int = 0, in_bulk: bool = False,
                      on: datetime.date | None = None) -> None:
    """Raise a `ValidationError` by field if `incident` may not be saved as it stands; writes nothing.

    The rules: the type is in the catalogue; a crime has a severity and nothing else has one; people are
    recorded only for types with people (`people_count` is how many it has); the date is not after `on`
    (today), not before 2000, nor after the unit closed; the unit is a commune, a KDC
    or a CQ/DN/CSGD. `in_bulk=True` skips
    the checks that query the database (the unit's existence), for callers that insert many at once.
    """
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    kind = catalogue().type(incident.type)
    if kind is not None:
        if kind.has_severity and not incident.severity:
            add("severity", _("Choose the category of the crime (Penal Code, art. 9)."))
        elif not kind.has_severity and incident.severity:
            add("severity", _("Only a crime has a category; leave it empty for this type."))
        if people_count and not kind.has_people:
            add("type", _("This type records no people involved: remove the people first."))
    if isinstance(incident.occurred_on, datetime.date):  # anything else is reported by full_clean below
        if incident.occurred_on > (on or today()):
            add("occurred_on", _("The date is in the future."))
        elif incident.occurred_on < EARLIEST_DATE:
            add("occurred_on", _("The date is before %(day)s: check the year.")
                % {"day": EARLIEST_DATE.strftime("%d/%m/%Y")})
        elif incident.unit_id and incident.unit.valid_to and incident.occurred_on > incident.unit.valid_to:
            add("occurred_on", _("This unit had closed by that date."))
    if incident.unit_id and incident.unit.kind not in INCIDENT_UNIT_KINDS:
        add("unit", _("An incident is recorded in a residential area, a commune, an agency, an enterprise or a "
                      "school."))
    exclude = ["title_folded", "created_by", "withdrawn_by"]
    if in_bulk:
        exclude.append("unit")
    try:
        incident.full_clean(exclude=exclude, validate_constraints=not in_bulk)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def incident_create(
    *,
    actor,
    unit: Unit,
    type: str,
    occurred_on: datetime.date,
    title: str,
    description: str = "",
    severity: str = "",
    force_majeure: bool = False,
    detected_mitigated_reported: bool = False,
) -> Incident:
    """Record an incident in `unit`; the actor needs data entry on the unit."""
    _require_entry(actor, unit)
    values = _clean({
        "type": type, "occurred_on": occurred_on, "title": title, "description": description,
        "severity": severity, "force_majeure": force_majeure,
        "detected_mitigated_reported": detected_mitigated_reported,
    })
    incident = Incident(unit=unit, created_by=actor if getattr(actor, "pk", None) else None, **values)
    incident.title_folded = fold(incident.title)[:255]
    incident_validate(incident)
    incident.save()
    audit_record(actor=actor, action="incident.create", target=incident, after=snapshot(incident))
    return incident


@transaction.atomic
def incident_update(*, actor, incident: Incident, **values) -> Incident:
    """Change an incident's fields; the actor needs data entry on its unit (and on the new unit, if moved)."""
    incident = Incident.objects.select_for_update().select_related("unit").get(pk=incident.pk)
    _require_entry(actor, incident.unit)
    _require_open(incident)
    before = snapshot(incident)
    for key, value in _clean(values).items():
        setattr(incident, key, value)
    if incident.unit_id != before["unit_id"]:
        _require_entry(actor, incident.unit)
    incident.title_folded = fold(incident.title)[:255]
    incident_validate(incident, people_count=incident.people.count())
    after = snapshot(incident)
    if after != before:
        incident.save()
        audit_record(actor=actor, action="incident.update", target=incident, before=before, after=after)
    return incident


@transaction.atomic
def incident_withdraw(*, actor, incident: Incident, reason: str) -> Incident:
    """Withdraw an incident entered in error, with a reason. It stays in the register, marked, and no longer
    counts for any criterion; the actor needs data entry on its unit."""
    incident = Incident.objects.select_for_update().select_related("unit").get(pk=incident.pk)
    _require_entry(actor, incident.unit)
    _require_open(incident)
    reason = nfc_text(reason or "")
    if not reason:
        raise ValidationError({"reason": _("Say why the incident is withdrawn.")})
    before = snapshot(incident)
    incident.withdrawn_at = timezone.now()
    incident.withdrawn_by = actor if getattr(actor, "pk", None) else None
    incident.withdrawal_reason = reason
    incident.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason", "updated_at"])
    audit_record(actor=actor, action="incident.withdraw", target=incident, before=before,
                 after=snapshot(incident), detail={"reason": reason})
    return incident


def _locked_open_incident(actor, incident: Incident) -> Incident:
    incident = Incident.objects.select_for_update().select_related("unit").get(pk=incident.pk)
    _require_entry(actor, incident.unit)
    _require_open(incident)
    return incident


@transaction.atomic
def incident_person_add(*, actor, incident: Incident, full_name: str, role_in_unit: str, discipline: str,
                        note: str = "") -> IncidentPerson:
    """Add a person involved (with their discipline level) to an incident of a type with people."""
    incident = _locked_open_incident(actor, incident)
    kind = catalogue().type(incident.type)
    if kind is None or not kind.has_people:
        raise ValidationError(_("People involved are recorded only for the types about discipline."))
    person = IncidentPerson(incident=incident, full_name=nfc(full_name or ""), role_in_unit=role_in_unit,
                            discipline=discipline or "", note=nfc(note or ""))
    person.full_clean(exclude=["incident"])
    person.save()
    audit_record(actor=actor, action="incident.person_add", target=incident, after=snapshot(person))
    return person


@transaction.atomic
def incident_person_remove(*, actor, person: IncidentPerson) -> None:
    """Remove a person entered in error from an incident."""
    _locked_open_incident(actor, person.incident)
    before = snapshot(person)
    audit_record(actor=actor, action="incident.person_remove", target=person.incident, before=before)
    person.delete()


@transaction.atomic
def incident_evidence_add(*, actor, incident: Incident, upload: File) -> IncidentEvidence:
    """Store an evidence file for an incident (PDF, JPEG, PNG, .docx, .xlsx; size-limited)."""
    incident = _locked_open_incident(actor, incident)
    original_name = nfc(posixpath.basename((upload.name or "").replace("\\", "/")))
    if problem := evidence_rules.file_problem(original_name, upload.size or 0, upload):
        raise ValidationError({"file": problem})
    evidence = IncidentEvidence(
        incident=incident,
        original_name=original_name[-255:],
        size=upload.size,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    evidence.file.save(original_name, upload, save=False)
    try:
        evidence.save()
        audit_record(actor=actor, action="incident.evidence_add", target=incident,
                     after=_evidence_snapshot(evidence), detail={"file_name": original_name})
    except Exception:
        evidence.file.delete(save=False)
        raise
    return evidence


@transaction.atomic
def incident_evidence_remove(*, actor, evidence: IncidentEvidence) -> None:
    """Remove an evidence file uploaded in error; the stored file goes once the transaction commits."""
    _locked_open_incident(actor, evidence.incident)
    audit_record(actor=actor, action="incident.evidence_remove", target=evidence.incident,
                 before=_evidence_snapshot(evidence), detail={"file_name": evidence.original_name})
    storage, name = evidence.file.storage, evidence.file.name
    evidence.delete()
    transaction.on_commit(lambda: storage.delete(name))


def _check_trend_unit(actor, unit: Unit, year: int) -> None:
    _require_entry(actor, unit)
    if unit.kind not in TREND_UNIT_KINDS:
        raise ValidationError({"unit": _("Yearly figures are kept for residential areas and communes only.")})
    if not isinstance(year, int) or not FIRST_TREND_YEAR <= year <= today().year:
        raise ValidationError({"year": _("Choose a year from %(first)s to %(last)s.") % {
            "first": FIRST_TREND_YEAR, "last": today().year}})


@transaction.atomic
def trend_figure_set(*, actor, unit: Unit, year: int, count: int, note: str = "") -> YearlyTrendFigure:
    """Enter (or correct) the yearly count of crimes, social evils and other violations of a KDC or
    commune. It replaces the register's count for that unit and year in the trend criterion."""
    _check_trend_unit(actor, unit, year)
    note = nfc(note or "")
    # Two first entries for the same unit and year queue up here instead of colliding on the unique key.
    Unit.objects.select_for_update().filter(pk=unit.pk).first()
    figure = YearlyTrendFigure.objects.select_for_update().filter(unit=unit, year=year).first()
    if figure is not None and (figure.count, figure.note) == (count, note):
        return figure
    before = snapshot(figure) if figure is not None else None
    if figure is None:
        figure = YearlyTrendFigure(unit=unit, year=year, count=0)
    figure.count, figure.note = count, note
    figure.entered_by = actor if getattr(actor, "pk", None) else None
    figure.full_clean(exclude=["unit", "entered_by"], validate_constraints=False)
    figure.save()
    audit_record(actor=actor, action="trend_figure.set", target=figure, before=before, after=snapshot(figure))
    return figure


@transaction.atomic
def trend_figure_delete(*, actor, unit: Unit, year: int) -> None:
    """Remove the entered figure of a unit for a year, so the register's count applies again."""
    _require_entry(actor, unit)
    figure = YearlyTrendFigure.objects.select_for_update().filter(unit=unit, year=year).first()
    if figure is None:
        return
    audit_record(actor=actor, action="trend_figure.delete", target=figure, before=snapshot(figure))
    figure.delete()
