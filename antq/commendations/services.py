"""Writes of commendations: nominations through review to decision, past awards, people, imports.

Who may do what (the levels are law data, `data/awards.yaml` → `workflow`):

* Whoever enters data at the *nominating* level above the recipient (the commune for commune and
  provincial awards, the province for a Ministry award) nominates a collective (the unit) or a person of
  it, and resubmits a returned nomination.
* The *reviewing* level — the recipient's ancestor at the review level of the issuer's level (the
  province for a Ministry award) — reviews or returns with a reason; the *deciding* level decides with
  the decision's number, date and signer, or returns. A decided award is locked.
* Eligibility (`eligibility.evaluate`) is checked when nominating, reviewing and deciding; a nominee who
  fails is refused with every failed criterion's reason.
* A past award decided outside the system is recorded directly as decided by an officer with `decide`
  on the unit (`award_record`, or a whole spreadsheet with `awards_import`, all rows or none). Only the
  issuer's form and the once-per-person rule are checked then: the decision was taken already.

Every step runs in one transaction and writes one audit event; the workflow steps lock the row and
check the version the actor saw (`antq.core.review`), so of two simultaneous decisions one wins.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.accounts.scope import Capability, has_capability, units_for
from antq.commendations import eligibility
from antq.commendations.models import Award, AwardSource, AwardStatus, Person, RecipientType
from antq.commendations.rules import Rules, current_rules
from antq.commendations.selectors import nominee_facts
from antq.core.audit import audit_record, snapshot
from antq.core.review import LEVEL_KINDS, holds_review_role, lock_for_step, save_step, unit_at_level
from antq.core.sheets import RowError
from antq.core.text import nfc
from antq.festival.models import FestivalEvent
from antq.units.models import Unit

FIELDS = ["status", "version", "source", "unit", "person", "recipient_type", "form", "issuer", "kind", "year",
          "achievement", "festival_event", "review_note", "returned_reason", "decision_number", "decision_date",
          "decision_signer"]
PERSON_FIELDS = ("full_name", "sex", "birth_date", "id_number", "position", "category", "in_post_since",
                 "in_force_since")


def _proposed_by(level: str) -> str:
    """Why the actor may not nominate: who proposes awards at the issuer's level."""
    return {"commune": _("Awards of %(issuer)s are proposed by the commune."),
            "district": _("Awards of %(issuer)s are proposed by the district."),
            "province": _("Awards of %(issuer)s are proposed by the province."),
            "ministry": _("Awards of %(issuer)s are proposed by the Ministry.")}[level]


# --- who --------------------------------------------------------------------------------------------


def _level_unit(rules: Rules, award: Award, step: str) -> Unit:
    issuer = rules.issuer(award.issuer)
    return unit_at_level(award.unit, rules.workflow[issuer.level][step])


def review_unit(award: Award, rules: Rules | None = None) -> Unit:
    """The unit whose officers review this nomination."""
    return _level_unit(rules or current_rules(), award, "review")


def decide_unit(award: Award, rules: Rules | None = None) -> Unit:
    """The unit whose officers decide this nomination (the issuer's level)."""
    return _level_unit(rules or current_rules(), award, "decide")


def nominate_unit(award: Award, rules: Rules | None = None) -> Unit:
    """The unit whose data entry nominates: the recipient's ancestor at the nominating level, or the
    recipient itself when it is of that level (a commune proposed by its own officers)."""
    rules = rules or current_rules()
    level = rules.workflow[rules.issuer(award.issuer).level]["nominate"]
    if award.unit.kind == LEVEL_KINDS[level]:
        return award.unit
    return unit_at_level(award.unit, level)


def can_nominate(actor, unit: Unit) -> bool:
    """May the actor propose awards for `unit` at all (the button on its page)?"""
    return has_capability(actor, unit, Capability.ENTER_DATA)


def may_nominate(actor, award: Award, rules: Rules | None = None) -> bool:
    try:
        return has_capability(actor, nominate_unit(award, rules), Capability.ENTER_DATA)
    except (ValidationError, LookupError):
        return False


def can_review(actor, award: Award) -> bool:
    try:
        return holds_review_role(actor, review_unit(award), strictly_above=False)
    except (ValidationError, LookupError):
        return False


def can_decide(actor, award: Award) -> bool:
    try:
        return holds_review_role(actor, decide_unit(award), strictly_above=False)
    except (ValidationError, LookupError):
        return False


def can_record(actor, unit: Unit) -> bool:
    return has_capability(actor, unit, Capability.DECIDE)


# --- checks -----------------------------------------------------------------------------------------


def _refuse_unless_eligible(result: eligibility.Eligibility) -> None:
    if not result.eligible:
        raise ValidationError(_("Not eligible: %(reasons)s") % {"reasons": " ".join(result.failures)})


def _check(rules: Rules, award: Award, *, on_date: datetime.date, only: tuple[str, ...] | None = None,
           person: Person | None = None) -> eligibility.Eligibility:
    facts = nominee_facts(rules, form=award.form, kind=award.kind, issuer=award.issuer, year=award.year,
                          unit=award.unit, person=person if person is not None else award.person,
                          on_date=on_date, exclude_pk=award.pk)
    result = eligibility.evaluate(rules, facts)
    if only is not None:
        result = eligibility.Eligibility(checks=tuple(c for c in result.checks if c.id in only))
    _refuse_unless_eligible(result)
    return result


def _validate_levels(rules: Rules, award: Award) -> None:
    """The recipient must have a reviewing and a deciding unit above it for the issuer's level."""
    try:
        issuer = rules.issuer(award.issuer)
    except LookupError:
        raise ValidationError({"issuer": _("Unknown issuer.")}) from None
    for step in ("review", "decide"):
        try:
            unit_at_level(award.unit, rules.workflow[issuer.level][step])
        except ValidationError:
            raise ValidationError({"issuer": _("%(issuer)s does not award units at this level.") % {
                "issuer": issuer.name}}) from None


def _person(actor, unit: Unit, data: dict) -> Person:
    """The person of `data`: the one already entered with the same ID number (within the actor's sight),
    else a new one of `unit`."""
    values = {k: data.get(k) for k in PERSON_FIELDS}
    values["full_name"] = nfc(values["full_name"] or "")
    values["position"] = nfc(values["position"] or "")
    values["id_number"] = "".join((values["id_number"] or "").split())
    values["category"] = values["category"] or "other"
    if values["id_number"]:
        existing = Person.objects.select_for_update().select_related("unit").filter(
            id_number=values["id_number"]).first()
        if existing is not None:
            # One person, one medal: the ID number finds the same person wherever they were entered.
            if not has_capability(actor, existing.unit, Capability.VIEW):
                raise ValidationError({"id_number": _("This ID number belongs to a person outside your area.")})
            return existing
    person = Person(unit=unit, **values)
    try:
        person.full_clean(exclude=["unit"], validate_constraints=False)
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from None
    person.save()  # audited with the award it was entered for (its snapshot is in the award's row)
    return person


def _person_detail(award: Award) -> dict:
    return {"person": snapshot(award.person)} if award.person_id else {}


def _festival_event(actor, event: FestivalEvent | None, unit: Unit) -> FestivalEvent | None:
    if event is None:
        return None
    if not units_for(actor).filter(pk=event.unit_id).exists():
        raise ValidationError({"festival_event": _("Unknown Festival Day event.")})
    if event.status != FestivalEvent.Status.HELD:
        raise ValidationError({"festival_event": _("Link a Festival Day event once it is recorded as held.")})
    return event


def _new_award(*, unit: Unit, person: Person | None, form: str, issuer: str, kind: str, year: int,
               achievement: str) -> Award:
    award = Award(unit=unit, person=person, form=form, issuer=issuer, kind=kind, year=year,
                  achievement=nfc(achievement or ""),
                  recipient_type=RecipientType.INDIVIDUAL if person is not None else RecipientType.COLLECTIVE)
    return award


def _clean(award: Award) -> None:
    try:
        award.full_clean(exclude=["nominated_by", "reviewed_by", "decided_by"], validate_constraints=False)
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from None


# --- nomination → review → decision --------------------------------------------------------------------


@transaction.atomic
def award_nominate(*, actor, unit: Unit, form: str, issuer: str, kind: str, year: int, achievement: str = "",
                   person: Person | None = None, person_data: dict | None = None,
                   festival_event: FestivalEvent | None = None) -> Award:
    """Propose `unit` (a collective) or a person of it (`person` or `person_data`) for an award.

    Needs data entry on the unit; refused, with every failed criterion's reason, when not eligible."""
    if not can_nominate(actor, unit):
        raise ValidationError(_("You may not nominate for this unit."))
    rules = current_rules()
    today = timezone.localdate()
    if person is None and person_data:
        person = _person(actor, unit, person_data)
    if person is not None and person.unit_id != unit.pk and not can_nominate(actor, person.unit):
        raise ValidationError(_("You may not nominate for this unit."))
    award = _new_award(unit=person.unit if person is not None else unit, person=person, form=form, issuer=issuer,
                       kind=kind, year=year, achievement=achievement)
    award.festival_event = _festival_event(actor, festival_event, award.unit)
    _clean(award)
    _validate_levels(rules, award)
    if not may_nominate(actor, award, rules):
        level = rules.workflow[rules.issuer(issuer).level]["nominate"]
        raise ValidationError(_proposed_by(level) % {"issuer": rules.issuer(issuer).name})
    if year > today.year:
        raise ValidationError({"year": _("The year of the achievement cannot be in the future.")})
    result = _check(rules, award, on_date=today)
    award.eligibility = result.as_dict()
    award.status, award.source = AwardStatus.NOMINATED, AwardSource.NOMINATED
    award.nominated_by, award.nominated_at = actor, timezone.now()
    award.save()
    audit_record(actor=actor, action="award.nominate", target=award, after=snapshot(award, FIELDS),
                 detail={"eligibility": award.eligibility, **_person_detail(award)})
    return award


def _locked(award: Award, *, seen_version: int | None, allowed: tuple[str, ...]) -> Award:
    return lock_for_step(Award, award.pk, seen_version=seen_version, allowed=allowed,
                         locked_status=AwardStatus.DECIDED, select_related=("unit",))


@transaction.atomic
def award_review(*, actor, award: Award, note: str = "", seen_version: int | None = None) -> Award:
    """The reviewing level checks the nomination (eligibility again) and sends it on to be decided."""
    award = _locked(award, seen_version=seen_version, allowed=(AwardStatus.NOMINATED,))
    if not can_review(actor, award):
        raise ValidationError(_("Only the reviewing level reviews this nomination."))
    before = snapshot(award, FIELDS)
    result = _check(current_rules(), award, on_date=timezone.localdate())
    award.status, award.review_note, award.reviewed_by = AwardStatus.REVIEWED, nfc(note or ""), actor
    award.eligibility = result.as_dict()
    return save_step(award, actor=actor, action="award.review", before=before, fields=FIELDS)


@transaction.atomic
def award_return(*, actor, award: Award, reason: str, seen_version: int | None = None) -> Award:
    """Send a nomination back to the nominating side, with the reason (the reviewing or deciding level)."""
    award = _locked(award, seen_version=seen_version, allowed=(AwardStatus.NOMINATED, AwardStatus.REVIEWED))
    if not (can_review(actor, award) or can_decide(actor, award)):
        raise ValidationError(_("Only the reviewing or deciding level returns this nomination."))
    reason = nfc(reason or "")
    if not reason:
        raise ValidationError({"reason": _("Give the reason for returning the nomination.")})
    before = snapshot(award, FIELDS)
    award.status, award.returned_reason = AwardStatus.RETURNED, reason
    return save_step(award, actor=actor, action="award.return", before=before, fields=FIELDS,
                     detail={"reason": reason})


@transaction.atomic
def award_resubmit(*, actor, award: Award, achievement: str | None = None,
                   seen_version: int | None = None) -> Award:
    """Send a returned nomination again, with its achievement amended (the nominating side)."""
    award = _locked(award, seen_version=seen_version, allowed=(AwardStatus.RETURNED,))
    if not may_nominate(actor, award):
        raise ValidationError(_("You may not nominate for this unit."))
    before = snapshot(award, FIELDS)
    if achievement is not None:
        award.achievement = nfc(achievement)
    award.eligibility = _check(current_rules(), award, on_date=timezone.localdate()).as_dict()
    award.status, award.returned_reason, award.review_note = AwardStatus.NOMINATED, "", ""
    return save_step(award, actor=actor, action="award.resubmit", before=before, fields=FIELDS)


def _decision(number: str, day: datetime.date | None, signer: str) -> tuple[str, datetime.date, str]:
    number, signer = nfc(number or ""), nfc(signer or "")
    errors = {}
    if not number:
        errors["decision_number"] = [_("Give the decision number.")]
    if day is None:
        errors["decision_date"] = [_("Give the decision date.")]
    elif day > timezone.localdate():
        errors["decision_date"] = [_("The decision date cannot be in the future.")]
    if not signer:
        errors["decision_signer"] = [_("Give who signed the decision.")]
    if errors:
        raise ValidationError(errors)
    return number, day, signer


@transaction.atomic
def award_decide(*, actor, award: Award, decision_number: str, decision_date: datetime.date | None,
                 decision_signer: str, seen_version: int | None = None) -> Award:
    """Decide a reviewed nomination (the issuer's level): the award is given and locked."""
    award = _locked(award, seen_version=seen_version, allowed=(AwardStatus.REVIEWED,))
    if not can_decide(actor, award):
        raise ValidationError(_("Only the deciding level decides this nomination."))
    number, day, signer = _decision(decision_number, decision_date, decision_signer)
    if award.person_id:
        # Two medals of one person decided at the same moment: the person's row serialises them.
        Person.objects.select_for_update().get(pk=award.person_id)
    before = snapshot(award, FIELDS)
    award.eligibility = _check(current_rules(), award, on_date=day).as_dict()
    award.status = AwardStatus.DECIDED
    award.decision_number, award.decision_date, award.decision_signer = number, day, signer
    award.decided_by, award.decided_at = actor, timezone.now()
    return save_step(award, actor=actor, action="award.decide", before=before, fields=FIELDS)


# --- past awards -------------------------------------------------------------------------------------


def _record(actor, rules: Rules, *, unit: Unit, person: Person | None, person_data: dict | None, form: str,
            issuer: str, kind: str, year: int, achievement: str, decision_number: str,
            decision_date: datetime.date | None, decision_signer: str, source: str) -> Award:
    if not can_record(actor, unit):
        raise ValidationError(_("Only an officer who decides for this unit records past awards."))
    number, day, signer = _decision(decision_number, decision_date, decision_signer)
    if person is None and person_data:
        person = _person(actor, unit, person_data)
    award = _new_award(unit=person.unit if person is not None else unit, person=person, form=form, issuer=issuer,
                       kind=kind, year=year, achievement=achievement)
    _clean(award)
    if year > day.year:
        raise ValidationError({"year": _("The year of the achievement cannot be after the decision.")})
    if person is not None:
        Person.objects.select_for_update().get(pk=person.pk)
    result = _check(rules, award, on_date=day, only=("issuer", "once_per_person"))
    award.eligibility = result.as_dict()
    award.status, award.source = AwardStatus.DECIDED, source
    award.decision_number, award.decision_date, award.decision_signer = number, day, signer
    award.decided_by, award.decided_at = actor, timezone.now()
    award.save()
    return award


@transaction.atomic
def award_record(*, actor, unit: Unit, form: str, issuer: str, kind: str, year: int, decision_number: str,
                 decision_date: datetime.date | None, decision_signer: str, achievement: str = "",
                 person: Person | None = None, person_data: dict | None = None) -> Award:
    """Enter an award decided earlier outside the system, as decided (needs `decide` on the unit)."""
    award = _record(actor, current_rules(), unit=unit, person=person, person_data=person_data, form=form,
                    issuer=issuer, kind=kind, year=year, achievement=achievement, decision_number=decision_number,
                    decision_date=decision_date, decision_signer=decision_signer, source=AwardSource.RECORDED)
    audit_record(actor=actor, action="award.record", target=award, after=snapshot(award, FIELDS),
                 detail=_person_detail(award))
    return award


@dataclass
class ImportResult:
    created: int
    errors: list[RowError]


class _RollBack(Exception):
    """Undo every row of an import that has a bad row."""


def _row_messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [m for messages in exc.message_dict.values() for m in messages]
    return exc.messages


@transaction.atomic
def awards_import(*, actor, area: Unit, data: bytes, file_name: str) -> ImportResult:
    """Record the past awards of a spreadsheet under `area`: every row, or none when any row is wrong."""
    from antq.commendations import sheets

    if not can_record(actor, area):
        raise ValidationError(_("Only an officer who decides for this area records past awards."))
    rows, errors = sheets.parse_file(actor=actor, area=area, data=data, file_name=file_name)
    if errors:
        return ImportResult(created=0, errors=errors)
    rules = current_rules()
    created: list[Award] = []
    try:
        with transaction.atomic():
            for number, values in rows:
                try:
                    with transaction.atomic():
                        created.append(_record(actor, rules, source=AwardSource.IMPORTED, **values))
                except ValidationError as exc:
                    errors.extend(RowError(number, "", message) for message in _row_messages(exc))
            if errors:
                raise _RollBack
    except _RollBack:
        return ImportResult(created=0, errors=errors)
    audit_record(actor=actor, action="award.import", target=area,
                 detail={"file": file_name, "created": len(created), "ids": [a.pk for a in created][:1000]})
    return ImportResult(created=len(created), errors=[])
